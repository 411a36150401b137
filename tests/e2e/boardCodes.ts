// Class-board hand-over codes for the e2e tests and the screenshots: `n` plausible Quick-look results from a seeded
// generator (a class's mix of browsers, systems, backends and speeds), and hostile ones that the board must refuse,
// each with the words its refusal line must contain. Run: node --import tsx tests/e2e/boardCodes.ts 30 > codes.json
import { deflateSync, strToU8 } from 'fflate';
import { idsFromParam, PRESETS } from '../../src/components/profiler/state';
import { prng } from '../../src/lib/prng';
import { encodeHandover, handoverOf, MAX_TEXT } from '../../src/profiler/handover';

const UAS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/149.0.0.0 Mobile Safari/537.36',
];
/** Typical medians (ms) of the Quick look's graph cases on wasm, one thread (the site's own runs, rounded). */
const BASE: Record<string, number> = {
  'grapher/knn/7x7x256': 4.5,
  'grapher/svga-min/7x7x256': 4.2,
  'grapher/svga-rolls/7x7x256': 4.4,
  'grapher/knn/56x56x48': 26,
  'grapher/svga-min/56x56x48': 6.2,
  'grapher/svga-rolls/56x56x48': 84,
};
const BACKENDS = ['wasm', 'wasm', 'webgl', 'webgpu', 'cpu'];
const SPEED: Record<string, number> = { wasm: 1, webgl: 0.5, webgpu: 0.4, cpu: 6 };

export function goodCodes(n: number, seed = 7): string[] {
  const rnd = prng(seed);
  const ids = idsFromParam(PRESETS.quick.patterns);
  return Array.from({ length: n }, (_, i) => {
    const backend = BACKENDS[i % BACKENDS.length];
    const speed = (0.4 + rnd() * 1.6) * SPEED[backend];
    return encodeHandover(
      handoverOf({
        id: `class${String(i).padStart(3, '0')}s${seed}`,
        date: '2026-12-03T09:00:00Z',
        runtime: UAS[i % UAS.length],
        backend,
        threads: backend === 'wasm' ? 1 + (i % 4) : null,
        cores: [2, 4, 8, 12][i % 4],
        cases: ids.map((id) => {
          const m = (BASE[id] ?? 8 * (1 + rnd())) * speed * (0.8 + 0.4 * rnd());
          return { id, median_ms: m, p10_ms: m * 0.92, p90_ms: m * 1.15, samples_ms: Array(10).fill(m) };
        }),
      }),
    );
  });
}

/** A code around any JSON text (the encoder itself never writes these). */
function pack(json: string): string {
  const bytes = deflateSync(strToU8(json));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `VIGB1:${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

const wire = (median: string) =>
  `{"v":1,"id":"bad00001","t":"2026-12-03","d":{"br":"Chrome 150","os":"Linux","be":"wasm","th":1,"co":2},"c":[["grapher/knn/7x7x256",${median},1,2,10]]}`;

/** Codes the board must refuse, each with a pattern its refusal line matches. */
export function badCodes(): { what: string; code: string; says: string }[] {
  const good = goodCodes(1, 99)[0];
  return [
    { what: 'malformed', code: good.slice(0, 40), says: 'corrupt or cut' },
    { what: 'not a code', code: 'VIGB1:hello world!', says: 'not base64url' },
    { what: 'non-finite', code: pack(wire('1e999')), says: 'is not a finite number' },
    { what: 'oversized', code: `VIGB1:${'A'.repeat(MAX_TEXT + 10)}`, says: `more than ${MAX_TEXT}` },
    { what: 'deflate bomb', code: pack(' '.repeat(200_000)), says: 'unpacks to more than' },
    { what: 'newer format', code: 'VIGB7:abc', says: 'format 7' },
  ];
}

if (process.argv[2]) {
  const n = Number(process.argv[2]);
  process.stdout.write(JSON.stringify({ good: goodCodes(n), bad: badCodes() }));
}
