// npm run convert: reads a PyTorch checkpoint (official MobileViG, Pyramid ViG, torchvision MobileNetV2, or our nano models), checks
// every key and shape, folds every BatchNorm and writes TF.js's weights format (model.json + shards ≤ 4 MB).
// The site loads public/models/<arch>/model.json by itself when it exists at build time.
import { basename } from 'node:path';
import { readStateDictFromPath } from '../src/model/checkpoint/node';
import type { StateDictSource } from '../src/model/checkpoint/types';
import { ARCHS, detectArch, foldWeights } from '../src/model/archs';
import { encodeFolded } from '../src/model/convert/encode';
import { writeConvertedFolder } from '../src/model/convert/node';
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
  const prefer: StateDictSource | undefined = f.source;

  const loaded = readStateDictFromPath(f.weights, prefer ? { prefer } : undefined);
  const detected = detectArch(loaded.stateDict);
  const arch = f.arch ?? detected;
  if (!arch) throw new Error(`could not tell the architecture from the keys; pass --arch (one of ${ARCHS.join(', ')})`);
  if (detected && detected !== arch)
    console.error(`warning: the keys look like ${detected}, not ${arch}; the check below will say what differs`);

  const params = foldWeights(arch, loaded.stateDict);
  const enc = encodeFolded(params, arch, {
    file: basename(f.weights),
    stateDict: loaded.source,
    convertedBy: 'scripts/convert.ts',
  });
  const files = writeConvertedFolder(f.out, enc);
  const bytes = enc.shards.reduce((s, b) => s + b.byteLength, 0);
  console.error(
    `read ${f.weights}: '${loaded.source}' state dict${loaded.strippedPrefix ? ' (module. prefix removed)' : ''}, ${loaded.stateDict.size} entries`,
  );
  console.log(
    `wrote ${arch}: ${params.size} folded tensors, ${(bytes / 1e6).toFixed(2)} MB in ${enc.shards.length} shard(s) → ${files[0]}`,
  );
});
