import { currencyExponent } from './currencyExponent.js';
import { checkMoney } from './money.js';
import type { Money } from './types.js';

/** Options of {@link formatMoney}. */
export interface FormatMoneyOptions {
  /** Append the currency code: `"199.90 CNY"`. Default false. */
  readonly withCurrency?: boolean;
}

/**
 * Formats {@link Money} as a plain major-unit decimal string with exactly as many decimals as the
 * currency has: `"199.90"`, `"-5.00"`, `"500"` (JPY), `"1.234"` (KWD). No grouping, no symbol, no
 * locale: this is the form {@link parseMoney} reads back (`parseMoney(formatMoney(m), m.currency)`
 * equals `m`). For display to shoppers use `Intl.NumberFormat`.
 *
 * @param value - the money to format
 * @param options - `withCurrency` to append the code
 * @returns the decimal string
 * @throws {LoyaltyError} INVALID_AMOUNT or UNKNOWN_CURRENCY when `value` is not well-formed money
 * @example formatMoney({ amount: 19990, currency: 'CNY' }) //=> '199.90'
 * @example formatMoney({ amount: -5, currency: 'USD' }, { withCurrency: true }) //=> '-0.05 USD'
 */
export function formatMoney(value: Money, options: FormatMoneyOptions = {}): string {
  checkMoney(value, []);
  const text = formatMinorUnits(value.amount, currencyExponent(value.currency));
  return options.withCurrency === true ? `${text} ${value.currency}` : text;
}

/** Formats a safe integer of minor units with `exponent` decimals. Internal. */
export function formatMinorUnits(amount: number, exponent: number): string {
  const negative = amount < 0;
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const body =
    exponent === 0 ? digits : `${digits.slice(0, digits.length - exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${body}` : body;
}
