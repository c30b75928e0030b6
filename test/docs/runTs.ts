// Type-checks and runs a TypeScript snippet taken from the docs, as a user would: the project's
// tsconfig (strict, with `loyalty-engine` resolved to the sources), then tsx in a child process.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { ROOT } from './markdown.js';

/** Writes the snippet to `.tmp/docs/<name>.ts` and returns its path. */
export function writeSnippet(name: string, code: string): string {
  const dir = resolve(ROOT, '.tmp/docs');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `${name}.ts`);
  writeFileSync(file, code);
  return file;
}

/** The type errors of the files under the project's compiler options, as `file:line: message`. */
export function typeErrors(files: readonly string[]): string[] {
  const config = ts.readConfigFile(resolve(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file === undefined || d.start === undefined) return text;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName}:${line + 1}: ${text}`;
  });
}

/** Runs a TypeScript file with tsx from the repository root and returns what it printed. */
export function runTs(file: string): string {
  return execFileSync(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), file], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
