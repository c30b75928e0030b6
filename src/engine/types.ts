import type { RuleOutcomeReason } from '../earning/index.js';
import type { EventLimits, LoyaltyEvent } from '../events/index.js';
import type {
  Balance,
  Explanation,
  InvariantViolation,
  IssuedReward,
  LedgerEntry,
  Lot,
  MemberLedgerData,
  MemberState,
} from '../ledger/index.js';
import type { Program } from '../program/index.js';
import type { ExplainNode } from '../rules/index.js';
import type { TierStatus } from '../tiers/index.js';

/** What `apply` returns: the new state and the ledger entries (effects) that produced it. */
export interface Decision {
  readonly state: MemberState;
  /** Append-only ledger entries, in order; empty when the event was a duplicate. */
  readonly effects: readonly LedgerEntry[];
}

/** A new member. */
export interface EnrollInput {
  readonly memberId: string;
  /** When the member joined (an instant); events before it are refused. */
  readonly joinedAt: string;
  /** `YYYY-MM-DD`; the year may be `0000` when unknown. */
  readonly birthday?: string;
  /** An IANA zone overriding the program's for this member's calendar ideas. */
  readonly timeZone?: string;
  readonly tags?: readonly string[];
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** Options of `createEngine`. */
export interface EngineOptions {
  /**
   * Overrides of `DEFAULT_EVENT_LIMITS` for the raw events `apply`, `applyAll` and `explainEvent`
   * parse (an event already parsed by `parseEvent` is not parsed again).
   */
  readonly eventLimits?: Partial<EventLimits>;
}

/** Options of `apply` and `applyAll`. */
export interface ApplyOptions {
  /**
   * Values of the program's `customFacts` for this evaluation (e.g. `{ pAlive: 0.21 }`, or a
   * `MemberAnalyticsFacts` from `loyalty-engine/analytics`): any object whose own properties are the
   * facts, with JSON values (an interface is accepted; it needs no index signature). Properties not
   * named in `customFacts` are ignored. Awards record the values their rules read.
   */
  readonly facts?: object;
  /**
   * Stock left per reward id, from the host's inventory: a redemption of more than is left is
   * refused with OUT_OF_STOCK. Rewards not listed are not limited by stock.
   */
  readonly stock?: Readonly<Record<string, number>>;
}

/** What happened to one rule for an event, with the condition's explanation tree. */
export interface RuleReport {
  readonly ruleId: string;
  readonly kind: 'spend' | 'items' | 'fixed' | 'multiplier';
  readonly reason: RuleOutcomeReason;
  /** Point units the rule granted. */
  readonly points: number;
  /** The rule's condition, evaluated leaf by leaf (absent when the rule has none or was not reached). */
  readonly condition?: ExplainNode;
}

/** The dry run of an event: what it would do and why, rule by rule. Changes nothing. */
export interface EventReport {
  readonly event: LoyaltyEvent;
  readonly programVersion: number;
  readonly rules: readonly RuleReport[];
  readonly effects: readonly LedgerEntry[];
}

/** The derivation of one effect, as data. */
export interface EffectExplanation {
  readonly type: LedgerEntry['type'];
  readonly sourceKey: string;
  /**
   * One English sentence for logs. To show an explanation to people, render it from the data with
   * `createFormatter({ locale }).formatExplanation(x)`.
   */
  readonly summary: string;
  /** The effect explained, as written: every figure a formatter renders it from. */
  readonly entry: LedgerEntry;
  readonly programVersion: number;
  /** For awards: the rule as written in the program. */
  readonly rule?: {
    readonly id: string;
    readonly kind: string;
    readonly name?: string;
    readonly description?: string;
  };
  /** For awards: the rule's condition re-evaluated on the facts it read. */
  readonly condition?: ExplainNode;
  /** For awards: amounts, rate, multipliers, rounding and cap. */
  readonly derivation?: Explanation;
  /** For draws and restorations: the lots, with the points each gave or got back. */
  readonly lots?: readonly { readonly lotId: string; readonly points: number }[];
  /** For credits: the lot created. */
  readonly lot?: Lot;
}

/** The benefits a member has: their tier's, as written in the program. */
export interface MemberBenefits {
  readonly tierId: string | null;
  readonly earningMultiplier?: string | number | undefined;
  readonly discountPercent?: number | undefined;
  readonly freeShipping?: boolean | undefined;
  readonly prioritySupport?: boolean | undefined;
  readonly birthdayGift?: string | undefined;
  readonly custom?: Readonly<Record<string, unknown>> | undefined;
}

/** What a digital member card shows (issue 12 item 3). */
export interface MemberCard {
  readonly memberId: string;
  readonly status: MemberState['status'];
  readonly asOf: string;
  /** The tier with its display data from the program; `null` without tiers. */
  readonly tier: {
    readonly id: string;
    readonly name: string | null;
    readonly names: Readonly<Record<string, string>>;
    readonly color: string | null;
    readonly until: string | null;
  } | null;
  readonly points: {
    readonly available: number;
    readonly pending: number;
    /** Points expiring in the next 30 days, by the last local day they can be used. */
    readonly expiringSoon: readonly { readonly on: string; readonly points: number }[];
  };
  /** What is still needed for the next tier. */
  readonly tierProgress: TierStatus['next'];
  readonly benefits: MemberBenefits;
  /** Issued rewards (coupons, gifts) not used yet and still valid. */
  readonly rewards: readonly IssuedReward[];
}

/** Points expiring at one instant. */
export interface ExpiringPoints {
  /** The expiry instant (exclusive: the points are gone from here on). */
  readonly at: string;
  /** The last local date the points can be used (the member's zone). */
  readonly on: string;
  readonly points: number;
  /** `lotExpired` (lots dated to expire) or `inactivity` (the whole balance). */
  readonly reason: 'lotExpired' | 'inactivity';
}

/** An erasure request (`engine.eraseMemberData`). */
export interface ErasureRequest {
  /** When the host received the request (recorded in the `memberErased` entry, for accountability). */
  readonly requestedAt: string;
}

/** What `engine.eraseMemberData` returns: the erased state, its entry, and the redacted ledger. */
export interface MemberErasure {
  /** The state without personal data, one entry further: store it as the member's state. */
  readonly state: MemberState;
  /** The `memberErased` entry: append it to the member's ledger in the same transaction. */
  readonly effects: readonly LedgerEntry[];
  /**
   * The ledger given, with personal data redacted (same `seq`, `sourceKey` and amounts): write it
   * over the stored rows and the stored state at enrollment. `null` when no ledger was given.
   */
  readonly ledger: MemberLedgerData | null;
}

/** A compiled program (or its versions) bound to the pure functions of the engine. Holds no member state. */
export interface Engine {
  /** The newest program version. */
  readonly program: Program;
  /** Every version, oldest first. */
  readonly programs: readonly Program[];
  /** A new member's state (version 0, no entries). */
  enroll(input: EnrollInput): MemberState;
  /** Applies one event: pure; on bad input throws a `LoyaltyError` and nothing changes. */
  apply(state: MemberState, event: unknown, options?: ApplyOptions): Decision;
  /** Applies events in order as one batch: all or nothing. */
  applyAll(state: MemberState, events: readonly unknown[], options?: ApplyOptions): Decision;
  /**
   * Materializes what the passing of time causes up to `to` (activations of pending points, lot
   * expiries, inactivity expiry), in time order. Idempotent; advancing to `a` then `b` equals
   * advancing to `b`. `apply` advances to each event's `occurredAt` first.
   */
  advance(state: MemberState, to: string): Decision;
  /** The balance as of an instant (pending, expired and inactivity taken into account), without changing the state. */
  balance(state: MemberState, asOf: string): Balance;
  /** Points that will expire in `[from, to)`, by expiry instant, for "your points expire soon" reminders. */
  expiringBetween(state: MemberState, from: string, to: string): readonly ExpiringPoints[];
  /**
   * The tier as of an instant (period ends before it taken into account, without changing the
   * state), the metric values, and what is still needed for the next tier and to keep this one.
   * `null` when the program has no tiers.
   */
  tierStatus(state: MemberState, asOf: string): TierStatus | null;
  /** The benefits of the member's tier as of an instant (empty without tiers, or unless the member is active). */
  benefits(state: MemberState, asOf: string): MemberBenefits;
  /** What a digital member card shows, as of an instant. Changes nothing. */
  memberCard(state: MemberState, asOf: string): MemberCard;
  /** Rebuilds a state from its ledger entries; equals what `apply` produced. */
  replay(initial: MemberState, entries: readonly LedgerEntry[]): MemberState;
  /** The derivation of one effect. */
  explain(effect: LedgerEntry): EffectExplanation;
  /** What an event would do and why, rule by rule, without applying it ("why no bonus?"). */
  explainEvent(state: MemberState, event: unknown, options?: ApplyOptions): EventReport;
  /**
   * The ledger invariants on a state (and its whole ledger, when given). The open lots are checked
   * against the redemption order of the version in force at the state's clock.
   */
  checkInvariants(state: MemberState, entries?: readonly LedgerEntry[]): InvariantViolation[];
  /**
   * Erases a member's personal data (birthday, tags, attributes, and the facts recorded from them)
   * and keeps every point: lots, totals, tier, orders, balances and liability are unchanged, and
   * `checkInvariants` and `replay` hold. Writes one `memberErased` entry at the member's clock (it
   * moves no time) and drops the late-event journal (events before the erasure can no longer be
   * re-derived). Birthday bonuses and conditions on tags or attributes stop matching. With the
   * member's ledger, also returns it redacted, for the host to write over the stored rows.
   * See docs/guides/member-data.md.
   */
  eraseMemberData(state: MemberState, request: ErasureRequest, ledger?: MemberLedgerData): MemberErasure;
}
