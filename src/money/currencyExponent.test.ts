import { describe, expect, test } from 'vitest';
import { isLoyaltyError } from '../errors/index.js';
import { CURRENCY_EXPONENTS, WITHDRAWN_CURRENCY_EXPONENTS } from './currencies.js';
import { currencyExponent, isKnownCurrency } from './currencyExponent.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('currencyExponent', () => {
  test.each([
    ['JPY', 0],
    ['KRW', 0],
    ['VND', 0],
    ['CLP', 0],
    ['CNY', 2],
    ['USD', 2],
    ['EUR', 2],
    ['KWD', 3],
    ['BHD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['JOD', 3],
    ['LYD', 3],
    ['IQD', 3],
    ['CLF', 4],
    ['UYW', 4],
    ['XCG', 2],
    ['ZWG', 2],
    ['BGN', 2],
  ])('%s has exponent %i', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
  });

  test('the table is plain data: upper-case 3-letter codes, exponents 0..4, sorted', () => {
    const codes = Object.keys(CURRENCY_EXPONENTS);
    expect(codes.length).toBeGreaterThanOrEqual(160);
    expect([...codes].sort()).toEqual(codes);
    for (const [code, e] of Object.entries({ ...CURRENCY_EXPONENTS, ...WITHDRAWN_CURRENCY_EXPONENTS })) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(e);
    }
    for (const code of Object.keys(WITHDRAWN_CURRENCY_EXPONENTS)) {
      expect(CURRENCY_EXPONENTS[code]).toBeUndefined();
    }
  });

  test('codes without an integer minor unit (metals, SDR, test) are not money', () => {
    for (const code of ['XAU', 'XAG', 'XPT', 'XPD', 'XDR', 'XTS', 'XXX']) {
      expect(isKnownCurrency(code)).toBe(false);
    }
  });

  test.each([
    ['cny', /use "CNY"/],
    ['ABC', /Unknown currency "ABC"/],
    ['', /Unknown currency ""/],
    ['toString', /Unknown currency/],
    ['__proto__', /Unknown currency/],
  ])('%j is UNKNOWN_CURRENCY', (code, message) => {
    const e = thrown(() => currencyExponent(code, ['program', 'currency']));
    expect(isLoyaltyError(e) && e.code).toBe('UNKNOWN_CURRENCY');
    expect((e as Error).message).toMatch(message);
    expect(isLoyaltyError(e) && e.path).toEqual(['program', 'currency']);
  });

  test('a non-string is UNKNOWN_CURRENCY, not a TypeError', () => {
    const e = thrown(() => currencyExponent(42 as unknown as string));
    expect(isLoyaltyError(e) && e.code).toBe('UNKNOWN_CURRENCY');
  });

  test('isKnownCurrency', () => {
    expect(isKnownCurrency('CNY')).toBe(true);
    expect(isKnownCurrency('cny')).toBe(false);
    expect(isKnownCurrency(null)).toBe(false);
    expect(isKnownCurrency('constructor')).toBe(false);
  });
});
