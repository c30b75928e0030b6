import { describe, expect, test } from 'vitest';
import { isLoyaltyError } from '../errors/index.js';
import { compileCondition } from './compileCondition.js';
import { createLoyaltyOperators } from './createLoyaltyOperators.js';
import { explainCondition } from './explainCondition.js';
import type { Condition, ExplainGroup, ExplainLeaf } from './types.js';

const zone = 'Asia/Shanghai';
const at = (operator: string, value: unknown, instant: string): boolean =>
  compileCondition({ all: [{ fact: 't', operator, value }] }, { timeZone: zone })({ t: instant });
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return isLoyaltyError(e) ? e.code : 'NOT_LOYALTY';
  }
  return undefined;
};

describe('time operators read the program zone', () => {
  test('weekdayIn: 2026-03-06T17:00Z is Saturday 01:00 in Shanghai', () => {
    expect(at('weekdayIn', [6, 7], '2026-03-06T17:00:00Z')).toBe(true);
    expect(at('weekdayIn', ['fri'], '2026-03-06T17:00:00Z')).toBe(false);
    expect(at('weekdayIn', ['fri'], '2026-03-06T15:59:59Z')).toBe(true);
    expect(at('weekdayIn', [6], 'not a date')).toBe(false);
    expect(at('weekdayIn', [6], null as unknown as string)).toBe(false);
  });
  test('hourBetween: from inclusive, to exclusive, wraps midnight, HH:MM', () => {
    expect(at('hourBetween', [9, 17], '2026-03-06T01:00:00Z')).toBe(true); // 09:00 local
    expect(at('hourBetween', [9, 17], '2026-03-06T09:00:00Z')).toBe(false); // 17:00 local
    expect(at('hourBetween', [22, 6], '2026-03-06T15:30:00Z')).toBe(true); // 23:30 local
    expect(at('hourBetween', ['17:30', '19:00'], '2026-03-06T09:29:00Z')).toBe(false);
    expect(at('hourBetween', ['17:30', '19:00'], '2026-03-06T09:30:00Z')).toBe(true);
  });
  test('dateBetween: inclusive local dates, open ends', () => {
    expect(at('dateBetween', ['2026-03-07', '2026-03-08'], '2026-03-06T16:00:00Z')).toBe(true);
    expect(at('dateBetween', ['2026-03-07', null], '2026-03-06T15:59:59Z')).toBe(false);
    expect(at('dateBetween', [null, '2026-03-06'], '2026-03-06T15:59:59Z')).toBe(true);
  });
  test('birthday operators, 29 Feb policy', () => {
    const bd = (operator: string, birthday: string, instant: string, leap?: 'feb28' | 'mar1'): boolean =>
      compileCondition(
        { all: [{ fact: 't', operator, value: { fact: 'birthday' } }] },
        { timeZone: zone, ...(leap === undefined ? {} : { leapDayBirthday: leap }) },
      )({ t: instant, birthday });
    expect(bd('isBirthday', '1990-03-07', '2026-03-06T16:00:00Z')).toBe(true);
    expect(bd('isBirthday', '1990-03-07', '2026-03-06T15:00:00Z')).toBe(false);
    expect(bd('isBirthday', '2000-02-29', '2026-02-28T04:00:00Z')).toBe(true);
    expect(bd('isBirthday', '2000-02-29', '2026-03-01T04:00:00Z', 'mar1')).toBe(true);
    expect(bd('isBirthday', '2000-02-29', '2028-02-29T04:00:00Z')).toBe(true);
    expect(bd('inBirthdayMonth', '--03-31', '2026-03-01T04:00:00Z')).toBe(true);
    // 2026-03-07 is a Saturday: its ISO week is Mon 2026-03-02 .. Sun 2026-03-08
    expect(bd('inBirthdayWeek', '03-07', '2026-03-02T04:00:00Z')).toBe(true);
    expect(bd('inBirthdayWeek', '03-07', '2026-03-09T04:00:00Z')).toBe(false);
    // 2025-12-31 is a Wednesday; its week runs to Sun 2026-01-04
    expect(bd('inBirthdayWeek', '12-31', '2026-01-04T04:00:00Z')).toBe(true);
    expect(bd('isBirthday', 'garbage', '2026-03-06T16:00:00Z')).toBe(false);
  });
  test('a time operator without a zone, or with a bad value, is refused', () => {
    expect(code(() => compileCondition({ all: [{ fact: 't', operator: 'weekdayIn', value: [1] }] }))).toBe(
      'INVALID_CONDITION',
    );
    expect(code(() => at('weekdayIn', [8], '2026-03-06T17:00:00Z'))).toBe('INVALID_CONDITION');
    expect(code(() => at('hourBetween', [9], '2026-03-06T17:00:00Z'))).toBe('INVALID_CONDITION');
    expect(
      code(() =>
        compileCondition(
          { all: [{ fact: 't', operator: 'weekdayIn', value: [1] }] },
          { timeZone: 'Mars/Base' },
        ),
      ),
    ).toBe('UNKNOWN_TIME_ZONE');
  });
});

describe('money operators', () => {
  const m = (operator: string, fact: unknown, value: unknown): boolean =>
    compileCondition({ all: [{ fact: 'total', operator, value }] })({ total: fact });
  test('compare exact minor units of the same currency', () => {
    const cny = (amount: number) => ({ amount, currency: 'CNY' });
    expect(m('moneyGreaterThanInclusive', cny(10000), cny(10000))).toBe(true);
    expect(m('moneyGreaterThan', cny(10000), cny(10000))).toBe(false);
    expect(m('moneyLessThan', cny(9999), cny(10000))).toBe(true);
    expect(m('moneyEqual', cny(1), cny(1))).toBe(true);
    expect(m('moneyGreaterThan', undefined, cny(1))).toBe(false);
    expect(m('moneyGreaterThan', { amount: 1.5, currency: 'CNY' }, cny(1))).toBe(false);
    expect(code(() => m('moneyGreaterThan', { amount: 1, currency: 'USD' }, cny(1)))).toBe(
      'CURRENCY_MISMATCH',
    );
    expect(code(() => m('moneyGreaterThan', cny(1), 100))).toBe('INVALID_CONDITION');
  });
});

describe('line-item quantifiers', () => {
  const lines = [
    { sku: 'A1', category: 'shoes', tags: ['sale'], price: { amount: 30000, currency: 'CNY' }, quantity: 2 },
    { sku: 'B2', category: 'socks', tags: [], price: { amount: 2000, currency: 'CNY' }, quantity: 3 },
  ];
  const shoes: Condition = { all: [{ fact: 'category', operator: 'equal', value: 'shoes' }] };
  const c = (operator: string, value: unknown) =>
    compileCondition({ all: [{ fact: 'lines', operator, value }] })({ lines });
  test('anyItem / everyItem / countItems', () => {
    expect(c('anyItem', shoes)).toBe(true);
    expect(c('everyItem', shoes)).toBe(false);
    expect(c('not:anyItem', { all: [{ fact: 'tags', operator: 'contains', value: 'clearance' }] })).toBe(
      true,
    );
    expect(c('countItems', { where: shoes, min: 2, count: 'quantity' })).toBe(true);
    expect(c('countItems', { where: shoes, min: 2 })).toBe(false);
    expect(c('countItems', { min: 5, count: 'quantity' })).toBe(true);
    expect(
      c('anyItem', {
        all: [
          { fact: 'price', operator: 'moneyGreaterThanInclusive', value: { amount: 30000, currency: 'CNY' } },
        ],
      }),
    ).toBe(true);
    expect(
      compileCondition({ all: [{ fact: 'lines', operator: 'everyItem', value: shoes }] })({ lines: [] }),
    ).toBe(true);
    expect(
      compileCondition({ all: [{ fact: 'lines', operator: 'anyItem', value: shoes }] })({ lines: 'x' }),
    ).toBe(false);
  });
  test('the nested condition must be written in place, rooted at all/any/not', () => {
    expect(code(() => c('anyItem', { fact: 'category', operator: 'equal', value: 'shoes' }))).toBe(
      'INVALID_CONDITION',
    );
    expect(code(() => c('swap:anyItem', shoes))).toBe('INVALID_CONDITION');
    expect(code(() => c('countItems', { where: shoes, min: 3, max: 1 }))).toBe('INVALID_CONDITION');
  });
  test('explain lists the matching items', () => {
    const compiled = compileCondition({ all: [{ fact: 'lines', operator: 'anyItem', value: shoes }] });
    const ex = explainCondition(compiled, { lines }) as ExplainGroup;
    expect((ex.children[0] as ExplainLeaf).matchedItems).toEqual([0]);
  });
  test('explain does not fail on an item the operator never reached', () => {
    // anyItem stops at the first line; comparing the second (USD) with CNY would throw.
    const cheap = compileCondition({
      all: [
        {
          fact: 'lines',
          operator: 'anyItem',
          value: {
            all: [{ fact: 'price', operator: 'moneyLessThan', value: { amount: 100, currency: 'CNY' } }],
          },
        },
      ],
    });
    const mixed = {
      lines: [{ price: { amount: 1, currency: 'CNY' } }, { price: { amount: 1, currency: 'USD' } }],
    };
    expect(cheap(mixed)).toBe(true);
    const ex = explainCondition(cheap, mixed) as ExplainGroup;
    expect(ex.result).toBe(true);
    expect((ex.children[0] as ExplainLeaf).matchedItems).toEqual([0]);
  });
  test('createLoyaltyOperators gives the same answers as the compiler', () => {
    const ops = createLoyaltyOperators({ timeZone: zone });
    expect(ops['anyItem']!(lines, shoes)).toBe(true);
    expect(ops['countItems']!(lines, { where: shoes, min: 2, count: 'quantity' })).toBe(true);
    expect(ops['weekdayIn']!('2026-03-06T17:00:00Z', [6])).toBe(true);
    // A line that is not an object has no quantity: it counts 0, through both paths.
    const odd = [null, 7, { quantity: 1 }];
    const count = { min: 2, count: 'quantity' };
    expect(ops['countItems']!(odd, count)).toBe(false);
    expect(
      compileCondition({ all: [{ fact: 'lines', operator: 'countItems', value: count }] })({ lines: odd }),
    ).toBe(false);
  });
});
