// The class board's hand-over format: what one student's profiler run gives the lecturer's /lab/board/, small
// enough for one QR code. Only what the board plots: the device (browser, OS, backend, threads, cores, GPU) and, per
// case, the median with the 10th and 90th percentiles and the number of timed runs. Versioned; case ids are kept as
// the profiler writes them, so a newer site's cases (rows this build does not know) travel and are shown, not lost.
//
// Text form: `VIGB<version>:` + base64url(raw deflate(UTF-8 JSON)). Everything read back is untrusted input: sizes
// are capped before decoding and inflating, the JSON is checked field by field, and every refusal is one line.
// Pure: no DOM, no tfjs (works in the page, a worker and Node).
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { escapeControls, quote } from '../lib/safeText';

export const HANDOVER_VERSION = 1;
export const HANDOVER_PREFIX = 'VIGB';
/** Longest hand-over text read (a QR code holds at most 2,953 bytes). */
export const MAX_TEXT = 4000;
/** Largest inflated JSON accepted (a full Quick look is about 1 kB). */
const MAX_JSON = 32_000;
const MAX_CASES = 200;
const MAX_MS = 1e7;
const ID_RE = /^[a-z0-9]{4,24}$/;
const CASE_RE = /^[A-Za-z0-9][A-Za-z0-9_.:/+×-]{0,79}$/;

export interface HandoverDevice {
  /** 'Chrome 150', 'Firefox 133', or 'Node v20.19.0' */
  browser: string;
  /** 'Linux', 'Windows', 'macOS', 'Android', 'iOS', … */
  os: string;
  backend: string;
  /** wasm threads; null on other backends */
  threads: number | null;
  cores: number | null;
  /** WebGL renderer or WebGPU adapter, when the run reported one */
  gpu: string | null;
}

export interface HandoverCase {
  id: string;
  median: number;
  p10: number;
  p90: number;
  /** timed runs behind the median */
  n: number;
}

export interface Handover {
  v: number;
  /** one per profiler run: the same run handed over twice is the same result */
  id: string;
  /** day of the run, YYYY-MM-DD */
  date: string;
  device: HandoverDevice;
  cases: HandoverCase[];
}

export class HandoverError extends Error {}

/** Three significant digits: enough to plot, and far shorter in a QR code than a full double. */
const sig3 = (x: number) => Number(x.toPrecision(3));

/** A short browser and OS name from a user-agent string (Edge, Opera and Samsung before Chrome, which they contain). */
export function describeUserAgent(ua: string): { browser: string; os: string } {
  const pick = (pairs: [RegExp, string][]) => {
    for (const [re, name] of pairs) {
      const m = re.exec(ua);
      if (m) return m[1] ? `${name} ${m[1]}` : name;
    }
    return null;
  };
  const browser =
    pick([
      [/Node (v\d+\.\d+\.\d+)/, 'Node'],
      [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
      [/OPR\/(\d+)/, 'Opera'],
      [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
      [/Firefox\/(\d+)/, 'Firefox'],
      [/FxiOS\/(\d+)/, 'Firefox'],
      [/CriOS\/(\d+)/, 'Chrome'],
      [/HeadlessChrome\/(\d+)/, 'Headless Chrome'],
      [/Chrome\/(\d+)/, 'Chrome'],
      [/Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
    ]) ?? 'unknown browser';
  // the first match wins: Android before Linux, iPhone before "like Mac OS X", ChromeOS before Linux
  const systems: [RegExp, string][] = [
    [/android/i, 'Android'],
    [/iphone|ipod/i, 'iOS'],
    [/ipad/i, 'iPadOS'],
    [/cros/i, 'ChromeOS'],
    [/windows|win32|win64/i, 'Windows'],
    [/mac os x|macintosh|darwin/i, 'macOS'],
    [/linux/i, 'Linux'],
  ];
  const os = systems.find(([re]) => re.test(ua))?.[1] ?? 'unknown OS';
  return { browser, os };
}

/** A random hand-over id (base 36). */
export function newHandoverId(random: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += Math.floor(random() * 36).toString(36);
  return s;
}

/** What a profiler run hands over: every measured case, rounded; skipped cases are left out. */
export interface RunForHandover {
  id: string;
  date: string;
  runtime: string;
  backend: string;
  threads: number | null;
  cores: number | null;
  gpu?: string;
  cases: { id: string; median_ms: number; p10_ms: number; p90_ms: number; samples_ms: number[] }[];
}

export function handoverOf(run: RunForHandover): Handover {
  const { browser, os } = describeUserAgent(run.runtime);
  return {
    v: HANDOVER_VERSION,
    id: run.id,
    date: run.date.slice(0, 10),
    device: {
      browser,
      os,
      backend: run.backend,
      threads: run.threads,
      cores: run.cores,
      gpu: run.gpu ? run.gpu.slice(0, 80) : null,
    },
    cases: run.cases.map((c) => ({
      id: c.id,
      median: sig3(c.median_ms),
      p10: sig3(c.p10_ms),
      p90: sig3(c.p90_ms),
      n: c.samples_ms.length,
    })),
  };
}

// --- text form ----------------------------------------------------------------------------------------------

/** The wire JSON: short keys, rows as arrays (the QR code's size is the budget). */
interface Wire {
  v: number;
  id: string;
  t: string;
  d: { br: string; os: string; be: string; th: number | null; co: number | null; gpu?: string };
  c: [string, number, number, number, number][];
}

const toWire = (h: Handover): Wire => ({
  v: h.v,
  id: h.id,
  t: h.date,
  d: {
    br: h.device.browser,
    os: h.device.os,
    be: h.device.backend,
    th: h.device.threads,
    co: h.device.cores,
    ...(h.device.gpu ? { gpu: h.device.gpu } : {}),
  },
  c: h.cases.map((c) => [c.id, c.median, c.p10, c.p90, c.n]),
});

function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new HandoverError('it contains characters that are not base64url');
  let bin: string;
  try {
    bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  } catch {
    throw new HandoverError('its base64url part is cut or malformed');
  }
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The hand-over as one line of text (for a QR code, a copy and paste, or a file). */
export function encodeHandover(h: Handover): string {
  const json = JSON.stringify(toWire(h));
  return `${HANDOVER_PREFIX}${h.v}:${base64url(deflateSync(strToU8(json), { level: 9 }))}`;
}

/** Inflate at most `cap` bytes: a small code cannot unpack into a large allocation. */
function inflateCapped(bytes: Uint8Array, cap: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > cap) throw new HandoverError(`it unpacks to more than ${cap} bytes`);
    chunks.push(chunk);
  });
  try {
    inflater.push(bytes, true);
  } catch (e) {
    if (e instanceof HandoverError) throw e;
    throw new HandoverError('its packed data is corrupt or cut');
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Reads one hand-over text (spaces and line breaks inside are ignored). Throws HandoverError with one line. */
export function decodeHandover(text: string): Handover {
  if (text.length > MAX_TEXT) throw new HandoverError(`it is ${text.length} characters long, more than ${MAX_TEXT}`);
  const t = text.replace(/\s+/g, '');
  const m = /^VIGB(\d{1,3}):(.*)$/.exec(t);
  if (!m)
    throw new HandoverError(`it does not start with ${HANDOVER_PREFIX}${HANDOVER_VERSION}: (not a class-board code)`);
  const v = Number(m[1]);
  if (v !== HANDOVER_VERSION)
    throw new HandoverError(
      `it is format ${v}; this board reads format ${HANDOVER_VERSION} (${v > HANDOVER_VERSION ? 'the student has a newer version of the site' : 'an unknown format'})`,
    );
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(inflateCapped(fromBase64url(m[2]), MAX_JSON)));
  } catch (e) {
    if (e instanceof HandoverError) throw e;
    throw new HandoverError('its content is not valid JSON');
  }
  return checkWire(json);
}

// --- validation ---------------------------------------------------------------------------------------------

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function text(x: unknown, what: string, max: number): string {
  if (typeof x !== 'string') throw new HandoverError(`${what} is not text`);
  const s = escapeControls(x.trim());
  if (!s) throw new HandoverError(`${what} is empty`);
  if (s.length > max) throw new HandoverError(`${what} is longer than ${max} characters`);
  return s;
}

function count(x: unknown, what: string, max: number, nullable: boolean): number | null {
  if (x === null && nullable) return null;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 1 || x > max)
    throw new HandoverError(`${what} is not a whole number from 1 to ${max}${nullable ? ' (or empty)' : ''}`);
  return x;
}

function ms(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x))
    throw new HandoverError(`${what} is not a finite number (${quote(String(x), 20)})`);
  if (x <= 0 || x > MAX_MS) throw new HandoverError(`${what} (${x} ms) is outside 0–${MAX_MS} ms`);
  return x;
}

/** Checks the wire JSON of one hand-over and returns it in the board's shape. */
export function checkWire(w: unknown): Handover {
  if (!isObject(w)) throw new HandoverError('its content is not a JSON object');
  if (w.v !== HANDOVER_VERSION)
    throw new HandoverError(`its format field is ${quote(String(w.v), 10)}, not ${HANDOVER_VERSION}`);
  if (typeof w.id !== 'string' || !ID_RE.test(w.id))
    throw new HandoverError('its hand-over id is missing or malformed (4–24 letters and digits)');
  if (typeof w.t !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(w.t))
    throw new HandoverError('its date is missing or not YYYY-MM-DD');
  if (!isObject(w.d)) throw new HandoverError('its device record is missing');
  const backend = text(w.d.be, 'the backend', 24);
  if (!/^[a-z0-9-]+$/.test(backend)) throw new HandoverError(`the backend ${quote(backend, 24)} is not a backend name`);
  const device: HandoverDevice = {
    browser: text(w.d.br, 'the browser', 60),
    os: text(w.d.os, 'the operating system', 40),
    backend,
    threads: count(w.d.th, 'the thread count', 256, true),
    cores: count(w.d.co, 'the core count', 1024, true),
    gpu: w.d.gpu === undefined ? null : text(w.d.gpu, 'the GPU name', 80),
  };
  if (!Array.isArray(w.c) || w.c.length === 0) throw new HandoverError('it has no cases');
  if (w.c.length > MAX_CASES) throw new HandoverError(`it has ${w.c.length} cases, more than ${MAX_CASES}`);
  const seen = new Set<string>();
  const cases = w.c.map((row: unknown, i): HandoverCase => {
    if (!Array.isArray(row) || row.length !== 5)
      throw new HandoverError(`case ${i + 1} is not [id, median, p10, p90, n]`);
    const id = row[0];
    if (typeof id !== 'string' || !CASE_RE.test(id))
      throw new HandoverError(`case ${i + 1} has no valid id (${quote(String(id), 40)})`);
    if (seen.has(id)) throw new HandoverError(`case ${id} appears twice`);
    seen.add(id);
    const c = {
      id,
      median: ms(row[1], `the median of ${id}`),
      p10: ms(row[2], `the 10th percentile of ${id}`),
      p90: ms(row[3], `the 90th percentile of ${id}`),
      n: count(row[4], `the run count of ${id}`, 100_000, false) as number,
    };
    if (!(c.p10 <= c.median && c.median <= c.p90))
      throw new HandoverError(`${id}: its percentiles are not in order (p10 ≤ median ≤ p90)`);
    return c;
  });
  return { v: HANDOVER_VERSION, id: w.id, date: w.t, device, cases };
}

// --- reading what a lecturer is handed: codes, the profiler's JSON download, a board export ------------------

export const BOARD_FORMAT = 'vig-lab-class-board';
/** Largest file or paste read at once. */
export const MAX_INPUT = 2_000_000;
const MAX_ITEMS = 500;

export interface ReadResult {
  results: Handover[];
  /** one line per refused item: where it came from and why */
  refused: string[];
}

/** FNV-1a over a string, as 8 hex digits, twice with different seeds: an id for a run that came without one. */
function contentId(s: string): string {
  const h = (seed: number) => {
    let x = seed >>> 0;
    for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 16777619) >>> 0;
    return x.toString(36);
  };
  return `${h(2166136261)}${h(0x9747b28c)}`.slice(0, 24).padEnd(4, '0');
}

/** The profiler's "Download JSON" file ({ runs: [{ env, settings, cases }] }) as hand-overs, one per run. */
function fromProfile(runs: unknown[], where: string, out: ReadResult): void {
  runs.slice(0, MAX_ITEMS).forEach((run, i) => {
    const label = `${where}, run ${i + 1}`;
    try {
      if (!isObject(run) || !isObject(run.env) || !Array.isArray(run.cases))
        throw new HandoverError('it is not a profiler run (env and cases)');
      const env = run.env;
      const wasm = isObject(env.wasm) ? env.wasm : null;
      const measured = run.cases.filter((c) => isObject(c) && !('skipped' in c));
      const wire: Wire = {
        v: HANDOVER_VERSION,
        id: 'pending',
        t: typeof env.date === 'string' ? env.date.slice(0, 10) : '',
        d: {
          ...(() => {
            const ua = describeUserAgent(typeof env.runtime === 'string' ? env.runtime : '');
            return { br: ua.browser, os: ua.os };
          })(),
          be: typeof env.backend === 'string' ? env.backend : '',
          th: wasm && typeof wasm.threads === 'number' ? wasm.threads : null,
          co: typeof env.hardwareConcurrency === 'number' ? env.hardwareConcurrency : null,
          ...(typeof env.gpu === 'string' ? { gpu: env.gpu.slice(0, 80) } : {}),
        },
        c: measured.map((c) => {
          const r = c as Record<string, unknown>;
          const n = Array.isArray(r.samples_ms) ? r.samples_ms.length : r.n;
          const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? sig3(x) : x);
          return [r.id, num(r.median_ms), num(r.p10_ms), num(r.p90_ms), n] as Wire['c'][number];
        }),
      };
      wire.id = contentId(JSON.stringify({ ...wire, id: '' }));
      out.results.push(checkWire(wire));
    } catch (e) {
      out.refused.push(`${label}: refused: ${(e as Error).message}.`);
    }
  });
}

/**
 * Everything in one file or paste: hand-over codes (any number, separated by spaces or line breaks), a board
 * export, or the profiler's JSON download. `where` names the source in the refusal lines ('file results.txt').
 */
export function readHandovers(input: string, where: string): ReadResult {
  const out: ReadResult = { results: [], refused: [] };
  if (input.length > MAX_INPUT) {
    out.refused.push(`${where}: refused: it is ${input.length} characters long, more than ${MAX_INPUT}.`);
    return out;
  }
  const trimmed = input.trim();
  if (!trimmed) {
    out.refused.push(`${where}: refused: it is empty.`);
    return out;
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      out.refused.push(`${where}: refused: it looks like JSON but does not parse.`);
      return out;
    }
    if (isObject(json) && json.format === BOARD_FORMAT && Array.isArray(json.results)) {
      if (json.v !== 1) out.refused.push(`${where}: refused: a board export of format ${quote(String(json.v), 10)}.`);
      else
        json.results.slice(0, MAX_ITEMS).forEach((w, i) => {
          try {
            out.results.push(checkWire(w));
          } catch (e) {
            out.refused.push(`${where}, result ${i + 1}: refused: ${(e as Error).message}.`);
          }
        });
    } else if (isObject(json) && Array.isArray(json.runs)) fromProfile(json.runs, where, out);
    else out.refused.push(`${where}: refused: JSON, but neither a class-board export nor a profiler download.`);
    return out;
  }
  const codes = trimmed.split(/(?=VIGB\d{1,3}:)/).filter((s) => s.trim());
  codes.slice(0, MAX_ITEMS).forEach((code, i) => {
    const label = codes.length > 1 ? `${where}, code ${i + 1}` : where;
    try {
      out.results.push(decodeHandover(code));
    } catch (e) {
      out.refused.push(`${label}: refused: ${(e as Error).message}.`);
    }
  });
  if (codes.length > MAX_ITEMS) out.refused.push(`${where}: only the first ${MAX_ITEMS} codes were read.`);
  return out;
}

/** The board's export: every result on it, in the wire form, readable again by readHandovers. */
export function boardExport(results: Handover[]): string {
  return JSON.stringify({ format: BOARD_FORMAT, v: 1, results: results.map(toWire) });
}
