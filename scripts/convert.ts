// npm run convert -- --weights X.pth.tar --out public/models/mobilevig_ti [--arch NAME] [--source state_dict|state_dict_ema|model|raw]
// Reads a PyTorch checkpoint (official MobileViG, Pyramid ViG, torchvision MobileNetV2, or our nano models), checks
// every key and shape, folds every BatchNorm and writes TF.js's weights format (model.json + shards ≤ 4 MB).
// The site loads public/models/<arch>/model.json by itself when it exists at build time.
import { basename } from 'node:path';
import { readStateDictFromPath } from '../src/model/checkpoint/node';
import type { StateDictSource } from '../src/model/checkpoint/types';
import { ARCHS, detectArch, foldWeights, isArch } from '../src/model/archs';
import { encodeFolded } from '../src/model/convert/encode';
import { writeConvertedFolder } from '../src/model/convert/node';
import { main, parseFlags } from './lib/args';

const USAGE =
  'usage: npm run convert -- --weights FILE.pth[.tar] --out DIR [--arch NAME] [--source state_dict|state_dict_ema|model|raw]';
const SOURCES = ['state_dict', 'state_dict_ema', 'model', 'raw'] as const;

void main(async () => {
  const f = parseFlags(process.argv.slice(2), {
    arch: 'string',
    weights: 'string',
    out: 'string',
    source: { type: 'enum', values: SOURCES },
    help: 'boolean',
  });
  if (f.help) {
    console.log(USAGE);
    return;
  }
  if (!f.weights || !f.out) throw new Error(`--weights and --out are required\n${USAGE}`);
  const prefer: StateDictSource | undefined = f.source;

  const loaded = readStateDictFromPath(f.weights, prefer ? { prefer } : undefined);
  const detected = detectArch(loaded.stateDict);
  const arch = f.arch ?? detected;
  if (!arch) throw new Error(`could not tell the architecture from the keys; pass --arch (one of ${ARCHS.join(', ')})`);
  if (!isArch(arch)) throw new Error(`unknown --arch '${arch}' (known: ${ARCHS.join(', ')})`);
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
