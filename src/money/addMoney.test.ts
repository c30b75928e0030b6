import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isLoyaltyError } from '../errors/index.js';
import { addMoney, negateMoney, subtractMoney, sumMoney } from './addMoney.js';
import {
  compareMoney,
  equalsMoney,
  isNegative,
  isPositive,
  isZero,
  maxMoney,
  minMoney,
} from './compareMoney.js';
import { money } from './money.js';
import type { Money } from './types.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const MAX = Number.MAX_SAFE_INTEGER;

function errorOf(f: () => unknown): { code: string; message: string; path: readonly (string | number)[] } {
  try {
    f();
  } catch (e) {
    if (isLoyaltyError(e)) return { code: e.code, message: e.message, path: e.path };
    return { code: `not a LoyaltyError: ${String(e)}`, message: '', path: [] };
  }
  return { code: 'no error', message: '', path: [] };
}

const cny = (n: number): Money => money(n, 'CNY');
const usd = (n: number): Money => money(n, 'USD');

describe('addMoney / subtractMoney / sumMoney / negateMoney', () => {
  test('examples', () => {
    expect(addMoney(cny(19990), cny(10))).toEqual(cny(20000));
    expect(subtractMoney(usd(500), usd(700))).toEqual(usd(-200));
    expect(addMoney(usd(-5), usd(5))).toEqual(usd(0));
    expect(Object.is(addMoney(usd(-5), usd(5)).amount, -0)).toBe(false);
    expect(addMoney(usd(MAX - 1), usd(1))).toEqual(usd(MAX));
    expect(sumMoney([money(100, 'EUR'), money(250, 'EUR')], 'EUR')).toEqual(money(350, 'EUR'));
    expect(sumMoney([], 'JPY')).toEqual(money(0, 'JPY'));
    expect(sumMoney([usd(MAX), usd(1), usd(-2)], 'USD')).toEqual(usd(MAX - 1));
    expect(negateMoney(cny(19990))).toEqual(cny(-19990));
    expect(Object.is(negateMoney(cny(0)).amount, -0)).toBe(false);
  });

  test('currency mismatch says what to do', () => {
    expect(errorOf(() => addMoney(usd(1), cny(1)))).toMatchObject({
      code: 'CURRENCY_MISMATCH',
      message: expect.stringContaining('Cannot add CNY to USD: convert first'),
    });
    expect(errorOf(() => subtractMoney(usd(1), cny(1))).message).toContain('Cannot subtract CNY from USD');
    expect(errorOf(() => sumMoney([usd(1), cny(1)], 'USD'))).toMatchObject({
      code: 'CURRENCY_MISMATCH',
      path: [1],
    });
    expect(errorOf(() => sumMoney([usd(1)], 'EUR')).code).toBe('CURRENCY_MISMATCH');
    expect(errorOf(() => sumMoney([], 'ABC')).code).toBe('UNKNOWN_CURRENCY');
  });

  test('overflow is INVALID_AMOUNT', () => {
    expect(errorOf(() => addMoney(usd(MAX), usd(1))).code).toBe('INVALID_AMOUNT');
    expect(errorOf(() => subtractMoney(usd(-MAX), usd(1))).code).toBe('INVALID_AMOUNT');
    expect(errorOf(() => sumMoney([usd(MAX), usd(MAX)], 'USD')).code).toBe('INVALID_AMOUNT');
  });

  test('malformed arguments are LoyaltyErrors with the argument path', () => {
    expect(errorOf(() => addMoney({ amount: 1.5, currency: 'USD' }, usd(1)))).toMatchObject({
      code: 'INVALID_AMOUNT',
      path: ['left', 'amount'],
    });
    expect(errorOf(() => addMoney(usd(1), { amount: 1, currency: 'usd' }))).toMatchObject({
      code: 'UNKNOWN_CURRENCY',
      path: ['right', 'currency'],
    });
    expect(errorOf(() => addMoney(usd(1), null as unknown as Money)).code).toBe('INVALID_AMOUNT');
    expect(errorOf(() => sumMoney([usd(1), { amount: Number.NaN, currency: 'USD' }], 'USD')).path).toEqual([
      1,
      'amount',
    ]);
  });
});

describe('compare and predicates', () => {
  test('examples', () => {
    expect(compareMoney(usd(100), usd(99))).toBe(1);
    expect(compareMoney(usd(-1), usd(0))).toBe(-1);
    expect(compareMoney(usd(7), usd(7))).toBe(0);
    expect([usd(3), usd(-1), usd(2)].sort(compareMoney).map((m) => m.amount)).toEqual([-1, 2, 3]);
    expect(errorOf(() => compareMoney(usd(1), cny(1))).message).toContain('Cannot compare USD with CNY');
    expect(equalsMoney(usd(100), money(100, 'EUR'))).toBe(false);
    expect(equalsMoney(usd(100), usd(100))).toBe(true);
    expect(minMoney(cny(500), cny(300), cny(400))).toEqual(cny(300));
    expect(maxMoney(cny(500), cny(300), cny(700))).toEqual(cny(700));
    expect(minMoney(cny(5))).toEqual(cny(5));
    expect(errorOf(() => maxMoney(cny(5), usd(6))).code).toBe('CURRENCY_MISMATCH');
    expect(isZero(money(0, 'JPY'))).toBe(true);
    expect(isZero(usd(1))).toBe(false);
    expect(isNegative(usd(-1))).toBe(true);
    expect(isNegative(usd(0))).toBe(false);
    expect(isPositive(usd(0))).toBe(false);
    expect(isPositive(usd(1))).toBe(true);
    expect(errorOf(() => isZero({ amount: 0.5, currency: 'USD' })).code).toBe('INVALID_AMOUNT');
  });
});

describe('properties', () => {
  const small = fc.integer({ min: -(2 ** 50), max: 2 ** 50 }).map(usd);
  const any = fc.maxSafeInteger().map(usd);

  test('addition is commutative, also for overflow', () => {
    fc.assert(
      fc.property(any, any, (a, b) => {
        const ab = errorOf(() => addMoney(a, b));
        if (ab.code === 'no error') expect(addMoney(a, b)).toEqual(addMoney(b, a));
        else expect(errorOf(() => addMoney(b, a)).code).toBe(ab.code);
      }),
      { numRuns: RUNS },
    );
  });

  test('addition is associative when no partial sum overflows', () => {
    fc.assert(
      fc.property(small, small, small, (a, b, c) => {
        expect(addMoney(addMoney(a, b), c)).toEqual(addMoney(a, addMoney(b, c)));
      }),
      { numRuns: RUNS },
    );
  });

  test('subtract undoes add; a - b = a + (-b); sum agrees with add', () => {
    fc.assert(
      fc.property(small, small, (a, b) => {
        expect(subtractMoney(addMoney(a, b), b)).toEqual(a);
        expect(subtractMoney(a, b)).toEqual(addMoney(a, negateMoney(b)));
        expect(sumMoney([a, b], 'USD')).toEqual(addMoney(a, b));
      }),
      { numRuns: RUNS },
    );
  });

  test('overflow is reported exactly when the exact sum is unsafe', () => {
    fc.assert(
      fc.property(any, any, (a, b) => {
        const exact = BigInt(a.amount) + BigInt(b.amount);
        const safe = exact <= BigInt(MAX) && exact >= -BigInt(MAX);
        expect(errorOf(() => addMoney(a, b)).code).toBe(safe ? 'no error' : 'INVALID_AMOUNT');
      }),
      { numRuns: RUNS },
    );
  });

  test('compare is antisymmetric and agrees with subtraction', () => {
    fc.assert(
      fc.property(small, small, (a, b) => {
        expect(compareMoney(a, b)).toBe(-compareMoney(b, a) || 0);
        expect(compareMoney(a, b)).toBe(Math.sign(subtractMoney(a, b).amount) || 0);
        expect(minMoney(a, b).amount).toBe(Math.min(a.amount, b.amount));
        expect(maxMoney(a, b).amount).toBe(Math.max(a.amount, b.amount));
      }),
      { numRuns: RUNS },
    );
  });
});
