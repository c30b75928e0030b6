// Packs the package as npm would publish it, then checks the tarball with publint (strict) and
// attw (are the types wrong?). Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'loyalty-pack-'));
const run = (cmd, args) =>
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
try {
  const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir]));
  const tarball = join(dir, out[0].filename);
  console.log(`packed ${out[0].filename}: ${out[0].entryCount} files, ${out[0].size} bytes`);
  execFileSync('npx', ['publint', '--strict', tarball], { stdio: 'inherit' });
  // node10 resolution ignores `exports`; the `analytics/package.json` stub serves it (as xstate does).
  execFileSync('npx', ['attw', tarball, '--format', 'table-flipped'], { stdio: 'inherit' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
