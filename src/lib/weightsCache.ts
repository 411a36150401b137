// The reader's weights, kept in the browser (Cache API) so a reload neither downloads nor parses again.
// We store the *folded* weights (the converter's format: model.json + one buffer), not the .pth, because an
// official training checkpoint is mostly optimizer state (graph-spec §5.2) and folding it again costs time.
//
// Versioned: every entry lives in the cache named `vig-lab-weights-v<VERSION>`. Opening the store deletes our
// caches of any other version, so bumping VERSION (e.g. when the folded format changes) discards old entries.

export const CACHE_PREFIX = 'vig-lab-weights-v';
export const CACHE_VERSION = 1;

/** The parts of the Cache API used here, so tests can pass an in-memory fake. */
export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
  delete(request: string): Promise<boolean>;
  keys(): Promise<readonly { url: string }[]>;
}
export interface CacheStorageLike {
  keys(): Promise<string[]>;
  open(name: string): Promise<CacheLike>;
  delete(name: string): Promise<boolean>;
}

export interface CachedWeightsMeta {
  /** 'url:<address>' or 'file:<name>:<size>' */
  id: string;
  /** what the reader sees: a file name or an address */
  label: string;
  arch: string;
  origin: 'url' | 'file';
  /** which part of the checkpoint held the weights: state_dict, state_dict_ema, model, raw */
  source: string;
  /** bytes of the folded weights */
  bytes: number;
  /** ms since epoch: when last loaded (the newest is restored on the next visit) */
  usedAt: number;
}

export interface CachedWeights {
  meta: CachedWeightsMeta;
  /** the converter's model.json */
  modelJson: unknown;
  weights: Uint8Array;
}

// Cache keys must be URLs; these are never fetched, only used as names inside our own cache.
const BASE = 'https://vig-lab.invalid/weights/';
const metaKey = (id: string) => `${BASE}${encodeURIComponent(id)}/meta.json`;
const binKey = (id: string) => `${BASE}${encodeURIComponent(id)}/weights.bin`;

/** The browser's CacheStorage, or null where there is none (insecure origins, Node). */
export const browserCaches = (): CacheStorageLike | null =>
  (globalThis as { caches?: CacheStorageLike }).caches ?? null;

export const cacheName = (version = CACHE_VERSION): string => `${CACHE_PREFIX}${version}`;

export class WeightsCache {
  private constructor(private readonly cache: CacheLike) {}

  /**
   * Opens this version's cache and deletes our caches of other versions. Returns null when the browser has no
   * Cache API (insecure origin, some private modes), so callers can carry on without caching.
   */
  static async open(
    storage: CacheStorageLike | null = browserCaches(),
    version = CACHE_VERSION,
  ): Promise<WeightsCache | null> {
    if (!storage) return null;
    try {
      const current = cacheName(version);
      for (const name of await storage.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== current) await storage.delete(name);
      }
      return new WeightsCache(await storage.open(current));
    } catch {
      return null; // e.g. SecurityError: storage blocked; the page works without the cache
    }
  }

  async put(entry: CachedWeights): Promise<void> {
    const { meta, modelJson, weights } = entry;
    // Weights first: a meta entry without its weights would list something we cannot load.
    await this.cache.put(
      binKey(meta.id),
      new Response(weights as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'application/octet-stream' } }),
    );
    await this.cache.put(metaKey(meta.id), Response.json({ meta, modelJson }));
  }

  async get(id: string): Promise<CachedWeights | null> {
    const m = await this.cache.match(metaKey(id));
    const b = await this.cache.match(binKey(id));
    if (!m || !b) return null;
    const { meta, modelJson } = (await m.json()) as { meta: CachedWeightsMeta; modelJson: unknown };
    return { meta, modelJson, weights: new Uint8Array(await b.arrayBuffer()) };
  }

  /** Marks an entry as just used (so it is the one restored next time). */
  async touch(id: string, now = Date.now()): Promise<void> {
    const m = await this.cache.match(metaKey(id));
    if (!m) return;
    const body = (await m.json()) as { meta: CachedWeightsMeta; modelJson: unknown };
    body.meta.usedAt = now;
    await this.cache.put(metaKey(id), Response.json(body));
  }

  /** Every entry's description, most recently used first. */
  async list(): Promise<CachedWeightsMeta[]> {
    const out: CachedWeightsMeta[] = [];
    for (const req of await this.cache.keys()) {
      if (!req.url.endsWith('/meta.json')) continue;
      const r = await this.cache.match(req.url);
      if (r) out.push(((await r.json()) as { meta: CachedWeightsMeta }).meta);
    }
    return out.sort((a, b) => b.usedAt - a.usedAt);
  }

  async delete(id: string): Promise<void> {
    await this.cache.delete(metaKey(id));
    await this.cache.delete(binKey(id));
  }
}
