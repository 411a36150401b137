// Item 8 of issue K: CLI flags are validated and typed, and every failure is one safe `error:` line, with exit code
// 2 for a mistake in the command line and 1 for a run that failed (scripts/lib/cli.mjs, shared by every CLI).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineCli } from '../../scripts/lib/cli.mjs';

const cli = defineCli({
  command: 'npm run test-tool --',
  summary: 'A tool for this test.',
  options: {
    top: { type: 'int', min: 1, max: 1000, help: 'classes' },
    reps: { type: 'int', min: 1, max: 10_000, default: 20, help: 'runs' },
    scale: { type: 'float', min: 0, max: 1, help: 'a fraction' },
    backend: { type: 'enum', values: ['wasm', 'cpu'], help: 'backend' },
    name: { type: 'string', help: 'a name' },
    quick: { type: 'boolean', help: 'quickly' },
  },
  examples: [['npm run test-tool -- --top 3', 'three classes']],
});

const fails = (argv: string[]): string => {
  try {
    cli.parse(argv);
  } catch (e) {
    return (e as Error).message;
  }
  return expect.fail(`parse(${JSON.stringify(argv)}) accepted it`);
};

describe('defineCli().parse: typed, validated values', () => {
  it('returns numbers, choices, strings and booleans, with defaults applied', () => {
    const f = cli.parse(['--top', '7', '--reps=21', '--scale', '0.25', '--backend', 'cpu', '--name', '-x', '--quick']);
    expect(f).toEqual({ top: 7, reps: 21, scale: 0.25, backend: 'cpu', name: '-x', quick: true, help: false });
    const top: number | undefined = f.top; // typed by the table
    const reps: number = f.reps; // a default: always set
    const backend: 'wasm' | 'cpu' | undefined = f.backend;
    expect([top, reps, backend]).toEqual([7, 21, 'cpu']);
    expect(cli.parse([])).toEqual({ reps: 20, quick: false, help: false });
  });

  it('refuses what is not a number in range, naming the flag, the range and the value', () => {
    expect(fails(['--top', 'abc'])).toBe("--top must be an integer from 1 to 1000, got 'abc'");
    expect(fails(['--reps', '99999999999999999999'])).toBe(
      "--reps must be an integer from 1 to 10000, got '99999999999999999999'",
    );
    for (const v of ['', '1.5', '1e3', '0x10', ' 5', '0', '1001', '-1'])
      expect(fails(['--top', v]), v).toMatch(/^--top must be an integer from 1 to 1000/);
    for (const v of ['abc', 'NaN', 'Infinity', '1e999', '1.5', '-0.1', '.'])
      expect(fails(['--scale', v]), v).toMatch(/^--scale must be a number from 0 to 1/);
    expect(fails(['--backend', 'webgl'])).toBe("--backend must be one of wasm, cpu, got 'webgl'");
  });

  it('refuses unknown, prototype-named and valueless options, and values on booleans', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect(fails([`--${name}`, '1'])).toMatch(/^unknown option '--/);
    expect(fails(['--tpo', '1'])).toBe("unknown option '--tpo' (did you mean --top?)");
    expect(fails(['--top'])).toBe('--top needs a value');
    expect(fails(['--top', '--quick'])).toBe('--top needs a value');
    expect(fails(['--quick=yes'])).toBe('--quick takes no value');
    expect(fails(['stray'])).toBe("unexpected argument 'stray'");
  });

  it('quotes what the user typed safely (control characters escaped, long values cut)', () => {
    expect(fails(['--top', '\x1b[2J1'])).toBe("--top must be an integer from 1 to 1000, got '\\x1b[2J1'");
    expect(fails(['--top', '9'.repeat(10_000)]).length).toBeLessThan(200);
  });

  it('refuses a table whose default its own option would refuse', () => {
    const bad = { type: 'int', min: 1, max: 10, default: 11, help: 'n' } as const;
    expect(() => defineCli({ command: 'x', summary: 'x', options: { n: bad }, examples: [] })).toThrow(
      /--n must be an integer from 1 to 10, got '11'/,
    );
  });
});

describe('defineCli().main: one error line, exit codes 1 and 2', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  const capture = () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true));
    return lines;
  };

  it('a failed run: exactly one "error:" line, escapes kept visible, exit code 1', async () => {
    const lines = capture();
    await cli.main(async () => {
      throw new Error('bad\nerror: forged second line\x1b[2J');
    }, []);
    expect(lines).toEqual(['error: bad\\nerror: forged second line\\x1b[2J\n']);
    expect(process.exitCode).toBe(1);
  });

  it('a usage error: one line that points at --help, exit code 2, the body never runs', async () => {
    const lines = capture();
    let ran = false;
    await cli.main(async () => {
      ran = true;
    }, ['--top', 'abc']);
    expect(lines).toEqual([
      "error: --top must be an integer from 1 to 1000, got 'abc'; see npm run test-tool -- --help\n",
    ]);
    expect(process.exitCode).toBe(2);
    expect(ran).toBe(false);
  });

  it('--help wins over everything else on the line and runs nothing', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    let ran = false;
    await cli.main(async () => {
      ran = true;
    }, ['--bogus', '-h']);
    expect(ran).toBe(false);
    expect(process.exitCode).toBeUndefined();
    expect(out.join('\n')).toBe(cli.help());
  });
});
