// Which model and tap each feature source of the graph explainer reads, and the models themselves, loaded once per
// worker: the nano models with their shipped trained weights; MobileViG-Ti with the weights the reader loaded on the
// live page, else the converted weights this build serves, else seeded random weights.
import { WeightsCache } from '../lib/weightsCache';
import { graphsOf, loadModel, type Arch, type VisionModel } from '../model';
import type { FeatureSource } from './featuresProtocol';
import { fetchBytes } from './featureImages';

/** URL prefixes of the shipped nano models and of converted weights, and the archs this build serves converted. */
export interface ModelPaths {
  nanoPath: string;
  modelsPath: string;
  converted: string[];
}

/** The first Grapher of each stage of a Pyramid ViG: its fc1 output is the map that stage's KNN runs on. */
const firstGraphers = (arch: 'pvig_ti' | 'pvig_nano') => {
  const first = new Map<number, string>();
  for (const g of graphsOf(arch)) if (!first.has(g.side)) first.set(g.side, `${g.path}.fc1`);
  return [...first.values()];
};
const PVIG_TI = firstGraphers('pvig_ti'); // stage 1 (56²) … stage 4 (7²)
const PVIG_NANO = firstGraphers('pvig_nano'); // stage 1 (14²), stage 2 (7²)

/** Which model and which taps a source reads; one forward pass fills every source of the same model. */
export const SOURCES: Record<
  Exclude<FeatureSource, 'random'>,
  { arch: Arch; taps: { source: FeatureSource; tap: string; label: string }[] }
> = {
  mobilevig: {
    arch: 'mobilevig_ti',
    taps: [{ source: 'mobilevig', tap: 'backbone.0.0.fc1', label: 'MobileViG-Ti fc1 of its first SVGA block' }],
  },
  pvig1: {
    arch: 'pvig_ti',
    taps: PVIG_TI.map((tap, i) => ({
      source: `pvig${i + 1}` as FeatureSource,
      tap,
      label: `Pyramid ViG-Ti stage ${i + 1} fc1`,
    })),
  },
  pvig2: { arch: 'pvig_ti', taps: [] },
  pvig3: { arch: 'pvig_ti', taps: [] },
  pvig4: { arch: 'pvig_ti', taps: [] },
  'nano-mobilevig': {
    arch: 'mobilevig_nano',
    taps: [{ source: 'nano-mobilevig', tap: 'backbone.0.0.fc1', label: 'MobileViG-Nano fc1 of its first SVGA block' }],
  },
  'nano-vig1': {
    arch: 'pvig_nano',
    taps: PVIG_NANO.map((tap, i) => ({
      source: `nano-vig${i + 1}` as FeatureSource,
      tap,
      label: `ViG-Nano stage ${i + 1} fc1`,
    })),
  },
  'nano-vig2': { arch: 'pvig_nano', taps: [] },
};
export const sourceOf = (s: FeatureSource) =>
  SOURCES[(s.startsWith('pvig') ? 'pvig1' : s.startsWith('nano-vig') ? 'nano-vig1' : s) as keyof typeof SOURCES];

const models = new Map<Arch, Promise<{ model: VisionModel; label: string | null }>>();

/**
 * The model behind a source: the nano models with their shipped trained weights; MobileViG-Ti with the weights
 * the reader loaded on the live page (kept folded in this browser's Cache API; read only), else seeded random.
 */
export function modelFor(
  arch: Arch,
  paths: ModelPaths,
  progress: (m: string) => void,
): Promise<{ model: VisionModel; label: string | null }> {
  let p = models.get(arch);
  if (!p) {
    p = (async () => {
      if (arch === 'mobilevig_nano' || arch === 'pvig_nano') {
        progress(`Loading the trained ${arch} weights…`);
        const file = `${paths.nanoPath}${arch}/model.pth`;
        return {
          model: await loadModel(arch, { weights: await fetchBytes(file, `the ${arch} weights`) }),
          label: `${arch}/model.pth, trained on Fashion-MNIST and shipped with this site`,
        };
      }
      if (arch === 'mobilevig_ti') {
        try {
          const cache = await WeightsCache.open();
          const entry = cache ? (await cache.list()).find((m) => m.arch === 'mobilevig_ti') : undefined;
          const hit = entry ? await cache!.get(entry.id) : null;
          if (entry && hit) {
            progress(`Loading MobileViG-Ti weights from this browser's cache (${entry.label})…`);
            return {
              model: await loadModel(arch, {
                weights: { converted: { modelJson: hit.modelJson, shards: [hit.weights] } },
              }),
              label: `the MobileViG-Ti weights you loaded on the live page (${entry.label})`,
            };
          }
        } catch {
          // a broken or blocked cache is no reason to stop: the server's weights or random ones still show the mechanics
        }
        if (paths.converted.includes(arch)) {
          progress(`Loading the converted ${arch} weights this site serves…`);
          const base = `${paths.modelsPath}${arch}/`;
          const modelJson = JSON.parse(
            new TextDecoder().decode(await fetchBytes(`${base}model.json`, 'the converted weights')),
          );
          const shards = await Promise.all(
            ((modelJson.weightsManifest?.[0]?.paths ?? []) as string[]).map((p) =>
              fetchBytes(base + p, 'a weights shard'),
            ),
          );
          return {
            model: await loadModel(arch, { weights: { converted: { modelJson, shards } } }),
            label: `the ImageNet MobileViG-Ti weights this site serves (${base}, converted by npm run convert)`,
          };
        }
      }
      progress(`Building ${arch} (seeded random weights)…`);
      return { model: await loadModel(arch), label: null };
    })();
    p.catch(() => models.delete(arch));
    models.set(arch, p);
  }
  return p;
}
