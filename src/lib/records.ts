// Measured numbers quoted in the text and their run records (docs/records/*.json, written by `npm run bench -- --json`
// and `npm run surgery -- --json`). A figure in a chapter is the record's value rounded to the digits the text
// shows; the chapter renders it with the record's conditions, and a unit test checks every quote against its record.
// Pure: the caller reads the JSON. Only the fields used here are typed (src/lib imports nothing above it).

interface RecordedCase {
  id: string;
  median_ms?: number;
  p10_ms?: number;
  p90_ms?: number;
  samples_ms?: number[];
}

/** The shape of a `npm run bench -- --browser --json` record, as far as quotes need it. */
export interface BenchRecord {
  browser: string;
  runs: Array<{
    env: {
      backend: string;
      tfjs: string;
      date: string;
      hardwareConcurrency: number | null;
      wasm?: { threads: number; simd: boolean };
    };
    settings: { reps?: number; minWarmup?: number; maxWarmup?: number; quick?: boolean };
    cases: RecordedCase[];
  }>;
}

/** True when `quoted` (as the text writes it, e.g. "84.5") is `value` rounded to the same number of decimals. */
export function quotes(value: number, quoted: string): boolean {
  if (!/^\d+(\.\d+)?$/.test(quoted) || !Number.isFinite(value)) return false;
  const decimals = quoted.includes('.') ? quoted.split('.')[1].length : 0;
  return value.toFixed(decimals) === quoted;
}

/** The one timed case `id` of a single-run record, or an Error that names what is wrong. */
export function recordedCase(rec: BenchRecord, id: string): Required<Pick<RecordedCase, 'median_ms'>> & RecordedCase {
  if (rec.runs.length !== 1) throw new Error(`a quoted record must hold one run, this one holds ${rec.runs.length}`);
  const c = rec.runs[0].cases.find((x) => x.id === id);
  if (!c) throw new Error(`the record has no case ${id}`);
  if (typeof c.median_ms !== 'number') throw new Error(`case ${id} was not timed in the record`);
  return { ...c, median_ms: c.median_ms };
}

/** "HeadlessChrome/150.0.0.0" → "headless Chromium 150"; anything else is returned as the record has it. */
function browserName(ua: string): string {
  const m = /(Headless)?Chrome\/(\d+)/.exec(ua);
  return m ? `${m[1] ? 'headless ' : ''}Chromium ${m[2]}` : ua;
}

/** One sentence of conditions: browser, backend and threads, cores, date, repetitions. */
export function recordConditions(rec: BenchRecord): string {
  const { env, settings } = rec.runs[0];
  const threads = env.wasm ? `, ${env.wasm.threads} thread${env.wasm.threads === 1 ? '' : 's'}` : '';
  const date = new Date(env.date).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  const cores = env.hardwareConcurrency ? `, ${env.hardwareConcurrency} cores` : '';
  return (
    `${browserName(rec.browser)}, ${env.backend} backend${threads}${cores}, tfjs ${env.tfjs}, ${date}; ` +
    `the median of ${settings.reps ?? '?'} timed runs per case after ${settings.minWarmup ?? 0}–${settings.maxWarmup ?? 0} warm-up runs`
  );
}

/** Hover text for one quoted case: median, p10–p90 and the number of samples. */
export function caseSpread(c: RecordedCase): string {
  const f = (v: number | undefined) => (typeof v === 'number' ? v.toFixed(2) : '?');
  return `median ${f(c.median_ms)} ms, p10–p90 ${f(c.p10_ms)}–${f(c.p90_ms)} ms over ${c.samples_ms?.length ?? '?'} runs`;
}
