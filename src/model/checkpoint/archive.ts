// Opening a torch.save archive: find <top>/data.pkl (the top folder is named after the file, not always
// "archive"), read the byte order, and run the restricted unpickler. Tensors stay TensorRef until rebuilt.
import { CheckpointError } from './errors';
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
  if (input instanceof Uint8Array) return input.constructor === Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  throw new TypeError('checkpoint bytes must be a Uint8Array or an ArrayBuffer');
}

export function openCheckpoint(input: Uint8Array | ArrayBuffer): OpenedCheckpoint {
  const bytes = toBytes(input);
  const zip = openZip(bytes);
  const pkl = [...zip.entries.keys()].find((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (!pkl) {
    const some = [...zip.entries.keys()].slice(0, 5).map((n) => `'${n}'`).join(', ');
    throw new CheckpointError('missing-data-pkl', `not a PyTorch checkpoint: the zip has no <folder>/data.pkl record (it holds ${zip.entries.size} entries${some ? `: ${some}` : ''})`);
  }
  const top = pkl.slice(0, -'/data.pkl'.length);
  let littleEndian = true;
  const orderRecord = `${top}/byteorder`;
  if (zip.entries.has(orderRecord)) {
    const order = new TextDecoder().decode(zip.read(orderRecord)).trim();
    if (order !== 'little' && order !== 'big') throw new CheckpointError('bad-zip', `unknown byte order '${order.slice(0, 20)}' in ${orderRecord}`);
    littleEndian = order === 'little';
  }
  const root = unpickle(zip.read(pkl), torchHooks());
  return { root, rebuilder: new Rebuilder(zip, top, littleEndian, bytes.length) };
}
