// npm run convert: reads a PyTorch checkpoint (official MobileViG, Pyramid ViG, torchvision MobileNetV2, or our nano
// models), checks every key and shape, folds every BatchNorm and writes TF.js's weights format (model.json + shards
// ≤ 4 MB). The site loads public/models/<arch>/model.json by itself when it exists at build time.
import { basename } from 'node:path';
import { ARCHS, encodeWeights, resolveWeights } from '../src/model';
import { readCheckpointFile, writeConvertedFolder } from '../src/model/node';
import { defineCli, UsageError } from './lib/cli.mjs';

const SOURCES = ['state_dict', 'state_dict_ema', 'model', 'raw'] as const;

const cli = defineCli({
  command: 'npm run convert --',
  summary:
    'Converts a PyTorch checkpoint (official MobileViG, Pyramid ViG, torchvision MobileNetV2, or our nano models) into ' +
    'TF.js’s weights format: every key and shape is checked, every BatchNorm folded into its convolution, and only ' +
    'the model weights are kept (no optimizer state), as model.json plus weight shards of at most 4 MB. The site ' +
    'loads public/models/<arch>/model.json by itself when it exists at build time.',
  options: {
    weights: { type: 'string', arg: 'FILE', help: 'the checkpoint (.pth / .pth.tar); required' },
    out: { type: 'string', arg: 'DIR', help: 'the folder to write model.json and its shards into; required' },
    arch: { type: 'enum', values: ARCHS, help: 'the architecture.', defaultText: 'found from the keys and shapes' },
    source: {
      type: 'enum',
      values: SOURCES,
      arg: 'NAME',
      help: `which part of the file holds the weights (${SOURCES.join(', ')}).`,
      defaultText: 'the first of state_dict, state_dict_ema, model that the file holds, else the file itself',
    },
  },
  examples: [
    [
      'npm run convert -- --weights MobileViG_Ti.pth.tar --out public/models/mobilevig_ti',
      'official Ti weights for the site',
    ],
    [
      'npm run convert -- --weights ckpt.pth.tar --source state_dict --out tmp/plain',
      'the plain weights rather than the EMA ones',
    ],
  ],
});

void cli.main(async (f) => {
  if (!f.weights || !f.out) throw new UsageError('--weights FILE and --out DIR are both required');
  const { arch, params, info } = resolveWeights(f.arch ?? 'detect', readCheckpointFile(f.weights), {
    source: f.source,
  });
  const enc = encodeWeights(params, arch, {
    file: basename(f.weights),
    stateDict: info.source,
    convertedBy: 'scripts/convert.ts',
  });
  const files = writeConvertedFolder(f.out, enc);
  const bytes = enc.shards.reduce((s, b) => s + b.byteLength, 0);
  console.error(
    `read ${f.weights}: '${info.source}' state dict${info.strippedPrefix ? ' (module. prefix removed)' : ''}, ${info.tensors} entries`,
  );
  console.log(
    `wrote ${arch}: ${params.size} folded tensors, ${(bytes / 1e6).toFixed(2)} MB in ${enc.shards.length} shard(s) → ${files[0]}`,
  );
});
