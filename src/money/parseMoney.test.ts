import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isLoyaltyError } from '../errors/index.js';
import { CURRENCY_EXPONENTS } from './currencies.js';
import { formatMoney } from './formatMoney.js';
import { money } from './money.js';
import { parseMoney } from './parseMoney.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isLoyaltyError(e) ? e.code : `not a LoyaltyError: ${String(e)}`;
  }
  return undefined;
}

describe('money', () => {
  test('creates frozen money', () => {
    const m = money(19990, 'CNY');
    expect(m).toEqual({ amount: 19990, currency: 'CNY' });
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.is(money(-0, 'USD').amount, 0)).toBe(true);
  });
  test.each([
    [199.9, 'INVALID_AMOUNT'],
    [Number.NaN, 'INVALID_AMOUNT'],
    [Number.POSITIVE_INFINITY, 'INVALID_AMOUNT'],
    [2 ** 53, 'INVALID_AMOUNT'],
    ['100', 'INVALID_AMOUNT'],
  ])('money(%s) is %s', (amount, code) => {
    expect(codeOf(() => money(amount as number, 'USD'))).toBe(code);
  });
  test('path of the failing field', () => {
    try {
      money(1.5, 'USD', ['order', 'total']);
    } catch (e) {
      expect(isLoyaltyError(e) && e.path).toEqual(['order', 'total', 'amount']);
    }
    expect(codeOf(() => money(1, 'usd'))).toBe('UNKNOWN_CURRENCY');
    expect(money(Number.MAX_SAFE_INTEGER, 'USD').amount).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('parseMoney', () => {
  test.each([
    ['199.90', 'CNY', 19990],
    ['199.9', 'CNY', 19990],
    ['199', 'CNY', 19900],
    ['0.01', 'USD', 1],
    ['-5.00', 'USD', -500],
    ['+5', 'USD', 500],
    ['-0.00', 'USD', 0],
    ['007.50', 'EUR', 750],
    ['500', 'JPY', 500],
    ['1.234', 'KWD', 1234],
    ['1.2345', 'CLF', 12345],
    ['90071992547409.91', 'USD', Number.MAX_SAFE_INTEGER],
    ['-90071992547409.91', 'USD', -Number.MAX_SAFE_INTEGER],
  ])('%j %s -> %i', (input, currency, amount) => {
    const m = parseMoney(input, currency);
    expect(m).toEqual({ amount, currency });
    expect(Object.is(m.amount, -0)).toBe(false);
  });

  test.each([
    [199.9, 'CNY', 19990],
    [0.1, 'USD', 10],
    [-5, 'USD', -500],
    [1e-2, 'USD', 1],
    [1e15, 'JPY', 1e15],
    [-0, 'USD', 0],
  ])('number %s %s -> %i', (input, currency, amount) => {
    expect(parseMoney(input, currency)).toEqual({ amount, currency });
  });

  test.each([
    ['199.901', 'CNY', /more than 2 decimals/],
    ['1.0', 'JPY', /no minor unit/],
    ['1.2345', 'KWD', /more than 3 decimals/],
    ['1,234.50', 'USD', /thousands separators/],
    ['12,50', 'EUR', /"\." as the decimal separator/],
    [' 1.00', 'USD', /spaces/],
    ['.5', 'USD', /leading zero/],
    ['5.', 'USD', /trailing/],
    ['1e3', 'USD', /exponent/],
    ['', 'USD', /empty/],
    ['abc', 'USD', /not a valid decimal/],
    ['0x10', 'USD', /not a valid decimal/],
    ['Infinity', 'USD', /not a valid decimal/],
    ['--1', 'USD', /not a valid decimal/],
    ['90071992547409.92', 'USD', /safe integer/],
    ['9'.repeat(100), 'USD', /longer than/],
  ])('%j %s is INVALID_AMOUNT (%s)', (input, currency, message) => {
    try {
      parseMoney(input, currency, { path: ['lines', 2, 'price'] });
      expect.unreachable();
    } catch (e) {
      expect(isLoyaltyError(e) && e.code).toBe('INVALID_AMOUNT');
      expect(isLoyaltyError(e) && e.path).toEqual(['lines', 2, 'price']);
      expect((e as Error).message).toMatch(message);
    }
  });

  test.each([
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [Number.NEGATIVE_INFINITY],
    [0.1 + 0.2],
    [1e-7],
    [2 ** 60],
  ])('number %s is INVALID_AMOUNT for USD', (input) => {
    expect(codeOf(() => parseMoney(input, 'USD'))).toBe('INVALID_AMOUNT');
  });

  test('a non-string non-number is INVALID_AMOUNT; unknown currency wins first', () => {
    expect(codeOf(() => parseMoney(null as unknown as string, 'USD'))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => parseMoney(10n as unknown as string, 'USD'))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => parseMoney('1.00', 'XXX'))).toBe('UNKNOWN_CURRENCY');
  });
});

describe('formatMoney', () => {
  test.each([
    [19990, 'CNY', '199.90'],
    [-500, 'USD', '-5.00'],
    [-5, 'USD', '-0.05'],
    [0, 'USD', '0.00'],
    [500, 'JPY', '500'],
    [-500, 'JPY', '-500'],
    [1234, 'KWD', '1.234'],
    [1, 'CLF', '0.0001'],
    [Number.MAX_SAFE_INTEGER, 'USD', '90071992547409.91'],
  ])('%i %s -> %j', (amount, currency, text) => {
    expect(formatMoney({ amount, currency })).toBe(text);
  });
  test('withCurrency', () => {
    expect(formatMoney(money(19990, 'CNY'), { withCurrency: true })).toBe('199.90 CNY');
  });
  test('malformed money is a LoyaltyError', () => {
    expect(codeOf(() => formatMoney({ amount: 1.5, currency: 'USD' }))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => formatMoney({ amount: 1, currency: 'usd' }))).toBe('UNKNOWN_CURRENCY');
    expect(codeOf(() => formatMoney(null as unknown as { amount: number; currency: string }))).toBe(
      'INVALID_AMOUNT',
    );
  });
});

describe('properties', () => {
  const currencies = Object.keys(CURRENCY_EXPONENTS);
  const byExponent = [0, 2, 3, 4].map((e) => currencies.find((c) => CURRENCY_EXPONENTS[c] === e)!);
  const arbMoney = fc.record({
    amount: fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.maxSafeInteger(),
      fc.constantFrom(0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
    ),
    currency: fc.oneof(fc.constantFrom(...byExponent), fc.constantFrom(...currencies)),
  });

  test('parseMoney(formatMoney(m)) === m for every currency exponent', () => {
    fc.assert(
      fc.property(arbMoney, (m) => {
        expect(parseMoney(formatMoney(m), m.currency)).toEqual(m);
      }),
      { numRuns: RUNS },
    );
  });

  test('formatMoney(parseMoney(s)) is s padded to the exponent', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...byExponent),
        fc.bigInt({ min: 0n, max: 10n ** 11n }),
        fc.nat({ max: 4 }),
        fc.boolean(),
        (currency, digits, decimals, negative) => {
          const e = CURRENCY_EXPONENTS[currency]!;
          const d = Math.min(decimals, e);
          const raw = digits.toString().padStart(d + 1, '0');
          const text = d === 0 ? raw : `${raw.slice(0, -d)}.${raw.slice(-d)}`;
          const input = negative ? `-${text}` : text;
          const out = formatMoney(parseMoney(input, currency));
          const expected = BigInt(raw) * 10n ** BigInt(e - d);
          expect(BigInt(out.replace('.', '').replace('-', ''))).toBe(expected);
          expect(out.startsWith('-')).toBe(negative && expected !== 0n);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('parseMoney of a number agrees with the string of that number', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (cents) => {
        const n = cents / 100; // a float, read at its shortest form
        expect(parseMoney(n, 'USD').amount).toBe(cents);
      }),
      { numRuns: RUNS },
    );
  });
});
