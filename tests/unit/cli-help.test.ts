// Every command line's --help is a real help (issue T item 6): what the tool does, each option with its default,
// the architectures where it takes one, two or three examples of the tool itself, and what its exit codes mean; it
// fits a 120-column terminal. And a mistake in the command line is one real line (no literal "\n") with exit code 2.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ARCHS, NANO_ARCHS } from '../../src/model/index';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

interface Tool {
  file: string;
  command: string;
  /** options the help must name (besides --help) */
  options: string[];
  archs?: readonly string[];
}

const TOOLS: Tool[] = [
  {
    file: 'scripts/infer.ts',
    command: 'npm run infer --',
    options: ['image', 'arch', 'weights', 'input', 'shape', 'out', 'top', 'backend', 'svga'],
    archs: ARCHS,
  },
  {
    file: 'scripts/convert.ts',
    command: 'npm run convert --',
    options: ['weights', 'out', 'arch', 'source'],
    archs: ARCHS,
  },
  {
    file: 'scripts/bench.ts',
    command: 'npm run bench --',
    options: [
      'cases',
      'quick',
      'reps',
      'backend',
      'threads',
      'browser',
      'targets',
      'kernels',
      'checkpoint',
      'json',
      'list',
    ],
  },
  {
    file: 'scripts/eval.ts',
    command: 'npm run eval --',
    options: ['arch', 'graph', 'weights', 'data', 'count', 'batch', 'backend', 'record'],
    archs: NANO_ARCHS,
  },
  {
    file: 'scripts/train.ts',
    command: 'npm run train --',
    options: [
      'arch',
      'init',
      'seed',
      'data',
      'first',
      'batch',
      'steps',
      'epochs',
      'optimizer',
      'lr',
      'momentum',
      'weight-decay',
      'label-smoothing',
      'no-augment',
      'no-shuffle',
      'graph',
      'out',
      'json',
    ],
    archs: NANO_ARCHS,
  },
  { file: 'scripts/ood.ts', command: 'npm run ood --', options: ['count', 'drawings', 'keep', 'out', 'backend'] },
  { file: 'scripts/fashion-subset.ts', command: 'npm run fashion-subset --', options: ['data', 'count'] },
  { file: 'scripts/surgery.ts', command: 'npm run surgery --', options: ['data', 'count', 'backend', 'json'] },
  { file: 'scripts/landing-graph.ts', command: 'npm run landing-graph --', options: ['out'] },
  { file: 'scripts/fixed-graphs.ts', command: 'npm run fixed-graphs --', options: ['out'] },
  {
    file: 'scripts/serve.mjs',
    command: 'node serve.mjs',
    options: ['port', 'lan', 'host', 'base', 'timeout', 'quiet'],
  },
  { file: 'scripts/package.mjs', command: 'npm run package --', options: ['base', 'dist', 'out'] },
  {
    file: 'tests/load/run.ts',
    command: 'npm run load --',
    options: ['server', 'students', 'aborts', 'drip', 'drip-wait', 'site', 'scripts', 'json'],
  },
];

async function start(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const argv = file.endsWith('.mjs') ? [file, ...args] : [TSX, file, ...args];
  try {
    const { stdout, stderr } = await run(process.execPath, argv, { cwd: ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

// All at once: each is a Node start-up, and they do not share anything.
const helps = Object.fromEntries(await Promise.all(TOOLS.map(async (t) => [t.file, await start(t.file, ['--help'])])));

describe.each(TOOLS)('$command --help', (tool) => {
  it('says what it does, every option, the defaults, examples and exit codes, in 120 columns', () => {
    const r = helps[tool.file];
    expect(r.code, r.stderr).toBe(0);
    const text: string = r.stdout;
    expect(text.startsWith(`usage: ${tool.command} [options]`)).toBe(true);
    const summary = text.split('\n\n')[1];
    expect(summary.length, 'a summary of a sentence or more').toBeGreaterThan(80);
    for (const o of [...tool.options, 'help']) expect(text, `--${o}`).toMatch(new RegExp(`^  (-\\w, )?--${o}\\b`, 'm'));
    expect(text).toMatch(/Default:\s/);
    const examples = text.slice(text.indexOf('\nExamples:\n'), text.indexOf('\nExit codes:\n'));
    const commands = examples.split('\n').filter((l) => /^ {2}\S/.test(l));
    expect(commands.length, 'two or three examples').toBeGreaterThanOrEqual(2);
    expect(commands.length).toBeLessThanOrEqual(3);
    for (const c of commands) expect(c.trim().startsWith(tool.command.replace(/ --$/, ''))).toBe(true);
    expect(text).toMatch(/^Exit codes:\n {2}0 {2}\S.*\n {2}1 {2}\S.*\n {2}2 {2}\S/m);
    for (const a of tool.archs ?? []) expect(text, a).toContain(a);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(120);
  });
});

// The parser is shared (tests/unit/hostile-flags.test.ts checks it in-process); one tool shows what a process does.
describe('a mistyped option', () => {
  it('one error line naming it and the near miss, exit code 2, nothing on stdout', async () => {
    const r = await start('scripts/infer.ts', ['--hlep']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: unknown option '--hlep' (did you mean --help?); see npm run infer -- --help\n");
  });
});
