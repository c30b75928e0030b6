// Every `json` block of the docs is valid JSON, and what it claims to be: a block that looks like a
// program passes defineProgram, one that looks like an event passes parseEvent. (`jsonc` blocks are
// fragments with comments and are not checked.)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineProgram, parseEvent } from 'loyalty-engine';
import { describe, expect, test } from 'vitest';
import { codeBlocks, ROOT } from './markdown.js';

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? markdownFiles(join(dir, d.name)) : d.name.endsWith('.md') ? [join(dir, d.name)] : [],
  );
}

const blocks = ['README.md', ...markdownFiles('docs')].flatMap((file) =>
  codeBlocks(file)
    .filter((b) => b.lang === 'json')
    .map((b) => ({ where: `${file}:${b.line}`, code: b.code })),
);

describe('json blocks of the docs', () => {
  test('there are some', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(10);
  });

  test.each(blocks)('$where', ({ code }) => {
    const value: unknown = JSON.parse(code);
    expect(typeof value).toBe('object');
    const o = value as Record<string, unknown>;
    if ('currency' in o && 'timeZone' in o && 'id' in o && !('type' in o)) defineProgram(o);
    else if ('type' in o && 'occurredAt' in o && 'id' in o) parseEvent(o);
  });
});
