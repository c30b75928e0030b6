/**
 * Exact rationals for the earning hot path: a rate (`"10"` points per `"100.00"`), a product of
 * multipliers (`"1.5" x "2"`) and an amount in minor units are all integer ratios, so the points
 * they give can be computed and rounded exactly with integer arithmetic: JS numbers while every
 * product stays a safe integer, BigInt beyond. `pointsFromMoney` (decimal.js) is the public,
 * validating form of the same computation; a property test checks that the two always agree.
 * Internal to the library.
 */

import type { LoyaltyErrorCode, PathSegment } from '../errors/index.js';
import { type DecimalInput, type RoundingMode, splitDecimal, toDec } from '../money/index.js';

/** An exact non-negative rational `num / den`, `den > 0`, in lowest terms. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

/** 1 as a ratio. */
export const ONE: Ratio = Object.freeze({ num: 1n, den: 1n });

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** `num / den` in lowest terms (den > 0). */
export function ratio(num: bigint, den: bigint): Ratio {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

/**
 * Reads a caller's decimal exactly as a ratio (`"0.25"` -> 1/4).
 * @throws {LoyaltyError} `code` when it is not a finite decimal (see `toDec`).
 */
export function ratioOf(
  input: DecimalInput,
  what: string,
  code: LoyaltyErrorCode,
  path: readonly PathSegment[],
): Ratio {
  const text = toDec(input, what, code, path).toFixed();
  const parts = splitDecimal(text);
  if (typeof parts === 'string') return ONE; // unreachable: toDec accepted it
  const num = BigInt(`${parts.integer}${parts.fraction}`) * (parts.negative ? -1n : 1n);
  return ratio(num, 10n ** BigInt(parts.fraction.length));
}

/** The product of two ratios. */
export function multiplyRatio(a: Ratio, b: Ratio): Ratio {
  return ratio(a.num * b.num, a.den * b.den);
}

/** The sum of two ratios. */
export function addRatio(a: Ratio, b: Ratio): Ratio {
  return ratio(a.num * b.den + b.num * a.den, a.den * b.den);
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareRatio(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Rounds `n / d` (d > 0) to an integer with `mode`, exactly. */
export function roundDivide(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d; // truncates toward zero
  const r = n - q * d;
  if (r === 0n) return q;
  const negative = n < 0n;
  const away = negative ? q - 1n : q + 1n;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return away;
    case 'floor':
      return negative ? away : q;
    case 'ceil':
      return negative ? q : away;
    default: {
      const twice = (r < 0n ? -r : r) * 2n;
      if (twice > d) return away;
      if (twice < d) return q;
      if (mode === 'halfUp') return away;
      if (mode === 'halfDown') return q;
      return q % 2n === 0n ? q : away;
    }
  }
}

/**
 * The same as {@link roundDivide} on JS numbers; `n` and `d` must be safe integers, `d > 0`.
 * The quotient is corrected from the exact remainder, so float division never decides it.
 */
export function roundDivideNumber(n: number, d: number, mode: RoundingMode): number {
  let q = Math.trunc(n / d);
  let r = n - q * d;
  // Correct a quotient that float division rounded across an integer.
  if (n >= 0) {
    while (r < 0) {
      q -= 1;
      r += d;
    }
    while (r >= d) {
      q += 1;
      r -= d;
    }
  } else {
    while (r > 0) {
      q += 1;
      r -= d;
    }
    while (-r >= d) {
      q -= 1;
      r += d;
    }
  }
  if (r === 0) return q === 0 ? 0 : q;
  const negative = n < 0;
  const away = negative ? q - 1 : q + 1;
  let out: number;
  switch (mode) {
    case 'down':
      out = q;
      break;
    case 'up':
      out = away;
      break;
    case 'floor':
      out = negative ? away : q;
      break;
    case 'ceil':
      out = negative ? q : away;
      break;
    default: {
      const twice = Math.abs(r) * 2;
      if (twice > d) out = away;
      else if (twice < d) out = q;
      else if (mode === 'halfUp') out = away;
      else if (mode === 'halfDown') out = q;
      else out = q % 2 === 0 ? q : away;
    }
  }
  return out === 0 ? 0 : out;
}

const MAX_DIGITS = 20;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const SAFE_TENTH = SAFE / 10n;

/** {@link ratioToDecimal} on safe numbers when the expansion terminates; undefined otherwise. */
function ratioToDecimalNumber(n: number, d: number): { text: string; exact: boolean } | undefined {
  const a = Math.abs(n);
  const int = Math.floor(a / d);
  let r = a - int * d;
  if (r < 0 || r >= d) return undefined; // float division was off: let BigInt do it
  let digits = '';
  while (r !== 0 && digits.length < MAX_DIGITS) {
    r *= 10;
    let q = Math.floor(r / d);
    if (r - q * d < 0) q -= 1;
    digits += String(q);
    r -= q * d;
  }
  if (r !== 0) return undefined; // needs rounding: the BigInt path does it
  const body = digits.length > 0 ? `${int}.${digits}` : `${int}`;
  return { text: n < 0 && (int !== 0 || digits.length > 0) ? `-${body}` : body, exact: true };
}

/** Decimals `r / d` needs when its expansion terminates (d reduced to 2^a·5^b), else undefined. */
function terminatingDigits(r: bigint, d: bigint): number | undefined {
  let x = r;
  let g = d;
  while (x !== 0n) [x, g] = [g % x, x];
  let rest = d / g;
  let twos = 0;
  let fives = 0;
  while (rest % 2n === 0n) {
    rest /= 2n;
    twos++;
  }
  while (rest % 5n === 0n) {
    rest /= 5n;
    fives++;
  }
  return rest === 1n ? Math.max(twos, fives) : undefined;
}

/**
 * The plain decimal string of `n / d` (d > 0): exact when it terminates (`"19.99"`), otherwise
 * rounded half-even to 20 decimals with `exact: false` (`"0.33333333333333333333"`).
 */
export function ratioToDecimal(n: bigint, d: bigint): { readonly text: string; readonly exact: boolean } {
  if (n <= SAFE && n >= -SAFE && d <= SAFE_TENTH) {
    const fast = ratioToDecimalNumber(Number(n), Number(d));
    if (fast !== undefined) return fast;
  }
  const negative = n < 0n;
  const a = negative ? -n : n;
  const int = a / d;
  let r = a % d;
  let digits = '';
  const limit = terminatingDigits(r, d) ?? MAX_DIGITS;
  while (r !== 0n && digits.length < limit) {
    r *= 10n;
    digits += String(r / d);
    r %= d;
  }
  let exact = true;
  let intPart = int;
  if (r !== 0n) {
    exact = false;
    // Round half-even on what is left.
    const twice = r * 2n;
    const last = digits.length > 0 ? Number(digits[digits.length - 1]) : Number(int % 10n);
    const roundUp = twice > d || (twice === d && last % 2 === 1);
    if (roundUp) {
      const scaled = BigInt(`${int}${digits}`) + 1n;
      const s = scaled.toString().padStart(digits.length + 1, '0');
      intPart = BigInt(s.slice(0, s.length - digits.length));
      digits = s.slice(s.length - digits.length);
    }
  }
  const body = digits.length > 0 ? `${intPart}.${digits}` : `${intPart}`;
  return { text: negative && (intPart !== 0n || /[1-9]/.test(digits)) ? `-${body}` : body, exact };
}
