import type { LoyaltyIssue, PathSegment } from '../errors/index.js';

/** Bounds of untrusted JSON values (attributes, metadata). */
export interface JsonLimits {
  readonly maxDepth: number;
  readonly maxNodes: number;
  readonly maxStringLength: number;
}

/** Default bounds: depth 16, 10,000 nodes, strings of 10,000 characters. */
export const DEFAULT_JSON_LIMITS: JsonLimits = Object.freeze({
  maxDepth: 16,
  maxNodes: 10_000,
  maxStringLength: 10_000,
});

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Copies a plain JSON value (null, boolean, finite number, string, array, plain object), iteratively
 * and within bounds, so the copy can be frozen without touching the caller's objects and a hostile
 * input cannot overflow the stack. Problems are pushed to `issues` with their paths; the copy then
 * holds `null` in their place. Keys `__proto__`, `constructor` and `prototype` are refused.
 */
export function copyJson(
  value: unknown,
  path: readonly PathSegment[],
  issues: LoyaltyIssue[],
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): unknown {
  const root: { v: unknown } = { v: null };
  const stack: { src: unknown; set: (v: unknown) => void; path: PathSegment[]; depth: number }[] = [
    { src: value, set: (v) => (root.v = v), path: [...path], depth: 0 },
  ];
  let nodes = 0;
  while (stack.length > 0) {
    const { src, set, path: at, depth } = stack.pop()!;
    nodes += 1;
    if (nodes > limits.maxNodes) {
      issues.push({
        code: 'too_big',
        path: [...path],
        message: `Too large: more than ${limits.maxNodes} values`,
      });
      return null;
    }
    if (src === null || typeof src === 'boolean') set(src);
    else if (typeof src === 'number') {
      if (Number.isFinite(src)) set(src);
      else
        issues.push({
          code: 'invalid_type',
          path: at,
          message: 'Numbers must be finite (no NaN or Infinity)',
        });
    } else if (typeof src === 'string') {
      if (src.length <= limits.maxStringLength) set(src);
      else
        issues.push({
          code: 'too_big',
          path: at,
          message: `Must be at most ${limits.maxStringLength} characters long`,
        });
    } else if (depth >= limits.maxDepth) {
      issues.push({ code: 'too_deep', path: at, message: `Nested deeper than ${limits.maxDepth} levels` });
    } else if (Array.isArray(src)) {
      const out: unknown[] = new Array(src.length).fill(null);
      set(out);
      src.forEach((x, i) => {
        stack.push({ src: x, set: (v) => (out[i] = v), path: [...at, i], depth: depth + 1 });
      });
    } else if (
      typeof src === 'object' &&
      (Object.getPrototypeOf(src) === Object.prototype || Object.getPrototypeOf(src) === null)
    ) {
      const out: Record<string, unknown> = {};
      set(out);
      const keys: string[] = [];
      for (const key of Object.keys(src)) {
        if (FORBIDDEN.has(key)) {
          issues.push({
            code: 'forbidden_key',
            path: [...at, key],
            message: `The key "${key}" is not allowed`,
          });
          continue;
        }
        if ((src as Record<string, unknown>)[key] === undefined) continue;
        out[key] = null; // keeps the keys in their written order; the values are filled below
        keys.push(key);
      }
      for (let k = keys.length - 1; k >= 0; k--) {
        const key = keys[k]!;
        const v = (src as Record<string, unknown>)[key];
        stack.push({ src: v, set: (x) => (out[key] = x), path: [...at, key], depth: depth + 1 });
      }
    } else {
      issues.push({
        code: 'invalid_type',
        path: at,
        message: 'Expected plain JSON data (objects, arrays, strings, numbers, booleans, null)',
      });
    }
  }
  return root.v;
}

/** Freezes a value copied by `copyJson` (bounded depth, our own objects), iteratively. */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const x of Object.values(v)) stack.push(x);
    }
  }
  return value;
}
