// The live worker's model holder (src/worker/liveModels.ts): the image it keeps is prepared once per input kind and
// says whether this call prepared it; without an image (a fresh worker after a thread-count change) it refuses with
// its own message instead of failing on a null (issue Q item 3(a)).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel, useBackend } from '../../src/model';
import { LiveModels } from '../../src/worker/liveModels';

describe('LiveModels.prepared', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('refuses without an image, then prepares once per input kind', async () => {
    const ms = new LiveModels('', 1, '');
    const nano = await loadModel('mobilevig_nano');
    const ti = await loadModel('mobilevig_ti');
    try {
      expect(() => ms.prepared(nano)).toThrow(/^choose an image first/);
      const rgba = new Uint8ClampedArray(64 * 48 * 4).fill(200);
      ms.setImage({ rgba, width: 64, height: 48 });
      const a = ms.prepared(nano);
      expect(a.fresh).toBe(true);
      expect(a.input.shape).toEqual([1, 56, 56, 3]);
      const b = ms.prepared(nano);
      expect(b).toEqual({ input: a.input, fresh: false }); // the same object, not prepared again
      const c = ms.prepared(ti); // another input kind: prepared on its own
      expect(c.fresh).toBe(true);
      expect(c.input.shape).toEqual([1, 224, 224, 3]);
    } finally {
      nano.dispose();
      ti.dispose();
    }
  });
});
