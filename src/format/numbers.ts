/**
 * Numbers written by hand, exactly and the same in every runtime: no `Intl`, no floats. Grouping
 * by thousands with `,` (both `en` and `zh-CN` write `1,234.50`).
 */

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** Groups the integer part of a plain decimal string: `-1234567.5` -> `-1,234,567.5`. Other text is returned as it is. */
export function groupDecimal(text: string): string {
  if (!PLAIN_DECIMAL.test(text)) return text;
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot);
  let grouped = '';
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) grouped += ',';
    grouped += int[i];
  }
  return `${negative ? '-' : ''}${grouped}${frac}`;
}

/** A safe integer of minor units as a decimal string with `exponent` decimals: (-5, 2) -> `-0.05`. */
export function minorToDecimal(amount: number, exponent: number): string {
  const negative = amount < 0;
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const body =
    exponent === 0 ? digits : `${digits.slice(0, digits.length - exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${body}` : body;
}

/**
 * Money through `Intl.NumberFormat` in `locale`, exactly: the integer part is formatted as a
 * `bigint` (grouping, symbol or code, sign placement come from `Intl`) and the fraction digits are
 * the minor units as written, so no amount goes through a float. `amount` is a safe integer of
 * minor units with `exponent` decimals.
 */
export function intlMoney(
  locale: string,
  amount: number,
  currency: string,
  exponent: number,
  display: 'symbol' | 'code',
): string {
  const nf = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: display,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  const text = minorToDecimal(Math.abs(amount), exponent);
  const dot = text.indexOf('.');
  const int = BigInt(dot < 0 ? text : text.slice(0, dot));
  const fraction = dot < 0 ? '' : text.slice(dot + 1);
  // -0 keeps the sign of amounts below one unit (-0.05)
  const value = amount < 0 ? (int === 0n ? -0 : -int) : int;
  return nf
    .formatToParts(value)
    .map((p) => (p.type === 'fraction' ? fraction : p.value))
    .join('');
}
