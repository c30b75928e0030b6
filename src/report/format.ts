// Number formatting that does not depend on the runtime's locale data: the same bytes in Node and
// in every browser (toFixed is exactly specified; Intl output is not).

/** `1234567.891` with 2 decimals -> `1,234,567.89`; negative zero prints as `0`. */
export function formatNumber(x: number, decimals = 0): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '-∞' : '–';
  let text = Math.abs(x).toFixed(decimals);
  const negative = x < 0 && /[1-9]/.test(text);
  const [whole, fraction] = text.split('.') as [string, string | undefined];
  text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction === undefined ? '' : `.${fraction}`);
  return negative ? `-${text}` : text;
}

/** A share as a percentage: `0.1234` -> `12.3%`. */
export function formatPercent(share: number | null, decimals = 1): string {
  return share === null ? '–' : `${formatNumber(share * 100, decimals)}%`;
}

/** Minor units (possibly a fractional mean) in major units with the currency's decimals. */
export function formatMinor(minor: number, exponent: number): string {
  return formatNumber(minor / 10 ** exponent, exponent);
}

/** A coordinate for SVG: at most 2 decimals, no trailing zeros. */
export function coord(x: number): string {
  const r = Math.round(x * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}

/** Up to 4 significant digits for model parameters: `0.2426`, `4.414`, `15.45`. */
export function formatParam(x: number): string {
  if (!Number.isFinite(x)) return formatNumber(x);
  const a = Math.abs(x);
  const decimals = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : 4;
  return formatNumber(x, decimals);
}
