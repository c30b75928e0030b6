/**
 * Exact rational helpers on BigInt: money is computed as an exact fraction and rounded once.
 * Internal to liability (and experiments, through `pointValue.ts`).
 */
import type { RoundingMode } from '../money/index.js';
import { numberToPlainString } from '../money/index.js';

/** A non-negative-denominator fraction. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

/** The exact value of a plain decimal string (`"-12.50"` -> -1250/100). */
export function ratioOfDecimal(text: string): Ratio {
  // Callers pass validated decimals or `toFixed()` output (which may be long for tiny floats).
  const m = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(text);
  if (m === null) throw new Error(`not a plain decimal: ${text}`);
  const fraction = m[3] ?? '';
  const num = BigInt(`${m[2]}${fraction}`);
  return { num: m[1] === '-' ? -num : num, den: 10n ** BigInt(fraction.length) };
}

/**
 * A JS number as an exact fraction of its shortest round-trip decimal form (`0.1` -> 1/10): the
 * deterministic way a float estimate (a share, a breakage rate) enters exact money arithmetic.
 */
export function ratioOfNumber(x: number): Ratio {
  const text = numberToPlainString(x);
  if (text === null) throw new Error(`not finite: ${x}`);
  return ratioOfDecimal(text);
}

/** Rounds num / den (den > 0) to an integer with a rounding mode. */
export function roundRatio(num: bigint, den: bigint, mode: RoundingMode): bigint {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  let q = num / den; // truncated toward zero
  const r = num - q * den;
  if (r === 0n) return q;
  const negative = num < 0n;
  const twice = 2n * (r < 0n ? -r : r);
  const away = (): bigint => (negative ? q - 1n : q + 1n);
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return away();
    case 'floor':
      return negative ? q - 1n : q;
    case 'ceil':
      return negative ? q : q + 1n;
    case 'halfUp':
      return twice >= den ? away() : q;
    case 'halfDown':
      return twice > den ? away() : q;
    case 'halfEven':
      if (twice > den) return away();
      if (twice < den) return q;
      q = q % 2n === 0n ? q : away();
      return q;
  }
}
