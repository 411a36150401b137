// Tiny flag parser for our CLIs: --name value, --name=value, --flag, and one clear error for anything unknown or out
// of range. Numbers and choices are validated here, typed, so that `--top abc` or `--reps 99999999999999999999`
// stop with one `error:` line instead of printing nothing or running forever.
import { quote, safeMessage } from '../../src/lib/safeText';

export type FlagSpec =
  | 'string'
  | 'boolean'
  /** an integer in [min, max] */
  | { type: 'int'; min: number; max: number }
  /** a finite decimal number in [min, max] */
  | { type: 'float'; min: number; max: number }
  /** one of the listed words */
  | { type: 'enum'; values: readonly string[] };

type ValueOf<S> = S extends 'boolean'
  ? boolean
  : S extends 'string'
    ? string
    : S extends { type: 'int' | 'float' }
      ? number
      : S extends { type: 'enum'; values: readonly (infer V)[] }
        ? V
        : never;

/** What parseFlags returns: each flag given, typed by its spec; absent flags are undefined. */
export type FlagValues<K extends Record<string, FlagSpec>> = { [N in keyof K]?: ValueOf<K[N]> };
export type Flags = Record<string, string | boolean | number>;

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function convert(name: string, spec: Exclude<FlagSpec, 'boolean'>, v: string): string | number {
  if (spec === 'string') return v;
  if (spec.type === 'enum') {
    if (!spec.values.includes(v))
      throw new Error(`--${name} must be one of ${spec.values.join(', ')}, got ${quote(v)}`);
    return v;
  }
  const n = Number(v);
  const isInt = spec.type === 'int';
  const range = `${isInt ? 'an integer' : 'a number'} from ${spec.min} to ${spec.max}`;
  // Number('') is 0 and Number('0x10') is 16: only plain decimal text counts. Past 2^53 integers are not exact.
  const wellFormed = isInt ? INT.test(v) && Number.isSafeInteger(n) : FLOAT.test(v) && Number.isFinite(n);
  if (!wellFormed || n < spec.min || n > spec.max) throw new Error(`--${name} must be ${range}, got ${quote(v)}`);
  return n;
}

export function parseFlags<const K extends Record<string, FlagSpec>>(argv: string[], known: K): FlagValues<K> {
  const out: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${quote(a)}`);
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : a.slice(eq + 1);
    // Own properties only: '--constructor' or '--__proto__' must not find Object.prototype's.
    const spec: FlagSpec | undefined = Object.hasOwn(known, name) ? known[name] : undefined;
    if (!spec)
      throw new Error(
        `unknown option ${quote(`--${name}`)} (options: ${Object.keys(known)
          .map((k) => `--${k}`)
          .join(' ')})`,
      );
    if (spec === 'boolean') {
      if (inline !== undefined) throw new Error(`--${name} takes no value`);
      out[name] = true;
    } else {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new Error(`--${name} needs a value`);
      out[name] = convert(name, spec, v);
    }
  }
  return out as FlagValues<K>;
}

/** Run a CLI body; any error becomes one line on stderr and exit code 1 (no stack trace). */
/** Runs a command line's body; any error becomes one `error: …` line and exit code 1. Never rejects. */
export async function main(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    process.stderr.write(`error: ${safeMessage(e instanceof Error ? e.message : String(e))}\n`);
    process.exitCode = 1;
  }
}
