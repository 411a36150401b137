// Writes chosen cases of the hostile corpus (tests/fixtures/hostile/corpus.ts) into a folder, for the browser
// tests that upload them: `node --import tsx tests/e2e/hostile-files.ts DIR id …` prints
// {"<id>": {"path": …, "message": "<regex source of the expected message>"}} as one JSON line.
import { caseById } from '../fixtures/hostile/corpus';

const [dir, ...ids] = process.argv.slice(2);
const out: Record<string, { path: string; message: string }> = {};
for (const id of ids) {
  const c = caseById(id);
  out[id] = { path: c.make(dir), message: c.expect.message.source };
}
console.log(JSON.stringify(out));
