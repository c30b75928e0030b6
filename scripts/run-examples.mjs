// Runs every example and compares what it prints with the `/* Expected output: ... */` block at
// the end of its file (json-rules-engine's habit, checked here).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'examples';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .sort();
let failed = 0;
for (const f of files) {
  const path = join(dir, f);
  const expected = /\/\* Expected output:\n([\s\S]*?)\*\/\s*$/.exec(readFileSync(path, 'utf8'))?.[1];
  const actual = execFileSync('npx', ['tsx', path], { encoding: 'utf8' });
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
console.log(`examples: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
