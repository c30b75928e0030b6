// The import-direction rules of STYLE.md 3.2, checked on the source (an equivalent of
// dependency-cruiser, which needs Node 22+): arrows point one way, no cycles between concepts,
// no Node built-ins in src/ outside src/cli/, analytics and the main entry stay apart.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Which concepts each concept may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  json: ['errors'],
  money: ['errors'],
  points: ['errors', 'money'],
  time: ['errors'],
  rules: ['errors', 'money', 'time'],
  interop: ['errors', 'money', 'time', 'rules'],
  program: ['errors', 'json', 'money', 'points', 'time', 'rules'],
  events: ['errors', 'json', 'money', 'points', 'time'],
  ledger: ['errors', 'json', 'money', 'points', 'time', 'program', 'events'],
  earning: ['errors', 'json', 'money', 'points', 'time', 'program', 'events', 'rules', 'ledger'],
  tiers: ['errors', 'json', 'money', 'points', 'time', 'program', 'events', 'rules', 'ledger'],
  engine: [
    'errors',
    'json',
    'money',
    'points',
    'time',
    'program',
    'events',
    'rules',
    'ledger',
    'earning',
    'tiers',
  ],
  store: ['errors', 'events', 'ledger', 'engine'],
  simulate: ['errors', 'json', 'money', 'points', 'time', 'program', 'events', 'ledger', 'tiers', 'engine'],
  analytics: ['errors', 'money', 'time'],
  report: ['errors', 'money', 'time', 'analytics'],
  liability: ['errors', 'money', 'time', 'events', 'ledger'],
  experiments: ['errors', 'money', 'time', 'ledger', 'liability'],
  cli: ['*'],
};
const NODE_BUILTINS =
  /^(node:|fs$|path$|os$|crypto$|child_process$|worker_threads$|readline$|stream$|http$|https$|net$|url$|util$|buffer$|process$)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]/g))
    out.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

const concept = (file: string): string => relative(SRC, file).split('/')[0]!.replace(/\.ts$/, '');
const files = sourceFiles(SRC);

describe('import direction (STYLE.md 3.2)', () => {
  test('every concept imports only the concepts below it', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = concept(file);
      if (from === 'index') continue; // the main entry re-exports everything except analytics
      const allowed = ALLOWED[from];
      if (allowed === undefined) {
        violations.push(`${relative(SRC, file)}: concept "${from}" has no entry in ALLOWED`);
        continue;
      }
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const to = concept(resolve(dirname(file), spec));
        if (to !== from && !allowed.includes(to) && !allowed.includes('*')) {
          violations.push(`${relative(SRC, file)} imports ${spec} (${from} -> ${to})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  test('the main entry never imports analytics; analytics and the main entry never import json-rules-engine', () => {
    const bad: string[] = [];
    for (const file of files) {
      const from = concept(file);
      for (const spec of importsOf(file)) {
        if (from === 'index' && spec.includes('analytics')) bad.push(`${relative(SRC, file)} -> ${spec}`);
        if (from !== 'interop' && spec === 'json-rules-engine') bad.push(`${relative(SRC, file)} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('src/ outside src/cli/ imports no Node built-in', () => {
    const bad = files
      .filter((f) => concept(f) !== 'cli')
      .flatMap((f) =>
        importsOf(f)
          .filter((s) => NODE_BUILTINS.test(s))
          .map((s) => `${relative(SRC, f)} -> ${s}`),
      );
    expect(bad).toEqual([]);
  });

  test('no import cycles between files', () => {
    const graph = new Map<string, string[]>();
    for (const f of files) {
      graph.set(
        f,
        importsOf(f)
          .filter((s) => s.startsWith('.'))
          .map((s) => resolve(dirname(f), s).replace(/\.js$/, '.ts'))
          .filter((t) => graph.has(t) || files.includes(t)),
      );
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, stack: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].map((p) => relative(SRC, p)).join(' -> '));
        return;
      }
      state.set(f, 'visiting');
      for (const t of graph.get(f) ?? []) visit(t, [...stack, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
