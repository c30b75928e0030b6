import { FORBIDDEN_NAMES } from './messages.js';

/** The result of parsing a `path`: the property names to follow, or why the path is refused. */
export type ParsedFactPath =
  | { readonly ok: true; readonly segments: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const NAME = /^(?:[A-Za-z_][A-Za-z0-9_]*|0|[1-9][0-9]{0,8})/;
const INDEX = /^\[(0|[1-9][0-9]{0,8})\]/;
const QUOTED = /^\[(['"])([\p{L}\p{N} _.-]+)\1\]/u;

/**
 * Parses the JSONPath subset that loyalty-engine supports in a condition's `path`:
 * `$.a.b`, `$.a[0]`, `$['key with spaces']`, `$["key"]`, and the same without the leading `$`
 * (`a.b`, which json-rules-engine's JSONPath also reads as `$.a.b`). Anything else (wildcards,
 * recursive descent, filters, slices, unions, script expressions) is refused: those select several
 * values or run code, and a condition compares one value.
 *
 * @param path - the path string from the condition (non-empty)
 * @returns the property names to follow, or a reason for refusal
 * @example parseFactPath("$.member['vip level']") //=> { ok: true, segments: ['member', 'vip level'] }
 */
export function parseFactPath(path: string): ParsedFactPath {
  let rest = path;
  const segments: string[] = [];
  if (rest.startsWith('$')) {
    rest = rest.slice(1);
  } else {
    const first = NAME.exec(rest);
    if (first === null) return { ok: false, reason: 'it must start with "$" or a property name' };
    segments.push(first[0]);
    rest = rest.slice(first[0].length);
  }
  while (rest.length > 0) {
    if (rest.startsWith('..')) return { ok: false, reason: 'recursive descent ("..") is not supported' };
    if (rest.startsWith('.')) {
      const name = NAME.exec(rest.slice(1));
      if (name === null) return { ok: false, reason: `"${rest.slice(0, 12)}" is not a plain property name` };
      segments.push(name[0]);
      rest = rest.slice(1 + name[0].length);
      continue;
    }
    const index = INDEX.exec(rest);
    if (index !== null) {
      segments.push(index[1]!);
      rest = rest.slice(index[0].length);
      continue;
    }
    const quoted = QUOTED.exec(rest);
    if (quoted !== null) {
      const key = quoted[2]!;
      segments.push(key);
      rest = rest.slice(quoted[0].length);
      continue;
    }
    return {
      ok: false,
      reason: `"${rest.slice(0, 12)}" is not supported (only .name, [index] and ['key'] with letters, digits, space, _ . -)`,
    };
  }
  for (const s of segments) {
    if (FORBIDDEN_NAMES.has(s)) return { ok: false, reason: `"${s}" could reach the object prototype` };
  }
  return { ok: true, segments };
}

/**
 * Follows `segments` into a fact value exactly as json-rules-engine 7 does with its default
 * JSONPath resolver, for the supported subset: a fact value that is not an object (or is null) is
 * returned unchanged (the path is ignored); only own properties are followed; a falsy value on the
 * way (0, '', false, null) ends the walk with `undefined`; strings are walked like arrays of
 * characters (`$.code.length`, `$.code[0]`).
 *
 * @param root - the fact value
 * @param segments - from {@link parseFactPath}
 * @returns the selected value, or undefined when the path does not exist
 * @example resolveFactPath({ a: [10, 20] }, ['a', '1']) //=> 20
 */
export function resolveFactPath(root: unknown, segments: readonly string[]): unknown {
  if (root === null || typeof root !== 'object') return root;
  let value: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    if (!value) return undefined;
    const key = segments[i]!;
    if (!Object.hasOwn(value as object, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
