import { LoyaltyError } from '../errors/index.js';
import type { LedgerEntry } from '../ledger/index.js';
import { assertTimeZone } from '../time/index.js';
import { epochOf } from '../time/internal.js';
import { accumulateLedger, type CohortAcc } from './accumulateLedger.js';
import { formatMonth, monthIndexOf } from './months.js';

/** Options of {@link pointCohorts}. */
export interface PointCohortsOptions {
  /** The reporting instant: entries after it are ignored. */
  readonly asOf: string;
  /** The zone of calendar months, e.g. the program's. */
  readonly timeZone: string;
  /** Only points earned on purchases (the ones with consideration), or every lot (default). */
  readonly lots?: 'all' | 'purchases';
}

/**
 * One earning cohort (the points earned in one local month) and where its points went, month by
 * month. Development month `j` is the cohort month plus `j` (0 = the month earned).
 */
export interface PointCohort {
  /** `YYYY-MM`. */
  readonly cohort: string;
  /** Points put into the liability (lot amounts, less what repaid a debt at once). */
  readonly issued: number;
  /** Per development month, from 0 to the month of `asOf`: points redeemed, net of cancellations. */
  readonly redeemed: readonly number[];
  /** Points expired (lot expiry or inactivity), per development month. */
  readonly expired: readonly number[];
  /** Points taken back by refunds, per development month. */
  readonly reversed: readonly number[];
  /** Manual debits and re-derivation corrections, per development month. */
  readonly adjusted: readonly number[];
  /** issued - everything that left, as of `asOf`. */
  readonly outstanding: number;
  /** Development months complete at `asOf`: the flow arrays' last element is the month in progress. */
  readonly completeMonths: number;
  /** Cumulative share of `issued` redeemed by the end of each development month (the redemption curve). */
  readonly redeemedShare: readonly number[];
  /** Cumulative share of `issued` expired by the end of each development month (the expiry curve). */
  readonly expiredShare: readonly number[];
}

/** The earning cohorts of a ledger, oldest first. */
export interface PointCohorts {
  readonly asOf: string;
  readonly timeZone: string;
  /** The month of `asOf` (in progress). */
  readonly month: string;
  readonly lots: 'all' | 'purchases';
  readonly cohorts: readonly PointCohort[];
}

/**
 * Redemption and expiry curves by earning cohort (month earned, in a zone) from members' ledgers:
 * for each cohort, the points issued and, month by month since, the points redeemed (net of
 * cancelled redemptions), expired, reversed by refunds and adjusted, with the cumulative shares.
 * The input of `estimateBreakage`. Outstanding points of all cohorts add up to the ledger's
 * outstanding total (`pointsLiabilityFromLedger(...).points`).
 *
 * @param entries - every member's entries from seq 1, in ledger order (members may interleave)
 * @param options - `asOf`, `timeZone`, `lots`
 * @returns the cohorts
 * @throws {LoyaltyError} INVALID_ARGUMENT when entries are out of order or name unknown lots
 */
export function pointCohorts(entries: Iterable<LedgerEntry>, options: PointCohortsOptions): PointCohorts {
  if (typeof options !== 'object' || options === null) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid options', [
      { code: 'invalid_argument', path: ['options'], message: 'Expected options { asOf, timeZone }' },
    ]);
  }
  const asOfMs = epochOf(options.asOf, ['options', 'asOf']);
  assertTimeZone(options.timeZone, ['options', 'timeZone']);
  const lots = options.lots ?? 'all';
  if (lots !== 'all' && lots !== 'purchases') {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid options', [
      { code: 'invalid_argument', path: ['options', 'lots'], message: 'lots must be "all" or "purchases"' },
    ]);
  }
  const acc = accumulateLedger(entries, asOfMs, options.timeZone);
  const month = monthIndexOf(asOfMs, options.timeZone);
  return {
    asOf: new Date(asOfMs).toISOString(),
    timeZone: options.timeZone,
    month: formatMonth(month),
    lots,
    cohorts: cohortRows(lots === 'all' ? acc.all : acc.purchases, month),
  };
}

/** Rows of a cohort map, oldest first, with flows padded to the month of `asOf`. */
export function cohortRows(map: ReadonlyMap<number, CohortAcc>, month: number): PointCohort[] {
  return [...map.keys()]
    .sort((a, b) => a - b)
    .map((c) => {
      const acc = map.get(c)!;
      const length = month - c + 1;
      const pad = (xs: readonly number[]): number[] => Array.from({ length }, (_, j) => xs[j] ?? 0);
      const redeemed = pad(acc.flows.redeemed);
      const expired = pad(acc.flows.expired);
      const reversed = pad(acc.flows.reversed);
      const adjusted = pad(acc.flows.adjusted);
      let out = 0;
      let r = 0;
      let e = 0;
      const redeemedShare: number[] = [];
      const expiredShare: number[] = [];
      for (let j = 0; j < length; j++) {
        r += redeemed[j]!;
        e += expired[j]!;
        out += redeemed[j]! + expired[j]! + reversed[j]! + adjusted[j]!;
        redeemedShare.push(acc.issued === 0 ? 0 : r / acc.issued);
        expiredShare.push(acc.issued === 0 ? 0 : e / acc.issued);
      }
      return {
        cohort: formatMonth(c),
        issued: acc.issued,
        redeemed,
        expired,
        reversed,
        adjusted,
        outstanding: acc.issued - out,
        completeMonths: length - 1,
        redeemedShare,
        expiredShare,
      };
    });
}
