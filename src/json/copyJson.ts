import type { LoyaltyIssue, PathSegment } from '../errors/index.js';

/** Bounds of untrusted JSON values (programs, events, attributes, metadata). */
export interface JsonLimits {
  /** Containers (objects, arrays) nested at most this deep below the value copied (depth 0). */
  readonly maxDepth: number;
  /** Values (containers, strings, numbers, booleans, nulls) in all. */
  readonly maxNodes: number;
  /** Characters in any one string or object key. */
  readonly maxStringLength: number;
  /** Characters in all strings and keys together; default: no bound beyond the others. */
  readonly maxTotalStringLength?: number;
  /** How messages name the limits, e.g. `"ProgramLimits"`; default: no name. */
  readonly name?: string;
}

/** Default bounds: depth 16, 10,000 nodes, strings of 10,000 characters. */
export const DEFAULT_JSON_LIMITS: JsonLimits = Object.freeze({
  maxDepth: 16,
  maxNodes: 10_000,
  maxStringLength: 10_000,
});

/** Object keys refused anywhere in untrusted JSON: they could reach or replace a prototype. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Names every JavaScript object already has (`__proto__`, `constructor`, `toString`, `valueOf`,
 * `hasOwnProperty`, ...) and `prototype`: as ids that become keys of a member's state (caps,
 * metrics, refunded line ids), they would read or replace inherited members, so they are refused.
 */
export const RESERVED_NAMES: readonly string[] = Object.freeze(
  [...Object.getOwnPropertyNames(Object.prototype), 'prototype'].sort(),
);

/**
 * Matches any string but a {@link RESERVED_NAMES} name (a negative lookahead on fixed words: linear,
 * no backtracking), for schemas: `z.regex(NOT_RESERVED, ...)`.
 */
export const NOT_RESERVED: RegExp = new RegExp(
  `^(?!(?:${RESERVED_NAMES.map((n) => n.replace(/[^A-Za-z0-9_]/g, '\\$&')).join('|')})$)`,
);

/** The message of a schema check with {@link NOT_RESERVED}. */
export const RESERVED_MESSAGE =
  'Must not be a name every JavaScript object already has ("__proto__", "constructor", "prototype", "toString", "valueOf", ...): choose another';

/** The result of {@link copyJsonBounded}. */
export interface JsonCopy {
  /** The copy; `null` in place of every refused value (everything when `stopped`). */
  readonly value: unknown;
  /** True when a size limit (values, total characters) stopped the copy: `value` is then `null`. */
  readonly stopped: boolean;
}

interface Frame {
  readonly src: unknown;
  readonly parent: Frame | undefined;
  readonly key: PathSegment | undefined;
  /** Where the copy of `src` goes: `into[key]`. */
  readonly into: Record<string | number, unknown>;
  readonly depth: number;
}

function pathOf(frame: Frame, root: readonly PathSegment[]): PathSegment[] {
  const out: PathSegment[] = [];
  for (let f: Frame | undefined = frame; f !== undefined && f.key !== undefined; f = f.parent)
    out.push(f.key);
  out.reverse();
  return [...root, ...out];
}

/**
 * Copies a plain JSON value (null, boolean, finite number, string, array, plain object), iteratively
 * and within bounds, so the copy can be frozen without touching the caller's objects and a hostile
 * input cannot overflow the stack. Problems are pushed to `issues` with their paths; the copy then
 * holds `null` in their place (a refused key is left out). Keys `__proto__`, `constructor` and
 * `prototype` are refused: `JSON.parse` makes `__proto__` an own property, which later code (zod's
 * records among others) would drop silently or turn into a prototype. An object whose prototype is
 * not `Object.prototype` or `null` (a class instance, a `Date`, an object literal written with
 * `__proto__: {...}`) is not plain data and is refused. Keys whose value is `undefined` are left out.
 *
 * The work is linear in the size of the input up to the bounds: at most `maxNodes` values are
 * visited, and nothing below `maxDepth` is.
 */
export function copyJsonBounded(
  value: unknown,
  path: readonly PathSegment[],
  issues: LoyaltyIssue[],
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): JsonCopy {
  const named = (key: string): string => (limits.name === undefined ? key : `${limits.name}.${key}`);
  const root: Record<string | number, unknown> = { v: null };
  const stack: Frame[] = [{ src: value, parent: undefined, key: undefined, into: root, depth: 0 }];
  const maxTotal = limits.maxTotalStringLength ?? Number.POSITIVE_INFINITY;
  let nodes = 0;
  let chars = 0;
  const stop = (message: string): JsonCopy => {
    issues.push({ code: 'limit_exceeded', path: [...path], message });
    return { value: null, stopped: true };
  };
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { src, into, depth } = frame;
    const slot = frame.key === undefined ? 'v' : frame.key;
    if (++nodes > limits.maxNodes) {
      return stop(`Too large: more than ${limits.maxNodes} values (${named('maxNodes')})`);
    }
    if (src === null || typeof src === 'boolean') into[slot] = src;
    else if (typeof src === 'number') {
      if (Number.isFinite(src)) into[slot] = src;
      else
        issues.push({
          code: 'invalid_type',
          path: pathOf(frame, path),
          message: 'Numbers must be finite (no NaN or Infinity)',
        });
    } else if (typeof src === 'string') {
      chars += src.length;
      if (chars > maxTotal) {
        return stop(
          `Too large: more than ${maxTotal} characters in strings and keys (${named('maxTotalStringLength')})`,
        );
      }
      if (src.length <= limits.maxStringLength) into[slot] = src;
      else
        issues.push({
          code: 'limit_exceeded',
          path: pathOf(frame, path),
          message: `Must be at most ${limits.maxStringLength} characters long (${named('maxStringLength')})`,
        });
    } else if (typeof src !== 'object' || !isPlainContainer(src)) {
      issues.push({
        code: 'invalid_type',
        path: pathOf(frame, path),
        message: 'Expected plain JSON data (objects, arrays, strings, numbers, booleans, null)',
      });
    } else if (depth >= limits.maxDepth) {
      issues.push({
        code: 'limit_exceeded',
        path: pathOf(frame, path),
        message: `Nested deeper than ${limits.maxDepth} levels (${named('maxDepth')})`,
      });
    } else if (Array.isArray(src)) {
      const n = src.length;
      if (nodes + n > limits.maxNodes) {
        return stop(`Too large: more than ${limits.maxNodes} values (${named('maxNodes')})`);
      }
      const out: unknown[] = new Array<unknown>(n).fill(null);
      into[slot] = out;
      const target = out as unknown as Record<number, unknown>;
      for (let i = n - 1; i >= 0; i--) {
        stack.push({ src: src[i], parent: frame, key: i, into: target, depth: depth + 1 });
      }
    } else {
      const out: Record<string, unknown> = {};
      into[slot] = out;
      const keys = Object.keys(src);
      if (nodes + keys.length > limits.maxNodes) {
        return stop(`Too large: more than ${limits.maxNodes} values (${named('maxNodes')})`);
      }
      const kept: string[] = [];
      for (const key of keys) {
        chars += key.length;
        if (chars > maxTotal) {
          return stop(
            `Too large: more than ${maxTotal} characters in strings and keys (${named('maxTotalStringLength')})`,
          );
        }
        if (FORBIDDEN_KEYS.has(key)) {
          issues.push({
            code: 'forbidden_key',
            path: [...pathOf(frame, path), key],
            message: `The key "${key}" is not allowed (it could reach the object prototype)`,
          });
          continue;
        }
        if (key.length > limits.maxStringLength) {
          issues.push({
            code: 'limit_exceeded',
            path: [...pathOf(frame, path), key.slice(0, 40)],
            message: `Keys must be at most ${limits.maxStringLength} characters long (${named('maxStringLength')})`,
          });
          continue;
        }
        if ((src as Record<string, unknown>)[key] === undefined) continue;
        out[key] = null; // keeps the keys in their written order; the values are filled below
        kept.push(key);
      }
      for (let k = kept.length - 1; k >= 0; k--) {
        const key = kept[k]!;
        stack.push({
          src: (src as Record<string, unknown>)[key],
          parent: frame,
          key,
          into: out,
          depth: depth + 1,
        });
      }
    }
  }
  return { value: root['v'], stopped: false };
}

function isPlainContainer(src: object): boolean {
  if (Array.isArray(src)) return true;
  const proto: unknown = Object.getPrototypeOf(src);
  return proto === Object.prototype || proto === null;
}

/**
 * {@link copyJsonBounded}, returning only the copy (`null` when a size limit stopped it; the
 * issue says so).
 */
export function copyJson(
  value: unknown,
  path: readonly PathSegment[],
  issues: LoyaltyIssue[],
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): unknown {
  return copyJsonBounded(value, path, issues, limits).value;
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
