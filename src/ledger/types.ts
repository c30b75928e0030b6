/**
 * The ledger: lots, ledger entries (= effects) and the member state they fold into. Everything here
 * is plain, readonly, JSON-serializable data: no classes, no Dates, no Maps. Points are integer
 * **point units** (with `pointsPrecision` 0, a unit is a point); money is integer minor units.
 */
import type { LoyaltyEvent, PurchaseEvent } from '../events/index.js';
import type { Instant, LocalDate } from '../time/index.js';

/**
 * The schema version of {@link MemberState} and {@link LedgerEntry} written by this library: one
 * number for both, bumped whenever either shape changes, with a migration in `migrateState` /
 * `migrateEntries` (docs/decisions/017-schema-versions-and-member-data.md). Version 1 is the shape
 * before member status, issued rewards and gifts (entries then had no `schemaVersion` field).
 */
export const SCHEMA_VERSION: 2 = 2;

/** The schema version of {@link MemberState}: the same number as {@link SCHEMA_VERSION}. */
export const STATE_SCHEMA_VERSION = SCHEMA_VERSION;

/**
 * One credit of points. Redemptions draw from lots, in redemption order; a lot's `remaining` only
 * goes down (draws, expiry, reversal) or back up (a cancelled redemption restoring it).
 */
export interface Lot {
  /** The lot's id: the `sourceKey` of the entry that created it. */
  readonly id: string;
  /** `points` (redeemable). Tier wallets come with the tiers module. */
  readonly wallet: 'points';
  readonly earnedAt: Instant;
  /**
   * When the points can be redeemed: equal to `earnedAt` unless the lot is pending; `null` while it
   * waits for an `orderCompleted` event with no fallback date.
   */
  readonly availableAt: Instant | null;
  /**
   * When the points expire (exclusive: expired from this instant on); `null` = never, or not known
   * yet (a pending lot whose expiry counts from activation, or inactivity expiry).
   */
  readonly expiresAt: Instant | null;
  /** Point units credited. */
  readonly amount: number;
  /** Point units still in the lot. */
  readonly remaining: number;
  /** The earning rule that made it; `null` for manual adjustments. */
  readonly ruleId: string | null;
  /** The program version in force when it was earned. */
  readonly programVersion: number;
  /** The event that made it. */
  readonly sourceEventId: string;
  /** The order, for lots earned on a purchase. */
  readonly orderId: string | null;
}

/** Points drawn from one lot. */
export interface Allocation {
  readonly lotId: string;
  readonly points: number;
}

/** Fields every ledger entry has. */
export interface EntryBase {
  /** The schema version the entry was written in ({@link SCHEMA_VERSION}); absent in version 1. */
  readonly schemaVersion: typeof SCHEMA_VERSION;
  /** Position in the member's ledger, 1-based; after folding it, `state.version === seq`. */
  readonly seq: number;
  /** Deterministic key: event id + rule id + role. Unique per member; a store can index it. */
  readonly sourceKey: string;
  readonly memberId: string;
  /** The event that caused it; `null` for effects of the passing of time (activation, expiry). */
  readonly eventId: string | null;
  /** When it took effect. */
  readonly occurredAt: Instant;
  readonly programId: string;
  /** The program version in force. */
  readonly programVersion: number;
}

/**
 * The first entry of every applied event: the event itself (parsed), so the ledger alone says what
 * happened and can be re-derived. Its presence also makes a repeated event id a no-op.
 */
export interface EventAppliedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'eventApplied';
  readonly event: LoyaltyEvent;
  /** For purchases: what the member facts count (net merchandise spend) and its local day. */
  readonly purchase: {
    readonly orderId: string;
    readonly spend: number;
    readonly localDay: number;
  } | null;
  /** The member who referred this member, when the event says so. */
  readonly referredBy: string | null;
  /** Tier metrics the event counts toward (spend, orders, active days, counters; negative for refunds). */
  readonly metrics: readonly MetricDelta[];
  /** For refunds: what is refunded, for the member facts (spend, order count). */
  readonly refund: {
    readonly orderId: string;
    readonly lines: readonly { readonly lineId: string; readonly quantity: number }[];
    /** Net merchandise spend refunded (minor units). */
    readonly spend: number;
    /** Whether the order is now refunded in full. */
    readonly full: boolean;
  } | null;
}

/** A change to a tier metric's bucket: `value` added on local day `day` (0 for lifetime totals). */
export interface MetricDelta {
  readonly metric: string;
  readonly day: number;
  readonly value: number;
}

/** Points per purchase line, for line-level refunds. */
export interface LineShare {
  readonly lineId: string;
  readonly points: number;
}

/** A cap counter an award counts toward. */
export interface CapCount {
  readonly capId: string;
  /** The local day (days since 1970-01-01 in the member's zone) the award counts on. */
  readonly day: number;
  /** Buckets before this day can be dropped (outside every window of this cap from now on). */
  readonly keepFrom: number;
}

/** Points earned: creates a lot. */
export interface PointsEarnedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'pointsEarned';
  readonly ruleId: string;
  readonly points: number;
  readonly lot: Lot;
  /** Per-line shares of `points` for purchase awards (sum exactly to `points`); `null` otherwise. */
  readonly lines: readonly LineShare[] | null;
  /** A once-only key this award uses up, e.g. `birthday:2026`, `signup`, `referral:m-42`. */
  readonly onceKey: string | null;
  /** Cap counters this award counts toward. */
  readonly caps: readonly CapCount[];
  /** Points that paid off a negative balance first (the lot holds `points - debtRepaid`). */
  readonly debtRepaid: number;
  /** Tier metrics the award counts toward (the points metric, when the lot is available at once). */
  readonly metrics: readonly MetricDelta[];
  readonly explanation: Explanation;
}

/** Qualifying value (成长值) earned: counts for tiers, is never redeemed, creates no lot. */
export interface QualifyingEarnedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'qualifyingEarned';
  readonly ruleId: string;
  /** The order, for value earned on a purchase. */
  readonly orderId: string | null;
  readonly points: number;
  readonly lines: readonly LineShare[] | null;
  readonly onceKey: string | null;
  readonly caps: readonly CapCount[];
  readonly metrics: readonly MetricDelta[];
  readonly explanation: Explanation;
}

/** Qualifying value taken back by a refund. */
export interface QualifyingReversedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'qualifyingReversed';
  readonly orderId: string;
  readonly ruleId: string;
  /** The `sourceKey` of the `qualifyingEarned` entry. */
  readonly awardKey: string;
  readonly points: number;
  readonly lines: readonly LineShare[] | null;
  readonly metrics: readonly MetricDelta[];
}

/** A member's tier changed: why, and the metric values that decided it. */
export interface TierChangedEntry extends EntryBase {
  readonly type: 'tierChanged';
  readonly from: string;
  readonly to: string;
  /**
   * `qualified` (entry met: upgrade), `periodEnded` (retention not met at the period end, after
   * grace), `granted` / `revoked` (manual), `refundRevoked` (a refund undid the upgrade it caused).
   */
  readonly reason: 'qualified' | 'periodEnded' | 'granted' | 'revoked' | 'refundRevoked';
  readonly metrics: Readonly<Record<string, number>>;
  readonly since: Instant;
  /** The end of the tier period (exclusive); `null` for the base tier. */
  readonly until: Instant | null;
  readonly locked: boolean;
  /** For an upgrade on a purchase: the order (a refund of it may revoke the upgrade). */
  readonly orderId: string | null;
}

/** A tier was kept at the end of its period (retention met): the period is renewed. */
export interface TierRenewedEntry extends EntryBase {
  readonly type: 'tierRenewed';
  readonly tier: string;
  readonly until: Instant;
  readonly metrics: Readonly<Record<string, number>>;
}

/** An abuse guard acted: an award suppressed, or an event flagged for review (issue 9 item 6). */
export interface GuardTriggeredEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'guardTriggered';
  /** `velocity` (too many awards in an hour), `circularReferral`, `refundAfterRedeem`. */
  readonly guard: 'velocity' | 'circularReferral' | 'refundAfterRedeem';
  /** The rule whose award it concerns, if any. */
  readonly ruleId: string | null;
  /** True when points were withheld; false for a flag. */
  readonly blocked: boolean;
  /** Point units withheld (blocked) or concerned (flagged). */
  readonly points: number;
  readonly reason: string;
}

/** A member's status changed (applied -> verified -> active -> suspended -> closed). */
export interface MemberStatusChangedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'memberStatusChanged';
  readonly from: MemberStatus;
  readonly to: MemberStatus;
  readonly reason: string | null;
}

/** The member's profile changed (a `memberProfileUpdated` event); `profile` is the profile after it. */
export interface MemberProfileUpdatedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'memberProfileUpdated';
  /** The fields the update named (`attributes` also for removed attributes). */
  readonly fields: readonly ('birthday' | 'timeZone' | 'tags' | 'attributes')[];
  readonly profile: MemberProfile;
}

/**
 * A reward was issued: bought with points (a redemption) or given (a gift). The engine never invents
 * coupon codes: the host's coupon system turns `key` and `terms` into one.
 */
export interface RewardIssuedEntry extends EntryBase {
  readonly type: 'rewardIssued';
  readonly rewardId: string;
  /** Deterministic and unique per member: `<eventId>:<rewardId>:<n>`, or `gift:<giftId>:<period>:<rewardId>`. */
  readonly key: string;
  readonly source: 'redemption' | 'gift';
  readonly giftId: string | null;
  readonly kind: 'goods' | 'coupon';
  /** Coupon terms (money in minor units), or null for goods. */
  readonly terms: {
    readonly discount:
      | { readonly type: 'amountOff'; readonly amount: number }
      | { readonly type: 'percentOff'; readonly percent: number; readonly maxAmount: number | null }
      | { readonly type: 'freeShipping' };
    readonly minSpend: number | null;
    readonly categories: readonly string[] | null;
    readonly currency: string;
  } | null;
  readonly validFrom: Instant;
  /** Exclusive; `null` = no end. */
  readonly validUntil: Instant | null;
  /** The per-member limit counter it counts toward (redemptions of limited rewards), or null. */
  readonly counter: CapCount | null;
}

/** The member used an issued reward (the host says so). */
export interface RewardUsedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'rewardUsed';
  readonly key: string;
  readonly rewardId: string;
}

/** A benefit switched on or off with a tier change. */
export interface BenefitEntry extends EntryBase {
  readonly type: 'benefitGranted' | 'benefitRevoked';
  readonly tierId: string;
  readonly benefit: string;
  readonly value: unknown;
}

/**
 * Pending points became redeemable. An award whose lot holds none of its points (they paid off a
 * debt, or a refund took them) is activated too, with `points: 0`: it counts for tiers from now.
 */
export interface PointsActivatedEntry extends EntryBase {
  readonly type: 'pointsActivated';
  readonly lotId: string;
  /** The points of the lot that became redeemable (0 for an award without a lot). */
  readonly points: number;
  readonly availableAt: Instant;
  /** The lot's expiry, set now when it counts from activation. */
  readonly expiresAt: Instant | null;
  /** `windowPassed` (return window or fallback date) or `orderCompleted`. */
  readonly reason: 'windowPassed' | 'orderCompleted';
  /**
   * Tier metrics the award counts toward from now: all of its points not taken back by a refund,
   * including those that paid off a debt (as if it had not been pending).
   */
  readonly metrics: readonly MetricDelta[];
}

/** Points expired: one lot at its `expiresAt`, or the whole balance after inactivity. */
export interface PointsExpiredEntry extends EntryBase {
  readonly type: 'pointsExpired';
  readonly points: number;
  readonly allocations: readonly Allocation[];
  /** `lotExpired`, `inactivity`, or `forfeited` (the membership was closed). */
  readonly reason: 'lotExpired' | 'inactivity' | 'forfeited';
}

/** Points taken back because the purchase that earned them was refunded. */
export interface PointsReversedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'pointsReversed';
  readonly orderId: string;
  readonly ruleId: string;
  /** The lot the award created. */
  readonly awardLotId: string;
  /** Points the refund takes back from this award. */
  readonly requested: number;
  /** Points actually reversed: drawn from lots plus added to the debt. */
  readonly points: number;
  /** Lots drawn, the award's own lot first (pending points first). */
  readonly allocations: readonly Allocation[];
  /** Points added to a negative balance (policy `allowNegative`). */
  readonly debt: number;
  /** Points that could not be taken back (already spent), recorded and forgiven. */
  readonly shortfall: number;
  /** Per line, for proportional awards; `null` for a fixed bonus whose condition stopped holding. */
  readonly lines: readonly LineShare[] | null;
  /** Tier metrics it takes back (the points metric). */
  readonly metrics: readonly MetricDelta[];
}

/** An award was limited (or suppressed) by a cap: requested vs granted. */
export interface RuleCappedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'ruleCapped';
  readonly ruleId: string;
  readonly capId: string;
  readonly requested: number;
  readonly granted: number;
}

/** Points spent. */
export interface PointsRedeemedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'pointsRedeemed';
  /** The redemption's id (its event id); a cancellation names it. */
  readonly redemptionId: string;
  readonly points: number;
  readonly rewardId: string | null;
  readonly quantity: number | null;
  readonly orderId: string | null;
  /** Which lots paid, in the order they were drawn; sums to `points`. */
  readonly allocations: readonly Allocation[];
}

/** A redemption was cancelled: its points go back to the lots they came from. */
export interface RedemptionCancelledEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'redemptionCancelled';
  readonly redemptionId: string;
  /** The points the redemption took, all given back: to the debt first, the rest to the lots. */
  readonly points: number;
  /** The points put back, per lot (the lots the redemption drew); they sum to `points - debtRepaid`. */
  readonly restored: readonly Allocation[];
  readonly reason: string | null;
  /**
   * Points that paid off a negative balance first (policy `allowNegative`); `restored` puts back
   * the rest. Present only when some did: absent means none (as in entries written before
   * cancellations repaid debts).
   */
  readonly debtRepaid?: number;
}

/** A manual adjustment: a credit (with its lot) or a debit (with its allocations). */
export interface PointsAdjustedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'pointsAdjusted';
  /** Signed point units. */
  readonly points: number;
  readonly reason: string;
  readonly lot: Lot | null;
  readonly allocations: readonly Allocation[];
  /** For a credit: points that paid off a negative balance first (the lot holds the rest). */
  readonly debtRepaid: number;
}

/**
 * The member, who was referred, made a first qualifying purchase. The host forwards it to the
 * referrer as a `referral` event with `status: 'qualified'` (rules with `trigger: 'firstPurchase'`).
 */
export interface ReferralQualifiedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'referralQualified';
  readonly referrerId: string;
  readonly refereeId: string;
}

/**
 * The member's personal data was erased (`engine.eraseMemberData`): from here on the state holds no
 * birthday, tags or attributes, and no facts recorded from them; the late-event journal is dropped.
 * Points, lots, totals, tier and orders are untouched. It takes effect at the member's clock (it
 * moves no time); when the host received the request is `requestedAt`.
 */
export interface MemberErasedEntry extends EntryBase {
  readonly eventId: null;
  readonly type: 'memberErased';
  /** When the host received the erasure request. */
  readonly requestedAt: Instant;
  /** What was erased: profile fields (`profile.birthday`, ...) and recorded facts (`facts.birthday`, ...). */
  readonly erased: readonly string[];
}

/** One ledger entry (= one effect), discriminated on `type`. */
export type LedgerEntry =
  | EventAppliedEntry
  | PointsEarnedEntry
  | RuleCappedEntry
  | PointsRedeemedEntry
  | RedemptionCancelledEntry
  | PointsAdjustedEntry
  | ReferralQualifiedEntry
  | PointsActivatedEntry
  | PointsExpiredEntry
  | PointsReversedEntry
  | StateRederivedEntry
  | QualifyingEarnedEntry
  | QualifyingReversedEntry
  | TierChangedEntry
  | TierRenewedEntry
  | BenefitEntry
  | GuardTriggeredEntry
  | MemberStatusChangedEntry
  | RewardIssuedEntry
  | RewardUsedEntry
  | MemberErasedEntry
  | MemberProfileUpdatedEntry;

/** Where a member is in the membership flow. */
export type MemberStatus = 'applied' | 'verified' | 'active' | 'suspended' | 'closed';

/** A reward issued to the member and not used yet (while valid). */
export interface IssuedReward {
  readonly key: string;
  readonly rewardId: string;
  readonly issuedAt: Instant;
  readonly validUntil: Instant | null;
}

/**
 * A late event was applied by re-deriving the member's recent history in time order (program
 * `lateEvents.mode: "rederive"`): the state after it equals applying every event in time order.
 * `entries` are the entries of that re-derivation from the late event on (for audit); `effects` is
 * what changed for the member, as a balance delta.
 */
export interface StateRederivedEntry extends EntryBase {
  readonly eventId: string;
  readonly type: 'stateRederived';
  readonly lateEventId: string;
  readonly entries: readonly LedgerEntry[];
  readonly balanceBefore: number;
  readonly balanceAfter: number;
  /** The re-derived state, which the fold adopts (with this entry's `seq` as its version). */
  readonly state: MemberState;
}

/** The effect types, for switches and docs. */
export type LedgerEntryType = LedgerEntry['type'];

/** A multiplier that was applied to an award. */
export interface AppliedMultiplier {
  readonly ruleId: string;
  readonly group: string;
  readonly factor: string;
}

/**
 * Why an award has the points it has: the rule, the facts its condition read, the amounts, the
 * multipliers, the rounding and the cap. `engine.explain(entry)` turns it into a tree.
 */
export interface Explanation {
  readonly ruleId: string;
  readonly ruleKind: 'spend' | 'items' | 'fixed';
  readonly programVersion: number;
  /** The zone the rule's time facts and operators were read in. */
  readonly timeZone: string;
  readonly group: string;
  /** The stacking mode of the rule's group and, for `max`/`first`, the rules it beat. */
  readonly stacking: { readonly mode: string; readonly outranked: readonly string[] };
  /** The values of the facts the rule's condition reads, as they were. */
  readonly facts: Readonly<Record<string, unknown>>;
  /** For spend rules: the amount points were earned on (minor units) and how it was made up. */
  readonly basis: {
    readonly amount: number;
    readonly currency: string;
    readonly lines: readonly { readonly lineId: string; readonly amount: number }[];
    readonly components: readonly string[];
  } | null;
  /** For spend rules: the rate as written in the program. */
  readonly rate: { readonly points: string; readonly per: string; readonly mode: string } | null;
  /** For items rules: units or lines counted. */
  readonly count: number | null;
  readonly multipliers: readonly AppliedMultiplier[];
  /** The exact points before rounding, after multipliers (a decimal string in points). */
  readonly unrounded: string;
  readonly exact: boolean;
  readonly rounding: string;
  /**
   * Only for `roundingScope: "line"`: each earning line's exact points (after multipliers) and the
   * point units it rounded to; `requested` is their sum (not `unrounded` rounded as a whole).
   */
  readonly lineRounding?: readonly LineRounding[];
  /** Point units after rounding, before caps. */
  readonly requested: number;
  /** Point units granted. */
  readonly granted: number;
  /** The cap that limited it, if any. */
  readonly cap: { readonly capId: string; readonly remaining: number } | null;
}

/** One line of a line-scoped rounding: exact points (a decimal string) and the units it rounded to. */
export interface LineRounding {
  readonly lineId: string;
  readonly unrounded: string;
  readonly exact: boolean;
  readonly points: number;
}

/** What the member gave us about themselves: the only personal data in the state. */
export interface MemberProfile {
  /** `YYYY-MM-DD` (the year may be `0000` when unknown). */
  readonly birthday: LocalDate | null;
  /** Overrides the program's zone for this member's calendar ideas. */
  readonly timeZone: string | null;
  readonly tags: readonly string[];
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Lifetime totals in point units; `checkInvariants` checks they balance with the open lots. */
export interface PointTotals {
  readonly earned: number;
  readonly adjustedIn: number;
  readonly adjustedOut: number;
  readonly redeemed: number;
  readonly restored: number;
  readonly expired: number;
  readonly reversed: number;
}

/** What a purchase earned, kept while it may be refunded. */
export interface OrderRecord {
  readonly orderId: string;
  readonly eventId: string;
  readonly occurredAt: Instant;
  readonly programVersion: number;
  /** The purchase as applied (refunds re-evaluate bonus conditions on what is left of it). */
  readonly purchase: PurchaseEvent;
  /** The member's local day of the purchase (for the activity buckets). */
  readonly localDay: number;
  /** Quantities refunded so far, by line id. */
  readonly refunded: Readonly<Record<string, number>>;
  /** Net merchandise spend refunded so far (minor units). */
  readonly refundedSpend: number;
  readonly awards: readonly OrderAward[];
}

/** What one rule awarded for an order, and what refunds took back so far. */
export interface OrderAward {
  readonly ruleId: string;
  readonly wallet: 'points' | 'qualifying';
  readonly lotId: string;
  readonly points: number;
  readonly lines: readonly LineShare[] | null;
  /** The facts the rule's condition read, as they were (re-evaluated on refunds). */
  readonly facts: Readonly<Record<string, unknown>>;
  /** Points the refunds asked to take back so far (reversed or not), per line for line awards. */
  readonly reversed: number;
  readonly reversedLines: Readonly<Record<string, number>>;
  /**
   * When the award counted for the tier metrics (`points`: when its points became available;
   * `qualifying`: when earned), or `null`: not yet (pending) or never (it expired while pending).
   * A refund takes back from the metrics exactly what counted, on the day it counted.
   */
  readonly countedAt: Instant | null;
  /**
   * For a `points` award still pending whose lot holds none of its points (they all paid off a
   * debt, or a refund took what the lot held) while some of it is not taken back: when it becomes
   * available and counts for the points metric (`null`: when the order completes). It is activated
   * like a lot (a `pointsActivated` entry of 0 points) and counts as if its lot held all of it.
   * Absent otherwise.
   */
  readonly pendingUntil?: Instant | null;
}

/** A redemption, kept while it may be cancelled. */
export interface RedemptionRecord {
  readonly redemptionId: string;
  readonly occurredAt: Instant;
  readonly points: number;
  /** The lots as they were before the draw, so a cancellation can restore even emptied lots. */
  readonly drawn: readonly { readonly lot: Lot; readonly points: number }[];
  /** The cancellation's event id, once cancelled. */
  readonly cancelledBy: string | null;
}

/** `[capId]` -> buckets `[localDay, points, count]`, oldest first. */
export type CapCounters = Readonly<Record<string, readonly (readonly [number, number, number])[]>>;

/**
 * A member's state: a fold of their ledger. Bounded by open lots, refundable orders, cancellable
 * redemptions, counters and recent event ids, never by the member's whole history.
 */
export interface MemberState {
  readonly schemaVersion: typeof STATE_SCHEMA_VERSION;
  readonly programId: string;
  readonly memberId: string;
  /** The number of ledger entries folded (the seq of the last); writes name the version they expect. */
  readonly version: number;
  readonly joinedAt: Instant;
  readonly profile: MemberProfile;
  /** The latest instant the state has taken effect at; earlier events are late. */
  readonly clock: Instant;
  /** Open lots (remaining > 0) in redemption order. */
  readonly lots: readonly Lot[];
  readonly totals: PointTotals;
  /** Purchases that may still be refunded, oldest first. */
  readonly orders: readonly OrderRecord[];
  /** Redemptions that may still be cancelled, oldest first. */
  readonly redemptions: readonly RedemptionRecord[];
  readonly caps: CapCounters;
  /** Purchases by local day, `[day, spend, orders]`, oldest first, for windowed member facts. */
  readonly activity: readonly (readonly [number, number, number])[];
  readonly stats: {
    readonly orderCount: number;
    readonly lifetimeSpend: number;
    readonly firstPurchaseAt: Instant | null;
    readonly lastPurchaseAt: Instant | null;
  };
  /** Once-only keys used up (`signup`, `birthday:2026`, `referral:<refereeId>`), with the event that used each. */
  readonly onceKeys: Readonly<Record<string, string>>;
  /** Ids of the most recent applied events, in the order they were applied (oldest first), to drop duplicates. */
  readonly recentEventIds: readonly string[];
  readonly referredBy: string | null;
  /** Points owed after a refund took more than the balance (policy `allowNegative`); later earnings pay it. */
  readonly debt: number;
  /** The latest activity that resets inactivity expiry (or the last inactivity expiry). */
  readonly lastActivityAt: Instant;
  /**
   * Recent history for re-deriving late events (program `lateEvents.mode: "rederive"`): a state as
   * of `anchor.clock` and the events applied since, in order. `null` otherwise; an event applied
   * under a version that does not re-derive ends it (the next one under a version that does starts
   * a new one).
   */
  readonly journal: {
    readonly anchor: MemberState;
    readonly events: readonly LoyaltyEvent[];
  } | null;
  /**
   * When the passing of time next changes the open lots (derived from them, kept so `advance` does
   * not scan every lot on every event): the earliest pending lot's `availableAt` (or a pending
   * award's `pendingUntil`, for an award without a lot) and the earliest `expiresAt`, or null.
   */
  readonly nextDue: { readonly activationAt: Instant | null; readonly expiresAt: Instant | null };
  /** Where the member is in the membership flow. */
  readonly status: MemberStatus;
  /** Rewards issued and not used yet, oldest first (expired ones are dropped). */
  readonly rewards: readonly IssuedReward[];
  /** The member's tier; `null` when the program has no tiers. */
  readonly tier: TierState | null;
  /** Tier metric buckets: `[localDay, value]`, oldest first (day 0 holds lifetime totals). */
  readonly metrics: Readonly<Record<string, readonly (readonly [number, number])[]>>;
}

/** Where a member stands in the tiers. */
export interface TierState {
  readonly id: string;
  readonly since: Instant;
  /** The end of the tier period (exclusive); `null` for the base tier. */
  readonly until: Instant | null;
  /** A manual grant: automatic changes wait until `lockedUntil` (or a revoke). */
  readonly locked: boolean;
  readonly lockedUntil: Instant | null;
  /** The upgrade that led here, for refunds that may revoke it. */
  readonly cause: { readonly eventId: string; readonly orderId: string | null; readonly at: Instant } | null;
  /** The tier before, for a revoked upgrade. */
  readonly previous: string | null;
  /**
   * A locked grant still in force, at or below this tier: no automatic change (a period end, a
   * refund revoking an upgrade) takes the member below `tierId` before `until` (`null`: until
   * revoked). Kept across upgrades from the granted tier; a revoke or another grant ends it.
   */
  readonly floor: { readonly tierId: string; readonly until: Instant | null } | null;
}
