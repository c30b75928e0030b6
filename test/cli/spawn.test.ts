// The real command in child processes (node with the tsx loader on src/cli/main.ts, as the built
// bin would run): exit codes, what goes to stdout and stderr, no stack traces, no progress output
// when stderr is not a terminal. Few processes (each costs a second on a busy machine): the
// commands' behaviour is tested in-process in cli.test.ts; test/package/smoke.mjs runs the built
// dist/cli.js.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'loyalty-cli-spawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
      (error, out, err) => done({ code: error === null ? 0 : Number(error.code), out, err }),
    );
  });
}

test('exit codes and streams: help, a report, a bad row', async () => {
  const at = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const good = at('good.csv', 'customer_id,date,amount\na,2024-01-01,5\na,2024-01-20,6\nb,2024-01-03,7\n');
  const bad = at('bad.csv', 'customer_id,date,amount\na,2024-01-01,5\nb,2024-01-02,abc\n');
  const out = join(dir, 'good.html');
  const [help, report, badReport] = await Promise.all([
    cli('--help'),
    cli('report', good, '--out', out),
    cli('report', bad, '--out', join(dir, 'bad.html')),
  ]);
  expect(help).toMatchObject({ code: 0, err: '' });
  expect(help.out).toMatch(/^Usage: loyalty-engine <command>/);

  expect(report).toMatchObject({ code: 0, err: '' });
  expect(report.out.split('\n')[0]).toBe(
    `${out}: 2 customers, 3 orders, 2024-01-01 to 2024-01-20, holdout after 2024-01-10`,
  );
  expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/);

  expect(badReport).toEqual({
    code: 1,
    out: '',
    err: `loyalty-engine report: ${bad}:3: amount "abc" is not a decimal number\n`,
  });
}, 60_000);
