import { describe, expect, test } from 'vitest';
import { isLoyaltyError } from '../errors/index.js';
import { money } from './money.js';
import { multiplyMoney } from './multiplyMoney.js';
import { ROUNDING_MODES, type RoundingMode } from './types.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isLoyaltyError(e) ? e.code : `not a LoyaltyError: ${String(e)}`;
  }
  return undefined;
}

// value x 0.5 with value = 5, -5, 3, -3 gives 2.5, -2.5, 1.5, -1.5; x 0.1 of 24/-24/26 gives 2.4, -2.4, 2.6
const TABLE: Record<RoundingMode, number[]> = {
  //        2.5  -2.5  1.5  -1.5  2.4  -2.4  2.6  -2.6
  floor: [2, -3, 1, -2, 2, -3, 2, -3],
  ceil: [3, -2, 2, -1, 3, -2, 3, -2],
  down: [2, -2, 1, -1, 2, -2, 2, -2],
  up: [3, -3, 2, -2, 3, -3, 3, -3],
  halfUp: [3, -3, 2, -2, 2, -2, 3, -3],
  halfDown: [2, -2, 1, -1, 2, -2, 3, -3],
  halfEven: [2, -2, 2, -2, 2, -2, 3, -3],
};
const CASES: [number, string][] = [
  [5, '0.5'],
  [-5, '0.5'],
  [3, '0.5'],
  [-3, '0.5'],
  [24, '0.1'],
  [-24, '0.1'],
  [26, '0.1'],
  [-26, '0.1'],
];

describe('multiplyMoney', () => {
  test.each(ROUNDING_MODES.map((m) => [m]))('rounding table for %s', (mode) => {
    expect(CASES.map(([a, r]) => multiplyMoney(money(a, 'USD'), r, mode).amount)).toEqual(TABLE[mode]);
  });

  test('examples', () => {
    expect(multiplyMoney(money(19990, 'CNY'), '0.05', 'halfEven')).toEqual(money(1000, 'CNY'));
    expect(multiplyMoney(money(19990, 'CNY'), '0.05', 'floor')).toEqual(money(999, 'CNY'));
    expect(multiplyMoney(money(-333, 'USD'), '0.5', 'floor')).toEqual(money(-167, 'USD'));
    expect(multiplyMoney(money(1000, 'JPY'), '1.08', 'down')).toEqual(money(1080, 'JPY'));
    expect(multiplyMoney(money(1234, 'KWD'), 3, 'down')).toEqual(money(3702, 'KWD'));
    expect(multiplyMoney(money(100, 'USD'), 0.1, 'down')).toEqual(money(10, 'USD')); // 0.1 read as "0.1"
    expect(multiplyMoney(money(100, 'USD'), '-1', 'down')).toEqual(money(-100, 'USD'));
    expect(Object.is(multiplyMoney(money(-1, 'USD'), '0.1', 'down').amount, -0)).toBe(false);
    expect(multiplyMoney(money(1, 'USD'), '0.0000000000000000000000000000000000001', 'up').amount).toBe(1);
  });

  test('errors', () => {
    const m = money(100, 'USD');
    expect(codeOf(() => multiplyMoney(m, 'abc', 'floor'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => multiplyMoney(m, Number.NaN, 'floor'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => multiplyMoney(m, '1e3', 'floor'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => multiplyMoney(m, `0.${'1'.repeat(41)}`, 'floor'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => multiplyMoney(m, '1', 'round' as RoundingMode))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => multiplyMoney(m, '1', undefined as unknown as RoundingMode))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(codeOf(() => multiplyMoney(money(Number.MAX_SAFE_INTEGER, 'USD'), '2', 'floor'))).toBe(
      'INVALID_AMOUNT',
    );
    expect(codeOf(() => multiplyMoney({ amount: 1.5, currency: 'USD' }, '2', 'floor'))).toBe(
      'INVALID_AMOUNT',
    );
  });

  test('the global Decimal configuration is left alone', async () => {
    const { default: Decimal } = await import('decimal.js');
    const before = { precision: Decimal.precision, rounding: Decimal.rounding };
    multiplyMoney(money(3, 'USD'), '0.5', 'halfEven');
    expect({ precision: Decimal.precision, rounding: Decimal.rounding }).toEqual(before);
  });
});
