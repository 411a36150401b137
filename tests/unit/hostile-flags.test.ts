// Item 8 of issue K: CLI flags are validated and typed, and every failure is one safe `error:` line with exit code 1.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, parseFlags } from '../../scripts/lib/args';

const SPEC = {
  top: { type: 'int', min: 1, max: 1000 },
  reps: { type: 'int', min: 1, max: 10_000 },
  scale: { type: 'float', min: 0, max: 1 },
  backend: { type: 'enum', values: ['wasm', 'cpu'] },
  name: 'string',
  quick: 'boolean',
} as const;

const fails = (argv: string[]): string => {
  try {
    parseFlags(argv, SPEC);
  } catch (e) {
    return (e as Error).message;
  }
  return expect.fail(`parseFlags(${JSON.stringify(argv)}) accepted it`);
};

describe('parseFlags: typed, validated values', () => {
  it('returns numbers, choices, strings and booleans', () => {
    const f = parseFlags(
      ['--top', '7', '--reps=20', '--scale', '0.25', '--backend', 'cpu', '--name', '-x', '--quick'],
      SPEC,
    );
    expect(f).toEqual({ top: 7, reps: 20, scale: 0.25, backend: 'cpu', name: '-x', quick: true });
    const top: number | undefined = f.top; // typed by the spec
    expect(top).toBe(7);
    expect(parseFlags([], SPEC)).toEqual({});
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
    expect(fails(['--top'])).toBe('--top needs a value');
    expect(fails(['--top', '--quick'])).toBe('--top needs a value');
    expect(fails(['--quick=yes'])).toBe('--quick takes no value');
    expect(fails(['stray'])).toBe("unexpected argument 'stray'");
  });

  it('quotes what the user typed safely (control characters escaped, long values cut)', () => {
    expect(fails(['--top', '\x1b[2J1'])).toBe("--top must be an integer from 1 to 1000, got '\\x1b[2J1'");
    expect(fails(['--top', '9'.repeat(10_000)]).length).toBeLessThan(200);
  });
});

describe('main: one error line, exit code 1', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('writes exactly one "error:" line for an error whose message has newlines and escapes', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true));
    await main(async () => {
      throw new Error('bad\nerror: forged second line\x1b[2J');
    });
    expect(lines).toEqual(['error: bad\\nerror: forged second line\\x1b[2J\n']);
    expect(process.exitCode).toBe(1);
  });
});
