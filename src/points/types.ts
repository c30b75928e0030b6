import type { DecimalInput, Money, RoundingMode } from '../money/index.js';

/**
 * How many decimals a program's points have: 0 (whole points, the default) up to 4.
 * Points are stored as integer **point units**: with precision `p`, one point is `10^p` units
 * (precision 2: `12.50` points = 1250 units). Units are safe integers, never floats.
 */
export type PointsPrecision = 0 | 1 | 2 | 3 | 4;

/** Every {@link PointsPrecision}. */
export const POINTS_PRECISIONS: readonly PointsPrecision[] = Object.freeze([0, 1, 2, 3, 4]);

/**
 * How money turns into points (DOMAIN.md point 9):
 * - `proportional`: points grow with every minor unit ("10 points per 100.00 CNY": 199.90 -> 19.99).
 * - `perFullBlock`: only complete blocks count ("10 points for every full 100.00 CNY": 199.90 -> 1 block).
 * - `perStartedBlock`: every started block counts ("... per 100.00 CNY started": 199.90 -> 2 blocks).
 */
export type PointsConversionMode = 'proportional' | 'perFullBlock' | 'perStartedBlock';

/** Every {@link PointsConversionMode}. */
export const POINTS_CONVERSION_MODES: readonly PointsConversionMode[] = Object.freeze([
  'proportional',
  'perFullBlock',
  'perStartedBlock',
]);

/**
 * An earning rate: `points` points per `per` money. `{ points: '10', per: { amount: 10000,
 * currency: 'CNY' }, mode: 'proportional' }` is "10 points per 100.00 CNY".
 */
export interface PointsRate {
  /** Points per block, a non-negative decimal (`'10'`, `'0.5'`). */
  readonly points: DecimalInput;
  /** The money block, a positive amount in the order's currency. */
  readonly per: Money;
  /** How blocks count; default `'proportional'`. */
  readonly mode?: PointsConversionMode;
}

/** Options of `pointsFromMoney`. */
export interface PointsFromMoneyOptions {
  /** Decimals of the program's points; default 0. */
  readonly precision?: PointsPrecision;
  /** How the exact value is rounded to point units, once, after multipliers; default `'floor'`. */
  readonly rounding?: RoundingMode;
  /**
   * Tier and campaign multipliers (`'1.5'`, `'2'`), applied to the exact value before rounding.
   * Non-negative decimals, at most 20.
   */
  readonly multipliers?: readonly DecimalInput[];
}

/** What `pointsFromMoney` computed, with what is needed to explain it. */
export interface PointsFromMoneyResult {
  /** The rounded points in point units (a safe integer); `points * 10^precision`. */
  readonly units: number;
  /** The rounded points as a decimal string at the precision, e.g. `'19'` or `'19.99'`. */
  readonly points: string;
  /**
   * The exact points before rounding (after multipliers) as a plain decimal string, e.g. `'19.99'`.
   * When the exact value has no finite decimal form (a rate per 3.00), it is given rounded half-even
   * to 20 decimals and `exact` is false.
   */
  readonly unrounded: string;
  /** Whether `unrounded` is the exact value. */
  readonly exact: boolean;
  /** The number of blocks counted in the block modes (signed like the amount); `null` in `proportional`. */
  readonly blocks: number | null;
}
