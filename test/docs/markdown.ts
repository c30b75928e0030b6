// Reads the fenced code blocks of the Markdown docs, so tests can run what the docs show.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** One fenced block: its language, its text, the heading it sits under, and its line (1-based). */
export interface CodeBlock {
  readonly lang: string;
  readonly code: string;
  readonly heading: string;
  readonly line: number;
}

/** Every fenced block of a Markdown file (path relative to the repository root), in order. */
export function codeBlocks(path: string): CodeBlock[] {
  const lines = readFileSync(resolve(ROOT, path), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const open = /^```(\S*)\s*$/.exec(line);
    if (open === null) {
      if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`${path}:${start + 1}: code block is not closed`);
    blocks.push({ lang: open[1] ?? '', code: `${body.join('\n')}\n`, heading, line: start + 1 });
  }
  return blocks;
}

/**
 * The first TypeScript block under a heading, and the `text` block that follows it (what the code
 * prints).
 */
export function codeAndOutput(path: string, heading: string): { code: CodeBlock; output: CodeBlock } {
  const blocks = codeBlocks(path);
  const i = blocks.findIndex((b) => b.heading === heading && b.lang === 'ts');
  const output = blocks[i + 1];
  if (i < 0) throw new Error(`${path}: no ts block under "${heading}"`);
  if (output === undefined || output.lang !== 'text')
    throw new Error(
      `${path}:${blocks[i]!.line}: the ts block must be followed by a text block with its output`,
    );
  return { code: blocks[i]!, output };
}
