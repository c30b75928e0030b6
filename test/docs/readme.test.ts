// The README's quickstart and the runnable blocks of the docs run as written: each TypeScript block
// is type-checked with the project's strict settings, run with tsx, and what it prints is compared
// with the `text` block that follows it in the Markdown.
import { describe, expect, test } from 'vitest';
import { codeAndOutput, codeBlocks } from './markdown.js';
import { runTs, typeErrors, writeSnippet } from './runTs.js';

const snippets = [
  { doc: 'README.md', heading: 'Quickstart', name: 'readme-quickstart' },
  { doc: 'README.zh-CN.md', heading: '快速上手', name: 'readme-zh-cn-quickstart' },
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
  { doc: 'docs/guides/localization.md', heading: 'In one script', name: 'guide-localization' },
  {
    doc: 'docs/guides/backtests-and-changes.md',
    heading: 'A change, checked before it ships, in one script',
    name: 'guide-backtests',
  },
  {
    doc: 'docs/guides/member-data.md',
    heading: 'Export and erase, in one script',
    name: 'guide-member-data',
  },
].map((s) => {
  const { code, output } = codeAndOutput(s.doc, s.heading);
  return { ...s, file: writeSnippet(s.name, code.code), output: output.code };
});

// README.zh-CN.md's second block renders the quickstart's effects in Chinese: it runs after the
// quickstart, and the lines it shows as comments are what it prints.
snippets.push(
  (() => {
    const quick = codeAndOutput('README.zh-CN.md', '快速上手');
    const blocks = codeBlocks('README.zh-CN.md').filter((b) => b.heading === '快速上手' && b.lang === 'ts');
    const fragment = blocks[1];
    if (fragment === undefined) throw new Error('README.zh-CN.md: no formatter block under 快速上手');
    const imports = 'import { createEngine, defineProgram }';
    if (!quick.code.code.includes(imports))
      throw new Error(`README.zh-CN.md: the quickstart no longer starts with ${imports}`);
    const lines = fragment.code.split('\n');
    const code =
      quick.code.code.replace(imports, 'import { createEngine, createFormatter, defineProgram }') +
      lines.filter((l) => !l.startsWith('import ') && !l.startsWith('//')).join('\n');
    const printed = lines.filter((l) => l.startsWith('// ')).map((l) => l.slice(3));
    return {
      doc: 'README.zh-CN.md',
      heading: '快速上手',
      name: 'readme-zh-cn-formatter',
      file: writeSnippet('readme-zh-cn-formatter', code),
      output: `${quick.output.code.trim()}\n${printed.join('\n')}`,
    };
  })(),
);

describe('runnable blocks of the docs', () => {
  // the compiler checks the snippets with the sources they import: slow on a busy machine
  test('type-check', { timeout: 180_000 }, () => {
    expect(typeErrors(snippets.map((s) => s.file))).toEqual([]);
  });

  test.each(snippets)('$name prints what the document says it prints', ({ file, output }) => {
    expect(runTs(file).trim()).toBe(output.trim());
  });
});

test("README.zh-CN.md's quickstart is README.md's, code and output", () => {
  const en = codeAndOutput('README.md', 'Quickstart');
  const zh = codeAndOutput('README.zh-CN.md', '快速上手');
  expect(zh.code.code).toBe(en.code.code);
  expect(zh.output.code).toBe(en.output.code);
});
