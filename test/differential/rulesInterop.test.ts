/**
 * The domain operators give the same answers through json-rules-engine (registered with
 * registerLoyaltyOperators) as through compileCondition.
 */
import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { type Condition, compileCondition } from 'loyalty-engine';
import { registerLoyaltyOperators, toJsonRulesEngineRule } from 'loyalty-engine/json-rules-engine';
import { describe, expect, test } from 'vitest';

const RUNS = Number(process.env.FC_RUNS ?? 10_000) / 20;
const timeZone = 'America/New_York';

const instant = fc
  .integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2027, 0, 1) })
  .map((ms) => new Date(Math.floor(ms / 60000) * 60000).toISOString().replace('.000Z', 'Z'));
const money = fc.record({ amount: fc.integer({ min: 0, max: 50000 }), currency: fc.constant('USD') });
const item = fc.record({
  sku: fc.constantFrom('A', 'B', 'C'),
  category: fc.constantFrom('shoes', 'socks', 'hats'),
  tags: fc.subarray(['sale', 'new', 'vip']),
  price: money,
  quantity: fc.integer({ min: 0, max: 5 }),
});
const itemCond: fc.Arbitrary<Condition> = fc.oneof(
  fc
    .constantFrom('shoes', 'socks')
    .map((v) => ({ all: [{ fact: 'category', operator: 'equal', value: v }] })),
  fc.constantFrom('sale', 'new').map((v) => ({ any: [{ fact: 'tags', operator: 'contains', value: v }] })),
  money.map((v) => ({ not: { fact: 'price', operator: 'moneyLessThan', value: v } })),
);
const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc
    .subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 })
    .map((v) => ({ fact: 't', operator: 'weekdayIn', value: v })),
  fc
    .tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 24 }))
    .map((v) => ({ fact: 't', operator: 'hourBetween', value: v })),
  fc
    .constantFrom('isBirthday', 'inBirthdayWeek', 'inBirthdayMonth')
    .map((op) => ({ fact: 't', operator: op, value: { fact: 'birthday' } })),
  fc
    .tuple(fc.constantFrom('moneyGreaterThan', 'moneyLessThanInclusive', 'moneyEqual'), money)
    .map(([op, v]) => ({ fact: 'total', operator: op, value: v })),
  fc
    .tuple(fc.constantFrom('anyItem', 'everyItem', 'not:anyItem'), itemCond)
    .map(([op, v]) => ({ fact: 'lines', operator: op, value: v })),
  fc
    .tuple(itemCond, fc.integer({ min: 0, max: 6 }), fc.constantFrom('lines', 'quantity'))
    .map(([where, min, count]) => ({ fact: 'lines', operator: 'countItems', value: { where, min, count } })),
);
const tree = fc.oneof(
  fc.array(leaf, { maxLength: 3 }).map((all) => ({ all })),
  fc.array(leaf, { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
);
const facts = fc.record({
  t: instant,
  birthday: fc
    .date({ min: new Date(1950, 0, 1), max: new Date(2008, 0, 1), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  total: money,
  lines: fc.array(item, { maxLength: 4 }),
});

describe('interop: domain operators inside json-rules-engine agree with compileCondition', () => {
  test(`random domain conditions (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(tree, facts, async (conditions, f) => {
        const engine = registerLoyaltyOperators(new Engine([], { allowUndefinedFacts: true }), { timeZone });
        engine.addRule(toJsonRulesEngineRule({ id: 'hit', conditions }, { timeZone }) as never);
        const { events } = await engine.run(f);
        expect(compileCondition(conditions, { timeZone })(f)).toBe(events.length === 1);
      }),
      { numRuns: RUNS },
    );
  });
  test('toJsonRulesEngineRule wraps a root leaf and copies the event', () => {
    const rule = toJsonRulesEngineRule({
      id: 'gold',
      conditions: { fact: 'tier', operator: 'equal', value: 'gold' },
    });
    expect(rule).toEqual({
      name: 'gold',
      conditions: { all: [{ fact: 'tier', operator: 'equal', value: 'gold' }] },
      event: { type: 'gold' },
    });
    expect(() =>
      toJsonRulesEngineRule({ id: 'x', conditions: { fact: 'a', operator: 'nope', value: 1 } }),
    ).toThrow(/Unknown operator/);
  });
});
