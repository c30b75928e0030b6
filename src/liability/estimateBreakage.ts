import { LoyaltyError, type PathSegment } from '../errors/index.js';
import { messages } from './messages.js';
import { parseMonth } from './months.js';
import type { PointCohorts } from './pointCohorts.js';

/** What happens to points still outstanding after the oldest development month observed. */
export type BreakageTail = 'lastHazards' | 'redeemed' | 'breakage';

/** Options of {@link estimateBreakage}. */
export interface EstimateBreakageOptions {
  /**
   * `lastHazards` (default): the monthly rates of the last `tailMonths` observed months go on for
   * ever, so what is left splits in their proportion (all of it is breakage if nothing left the
   * liability in those months); `redeemed`: all of it is eventually redeemed (no breakage from the
   * tail: the prudent choice for revenue); `breakage`: none of it is ever redeemed.
   */
  readonly tail?: BreakageTail;
  /** Months pooled for the tail rates (default 6). */
  readonly tailMonths?: number;
  /** Only cohorts from this month on (`YYYY-MM`), e.g. since the expiry rules last changed. */
  readonly fromCohort?: string;
}

/** One development month of the life table, pooled over the cohorts observed through it. */
export interface DevelopmentMonth {
  /** j: months since the month earned (0 = the month earned). */
  readonly month: number;
  /** Cohorts with this month complete. */
  readonly cohorts: number;
  /** Points outstanding at the start of the month (for j = 0: the points issued in it). */
  readonly exposure: number;
  readonly redeemed: number;
  readonly expired: number;
  /** Reversed by refunds, or adjusted. */
  readonly removed: number;
  /** Monthly rates (hazards): redeemed / exposure, expired / exposure, removed / exposure. */
  readonly redemptionRate: number;
  readonly expiryRate: number;
  readonly removalRate: number;
}

/** How points end: shares that sum to 1, and the breakage rate among redeemed-or-lapsed points. */
export interface RunOff {
  readonly redeemed: number;
  /** Expired, or never redeemed (the tail). */
  readonly expired: number;
  readonly removed: number;
  /** expired / (redeemed + expired), in [0, 1]: the expected breakage rate. */
  readonly breakage: number;
}

/** An expected-breakage estimate from the program's own history (see docs/guides/liability.md). */
export interface BreakageEstimate {
  readonly method: 'lifeTable';
  readonly asOf: string;
  readonly timeZone: string;
  readonly tail: {
    readonly method: BreakageTail;
    /** Months pooled for the tail rates. */
    readonly months: number;
    /** Share of issued points expected to be still outstanding after the last observed month. */
    readonly remaining: number;
  };
  readonly developmentMonths: readonly DevelopmentMonth[];
  /** Expected breakage rate of points at issue (= `byAge[0].breakage`). */
  readonly rate: number;
  /**
   * How points outstanding at the start of development month j end, for j = 0 .. the last observed
   * month + 1 (the tail); later months use the last entry. `byAge[0]` is points at issue.
   */
  readonly byAge: readonly RunOff[];
  /** The cohorts' points outstanding at `asOf` and how they are expected to end. */
  readonly outstanding: {
    readonly points: number;
    readonly expectedRedeemed: number;
    readonly expectedExpired: number;
    readonly expectedRemoved: number;
    /** expectedExpired / (expectedRedeemed + expectedExpired). */
    readonly breakage: number;
  };
}

/**
 * Estimates expected breakage from the program's own history: a discrete-time competing-risks life
 * table (an actuarial run-off triangle read with monthly hazards, the Aalen-Johansen estimator with
 * monthly steps) over the earning cohorts of {@link pointCohorts}. For each development month j,
 * the rates at which outstanding points are redeemed, expire, or are removed (refunds, debits) are
 * pooled over every cohort that has lived through month j; chaining them gives how points end from
 * issue (or from any age), and a stated tail assumption covers the months no cohort has reached.
 *
 * Assumptions (docs/guides/liability.md): the run-off pattern by months since earning is the same
 * for every cohort pooled (use `fromCohort` after rule changes); cohorts observed for a shorter time
 * behave like the older ones did at the same age; points within a month are earned alike from
 * cohort to cohort (month 0 is measured on the points issued in it); rates are per point, not per
 * member; only complete months are used.
 *
 * @param cohorts - from `pointCohorts` (all lots, or purchase lots only)
 * @param options - `tail`, `tailMonths`, `fromCohort`
 * @returns the estimate: rate at issue, run-off by age, life table, expected end of outstanding points
 * @throws {LoyaltyError} INSUFFICIENT_DATA when no cohort has a complete month with points
 * @throws {LoyaltyError} INVALID_ARGUMENT for malformed options
 */
export function estimateBreakage(
  cohorts: PointCohorts,
  options: EstimateBreakageOptions = {},
): BreakageEstimate {
  if (typeof cohorts !== 'object' || cohorts === null || !Array.isArray(cohorts.cohorts)) {
    throw invalid(['cohorts'], 'Expected cohorts from pointCohorts');
  }
  const tail = options.tail ?? 'lastHazards';
  if (tail !== 'lastHazards' && tail !== 'redeemed' && tail !== 'breakage') {
    throw invalid(['options', 'tail'], messages.badTail(tail));
  }
  const tailMonths: unknown = options.tailMonths ?? 6;
  if (typeof tailMonths !== 'number' || !Number.isSafeInteger(tailMonths) || tailMonths < 1) {
    throw invalid(['options', 'tailMonths'], messages.badTailMonths(tailMonths));
  }
  const from =
    options.fromCohort === undefined ? null : parseMonth(options.fromCohort, ['options', 'fromCohort']);
  const rows = cohorts.cohorts.filter((c) => from === null || parseMonth(c.cohort, ['cohorts']) >= from);

  // The life table: exposure and flows per development month, over complete months only.
  const longest = rows.reduce((m, r) => Math.max(m, r.completeMonths), 0);
  const table: { cohorts: number; exposure: number; r: number; e: number; x: number }[] = [];
  for (let j = 0; j < longest; j++) table.push({ cohorts: 0, exposure: 0, r: 0, e: 0, x: 0 });
  for (const row of rows) {
    let outstanding = row.issued;
    for (let j = 0; j < row.completeMonths; j++) {
      const t = table[j]!;
      t.cohorts++;
      t.exposure += outstanding;
      t.r += row.redeemed[j]!;
      t.e += row.expired[j]!;
      t.x += row.reversed[j]! + row.adjusted[j]!;
      outstanding -= row.redeemed[j]! + row.expired[j]! + row.reversed[j]! + row.adjusted[j]!;
    }
  }
  let K = table.length - 1;
  while (K >= 0 && !(table[K]!.exposure > 0)) K--;
  if (K < 0) {
    throw new LoyaltyError('INSUFFICIENT_DATA', 'Not enough history', [
      { code: 'no_history', path: ['cohorts'], message: messages.noHistory() },
    ]);
  }
  const months: DevelopmentMonth[] = table.slice(0, K + 1).map((t, j) => {
    const [hr, he, hx] = hazards(t.r, t.e, t.x, t.exposure);
    return {
      month: j,
      cohorts: t.cohorts,
      exposure: t.exposure,
      redeemed: t.r,
      expired: t.e,
      removed: t.x,
      redemptionRate: hr,
      expiryRate: he,
      removalRate: hx,
    };
  });

  // The tail: what is still outstanding after month K.
  let tR = 0;
  let tE = 1;
  let tX = 0;
  const window = Math.min(tailMonths, K + 1);
  if (tail === 'redeemed') [tR, tE] = [1, 0];
  else if (tail === 'lastHazards') {
    let r = 0;
    let e = 0;
    let x = 0;
    let o = 0;
    for (let j = K - window + 1; j <= K; j++) {
      const t = table[j]!;
      r += Math.max(0, t.r);
      e += Math.max(0, t.e);
      x += Math.max(0, t.x);
      o += t.exposure;
    }
    const [hr, he, hx] = hazards(r, e, x, o);
    const s = hr + he + hx;
    if (s > 0) [tR, tE, tX] = [hr / s, he / s, hx / s];
  }

  // Backwards: how points outstanding at the start of month j end.
  const byAge: RunOff[] = new Array(K + 2);
  let pr = tR;
  let pe = tE;
  let px = tX;
  byAge[K + 1] = runOff(pr, pe, px);
  for (let j = K; j >= 0; j--) {
    const m = months[j]!;
    const stay = 1 - m.redemptionRate - m.expiryRate - m.removalRate;
    pr = m.redemptionRate + stay * pr;
    pe = m.expiryRate + stay * pe;
    px = m.removalRate + stay * px;
    byAge[j] = runOff(pr, pe, px);
  }
  let remaining = 1;
  for (const m of months) remaining *= 1 - m.redemptionRate - m.expiryRate - m.removalRate;

  let points = 0;
  let er = 0;
  let ee = 0;
  let ex = 0;
  for (const row of rows) {
    if (row.outstanding === 0) continue;
    const p = byAge[Math.min(row.completeMonths, K + 1)]!;
    points += row.outstanding;
    er += row.outstanding * p.redeemed;
    ee += row.outstanding * p.expired;
    ex += row.outstanding * p.removed;
  }
  return {
    method: 'lifeTable',
    asOf: cohorts.asOf,
    timeZone: cohorts.timeZone,
    tail: { method: tail, months: window, remaining: Math.max(0, remaining) },
    developmentMonths: months,
    rate: byAge[0]!.breakage,
    byAge,
    outstanding: {
      points,
      expectedRedeemed: er,
      expectedExpired: ee,
      expectedRemoved: ex,
      breakage: er + ee > 0 ? ee / (er + ee) : 0,
    },
  };
}

/**
 * Monthly hazards of one development month: each flow over the exposure, floored at 0 (a month
 * whose cancellations exceed its redemptions gives back nothing) and scaled down when they would
 * take more than everything.
 */
function hazards(r: number, e: number, x: number, exposure: number): [number, number, number] {
  if (!(exposure > 0)) return [0, 0, 0];
  let hr = Math.max(0, r) / exposure;
  let he = Math.max(0, e) / exposure;
  let hx = Math.max(0, x) / exposure;
  const s = hr + he + hx;
  if (s > 1) {
    hr /= s;
    he /= s;
    hx /= s;
  }
  return [hr, he, hx];
}

function runOff(r: number, e: number, x: number): RunOff {
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  const [cr, ce, cx] = [clamp(r), clamp(e), clamp(x)];
  return { redeemed: cr, expired: ce, removed: cx, breakage: cr + ce > 0 ? ce / (cr + ce) : 0 };
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid breakage input', [
    { code: 'invalid_argument', path, message },
  ]);
}
