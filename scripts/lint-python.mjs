// flake8 over training/ and scripts/serve.py (Debian's flake8). CI installs it (.ci/run); on a machine without it the check is skipped
// with a visible notice, and it fails under CI=true so that a missing install cannot pass for a clean lint.
import { spawnSync } from 'node:child_process';

const r = spawnSync('flake8', ['training/', 'scripts/serve.py'], { stdio: 'inherit' });
if (r.error?.code === 'ENOENT') {
  console.error('flake8 is not installed (apt-get install flake8): training/ and scripts/serve.py were NOT linted');
  process.exit(process.env.CI ? 1 : 0);
}
process.exit(r.status ?? 1);
