// Runs every example and compares what it prints with the `/* Expected output: ... */` block at
// the end of its file (json-rules-engine's habit, checked here).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'examples';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .sort();
// Examples that need a database server: skipped, with a notice, only on a machine without one and
// outside CI (CI starts PostgreSQL and exports PGHOST, so there they run and are compared).
const NEEDS_SERVER = { 'postgres-store.ts': ['PGHOST', 'DATABASE_URL'] };
let failed = 0;
let skipped = 0;
for (const f of files) {
  const path = join(dir, f);
  const vars = NEEDS_SERVER[f];
  if (vars !== undefined && !process.env.CI && vars.every((v) => process.env[v] === undefined)) {
    console.log(
      `skip ${path}: needs a PostgreSQL server (set ${vars.join(' or ')}; see docs/guides/persistence.md)`,
    );
    skipped++;
    continue;
  }
  const expected = /\/\* Expected output:\n([\s\S]*?)\*\/\s*$/.exec(readFileSync(path, 'utf8'))?.[1];
  let actual;
  try {
    actual = execFileSync('npx', ['tsx', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    console.error(`FAIL ${path}: exited with ${e.status}\n${e.stderr ?? ''}${e.stdout ?? ''}`);
    failed++;
    continue;
  }
  if (expected === undefined) {
    console.error(`FAIL ${path}: no /* Expected output: ... */ block at the end`);
    failed++;
  } else if (actual.trim() !== expected.trim()) {
    console.error(
      `FAIL ${path}: output differs\n--- expected\n${expected.trim()}\n--- actual\n${actual.trim()}`,
    );
    failed++;
  } else {
    console.log(`ok   ${path}`);
  }
}
console.log(
  `examples: ${files.length - failed - skipped} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`,
);
process.exit(failed === 0 ? 0 : 1);
