// Download with progress (streamed, against Content-Length) and cancellation, with messages that name the problem.
import { mb } from './units';

export interface Progress {
  loaded: number;
  /** from Content-Length; null when the server does not say */
  total: number | null;
}

export class DownloadError extends Error {
  constructor(
    message: string,
    readonly kind: 'http' | 'network' | 'truncated' | 'cancelled' | 'too-large',
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface FetchOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** refuse bodies larger than this (bytes) before allocating them */
  maxBytes?: number;
}

export async function fetchWithProgress(url: string, opts: FetchOptions = {}): Promise<ArrayBuffer> {
  const { signal, onProgress, maxBytes = 2 ** 31 - 1 } = opts;
  let res: Response;
  try {
    res = await fetch(url, { signal, mode: 'cors', credentials: 'omit' });
  } catch (e) {
    if (signal?.aborted) throw new DownloadError('Download cancelled.', 'cancelled');
    throw new DownloadError(
      `Could not download ${url}: the server could not be reached, or it does not let other sites read the file (it needs CORS headers). ${(e as Error).message}`,
      'network',
    );
  }
  if (!res.ok) {
    throw new DownloadError(
      `The server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''} for ${url}${res.status === 404 ? ': no file at that address' : ''}.`,
      'http',
    );
  }
  const header = res.headers.get('Content-Length');
  const length = header !== null && /^\d+$/.test(header) ? Number(header) : null;
  if (length !== null && length > maxBytes)
    throw new DownloadError(`${url} is ${mb(length)}, more than the ${mb(maxBytes)} this page accepts.`, 'too-large');
  // Sent compressed (gzip, br), Content-Length counts the compressed bytes, not those the stream yields: it is then
  // neither a progress total nor a length to check against.
  const encoding = res.headers.get('Content-Encoding')?.trim().toLowerCase();
  const total = encoding && encoding !== 'identity' ? null : length;
  onProgress?.({ loaded: 0, total });
  if (!res.body) return res.arrayBuffer();

  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      if (loaded > maxBytes)
        throw new DownloadError(`${url} is larger than the ${mb(maxBytes)} this page accepts.`, 'too-large');
      onProgress?.({ loaded, total });
    }
  } catch (e) {
    if (e instanceof DownloadError) throw e;
    if (signal?.aborted) throw new DownloadError('Download cancelled.', 'cancelled');
    const of = total !== null ? ` of ${mb(total)}` : '';
    throw new DownloadError(
      `The download of ${url} broke off after ${mb(loaded)}${of} (${(e as Error).message}). Try again.`,
      'truncated',
    );
  }
  // Fewer bytes than announced is a cut-off download. More can only be a compressed body whose Content-Encoding a
  // cross-origin server did not expose to the page: not an error.
  if (total !== null && loaded < total) {
    throw new DownloadError(`The download of ${url} ended early: ${loaded} of ${total} bytes arrived.`, 'truncated');
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}
