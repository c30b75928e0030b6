import { LoyaltyError, type PathSegment } from '../errors/index.js';
import type { LedgerEntry, MemberState } from '../ledger/index.js';
import { allocate, type Money, type RoundingMode } from '../money/index.js';
import { assertTimeZone } from '../time/index.js';
import { epochOf, localEpochDayOf, msOf } from '../time/internal.js';
import { accumulateLedger } from './accumulateLedger.js';
import { messages } from './messages.js';
import { formatMonth, monthIndexOf } from './months.js';
import {
  moneyOf,
  type PointValue,
  type ResolvedPointValue,
  resolvePointValue,
  roundingOption,
  valuePoints,
} from './pointValue.js';

/** Options of {@link pointsLiability} and {@link pointsLiabilityFromLedger}. */
export interface PointsLiabilityOptions {
  /** The reporting instant. */
  readonly asOf: string;
  /** The zone of lot ages (local days) and expiry months, e.g. the program's. */
  readonly timeZone: string;
  /** What a point is worth (its currency is the liability's). */
  readonly pointValue: PointValue;
  /** Lot-age bucket boundaries in whole local days, increasing (default `[30, 90, 180, 365]`). */
  readonly ageBuckets?: readonly number[];
  /** Rounding of the total value to minor units (default `halfEven`). */
  readonly rounding?: RoundingMode;
}

/** Outstanding points in one lot-age bucket: age in `[fromDays, toDays)` local days. */
export interface AgeBucket {
  readonly fromDays: number;
  /** Exclusive; `null` for the last (open) bucket. */
  readonly toDays: number | null;
  readonly points: number;
  readonly value: Money;
}

/** Outstanding points expiring in one local month (`null`: lots without an expiry date). */
export interface ExpiryMonthBucket {
  readonly month: string | null;
  readonly points: number;
  readonly value: Money;
}

/** The points liability as of an instant. All points are point units. */
export interface PointsLiability {
  readonly asOf: string;
  readonly timeZone: string;
  /** Members looked at. */
  readonly members: number;
  /** Outstanding points: `available + pending` (pending points are owed unless the order is returned). */
  readonly points: number;
  readonly available: number;
  readonly pending: number;
  /** Points members owe after refunds took more than their balance (policy `allowNegative`); not netted. */
  readonly debt: number;
  /** `points` valued at the point value, rounded once. */
  readonly value: Money;
  readonly pointValue: {
    readonly currency: string;
    readonly perPoint: string;
    readonly pointsPrecision: number;
  };
  /** By lot age (local days since earned); the buckets' points sum to `points`, their values to `value`. */
  readonly byAge: readonly AgeBucket[];
  /** By local month of expiry (the last day points can be used), months ascending, then `null`. */
  readonly byExpiryMonth: readonly ExpiryMonthBucket[];
}

interface OpenLot {
  readonly earnedAt: string;
  readonly availableAt: string | null;
  readonly expiresAt: string | null;
  readonly remaining: number;
}

/**
 * The points liability of members from their current states: outstanding points (available and
 * pending) by lot age and by expiry month, valued at a stated point value, exactly (the buckets'
 * values are the total's split by the largest remainder, so they add up to it).
 *
 * A lot whose `expiresAt` is at or before `asOf` no longer counts, as in `engine.balance`.
 * Inactivity expiry is only known once written: advance the members to `asOf` first
 * (`engine.advance(state, asOf)`), as a nightly job would. A state only shows its latest moment:
 * for an earlier date use {@link pointsLiabilityFromLedger}.
 *
 * @param states - the members' states
 * @param options - `asOf`, `timeZone`, `pointValue`, `ageBuckets`, `rounding`
 * @returns the liability
 * @throws {LoyaltyError} INVALID_ARGUMENT when a state is newer than `asOf` or an option is malformed
 * @throws {LoyaltyError} INVALID_DATE, UNKNOWN_TIME_ZONE, UNKNOWN_CURRENCY for bad options
 * @example
 * // the worked example of docs/guides/liability.md: 150 points outstanding at 0.05 CNY
 * pointsLiability(states, { asOf: '2026-05-01T00:00:00+08:00', timeZone: 'Asia/Shanghai',
 *   pointValue: { currency: 'CNY', perPoint: '0.05' } }).value //=> { amount: 750, currency: 'CNY' }
 */
export function pointsLiability(
  states: Iterable<MemberState>,
  options: PointsLiabilityOptions,
): PointsLiability {
  const o = resolveOptions(options);
  const lots: OpenLot[] = [];
  let members = 0;
  let debt = 0;
  if (states === null || typeof states !== 'object' || !(Symbol.iterator in states)) {
    throw invalid(['states'], messages.notState());
  }
  let i = 0;
  for (const s of states) {
    if (typeof s !== 'object' || s === null || !Array.isArray(s.lots) || typeof s.clock !== 'string') {
      throw invalid(['states', i], messages.notState());
    }
    if (msOf(s.clock) > o.asOfMs) {
      throw invalid(['states', i, 'clock'], messages.stateAfterAsOf(s.memberId, s.clock, o.asOf));
    }
    members++;
    debt += s.debt;
    for (const lot of s.lots) {
      if (lot.remaining > 0 && (lot.expiresAt === null || msOf(lot.expiresAt) > o.asOfMs)) lots.push(lot);
    }
    i++;
  }
  return summarize(lots, members, debt, o);
}

/**
 * The points liability as of any instant, from the members' ledgers (every member's entries from
 * seq 1, in ledger order; members may interleave; entries after `asOf` are ignored). Equal to
 * {@link pointsLiability} of the states the ledgers fold into, at every date. Expiries not yet
 * written are applied by the lots' `expiresAt`; inactivity expiries count once written.
 *
 * @param entries - ledger entries of any members
 * @param options - as {@link pointsLiability}
 * @returns the liability
 * @throws {LoyaltyError} INVALID_ARGUMENT when entries are out of order or name unknown lots
 */
export function pointsLiabilityFromLedger(
  entries: Iterable<LedgerEntry>,
  options: PointsLiabilityOptions,
): PointsLiability {
  const o = resolveOptions(options);
  const acc = accumulateLedger(entries, o.asOfMs, o.zone);
  const lots: OpenLot[] = [];
  for (const m of acc.lots.values()) for (const lot of m.values()) if (lot.remaining > 0) lots.push(lot);
  let debt = 0;
  for (const d of acc.debt.values()) debt += d;
  return summarize(lots, acc.members.size, debt, o);
}

interface Resolved {
  readonly asOf: string;
  readonly asOfMs: number;
  readonly zone: string;
  readonly value: ResolvedPointValue;
  readonly buckets: readonly number[];
  readonly rounding: RoundingMode;
}

function resolveOptions(options: PointsLiabilityOptions): Resolved {
  if (typeof options !== 'object' || options === null)
    throw invalid(['options'], messages.badPointValue(options));
  const asOfMs = epochOf(options.asOf, ['options', 'asOf']);
  assertTimeZone(options.timeZone, ['options', 'timeZone']);
  const value = resolvePointValue(options.pointValue, ['options', 'pointValue']);
  const buckets = options.ageBuckets ?? [30, 90, 180, 365];
  if (
    !Array.isArray(buckets) ||
    buckets.some((b, i) => !Number.isSafeInteger(b) || b <= 0 || (i > 0 && b <= buckets[i - 1]!))
  ) {
    throw invalid(['options', 'ageBuckets'], messages.badAgeBuckets());
  }
  return {
    asOf: new Date(asOfMs).toISOString(),
    asOfMs,
    zone: options.timeZone,
    value,
    buckets,
    rounding: roundingOption(options.rounding, ['options', 'rounding']),
  };
}

function summarize(lots: readonly OpenLot[], members: number, debt: number, o: Resolved): PointsLiability {
  const today = localEpochDayOf(o.asOfMs, o.zone);
  const ages = new Array<number>(o.buckets.length + 1).fill(0);
  const expiring = new Map<number | null, number>();
  let available = 0;
  let pending = 0;
  for (const lot of lots) {
    if (lot.availableAt === null || msOf(lot.availableAt) > o.asOfMs) pending += lot.remaining;
    else available += lot.remaining;
    const age = today - localEpochDayOf(msOf(lot.earnedAt), o.zone);
    let b = 0;
    while (b < o.buckets.length && age >= o.buckets[b]!) b++;
    ages[b]! += lot.remaining;
    // The last day points can be used: the local month of the instant before `expiresAt`.
    const month = lot.expiresAt === null ? null : monthIndexOf(msOf(lot.expiresAt) - 1, o.zone);
    expiring.set(month, (expiring.get(month) ?? 0) + lot.remaining);
  }
  const points = available + pending;
  const value = valuePoints(points, o.value, o.rounding);
  const months = [...expiring.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
  const split = (weights: readonly number[]): Money[] =>
    points === 0
      ? weights.map(() => moneyOf(0n, value.currency))
      : allocate(value.amount, weights).map((a) => moneyOf(BigInt(a), value.currency));
  const ageValues = split(ages);
  const monthValues = split(months.map((m) => expiring.get(m)!));
  return {
    asOf: o.asOf,
    timeZone: o.zone,
    members,
    points,
    available,
    pending,
    debt,
    value,
    pointValue: {
      currency: o.value.currency,
      perPoint: o.value.perPoint,
      pointsPrecision: o.value.pointsPrecision,
    },
    byAge: ages.map((p, b) => ({
      fromDays: b === 0 ? 0 : o.buckets[b - 1]!,
      toDays: b < o.buckets.length ? o.buckets[b]! : null,
      points: p,
      value: ageValues[b]!,
    })),
    byExpiryMonth: months.map((m, k) => ({
      month: m === null ? null : formatMonth(m),
      points: expiring.get(m)!,
      value: monthValues[k]!,
    })),
  };
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid liability input', [
    { code: 'invalid_argument', path, message },
  ]);
}
