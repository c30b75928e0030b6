// Reads the sources for the issue codes the library can put in a LoyaltyIssue: `code: '...'` in
// issue literals, `code = '...'` defaults, and the code argument of local helpers that take one
// (`invalidEvent('unknown_order', path, message)`, `add(path, 'missing_tier', message)`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Files whose `code` fields are not issue codes: lint warnings, invariant violations, the CLI. */
const NOT_ISSUES = [/^cli\//, /^report\//, /^program\/lintProgram\.ts$/, /^ledger\/checkInvariants\.ts$/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** Splits `text` from `start` (just after an opening parenthesis) into top-level arguments. */
function argumentsAt(text: string, start: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      current += c;
      if (c === '\\') current += text[++i] ?? '';
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        args.push(current.trim());
        return args;
      }
      depth--;
    }
    if (c === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
    } else current += c;
  }
  return args;
}

/** Every issue code literal in `src/`, with the files that emit it. */
export function emittedIssueCodes(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const rel = relative(SRC, file);
    if (NOT_ISSUES.some((r) => r.test(rel))) continue;
    // comments hold examples (`isKnownCurrency('cny')`), not codes
    const text = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const add = (code: string): void => {
      const files = out.get(code) ?? [];
      if (!files.includes(rel)) files.push(rel);
      out.set(code, files);
    };
    for (const m of text.matchAll(/\bcode(?::|\s*=)\s*'([a-z][a-z0-9_]*)'/g)) add(m[1]!);
    // helpers with a `code` parameter, and the literal passed at its position
    const helpers = new Map<string, number>();
    for (const m of text.matchAll(/(?:function\s+(\w+)|(?:const|let)\s+(\w+)\s*=)\s*\(/g)) {
      const params = argumentsAt(text, m.index + m[0].length);
      const k = params.findIndex((p) => /^code\b/.test(p));
      if (k >= 0) helpers.set((m[1] ?? m[2])!, k);
    }
    for (const [name, k] of helpers) {
      for (const m of text.matchAll(new RegExp(`(?<![\\w.])${name}\\(`, 'g'))) {
        const arg = argumentsAt(text, m.index + m[0].length)[k];
        const literal = arg === undefined ? null : /^'([a-z][a-z0-9_]*)'$/.exec(arg);
        if (literal !== null) add(literal[1]!);
      }
    }
  }
  return out;
}

/** Every error code passed to `new LoyaltyError(...)` in `src/` (a literal first argument). */
export function emittedErrorCodes(): Set<string> {
  const out = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/new LoyaltyError\(\s*'([A-Z][A-Z_]*)'/g)) out.add(m[1]!);
  }
  return out;
}
