/**
 * Message builders of the money module: what happened, and what to do. Kept in one place so the
 * wording stays consistent (STYLE 3.4).
 */

/** Verb used in a currency-mismatch message. */
export type MoneyOperation = 'add' | 'subtract' | 'compare' | 'sum' | 'convert';

export const messages = {
  unknownCurrency(code: unknown): string {
    if (typeof code !== 'string') {
      return `Expected an ISO 4217 currency code such as "CNY", got ${describe(code)}`;
    }
    const upper = code.toUpperCase();
    if (upper !== code && /^[A-Z]{3}$/.test(upper)) {
      return `Unknown currency "${code}": currency codes are upper case, use "${upper}"`;
    }
    return `Unknown currency "${code}": expected an active ISO 4217 code such as "CNY", "USD" or "EUR"`;
  },
  notSafeInteger(what: string, value: unknown): string {
    if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) {
      return `${what} must be an integer number of minor units, got ${value} (use parseMoney for "199.90")`;
    }
    if (typeof value === 'number' && Number.isInteger(value)) {
      return `${what} ${value} is outside the safe integer range (±${Number.MAX_SAFE_INTEGER})`;
    }
    return `${what} must be a safe integer number of minor units, got ${describe(value)}`;
  },
  overflow(operation: string, currency: string): string {
    return `The result of ${operation} in ${currency} is outside the safe integer range (±${Number.MAX_SAFE_INTEGER} minor units)`;
  },
  mismatch(operation: MoneyOperation, left: string, right: string): string {
    switch (operation) {
      case 'add':
        return `Cannot add ${right} to ${left}: convert first`;
      case 'subtract':
        return `Cannot subtract ${right} from ${left}: convert first`;
      case 'compare':
        return `Cannot compare ${left} with ${right}: convert first`;
      case 'sum':
        return `Cannot sum ${right} into a ${left} total: convert first`;
      case 'convert':
        return `Cannot convert ${left} with a rate in ${right}: use a rate in ${left}`;
    }
  },
  notMoney(value: unknown): string {
    return `Expected money as { amount, currency } in minor units, e.g. { amount: 19990, currency: "CNY" }, got ${describe(value)}`;
  },
  badDecimalString(what: string, input: string, detail: string): string {
    return `${what} "${truncate(input)}" is not a valid decimal: ${detail}`;
  },
  badNumber(what: string, input: number): string {
    return `${what} must be a finite number, got ${String(input)}`;
  },
  notDecimalInput(what: string, input: unknown): string {
    return `${what} must be a decimal string such as "199.90" or a finite number, got ${describe(input)}`;
  },
  tooManyDecimals(what: string, input: string, currency: string, exponent: number): string {
    return exponent === 0
      ? `${what} "${truncate(input)}" has decimals, but ${currency} has no minor unit: give a whole amount`
      : `${what} "${truncate(input)}" has more than ${exponent} decimal${exponent === 1 ? '' : 's'}, the minor unit of ${currency}`;
  },
  tooLarge(what: string, input: string, currency: string): string {
    return `${what} "${truncate(input)}" ${currency} is outside the safe integer range of minor units (±${Number.MAX_SAFE_INTEGER})`;
  },
  badRoundingMode(mode: unknown): string {
    return `Unknown rounding mode ${describe(mode)}: use one of floor, ceil, down, up, halfUp, halfDown, halfEven`;
  },
  negativeWeight(index: number): string {
    return `Weight ${index} is negative: weights must be zero or positive`;
  },
  noWeights(): string {
    return 'Give at least one weight to allocate over';
  },
  allWeightsZero(): string {
    return 'At least one weight must be positive to allocate an amount';
  },
};

/** A short, safe description of any value for a message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `"${truncate(value)}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${String(value)}${typeof value === 'bigint' ? ' (a bigint)' : ''}`;
  }
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
