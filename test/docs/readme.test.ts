// The README's quickstart and the runnable blocks of the docs run as written: each TypeScript block
// is type-checked with the project's strict settings, run with tsx, and what it prints is compared
// with the `text` block that follows it in the Markdown.
import { describe, expect, test } from 'vitest';
import { codeAndOutput } from './markdown.js';
import { runTs, typeErrors, writeSnippet } from './runTs.js';

const snippets = [
  { doc: 'README.md', heading: 'Quickstart', name: 'readme-quickstart' },
  { doc: 'docs/getting-started.md', heading: '2. Your first program', name: 'getting-started-first' },
  { doc: 'docs/getting-started.md', heading: '3. Keep members in a store', name: 'getting-started-store' },
  {
    doc: 'docs/guides/analytics-and-clv.md',
    heading: 'From orders to decisions, in one script',
    name: 'guide-analytics',
  },
  {
    doc: 'docs/guides/membership-and-rewards.md',
    heading: "A member's month, in one script",
    name: 'guide-membership',
  },
].map((s) => {
  const { code, output } = codeAndOutput(s.doc, s.heading);
  return { ...s, file: writeSnippet(s.name, code.code), output: output.code };
});

describe('runnable blocks of the docs', () => {
  // the compiler checks the snippets with the sources they import: slow on a busy machine
  test('type-check', { timeout: 180_000 }, () => {
    expect(typeErrors(snippets.map((s) => s.file))).toEqual([]);
  });

  test.each(snippets)('$name prints what the document says it prints', ({ file, output }) => {
    expect(runTs(file).trim()).toBe(output.trim());
  });
});
