// `npm run load`: a class against scripts/serve.mjs and scripts/serve.py (tests/load/classroom.ts says what each
// part does). The figures in issue 26's closing note come from here: `npm run load -- --students 40` and 150.
// Heavy (it keeps both cores busy): run it under the shared lock on a shared machine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineCli } from '../../scripts/lib/cli.mjs';
import {
  abortDownloads,
  classLoad,
  settledFdCount,
  slowDrip,
  startServerProcess,
  writeLiveSite,
  type ServerKind,
} from './classroom';

const cli = defineCli({
  command: 'npm run load --',
  errorPrefix: 'load: ',
  summary:
    'Measures the classroom servers on 127.0.0.1: N students opening the live page at once (its recorded files, ' +
    '6 keep-alive sockets each), downloads aborted after their first chunk (the server’s open descriptors before ' +
    'and after), and sockets that drip a request a byte at a time (how long until the server closes them).',
  options: {
    server: {
      type: 'enum',
      values: ['both', 'serve.mjs', 'serve.py'],
      default: 'both',
      help: 'which server to measure',
    },
    students: { type: 'int', min: 1, max: 1000, default: 40, help: 'students opening the live page at once' },
    aborts: { type: 'int', min: 0, max: 100_000, default: 2000, help: 'aborted downloads (0: none)' },
    drip: { type: 'int', min: 0, max: 2000, default: 400, help: 'slow-drip sockets (0: none)' },
    'drip-wait': {
      type: 'float',
      min: 1,
      max: 600,
      default: 40,
      arg: 'SECONDS',
      help: 'how long to wait for the server to close the drips',
    },
    site: {
      type: 'string',
      arg: 'DIR',
      help: 'serve this built site instead of a temporary one with the live page’s files at their sizes',
    },
    scripts: {
      type: 'string',
      arg: 'DIR',
      help: 'a folder with other copies of serve.mjs and serve.py (e.g. an older commit’s, for before/after)',
    },
    json: { type: 'string', arg: 'FILE', help: 'also write the figures as JSON' },
  },
  examples: [
    ['npm run load -- --students 150', 'both servers, 150 students, 2,000 aborts, 400 drips'],
    ['npm run load -- --server serve.py --aborts 0 --drip 0', 'serve.py under a class of 40 only'],
  ],
  exitCodes: { 1: 'a server failed: a request failed, a descriptor leaked or a drip was never closed' },
});

void cli.main(async (o) => {
  const work = mkdtempSync(join(tmpdir(), 'vig-load-'));
  const site = o.site ? resolve(o.site) : join(work, 'site');
  if (!o.site) writeLiveSite(site);
  const kinds: ServerKind[] = o.server === 'both' ? ['serve.mjs', 'serve.py'] : [o.server as ServerKind];
  const records: Record<string, unknown>[] = [];
  let bad = false;
  try {
    for (const kind of kinds) {
      const script = o.scripts ? join(resolve(o.scripts), kind) : undefined;
      const server = await startServerProcess(kind, site, { script });
      try {
        const load = await classLoad({ origin: server.origin, students: o.students });
        console.log(
          `${kind}: ${load.students} students × ${load.requests / load.students} files: ${load.ms} ms, ` +
            `${load.failed} failed, ${load.over10s} over 10 s, slowest ${load.slowestMs} ms` +
            (load.errors.length ? ` (${load.errors.join('; ')})` : ''),
        );
        const record: Record<string, unknown> = { server: kind, script: script ?? `scripts/${kind}`, load };
        bad ||= load.failed > 0;
        if (o.aborts > 0) {
          const before = await settledFdCount(server.pid, 500);
          const aborts = await abortDownloads({ port: server.port, count: o.aborts });
          const after = await settledFdCount(server.pid, 3000);
          console.log(`${kind}: ${o.aborts} aborted downloads in ${aborts.ms} ms; descriptors ${before} → ${after}`);
          record.aborts = { ...aborts, fdBefore: before, fdAfter: after };
          bad ||= before !== null && after !== null && after > before + 5;
        }
        if (o.drip > 0) {
          const drip = await slowDrip({ port: server.port, count: o.drip, forMs: o['drip-wait'] * 1000 });
          console.log(
            `${kind}: ${drip.closedByServer}/${drip.count} slow-drip sockets closed by the server ` +
              `(median ${drip.medianMs} ms, last ${drip.maxMs} ms; waited up to ${o['drip-wait']} s)`,
          );
          record.drip = drip;
          bad ||= drip.closedByServer < drip.count;
        }
        records.push(record);
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (o.json) writeFileSync(o.json, `${JSON.stringify(records, null, 2)}\n`);
  if (bad) throw new Error('a server did not hold the class (see above)');
});
