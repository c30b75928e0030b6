import { describe, expect, test } from 'vitest';
import { isLoyaltyError } from '../errors/index.js';
import type { Money, RoundingMode } from '../money/index.js';
import { pointsFromMoney } from './pointsFromMoney.js';
import type { PointsConversionMode, PointsPrecision, PointsRate } from './types.js';

function errorOf(f: () => unknown): { code: string; path: readonly (string | number)[]; message: string } {
  try {
    f();
  } catch (e) {
    if (isLoyaltyError(e)) return { code: e.code, path: e.path, message: e.message };
    return { code: `not a LoyaltyError: ${String(e)}`, path: [], message: '' };
  }
  return { code: 'no error', path: [], message: '' };
}

const cny = (amount: number): Money => ({ amount, currency: 'CNY' });
const rate = (points: string, per: Money, mode: PointsConversionMode = 'proportional'): PointsRate => ({
  points,
  per,
  mode,
});

describe('pointsFromMoney: the DOMAIN.md examples', () => {
  const order = cny(19990); // 199.90 CNY
  test('"10 points per 100.00 CNY": 199.90 -> 19.99 -> 19 with floor', () => {
    expect(pointsFromMoney(order, rate('10', cny(10000)))).toEqual({
      units: 19,
      points: '19',
      unrounded: '19.99',
      exact: true,
      blocks: null,
    });
  });
  test('"10 points for every full 100.00 CNY": 199.90 -> 1 block -> 10', () => {
    expect(pointsFromMoney(order, rate('10', cny(10000), 'perFullBlock'))).toEqual({
      units: 10,
      points: '10',
      unrounded: '10',
      exact: true,
      blocks: 1,
    });
  });
  test('"10 points per 100.00 CNY started": 199.90 -> 2 blocks -> 20', () => {
    expect(pointsFromMoney(order, rate('10', cny(10000), 'perStartedBlock'))).toMatchObject({
      units: 20,
      blocks: 2,
    });
  });
  test('"1 point per 1 USD"', () => {
    const r = rate('1', { amount: 100, currency: 'USD' });
    expect(pointsFromMoney({ amount: 1234, currency: 'USD' }, r)).toMatchObject({
      units: 12,
      unrounded: '12.34',
    });
    expect(pointsFromMoney({ amount: 99, currency: 'USD' }, r)).toMatchObject({
      units: 0,
      unrounded: '0.99',
    });
  });
  test('"1 point per 0.50 EUR started"', () => {
    const r = rate('1', { amount: 50, currency: 'EUR' }, 'perStartedBlock');
    expect(pointsFromMoney({ amount: 120, currency: 'EUR' }, r)).toMatchObject({ units: 3, blocks: 3 });
    expect(pointsFromMoney({ amount: 100, currency: 'EUR' }, r)).toMatchObject({ units: 2, blocks: 2 });
    expect(pointsFromMoney({ amount: 1, currency: 'EUR' }, r)).toMatchObject({ units: 1, blocks: 1 });
    expect(pointsFromMoney({ amount: 0, currency: 'EUR' }, r)).toMatchObject({ units: 0, blocks: 0 });
  });
});

describe('pointsFromMoney: multipliers, precision, rounding', () => {
  test('multipliers apply before the one rounding', () => {
    // 19.99 x 1.5 = 29.985 -> 29 (floor); rounding before would give 19 x 1.5 = 28.5 -> 28
    expect(pointsFromMoney(cny(19990), rate('10', cny(10000)), { multipliers: ['1.5'] })).toMatchObject({
      units: 29,
      unrounded: '29.985',
    });
    expect(
      pointsFromMoney(cny(19990), rate('10', cny(10000), 'perFullBlock'), { multipliers: ['1.25', 2] }),
    ).toMatchObject({ units: 25, unrounded: '25', blocks: 1 });
    expect(pointsFromMoney(cny(19990), rate('10', cny(10000)), { multipliers: [] })).toMatchObject({
      units: 19,
    });
    expect(pointsFromMoney(cny(19990), rate('10', cny(10000)), { multipliers: ['0'] })).toMatchObject({
      units: 0,
    });
  });

  test('precision 2 keeps the cents of a point', () => {
    expect(pointsFromMoney(cny(19990), rate('10', cny(10000)), { precision: 2 })).toMatchObject({
      units: 1999,
      points: '19.99',
    });
    expect(
      pointsFromMoney(cny(19990), rate('10', cny(10000)), { precision: 2, multipliers: ['1.5'] }),
    ).toMatchObject({ units: 2998, points: '29.98' });
    expect(
      pointsFromMoney(cny(19990), rate('10', cny(10000)), {
        precision: 2,
        multipliers: ['1.5'],
        rounding: 'halfUp',
      }),
    ).toMatchObject({ units: 2999, points: '29.99' });
  });

  test.each([
    ['floor', 19, -20],
    ['ceil', 20, -19],
    ['down', 19, -19],
    ['up', 20, -20],
    ['halfUp', 20, -20],
    ['halfDown', 20, -20],
    ['halfEven', 20, -20],
  ] as const)('%s: 199.90 -> %i, -199.90 -> %i', (rounding, plus, minus) => {
    const r = rate('10', cny(10000));
    expect(pointsFromMoney(cny(19990), r, { rounding }).units).toBe(plus);
    expect(pointsFromMoney(cny(-19990), r, { rounding }).units).toBe(minus);
  });

  test('exact halves follow the mode', () => {
    const r = rate('1', cny(200)); // 1 point per 2.00: 5.00 -> 2.5, 3.00 -> 1.5
    const at = (amount: number, rounding: RoundingMode): number =>
      pointsFromMoney(cny(amount), r, { rounding }).units;
    expect([at(500, 'halfEven'), at(300, 'halfEven'), at(-500, 'halfEven')]).toEqual([2, 2, -2]);
    expect([at(500, 'halfUp'), at(-500, 'halfUp')]).toEqual([3, -3]);
    expect([at(500, 'halfDown'), at(-500, 'halfDown')]).toEqual([2, -2]);
  });

  test('a refund counts blocks symmetrically', () => {
    expect(pointsFromMoney(cny(-19990), rate('10', cny(10000), 'perFullBlock'))).toMatchObject({
      units: -10,
      blocks: -1,
    });
    expect(pointsFromMoney(cny(-19990), rate('10', cny(10000), 'perStartedBlock'))).toMatchObject({
      units: -20,
      blocks: -2,
    });
    expect(pointsFromMoney(cny(-19990), rate('10', cny(10000)))).toMatchObject({ unrounded: '-19.99' });
  });

  test('a non-terminating value is shown to 20 decimals and flagged', () => {
    const r = rate('10', cny(300)); // 10 points per 3.00 CNY
    expect(pointsFromMoney(cny(19990), r, { precision: 2 })).toEqual({
      units: 66633,
      points: '666.33',
      unrounded: '666.33333333333333333333',
      exact: false,
      blocks: null,
    });
    expect(pointsFromMoney(cny(900), r)).toMatchObject({ units: 30, unrounded: '30', exact: true });
  });

  test('JPY and KWD exponents need no special case (minor units on both sides)', () => {
    expect(
      pointsFromMoney({ amount: 1980, currency: 'JPY' }, rate('1', { amount: 100, currency: 'JPY' })),
    ).toMatchObject({ units: 19, unrounded: '19.8' });
    expect(
      pointsFromMoney({ amount: 12345, currency: 'KWD' }, rate('1', { amount: 1000, currency: 'KWD' })),
    ).toMatchObject({ units: 12, unrounded: '12.345' });
  });

  test('decimal rates are exact', () => {
    // 0.1 points per 0.01: 3 fen -> 0.3 exactly (0.1 * 3 in floats is 0.30000000000000004)
    expect(pointsFromMoney(cny(3), rate('0.1', cny(1)), { precision: 1 })).toMatchObject({
      units: 3,
      unrounded: '0.3',
    });
    expect(pointsFromMoney(cny(3), { points: 0.1, per: cny(1) }, { precision: 1 }).units).toBe(3);
  });
});

describe('pointsFromMoney: errors', () => {
  const r = rate('10', cny(10000));
  test.each([
    ['currency mismatch', () => pointsFromMoney({ amount: 100, currency: 'USD' }, r), 'CURRENCY_MISMATCH'],
    ['zero block', () => pointsFromMoney(cny(1), rate('1', cny(0))), 'INVALID_ARGUMENT'],
    ['negative block', () => pointsFromMoney(cny(1), rate('1', cny(-100))), 'INVALID_ARGUMENT'],
    ['negative points', () => pointsFromMoney(cny(1), rate('-1', cny(100))), 'INVALID_ARGUMENT'],
    ['bad points', () => pointsFromMoney(cny(1), rate('ten', cny(100))), 'INVALID_ARGUMENT'],
    [
      'bad mode',
      () => pointsFromMoney(cny(1), rate('1', cny(100), 'perBlock' as PointsConversionMode)),
      'INVALID_ARGUMENT',
    ],
    [
      'bad precision',
      () => pointsFromMoney(cny(1), r, { precision: 5 as PointsPrecision }),
      'INVALID_ARGUMENT',
    ],
    [
      'bad rounding',
      () => pointsFromMoney(cny(1), r, { rounding: 'round' as RoundingMode }),
      'INVALID_ARGUMENT',
    ],
    [
      'negative multiplier',
      () => pointsFromMoney(cny(1), r, { multipliers: ['2', '-1'] }),
      'INVALID_ARGUMENT',
    ],
    [
      'too many multipliers',
      () => pointsFromMoney(cny(1), r, { multipliers: Array.from({ length: 21 }, () => '1') }),
      'LIMIT_EXCEEDED',
    ],
    ['float amount', () => pointsFromMoney(cny(199.9), r), 'INVALID_AMOUNT'],
    ['unknown currency', () => pointsFromMoney({ amount: 1, currency: 'ABC' }, r), 'UNKNOWN_CURRENCY'],
    ['missing rate', () => pointsFromMoney(cny(1), null as unknown as PointsRate), 'INVALID_ARGUMENT'],
    [
      'missing per',
      () => pointsFromMoney(cny(1), { points: '1' } as unknown as PointsRate),
      'INVALID_ARGUMENT',
    ],
    [
      'overflow',
      () => pointsFromMoney(cny(Number.MAX_SAFE_INTEGER), rate('1000', cny(1)), { precision: 4 }),
      'INVALID_POINTS',
    ],
  ])('%s', (_name, f, code) => {
    expect(errorOf(f).code).toBe(code);
  });

  test('paths point at the field', () => {
    expect(errorOf(() => pointsFromMoney(cny(1), r, { multipliers: ['2', 'x'] })).path).toEqual([
      'options',
      'multipliers',
      1,
    ]);
    expect(errorOf(() => pointsFromMoney({ amount: 100, currency: 'USD' }, r))).toMatchObject({
      path: ['rate', 'per', 'currency'],
      message: expect.stringContaining('Cannot convert USD with a rate in CNY'),
    });
  });
});
