import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { messages } from './messages.js';
import { studentTQuantile, studentTUpperTail } from './studentT.js';

/** Options of {@link welchTest}. */
export interface WelchTestOptions {
  /** Confidence level of the interval, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
}

/** The result of Welch's unequal-variances t-test of mean(a) - mean(b). */
export interface WelchTest {
  /** mean(a) - mean(b). */
  readonly difference: number;
  /** sqrt(var(a)/n_a + var(b)/n_b). */
  readonly standardError: number;
  /** difference / standardError; `null` when both samples are constant (the test is undefined). */
  readonly t: number | null;
  /** Welch-Satterthwaite degrees of freedom (fractional); `null` with `t`. */
  readonly df: number | null;
  /** Two-sided p-value, 2 P(T_df > |t|); `null` with `t`. */
  readonly pValue: number | null;
  readonly confidence: number;
  /** difference -/+ t_{df, 1-(1-confidence)/2} x standardError; `null` with `t`. */
  readonly ci: readonly [number, number] | null;
  readonly means: readonly [number, number];
  /** Sample variances (denominator n - 1). */
  readonly variances: readonly [number, number];
  readonly sizes: readonly [number, number];
}

/**
 * Welch's t-test (Welch 1947) for the difference of two means without assuming equal variances:
 * `t = (mean_a - mean_b) / sqrt(s_a²/n_a + s_b²/n_b)` with the Welch-Satterthwaite degrees of
 * freedom `(s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a - 1) + (s_b²/n_b)²/(n_b - 1))`, a two-sided
 * p-value and a confidence interval from the Student t distribution (its CDF through the regularized
 * incomplete beta function, computed here). Same numbers as R's `t.test(a, b)` and scipy's
 * `ttest_ind(a, b, equal_var=False)`.
 *
 * @param a - the first sample (e.g. the treatment arm), at least 2 finite numbers
 * @param b - the second sample (e.g. the control arm), at least 2 finite numbers
 * @param options - `confidence` (default 0.95)
 * @returns the difference of the means, its standard error, t, df, the p-value and the interval
 * @throws {LoyaltyError} INSUFFICIENT_DATA when a sample has fewer than 2 values
 * @throws {LoyaltyError} INVALID_ARGUMENT when a value is not a finite number or the confidence is
 *   not in (0, 1)
 * @example
 * // R's sleep data (Student 1908): t.test(extra ~ group) prints t = -1.8608, df = 17.776,
 * // p-value = 0.07939, 95 percent CI -3.3654832 0.2054832
 * welchTest([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0],
 *           [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]).pValue //=> 0.0793941...
 */
export function welchTest(
  a: readonly number[],
  b: readonly number[],
  options: WelchTestOptions = {},
): WelchTest {
  const confidence = checkConfidence(options.confidence, ['options', 'confidence']);
  const sa = moments(a, 'a');
  const sb = moments(b, 'b');
  const r = welchCore(
    sa.mean - sb.mean,
    sa.variance / sa.n,
    sa.n - 1,
    sb.variance / sb.n,
    sb.n - 1,
    confidence,
  );
  return {
    ...r,
    confidence,
    means: [sa.mean, sb.mean],
    variances: [sa.variance, sb.variance],
    sizes: [sa.n, sb.n],
  };
}

/** The test part shared with compareArms: from the difference and each estimate's variance and df. */
export interface WelchCore {
  readonly difference: number;
  readonly standardError: number;
  readonly t: number | null;
  readonly df: number | null;
  readonly pValue: number | null;
  readonly ci: readonly [number, number] | null;
}

/**
 * Welch's statistic from a difference of two independent estimates with variances `va`, `vb`
 * (variances of the estimates, not of the data) and degrees of freedom `dfa`, `dfb`.
 */
export function welchCore(
  difference: number,
  va: number,
  dfa: number,
  vb: number,
  dfb: number,
  confidence: number,
): WelchCore {
  const v = va + vb;
  const standardError = Math.sqrt(v);
  if (!(v > 0) || !Number.isFinite(v)) {
    return { difference, standardError: 0, t: null, df: null, pValue: null, ci: null };
  }
  const df = (v * v) / ((va * va) / dfa + (vb * vb) / dfb);
  const t = difference / standardError;
  const pValue = Math.min(1, 2 * studentTUpperTail(Math.abs(t), df));
  const q = studentTQuantile(1 - (1 - confidence) / 2, df);
  return {
    difference,
    standardError,
    t,
    df,
    pValue,
    ci: [difference - q * standardError, difference + q * standardError],
  };
}

/** Mean and sample variance (two passes, for accuracy). */
function moments(xs: readonly number[], which: string): { n: number; mean: number; variance: number } {
  if (!Array.isArray(xs)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid sample', [
      { code: 'invalid_sample', path: [which], message: messages.badValue(xs) },
    ]);
  }
  const n = xs.length;
  if (n < 2) {
    throw new LoyaltyError('INSUFFICIENT_DATA', 'Too few values', [
      { code: 'too_few_values', path: [which], message: messages.tooFewValues(which, n) },
    ]);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid sample', [
        { code: 'invalid_value', path: [which, i], message: messages.badValue(x) },
      ]);
    }
    sum += x;
  }
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return { n, mean, variance: ss / (n - 1) };
}

/** Checks a confidence level (default 0.95). */
export function checkConfidence(value: unknown, path: readonly PathSegment[]): number {
  if (value === undefined) return 0.95;
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid confidence level', [
      { code: 'invalid_confidence', path, message: messages.badConfidence(value) },
    ]);
  }
  return value;
}
