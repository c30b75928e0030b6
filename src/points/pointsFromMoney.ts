import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { checkRoundingMode, Dec, type DecimalInput, type Money, money, toDec } from '../money/index.js';
import { roundRatio } from './decimal.js';
import { formatPoints } from './formatPoints.js';
import { messages } from './messages.js';
import { checkPrecision } from './pointsPrecision.js';
import {
  POINTS_CONVERSION_MODES,
  type PointsConversionMode,
  type PointsFromMoneyOptions,
  type PointsFromMoneyResult,
  type PointsRate,
} from './types.js';

/** Most multipliers one conversion accepts (keeps the exact product small). */
export const MAX_MULTIPLIERS = 20;
const UNROUNDED_DECIMALS = 20;

/**
 * Converts money to points by a rate, exactly, rounding once at the end (DOMAIN.md point 9).
 *
 * - `proportional`: `exact = amount / per * points * multipliers`
 *   ("10 points per 100.00 CNY": 199.90 CNY -> 19.99 -> 19 with `floor`).
 * - `perFullBlock`: `exact = fullBlocks * points * multipliers`, full blocks = amount / per rounded
 *   toward zero ("10 points for every full 100.00 CNY": 199.90 -> 1 block -> 10).
 * - `perStartedBlock`: started blocks = amount / per rounded away from zero
 *   (199.90 -> 2 blocks -> 20; "1 point per 0.50 EUR started": 1.20 EUR -> 3 blocks -> 3).
 *
 * Multipliers (tier, campaign) multiply the exact value before the single rounding, at the
 * program's precision, with `rounding` (default `floor`). A negative amount (a refund) is allowed:
 * blocks count symmetrically (-199.90 -> -1 full block), and rounding follows the mode literally
 * (`floor` of -19.99 is -20; use `down` for a refund that mirrors a `floor` earning).
 * Nothing is a float: the result is integer point units plus the exact unrounded value as a string.
 *
 * @param value - the order amount (the basis chosen by the rule)
 * @param rate - `{ points, per, mode? }`; `per` must be positive and in `value`'s currency
 * @param options - `precision` (0..4, default 0), `rounding` (default `'floor'`), `multipliers`
 * @returns the rounded units, the rounded points as a string, the unrounded value and the block count
 * @throws {LoyaltyError} CURRENCY_MISMATCH when the rate is in another currency than the amount
 * @throws {LoyaltyError} INVALID_ARGUMENT when the rate, a multiplier, the precision or the rounding mode is invalid
 * @throws {LoyaltyError} INVALID_AMOUNT or UNKNOWN_CURRENCY when `value` or `rate.per` is not money
 * @throws {LoyaltyError} INVALID_POINTS when the result is outside the safe integer range of point units
 * @throws {LoyaltyError} LIMIT_EXCEEDED when more than 20 multipliers are given
 * @example
 * const rate = { points: '10', per: { amount: 10000, currency: 'CNY' }, mode: 'proportional' } as const;
 * pointsFromMoney({ amount: 19990, currency: 'CNY' }, rate)
 * //=> { units: 19, points: '19', unrounded: '19.99', exact: true, blocks: null }
 */
export function pointsFromMoney(
  value: Money,
  rate: PointsRate,
  options: PointsFromMoneyOptions = {},
): PointsFromMoneyResult {
  const amount = money(value?.amount, value?.currency, ['value']);
  if (typeof rate !== 'object' || rate === null) {
    throw invalid(['rate'], messages.badRate(rate));
  }
  if (typeof rate.per !== 'object' || rate.per === null) throw invalid(['rate', 'per'], messages.badPer());
  const per = money(rate.per.amount, rate.per.currency, ['rate', 'per']);
  if (per.currency !== amount.currency) {
    throw new LoyaltyError('CURRENCY_MISMATCH', 'Currency mismatch', [
      {
        code: 'currency_mismatch',
        path: ['rate', 'per', 'currency'],
        message: messages.mismatch(amount.currency, per.currency),
      },
    ]);
  }
  if (per.amount <= 0) throw invalid(['rate', 'per', 'amount'], messages.badPer());
  const points = nonNegative(rate.points, 'rate points', ['rate', 'points']);
  const mode = checkMode(rate.mode ?? 'proportional');
  const precision = checkPrecision(options.precision ?? 0, ['options', 'precision']);
  const rounding = checkRoundingMode(options.rounding ?? 'floor', ['options', 'rounding']);
  const multiplier = product(options.multipliers ?? []);

  const scale = new Dec(10).pow(precision);
  let numerator: Dec;
  let denominator: Dec;
  let blocks: number | null = null;
  if (mode === 'proportional') {
    numerator = new Dec(amount.amount).times(points).times(multiplier);
    denominator = new Dec(per.amount);
  } else {
    const a = BigInt(amount.amount);
    const full = a / BigInt(per.amount); // BigInt division truncates toward zero
    const partial = a % BigInt(per.amount) !== 0n;
    const count = mode === 'perStartedBlock' && partial ? full + (a < 0n ? -1n : 1n) : full;
    blocks = count === 0n ? 0 : Number(count);
    numerator = new Dec(blocks).times(points).times(multiplier);
    denominator = new Dec(1);
  }

  const units = roundRatio(numerator.times(scale), denominator, rounding);
  if (!units.abs().lte(Number.MAX_SAFE_INTEGER)) {
    throw new LoyaltyError('INVALID_POINTS', 'Points out of range', [
      { code: 'points_overflow', path: [], message: messages.overflow('pointsFromMoney') },
    ]);
  }
  const unitsNumber = units.isZero() ? 0 : units.toNumber();
  const quotient = numerator.dividedBy(denominator);
  const exact = terminates(numerator, denominator);
  const unrounded = exact
    ? quotient.abs().toFixed()
    : quotient.abs().toFixed(UNROUNDED_DECIMALS, Dec.ROUND_HALF_EVEN);
  return Object.freeze({
    units: unitsNumber,
    points: formatPoints(unitsNumber, precision),
    unrounded: quotient.isNegative() && !quotient.isZero() ? `-${unrounded}` : unrounded,
    exact,
    blocks,
  });
}

/** True when numerator / denominator (denominator a positive integer) has a finite decimal form. */
function terminates(numerator: Dec, denominator: Dec): boolean {
  const places = numerator.decimalPlaces();
  let n = BigInt(numerator.abs().times(new Dec(10).pow(places)).toFixed());
  let d = BigInt(denominator.toFixed()) * 10n ** BigInt(places);
  while (n !== 0n) [n, d] = [d % n, n]; // d becomes gcd
  let rest = (BigInt(denominator.toFixed()) * 10n ** BigInt(places)) / d;
  while (rest % 2n === 0n) rest /= 2n;
  while (rest % 5n === 0n) rest /= 5n;
  return rest === 1n;
}

function checkMode(mode: unknown): PointsConversionMode {
  if (typeof mode === 'string' && (POINTS_CONVERSION_MODES as readonly string[]).includes(mode)) {
    return mode as PointsConversionMode;
  }
  throw invalid(['rate', 'mode'], messages.badMode(mode));
}

function nonNegative(input: DecimalInput, what: string, path: readonly PathSegment[]): Dec {
  const d = toDec(input, what, 'INVALID_ARGUMENT', path);
  if (d.isNegative() && !d.isZero()) throw invalid(path, messages.negative(`The ${what}`));
  return d;
}

function product(multipliers: readonly DecimalInput[]): Dec {
  if (!Array.isArray(multipliers)) {
    throw invalid(['options', 'multipliers'], 'Multipliers must be an array of decimals, e.g. ["1.5"]');
  }
  if (multipliers.length > MAX_MULTIPLIERS) {
    throw new LoyaltyError('LIMIT_EXCEEDED', 'Too many multipliers', [
      {
        code: 'too_many_multipliers',
        path: ['options', 'multipliers'],
        message: messages.tooManyMultipliers(multipliers.length, MAX_MULTIPLIERS),
      },
    ]);
  }
  return multipliers.reduce<Dec>(
    (acc, m, i) => acc.times(nonNegative(m, 'multiplier', ['options', 'multipliers', i])),
    new Dec(1),
  );
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid points conversion', [
    { code: 'invalid_conversion', path, message },
  ]);
}
