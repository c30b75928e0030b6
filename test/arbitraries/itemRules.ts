/**
 * fast-check generators of rule sets heavy in line-item quantifiers, and of facts with awkward line
 * items (holes, non-objects, another currency, lazy fields), for the rule-set differential test
 * (test/differential/ruleSet.test.ts). Facts are generated as plain specs and built by `buildFacts`,
 * so that every evaluation gets fresh lazy functions with their own call log.
 */
import fc from 'fast-check';

const money = (amount: number, currency = 'CNY') => ({ amount, currency });

/** A condition over one item's facts (sku, category, tags, price, quantity). */
const itemLeaf: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constantFrom('shoes', 'socks', 'hats').map((v) => ({ fact: 'category', operator: 'equal', value: v })),
  fc.constant({ fact: 'category', operator: 'in', value: ['shoes', 'hats'] }),
  fc.constantFrom('sale', 'new').map((v) => ({ fact: 'tags', operator: 'contains', value: v })),
  fc
    .tuple(fc.constantFrom('moneyGreaterThanInclusive', 'moneyLessThan'), fc.integer({ min: 0, max: 3000 }))
    .map(([operator, amount]) => ({ fact: 'price', operator, value: money(amount) })),
  fc
    .tuple(fc.constantFrom('greaterThanInclusive', 'lessThan', 'equal'), fc.integer({ min: 0, max: 3 }))
    .map(([operator, value]) => ({ fact: 'quantity', operator, value })),
  fc.constant({ fact: 'price', path: '$.amount', operator: 'greaterThan', value: 1500 }),
  fc.constant({ fact: 'quantity', operator: 'greaterThan', value: { fact: 'sku', path: '$.length' } }),
  // Not speculative: a custom operator, and a nested item operator over an item's tags.
  fc.constant({ fact: 'quantity', operator: 'even', value: null }),
  fc.constant({
    fact: 'tags',
    operator: 'anyItem',
    value: { all: [{ fact: 'length', operator: 'greaterThan', value: 0 }] },
  }),
);

const itemWhere: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.array(itemLeaf, { minLength: 1, maxLength: 2 }).map((all) => ({ all })),
  fc.array(itemLeaf, { minLength: 1, maxLength: 2 }).map((any) => ({ any })),
  itemLeaf.map((c) => ({ not: c })),
);

/** A leaf of a rule: an item quantifier over `lines` (or `gifts`), or a plain fact. */
const ruleLeaf: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom('anyItem', 'everyItem', 'not:anyItem'),
        itemWhere,
        fc.constantFrom('lines', 'lines', 'gifts'),
      )
      .map(([operator, value, fact]) => ({ fact, operator, value })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record(
        {
          where: itemWhere,
          min: fc.integer({ min: 0, max: 4 }),
          max: fc.integer({ min: 4, max: 9 }),
          count: fc.constantFrom('lines', 'quantity'),
        },
        { requiredKeys: [] },
      )
      .map((value) => ({ fact: 'lines', operator: 'countItems', value })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('gold', 'silver').map((v) => ({ fact: 'tier', operator: 'equal', value: v })),
  },
  { weight: 1, arbitrary: fc.constant({ fact: 'vip', operator: 'equal', value: true }) },
  { weight: 1, arbitrary: fc.constant({ fact: 'total', operator: 'moneyGreaterThan', value: money(2000) }) },
);

const rule: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.array(ruleLeaf, { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
  fc.array(ruleLeaf, { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
  ruleLeaf.map((c) => ({ not: c })),
);

/** 2-6 rules (so that item quantifiers of different rules share passes). */
export const itemRuleSet: fc.Arbitrary<Record<string, unknown>[]> = fc.array(rule, {
  minLength: 2,
  maxLength: 6,
});

/** How one item is given: a plain item, a non-object, or an item whose category is lazy. */
export type ItemSpec =
  | { readonly kind: 'item'; readonly item: Record<string, unknown>; readonly lazyCategory: boolean }
  | { readonly kind: 'other'; readonly value: unknown };

const itemSpec: fc.Arbitrary<ItemSpec> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        sku: fc.constantFrom('A', 'BB', ''),
        category: fc.constantFrom('shoes', 'socks', 'hats'),
        tags: fc.subarray(['sale', 'new']),
        price: fc
          .tuple(fc.integer({ min: 0, max: 3000 }), fc.constantFrom('CNY', 'CNY', 'CNY', 'CNY', 'CNY', 'USD'))
          .map(([a, c]) => money(a, c)),
        quantity: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(undefined), fc.constant('2')),
        lazy: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      })
      .map(({ lazy, quantity, ...item }) => ({
        kind: 'item' as const,
        item: quantity === undefined ? item : { ...item, quantity },
        lazyCategory: lazy,
      })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, 7, 'x', [1]).map((value) => ({ kind: 'other' as const, value })),
  },
);

/** The facts of one event, as data. */
export interface FactsSpec {
  readonly lines: readonly (ItemSpec | 'hole')[] | 'missing' | 'not-an-array';
  readonly gifts: readonly (ItemSpec | 'hole')[];
  readonly tier: string;
  readonly lazyVip: boolean;
  readonly vip: boolean;
  readonly total: number;
}

const lineList = fc.array(
  fc.oneof({ weight: 9, arbitrary: itemSpec }, { weight: 1, arbitrary: fc.constant('hole' as const) }),
  {
    maxLength: 5,
  },
);

export const factsSpec: fc.Arbitrary<FactsSpec> = fc.record({
  lines: fc.oneof(
    { weight: 8, arbitrary: lineList },
    { weight: 1, arbitrary: fc.constantFrom('missing' as const, 'not-an-array' as const) },
  ),
  gifts: lineList,
  tier: fc.constantFrom('gold', 'silver'),
  lazyVip: fc.boolean(),
  vip: fc.boolean(),
  total: fc.integer({ min: 0, max: 4000 }),
});

/** The lazy functions called while evaluating, by fact name and params. */
export type CallLog = string[];

function buildList(list: readonly (ItemSpec | 'hole')[], log: CallLog): unknown[] {
  const out: unknown[] = [];
  list.forEach((s, i) => {
    if (s === 'hole') return; // leaves a hole at i (out.length is set below)
    if (s.kind === 'other') out[i] = s.value;
    else if (s.lazyCategory)
      out[i] = {
        ...s.item,
        category: (p: Readonly<Record<string, unknown>>) => {
          log.push(`item${i}.category${JSON.stringify(p)}`);
          return s.item['category'];
        },
      };
    else out[i] = { ...s.item };
  });
  out.length = list.length;
  return out;
}

/** Fresh facts for one evaluation; `log` receives every lazy call. */
export function buildFacts(spec: FactsSpec, log: CallLog): Record<string, unknown> {
  const facts: Record<string, unknown> = {
    gifts: buildList(spec.gifts, log),
    tier: spec.tier,
    total: money(spec.total),
    vip: spec.lazyVip
      ? (p: Readonly<Record<string, unknown>>) => {
          log.push(`vip${JSON.stringify(p)}`);
          return spec.vip;
        }
      : spec.vip,
  };
  if (spec.lines === 'not-an-array') facts['lines'] = 'lines';
  else if (spec.lines !== 'missing') facts['lines'] = buildList(spec.lines, log);
  return facts;
}

/** The custom operator the item rules use: an even number. */
export const CUSTOM_OPERATORS = {
  even: (a: unknown): boolean => typeof a === 'number' && a % 2 === 0,
};
