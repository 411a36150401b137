// Tiny flag parser for our CLIs: --name value, --flag, and a clear error for anything unknown.
export type Flags = Record<string, string | boolean>;

export function parseFlags(argv: string[], known: Record<string, 'string' | 'boolean'>): Flags {
  const out: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument '${a}'`);
    const [name, inline] = a.slice(2).split('=', 2);
    const kind = known[name];
    if (!kind) throw new Error(`unknown option --${name} (options: ${Object.keys(known).map((k) => `--${k}`).join(' ')})`);
    if (kind === 'boolean') out[name] = true;
    else {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
      out[name] = v;
    }
  }
  return out;
}

/** Run a CLI body; any error becomes one line on stderr and exit code 1 (no stack trace). */
export async function main(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
