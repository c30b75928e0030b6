/**
 * The fold: state + ledger entries -> state. The same code runs in `apply` (on the entries it just
 * decided) and in `replay` (on stored entries), so the two cannot disagree. Entries carry what the
 * fold needs (lots, allocations, cap counters, local days); the only outside input is
 * {@link FoldConfig}, which comes from the program version each entry names.
 */
import { assertNever, LoyaltyError } from '../errors/index.js';
import type { LoyaltyEvent, PurchaseEvent } from '../events/index.js';
import { MS_PER_DAY, msOf } from '../time/internal.js';
import { compareLots, inRedemptionOrder, insertLot, type RedemptionOrder } from './lotOrder.js';
import { erasedState } from './memberData.js';
import { countedPoints, isPendingWithoutLot } from './pendingAwards.js';
import type {
  Allocation,
  CapCounters,
  EventAppliedEntry,
  IssuedReward,
  LedgerEntry,
  Lot,
  MemberState,
  MetricDelta,
  OrderRecord,
  PointTotals,
  RedemptionRecord,
} from './types.js';

/**
 * One shared, frozen empty record for the order and award fields that start empty (`refunded`,
 * `reversedLines`, facts nobody read): they are copied on write, so sharing them changes nothing but
 * the memory of states with many orders (three fewer objects per order).
 */
const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/** `EMPTY` in place of a record without keys. */
function orEmpty<T extends Readonly<Record<string, unknown>>>(record: T): T {
  for (const _ in record) return record;
  return EMPTY as T;
}

/** What the fold reads from the program version of an entry. */
export interface FoldConfig {
  readonly redemptionOrder: RedemptionOrder;
  /**
   * Whether the program's versions do not all share one redemption order: then, before an entry
   * whose version has another order than the lots are in, the lots are put in its order.
   */
  readonly mixedOrders: boolean;
  /** Recent event ids remembered for duplicate detection. */
  readonly recentEvents: number;
  /** Order records are dropped this long after the purchase. */
  readonly orderRetentionDays: number;
  /** Redemption records are dropped this long after the redemption. */
  readonly cancellableDays: number;
  /** Activity buckets older than this many local days are dropped (0 keeps none). */
  readonly activityDays: number;
  /** Activities that reset inactivity expiry: event types, and `earning` for any points earned. */
  readonly inactivityResetBy: ReadonlySet<string>;
  /** Local days of buckets kept per tier metric (0: one lifetime total; Infinity: every day). */
  readonly metricKeepDays: ReadonlyMap<string, number>;
  /**
   * Re-derivation of late events: how far back the journal reaches, and how to move its anchor
   * state forward over one event (the engine's own apply, injected so the fold stays below it).
   */
  readonly journal: {
    readonly windowDays: number;
    readonly roll: (anchor: MemberState, event: LoyaltyEvent) => MemberState;
  } | null;
}

/** Working copy of a state: each collection is copied on its first write, once per batch. */
class Draft {
  version: number;
  clock: string;
  lots: Lot[] | undefined;
  totals: { -readonly [K in keyof PointTotals]: number };
  orders: OrderRecord[] | undefined;
  redemptions: RedemptionRecord[] | undefined;
  caps: Record<string, (readonly [number, number, number])[]> | undefined;
  activity: (readonly [number, number, number])[] | undefined;
  stats: { -readonly [K in keyof MemberState['stats']]: MemberState['stats'][K] };
  onceKeys: Record<string, string> | undefined;
  recentEventIds: string[] | undefined;
  referredBy: string | null;
  debt: number;
  lastActivityAt: string;
  journal: MemberState['journal'];
  tier: MemberState['tier'];
  status: MemberState['status'];
  profile: MemberState['profile'];
  rewards: IssuedReward[] | undefined;
  metrics: Record<string, (readonly [number, number])[]> | undefined;
  nextActivationAt: string | null;
  nextExpiresAt: string | null;
  /** A lot that set a due time left or changed: recompute that due time from the lots. */
  activationDirty = false;
  expiryDirty = false;
  /** The redemption order the lots are known to be in (from the entries' program version), if known. */
  order: RedemptionOrder | null = null;

  constructor(readonly base: MemberState) {
    this.version = base.version;
    this.clock = base.clock;
    this.totals = { ...base.totals };
    this.stats = { ...base.stats };
    this.referredBy = base.referredBy;
    this.debt = base.debt;
    this.lastActivityAt = base.lastActivityAt;
    this.journal = base.journal;
    this.tier = base.tier;
    this.status = base.status;
    this.profile = base.profile;
    this.nextActivationAt = base.nextDue.activationAt;
    this.nextExpiresAt = base.nextDue.expiresAt;
  }

  /**
   * Keeps the lots in the redemption order of the entry about to be folded. With one order for every
   * version they always are; otherwise, when the order they are known to be in differs (or is not
   * known: the first entry of a fold, or a state just adopted), they are checked and sorted if need
   * be. The order is total, so live folds, `advance` and `replay` all end with the same list.
   */
  orderFor(config: FoldConfig): void {
    const order = config.redemptionOrder;
    if (config.mixedOrders && this.order !== order) {
      const lots = this.lots ?? this.base.lots;
      if (!inRedemptionOrder(lots, order)) this.lotsW().sort((a, b) => compareLots(a, b, order));
    }
    this.order = order;
  }

  /** Adds a lot in redemption order and keeps the due times. */
  addLot(lot: Lot, order: RedemptionOrder, at: string): void {
    insertLot(this.lotsW(), lot, order);
    if (lot.availableAt !== null && lot.availableAt > at) {
      if (this.nextActivationAt === null || lot.availableAt < this.nextActivationAt)
        this.nextActivationAt = lot.availableAt;
    }
    if (lot.expiresAt !== null && (this.nextExpiresAt === null || lot.expiresAt < this.nextExpiresAt)) {
      this.nextExpiresAt = lot.expiresAt;
    }
  }

  /** Notes a pending award without a lot: its activation is due at `pendingUntil`. */
  addPendingAward(pendingUntil: string | null, at: string): void {
    if (pendingUntil === null || pendingUntil <= at) return;
    if (this.nextActivationAt === null || pendingUntil < this.nextActivationAt)
      this.nextActivationAt = pendingUntil;
  }

  /** Notes that a lot left or changed: if it held a due time, that due time is recomputed. */
  touched(lot: Lot): void {
    if (lot.availableAt === this.nextActivationAt) this.activationDirty = true;
    if (lot.expiresAt === this.nextExpiresAt) this.expiryDirty = true;
  }

  private dueTimes(lots: readonly Lot[]): MemberState['nextDue'] {
    if (this.activationDirty) {
      let activationAt: string | null = null;
      for (const lot of lots) {
        const a = lot.availableAt;
        if (a !== null && a > this.clock && (activationAt === null || a < activationAt)) activationAt = a;
      }
      // Pending awards without a lot are due too.
      for (const order of this.orders ?? this.base.orders) {
        for (const award of order.awards) {
          const a = award.pendingUntil;
          if (a != null && a > this.clock && (activationAt === null || a < activationAt)) activationAt = a;
        }
      }
      this.nextActivationAt = activationAt;
      this.activationDirty = false;
    }
    if (this.expiryDirty) {
      let expiresAt: string | null = null;
      if (this.order === 'expiryFirst') {
        // Lots are in expiry order, never-expiring last: the first lot holds the earliest expiry.
        expiresAt = lots[0]?.expiresAt ?? null;
      } else {
        for (const lot of lots) {
          if (lot.expiresAt !== null && (expiresAt === null || lot.expiresAt < expiresAt))
            expiresAt = lot.expiresAt;
        }
      }
      this.nextExpiresAt = expiresAt;
      this.expiryDirty = false;
    }
    return { activationAt: this.nextActivationAt, expiresAt: this.nextExpiresAt };
  }

  rewardsW(): IssuedReward[] {
    this.rewards ??= [...this.base.rewards];
    return this.rewards;
  }

  metricsW(): Record<string, (readonly [number, number])[]> {
    this.metrics ??= { ...base0(this.base.metrics) };
    return this.metrics;
  }

  lotsW(): Lot[] {
    this.lots ??= [...this.base.lots];
    return this.lots;
  }
  ordersW(): OrderRecord[] {
    this.orders ??= [...this.base.orders];
    return this.orders;
  }
  redemptionsW(): RedemptionRecord[] {
    this.redemptions ??= [...this.base.redemptions];
    return this.redemptions;
  }
  capsW(): Record<string, (readonly [number, number, number])[]> {
    this.caps ??= { ...this.base.caps } as Record<string, (readonly [number, number, number])[]>;
    return this.caps;
  }
  activityW(): (readonly [number, number, number])[] {
    this.activity ??= [...this.base.activity];
    return this.activity;
  }
  onceKeysW(): Record<string, string> {
    this.onceKeys ??= { ...this.base.onceKeys };
    return this.onceKeys;
  }
  recentW(): string[] {
    this.recentEventIds ??= [...this.base.recentEventIds];
    return this.recentEventIds;
  }

  /** A state that later writes to this draft cannot change (for the journal's anchor). */
  snapshot(): MemberState {
    const s = this.finish();
    return {
      ...s,
      lots: [...s.lots],
      totals: { ...s.totals },
      orders: [...s.orders],
      redemptions: [...s.redemptions],
      caps: { ...s.caps },
      activity: [...s.activity],
      stats: { ...s.stats },
      onceKeys: { ...s.onceKeys },
      recentEventIds: [...s.recentEventIds],
      rewards: [...s.rewards],
      metrics: Object.fromEntries(Object.entries(s.metrics).map(([k, v]) => [k, [...v]])),
    };
  }

  finish(): MemberState {
    const b = this.base;
    return {
      schemaVersion: b.schemaVersion,
      programId: b.programId,
      memberId: b.memberId,
      version: this.version,
      joinedAt: b.joinedAt,
      profile: this.profile,
      clock: this.clock,
      lots: trimmed(this.lots, b.lots),
      totals: { ...this.totals },
      orders: trimmed(this.orders, b.orders),
      redemptions: trimmed(this.redemptions, b.redemptions),
      caps: this.caps === undefined ? b.caps : (trimmedAll(this.caps, b.caps) as CapCounters),
      activity: trimmed(this.activity, b.activity),
      stats: { ...this.stats },
      onceKeys: this.onceKeys ?? b.onceKeys,
      recentEventIds: trimmed(this.recentEventIds, b.recentEventIds),
      referredBy: this.referredBy,
      debt: this.debt,
      lastActivityAt: this.lastActivityAt,
      journal: this.journal,
      status: this.status,
      rewards: trimmed(this.rewards, b.rewards),
      tier: this.tier,
      metrics: this.metrics === undefined ? b.metrics : trimmedAll(this.metrics, b.metrics),
      nextDue: this.dueTimes(this.lots ?? b.lots),
    };
  }
}

/**
 * A collection the draft copied, at its length: an array grown by `push` or `splice` keeps up to
 * half again as spare room, which a state held for long (a backtest holds two per member) would
 * carry for nothing. The copy costs one pass over the references.
 */
function trimmed<T>(written: T[] | undefined, base: readonly T[]): readonly T[] {
  return written === undefined ? base : written.slice();
}

/** {@link trimmed} for each array of a record that the draft replaced. */
function trimmedAll<T>(
  written: Record<string, T[]>,
  base: Readonly<Record<string, readonly T[]>>,
): Readonly<Record<string, readonly T[]>> {
  const out: Record<string, readonly T[]> = {};
  for (const k in written) {
    const v = written[k]!;
    out[k] = v === base[k] ? v : v.slice();
  }
  return out;
}

function base0(
  m: Readonly<Record<string, readonly (readonly [number, number])[]>>,
): Record<string, (readonly [number, number])[]> {
  return m as Record<string, (readonly [number, number])[]>;
}

/**
 * Folds ledger entries into a state. Entries must continue the state's ledger (`seq` =
 * `state.version + 1`, `+ 2`, ...) and belong to its member.
 *
 * @param state - the state before
 * @param entries - the entries, in ledger order
 * @param configOf - the fold settings of an entry's program version
 * @returns the new state (the input is not changed)
 * @throws {LoyaltyError} INVALID_ARGUMENT when an entry does not continue the ledger or names
 *   another member, a lot or a redemption the state does not have
 */
export function foldEntries(
  state: MemberState,
  entries: readonly LedgerEntry[],
  configOf: (entry: LedgerEntry) => FoldConfig,
): MemberState {
  if (entries.length === 0) return state;
  let d = new Draft(state);
  for (const entry of entries) {
    if (entry.seq !== d.version + 1) {
      throw bad(`Entry ${entry.sourceKey} has seq ${entry.seq}; the ledger continues at ${d.version + 1}`);
    }
    if (entry.memberId !== state.memberId) {
      throw bad(`Entry ${entry.sourceKey} belongs to member "${entry.memberId}", not "${state.memberId}"`);
    }
    if (entry.type === 'stateRederived') {
      // The re-derived state replaces everything; the ledger goes on from this entry. Its clock
      // never goes back before the entry itself (the re-derived events may all be earlier than the
      // entry): later events earlier than it are late, as they were before the re-derivation.
      d = new Draft({ ...entry.state, version: entry.seq });
      if (entry.occurredAt > d.clock) d.clock = entry.occurredAt;
      d.orderFor(configOf(entry));
      continue;
    }
    if (entry.type === 'memberErased') {
      // Personal data out of the state (at the state's clock: erasure moves no time).
      const erased = erasedState(d.finish());
      const clock = entry.occurredAt > erased.clock ? entry.occurredAt : erased.clock;
      d = new Draft({ ...erased, version: entry.seq, clock });
      d.orderFor(configOf(entry));
      continue;
    }
    const config = configOf(entry);
    d.orderFor(config);
    foldOne(d, entry, config);
    d.version = entry.seq;
    if (entry.occurredAt > d.clock) d.clock = entry.occurredAt;
  }
  return d.finish();
}

function foldOne(d: Draft, e: LedgerEntry, config: FoldConfig): void {
  switch (e.type) {
    case 'eventApplied': {
      const before = config.journal === null ? undefined : d.snapshot();
      const recent = d.recentW();
      recent.push(e.eventId);
      if (recent.length > config.recentEvents) recent.splice(0, recent.length - config.recentEvents);
      const nowMs = msOf(e.occurredAt);
      pruneRecords(d, nowMs, config);
      const issued = d.rewards ?? d.base.rewards;
      let anyLapsed = false;
      for (const r of issued) {
        if (r.validUntil !== null && r.validUntil <= e.occurredAt) {
          anyLapsed = true;
          break;
        }
      }
      if (anyLapsed) {
        const kept = issued.filter((r) => r.validUntil === null || r.validUntil > e.occurredAt);
        d.rewards = kept;
      }
      if (config.inactivityResetBy.has(e.event.type) && e.occurredAt > d.lastActivityAt) {
        d.lastActivityAt = e.occurredAt;
      }
      if (e.purchase !== null) {
        const p = e.purchase;
        d.ordersW().push({
          orderId: p.orderId,
          eventId: e.eventId,
          occurredAt: e.occurredAt,
          programVersion: e.programVersion,
          purchase: e.event as PurchaseEvent,
          localDay: p.localDay,
          refunded: EMPTY,
          refundedSpend: 0,
          awards: [],
        });
        d.stats.orderCount += 1;
        d.stats.lifetimeSpend += p.spend;
        d.stats.firstPurchaseAt ??= e.occurredAt;
        d.stats.lastPurchaseAt = e.occurredAt;
        if (config.activityDays > 0) {
          const activity = d.activityW();
          const last = activity[activity.length - 1];
          if (last !== undefined && last[0] === p.localDay) {
            activity[activity.length - 1] = [p.localDay, last[1] + p.spend, last[2] + 1];
          } else {
            activity.push([p.localDay, p.spend, 1]);
          }
          const keepFrom = p.localDay - config.activityDays;
          let drop = 0;
          while (drop < activity.length && activity[drop]![0] <= keepFrom) drop++;
          if (drop > 0) activity.splice(0, drop);
        }
      }
      if (e.refund !== null) foldRefund(d, e.refund);
      countMetrics(d, e.metrics, config);
      if (e.referredBy !== null && d.referredBy === null) d.referredBy = e.referredBy;
      if (config.journal !== null && before !== undefined) {
        d.journal = extendJournal(before, e.event, config.journal);
      } else if (d.journal !== null) {
        // An event under a version that does not re-derive ends the journal (decision 020): a
        // journal that went on without it would re-derive without it, and drop what it did.
        d.journal = null;
      }
      return;
    }
    case 'pointsEarned': {
      const held = e.lot.remaining;
      if (held > 0) d.addLot(e.lot, config.redemptionOrder, e.occurredAt);
      // Pending, and all of it paid off a debt: the award waits without a lot to count for tiers.
      const waits =
        held === 0 && e.lot.availableAt !== e.occurredAt && e.points > 0 && e.lot.orderId !== null;
      if (waits) d.addPendingAward(e.lot.availableAt, e.occurredAt);
      d.totals.earned += e.points;
      d.debt -= e.debtRepaid;
      if (e.onceKey !== null) d.onceKeysW()[e.onceKey] = e.eventId;
      if (config.inactivityResetBy.has('earning') && e.occurredAt > d.lastActivityAt) {
        d.lastActivityAt = e.occurredAt;
      }
      if (e.lot.orderId !== null) {
        updateOrder(d, e.lot.orderId, (order) => ({
          ...order,
          awards: [
            ...order.awards,
            {
              ruleId: e.ruleId,
              wallet: 'points',
              lotId: e.lot.id,
              points: e.points,
              lines: e.lines,
              facts: orEmpty(e.explanation.facts),
              reversed: 0,
              reversedLines: EMPTY,
              // Pending points count once they are available.
              countedAt: e.lot.availableAt === e.occurredAt ? e.occurredAt : null,
              ...(waits ? { pendingUntil: e.lot.availableAt } : {}),
            },
          ],
        }));
      }
      for (const c of e.caps) countCap(d, c.capId, c.day, c.keepFrom, e.points);
      countMetrics(d, e.metrics, config);
      return;
    }
    case 'qualifyingEarned': {
      if (e.onceKey !== null) d.onceKeysW()[e.onceKey] = e.eventId;
      if (e.orderId !== null)
        updateOrder(d, e.orderId, (order) => ({
          ...order,
          awards: [
            ...order.awards,
            {
              ruleId: e.ruleId,
              wallet: 'qualifying',
              lotId: e.sourceKey,
              points: e.points,
              lines: e.lines,
              facts: orEmpty(e.explanation.facts),
              reversed: 0,
              reversedLines: EMPTY,
              countedAt: e.occurredAt,
            },
          ],
        }));
      for (const c of e.caps) countCap(d, c.capId, c.day, c.keepFrom, e.points);
      countMetrics(d, e.metrics, config);
      return;
    }
    case 'qualifyingReversed':
      markReversed(d, e.orderId, e.awardKey, e.points, e.lines);
      countMetrics(d, e.metrics, config);
      return;
    case 'tierChanged': {
      // A locked grant sets the floor; a revoke or another grant ends it; automatic changes keep it
      // while it is in force.
      const held = d.tier?.floor ?? null;
      const floor =
        e.reason === 'granted'
          ? e.locked
            ? { tierId: e.to, until: e.until }
            : null
          : e.reason === 'revoked' || held === null || (held.until !== null && e.occurredAt >= held.until)
            ? null
            : held;
      d.tier = {
        id: e.to,
        since: e.since,
        until: e.until,
        locked: e.locked,
        lockedUntil: e.locked ? e.until : null,
        cause:
          e.reason === 'qualified' && e.eventId !== null
            ? { eventId: e.eventId, orderId: e.orderId, at: e.occurredAt }
            : null,
        previous: e.from,
        floor,
      };
      return;
    }
    case 'tierRenewed':
      if (d.tier !== null) d.tier = { ...d.tier, until: e.until };
      return;
    case 'benefitGranted':
    case 'benefitRevoked':
    case 'guardTriggered':
      return;
    case 'memberStatusChanged':
      d.status = e.to;
      return;
    case 'memberProfileUpdated':
      d.profile = e.profile;
      return;
    case 'rewardIssued': {
      const rewards = d.rewardsW();
      rewards.push({ key: e.key, rewardId: e.rewardId, issuedAt: e.occurredAt, validUntil: e.validUntil });
      if (e.counter !== null) countCap(d, e.counter.capId, e.counter.day, e.counter.keepFrom, 0);
      // A gift is given once per period (its key is `gift:<gift>:<period>:<reward>`): remembered
      // here, so that using its reward does not make it due again.
      if (e.source === 'gift') {
        d.onceKeysW()[e.key.slice(0, e.key.length - e.rewardId.length - 1)] = e.eventId ?? e.sourceKey;
      }
      return;
    }
    case 'rewardUsed': {
      const rewards = d.rewardsW();
      const i = rewards.findIndex((r) => r.key === e.key);
      if (i >= 0) rewards.splice(i, 1);
      return;
    }
    case 'pointsActivated': {
      const lots = d.lotsW();
      const i = indexOfLot(lots, e.lotId);
      if (i < 0) {
        // An award without a lot: it counts from now.
        if (!activateWithoutLot(d, e.lotId, e.occurredAt))
          throw bad(`Entry ${e.sourceKey} activates lot ${e.lotId}, which is not open`);
        countMetrics(d, e.metrics, config);
        return;
      }
      const lot = lots[i]!;
      d.touched(lot);
      d.activationDirty = true; // this activation time has passed
      const activated: Lot = { ...lot, availableAt: e.availableAt, expiresAt: e.expiresAt };
      if (activated.expiresAt === lot.expiresAt) lots[i] = activated;
      else {
        lots.splice(i, 1);
        d.addLot(activated, config.redemptionOrder, e.occurredAt);
      }
      countMetrics(d, e.metrics, config);
      // The award counts from now on (a refund takes it back from this day).
      if (lot.orderId !== null) {
        updateOrder(d, lot.orderId, (order) => ({
          ...order,
          awards: order.awards.map((a) => (a.lotId === e.lotId ? { ...a, countedAt: e.occurredAt } : a)),
        }));
      }
      return;
    }
    case 'pointsExpired':
      draw(d, e.allocations, e.sourceKey);
      d.totals.expired += e.points;
      if (e.reason === 'inactivity' && e.occurredAt > d.lastActivityAt) d.lastActivityAt = e.occurredAt;
      return;
    case 'pointsReversed': {
      // The award's own lot, when this refund empties it while it is pending: the rest of the
      // award waits without a lot to count for tiers.
      const own = (d.lots ?? d.base.lots).find((l) => l.id === e.awardLotId);
      draw(d, e.allocations, e.sourceKey);
      d.totals.reversed += e.points;
      d.debt += e.debt;
      const emptied =
        own !== undefined &&
        (own.availableAt === null || own.availableAt > e.occurredAt) &&
        indexOfLot(d.lotsW(), own.id) < 0;
      markReversed(d, e.orderId, e.awardLotId, e.requested, e.lines, {
        at: e.occurredAt,
        ...(emptied ? { pendingUntil: own.availableAt } : {}),
      });
      countMetrics(d, e.metrics, config);
      return;
    }
    case 'stateRederived':
    case 'memberErased':
      return; // handled by foldEntries
    case 'ruleCapped':
      return;
    case 'pointsRedeemed': {
      const drawn = draw(d, e.allocations, e.sourceKey);
      d.totals.redeemed += e.points;
      d.redemptionsW().push({
        redemptionId: e.redemptionId,
        occurredAt: e.occurredAt,
        points: e.points,
        drawn,
        cancelledBy: null,
      });
      return;
    }
    case 'redemptionCancelled': {
      const redemptions = d.redemptionsW();
      const i = lastIndexOf(redemptions, (r) => r.redemptionId === e.redemptionId);
      const record = redemptions[i];
      if (record === undefined) throw bad(`Entry ${e.sourceKey} cancels an unknown redemption`);
      restore(d, e.restored, record, config.redemptionOrder, e.sourceKey, e.occurredAt);
      d.totals.restored += e.points;
      d.debt -= e.debtRepaid ?? 0;
      redemptions[i] = { ...record, cancelledBy: e.eventId };
      return;
    }
    case 'pointsAdjusted': {
      if (e.lot !== null) {
        if (e.lot.remaining > 0) d.addLot(e.lot, config.redemptionOrder, e.occurredAt);
        d.totals.adjustedIn += e.points;
        d.debt -= e.debtRepaid;
      } else {
        draw(d, e.allocations, e.sourceKey);
        d.totals.adjustedOut += -e.points;
      }
      return;
    }
    case 'referralQualified':
      d.onceKeysW()['referralQualified'] = e.eventId;
      return;
    default:
      assertNever(e, 'ledger entry');
  }
}

/** Draws allocations from the open lots (front first); returns the lots as they were before. */
function draw(d: Draft, allocations: readonly Allocation[], key: string): { lot: Lot; points: number }[] {
  const lots = d.lotsW();
  const drawn: { lot: Lot; points: number }[] = [];
  let removed = 0;
  for (const a of allocations) {
    const i = indexOfLot(lots, a.lotId);
    if (i < 0) throw bad(`Entry ${key} draws from lot ${a.lotId}, which is not open`);
    const lot = lots[i]!;
    if (a.points <= 0 || a.points > lot.remaining) {
      throw bad(`Entry ${key} draws ${a.points} from lot ${a.lotId}, which holds ${lot.remaining}`);
    }
    drawn.push({ lot, points: a.points });
    const remaining = lot.remaining - a.points;
    if (remaining === 0) {
      d.touched(lot);
      lots[i] = EMPTIED;
      removed++;
    } else {
      lots[i] = { ...lot, remaining };
    }
  }
  if (removed > 0) {
    // Draws usually empty the front lots: drop them in one splice; otherwise compact.
    let front = 0;
    while (front < lots.length && lots[front] === EMPTIED) front++;
    if (front === removed) lots.splice(0, front);
    else {
      let w = 0;
      for (let r = 0; r < lots.length; r++) if (lots[r] !== EMPTIED) lots[w++] = lots[r]!;
      lots.length = w;
    }
  }
  return drawn;
}

/** Puts cancelled points back into the lots they came from, re-opening emptied lots. */
function restore(
  d: Draft,
  restored: readonly Allocation[],
  record: RedemptionRecord,
  order: RedemptionOrder,
  key: string,
  at: string,
): void {
  const lots = d.lotsW();
  for (const a of restored) {
    const i = indexOfLot(lots, a.lotId);
    if (i >= 0) {
      const lot = lots[i]!;
      lots[i] = { ...lot, remaining: lot.remaining + a.points };
      continue;
    }
    const before = record.drawn.find((x) => x.lot.id === a.lotId);
    if (before === undefined)
      throw bad(`Entry ${key} restores lot ${a.lotId}, which the redemption did not draw`);
    d.addLot({ ...before.lot, remaining: a.points }, order, at);
  }
}

/** Position of an open lot by id (redemptions draw from the front, so this is usually short). */
function indexOfLot(lots: readonly Lot[], id: string): number {
  for (let i = 0; i < lots.length; i++) if (lots[i]!.id === id) return i;
  return -1;
}

function countCap(d: Draft, capId: string, day: number, keepFrom: number, points: number): void {
  const caps = d.capsW();
  const buckets = [...(caps[capId] ?? [])].filter((b) => b[0] >= keepFrom);
  const last = buckets[buckets.length - 1];
  if (last !== undefined && last[0] === day)
    buckets[buckets.length - 1] = [day, last[1] + points, last[2] + 1];
  else buckets.push([day, points, 1]);
  caps[capId] = buckets;
}

/**
 * Records on the order what a refund took back from one award. `pending.pendingUntil`: the refund
 * emptied the award's pending lot, which would have become available then (absent: it did not).
 */
function markReversed(
  d: Draft,
  orderId: string,
  awardKey: string,
  points: number,
  lines: readonly { lineId: string; points: number }[] | null,
  pending?: { readonly at: string; readonly pendingUntil?: string | null },
): void {
  updateOrder(d, orderId, (order) => ({
    ...order,
    awards: order.awards.map((a) => {
      if (a.lotId !== awardKey) return a;
      const reversedLines = { ...a.reversedLines };
      for (const l of lines ?? []) reversedLines[l.lineId] = (reversedLines[l.lineId] ?? 0) + l.points;
      const { pendingUntil: waiting, ...rest } = a;
      const after = { ...rest, reversed: a.reversed + points, reversedLines };
      // A pending award without a lot waits while some of it is not taken back.
      const waits = waiting !== undefined ? waiting : pending?.pendingUntil;
      if (waits === undefined || countedPoints(after) === 0) {
        if (waiting !== undefined) d.activationDirty = true;
        return after;
      }
      if (waiting === undefined) d.addPendingAward(waits, pending?.at ?? d.clock);
      return { ...after, pendingUntil: waits };
    }),
  }));
}

/** Activates a pending award without a lot: it counts from `at` on. False when there is none. */
function activateWithoutLot(d: Draft, lotId: string, at: string): boolean {
  const orders = d.ordersW();
  for (let i = orders.length - 1; i >= 0; i--) {
    const order = orders[i]!;
    const award = order.awards.find((a) => a.lotId === lotId && isPendingWithoutLot(a));
    if (award === undefined) continue;
    orders[i] = {
      ...order,
      awards: order.awards.map((a) => {
        if (a !== award) return a;
        const { pendingUntil: _, ...rest } = a;
        return { ...rest, countedAt: at };
      }),
    };
    d.activationDirty = true; // this activation time has passed
    return true;
  }
  return false;
}

/** Adds metric deltas to their buckets (same day merged), dropping buckets older than kept. */
function countMetrics(d: Draft, deltas: readonly MetricDelta[], config: FoldConfig): void {
  if (deltas.length === 0) return;
  const metrics = d.metricsW();
  for (const x of deltas) {
    const keep = config.metricKeepDays.get(x.metric) ?? 0;
    const buckets = [...(metrics[x.metric] ?? [])];
    const i = buckets.findIndex((b) => b[0] === x.day);
    if (i >= 0) buckets[i] = [x.day, buckets[i]![1] + x.value];
    else {
      let at = buckets.length;
      while (at > 0 && buckets[at - 1]![0] > x.day) at--;
      buckets.splice(at, 0, [x.day, x.value]);
    }
    if (keep > 0 && Number.isFinite(keep)) {
      const newest = buckets[buckets.length - 1]![0];
      let drop = 0;
      while (drop < buckets.length && buckets[drop]![0] <= newest - keep) drop++;
      if (drop > 0) buckets.splice(0, drop);
    }
    metrics[x.metric] = buckets;
  }
}

/** Applies what a refund changes in an order record and the member facts. */
function foldRefund(d: Draft, r: NonNullable<EventAppliedEntry['refund']>): void {
  let localDay: number | undefined;
  updateOrder(d, r.orderId, (order) => {
    localDay = order.localDay;
    const refunded = { ...order.refunded };
    for (const l of r.lines) refunded[l.lineId] = (refunded[l.lineId] ?? 0) + l.quantity;
    return { ...order, refunded, refundedSpend: order.refundedSpend + r.spend };
  });
  d.stats.lifetimeSpend -= r.spend;
  if (r.full) d.stats.orderCount -= 1;
  if (localDay !== undefined) {
    const activity = d.activityW();
    const i = activity.findIndex((b) => b[0] === localDay);
    const bucket = activity[i];
    if (bucket !== undefined) activity[i] = [bucket[0], bucket[1] - r.spend, bucket[2] - (r.full ? 1 : 0)];
  }
}

/** Replaces the newest record of an order (no-op when it is no longer kept). */
function updateOrder(d: Draft, orderId: string, change: (order: OrderRecord) => OrderRecord): void {
  const orders = d.ordersW();
  const i = lastIndexOf(orders, (o) => o.orderId === orderId);
  const order = orders[i];
  if (order !== undefined) orders[i] = change(order);
}

/**
 * Adds an event to the journal of recent history, starting one from the state before it; moves
 * the anchor forward over events older than the window (re-applying them to the anchor).
 */
function extendJournal(
  before: MemberState,
  event: LoyaltyEvent,
  config: NonNullable<FoldConfig['journal']>,
): MemberState['journal'] {
  let anchor: MemberState = before.journal?.anchor ?? { ...before, journal: null };
  const events = [...(before.journal?.events ?? []), event];
  const cutoff = msOf(event.occurredAt) - config.windowDays * MS_PER_DAY;
  let drop = 0;
  while (drop < events.length - 1 && msOf(events[drop]!.occurredAt) < cutoff) {
    try {
      anchor = config.roll(anchor, events[drop]!);
    } catch (e) {
      // The anchor cannot move over an event it accepted before: only when the history was redacted
      // since (replaying an erased member's ledger, whose events lost the birthday or attributes the
      // awards read). The journal ends there, as erasure ends it; a late event earlier than the next
      // journal is refused (OUT_OF_ORDER).
      if (e instanceof LoyaltyError && e.code !== 'INTERNAL') return null;
      throw e;
    }
    drop++;
  }
  return { anchor: { ...anchor, journal: null }, events: drop > 0 ? events.slice(drop) : events };
}

/** Drops order and redemption records past their retention (they are oldest first). */
function pruneRecords(d: Draft, nowMs: number, config: FoldConfig): void {
  const orderCutoff = nowMs - config.orderRetentionDays * MS_PER_DAY;
  const orders = d.orders ?? d.base.orders;
  let n = 0;
  while (n < orders.length && msOf(orders[n]!.occurredAt) < orderCutoff) n++;
  if (n > 0) {
    // A dropped order may hold a pending award's due time.
    if (orders.slice(0, n).some((o) => o.awards.some(isPendingWithoutLot))) d.activationDirty = true;
    d.ordersW().splice(0, n);
  }
  const redemptionCutoff = nowMs - config.cancellableDays * MS_PER_DAY;
  const reds = d.redemptions ?? d.base.redemptions;
  let m = 0;
  while (m < reds.length && msOf(reds[m]!.occurredAt) < redemptionCutoff) m++;
  if (m > 0) d.redemptionsW().splice(0, m);
}

/** Index of the last element matching (records are searched newest first). */
function lastIndexOf<T>(list: readonly T[], test: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!)) return i;
  return -1;
}

const EMPTIED: Lot = Object.freeze({
  id: '',
  wallet: 'points',
  earnedAt: '',
  availableAt: '',
  expiresAt: null,
  amount: 0,
  remaining: 0,
  ruleId: null,
  programVersion: 0,
  sourceEventId: '',
  orderId: null,
});

function bad(message: string): LoyaltyError {
  return new LoyaltyError('INVALID_ARGUMENT', 'Ledger entries do not fit this state', [
    { code: 'ledger_mismatch', path: ['entries'], message },
  ]);
}
