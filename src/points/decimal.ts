/**
 * Internal exact-decimal helpers of the points module (money's are private to money, so points has
 * its own few lines). A LOCAL decimal.js clone, never the global `Decimal`; nothing here is
 * re-exported, and no public type mentions `Decimal`.
 *
 * Precision 1,000 significant digits: inputs are capped at {@link MAX_DECIMAL_DIGITS} digits, amounts
 * at 16 and multipliers at 20, so every product is exact; the one division goes through
 * {@link roundRatio}, which rounds exactly from the integer quotient and remainder.
 */
import Decimal from 'decimal.js';
import { LoyaltyError, type LoyaltyErrorCode, type PathSegment } from '../errors/index.js';
import { type DecimalInput, ROUNDING_MODES, type RoundingMode } from '../money/index.js';
import { messages } from './messages.js';

/** The local decimal.js constructor: exact for our input sizes; never mutated. */
export const Dec: Decimal.Constructor = Decimal.clone({
  precision: 1000,
  rounding: Decimal.ROUND_HALF_EVEN,
  modulo: Decimal.ROUND_DOWN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
  maxE: 9e15,
  minE: -9e15,
});

/** A decimal.js value of the local clone. */
export type Dec = Decimal;

/** Significant digits accepted in a decimal string. */
export const MAX_DECIMAL_DIGITS = 40;
const MAX_LENGTH = 80;
const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Sign, integer digits and fraction digits of a plain decimal string. */
export interface DecimalParts {
  readonly negative: boolean;
  readonly integer: string;
  readonly fraction: string;
}

/** Splits a plain decimal string, or says why it is not one. */
export function splitDecimal(input: string): DecimalParts | string {
  if (input.length === 0) return 'the string is empty';
  if (input.length > MAX_LENGTH) return `it is longer than ${MAX_LENGTH} characters`;
  const m = DECIMAL.exec(input);
  if (m !== null) return { negative: m[1] === '-', integer: m[2]!, fraction: m[3] ?? '' };
  if (/\s/.test(input)) return 'remove the spaces';
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(input)) return 'remove the thousands separators';
  if (/^[+-]?\d+,\d+$/.test(input)) return 'use "." as the decimal separator';
  if (/^[+-]?\.\d+$/.test(input)) return 'add a leading zero (write "0.5", not ".5")';
  if (/^[+-]?\d+\.$/.test(input)) return 'remove the trailing "." or add the decimals';
  if (/^[+-]?\d+(\.\d+)?[eE][+-]?\d+$/.test(input)) return 'write the number without exponent notation';
  return 'expected digits with an optional sign and one "." (e.g. "12.5")';
}

/** The plain decimal string of a finite number at its shortest round-trip form; null otherwise. */
export function numberToPlainString(input: number): string | null {
  if (!Number.isFinite(input)) return null;
  if (Object.is(input, -0)) return '0';
  return new Dec(input).toFixed();
}

/**
 * Reads a caller's decimal exactly.
 *
 * @throws {LoyaltyError} `code` when it is not a finite plain decimal of at most 40 significant digits.
 */
export function toDec(
  input: DecimalInput,
  what: string,
  code: LoyaltyErrorCode,
  path: readonly PathSegment[],
): Dec {
  const fail = (message: string): LoyaltyError =>
    new LoyaltyError(code, `Invalid ${what}`, [{ code: 'invalid_decimal', path, message }]);
  let text: string;
  if (typeof input === 'number') {
    const plain = numberToPlainString(input);
    if (plain === null) throw fail(messages.badNumber(what, input));
    text = plain;
  } else if (typeof input === 'string') {
    text = input;
  } else {
    throw fail(messages.notDecimalInput(what, input));
  }
  const parts = splitDecimal(text);
  if (typeof parts === 'string') throw fail(messages.badDecimal(what, text, parts));
  const digits = `${parts.integer}${parts.fraction}`.replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length > MAX_DECIMAL_DIGITS) throw fail(messages.tooManyDigits(what, text, MAX_DECIMAL_DIGITS));
  return new Dec(text);
}

/**
 * Checks a rounding mode given by the caller.
 *
 * @throws {LoyaltyError} INVALID_ARGUMENT when it is not a {@link RoundingMode}.
 */
export function checkRoundingMode(mode: unknown, path: readonly PathSegment[]): RoundingMode {
  if (typeof mode === 'string' && (ROUNDING_MODES as readonly string[]).includes(mode)) {
    return mode as RoundingMode;
  }
  throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid rounding mode', [
    {
      code: 'invalid_rounding_mode',
      path,
      message: `Unknown rounding mode ${typeof mode === 'string' ? `"${mode}"` : String(mode)}: use one of ${ROUNDING_MODES.join(', ')}`,
    },
  ]);
}

/**
 * Rounds `numerator / denominator` to an integer exactly, even when the quotient has no finite
 * decimal form (1/3): from the truncated quotient and the exact remainder.
 */
export function roundRatio(numerator: Dec, denominator: Dec, mode: RoundingMode): Dec {
  const q = numerator.dividedToIntegerBy(denominator);
  const r = numerator.minus(q.times(denominator));
  if (r.isZero()) return q;
  const sign = numerator.isNegative() !== denominator.isNegative() ? -1 : 1;
  const away = q.plus(sign);
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return away;
    case 'floor':
      return sign < 0 ? away : q;
    case 'ceil':
      return sign > 0 ? away : q;
    default: {
      const c = r.abs().times(2).comparedTo(denominator.abs());
      if (c > 0) return away;
      if (c < 0) return q;
      if (mode === 'halfUp') return away;
      if (mode === 'halfDown') return q;
      return q.mod(2).isZero() ? q : away;
    }
  }
}
