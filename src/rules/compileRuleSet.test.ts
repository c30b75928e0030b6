import { describe, expect, test } from 'vitest';
import { isLoyaltyError, type LoyaltyError } from '../errors/index.js';
import { compileCondition } from './compileCondition.js';
import { compileRuleSet } from './compileRuleSet.js';
import { explainCondition } from './explainCondition.js';
import type { Condition, ExplainGroup, Facts, RuleSetInput } from './types.js';

function errorOf(fn: () => unknown): LoyaltyError {
  try {
    fn();
  } catch (e) {
    if (isLoyaltyError(e)) return e;
    throw e;
  }
  throw new Error('expected a LoyaltyError');
}

const cny = (amount: number, currency = 'CNY') => ({ amount, currency });
const line = (category: string, quantity: number, price = 1000, tags: string[] = []) => ({
  sku: `${category}-1`,
  category,
  tags,
  price: cny(price),
  quantity,
});

const RULES: Record<string, Condition> = {
  gold: { all: [{ fact: 'tier', operator: 'in', value: ['gold', 'platinum'] }] },
  big: { all: [{ fact: 'total', operator: 'moneyGreaterThanInclusive', value: cny(50000) }] },
  shoes: {
    all: [
      {
        fact: 'lines',
        operator: 'anyItem',
        value: { all: [{ fact: 'category', operator: 'equal', value: 'shoes' }] },
      },
    ],
  },
  socks3: {
    all: [
      {
        fact: 'lines',
        operator: 'countItems',
        value: {
          where: { all: [{ fact: 'category', operator: 'equal', value: 'socks' }] },
          min: 3,
          count: 'quantity',
        },
      },
    ],
  },
  allSale: {
    all: [
      {
        fact: 'lines',
        operator: 'everyItem',
        value: { any: [{ fact: 'tags', operator: 'contains', value: 'sale' }] },
      },
    ],
  },
};

describe('compileRuleSet', () => {
  test('evaluates every rule, in order, with the results of each rule compiled alone', () => {
    const set = compileRuleSet(RULES);
    expect(set.ids).toEqual(['gold', 'big', 'shoes', 'socks3', 'allSale']);
    const facts = {
      tier: 'gold',
      total: cny(1200),
      lines: [line('shoes', 1), line('socks', 3, 500, ['sale'])],
    };
    expect(set.evaluate(facts)).toEqual([true, false, true, true, false]);
    expect(set.passing(facts)).toEqual(['gold', 'shoes', 'socks3']);
    for (const id of set.ids) expect(set.rule(id)(facts)).toBe(compileCondition(RULES[id]!)(facts));
    expect(set.evaluate({ tier: 'silver', total: cny(60000), lines: [] })).toEqual([
      false,
      true,
      false,
      false,
      true,
    ]);
  });

  test('a list of { id, conditions } works like a record; `into` is filled and returned', () => {
    const list = Object.entries(RULES).map(([id, conditions]) => ({ id, conditions }));
    const set = compileRuleSet(list);
    const into: boolean[] = [];
    const facts = { tier: 'platinum', lines: [line('socks', 1, 100, ['sale'])] };
    expect(set.evaluate(facts, into)).toBe(into);
    expect(into).toEqual(compileRuleSet(RULES).evaluate(facts));
    expect(compileRuleSet([]).evaluate({})).toEqual([]);
  });

  test('each fact is read once per evaluation for all rules; lazy facts only when reached', () => {
    const calls: string[] = [];
    const lazy =
      (name: string, value: unknown) =>
      (p: Readonly<Record<string, unknown>>): unknown => {
        calls.push(`${name}${JSON.stringify(p)}`);
        return value;
      };
    const set = compileRuleSet({
      a: { all: [{ fact: 'spend', operator: 'greaterThan', value: 100 }] },
      b: {
        any: [
          { fact: 'tier', operator: 'equal', value: 'gold' },
          { fact: 'spend', operator: 'lessThan', value: 0 },
        ],
      },
      c: { all: [{ fact: 'spend', params: { days: 30 }, operator: 'greaterThan', value: 5 }] },
      d: {
        all: [
          { fact: 'never', operator: 'equal', value: 1 },
          { fact: 'other', operator: 'equal', value: 1 },
        ],
      },
    });
    const facts = {
      spend: lazy('spend', 500),
      tier: lazy('tier', 'gold'),
      never: 2,
      other: lazy('other', 1),
    };
    expect(set.evaluate(facts)).toEqual([true, true, true, false]);
    // `spend` once without params and once with { days: 30 }; `other` never reached.
    expect(calls).toEqual(['spend{}', 'tier{}', 'spend{"days":30}']);
    calls.length = 0;
    set.evaluate(facts);
    expect(calls).toHaveLength(3); // a new evaluation computes them again
  });

  test('rules testing the same facts against overlapping literals give each rule alone (equal, in, notEqual, notIn)', () => {
    // The tests of later rules are implied, or not, by those of earlier ones (`channel = store` is
    // false once `channel in [app, miniprogram]` is true): a compiler that reuses earlier results
    // must still give, for every combination of values, each rule's result alone.
    const rules: Record<string, Condition> = {
      purchase: { all: [{ fact: 'type', operator: 'equal', value: 'purchase' }] },
      app: { all: [{ fact: 'channel', operator: 'in', value: ['app', 'miniprogram'] }] },
      store: {
        all: [
          { fact: 'type', operator: 'equal', value: 'purchase' },
          { fact: 'channel', operator: 'equal', value: 'store' },
        ],
      },
      notRefund: { all: [{ fact: 'type', operator: 'notEqual', value: 'refund' }] },
      appOnly: { any: [{ fact: 'channel', operator: 'equal', value: 'app' }] },
      notMarket: { not: { fact: 'channel', operator: 'in', value: ['marketplace', 'store'] } },
      web: { all: [{ fact: 'channel', operator: 'notIn', value: ['app', 'store', 'miniprogram'] }] },
      purchaseAgain: {
        any: [
          { fact: 'type', operator: 'equal', value: 'purchase' },
          { fact: 'n', operator: 'equal', value: 1 },
          { fact: 'n', operator: 'in', value: [1, 2] },
          { fact: 'flag', operator: 'equal', value: true },
        ],
      },
      numbers: {
        all: [
          { fact: 'n', operator: 'in', value: [1, 2] },
          { fact: 'n', operator: 'notEqual', value: 2 },
          { fact: 'flag', operator: 'equal', value: true },
        ],
      },
    };
    const set = compileRuleSet(rules);
    const alone = Object.values(rules).map((c) => compileCondition(c));
    let checked = 0;
    for (const type of ['purchase', 'refund', 'other', 7, undefined]) {
      for (const channel of ['app', 'miniprogram', 'store', 'marketplace', 'web', null, undefined]) {
        for (const n of [1, 2, 3, '1', undefined]) {
          for (const flag of [true, false, 'true']) {
            const facts: Facts = { type, channel, n, flag };
            expect(set.evaluate(facts)).toEqual(alone.map((c) => c(facts)));
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(525);
  });

  test('a lazy fact may evaluate the same set again (re-entrant)', () => {
    const set = compileRuleSet({
      outer: { all: [{ fact: 'inner', operator: 'equal', value: true }] },
      tier: { all: [{ fact: 'tier', operator: 'equal', value: 'gold' }] },
    });
    const facts = {
      tier: 'silver',
      inner: () => set.evaluate({ tier: 'gold', inner: false })[1],
    };
    expect(set.evaluate(facts)).toEqual([true, false]);
  });

  test('shared item pass: same results as each rule alone, holes and non-object items included', () => {
    const set = compileRuleSet(RULES);
    const alone = Object.values(RULES).map((c) => compileCondition(c));
    // biome-ignore lint/suspicious/noSparseArray: a hole is part of the test
    const sparse = [line('shoes', 1), , 7, null, line('socks', 5)];
    for (const lines of [[], sparse, [1, 2], 'not an array', [line('hats', 1, 10, ['sale'])]]) {
      const facts = { lines } as Facts;
      expect(set.evaluate(facts)).toEqual(alone.map((c) => c(facts)));
    }
  });

  test('an error in an item rule is thrown only when that rule is reached, with its path', () => {
    const set = compileRuleSet([
      {
        id: 'cheap',
        conditions: {
          all: [
            {
              fact: 'lines',
              operator: 'anyItem',
              value: { all: [{ fact: 'category', operator: 'equal', value: 'x' }] },
            },
          ],
        },
      },
      {
        id: 'pricey',
        conditions: {
          all: [
            { fact: 'vip', operator: 'equal', value: true },
            {
              fact: 'lines',
              operator: 'anyItem',
              value: { all: [{ fact: 'price', operator: 'moneyGreaterThan', value: cny(100) }] },
            },
          ],
        },
      },
    ]);
    const usd = { lines: [{ category: 'a', price: cny(500, 'USD') }] };
    // 'pricey' is not reached when vip is false: the USD price is never compared.
    expect(set.evaluate({ ...usd, vip: false })).toEqual([false, false]);
    const e = errorOf(() => set.evaluate({ ...usd, vip: true }));
    expect(e.code).toBe('CURRENCY_MISMATCH');
    expect(errorOf(() => compileCondition(set.rule('pricey').condition)({ ...usd, vip: true })).code).toBe(
      'CURRENCY_MISMATCH',
    );
  });

  test('a lazy fact inside an item stops the shared pass; it is called as when each rule runs alone', () => {
    let calls = 0;
    const item = {
      category: () => {
        calls++;
        return 'shoes';
      },
      quantity: 1,
    };
    const set = compileRuleSet(RULES);
    const facts = { lines: [item, item] };
    expect(set.evaluate(facts)).toEqual([false, false, true, false, false]);
    const set1 = calls;
    calls = 0;
    for (const c of Object.values(RULES)) compileCondition(c)(facts);
    expect(set1).toBe(calls);
  });

  test('runtime errors carry the rule in their path', () => {
    const set = compileRuleSet({
      ok: { all: [{ fact: 'a', operator: 'equal', value: 1 }] },
      bad: { all: [{ fact: 'sku', operator: 'in', value: { fact: 'allowed' } }] },
    });
    const e = errorOf(() => set.evaluate({ sku: 'x' }));
    expect(e.code).toBe('INVALID_CONDITION');
    expect(e.path).toEqual(['bad', 'all', 0]);
    expect(errorOf(() => set.rule('bad')({ sku: 'x' })).path).toEqual(['all', 0]);
    const list = compileRuleSet([
      { id: 'bad', conditions: RULES['gold']! },
      { id: 'worse', conditions: set.rule('bad').condition },
    ]);
    expect(errorOf(() => list.evaluate({ sku: 'x' })).path).toEqual([1, 'conditions', 'all', 0]);
  });

  test('explain and rule(id)', () => {
    const set = compileRuleSet(RULES);
    const facts = { tier: 'silver', total: cny(100) };
    const ex = set.explain('gold', facts) as ExplainGroup;
    expect(ex.result).toBe(false);
    expect(ex.children[0]).toMatchObject({ fact: 'tier', factValue: 'silver', result: false });
    expect(explainCondition(set.rule('gold'), facts)).toEqual(ex);
    expect(set.rule('gold').factNames).toEqual(['tier']);
    expect([...set.factNames].sort()).toEqual(['lines', 'tier', 'total']);
    expect(errorOf(() => set.explain('nope', facts)).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => set.rule('nope')).code).toBe('INVALID_ARGUMENT');
  });

  test('shared conditions are shared by every rule', () => {
    const set = compileRuleSet(
      { a: { all: [{ condition: 'gold' }] }, b: { not: { condition: 'gold' } } },
      { conditions: { gold: { all: [{ fact: 'tier', operator: 'equal', value: 'gold' }] } } },
    );
    expect(set.evaluate({ tier: 'gold' })).toEqual([true, false]);
  });

  test('every problem of every rule is reported with its path', () => {
    const e = errorOf(() =>
      compileRuleSet(
        {
          ok: { all: [] },
          typo: { all: [{ fact: 'a', operator: 'equals', value: 1 }] },
          ref: { all: [{ condition: 'shared' }] },
        },
        { conditions: { shared: { any: [{ fact: 'b', operator: 'nope', value: 1 }] } } },
      ),
    );
    expect(e.code).toBe('INVALID_CONDITION');
    expect(e.issues.map((i) => i.path)).toEqual([
      ['typo', 'all', 0, 'operator'],
      ['conditions', 'shared', 'any', 0, 'operator'],
    ]);
    const list = errorOf(() =>
      compileRuleSet([
        { id: 'x', conditions: { all: [] } },
        { id: 'y', conditions: { all: [{ fact: '__proto__', operator: 'equal', value: 1 }] } },
      ]),
    );
    expect(list.path).toEqual([1, 'conditions', 'all', 0, 'fact']);
    const limit = errorOf(() =>
      compileRuleSet({ deep: { not: { not: { not: { all: [] } } } } }, { limits: { maxDepth: 2 } }),
    );
    expect(limit.code).toBe('LIMIT_EXCEEDED');
    expect(limit.path[0]).toBe('deep');
  });

  test('a malformed rules argument is refused with INVALID_ARGUMENT and every problem', () => {
    const bad = (rules: unknown) => errorOf(() => compileRuleSet(rules as RuleSetInput));
    expect(bad(null).code).toBe('INVALID_ARGUMENT');
    expect(bad('rules').code).toBe('INVALID_ARGUMENT');
    const e = bad([
      { id: 'a', conditions: { all: [] } },
      { id: 'a', conditions: { all: [] } },
      { id: '', conditions: { all: [] } },
      { id: 7, conditions: { all: [] } },
      { id: 'b' },
      { id: 'c', conditions: { all: [] }, event: { type: 'c' } },
      'rule',
      { id: 'constructor', conditions: { all: [] } },
    ]);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.issues.map((i) => i.path)).toEqual([
      [1, 'id'],
      [2, 'id'],
      [3, 'id'],
      [4, 'conditions'],
      [5, 'event'],
      [6],
      [7, 'id'],
    ]);
    expect(bad({ __proto__: null, constructor: { all: [] } }).path).toEqual(['constructor']);
    expect(() => compileRuleSet({ a: { all: [] } }, { limits: { maxArrayLength: 1 } })).not.toThrow();
    expect(
      errorOf(() => compileRuleSet({ a: { all: [] }, b: { all: [] } }, { limits: { maxArrayLength: 1 } }))
        .code,
    ).toBe('LIMIT_EXCEEDED');
    const set = compileRuleSet(RULES);
    expect(errorOf(() => set.evaluate(null as unknown as Facts)).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => set.evaluate({}, 'x' as unknown as boolean[])).code).toBe('INVALID_ARGUMENT');
  });
});
