import { LoyaltyError, type PathSegment } from '../../errors/index.js';
import type { RepeatSummary } from '../types.js';
import * as msg from './messages.js';

/** Where a customer is in their life with the shop. */
export type LifecycleStage = 'new' | 'active' | 'at-risk' | 'lapsed' | 'churned';

/** All stages, from the start of the relationship to its end. */
export const LIFECYCLE_STAGES: readonly LifecycleStage[] = ['new', 'active', 'at-risk', 'lapsed', 'churned'];

/**
 * Thresholds as multiples of the customer's own mean time between purchase days
 * (recency / frequency), used for customers with at least `minFrequency` repeat purchase days.
 */
export interface PersonalLifecycleOptions {
  /** Repeat purchase days needed to use the personal rhythm (default 2). */
  readonly minFrequency?: number;
  /** Active while idle <= active × mean gap (default 2). */
  readonly active?: number;
  /** At risk while idle <= atRisk × mean gap (default 4). */
  readonly atRisk?: number;
  /** Lapsed while idle <= lapsed × mean gap (default 8); churned beyond. */
  readonly lapsed?: number;
}

/** Options of {@link lifecycleStage}. All thresholds are in days. */
export interface LifecycleOptions {
  /** Unit of the summary's recency and T (default `'day'`; `'week'` multiplies them by 7). */
  readonly period?: 'day' | 'week';
  /** New while the first purchase is at most this many days old (default 30). */
  readonly newWithinDays?: number;
  /** Active while the last purchase is at most this many days old (default 90). */
  readonly activeWithinDays?: number;
  /** At risk while the last purchase is at most this many days old (default 180). */
  readonly atRiskWithinDays?: number;
  /** Lapsed while the last purchase is at most this many days old (default 365); churned beyond. */
  readonly lapsedWithinDays?: number;
  /** Use each repeat customer's own purchase rhythm instead of the fixed idle thresholds. */
  readonly personal?: PersonalLifecycleOptions | boolean;
}

/**
 * The lifecycle stage of one customer from their BTYD summary, at the summary's observation end:
 * `age` = T (days since the first purchase), `idle` = T - recency (days since the last purchase).
 * In order: `'new'` when age <= newWithinDays; else `'active'` when idle <= activeWithinDays;
 * `'at-risk'` when idle <= atRiskWithinDays; `'lapsed'` when idle <= lapsedWithinDays; else
 * `'churned'`. With `personal`, a customer with enough repeat purchase days is judged against
 * multiples of their own mean gap (recency / frequency) instead of the fixed idle thresholds.
 *
 * @param summary - a summary from `summarizeTransactions` (frequency, recency, T)
 * @param options - thresholds in days, the summary's `period`, `personal`
 * @returns the stage
 * @throws {LoyaltyError} INVALID_ARGUMENT when the summary or a threshold is malformed
 * @example
 * lifecycleStage({ frequency: 3, recency: 200, T: 300 }); //=> 'at-risk' (idle 100 days: over 90, within 180)
 * lifecycleStage({ frequency: 0, recency: 0, T: 10 }); //=> 'new'
 */
export function lifecycleStage(summary: RepeatSummary, options: LifecycleOptions = {}): LifecycleStage {
  return resolveLifecycle(options)(summary);
}

/**
 * Validates lifecycle options once and returns the stage function (for many customers).
 *
 * @param options - as {@link lifecycleStage}
 * @returns a function from summary to stage
 * @throws {LoyaltyError} INVALID_ARGUMENT when an option is malformed
 * @example
 * const stageOf = resolveLifecycle({ activeWithinDays: 60 });
 * summaries.map(stageOf);
 */
export function resolveLifecycle(options: LifecycleOptions = {}): (summary: RepeatSummary) => LifecycleStage {
  const period: unknown = options.period ?? 'day';
  if (period !== 'day' && period !== 'week') throw invalid(['options', 'period'], msg.badPeriod(period));
  const unit = period === 'week' ? 7 : 1;
  const num = (
    name: keyof LifecycleOptions,
    fallback: number,
    path: PathSegment[] = ['options', name],
  ): number => {
    const v: unknown = options[name] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalid(path, msg.badThreshold(name, v));
    return v;
  };
  const newWithin = num('newWithinDays', 30);
  const active = num('activeWithinDays', 90);
  const atRisk = num('atRiskWithinDays', 180);
  const lapsed = num('lapsedWithinDays', 365);
  if (!(active <= atRisk && atRisk <= lapsed)) throw invalid(['options'], msg.badOrder());
  const p = options.personal === true ? {} : options.personal === false ? undefined : options.personal;
  let personal: { min: number; active: number; atRisk: number; lapsed: number } | undefined;
  if (p !== undefined) {
    const pnum = (name: keyof PersonalLifecycleOptions, fallback: number): number => {
      const v: unknown = p[name] ?? fallback;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw invalid(['options', 'personal', name], msg.badThreshold(`personal.${name}`, v));
      }
      return v;
    };
    personal = {
      min: Math.max(1, pnum('minFrequency', 2)),
      active: pnum('active', 2),
      atRisk: pnum('atRisk', 4),
      lapsed: pnum('lapsed', 8),
    };
    if (!(personal.active <= personal.atRisk && personal.atRisk <= personal.lapsed)) {
      throw invalid(['options', 'personal'], msg.badOrder());
    }
  }
  return (s) => {
    if (
      typeof s !== 'object' ||
      s === null ||
      !(s.frequency >= 0) ||
      !(s.recency >= 0) ||
      !(s.T >= s.recency) ||
      !Number.isFinite(s.T)
    ) {
      throw invalid(['summary'], msg.badSummary());
    }
    const age = s.T * unit;
    if (age <= newWithin) return 'new';
    const idle = (s.T - s.recency) * unit;
    if (personal !== undefined && s.frequency >= personal.min && s.recency > 0) {
      const gap = (s.recency * unit) / s.frequency;
      if (idle <= personal.active * gap) return 'active';
      if (idle <= personal.atRisk * gap) return 'at-risk';
      if (idle <= personal.lapsed * gap) return 'lapsed';
      return 'churned';
    }
    if (idle <= active) return 'active';
    if (idle <= atRisk) return 'at-risk';
    if (idle <= lapsed) return 'lapsed';
    return 'churned';
  };
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid lifecycle input', [
    { code: 'invalid_argument', path, message },
  ]);
}
