// The weights cache against an in-memory Cache API: entries survive a re-open of the same version, a new version
// discards every old entry (and leaves other sites' caches alone), and a missing Cache API gives null, not a throw.
import { describe, expect, it } from 'vitest';
import {
  CACHE_VERSION,
  WeightsCache,
  cacheName,
  type CacheLike,
  type CacheStorageLike,
  type CachedWeights,
} from '../../src/lib/weightsCache';

/** Cache API semantics that matter here: named caches, put/match by URL, responses readable once (we clone). */
class FakeCache implements CacheLike {
  readonly store = new Map<string, Response>();
  async match(req: string) {
    return this.store.get(req)?.clone();
  }
  async put(req: string, res: Response) {
    this.store.set(req, res.clone());
  }
  async delete(req: string) {
    return this.store.delete(req);
  }
  async keys() {
    return [...this.store.keys()].map((url) => ({ url }));
  }
}
class FakeStorage implements CacheStorageLike {
  readonly caches = new Map<string, FakeCache>();
  async keys() {
    return [...this.caches.keys()];
  }
  async open(name: string) {
    if (!this.caches.has(name)) this.caches.set(name, new FakeCache());
    return this.caches.get(name)!;
  }
  async delete(name: string) {
    return this.caches.delete(name);
  }
}

function entry(id: string, usedAt: number, bytes = [1, 2, 3, 4]): CachedWeights {
  return {
    meta: { id, label: id, arch: 'mobilevig_micro', origin: 'url', source: 'model', bytes: bytes.length, usedAt },
    modelJson: { format: 'vig-lab-folded-weights', arch: 'mobilevig_micro' },
    weights: new Uint8Array(bytes),
  };
}

describe('WeightsCache', () => {
  it('stores, lists (newest first), reads back the bytes, touches and deletes', async () => {
    const storage = new FakeStorage();
    const c = (await WeightsCache.open(storage))!;
    await c.put(entry('url:a', 10, [9, 8, 7]));
    await c.put(entry('file:b.pth:3', 20));
    expect((await c.list()).map((m) => m.id)).toEqual(['file:b.pth:3', 'url:a']);
    const got = await c.get('url:a');
    expect([...got!.weights]).toEqual([9, 8, 7]);
    expect(got!.modelJson).toEqual({ format: 'vig-lab-folded-weights', arch: 'mobilevig_micro' });
    await c.touch('url:a', 30);
    expect((await c.list()).map((m) => m.id)).toEqual(['url:a', 'file:b.pth:3']);
    await c.delete('url:a');
    expect(await c.get('url:a')).toBeNull();
    expect((await c.list()).map((m) => m.id)).toEqual(['file:b.pth:3']);
  });

  it('keeps entries when the same version is opened again (a reload)', async () => {
    const storage = new FakeStorage();
    await (await WeightsCache.open(storage))!.put(entry('url:a', 1));
    const again = (await WeightsCache.open(storage))!;
    expect((await again.list()).map((m) => m.id)).toEqual(['url:a']);
  });

  it('bumping the version discards every older entry but not other caches', async () => {
    const storage = new FakeStorage();
    await storage.open('someone-else');
    const v1 = (await WeightsCache.open(storage, CACHE_VERSION))!;
    await v1.put(entry('url:a', 1));
    await v1.put(entry('url:b', 2));
    expect(await storage.keys()).toContain(cacheName(CACHE_VERSION));

    const v2 = (await WeightsCache.open(storage, CACHE_VERSION + 1))!;
    expect(await v2.list()).toEqual([]);
    expect(await v2.get('url:a')).toBeNull();
    expect((await storage.keys()).sort()).toEqual([cacheName(CACHE_VERSION + 1), 'someone-else'].sort());

    // Going back to the old version does not resurrect anything either: the bump deleted it.
    const back = (await WeightsCache.open(storage, CACHE_VERSION))!;
    expect(await back.list()).toEqual([]);
  });

  it('a meta entry whose weights are gone reads as absent', async () => {
    const storage = new FakeStorage();
    const c = (await WeightsCache.open(storage))!;
    await c.put(entry('url:a', 1));
    const raw = storage.caches.get(cacheName())!;
    for (const k of [...raw.store.keys()]) if (k.endsWith('weights.bin')) raw.store.delete(k);
    expect(await c.get('url:a')).toBeNull();
  });

  it('no Cache API, or a blocked one, gives null', async () => {
    expect(await WeightsCache.open(null)).toBeNull();
    const blocked: CacheStorageLike = {
      keys: () => Promise.reject(new DOMException('denied', 'SecurityError')),
      open: () => Promise.reject(new Error('unreachable')),
      delete: () => Promise.resolve(false),
    };
    expect(await WeightsCache.open(blocked)).toBeNull();
  });
});
