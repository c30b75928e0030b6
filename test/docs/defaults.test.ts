// Defaults the docs state must be the engine's: each "`orderRetentionDays` ..., default N" (and
// "orders for N days") in the Markdown docs is checked against the compiled program.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineProgram } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { compiledProgramOf } from '../../src/program/index.js';
import { ROOT } from './markdown.js';

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? markdownFiles(join(dir, d.name)) : d.name.endsWith('.md') ? [join(dir, d.name)] : [],
  );
}

describe('defaults stated in the docs', () => {
  const engineDefault = compiledProgramOf(
    defineProgram({ id: 'p', currency: 'CNY', timeZone: 'Asia/Shanghai' }),
  ).orderRetentionDays;

  test('orderRetentionDays', () => {
    expect(engineDefault).toBe(90);
    const stated: string[] = [];
    for (const file of ['README.md', ...markdownFiles('docs')]) {
      // joined lines, so a sentence broken over two lines is read whole
      const text = readFileSync(join(ROOT, file), 'utf8').replace(/\s*\n\s*/g, ' ');
      for (const m of text.matchAll(/`orderRetentionDays`[^.;|]{0,40}?default (\d+)/g)) {
        stated.push(`${file}: ${m[1]}`);
      }
    }
    expect(stated.length).toBeGreaterThanOrEqual(3);
    expect(stated.filter((s) => !s.endsWith(`: ${engineDefault}`))).toEqual([]);
  });
});
