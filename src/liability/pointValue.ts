import { LoyaltyError, type PathSegment } from '../errors/index.js';
import {
  checkRoundingMode,
  currencyExponent,
  type DecimalInput,
  type Money,
  type RoundingMode,
  toDec,
} from '../money/index.js';
import { messages } from './messages.js';
import { type Ratio, ratioOfDecimal, roundRatio } from './rational.js';

/**
 * What one point is worth to the shop, for valuing points in money: the cost of the reward a point
 * buys (or its redemption value), as the shop's accounting policy states it.
 */
export interface PointValue {
  /** ISO 4217 code of the valuation. */
  readonly currency: string;
  /**
   * The money value of one point, a decimal in the currency's natural units as in program JSON:
   * `"0.01"` (one fen per point in CNY), `"0.005"` (half a cent). Not rounded: values are rounded
   * once, per reported amount.
   */
  readonly perPoint: DecimalInput;
  /** The program's `pointsPrecision` (0-4): ledger amounts are in 10^-precision points. Default 0. */
  readonly pointsPrecision?: number;
}

/** A validated point value: minor units per point unit as an exact fraction. */
export interface ResolvedPointValue {
  readonly currency: string;
  /** `perPoint` as written (plain decimal string). */
  readonly perPoint: string;
  readonly pointsPrecision: number;
  /** Minor units per point unit, exactly. */
  readonly perUnit: Ratio;
  /** The same as a float, for statistics. */
  readonly perUnitFloat: number;
}

/**
 * Checks a {@link PointValue} and turns it into an exact fraction of minor units per point unit.
 *
 * @throws {LoyaltyError} UNKNOWN_CURRENCY for an unknown currency; INVALID_ARGUMENT when `perPoint`
 *   is not a decimal >= 0 or `pointsPrecision` is not an integer from 0 to 4
 */
export function resolvePointValue(value: PointValue, path: readonly PathSegment[]): ResolvedPointValue {
  if (typeof value !== 'object' || value === null) {
    throw invalid(path, messages.badPointValue(value));
  }
  const exponent = currencyExponent(value.currency, [...path, 'currency']);
  const d = toDec(value.perPoint, 'point value', 'INVALID_ARGUMENT', [...path, 'perPoint']);
  if (d.isNegative() && !d.isZero()) throw invalid([...path, 'perPoint'], messages.negativePointValue());
  const precision: unknown = value.pointsPrecision ?? 0;
  if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 0 || precision > 4) {
    throw invalid([...path, 'pointsPrecision'], messages.badPrecision(precision));
  }
  const plain = d.abs().toFixed();
  const r = ratioOfDecimal(plain);
  const perUnit = { num: r.num * 10n ** BigInt(exponent), den: r.den * 10n ** BigInt(precision) };
  return {
    currency: value.currency,
    perPoint: plain,
    pointsPrecision: precision,
    perUnit,
    perUnitFloat: Number(perUnit.num) / Number(perUnit.den),
  };
}

/** The value of `points` point units, rounded once with `mode`. */
export function valuePoints(points: number, value: ResolvedPointValue, mode: RoundingMode): Money {
  const amount = roundRatio(BigInt(points) * value.perUnit.num, value.perUnit.den, mode);
  return moneyOf(amount, value.currency);
}

/** A Money from a BigInt amount, refusing amounts beyond the safe integer range. */
export function moneyOf(amount: bigint, currency: string): Money {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new LoyaltyError('INVALID_AMOUNT', 'Amount out of range', [
      { code: 'amount_overflow', path: [], message: messages.overflow(currency) },
    ]);
  }
  const n = Number(amount);
  return Object.freeze({ amount: n === 0 ? 0 : n, currency });
}

/** Checks an optional rounding mode (default half-even). */
export function roundingOption(mode: unknown, path: readonly PathSegment[]): RoundingMode {
  return mode === undefined ? 'halfEven' : checkRoundingMode(mode, path);
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid point value', [
    { code: 'invalid_point_value', path, message },
  ]);
}
