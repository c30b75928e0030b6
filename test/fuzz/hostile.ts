/**
 * What the untrusted-input fuzzer (untrusted.test.ts) feeds the library: arbitrary JSON, hostile
 * values (prototype keys as own properties, huge strings, unsafe and non-finite numbers, deep
 * nesting, non-JSON objects) and mutations of valid programs and events at random paths. Also a
 * snapshot of a value that sees own `__proto__` keys, `-0`, `NaN` and `undefined`, to check that
 * inputs come back unchanged.
 */
import fc from 'fast-check';

/** Runs of each fuzz property: `FUZZ_RUNS`, default 500, about 25 s on a loaded 2-core machine. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const SEED = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };
const PATH = process.env.FUZZ_PATH === undefined ? {} : { path: process.env.FUZZ_PATH };

/** How long a failure may be shrunk (`FUZZ_SHRINK_MS`, default 10 s): then the smallest so far is reported. */
const SHRINK_MS = Number(process.env.FUZZ_SHRINK_MS ?? 10_000);

/** fast-check parameters of a fuzz property (`scale` multiplies {@link FUZZ_RUNS}). */
export function fuzzParams(scale = 1): fc.Parameters<unknown> {
  return { numRuns: Math.max(1, Math.round(FUZZ_RUNS * scale)), ...SEED, ...PATH };
}

/**
 * `fc.property` whose shrinking is bounded in time: once a run has failed and `FUZZ_SHRINK_MS`
 * have passed, further shrink candidates pass unchecked, so fast-check stops and prints the
 * smallest counterexample found (its seed and path replay it). A failure is always reported.
 */
export function fuzzProperty<A, B>(
  a: fc.Arbitrary<A>,
  b: fc.Arbitrary<B>,
  predicate: (a: A, b: B) => void,
): fc.IPropertyWithHooks<[A, B]> {
  let failedAt: number | undefined;
  return fc.property(a, b, (x, y) => {
    if (failedAt !== undefined && Date.now() - failedAt > SHRINK_MS) return;
    try {
      predicate(x, y);
    } catch (e) {
      failedAt ??= Date.now();
      throw e;
    }
  });
}

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const RESERVED = [...PROTO_KEYS, 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'] as const;

/** An object with `key` as an own property (as `JSON.parse` makes `__proto__`). */
export function withOwnKey(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** `depth` nested arrays or objects around `inner`, built iteratively. */
export function nested(
  depth: number,
  kind: 'array' | 'object' | 'mixed' | 'condition',
  inner: unknown = 1,
): unknown {
  let v = inner;
  for (let i = 0; i < depth; i++) {
    if (kind === 'condition') {
      // What a recursive condition schema walks: all / any / not.
      v = i % 3 === 0 ? { all: [v] } : i % 3 === 1 ? { any: [v] } : { not: v };
      continue;
    }
    const k = kind === 'mixed' ? (i % 2 === 0 ? 'array' : 'object') : kind;
    v = k === 'array' ? [v] : { a: v };
  }
  return v;
}

const HUGE = 'x'.repeat(2_000_000);

/** Numbers JSON can carry (or nearly) that a careless reader mishandles. */
const HOSTILE_NUMBERS: readonly number[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  1e308,
  -1e308,
  5e-324,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  0.1,
  1.005,
  1e21,
  2 ** 31,
  2 ** 32,
  -1,
];
export const hostileNumber: fc.Arbitrary<number> = fc.constantFrom(...HOSTILE_NUMBERS);

/** Strings that look like numbers, dates, paths, or are huge or odd. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    '$.__proto__',
    '$.constructor.prototype',
    "$['__proto__']",
    '$..a',
    '$[?(@.a)]',
    '1e400',
    '-1e400',
    'NaN',
    'Infinity',
    '9007199254740993',
    '99999999999999999999999.99',
    '0.001',
    '1.0000000000000000000001',
    '2026-02-30T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-03-01T09:30:00+99:00',
    'Asia/Nowhere',
    'XXX',
    '\u0000',
    '\ud800',
    '(a+)+$',
    'x'.repeat(10_001),
    HUGE,
  ),
  fc.string({ maxLength: 20 }),
);

/** Arbitrary JSON with hostile leaves and prototype keys as own properties. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 3 }),
    hostileNumber,
    hostileString,
    fc.constantFrom(null, true, false, undefined),
    fc.array(tie('v'), { maxLength: 4 }),
    fc
      .tuple(
        fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...PROTO_KEYS)), tie('v'), {
          maxKeys: 4,
        }),
        fc.option(fc.tuple(fc.constantFrom(...PROTO_KEYS), tie('v'))),
      )
      .map(([o, extra]) => (extra === null ? o : withOwnKey({ ...o }, extra[0], extra[1]))),
    fc
      .constantFrom(
        'deep-array',
        'deep-object',
        'date',
        'map',
        'class',
        'function',
        'symbol',
        'bigint',
        'sparse',
        'proto-literal',
        'json-proto',
        'cycle',
      )
      .map(special),
  ),
})).v;

/** Values no JSON text produces, and a few that JSON.parse does produce but are traps. */
function special(kind: string): unknown {
  switch (kind) {
    case 'deep-array':
      return nested(10_000, 'array');
    case 'deep-object':
      return nested(10_000, 'object');
    case 'deep-condition':
      return nested(10_000, 'condition', { fact: 'orderTotal', operator: 'greaterThan', value: 1 });
    case 'date':
      return new Date(0);
    case 'map':
      return new Map([['a', 1]]);
    case 'class':
      return new (class Thing {
        a = 1;
      })();
    case 'function':
      return () => 1;
    case 'symbol':
      return Symbol('s');
    case 'bigint':
      return 10n ** 30n;
    case 'sparse':
      // biome-ignore lint/suspicious/noSparseArray: a hole is what is tested
      return [1, , 3];
    case 'proto-literal':
      return { a: 1, __proto__: { polluted: true } };
    case 'json-proto':
      return JSON.parse(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
      );
    case 'cycle': {
      const o: Record<string, unknown> = { a: 1 };
      o['self'] = o;
      return o;
    }
    default:
      return null;
  }
}

/** One change at a random place of a JSON value. */
export interface Mutation {
  /** Picks the node changed (modulo the number of nodes). */
  readonly at: number;
  readonly op:
    | 'replace'
    | 'delete'
    | 'add'
    | 'addProto'
    | 'duplicate'
    | 'wrap'
    | 'number'
    | 'string'
    | 'reserved'
    | 'rename'
    | 'deep';
  readonly value: unknown;
  readonly key: string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom(
    'replace',
    'delete',
    'add',
    'addProto',
    'duplicate',
    'wrap',
    'number',
    'string',
    'reserved',
    'rename',
    'rename',
    'deep',
  ),
  value: hostileJson,
  key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...PROTO_KEYS)),
});

type Container = Record<string, unknown> | unknown[];
type Json = Record<string | number, unknown>;

/** Every container of `root` with the key of each of its children: the places a mutation can go. */
function places(root: unknown): { parent: Container; key: string | number }[] {
  const out: { parent: Container; key: string | number }[] = [];
  const stack: unknown[] = [root];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        stack.push(x);
      });
    } else {
      for (const [k, x] of Object.entries(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k });
        stack.push(x);
      }
    }
  }
  return out;
}

/** A JSON copy of `seed` (JSON.parse, so a `__proto__` key stays an own property) with the mutations applied. */
export function mutate(seed: unknown, mutations: readonly Mutation[]): unknown {
  const root = { v: JSON.parse(JSON.stringify(seed)) as unknown };
  for (const m of mutations) {
    const all = places(root);
    const place = all[m.at % all.length];
    if (place === undefined) continue;
    const { parent, key } = place;
    const current = (parent as Record<string | number, unknown>)[key];
    const set = (v: unknown): void => {
      if (Array.isArray(parent)) parent[key as number] = v;
      else withOwnKey(parent, key as string, v);
    };
    switch (m.op) {
      case 'replace':
        set(m.value);
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else if (parent !== root) delete parent[key as string];
        break;
      case 'add':
      case 'addProto': {
        const k = m.op === 'addProto' ? PROTO_KEYS[m.at % PROTO_KEYS.length]! : m.key;
        if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
          withOwnKey(current as Record<string, unknown>, k, m.value);
        } else if (Array.isArray(current)) current.push(m.value);
        break;
      }
      case 'duplicate':
        if (Array.isArray(current) && current.length > 0) {
          for (let i = 0; i < 3; i++) current.push(structuredCopy(current[0]));
        }
        break;
      case 'wrap':
        set([current]);
        break;
      case 'number':
        set(typeof current === 'number' ? HOSTILE_NUMBERS[m.at % HOSTILE_NUMBERS.length] : current);
        break;
      case 'string':
        set(
          typeof current === 'string' ? `${current}${typeof m.value === 'string' ? m.value : '.5'}` : current,
        );
        break;
      case 'reserved':
        // An id, name or key turned into a name every object has (`toString`, `__proto__`, ...).
        if (typeof current === 'string') set(RESERVED[m.at % RESERVED.length]);
        break;
      case 'rename': {
        // A string (an id, most often) renamed everywhere it occurs, references included, to a
        // name every object has: the program stays consistent, so it goes on to be run.
        const ids = all.filter((p) => p.key === 'id' && typeof (p.parent as Json)[p.key] === 'string');
        const target = ids[m.at % Math.max(1, ids.length)];
        const from = target === undefined ? current : (target.parent as Json)[target.key];
        if (typeof from !== 'string') break;
        const to = RESERVED[m.at % RESERVED.length]!;
        for (const p of all) {
          const container = p.parent as Record<string | number, unknown>;
          if (container[p.key] === from) container[p.key] = to;
        }
        break;
      }
      case 'deep':
        set(nested(2_000 + (m.at % 9_000), m.at % 2 === 0 ? 'mixed' : 'condition', current));
        break;
    }
  }
  return root.v;
}

/** A JSON copy, or the value itself when it has no JSON form (a cycle, a bigint). */
function structuredCopy(v: unknown): unknown {
  try {
    const text = JSON.stringify(v);
    return text === undefined ? v : JSON.parse(text);
  } catch {
    return v;
  }
}

/**
 * A string that changes when anything reachable from `value` changes: own enumerable keys in
 * order (`__proto__` included), `-0`, `NaN`, `undefined`, non-plain objects by their tag, cycles
 * as `<cycle>`, frozenness of containers. Iterative (deep inputs are fine).
 */
export function snapshot(value: unknown): string {
  const parts: string[] = [];
  const seen = new Set<object>();
  const stack: { v: unknown; close?: string }[] = [{ v: value }];
  while (stack.length > 0) {
    const { v, close } = stack.pop()!;
    if (close !== undefined) {
      parts.push(close);
      continue;
    }
    if (typeof v === 'number') parts.push(Object.is(v, -0) ? '-0' : String(v));
    else if (typeof v === 'string')
      parts.push(JSON.stringify(v.length > 100 ? `${v.slice(0, 50)}#${v.length}` : v));
    else if (typeof v === 'bigint') parts.push(`${v}n`);
    else if (typeof v !== 'object' || v === null) parts.push(String(v));
    else if (seen.has(v)) parts.push('<cycle>');
    else {
      seen.add(v);
      const frozen = Object.isFrozen(v) ? 'F' : '';
      const proto = Object.getPrototypeOf(v) as object | null;
      const tag = Array.isArray(v)
        ? '['
        : proto === Object.prototype || proto === null
          ? '{'
          : `<${Object.prototype.toString.call(v)}>{`;
      parts.push(frozen + tag);
      stack.push({ v: undefined, close: Array.isArray(v) ? ']' : '}' });
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        stack.push({ v: (v as Record<string, unknown>)[k] });
        stack.push({ v: undefined, close: `${JSON.stringify(k)}:` });
      }
    }
  }
  return parts.join(' ');
}
