/**
 * One pass over members' ledgers: every lot with its earning month (cohort) and what is left of it,
 * the points leaving each cohort month by month (redeemed, expired, reversed, adjusted), and the
 * purchases the points were earned on. Internal to liability: `pointsLiabilityFromLedger`,
 * `pointCohorts` and `deferredRevenue` read it.
 */
import { LoyaltyError, type PathSegment } from '../errors/index.js';
import type { PurchaseEvent } from '../events/index.js';
import type { Allocation, LedgerEntry, Lot } from '../ledger/index.js';
import { msOf } from '../time/internal.js';
import { messages } from './messages.js';
import { monthIndexOf } from './months.js';

/** A lot as the accumulation follows it. */
export interface TrackedLot {
  readonly memberId: string;
  readonly id: string;
  /** Month index of `earnedAt` in the reporting zone. */
  readonly cohort: number;
  readonly earnedAt: string;
  availableAt: string | null;
  expiresAt: string | null;
  remaining: number;
  /** Points the lot put into the liability (its `remaining` when created). */
  readonly issued: number;
  /** Earned on a purchase (the lot names an order): points with consideration. */
  readonly purchase: boolean;
}

/** Ways points leave a cohort. */
export type FlowKind = 'redeemed' | 'expired' | 'reversed' | 'adjusted';

/** A cohort's points: issued, and what left it in each development month (0 = the earning month). */
export interface CohortAcc {
  issued: number;
  readonly flows: Record<FlowKind, number[]>;
}

/** A purchase points were earned on. */
export interface OrderAcc {
  /** Month index of the purchase. */
  readonly month: number;
  /** Net merchandise spend (minor units) the engine recorded. */
  readonly spend: number;
  readonly currency: string;
  /** Points the order's lots put into the liability. */
  points: number;
  /** Refunds: month index and net merchandise spend refunded. */
  readonly refunds: { month: number; spend: number }[];
}

export interface LedgerAccumulation {
  readonly asOfMs: number;
  readonly zone: string;
  readonly members: Set<string>;
  /** memberId -> lotId -> lot. */
  readonly lots: Map<string, Map<string, TrackedLot>>;
  /** Cohorts of all lots, and of lots earned on purchases only. */
  readonly all: Map<number, CohortAcc>;
  readonly purchases: Map<number, CohortAcc>;
  /** memberId + NUL + orderId -> order. */
  readonly orders: Map<string, OrderAcc>;
  readonly debt: Map<string, number>;
}

/**
 * Folds entries (of any members, each member's in ledger order) up to and including `asOfMs`, then
 * expires lots whose `expiresAt` is at or before `asOfMs` though no expiry entry was written yet
 * (as `balance` does).
 *
 * @throws {LoyaltyError} INVALID_ARGUMENT when entries are out of ledger order or name lots no
 *   earlier entry created
 */
export function accumulateLedger(
  entries: Iterable<LedgerEntry>,
  asOfMs: number,
  zone: string,
): LedgerAccumulation {
  const acc: LedgerAccumulation = {
    asOfMs,
    zone,
    members: new Set(),
    lots: new Map(),
    all: new Map(),
    purchases: new Map(),
    orders: new Map(),
    debt: new Map(),
  };
  if (entries === null || typeof entries !== 'object' || !(Symbol.iterator in entries)) {
    throw invalid(['entries'], messages.notEntry());
  }
  const lastSeq = new Map<string, number>();
  let i = 0;
  for (const e of entries) {
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e.memberId !== 'string' ||
      typeof e.seq !== 'number' ||
      typeof e.occurredAt !== 'string'
    ) {
      throw invalid(['entries', i], messages.notEntry());
    }
    const last = lastSeq.get(e.memberId) ?? 0;
    if (e.seq <= last) throw invalid(['entries', i, 'seq'], messages.badSeq(e.memberId, e.seq, last));
    lastSeq.set(e.memberId, e.seq);
    acc.members.add(e.memberId);
    const at = msOf(e.occurredAt);
    if (at <= asOfMs) fold(acc, e, at, i);
    i++;
  }
  for (const lots of acc.lots.values()) {
    for (const lot of lots.values()) {
      if (lot.remaining > 0 && lot.expiresAt !== null) {
        const expires = msOf(lot.expiresAt);
        if (expires <= asOfMs) {
          flow(acc, lot, 'expired', lot.remaining, expires);
          lot.remaining = 0;
        }
      }
    }
  }
  return acc;
}

function fold(acc: LedgerAccumulation, e: LedgerEntry, at: number, index: number): void {
  switch (e.type) {
    case 'eventApplied': {
      if (e.purchase !== null) {
        acc.orders.set(`${e.memberId}\u0000${e.purchase.orderId}`, {
          month: monthIndexOf(at, acc.zone),
          spend: e.purchase.spend,
          currency: (e.event as PurchaseEvent).currency,
          points: 0,
          refunds: [],
        });
      }
      if (e.refund !== null) {
        acc.orders.get(`${e.memberId}\u0000${e.refund.orderId}`)?.refunds.push({
          month: monthIndexOf(at, acc.zone),
          spend: e.refund.spend,
        });
      }
      return;
    }
    case 'pointsEarned':
      addLot(acc, e.memberId, e.lot, e.lot.remaining);
      if (e.lot.orderId !== null) {
        const order = acc.orders.get(`${e.memberId}\u0000${e.lot.orderId}`);
        if (order !== undefined) order.points += e.lot.remaining;
      }
      changeDebt(acc, e.memberId, -e.debtRepaid);
      return;
    case 'pointsAdjusted':
      if (e.lot !== null) {
        addLot(acc, e.memberId, e.lot, e.lot.remaining);
        changeDebt(acc, e.memberId, -e.debtRepaid);
      } else {
        draw(acc, e, e.allocations, 'adjusted', at, index);
      }
      return;
    case 'pointsRedeemed':
      draw(acc, e, e.allocations, 'redeemed', at, index);
      return;
    case 'redemptionCancelled':
      for (const a of e.restored) {
        const lot = lotOf(acc, e, a.lotId, index);
        lot.remaining += a.points;
        flow(acc, lot, 'redeemed', -a.points, at);
      }
      // The points that paid off a debt stay out of the lots (still booked as redeemed from them).
      changeDebt(acc, e.memberId, -(e.debtRepaid ?? 0));
      return;
    case 'pointsExpired':
      draw(acc, e, e.allocations, 'expired', at, index);
      return;
    case 'pointsReversed':
      draw(acc, e, e.allocations, 'reversed', at, index);
      changeDebt(acc, e.memberId, e.debt);
      return;
    case 'pointsActivated': {
      const lot = lotOf(acc, e, e.lotId, index);
      lot.availableAt = e.availableAt;
      lot.expiresAt = e.expiresAt;
      return;
    }
    case 'stateRederived':
      rederived(acc, e, at, index);
      return;
    default:
      return;
  }
}

/**
 * A late event re-derived the member's recent history: the re-derived state's lots replace the
 * ones followed so far. Lot by lot, what changed is booked as `adjusted` at the entry's time; lots
 * the late event created are issued in their own cohort. (The ledger does not say which of the
 * superseded effects each difference undoes, so the split into redeemed / expired is not
 * re-attributed; totals stay exact.)
 */
function rederived(
  acc: LedgerAccumulation,
  e: Extract<LedgerEntry, { type: 'stateRederived' }>,
  at: number,
  index: number,
): void {
  for (const inner of e.entries) {
    if (inner.eventId !== e.lateEventId) continue;
    if (inner.type === 'eventApplied' && (inner.purchase !== null || inner.refund !== null)) {
      fold(acc, inner, msOf(inner.occurredAt), index);
    } else if (inner.type === 'pointsEarned' && inner.lot.orderId !== null) {
      const order = acc.orders.get(`${e.memberId}\u0000${inner.lot.orderId}`);
      if (order !== undefined) order.points += inner.lot.remaining;
    }
  }
  const next = new Map(e.state.lots.map((l) => [l.id, l]));
  const mine = lotsOf(acc, e.memberId);
  for (const lot of mine.values()) {
    const now = next.get(lot.id);
    const target = now?.remaining ?? 0;
    if (target !== lot.remaining) {
      flow(acc, lot, 'adjusted', lot.remaining - target, at);
      lot.remaining = target;
    }
    if (now !== undefined) {
      lot.availableAt = now.availableAt;
      lot.expiresAt = now.expiresAt;
    }
  }
  for (const l of e.state.lots) {
    if (mine.has(l.id)) continue;
    const lot = addLot(acc, e.memberId, l, l.amount);
    if (l.remaining !== l.amount) {
      flow(acc, lot, 'adjusted', l.amount - l.remaining, at);
      lot.remaining = l.remaining;
    }
  }
  acc.debt.set(e.memberId, e.state.debt);
}

function lotsOf(acc: LedgerAccumulation, memberId: string): Map<string, TrackedLot> {
  let m = acc.lots.get(memberId);
  if (m === undefined) {
    m = new Map();
    acc.lots.set(memberId, m);
  }
  return m;
}

function addLot(acc: LedgerAccumulation, memberId: string, lot: Lot, issued: number): TrackedLot {
  const tracked: TrackedLot = {
    memberId,
    id: lot.id,
    cohort: monthIndexOf(msOf(lot.earnedAt), acc.zone),
    earnedAt: lot.earnedAt,
    availableAt: lot.availableAt,
    expiresAt: lot.expiresAt,
    remaining: issued,
    issued,
    purchase: lot.orderId !== null,
  };
  lotsOf(acc, memberId).set(lot.id, tracked);
  cohortOf(acc.all, tracked.cohort).issued += issued;
  if (tracked.purchase) cohortOf(acc.purchases, tracked.cohort).issued += issued;
  return tracked;
}

function cohortOf(map: Map<number, CohortAcc>, cohort: number): CohortAcc {
  let c = map.get(cohort);
  if (c === undefined) {
    c = { issued: 0, flows: { redeemed: [], expired: [], reversed: [], adjusted: [] } };
    map.set(cohort, c);
  }
  return c;
}

function lotOf(acc: LedgerAccumulation, e: LedgerEntry, lotId: string, index: number): TrackedLot {
  const lot = acc.lots.get(e.memberId)?.get(lotId);
  if (lot === undefined) {
    throw invalid(['entries', index], messages.unknownLot(e.memberId, lotId, e.sourceKey));
  }
  return lot;
}

function draw(
  acc: LedgerAccumulation,
  e: LedgerEntry,
  allocations: readonly Allocation[],
  kind: FlowKind,
  at: number,
  index: number,
): void {
  for (const a of allocations) {
    const lot = lotOf(acc, e, a.lotId, index);
    lot.remaining -= a.points;
    flow(acc, lot, kind, a.points, at);
  }
}

/** Books points leaving (or, negative, coming back to) a lot's cohort in the month of `at`. */
function flow(acc: LedgerAccumulation, lot: TrackedLot, kind: FlowKind, points: number, at: number): void {
  if (points === 0) return;
  const j = Math.max(0, monthIndexOf(at, acc.zone) - lot.cohort);
  add(cohortOf(acc.all, lot.cohort).flows[kind], j, points);
  if (lot.purchase) add(cohortOf(acc.purchases, lot.cohort).flows[kind], j, points);
}

function add(list: number[], j: number, points: number): void {
  while (list.length <= j) list.push(0);
  list[j]! += points;
}

function changeDebt(acc: LedgerAccumulation, memberId: string, delta: number): void {
  if (delta !== 0) acc.debt.set(memberId, (acc.debt.get(memberId) ?? 0) + delta);
}

function invalid(path: readonly PathSegment[], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Invalid ledger', [{ code: 'invalid_ledger', path, message }]);
}
