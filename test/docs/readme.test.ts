// The README's quickstart and the getting-started guide's first program run as written: each
// TypeScript block is type-checked with the project's strict settings, run with tsx, and what it
// prints is compared with the `text` block that follows it in the Markdown.
import { describe, expect, test } from 'vitest';
import { codeAndOutput } from './markdown.js';
import { runTs, typeErrors, writeSnippet } from './runTs.js';

const snippets = [{ doc: 'README.md', heading: 'Quickstart', name: 'readme-quickstart' }] as const;

describe.each(snippets)('$doc, under "$heading"', ({ doc, heading, name }) => {
  const { code, output } = codeAndOutput(doc, heading);
  const file = writeSnippet(name, code.code);

  test('type-checks', () => {
    expect(typeErrors([file])).toEqual([]);
  });

  test('prints what the document says it prints', () => {
    expect(runTs(file).trim()).toBe(output.code.trim());
  });
});
