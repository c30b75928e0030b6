/**
 * fast-check generators of json-rules-engine conditions and fact objects, for the differential
 * test of the rules compiler (test/differential/rules.test.ts).
 */
import fc from 'fast-check';

export const FACT_NAMES = ['a', 'b', 'c', 'n', 's', 'list'] as const;
export const KEYS = ['x', 'y', 'k k', '0', '1', 'length'] as const;
export const BUILTIN = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;
export const DECORATOR_NAMES = ['someFact', 'everyFact', 'someValue', 'everyValue', 'not', 'swap'] as const;
export const PATHS = [
  '$',
  '$.x',
  '$.x.y',
  '$.y',
  '$[0]',
  '$[1]',
  '$.0',
  "$['k k']",
  '$["x"]',
  '$.x[0]',
  '$.length',
  '$.x.length',
  'x.y',
  'x',
  "$['0'].x",
  '',
] as const;

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, -1, 10, 9, 0.5, 100),
  fc.constantFrom('', 'a', 'b', 'ab', 'abc', '1', '2', '10', '9', ' 5', '12abc', '1e3', 'Infinity', 'x'),
  fc.constantFrom(true, false, null),
  fc.integer({ min: -1000, max: 1000 }),
);

/** A JSON-ish value: scalars, arrays, objects with keys from {@link KEYS}. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: scalar, weight: 5 },
    { arbitrary: fc.array(tie('v'), { maxLength: 4 }), weight: 2 },
    {
      arbitrary: fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 3, noNullPrototype: true }),
      weight: 2,
    },
  ),
})).v;

/** A fact object: some of {@link FACT_NAMES} present, any of them may be null. */
export const facts: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.constantFrom(...FACT_NAMES),
  jsonValue,
  {
    maxKeys: FACT_NAMES.length,
    noNullPrototype: true,
  },
);

const factRef = fc.record(
  { fact: fc.constantFrom(...FACT_NAMES), path: fc.constantFrom(...PATHS) },
  { requiredKeys: ['fact'] },
);

const operatorName = fc
  .tuple(fc.array(fc.constantFrom(...DECORATOR_NAMES), { maxLength: 2 }), fc.constantFrom(...BUILTIN))
  .map(([decs, base]) => ({ decs, base, name: [...decs, base].join(':') }));

/** A leaf condition whose literal value never makes compileCondition refuse it. */
export const leaf: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      fact: fc.constantFrom(...FACT_NAMES),
      op: operatorName,
      path: fc.constantFrom(...PATHS),
      literal: jsonValue,
      array: fc.array(jsonValue, { maxLength: 4 }),
      str: fc.constantFrom('abc', '10', 'a', ''),
      ref: factRef,
      useRef: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      priority: fc.integer({ min: 1, max: 3 }),
    },
    { requiredKeys: ['fact', 'op', 'literal', 'array', 'str', 'ref', 'useRef'] },
  )
  .map((r) => {
    const outer = r.op.decs[0];
    let value: unknown = r.literal;
    if (outer === 'someValue' || outer === 'everyValue') value = r.array;
    else if (r.op.decs.length === 0 && (r.op.base === 'in' || r.op.base === 'notIn')) {
      value = typeof r.literal === 'string' ? r.str : r.array;
    } else if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.hasOwn(value, 'fact')
    ) {
      value = r.array;
    }
    if (r.useRef) value = r.ref;
    const out: Record<string, unknown> = { fact: r.fact, operator: r.op.name, value };
    if (r.path !== undefined) out['path'] = r.path;
    if (r.priority !== undefined) out['priority'] = r.priority;
    return out;
  });

/** A condition tree (root is all/any/not, as json-rules-engine requires) plus shared conditions. */
export function conditionTree(names: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const ref =
    names.length === 0
      ? leaf
      : fc.oneof(
          leaf,
          fc.constantFrom(...names).map((condition) => ({ condition })),
        );
  const tree = fc.letrec<{ node: Record<string, unknown>; group: Record<string, unknown> }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: ref, weight: 4 },
      { arbitrary: tie('group'), weight: 2 },
    ),
    group: fc.oneof(
      fc.record({ all: fc.array(tie('node'), { maxLength: 4 }) }),
      fc.record({ any: fc.array(tie('node'), { maxLength: 4 }) }),
      fc.record({ not: tie('node') }),
    ),
  }));
  return tree.group;
}

/** Shared conditions c0..c2, each referring only to earlier ones (no cycles), and a root tree. */
export const program: fc.Arbitrary<{
  named: Record<string, Record<string, unknown>>;
  root: Record<string, unknown>;
}> = fc.integer({ min: 0, max: 3 }).chain((count) => {
  const names = Array.from({ length: count }, (_, i) => `c${i}`);
  const namedArbs = names.map((_, i) => conditionTree(names.slice(0, i)));
  return fc.record({
    named: fc.tuple(...namedArbs).map((list) => Object.fromEntries(list.map((c, i) => [names[i]!, c]))),
    root: conditionTree(names),
  });
});
