// Case id → tfjs builder. Imports every model, so it belongs in the worker / CLI, never in the page bundle.
import type { CaseInfo } from '../cases';
import { buildGrapher } from './graphers';
import { buildCheckpoint, buildConv1x1, buildPeak } from './misc';
import { buildModel } from './models';
import type { BuildContext, BuildResult } from './types';

export type { BuildContext, BuildResult, BuiltCase, Phase } from './types';

export async function buildCase(info: CaseInfo, ctx: BuildContext = {}): Promise<BuildResult> {
  if (info.unavailable) return { unavailable: info.unavailable };
  switch (info.group) {
    case 'model':
      return buildModel(info.id.slice('model/'.length));
    case 'op':
      return info.conv1x1 ? buildConv1x1(info) : buildGrapher(info);
    case 'grapher':
    case 'sweep':
      return buildGrapher(info);
    case 'peak':
      return buildPeak();
    case 'checkpoint':
      return buildCheckpoint(ctx);
  }
}
