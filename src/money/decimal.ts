/**
 * Internal decimal helpers of the money module. decimal.js stays an implementation detail: nothing
 * here is re-exported from `index.ts`, and no public type mentions `Decimal`.
 *
 * We use a LOCAL clone of decimal.js, never the global `Decimal` (whose configuration other code in
 * the host may change). Its precision (1,000 significant digits) is far above what any input can
 * produce (inputs are capped at {@link MAX_DECIMAL_DIGITS} significant digits and safe integers have
 * 16), so every multiplication is exact.
 *
 */
import Decimal from 'decimal.js';
import { LoyaltyError, type LoyaltyErrorCode, type PathSegment } from '../errors/index.js';
import { messages } from './messages.js';
import type { DecimalInput, RoundingMode } from './types.js';

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

/** Significant digits accepted in a decimal string (rates, multipliers, weights). */
export const MAX_DECIMAL_DIGITS = 40;
/** Characters accepted in a decimal string before we refuse to look at it. */
export const MAX_DECIMAL_LENGTH = 80;

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** The parts of a plain decimal string: sign, integer digits, fraction digits. */
export interface DecimalParts {
  readonly negative: boolean;
  readonly integer: string;
  readonly fraction: string;
}

/** Splits a plain decimal string (`-12.50`), or returns why it is not one. */
export function splitDecimal(input: string): DecimalParts | string {
  if (input.length === 0) return 'the string is empty';
  if (input.length > MAX_DECIMAL_LENGTH) return `it is longer than ${MAX_DECIMAL_LENGTH} characters`;
  const m = DECIMAL.exec(input);
  if (m !== null) return { negative: m[1] === '-', integer: m[2]!, fraction: m[3] ?? '' };
  if (/\s/.test(input)) return 'remove the spaces';
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(input)) {
    return 'remove the thousands separators (write "1234.50", not "1,234.50")';
  }
  if (/^[+-]?\d+,\d+$/.test(input)) return 'use "." as the decimal separator';
  if (/^[+-]?\.\d+$/.test(input)) return 'add a leading zero (write "0.5", not ".5")';
  if (/^[+-]?\d+\.$/.test(input)) return 'remove the trailing "." or add the decimals';
  if (/^[+-]?\d+(\.\d+)?[eE][+-]?\d+$/.test(input)) return 'write the number without exponent notation';
  return 'expected digits with an optional sign and one "." (e.g. "199.90" or "-5")';
}

/**
 * The plain decimal string of a JS number at its shortest round-trip form (`0.1` -> `'0.1'`,
 * `1e-7` -> `'0.0000001'`), or why it cannot be one.
 */
export function numberToPlainString(input: number): string | null {
  if (!Number.isFinite(input)) return null;
  if (Object.is(input, -0)) return '0';
  return new Dec(input).toFixed();
}

/**
 * Reads a caller's decimal (string or number) into the local decimal type, exactly.
 *
 * @throws {LoyaltyError} `code` when the input is not a finite decimal or has more than
 *   {@link MAX_DECIMAL_DIGITS} significant digits.
 */
export function toDec(
  input: DecimalInput,
  what: string,
  code: LoyaltyErrorCode,
  path: readonly PathSegment[],
): Dec {
  let text: string;
  if (typeof input === 'number') {
    const plain = numberToPlainString(input);
    if (plain === null) throw fail(code, what, messages.badNumber(what, input), path);
    text = plain;
  } else if (typeof input === 'string') {
    text = input;
  } else {
    throw fail(code, what, messages.notDecimalInput(what, input), path);
  }
  const parts = splitDecimal(text);
  if (typeof parts === 'string') {
    throw fail(code, what, messages.badDecimalString(what, text, parts), path);
  }
  const digits = `${parts.integer}${parts.fraction}`.replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length > MAX_DECIMAL_DIGITS) {
    throw fail(
      code,
      what,
      messages.badDecimalString(what, text, `it has more than ${MAX_DECIMAL_DIGITS} significant digits`),
      path,
    );
  }
  return new Dec(text);
}

const DECIMAL_ROUNDING: Readonly<Record<RoundingMode, Decimal.Rounding>> = {
  floor: Decimal.ROUND_FLOOR,
  ceil: Decimal.ROUND_CEIL,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
  halfUp: Decimal.ROUND_HALF_UP,
  halfDown: Decimal.ROUND_HALF_DOWN,
  halfEven: Decimal.ROUND_HALF_EVEN,
};

/** True when `mode` is a {@link RoundingMode}. */
export function isRoundingMode(mode: unknown): mode is RoundingMode {
  return typeof mode === 'string' && Object.hasOwn(DECIMAL_ROUNDING, mode);
}

/**
 * Checks a rounding mode given by the caller.
 *
 * @throws {LoyaltyError} INVALID_ARGUMENT when it is not a {@link RoundingMode}.
 */
export function checkRoundingMode(mode: unknown, path: readonly PathSegment[]): RoundingMode {
  if (isRoundingMode(mode)) return mode;
  throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid rounding mode', [
    { code: 'invalid_rounding_mode', path, message: messages.badRoundingMode(mode) },
  ]);
}

/** Rounds an exact decimal to an integer with decimal.js's rounding for `mode`. */
export function roundToInteger(value: Dec, mode: RoundingMode): Dec {
  return value.toDecimalPlaces(0, DECIMAL_ROUNDING[mode]);
}

/** True when the decimal is an integer within the safe integer range. */
export function isSafeIntegerDec(value: Dec): boolean {
  return value.isInteger() && value.abs().lte(Number.MAX_SAFE_INTEGER);
}

/** The JS number of a safe-integer decimal (call {@link isSafeIntegerDec} first); never -0. */
export function decToSafeInteger(value: Dec): number {
  const n = value.toNumber();
  return n === 0 ? 0 : n;
}

function fail(
  code: LoyaltyErrorCode,
  what: string,
  message: string,
  path: readonly PathSegment[],
): LoyaltyError {
  return new LoyaltyError(code, `Invalid ${what}`, [{ code: 'invalid_decimal', path, message }]);
}
