/**
 * The path of one event (docs/architecture.md): parse, check it fits the state, pick the program
 * version in force, decide (earning, redemption, adjustment), number the entries, fold them.
 * This module only wires the concepts; each decision lives in its own module.
 */
import {
  availableAtFor,
  customMetrics,
  decideAwards,
  decideRefund,
  eventFacts,
  expiresAtFor,
  merchandiseSpend,
  purchaseMetrics,
  type RuleOutcome,
  refundMetrics,
  walletMetrics,
} from '../earning/index.js';
import { LoyaltyError, type LoyaltyIssue } from '../errors/index.js';
import { type LoyaltyEvent, parseEvent } from '../events/index.js';
import {
  type Allocation,
  availablePoints,
  balanceAt,
  countedPoints,
  countsAtActivation,
  type EventAppliedEntry,
  foldEntries,
  isPendingAt,
  isUsableAt,
  type LedgerEntry,
  type Lot,
  type MemberState,
  type MetricDelta,
  type OrderAward,
  type OrderRecord,
  pendingAwardsWithoutLot,
  planDraw,
  SCHEMA_VERSION,
  STATE_SCHEMA_VERSION,
} from '../ledger/index.js';
import { stateShapeIssues } from '../ledger/stateShape.js';
import { formatPoints } from '../points/index.js';
import type { CompiledGift, CompiledProgram, CompiledReward } from '../program/index.js';
import { decideAfterEvent, decideManual } from '../tiers/index.js';
import {
  instantOf,
  isoOf,
  localEpochDayOf,
  MS_PER_DAY,
  msOf,
  periodStartDay,
  recurrenceIn,
  startOfEpochDay,
  ymdOf,
  ymdOfEpochDay,
} from '../time/internal.js';
import { advanceState, deadlineOf, inOrderAt } from './advance.js';
import { tierEntries } from './tierEntries.js';
import type { ApplyOptions } from './types.js';
import type { Versions } from './versions.js';

/** An entry before it is numbered. */
export type Unnumbered = LedgerEntry extends infer E
  ? E extends LedgerEntry
    ? Omit<E, 'seq'>
    : never
  : never;

/** What deciding an event produced: a duplicate (nothing to do), or the entries. */
export type Decided = { readonly duplicate: true; readonly event: LoyaltyEvent } | DecidedEntries;

/** The entries an event produces. */
export interface DecidedEntries {
  readonly duplicate: false;
  readonly event: LoyaltyEvent;
  readonly program: CompiledProgram;
  readonly zone: string;
  readonly entries: readonly LedgerEntry[];
  readonly outcomes: readonly RuleOutcome[];
  /** The facts, for explaining rules that did not fire. */
  readonly facts: Readonly<Record<string, unknown>> | undefined;
  /** Time effects due before the event (activations, expiries), already folded into `stateAfterTime`. */
  readonly timeEntries: readonly LedgerEntry[];
  readonly stateAfterTime: MemberState;
  /** The state after the time effects and the event's entries. */
  readonly stateAfter: MemberState;
}

/** Checks that a state belongs to this engine's program and schema. */
export function checkState(state: MemberState, programId: string): void {
  if (typeof state !== 'object' || state === null) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Invalid state', [
      {
        code: 'invalid_state',
        path: ['state'],
        message: 'Expected a member state (from engine.enroll or a previous apply)',
      },
    ]);
  }
  if (state.schemaVersion !== STATE_SCHEMA_VERSION) {
    const older = typeof state.schemaVersion === 'number' && state.schemaVersion < STATE_SCHEMA_VERSION;
    throw new LoyaltyError('UNSUPPORTED_SCHEMA_VERSION', 'Unsupported state version', [
      {
        code: 'state_version',
        path: ['state', 'schemaVersion'],
        message: older
          ? `This state was written with schema version ${String(state.schemaVersion)}: upgrade it with migrateState(state) (and its ledger with migrateEntries) before use; this version of loyalty-engine reads ${STATE_SCHEMA_VERSION}`
          : `State schema version ${String(state.schemaVersion)} is not supported (expected ${STATE_SCHEMA_VERSION}): a newer loyalty-engine wrote it, or it is not a member state`,
      },
    ]);
  }
  if (state.programId !== programId) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'State of another program', [
      {
        code: 'program_mismatch',
        path: ['state', 'programId'],
        message: `This state belongs to program "${state.programId}", not "${programId}"`,
      },
    ]);
  }
  const damaged = stateShapeIssues(state);
  if (damaged.length > 0) throw new LoyaltyError('INVALID_ARGUMENT', 'Damaged state', damaged);
}

/** Decides what an event does to a member, without folding. */
export function decideEvent(
  versions: Versions,
  state: MemberState,
  input: unknown,
  options: ApplyOptions | undefined,
): Decided {
  const event = parseEvent(input);
  if (event.memberId !== undefined && event.memberId !== state.memberId) {
    throw invalidEvent(
      'member_mismatch',
      ['memberId'],
      `This event is for member "${event.memberId}", not "${state.memberId}"`,
    );
  }
  if (isDuplicate(state, event.id, event.occurredAt)) return { duplicate: true, event };
  if (state.status === 'closed') {
    throw new LoyaltyError('MEMBER_CLOSED', 'Membership closed', [
      {
        code: 'member_closed',
        path: ['memberId'],
        message: `Member "${state.memberId}" has closed their membership: no further events`,
      },
    ]);
  }
  if (event.occurredAt < state.joinedAt) {
    throw invalidEvent(
      'before_joined',
      ['occurredAt'],
      `The event happened at ${event.occurredAt}, before the member joined (${state.joinedAt})`,
    );
  }
  if (event.occurredAt < state.clock) return rederive(versions, state, event, options);
  const advanced = advanceState(versions, state, event.occurredAt);
  // Lots in the order of the version in force at the event (decision 021).
  return decideOnState(
    versions,
    inOrderAt(versions, advanced.state, event.occurredAt),
    event,
    options,
    advanced.entries,
    advanced.state,
  );
}

/**
 * A late event (earlier than the member's clock): re-derived from the journal when the program says
 * so and the journal reaches back far enough, else refused with OUT_OF_ORDER.
 */
function rederive(
  versions: Versions,
  state: MemberState,
  event: LoyaltyEvent,
  options: ApplyOptions | undefined,
): Decided {
  const mode = versions.at(state.clock).lateEvents;
  const journal = state.journal;
  if (mode.mode !== 'rederive' || journal === null || event.occurredAt < journal.anchor.clock) {
    throw new LoyaltyError('OUT_OF_ORDER', 'Event out of order', [
      {
        code: 'late_event',
        path: ['occurredAt'],
        message:
          mode.mode === 'rederive'
            ? `The event happened at ${event.occurredAt}, before the ${mode.windowDays}-day window this member's state can re-derive (from ${journal?.anchor.clock ?? state.clock})`
            : `The event happened at ${event.occurredAt}, before this member's latest entry (${state.clock}); apply events in time order, or set lateEvents.mode to "rederive"`,
      },
    ]);
  }
  // Every journaled event plus the late one, in time order (the late one after events at its instant).
  const events = [...journal.events];
  let at = events.length;
  while (at > 0 && events[at - 1]!.occurredAt > event.occurredAt) at--;
  events.splice(at, 0, event);
  // Re-applied from the anchor with the journal still anchored there (not restarted from the state
  // the first event sees, which time may already have moved past the anchor): the result, journal
  // included, is what applying the events in time order gives.
  let s: MemberState = { ...journal.anchor, journal: { anchor: journal.anchor, events: [] } };
  const produced: LedgerEntry[] = [];
  let record = false;
  for (const e of events) {
    if (e === event) record = true;
    const d = applyEvent(versions, s, e, e === event ? options : undefined);
    s = d.state;
    if (record) produced.push(...d.effects);
  }
  const advanced = advanceState(versions, s, state.clock);
  produced.push(...advanced.entries);
  const program = versions.at(state.clock);
  // The recent ids stay those of the last events applied, in the order they were applied (decision
  // 002), the late one last: not the re-derived run's, which are in time order and would forget the
  // late event first.
  const recent = [...state.recentEventIds, event.id];
  s = {
    ...advanced.state,
    recentEventIds: recent.length > program.recentEvents ? recent.slice(-program.recentEvents) : recent,
  };
  const zone = state.profile.timeZone ?? program.timeZone;
  const balance = (x: MemberState): number => balanceAt(x, state.clock, zone).available;
  const entry: LedgerEntry = {
    type: 'stateRederived',
    schemaVersion: SCHEMA_VERSION,
    seq: state.version + 1,
    sourceKey: `${event.id}:rederived`,
    memberId: state.memberId,
    eventId: event.id,
    occurredAt: state.clock,
    programId: program.id,
    programVersion: program.version,
    lateEventId: event.id,
    entries: produced,
    balanceBefore: balance(state),
    balanceAfter: balance(s),
    state: s,
  };
  return {
    duplicate: false,
    event,
    program,
    zone,
    entries: [entry],
    outcomes: [],
    facts: undefined,
    timeEntries: [],
    stateAfterTime: state,
    stateAfter: foldEntries(state, [entry], versions.foldConfigOf),
  };
}

/** Decides an event on a state already advanced to its instant (by `timeEntries`). */
function decideOnState(
  versions: Versions,
  state: MemberState,
  event: LoyaltyEvent,
  options: ApplyOptions | undefined,
  timeEntries: readonly LedgerEntry[],
  stateAfterTime: MemberState,
): DecidedEntries {
  const program = versions.at(event.occurredAt);
  const zone = state.profile.timeZone ?? program.timeZone;
  const out: LedgerEntry[] = [];
  // Every entry starts with the same fields in the same order (one object shape for the JIT).
  const memberId = state.memberId;
  const eventId = event.id;
  const occurredAt = event.occurredAt;
  const programId = program.id;
  const programVersion = program.version;
  const seq = (): number => state.version + out.length + 1;
  // Orders older than the retention are dropped when this event is folded: do not decide on them.
  const orderCutoff = isoOf(msOf(event.occurredAt) - program.orderRetentionDays * MS_PER_DAY);
  const keptOrder = (orderId: string): OrderRecord | undefined => {
    for (let i = state.orders.length - 1; i >= 0; i--) {
      const o = state.orders[i]!;
      if (o.orderId === orderId) return o.occurredAt < orderCutoff ? undefined : o;
    }
    return undefined;
  };
  let outcomes: RuleOutcome[] = [];
  let facts: Readonly<Record<string, unknown>> | undefined;
  let debt = state.debt;

  const tiers = program.tiers;
  const today = (): number => localEpochDayOf(msOf(occurredAt), zone);
  const requireActive = (what: string): void => {
    if (state.status !== 'active') {
      throw new LoyaltyError('MEMBER_NOT_ACTIVE', 'Member not active', [
        {
          code: 'member_not_active',
          path: ['type'],
          message: `Member "${memberId}" is ${state.status} and cannot ${what}`,
          params: { status: state.status },
        },
      ]);
    }
  };
  const issue = (
    reward: CompiledReward,
    key: string,
    source: 'redemption' | 'gift',
    giftId: string | null,
  ): void => {
    const c = reward.coupon;
    out.push({
      type: 'rewardIssued',
      schemaVersion: SCHEMA_VERSION,
      seq: seq(),
      sourceKey: `${key}:issued`,
      memberId,
      eventId,
      occurredAt,
      programId,
      programVersion,
      rewardId: reward.id,
      key,
      source,
      giftId,
      kind: reward.kind,
      terms:
        c === null
          ? null
          : { discount: c.discount, minSpend: c.minSpend, categories: c.categories, currency: c.currency },
      validFrom: occurredAt,
      validUntil: c?.validDays == null ? null : instantOf(startOfEpochDay(today() + c.validDays + 1, zone)),
      counter:
        source === 'redemption' && reward.limit !== null
          ? reward.limit.window === undefined || reward.limit.window.type === 'lifetime'
            ? { capId: `$reward:${reward.id}`, day: 0, keepFrom: 0 }
            : { capId: `$reward:${reward.id}`, day: today(), keepFrom: today() - 400 }
          : null,
    });
  };
  const giveGifts = (on: CompiledGift['on'], period: string, tierId: string | null = null): void => {
    for (const g of program.gifts) {
      if (g.on !== on || (on === 'tierReached' && g.tierId !== tierId)) continue;
      const onceKey = `gift:${g.id}:${period}`;
      if (
        Object.hasOwn(state.onceKeys, onceKey) ||
        state.rewards.some((r) => r.key.startsWith(`${onceKey}:`))
      )
        continue;
      for (const id of g.rewards) {
        const reward = program.rewards.get(id);
        if (reward !== undefined) issue(reward, `${onceKey}:${id}`, 'gift', g.id);
      }
    }
  };
  // Points a cancellation restores after an inactivity deadline passed expire at once, like a lot
  // restored after its own expiry: the balance already counts them as expired, and a cancellation
  // is not activity (decision 021).
  const expireRestoredForInactivity = (): void => {
    if (!versions.list.some((v) => v.expiry.mode === 'inactivity')) return;
    const restored = foldEntries(state, out, versions.foldConfigOf);
    const deadline = deadlineOf(versions, restored, zone, occurredAt);
    if (deadline === null || deadline > occurredAt) return;
    const allocations: Allocation[] = [];
    for (const lot of restored.lots) {
      if (isUsableAt(lot, deadline)) allocations.push({ lotId: lot.id, points: lot.remaining });
    }
    if (allocations.length === 0) return;
    out.push({
      type: 'pointsExpired',
      schemaVersion: SCHEMA_VERSION,
      seq: seq(),
      sourceKey: `${event.id}:inactivity:expired`,
      memberId,
      eventId,
      occurredAt,
      programId,
      programVersion,
      points: allocations.reduce((sum, x) => sum + x.points, 0),
      allocations,
      reason: 'inactivity',
    });
  };
  const applied = (
    purchase: { orderId: string; spend: number; localDay: number } | null,
    referredBy: string | null,
    refund: EventAppliedEntry['refund'] = null,
    metrics: readonly MetricDelta[] = [],
  ) =>
    out.push({
      type: 'eventApplied',
      schemaVersion: SCHEMA_VERSION,
      seq: seq(),
      sourceKey: `${event.id}:applied`,
      memberId,
      eventId,
      occurredAt,
      programId,
      programVersion,
      event,
      purchase,
      referredBy,
      refund,
      metrics,
    });

  const earn = (): void => {
    const f = eventFacts(
      program,
      state,
      event,
      zone,
      options?.facts as Readonly<Record<string, unknown>> | undefined,
    );
    facts = f.facts;
    if (event.type === 'purchase') {
      if (event.currency !== program.currency) {
        throw new LoyaltyError('CURRENCY_MISMATCH', 'Currency mismatch', [
          {
            code: 'currency_mismatch',
            path: ['currency'],
            message: `The purchase is in ${event.currency} but the program earns on ${program.currency}: convert first`,
            params: { currency: event.currency, expected: program.currency },
          },
        ]);
      }
      if (keptOrder(event.orderId) !== undefined) {
        throw invalidEvent(
          'duplicate_order',
          ['orderId'],
          `Order "${event.orderId}" was already applied with another event id`,
        );
      }
      const b = f.breakdown();
      applied(
        { orderId: event.orderId, spend: merchandiseSpend(b), localDay: f.localDay },
        null,
        null,
        purchaseMetrics(tiers, f.breakdown, f.localDay),
      );
    } else if (event.type === 'custom') {
      applied(null, null, null, customMetrics(tiers, event, f.localDay));
    } else {
      const referredBy =
        event.type === 'signup'
          ? (event.referredBy ?? null)
          : event.type === 'referral' && event.refereeId === state.memberId
            ? event.referrerId
            : null;
      applied(null, referredBy);
    }
    const earning =
      state.status === 'active' || (state.status === 'suspended' && program.membership.accrueWhileSuspended);
    const decided = earning
      ? decideAwards(program, state, event, f)
      : { awards: [], guards: [], outcomes: [] as RuleOutcome[] };
    outcomes = decided.outcomes;
    if (state.status === 'active' && event.type === 'signup') giveGifts('activation', 'member');
    if (state.status === 'active' && event.type === 'birthday' && state.profile.birthday !== null) {
      const now = ymdOfEpochDay(f.localDay);
      // The birthday's month this year, with the 29 February policy (as the birthday rules).
      if (
        recurrenceIn(ymdOf(state.profile.birthday), now.year, program.leapDayBirthday).month === now.month
      ) {
        giveGifts('birthdayMonth', String(now.year));
      }
    }
    for (const g of decided.guards) {
      out.push({
        type: 'guardTriggered',
        schemaVersion: SCHEMA_VERSION,
        seq: seq(),
        sourceKey: `${event.id}:${g.ruleId}:guard`,
        memberId,
        eventId,
        occurredAt,
        programId,
        programVersion,
        guard: g.guard,
        ruleId: g.ruleId,
        blocked: true,
        points: g.points,
        reason: g.reason,
      });
    }
    for (const a of decided.awards) {
      if (a.capped !== null) {
        out.push({
          type: 'ruleCapped',
          schemaVersion: SCHEMA_VERSION,
          seq: seq(),
          sourceKey: `${event.id}:${a.rule.id}:capped`,
          memberId,
          eventId,
          occurredAt,
          programId,
          programVersion,
          ruleId: a.rule.id,
          capId: a.capped.capId,
          requested: a.requested,
          granted: a.granted,
        });
      }
      if (a.granted <= 0) continue;
      if (a.rule.wallet === 'qualifying') {
        out.push({
          type: 'qualifyingEarned',
          schemaVersion: SCHEMA_VERSION,
          seq: seq(),
          sourceKey: `${event.id}:${a.rule.id}:qualified`,
          memberId,
          eventId,
          occurredAt,
          programId,
          programVersion,
          ruleId: a.rule.id,
          orderId: event.type === 'purchase' ? event.orderId : null,
          points: a.granted,
          lines: a.lines,
          onceKey: a.onceKey,
          caps: a.caps,
          metrics: walletMetrics(tiers, 'qualifying', a.granted, f.localDay),
          explanation: a.explanation,
        });
        continue;
      }
      const key = `${event.id}:${a.rule.id}:earned`;
      const availableAt = availableAtFor(program, a.rule, event.occurredAt, zone);
      const repaid = Math.min(debt, a.granted);
      debt -= repaid;
      const lot: Lot = {
        id: key,
        wallet: 'points',
        earnedAt: event.occurredAt,
        availableAt,
        expiresAt: expiresAtFor(program, event.occurredAt, availableAt, zone),
        amount: a.granted,
        remaining: a.granted - repaid,
        ruleId: a.rule.id,
        programVersion: program.version,
        sourceEventId: event.id,
        orderId: event.type === 'purchase' ? event.orderId : null,
      };
      out.push({
        type: 'pointsEarned',
        schemaVersion: SCHEMA_VERSION,
        seq: seq(),
        sourceKey: key,
        memberId,
        eventId,
        occurredAt,
        programId,
        programVersion,
        ruleId: a.rule.id,
        points: a.granted,
        lot,
        lines: a.lines,
        onceKey: a.onceKey,
        caps: a.caps,
        debtRepaid: repaid,
        // Pending points count for tiers once they are available.
        metrics:
          availableAt === event.occurredAt ? walletMetrics(tiers, 'points', a.granted, f.localDay) : [],
        explanation: a.explanation,
      });
    }
    if (
      event.type === 'purchase' &&
      state.referredBy !== null &&
      state.stats.orderCount === 0 &&
      !Object.hasOwn(state.onceKeys, 'referralQualified')
    ) {
      out.push({
        type: 'referralQualified',
        schemaVersion: SCHEMA_VERSION,
        seq: seq(),
        sourceKey: `${event.id}:referralQualified`,
        memberId,
        eventId,
        occurredAt,
        programId,
        programVersion,
        referrerId: state.referredBy,
        refereeId: state.memberId,
      });
    }
  };

  switch (event.type) {
    case 'purchase':
    case 'signup':
    case 'birthday':
    case 'custom':
      earn();
      break;
    case 'referral':
      if (event.referrerId !== state.memberId && event.refereeId !== state.memberId) {
        throw invalidEvent(
          'not_in_referral',
          ['referrerId'],
          `Member "${state.memberId}" is neither the referrer nor the referee of this referral`,
        );
      }
      earn();
      break;
    case 'redemption': {
      requireActive('redeem points');
      const r = program.redemption;
      let points: number;
      if (event.rewardId !== undefined) {
        const reward = program.rewards.get(event.rewardId);
        if (reward === undefined) {
          throw new LoyaltyError('UNKNOWN_REWARD', 'Unknown reward', [
            {
              code: 'unknown_reward',
              path: ['rewardId'],
              message: `No reward "${event.rewardId}" in program "${program.id}" version ${program.version}`,
              params: { rewardId: event.rewardId },
            },
          ]);
        }
        if (reward.eligibleTiers !== null && !reward.eligibleTiers.includes(state.tier?.id ?? '')) {
          throw new LoyaltyError('REWARD_NOT_ELIGIBLE', 'Reward not eligible', [
            {
              code: 'reward_not_eligible',
              path: ['rewardId'],
              message: `Reward "${reward.id}" is only for members in tier ${reward.eligibleTiers.join(' or ')}; member "${memberId}" is ${state.tier === null ? 'in no tier' : `in tier ${state.tier.id}`}`,
            },
          ]);
        }
        const quantity = event.quantity ?? 1;
        if (reward.units === 0) {
          throw notAllowed(
            'gift_only',
            ['rewardId'],
            `Reward "${reward.id}" is only given as a gift, not redeemed`,
            { rewardId: reward.id },
          );
        }
        const stock = options?.stock?.[reward.id];
        if (stock !== undefined && quantity > stock) {
          throw new LoyaltyError('OUT_OF_STOCK', 'Out of stock', [
            {
              code: 'out_of_stock',
              path: ['rewardId'],
              message: `Reward "${reward.id}": ${quantity} asked, ${Math.max(0, stock)} left`,
              params: { rewardId: reward.id, quantity, left: Math.max(0, stock) },
            },
          ]);
        }
        if (reward.limit !== null) {
          const used = rewardCount(state, reward.id, reward.limit.window, occurredAt, zone, program);
          if (used + quantity > reward.limit.count) {
            throw new LoyaltyError('REWARD_LIMIT', 'Reward limit reached', [
              {
                code: 'reward_limit',
                path: ['rewardId'],
                message: `Reward "${reward.id}" is limited to ${reward.limit.count} per member${reward.limit.window === undefined || reward.limit.window.type === 'lifetime' ? '' : ' in the window'}; ${used} already issued`,
                params: { rewardId: reward.id, limit: reward.limit.count, used },
              },
            ]);
          }
        }
        points = reward.units * quantity;
      } else {
        points = event.points ?? 0;
      }
      const fmt = (u: number): string => formatPoints(u, program.precision);
      if (points < r.minUnits) {
        throw notAllowed(
          'below_minimum',
          ['points'],
          `A redemption needs at least ${fmt(r.minUnits)} points; this one is ${fmt(points)}`,
          { minimum: r.minUnits, points },
        );
      }
      if (points > r.maxUnits) {
        throw notAllowed(
          'above_maximum',
          ['points'],
          `At most ${fmt(r.maxUnits)} points can be redeemed per order; this one is ${fmt(points)}`,
          { maximum: r.maxUnits, points },
        );
      }
      if (points % r.multipleUnits !== 0) {
        throw notAllowed(
          'not_multiple',
          ['points'],
          `Redemptions must be in steps of ${fmt(r.multipleUnits)} points; ${fmt(points)} is not`,
          { step: r.multipleUnits, points },
        );
      }
      const allocations = planDraw(state.lots, points, event.occurredAt);
      if (allocations === null) {
        const available = availablePoints(state.lots, event.occurredAt);
        throw new LoyaltyError('INSUFFICIENT_POINTS', 'Insufficient points', [
          {
            code: 'insufficient_points',
            path: [event.rewardId !== undefined ? 'rewardId' : 'points'],
            message: `The redemption needs ${fmt(points)} points but ${fmt(available)} are available`,
            params: { required: points, available },
          },
        ]);
      }
      applied(null, null);
      out.push({
        type: 'pointsRedeemed',
        schemaVersion: SCHEMA_VERSION,
        seq: seq(),
        sourceKey: `${event.id}:redeemed`,
        memberId,
        eventId,
        occurredAt,
        programId,
        programVersion,
        redemptionId: event.id,
        points,
        rewardId: event.rewardId ?? null,
        quantity: event.rewardId !== undefined ? (event.quantity ?? 1) : null,
        orderId: event.orderId ?? null,
        allocations,
      });
      if (event.rewardId !== undefined) {
        const reward = program.rewards.get(event.rewardId)!;
        for (let n = 1; n <= (event.quantity ?? 1); n++)
          issue(reward, `${event.id}:${reward.id}:${n}`, 'redemption', null);
      }
      break;
    }
    case 'redemptionCancellation': {
      const cancelCutoff = msOf(occurredAt) - program.redemption.cancellableDays * MS_PER_DAY;
      const record = state.redemptions.find(
        (x) => x.redemptionId === event.redemptionId && msOf(x.occurredAt) >= cancelCutoff,
      );
      if (record === undefined) {
        throw invalidEvent(
          'unknown_redemption',
          ['redemptionId'],
          `No redemption "${event.redemptionId}" can be cancelled for this member (unknown, or older than ${program.redemption.cancellableDays} days)`,
        );
      }
      if (record.cancelledBy !== null) {
        throw notAllowed(
          'already_cancelled',
          ['redemptionId'],
          `Redemption "${event.redemptionId}" was already cancelled by event "${record.cancelledBy}"`,
        );
      }
      applied(null, null);
      // Points coming back pay off a negative balance first (like any incoming points), taken from
      // the lots in the order the redemption drew them; the lots get the rest.
      const debtRepaid = Math.min(debt, record.points);
      debt -= debtRepaid;
      const back = restoredAfterDebt(record.drawn, debtRepaid);
      out.push({
        type: 'redemptionCancelled',
        schemaVersion: SCHEMA_VERSION,
        seq: seq(),
        sourceKey: `${event.id}:cancelled`,
        memberId,
        eventId,
        occurredAt,
        programId,
        programVersion,
        redemptionId: record.redemptionId,
        points: record.points,
        restored: back.map((d) => ({ lotId: d.lot.id, points: d.points })),
        reason: event.reason ?? null,
        ...(debtRepaid > 0 ? { debtRepaid } : {}),
      });
      // A restored lot keeps its expiry (DOMAIN.md point 2): one already past expires right away.
      // Keyed by the cancellation: `advance` may have expired the same lot at this very instant
      // (`<lotId>:expired:<instant>`), and another cancellation at this instant may restore to it.
      for (const d of back) {
        if (d.lot.expiresAt === null || d.lot.expiresAt > event.occurredAt) continue;
        const open = state.lots.find((l) => l.id === d.lot.id)?.remaining ?? 0;
        out.push({
          type: 'pointsExpired',
          schemaVersion: SCHEMA_VERSION,
          seq: seq(),
          sourceKey: `${event.id}:${d.lot.id}:expired`,
          memberId,
          eventId,
          occurredAt,
          programId,
          programVersion,
          points: open + d.points,
          allocations: [{ lotId: d.lot.id, points: open + d.points }],
          reason: 'lotExpired',
        });
      }
      expireRestoredForInactivity();
      break;
    }
    case 'adjustment': {
      applied(null, null);
      const key = `${event.id}:adjusted`;
      if (event.points > 0) {
        const repaid = Math.min(debt, event.points);
        out.push({
          type: 'pointsAdjusted',
          schemaVersion: SCHEMA_VERSION,
          seq: seq(),
          sourceKey: key,
          memberId,
          eventId,
          occurredAt,
          programId,
          programVersion,
          points: event.points,
          reason: event.reason,
          lot: {
            id: key,
            wallet: 'points',
            earnedAt: event.occurredAt,
            availableAt: event.occurredAt,
            expiresAt: expiresAtFor(program, event.occurredAt, event.occurredAt, zone),
            amount: event.points,
            remaining: event.points - repaid,
            ruleId: null,
            programVersion: program.version,
            sourceEventId: event.id,
            orderId: null,
          },
          allocations: [],
          debtRepaid: repaid,
        });
      } else {
        requireActive('have points taken away by an adjustment');
        const allocations = planDraw(state.lots, -event.points, event.occurredAt);
        if (allocations === null) {
          const available = availablePoints(state.lots, event.occurredAt);
          throw new LoyaltyError('INSUFFICIENT_POINTS', 'Insufficient points', [
            {
              code: 'insufficient_points',
              path: ['points'],
              message: `The adjustment removes ${formatPoints(-event.points, program.precision)} points but ${formatPoints(available, program.precision)} are available`,
              params: { required: -event.points, available },
            },
          ]);
        }
        out.push({
          type: 'pointsAdjusted',
          schemaVersion: SCHEMA_VERSION,
          seq: seq(),
          sourceKey: key,
          memberId,
          eventId,
          occurredAt,
          programId,
          programVersion,
          points: event.points,
          reason: event.reason,
          lot: null,
          allocations,
          debtRepaid: 0,
        });
      }
      break;
    }
    case 'orderCompleted': {
      if (keptOrder(event.orderId) === undefined) {
        throw invalidEvent(
          'unknown_order',
          ['orderId'],
          `No order "${event.orderId}" is known for this member (unknown, or older than the program's orderRetentionDays)`,
        );
      }
      applied(null, null);
      // Each activation counts its award for tiers as if it had not been pending (points that
      // paid off a debt included); an award whose lot holds none of its points is activated too.
      for (const lot of state.lots) {
        if (lot.orderId !== event.orderId || !isPendingAt(lot, event.occurredAt)) continue;
        const lotProgram = versions.byNumber(lot.programVersion);
        out.push({
          type: 'pointsActivated',
          schemaVersion: SCHEMA_VERSION,
          seq: seq(),
          sourceKey: `${lot.id}:activated`,
          memberId,
          eventId,
          occurredAt,
          programId,
          programVersion,
          lotId: lot.id,
          points: lot.remaining,
          availableAt: event.occurredAt,
          expiresAt: expiresAtFor(lotProgram, lot.earnedAt, event.occurredAt, zone) ?? lot.expiresAt,
          reason: 'orderCompleted',
          metrics: walletMetrics(tiers, 'points', countsAtActivation(state.orders, lot), today()),
        });
      }
      for (const { order, award } of pendingAwardsWithoutLot(state.orders)) {
        if (order.orderId !== event.orderId) continue;
        if (award.pendingUntil !== null && award.pendingUntil <= event.occurredAt) continue;
        out.push({
          type: 'pointsActivated',
          schemaVersion: SCHEMA_VERSION,
          seq: seq(),
          sourceKey: `${award.lotId}:activated`,
          memberId,
          eventId,
          occurredAt,
          programId,
          programVersion,
          lotId: award.lotId,
          points: 0,
          availableAt: event.occurredAt,
          expiresAt: null,
          reason: 'orderCompleted',
          metrics: walletMetrics(tiers, 'points', countedPoints(award), today()),
        });
      }
      break;
    }
    case 'memberVerified':
    case 'memberActivated':
    case 'memberSuspended':
    case 'memberReinstated':
    case 'memberClosed': {
      const to = statusAfter(state.status, event.type, program.membership.verification);
      if (to === undefined) {
        throw new LoyaltyError('MEMBER_NOT_ACTIVE', 'Status change not allowed', [
          {
            code: 'invalid_transition',
            path: ['type'],
            message: `A ${state.status} member cannot be ${event.type.replace('member', '').toLowerCase()}${program.membership.verification && event.type === 'memberActivated' && state.status === 'applied' ? ' before being verified' : ''}`,
          },
        ]);
      }
      applied(null, null);
      out.push({
        type: 'memberStatusChanged',
        schemaVersion: SCHEMA_VERSION,
        seq: seq(),
        sourceKey: `${event.id}:status`,
        memberId,
        eventId,
        occurredAt,
        programId,
        programVersion,
        from: state.status,
        to,
        reason: event.reason ?? null,
      });
      if (to === 'active' && state.status !== 'suspended') giveGifts('activation', 'member');
      if (to === 'closed' && program.membership.onClose === 'forfeit' && state.lots.length > 0) {
        const allocations = state.lots.map((l) => ({ lotId: l.id, points: l.remaining }));
        out.push({
          type: 'pointsExpired',
          schemaVersion: SCHEMA_VERSION,
          seq: seq(),
          sourceKey: `${event.id}:forfeited`,
          memberId,
          eventId,
          occurredAt,
          programId,
          programVersion,
          points: allocations.reduce((x, a) => x + a.points, 0),
          allocations,
          reason: 'forfeited',
        });
      }
      break;
    }
    case 'memberProfileUpdated': {
      applied(null, null);
      const fields: ('birthday' | 'timeZone' | 'tags' | 'attributes')[] = [];
      let attributes = state.profile.attributes;
      if (event.birthday !== undefined) fields.push('birthday');
      if (event.timeZone !== undefined) fields.push('timeZone');
      if (event.tags !== undefined) fields.push('tags');
      if (event.attributes !== undefined || event.removeAttributes !== undefined) {
        fields.push('attributes');
        const next: Record<string, unknown> = { ...attributes, ...event.attributes };
        for (const key of event.removeAttributes ?? []) delete next[key];
        attributes = next;
      }
      out.push({
        type: 'memberProfileUpdated',
        schemaVersion: SCHEMA_VERSION,
        seq: seq(),
        sourceKey: `${event.id}:profile`,
        memberId,
        eventId,
        occurredAt,
        programId,
        programVersion,
        fields,
        profile: {
          birthday: event.birthday === undefined ? state.profile.birthday : event.birthday,
          timeZone: event.timeZone === undefined ? state.profile.timeZone : event.timeZone,
          tags: event.tags ?? state.profile.tags,
          attributes,
        },
      });
      break;
    }
    case 'rewardUsed': {
      const issued = state.rewards.find(
        (r) => r.key === event.key && (r.validUntil === null || r.validUntil > occurredAt),
      );
      if (issued === undefined) {
        throw invalidEvent(
          'unknown_reward_key',
          ['key'],
          `No unused, valid reward "${event.key}" for this member`,
        );
      }
      applied(null, null);
      out.push({
        type: 'rewardUsed',
        schemaVersion: SCHEMA_VERSION,
        seq: seq(),
        sourceKey: `${event.id}:used`,
        memberId,
        eventId,
        occurredAt,
        programId,
        programVersion,
        key: event.key,
        rewardId: issued.rewardId,
      });
      break;
    }
    case 'tierGrant':
    case 'tierRevoke': {
      if (tiers === null) {
        throw invalidEvent(
          'no_tiers',
          ['type'],
          `Program "${program.id}" version ${program.version} has no tiers`,
        );
      }
      if (event.type === 'tierGrant' && !tiers.levels.some((t) => t.id === event.tierId)) {
        throw invalidEvent(
          'unknown_tier',
          ['tierId'],
          `No tier "${event.tierId}" in program "${program.id}" (tiers: ${tiers.levels.map((t) => t.id).join(', ')})`,
        );
      }
      applied(null, null);
      const action =
        event.type === 'tierGrant'
          ? { grant: event.tierId, until: event.until ?? null, lock: event.lock ?? true }
          : ({ revoke: true } as const);
      out.push(
        ...tierEntries(decideManual(program, state, zone, occurredAt, action), seq(), {
          memberId,
          eventId,
          occurredAt,
          programId,
          programVersion,
        }),
      );
      break;
    }
    case 'refund': {
      const order = keptOrder(event.orderId);
      // Reversals use the version the order was earned under, never today's rules.
      const earnedUnder = order === undefined ? program : versions.byNumber(order.programVersion);
      const r = decideRefund(
        earnedUnder,
        { ...state, orders: order === undefined ? [] : [order] },
        event,
        zone,
      );
      applied(
        null,
        null,
        { orderId: event.orderId, lines: r.lines, spend: r.spend, full: r.full },
        refundMetrics(tiers, r.order, r.lines, r.full),
      );
      const policy = program.refunds;
      const taken = new Map<string, number>(); // points already taken from a lot in this refund
      const remainingOf = (lot: Lot): number => lot.remaining - (taken.get(lot.id) ?? 0);
      for (const rev of r.reversals) {
        if (rev.award.wallet === 'qualifying') {
          out.push({
            type: 'qualifyingReversed',
            schemaVersion: SCHEMA_VERSION,
            seq: seq(),
            sourceKey: `${event.id}:${rev.award.ruleId}:qualifyingReversed`,
            memberId,
            eventId,
            occurredAt,
            programId,
            programVersion,
            orderId: event.orderId,
            ruleId: rev.award.ruleId,
            awardKey: rev.award.lotId,
            points: rev.points,
            lines: rev.lines,
            metrics: walletMetrics(tiers, 'qualifying', -rev.points, r.order.localDay),
          });
          continue;
        }
        // Taken back from the points metric exactly as the award counted: on the day its points
        // became available, or not at all while pending or when they expired pending.
        const countedAt = countedAtOf(rev.award, state.lots, event.occurredAt, r.order.occurredAt);
        const counted = countedAt !== null;
        const countedDay = counted ? localEpochDayOf(msOf(countedAt), zone) : r.order.localDay;
        let left = rev.points;
        const allocations: Allocation[] = [];
        // 1. the award's own lot first (pending points included)
        const own = state.lots.find((l) => l.id === rev.award.lotId);
        if (own !== undefined && remainingOf(own) > 0) {
          const take = Math.min(remainingOf(own), left);
          allocations.push({ lotId: own.id, points: take });
          taken.set(own.id, (taken.get(own.id) ?? 0) + take);
          left -= take;
        }
        // 2. other points, down to zero, unless only pending/unspent points of the order may go
        if (left > 0 && policy.policy !== 'pendingOnly') {
          for (const lot of state.lots) {
            if (left === 0) break;
            if (lot.id === rev.award.lotId || !isUsableAt(lot, event.occurredAt)) continue;
            const take = Math.min(remainingOf(lot), left);
            if (take <= 0) continue;
            allocations.push({ lotId: lot.id, points: take });
            taken.set(lot.id, (taken.get(lot.id) ?? 0) + take);
            left -= take;
          }
        }
        // 2b. before making a debt: other orders' pending points (a debt never waits beside points
        // that will become available: they pay it now; decision 012)
        if (left > 0 && policy.policy === 'allowNegative') {
          for (const lot of state.lots) {
            if (left === 0) break;
            if (lot.id === rev.award.lotId || !isPendingAt(lot, event.occurredAt)) continue;
            const take = Math.min(remainingOf(lot), left);
            if (take <= 0) continue;
            allocations.push({ lotId: lot.id, points: take });
            taken.set(lot.id, (taken.get(lot.id) ?? 0) + take);
            left -= take;
          }
        }
        // 3. a negative balance, down to the floor
        let owed = 0;
        if (left > 0 && policy.policy === 'allowNegative') {
          const room = Number.isFinite(policy.floorUnits) ? Math.max(0, -policy.floorUnits - debt) : left;
          owed = Math.min(left, room);
          debt += owed;
          left -= owed;
        }
        const reversed = rev.points - left;
        out.push({
          type: 'pointsReversed',
          schemaVersion: SCHEMA_VERSION,
          seq: seq(),
          sourceKey: `${event.id}:${rev.award.ruleId}:reversed`,
          memberId,
          eventId,
          occurredAt,
          programId,
          programVersion,
          orderId: event.orderId,
          ruleId: rev.award.ruleId,
          awardLotId: rev.award.lotId,
          requested: rev.points,
          points: reversed,
          allocations,
          debt: owed,
          shortfall: left,
          lines: rev.lines,
          metrics: counted ? walletMetrics(tiers, 'points', -rev.points, countedDay) : [],
        });
      }
      if (program.guards.flagRefundAfterRedeem) {
        let spent = 0;
        for (const e of out) {
          if (e.type !== 'pointsReversed') continue;
          spent +=
            e.shortfall +
            e.debt +
            e.allocations.filter((a) => a.lotId !== e.awardLotId).reduce((x, a) => x + a.points, 0);
        }
        if (spent > 0) {
          out.push({
            type: 'guardTriggered',
            schemaVersion: SCHEMA_VERSION,
            seq: seq(),
            sourceKey: `${event.id}:refundAfterRedeem:guard`,
            memberId,
            eventId,
            occurredAt,
            programId,
            programVersion,
            guard: 'refundAfterRedeem',
            ruleId: null,
            blocked: false,
            points: spent,
            reason: `Order ${event.orderId} was refunded after ${formatPoints(spent, program.precision)} of its points had been spent`,
          });
        }
      }
      break;
    }
  }
  let after = foldEntries(state, out, versions.foldConfigOf);
  if (tiers !== null && event.type !== 'tierGrant' && event.type !== 'tierRevoke') {
    const effects = decideAfterEvent(program, after, zone, occurredAt, {
      eventId,
      orderId: event.type === 'purchase' ? event.orderId : null,
      refundOf: event.type === 'refund' ? event.orderId : null,
    });
    if (effects.length > 0) {
      const more = tierEntries(effects, seq(), { memberId, eventId, occurredAt, programId, programVersion });
      out.push(...more);
      const before = out.length;
      for (const x of effects)
        if (x.type === 'tierChanged' && x.reason === 'qualified') giveGifts('tierReached', eventId, x.to);
      after = foldEntries(after, [...more, ...out.slice(before)], versions.foldConfigOf);
    }
  }
  return {
    duplicate: false,
    event,
    program,
    zone,
    entries: out,
    outcomes,
    facts,
    timeEntries,
    stateAfterTime,
    stateAfter: after,
  };
}

/**
 * Whether an event id was applied already: among the recent ids, or (beyond that window) an event
 * of the late-event journal or among its anchor's recent ids, or the source of an open lot or of a
 * kept order or redemption record. Only the store's unique event id can tell beyond those.
 */
function isDuplicate(state: MemberState, id: string, occurredAt: string): boolean {
  if (state.recentEventIds.includes(id)) return true;
  // An event applied before happened at or before the clock: a later one cannot be a duplicate.
  if (occurredAt > state.clock) return false;
  const journal = state.journal;
  if (journal !== null) {
    for (const e of journal.events) if (e.id === id) return true;
    if (journal.anchor.recentEventIds.includes(id)) return true;
  }
  for (const lot of state.lots) if (lot.sourceEventId === id) return true;
  for (const o of state.orders) if (o.eventId === id) return true;
  for (const r of state.redemptions) if (r.redemptionId === id) return true;
  return false;
}

/** Applies one event: decide, then fold. */
export function applyEvent(
  versions: Versions,
  state: MemberState,
  input: unknown,
  options: ApplyOptions | undefined,
): { state: MemberState; effects: readonly LedgerEntry[] } {
  const d = decideEvent(versions, state, input, options);
  if (d.duplicate) return { state, effects: [] };
  assertSafeTotals(d.stateAfter);
  return {
    state: d.stateAfter,
    effects: d.timeEntries.length === 0 ? d.entries : [...d.timeEntries, ...d.entries],
  };
}

/** The status a status event leads to, or undefined when the change is not allowed. */
function statusAfter(
  from: MemberState['status'],
  event: 'memberVerified' | 'memberActivated' | 'memberSuspended' | 'memberReinstated' | 'memberClosed',
  verification: boolean,
): MemberState['status'] | undefined {
  switch (event) {
    case 'memberVerified':
      return from === 'applied' && verification ? 'verified' : undefined;
    case 'memberActivated':
      return from === 'verified' || (from === 'applied' && !verification) ? 'active' : undefined;
    case 'memberSuspended':
      return from === 'active' ? 'suspended' : undefined;
    case 'memberReinstated':
      return from === 'suspended' ? 'active' : undefined;
    case 'memberClosed':
      return from === 'closed' ? undefined : 'closed';
  }
}

/** How many of a reward the member was issued within a limit window (counting unused and used ones kept in the ledger's counters). */
function rewardCount(
  state: MemberState,
  rewardId: string,
  window: { readonly type: string; readonly unit?: string; readonly days?: number } | undefined,
  at: string,
  zone: string,
  program: CompiledProgram,
): number {
  const buckets = state.caps[`$reward:${rewardId}`] ?? [];
  if (window === undefined || window.type === 'lifetime') return buckets.reduce((n, b) => n + b[2], 0);
  const today = localEpochDayOf(msOf(at), zone);
  const from =
    window.type === 'rollingDays'
      ? today - (window.days ?? 1) + 1
      : periodStartDay(today, (window.unit ?? 'day') as 'day', program.weekStartsOn);
  return buckets.reduce((n, b) => n + (b[0] >= from ? b[2] : 0), 0);
}

/** Refuses an event that would take a point total beyond the safe integer range (nothing is applied). */
function assertSafeTotals(state: MemberState): void {
  const t = state.totals;
  // The open lots hold at most what came in: if that sum is safe, so is every balance.
  const credits = t.earned + t.adjustedIn + t.restored;
  for (const v of [
    t.earned,
    t.adjustedIn,
    t.adjustedOut,
    t.redeemed,
    t.restored,
    t.expired,
    t.reversed,
    credits,
    state.debt,
  ]) {
    if (!Number.isSafeInteger(v)) {
      throw new LoyaltyError('INVALID_POINTS', 'Points out of range', [
        {
          code: 'points_overflow',
          path: ['points'],
          message: `This event would take the member's points beyond ${Number.MAX_SAFE_INTEGER} point units`,
        },
      ]);
    }
  }
}

function invalidEvent(code: string, path: LoyaltyIssue['path'], message: string): LoyaltyError {
  return new LoyaltyError('INVALID_EVENT', 'Invalid event', [{ code, path, message }]);
}

function notAllowed(
  code: string,
  path: LoyaltyIssue['path'],
  message: string,
  params?: LoyaltyIssue['params'],
): LoyaltyError {
  return new LoyaltyError('REDEMPTION_NOT_ALLOWED', 'Redemption not allowed', [
    { code, path, message, ...(params === undefined ? {} : { params }) },
  ]);
}

/**
 * What a cancelled redemption puts back into its lots when `debtRepaid` of its points pay off a
 * negative balance first: the draw, less the repayment taken from its first lots (the order the
 * redemption drew them in); lots that get nothing back are left out.
 */
function restoredAfterDebt<T extends { readonly points: number }>(
  drawn: readonly T[],
  debtRepaid: number,
): T[] {
  let repay = debtRepaid;
  const out: T[] = [];
  for (const d of drawn) {
    const take = Math.min(repay, d.points);
    repay -= take;
    if (d.points > take) out.push(take === 0 ? d : { ...d, points: d.points - take });
  }
  return out;
}

/**
 * When an award counted for the points metric. States saved before awards recorded it
 * (`countedAt` missing) fall back to the award's lot: counted unless still pending.
 */
function countedAtOf(
  award: OrderAward,
  lots: readonly Lot[],
  now: string,
  purchasedAt: string,
): string | null {
  if (award.countedAt !== undefined) return award.countedAt;
  const lot = lots.find((l) => l.id === award.lotId);
  if (lot === undefined) return purchasedAt;
  return isUsableAt(lot, now) ? (lot.availableAt ?? purchasedAt) : null;
}
