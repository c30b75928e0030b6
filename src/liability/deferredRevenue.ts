import { LoyaltyError, type PathSegment } from '../errors/index.js';
import type { LedgerEntry } from '../ledger/index.js';
import { Dec, type Money, type RoundingMode } from '../money/index.js';
import { assertTimeZone } from '../time/index.js';
import { epochOf } from '../time/internal.js';
import { accumulateLedger, type CohortAcc } from './accumulateLedger.js';
import type { BreakageEstimate } from './estimateBreakage.js';
import { messages } from './messages.js';
import { formatMonth, monthIndexOf, parseMonth } from './months.js';
import { moneyOf, type PointValue, resolvePointValue, roundingOption } from './pointValue.js';
import { ratioOfNumber, roundRatio } from './rational.js';

/** Options of {@link deferredRevenue}. */
export interface DeferredRevenueOptions {
  /** The reporting instant: the last month of the schedule is the one in progress at `asOf`. */
  readonly asOf: string;
  /** The zone of calendar months. */
  readonly timeZone: string;
  /** The value of a point to the customer (what it buys); the schedule's currency. */
  readonly pointValue: PointValue;
  /**
   * Expected breakage, the current estimate: a rate in [0, 1], the share of each cohort's points
   * (net of refunds and debits) that will never be redeemed (e.g. your approved estimate); or an
   * estimate from `estimateBreakage`, whose run-off by age values each cohort's outstanding points.
   */
  readonly breakage: number | BreakageEstimate;
  /**
   * The breakage expected when the points were sold, for their stand-alone selling price (the
   * allocation is not redone when the estimate changes later, IFRS 15.88). Default: the rate at
   * issue of `breakage`.
   */
  readonly allocationBreakage?: number;
  /** Rounding of each allocation and each cumulative recognition to minor units (default `halfEven`). */
  readonly rounding?: RoundingMode;
  /** First month listed (`YYYY-MM`); earlier months still count in the balances. */
  readonly from?: string;
}

/** One month of the schedule (points earned on purchases only). */
export interface DeferredRevenueMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  /** True for the month of `asOf` (figures up to `asOf`). */
  readonly partial: boolean;
  readonly pointsIssued: number;
  readonly pointsRedeemed: number;
  readonly pointsExpired: number;
  /** Reversed by refunds or adjusted. */
  readonly pointsRemoved: number;
  /** At the end of the month (or at `asOf`). */
  readonly pointsOutstanding: number;
  /** Consideration allocated to points: new orders, less refunds (negative when refunds dominate). */
  readonly allocated: Money;
  /** Revenue recognized in the month (redemptions, and breakage in proportion to them). */
  readonly recognized: Money;
  /** The part of `recognized` that comes from expected breakage. */
  readonly recognizedFromBreakage: Money;
  /** The contract liability (deferred revenue) at the end of the month (or at `asOf`). */
  readonly deferred: Money;
}

/** A deferred-revenue schedule for points, in the spirit of IFRS 15 / ASC 606. */
export interface DeferredRevenueSchedule {
  readonly asOf: string;
  readonly timeZone: string;
  readonly currency: string;
  /** The expected breakage rate at issue of `breakage`. */
  readonly breakageRate: number;
  /** The breakage rate of the stand-alone selling price. */
  readonly allocationBreakageRate: number;
  /** The stand-alone selling price of one point: its value x (1 - breakage), natural units, exact. */
  readonly standAloneSellingPricePerPoint: string;
  readonly months: readonly DeferredRevenueMonth[];
  /** Since the first cohort, as of `asOf`: recognized + deferred = allocated, exactly. */
  readonly totals: {
    readonly allocated: Money;
    readonly recognized: Money;
    readonly recognizedFromBreakage: Money;
    readonly deferred: Money;
  };
  /**
   * Outstanding points not earned on a purchase (sign-up, birthday, referral, manual credits): no
   * consideration was received for them, so they are outside the schedule (a cost provision, see
   * `pointsLiability`).
   */
  readonly pointsWithoutConsideration: number;
}

/**
 * A deferred-revenue schedule for loyalty points, in the spirit of IFRS 15 (B39-B43 customer
 * options, B44-B47 unexercised rights, Illustrative Example 52) and ASC 606-10-55-41..45 and
 * 55-46..49. For every purchase that earned points, the consideration (its net merchandise spend, as
 * the engine recorded it) is allocated between the goods and the points by relative stand-alone
 * selling prices: the points' price is their value x (1 - expected breakage). That part is
 * deferred and recognized as points are redeemed, the expected breakage in proportion to
 * redemptions: per cohort (month earned), cumulative revenue = allocated x points redeemed /
 * points expected to be redeemed in total, so all of it once nothing is outstanding. A rate
 * `breakage` expects `(issued - removed) x (1 - rate)` redemptions per cohort (as Example 52); an
 * estimate from `estimateBreakage` expects `redeemed + outstanding x` its share redeemed at the
 * cohort's age. Each month restates with the current estimate (the cumulative catch-up). Refunds
 * give back allocated consideration in proportion to the spend refunded. Money is exact: each
 * allocation and each cumulative recognition is rounded once, so recognized + deferred =
 * allocated in every month and in total. Method, assumptions, a worked example:
 * docs/guides/liability.md. Not accounting advice: the policies are the shop's and its auditors'.
 *
 * @param entries - every member's entries from seq 1, in ledger order (members may interleave)
 * @param options - `asOf`, `timeZone`, `pointValue`, `breakage`, `allocationBreakage`, `rounding`, `from`
 * @returns the schedule by month, the totals, and the outstanding points outside it
 * @throws {LoyaltyError} INVALID_ARGUMENT for malformed options or entries
 * @throws {LoyaltyError} CURRENCY_MISMATCH when purchases are not in the point value's currency
 */
export function deferredRevenue(
  entries: Iterable<LedgerEntry>,
  options: DeferredRevenueOptions,
): DeferredRevenueSchedule {
  if (typeof options !== 'object' || options === null)
    throw invalid(['options'], messages.badPointValue(options));
  const asOfMs = epochOf(options.asOf, ['options', 'asOf']);
  const zone = options.timeZone;
  assertTimeZone(zone, ['options', 'timeZone']);
  const value = resolvePointValue(options.pointValue, ['options', 'pointValue']);
  const mode = roundingOption(options.rounding, ['options', 'rounding']);
  const expectation = breakageOf(options.breakage);
  const allocationRate = options.allocationBreakage ?? expectation.rate;
  if (typeof allocationRate !== 'number' || !(allocationRate >= 0 && allocationRate <= 1)) {
    throw invalid(['options', 'allocationBreakage'], messages.badBreakage(allocationRate));
  }
  const fromMonth = options.from === undefined ? null : parseMonth(options.from, ['options', 'from']);
  const acc = accumulateLedger(entries, asOfMs, zone);
  const M = monthIndexOf(asOfMs, zone);

  // Stand-alone selling price per point unit (minor units): value x (1 - breakage at issue).
  const b0 = ratioOfNumber(allocationRate);
  const sspNum = value.perUnit.num * (b0.den - b0.num);
  const sspDen = value.perUnit.den * b0.den;

  // Consideration allocated to points, by cohort and development month.
  const allocated = new Map<number, bigint[]>();
  const book = (cohort: number, month: number, amount: bigint): void => {
    let list = allocated.get(cohort);
    if (list === undefined) {
      list = [];
      allocated.set(cohort, list);
    }
    const j = Math.max(0, month - cohort);
    while (list.length <= j) list.push(0n);
    list[j] = list[j]! + amount;
  };
  for (const order of acc.orders.values()) {
    if (order.points <= 0 || order.spend <= 0) continue;
    if (order.currency !== value.currency) {
      throw new LoyaltyError('CURRENCY_MISMATCH', 'Currency mismatch', [
        {
          code: 'currency_mismatch',
          path: ['options', 'pointValue', 'currency'],
          message: messages.currencyMismatch(value.currency, order.currency),
        },
      ]);
    }
    const C = BigInt(order.spend);
    const P = BigInt(order.points);
    // C x S / (C + S) with S = P x sspNum / sspDen
    const D = roundRatio(C * P * sspNum, C * sspDen + P * sspNum, mode);
    book(order.month, order.month, D);
    let refunded = 0n;
    let left = D;
    for (const r of order.refunds) {
      refunded += BigInt(r.spend);
      const x = refunded > C ? C : refunded;
      const now = roundRatio(D * (C - x), C, mode);
      book(order.month, r.month, now - left);
      left = now;
    }
  }

  const cohorts = [...acc.purchases.keys(), ...allocated.keys()];
  const first = cohorts.length === 0 ? M : Math.min(...cohorts);
  const rows: DeferredRevenueMonth[] = [];
  let prev = { allocated: 0n, recognized: 0n, breakage: 0n };
  const cur = value.currency;
  for (let m = first; m <= M; m++) {
    let allocatedCum = 0n;
    let recognizedCum = 0n;
    let breakageCum = 0n;
    let issued = 0;
    let redeemed = 0;
    let expired = 0;
    let removed = 0;
    let outstanding = 0;
    const cohortsUpTo = new Set([...acc.purchases.keys(), ...allocated.keys()].filter((c) => c <= m));
    for (const c of cohortsUpTo) {
      const flows = acc.purchases.get(c) ?? EMPTY;
      const j = m - c;
      const R = sumTo(flows.flows.redeemed, j);
      const E = sumTo(flows.flows.expired, j);
      const X = sumTo(flows.flows.reversed, j) + sumTo(flows.flows.adjusted, j);
      const O = flows.issued - R - E - X;
      const D = (allocated.get(c) ?? []).slice(0, j + 1).reduce((a, b) => a + b, 0n);
      // Expected redemptions of the cohort, in total: UR = urNum / urDen.
      const r = BigInt(R);
      let urNum: bigint;
      let urDen: bigint;
      if (expectation.kind === 'rate') {
        // A rate applies to the cohort: (issued - removed) x (1 - rate), but never fewer than the
        // points already redeemed nor more than those plus the outstanding ones.
        const keep = ratioOfNumber(1 - expectation.rate);
        urNum = BigInt(flows.issued - X) * keep.num;
        urDen = keep.den;
        if (urNum < r * urDen) urNum = r * urDen;
        if (urNum > BigInt(R + O) * urDen) urNum = BigInt(R + O) * urDen;
      } else {
        // An estimate applies to the outstanding points, by age: the valuation instant is the end
        // of month m (the start of development month j + 1), or asOf inside development month j.
        const q = ratioOfNumber(expectation.redeemedShare(m === M ? j : j + 1));
        urNum = r * q.den + BigInt(O) * q.num;
        urDen = q.den;
      }
      // Cumulative revenue: D x redeemed / expected redemptions (all of D when none are expected).
      const rec = urNum > 0n ? roundRatio(D * r * urDen, urNum, mode) : D;
      const all = BigInt(R + E + O);
      const withoutBreakage = all > 0n ? roundRatio(D * r, all, mode) : 0n;
      allocatedCum += D;
      recognizedCum += rec;
      breakageCum += rec - withoutBreakage;
      if (c === m) issued += flows.issued;
      redeemed += flows.flows.redeemed[j] ?? 0;
      expired += flows.flows.expired[j] ?? 0;
      removed += (flows.flows.reversed[j] ?? 0) + (flows.flows.adjusted[j] ?? 0);
      outstanding += O;
    }
    if (fromMonth === null || m >= fromMonth) {
      rows.push({
        month: formatMonth(m),
        partial: m === M,
        pointsIssued: issued,
        pointsRedeemed: redeemed,
        pointsExpired: expired,
        pointsRemoved: removed,
        pointsOutstanding: outstanding,
        allocated: moneyOf(allocatedCum - prev.allocated, cur),
        recognized: moneyOf(recognizedCum - prev.recognized, cur),
        recognizedFromBreakage: moneyOf(breakageCum - prev.breakage, cur),
        deferred: moneyOf(allocatedCum - recognizedCum, cur),
      });
    }
    prev = { allocated: allocatedCum, recognized: recognizedCum, breakage: breakageCum };
  }

  let withoutConsideration = 0;
  for (const lots of acc.lots.values())
    for (const lot of lots.values()) if (!lot.purchase) withoutConsideration += lot.remaining;
  const ssp = new Dec(value.perPoint).times(
    new Dec(1).minus(new Dec(b0.num.toString()).div(b0.den.toString())),
  );
  return {
    asOf: new Date(asOfMs).toISOString(),
    timeZone: zone,
    currency: cur,
    breakageRate: expectation.rate,
    allocationBreakageRate: allocationRate,
    standAloneSellingPricePerPoint: ssp.toFixed(),
    months: rows,
    totals: {
      allocated: moneyOf(prev.allocated, cur),
      recognized: moneyOf(prev.recognized, cur),
      recognizedFromBreakage: moneyOf(prev.breakage, cur),
      deferred: moneyOf(prev.allocated - prev.recognized, cur),
    },
    pointsWithoutConsideration: withoutConsideration,
  };
}

const EMPTY: CohortAcc = { issued: 0, flows: { redeemed: [], expired: [], reversed: [], adjusted: [] } };

function sumTo(xs: readonly number[], j: number): number {
  let s = 0;
  for (let i = 0; i <= j && i < xs.length; i++) s += xs[i]!;
  return s;
}

/** The breakage expectation: a rate for whole cohorts, or an estimate's run-off by age. */
type Expectation =
  | { readonly kind: 'rate'; readonly rate: number }
  | { readonly kind: 'estimate'; readonly rate: number; readonly redeemedShare: (j: number) => number };

function breakageOf(b: number | BreakageEstimate): Expectation {
  if (typeof b === 'number') {
    if (!(b >= 0 && b <= 1)) throw invalid(['options', 'breakage'], messages.badBreakage(b));
    return { kind: 'rate', rate: b };
  }
  if (
    typeof b !== 'object' ||
    b === null ||
    !Array.isArray(b.byAge) ||
    b.byAge.length === 0 ||
    !(b.rate >= 0 && b.rate <= 1)
  ) {
    throw invalid(['options', 'breakage'], messages.badBreakage(b));
  }
  const byAge = b.byAge;
  return {
    kind: 'estimate',
    rate: b.rate,
    redeemedShare: (j) => 1 - byAge[Math.min(j, byAge.length - 1)]!.breakage,
  };
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid deferred revenue input', [
    { code: 'invalid_argument', path, message },
  ]);
}
