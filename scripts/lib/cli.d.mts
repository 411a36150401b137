// Types of cli.mjs (see there for why it is JavaScript): the option table types the parsed values.

interface Common {
  /** one sentence for --help */
  help: string;
  /** a one-letter alias (-p) */
  short?: string;
}
interface Valued<T> extends Common {
  /** the placeholder in --help (FILE, DIR, N) */
  arg?: string;
  default?: T;
  /** the default as --help should say it, when it is computed (e.g. "the shipped weights") */
  defaultText?: string;
}

export type OptionSpec =
  | (Common & { type: 'boolean' })
  | (Valued<string> & { type: 'string' })
  /** an integer (int) or a finite decimal number (float) in [min, max] */
  | (Valued<number> & { type: 'int' | 'float'; min: number; max: number })
  /** one of the listed words */
  | (Valued<string> & { type: 'enum'; values: readonly string[] });

type ValueOf<S> = S extends { type: 'boolean' }
  ? boolean
  : S extends { type: 'string' }
    ? string
    : S extends { type: 'int' | 'float' }
      ? number
      : S extends { type: 'enum'; values: readonly (infer V)[] }
        ? V
        : never;

type Known<S> = S extends { type: 'boolean' } ? true : S extends { default: unknown } ? true : false;

/** The parsed options: booleans and options with a default are always set; the others may be undefined. */
export type Options<O extends Record<string, OptionSpec>> = {
  [N in keyof O as Known<O[N]> extends true ? N : never]: ValueOf<O[N]>;
} & {
  [N in keyof O as Known<O[N]> extends true ? never : N]?: ValueOf<O[N]>;
};

export interface CliDef<O extends Record<string, OptionSpec>, P extends string> {
  /** how the user types the command, e.g. 'npm run infer --' or 'node serve.mjs' */
  command: string;
  /** what the tool does, a few sentences */
  summary: string;
  options: O;
  /** one optional positional argument (serve.mjs's folder), returned under `key` */
  positional?: { name: string; key: P; help: string };
  /** a paragraph after the options (e.g. the architectures) */
  notes?: string;
  /** [command, what it does] */
  examples: readonly (readonly [string, string])[];
  /** other meanings of the exit codes 0, 1, 2 */
  exitCodes?: Partial<Record<0 | 1 | 2, string>>;
  /** before each error line (default 'error: ') */
  errorPrefix?: string;
}

export interface Cli<O extends Record<string, OptionSpec>, P extends string> {
  /** the --help text */
  help(): string;
  /** typed values with defaults applied; throws UsageError */
  parse(argv: readonly string[]): Options<O> & { [K in P]?: string } & { help: boolean };
  /** parses process.argv (or `argv`), answers --help, runs `body`; errors become one line and exit code 1 or 2 */
  main(body: (opts: Options<O> & { [K in P]?: string }) => Promise<void>, argv?: readonly string[]): Promise<void>;
}

export declare const EXIT: { readonly ok: 0; readonly failed: 1; readonly usage: 2 };
/** A mistake in the command line itself (unknown option, bad value): exit code 2. */
export declare class UsageError extends Error {}
export declare function defineCli<const O extends Record<string, OptionSpec>, const P extends string = never>(
  def: CliDef<O, P>,
): Cli<O, P>;
