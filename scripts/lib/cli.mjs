// One argument parser for every command line (the `npm run` tools, serve.mjs, package.mjs): node:util's parseArgs
// reads the syntax (--name value, --name=value, -p 80), one validator types and checks each value, and the help is
// written from the same table (options, defaults, examples, exit codes), so it cannot drift from what is parsed.
// Plain JavaScript (typed by cli.d.mts): serve.mjs runs in Node with no build step.
//
//   const cli = defineCli({ command: 'npm run eval --', summary: '…', options: { batch: { type: 'int', min: 1,
//     max: 1000, default: 100, help: 'images per forward pass' } }, examples: [['npm run eval -- --batch 50', '…']] });
//   cli.main(async (opts) => { … opts.batch … });   // --help, one-line errors and exit codes are handled here
import { parseArgs } from 'node:util';
import { quote, safeMessage } from '../../src/lib/safeText.js';

/** Exit codes shared by every command line. */
export const EXIT = { ok: 0, failed: 1, usage: 2 };

/** A mistake in the command line itself (unknown option, bad value): exit code 2. */
export class UsageError extends Error {}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A value as the option's type wants it, or a UsageError naming the option, what it takes and what it got. */
function convert(name, spec, v) {
  if (spec.type === 'string') return v;
  if (spec.type === 'enum') {
    if (!spec.values.includes(v))
      throw new UsageError(`--${name} must be one of ${spec.values.join(', ')}, got ${quote(v)}`);
    return v;
  }
  const n = Number(v);
  const isInt = spec.type === 'int';
  const range = `${isInt ? 'an integer' : 'a number'} from ${spec.min} to ${spec.max}`;
  // Number('') is 0 and Number('0x10') is 16: only plain decimal text counts. Past 2^53 integers are not exact.
  const wellFormed = isInt ? INT.test(v) && Number.isSafeInteger(n) : FLOAT.test(v) && Number.isFinite(n);
  if (!wellFormed || n < spec.min || n > spec.max) throw new UsageError(`--${name} must be ${range}, got ${quote(v)}`);
  return n;
}

/** What an option takes, for the help: the placeholder after the flag. */
function placeholder(spec) {
  if (spec.type === 'boolean') return '';
  if (spec.arg) return spec.arg;
  if (spec.type === 'int' || spec.type === 'float') return 'N';
  if (spec.type === 'enum') return spec.values.length <= 4 ? spec.values.join('|') : 'NAME';
  return 'VALUE';
}

/** Words wrapped to `width` columns, every line after the first indented by `indent`. */
function wrap(text, indent, width = 110) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** The help text: usage, summary, options with their defaults and choices, examples, exit codes. */
function helpText(def) {
  const options = { ...def.options, help: { type: 'boolean', short: 'h', help: 'print this help and exit' } };
  const flag = (name, spec) =>
    `${spec.short ? `-${spec.short}, ` : ''}--${name}${placeholder(spec) ? ` ${placeholder(spec)}` : ''}`;
  const flags = Object.entries(options).map(([name, spec]) => flag(name, spec));
  const col = Math.min(30, Math.max(...flags.map((f) => f.length)) + 2);
  const rows = Object.values(options).map((spec, i) => {
    const extra = [];
    if (spec.type === 'enum' && placeholder(spec) === 'NAME') extra.push(`One of: ${spec.values.join(', ')}.`);
    if (spec.type === 'int' || spec.type === 'float') extra.push(`From ${spec.min} to ${spec.max}.`);
    const shown = spec.defaultText ?? spec.default;
    if (shown !== undefined) extra.push(`Default: ${shown}.`);
    const text = extra.length ? `${spec.help.replace(/\.?$/, '.')} ${extra.join(' ')}` : spec.help;
    const head = `  ${flags[i]}`;
    return head.length + 1 >= col + 2
      ? `${head}\n${' '.repeat(col + 2)}${wrap(text, col + 2)}`
      : `${head.padEnd(col + 2)}${wrap(text, col + 2)}`;
  });
  const pos = def.positional ? ` [${def.positional.name}]` : '';
  const out = [`usage: ${def.command} [options]${pos}`, '', wrap(def.summary, 0)];
  if (def.positional)
    out.push('', 'Arguments:', `  ${def.positional.name.padEnd(col)}${wrap(def.positional.help, col + 2)}`);
  out.push('', 'Options:', ...rows);
  if (def.notes) out.push('', wrap(def.notes, 0));
  if (def.examples?.length) {
    out.push('', 'Examples:');
    for (const [cmd, what] of def.examples) out.push(`  ${cmd}`, `      ${wrap(what, 6)}`);
  }
  const codes = def.exitCodes ?? {};
  out.push(
    '',
    'Exit codes:',
    `  0  ${codes[0] ?? 'success'}`,
    `  1  ${codes[1] ?? 'the run failed; the reason is one `error:` line on stderr'}`,
    `  2  ${codes[2] ?? 'a usage error (unknown option, missing or bad value); nothing was run'}`,
  );
  return out.join('\n');
}

/** Edit distance of two short words (for "did you mean"). */
function distance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** ' (did you mean --image?)' for a near miss, else nothing. */
function didYouMean(name, known) {
  const best = known.map((k) => ({ k, d: distance(name.slice(0, 40), k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 && best.d < name.length ? ` (did you mean --${best.k}?)` : '';
}

/** Reads argv by `def`: typed values with defaults applied, and the positionals. Throws UsageError. */
function parse(def, argv) {
  const options = { ...def.options, help: { type: 'boolean', short: 'h' } };
  const config = {};
  for (const [name, spec] of Object.entries(options))
    config[name] = {
      type: spec.type === 'boolean' ? 'boolean' : 'string',
      ...(spec.short ? { short: spec.short } : {}),
    };
  const { tokens } = parseArgs({ args: argv, options: config, strict: false, allowPositionals: true, tokens: true });
  const values = {};
  const positionals = [];
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      if (!def.positional) throw new UsageError(`unexpected argument ${quote(t.value)}`);
      if (positionals.length >= 1)
        throw new UsageError(`one ${def.positional.name} only (got ${quote(positionals[0])} and ${quote(t.value)})`);
      positionals.push(t.value);
      continue;
    }
    // Own properties only: '--constructor' or '--__proto__' must not find Object.prototype's.
    const spec = Object.hasOwn(options, t.name) ? options[t.name] : undefined;
    if (!spec) throw new UsageError(`unknown option ${quote(t.rawName)}${didYouMean(t.name, Object.keys(options))}`);
    if (spec.type === 'boolean') {
      if (t.inlineValue) throw new UsageError(`--${t.name} takes no value`);
      values[t.name] = true;
      continue;
    }
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--')))
      throw new UsageError(`--${t.name} needs a value`);
    values[t.name] = convert(t.name, spec, t.value);
  }
  for (const [name, spec] of Object.entries(def.options)) {
    if (values[name] !== undefined) continue;
    if (spec.type === 'boolean') values[name] = false;
    else if (spec.default !== undefined) values[name] = spec.default;
  }
  values.help ??= false;
  if (def.positional && positionals.length) values[def.positional.key] = positionals[0];
  return values;
}

/** Writes one safe `error:` line (control characters escaped, so a message cannot forge a second line). */
function printError(e, prefix) {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`${prefix}${safeMessage(message)}\n`);
}

/**
 * A command line from its table. `parse(argv)` returns the typed options (or throws UsageError); `help()` is the
 * text of --help; `main(body)` parses process.argv, answers --help, runs the body, and turns any error into one line
 * and an exit code (UsageError: 2, anything else: 1). It never rejects.
 */
export function defineCli(def) {
  const prefix = def.errorPrefix ?? 'error: ';
  // A default the option itself would refuse is a mistake in the table: say so when the tool starts, not later.
  for (const [name, spec] of Object.entries(def.options))
    if (spec.type !== 'boolean' && spec.type !== 'string' && spec.default !== undefined)
      convert(name, spec, String(spec.default));
  return {
    help: () => helpText(def),
    parse: (argv) => parse(def, argv),
    async main(body, argv = process.argv.slice(2)) {
      try {
        // --help anywhere before a `--` wins, even beside a mistyped option
        const end = argv.indexOf('--');
        if ((end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
          console.log(helpText(def));
          return;
        }
        const opts = parse(def, argv);
        delete opts.help;
        await body(opts);
      } catch (e) {
        const usage = e instanceof UsageError;
        printError(usage ? new Error(`${e.message}; see ${def.command} --help`) : e, prefix);
        process.exitCode = usage ? EXIT.usage : EXIT.failed;
      }
    },
  };
}
