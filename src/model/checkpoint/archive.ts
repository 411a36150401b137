// Opening a torch.save archive: find <top>/data.pkl (the top folder is named after the file, not always
// "archive"), read the byte order, and run the restricted unpickler. Tensors stay TensorRef until rebuilt.
// One expansion budget, sized from the file, is shared by the zip reader and the tensor rebuild.
import { quote } from '../../lib/safeText';
import { ExpansionBudget } from './budget';
import { CheckpointError } from './errors';
import { expansionLimit, PICKLE_LIMITS } from './limits';
import { unpickle } from './pickle';
import { Rebuilder } from './rebuild';
import { torchHooks } from './torch';
import { openZip } from './zip';

export interface OpenedCheckpoint {
  /** The unpickled object graph, with TensorRef where tensors are. */
  root: unknown;
  rebuilder: Rebuilder;
}

export function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  // A Node Buffer is a Uint8Array whose slice() does not copy; look at it as a plain Uint8Array.
  if (input instanceof Uint8Array)
    return input.constructor === Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  throw new TypeError('checkpoint bytes must be a Uint8Array or an ArrayBuffer');
}

export function openCheckpoint(input: Uint8Array | ArrayBuffer): OpenedCheckpoint {
  const bytes = toBytes(input);
  const budget = new ExpansionBudget(expansionLimit(bytes.length));
  const zip = openZip(bytes, budget);
  const pkl = [...zip.entries.keys()].find((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (!pkl) {
    const some = [...zip.entries.keys()]
      .slice(0, 5)
      .map((n) => quote(n))
      .join(', ');
    throw new CheckpointError(
      'missing-data-pkl',
      `not a PyTorch checkpoint: the zip has no <folder>/data.pkl record (it holds ${zip.entries.size} entries${some ? `: ${some}` : ''})`,
    );
  }
  const pklSize = zip.entries.get(pkl)!.size;
  if (pklSize > PICKLE_LIMITS.maxPickleBytes) {
    throw new CheckpointError(
      'too-large',
      `${quote(pkl)} declares ${pklSize} bytes; the pickle of a state dict is far smaller, so at most ${PICKLE_LIMITS.maxPickleBytes} are read`,
    );
  }
  const top = pkl.slice(0, -'/data.pkl'.length);
  let littleEndian = true;
  const orderRecord = `${top}/byteorder`;
  if (zip.entries.has(orderRecord)) {
    const order = new TextDecoder().decode(zip.read(orderRecord).bytes.subarray(0, 64)).trim();
    if (order !== 'little' && order !== 'big')
      throw new CheckpointError('bad-zip', `unknown byte order ${quote(order, 20)} in ${quote(orderRecord)}`);
    littleEndian = order === 'little';
  }
  const root = unpickle(zip.read(pkl).bytes, torchHooks());
  return { root, rebuilder: new Rebuilder(zip, top, littleEndian, budget) };
}
