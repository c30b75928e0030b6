// Relative links in the Markdown docs point to files that exist, and `#anchors` to headings that
// exist (GitHub's slugs), so moving or renaming a page cannot leave dead links behind.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './markdown.js';

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? markdownFiles(join(dir, d.name)) : d.name.endsWith('.md') ? [join(dir, d.name)] : [],
  );
}

/** GitHub's heading anchors (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (m === null) continue;
    const base = m[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    out.add(k === 0 ? base : `${base}-${k}`);
  }
  return out;
}

/** Links outside code: `[text](target)`. */
function links(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

const files = ['README.md', 'examples/README.md', ...markdownFiles('docs')];
const cases = files.flatMap((file) =>
  links(file)
    .filter((l) => !/^[a-z]+:/.test(l))
    .map((link) => ({ file, link })),
);

describe('links in the docs', () => {
  test.each(cases)('$file -> $link', ({ file, link }) => {
    const [path, anchor] = link.split('#') as [string, string | undefined];
    const target = path === '' ? file : normalize(join(dirname(file), path));
    expect(existsSync(join(ROOT, target)), `${target} exists`).toBe(true);
    if (anchor !== undefined && anchor !== '' && statSync(join(ROOT, target)).isFile()) {
      expect([...anchors(target)], `#${anchor} in ${target}`).toContain(anchor);
    }
  });
});
