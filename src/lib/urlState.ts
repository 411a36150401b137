// URL state for widgets: each widget declares a typed schema; its values live in the query string
// under namespaced keys (`<ns>.<field>`), so any view can be shared as a link. A lecturer can also hide
// controls with `<ns>.hide=a,b` (the TensorFlow Playground pattern).
//
// The parse/serialise functions are pure (URLSearchParams in, values out); `createUrlState` binds
// them to window.location/history and is the only part that touches the browser.

export interface IntField {
  type: 'int';
  default: number;
  min: number;
  max: number;
}
export interface NumberField {
  type: 'number';
  default: number;
  min?: number;
  max?: number;
}
export interface EnumField<V extends string = string> {
  type: 'enum';
  default: V;
  values: readonly V[];
}
export interface BoolField {
  type: 'bool';
  default: boolean;
}
export interface StringField {
  type: 'string';
  default: string;
  /** Longer values are cut to this length (default 200) so a URL cannot bloat the page. */
  maxLength?: number;
}
export type Field = IntField | NumberField | EnumField | BoolField | StringField;
export type Schema = Record<string, Field>;

/** The value type each field kind produces. */
export type ValueOf<F> = F extends IntField | NumberField
  ? number
  : F extends BoolField
    ? boolean
    : F extends EnumField<infer V>
      ? V
      : string;
export type StateOf<S extends Schema> = { [K in keyof S]: ValueOf<S[K]> };

const NS_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;
const NAME_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;
const DEFAULT_MAX_STRING = 200;
/** Reserved key suffix for the hidden-controls list. */
export const HIDE_KEY = 'hide';

/** Throws a clear error if the schema or namespace is malformed (a programming mistake, caught early). */
export function validateSchema(ns: string, schema: Schema): void {
  if (!NS_RE.test(ns)) throw new Error(`urlState: namespace "${ns}" must be letters, digits, _ or - (no dots)`);
  for (const [name, f] of Object.entries(schema)) {
    const where = `urlState: field "${ns}.${name}"`;
    if (!NAME_RE.test(name)) throw new Error(`${where}: name must be letters, digits, _ or -`);
    if (name === HIDE_KEY) throw new Error(`${where}: "${HIDE_KEY}" is reserved for hidden controls`);
    if (f.type === 'int') {
      if (!Number.isInteger(f.min) || !Number.isInteger(f.max) || f.min > f.max)
        throw new Error(`${where}: needs integer min <= max`);
      if (!Number.isInteger(f.default) || f.default < f.min || f.default > f.max)
        throw new Error(`${where}: default ${f.default} is not an integer in [${f.min}, ${f.max}]`);
    } else if (f.type === 'number') {
      if (!Number.isFinite(f.default)) throw new Error(`${where}: default must be a finite number`);
      if (f.min !== undefined && f.max !== undefined && f.min > f.max) throw new Error(`${where}: min > max`);
      if (clampNumber(f.default, f.min, f.max) !== f.default) throw new Error(`${where}: default is out of range`);
    } else if (f.type === 'enum') {
      if (f.values.length === 0) throw new Error(`${where}: enum needs at least one value`);
      if (!f.values.includes(f.default)) throw new Error(`${where}: default "${f.default}" is not one of its values`);
    }
  }
}

/**
 * `table[key]` when `key` is one of the table's own properties, else undefined. Use it for every lookup keyed by a
 * URL value: a plain `table[value]` finds Object.prototype's members for `__proto__`, `constructor` or `toString`,
 * and code expecting an entry then throws a TypeError that leaves the page unwired.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function clampNumber(x: number, min?: number, max?: number): number {
  if (min !== undefined && x < min) return min;
  if (max !== undefined && x > max) return max;
  return x;
}

/** Parses one raw query value; anything malformed gives the default, numbers out of range are clamped. */
export function parseValue<F extends Field>(field: F, raw: string | null): ValueOf<F> {
  return parseAny(field, raw) as ValueOf<F>;
}

function parseAny(f: Field, raw: string | null): number | boolean | string {
  if (raw === null) return f.default;
  switch (f.type) {
    case 'int':
      // Integers only: "3.5" or "1e2" are treated as typos, not rounded.
      return /^[+-]?\d{1,15}$/.test(raw.trim()) ? clampNumber(Number(raw), f.min, f.max) : f.default;
    case 'number': {
      const x = raw.trim() === '' ? NaN : Number(raw);
      return Number.isFinite(x) ? clampNumber(x, f.min, f.max) : f.default;
    }
    case 'enum':
      return f.values.includes(raw) ? raw : f.default;
    case 'bool':
      if (raw === '1' || raw === 'true') return true;
      if (raw === '0' || raw === 'false') return false;
      return f.default;
    case 'string':
      return raw.slice(0, f.maxLength ?? DEFAULT_MAX_STRING);
  }
}

/** Formats one value for the query string (the inverse of parseValue for valid values). */
export function formatValue(field: Field, value: unknown): string {
  if (field.type === 'bool') return value ? '1' : '0';
  return String(value);
}

/** Brings an in-memory value into the schema's domain (used when code, not the URL, sets state). */
function coerce(f: Field, value: unknown): number | boolean | string {
  switch (f.type) {
    case 'int':
      return typeof value === 'number' && Number.isFinite(value)
        ? clampNumber(Math.round(value), f.min, f.max)
        : f.default;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? clampNumber(value, f.min, f.max) : f.default;
    case 'enum':
      return typeof value === 'string' && f.values.includes(value) ? value : f.default;
    case 'bool':
      return typeof value === 'boolean' ? value : f.default;
    case 'string':
      return typeof value === 'string' ? value.slice(0, f.maxLength ?? DEFAULT_MAX_STRING) : f.default;
  }
}

export function defaults<S extends Schema>(schema: S): StateOf<S> {
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(schema)) out[name] = f.default;
  return out as StateOf<S>;
}

/** Reads a widget's state from query parameters. Unknown or invalid values fall back to defaults. */
export function parseState<S extends Schema>(schema: S, ns: string, params: URLSearchParams): StateOf<S> {
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(schema)) out[name] = parseAny(f, params.get(`${ns}.${name}`));
  return out as StateOf<S>;
}

/** Reads `<ns>.hide=a,b`; names not in `allowed` are dropped. */
export function parseHidden(ns: string, params: URLSearchParams, allowed: readonly string[]): Set<string> {
  const raw = params.get(`${ns}.${HIDE_KEY}`) ?? '';
  return new Set(
    raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => allowed.includes(s)),
  );
}

export interface WriteOptions {
  /** Write every field, not only those that differ from the default (share links stay stable if defaults change). */
  includeDefaults?: boolean;
}

/**
 * Writes a widget's state into a copy of `params`, leaving other widgets' keys alone.
 * Fields equal to their default are removed unless `includeDefaults` is set.
 */
export function writeState<S extends Schema>(
  schema: S,
  ns: string,
  state: StateOf<S>,
  hidden: Iterable<string>,
  params: URLSearchParams,
  opts: WriteOptions = {},
): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const [name, f] of Object.entries(schema)) {
    const key = `${ns}.${name}`;
    const value = coerce(f, (state as Record<string, unknown>)[name]);
    if (!opts.includeDefaults && value === f.default) out.delete(key);
    else out.set(key, formatValue(f, value));
  }
  const hide = [...new Set(hidden)].sort();
  if (hide.length > 0) out.set(`${ns}.${HIDE_KEY}`, hide.join(','));
  else out.delete(`${ns}.${HIDE_KEY}`);
  return out;
}

/** Builds `url` with its query replaced by `params` (the hash is kept). */
export function withSearch(url: string, params: URLSearchParams): string {
  const u = new URL(url);
  // Commas are legal in a query; leaving them readable keeps `ns.hide=a,b` links hand-editable.
  u.search = params.toString().replace(/%2C/gi, ',');
  return u.toString();
}

/** The minimal browser surface used, so tests can pass fakes. */
export interface LocationLike {
  readonly href: string;
}
export interface HistoryLike {
  readonly state: unknown;
  replaceState(data: unknown, unused: string, url?: string | URL | null): void;
}

export interface UrlStateOptions {
  /** Control names that `<ns>.hide` may list. Defaults to the schema's field names. */
  hideable?: readonly string[];
  location?: LocationLike;
  history?: HistoryLike;
}

export interface UrlState<S extends Schema> {
  readonly ns: string;
  readonly schema: S;
  /** Current state (a copy). */
  get(): StateOf<S>;
  /** Merges `patch`, coerces it into the schema's domain, writes the URL and returns the new state. */
  set(patch: Partial<StateOf<S>>): StateOf<S>;
  /** Controls hidden by the URL (read on load). */
  readonly hidden: ReadonlySet<string>;
  isHidden(name: string): boolean;
  /** A link to this page with the full current state, hiding `hide` (defaults to the current hidden set). */
  shareUrl(hide?: Iterable<string>): string;
}

/** Binds a schema to the page URL: reads it now, writes it with history.replaceState on every set(). */
export function createUrlState<S extends Schema>(ns: string, schema: S, opts: UrlStateOptions = {}): UrlState<S> {
  validateSchema(ns, schema);
  const loc = opts.location ?? globalThis.location;
  const hist = opts.history ?? globalThis.history;
  if (!loc || !hist) throw new Error('urlState: no location/history (call it in the browser, or pass fakes)');
  const hideable = opts.hideable ?? Object.keys(schema);
  const initial = new URL(loc.href).searchParams;
  let state = parseState(schema, ns, initial);
  const hidden: ReadonlySet<string> = parseHidden(ns, initial, hideable);

  const validHide = (names: Iterable<string>) => [...names].filter((n) => hideable.includes(n));

  return {
    ns,
    schema,
    hidden,
    get: () => ({ ...state }),
    isHidden: (name) => hidden.has(name),
    set(patch) {
      const next: Record<string, unknown> = { ...state, ...patch };
      for (const [name, f] of Object.entries(schema)) next[name] = coerce(f, next[name]);
      state = next as StateOf<S>;
      const params = writeState(schema, ns, state, hidden, new URL(loc.href).searchParams);
      const url = withSearch(loc.href, params);
      if (url !== loc.href) hist.replaceState(hist.state, '', url);
      return { ...state };
    },
    shareUrl(hide = hidden) {
      const params = writeState(schema, ns, state, validHide(hide), new URL(loc.href).searchParams, {
        includeDefaults: true,
      });
      return withSearch(loc.href, params);
    },
  };
}
