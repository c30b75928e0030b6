/**
 * The shape of a locale's messages. Every table is a `Record` over a union the library defines
 * (error codes, issue codes, effect types, rule outcomes, event types, ...), so adding a member to
 * one of those unions without a message in every locale fails the build. Templates are functions of
 * plain data and of a {@link Ctx} that already knows how to write money, points, dates and names in
 * the locale: a catalogue only puts words around them.
 */
import type { RuleOutcomeReason } from '../earning/index.js';
import type { LoyaltyErrorCode, LoyaltyIssueCode } from '../errors/index.js';
import type { LoyaltyEventType } from '../events/index.js';
import type {
  LedgerEntry,
  LedgerEntryType,
  MemberStatus,
  PointsEarnedEntry,
  QualifyingEarnedEntry,
  RewardIssuedEntry,
} from '../ledger/index.js';
import type { Money, RoundingMode } from '../money/index.js';
import type { FormatLocale } from './types.js';

/** The rate modes of spend rules. */
export type RateMode = 'proportional' | 'perFullBlock' | 'perStartedBlock';

/** The components of an amount basis as explanations write them. */
export type BasisComponent = '+subtotal' | '+tax' | '+shipping' | '-discounts' | '-giftCards' | '-pointsPaid';

/** The kinds of tier metrics. */
export type MetricKind =
  | 'spend'
  | 'points'
  | 'qualifying'
  | 'orders'
  | 'activeDays'
  | 'activeMonths'
  | 'counter';

/** The operators of conditions the formatter knows by name (others are written as they are). */
export type KnownOperator =
  | 'equal'
  | 'notEqual'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'doesNotContain'
  | 'lessThan'
  | 'lessThanInclusive'
  | 'greaterThan'
  | 'greaterThanInclusive'
  | 'weekdayIn'
  | 'hourBetween'
  | 'dateBetween'
  | 'isBirthday'
  | 'inBirthdayWeek'
  | 'inBirthdayMonth'
  | 'moneyEqual'
  | 'moneyNotEqual'
  | 'moneyLessThan'
  | 'moneyLessThanInclusive'
  | 'moneyGreaterThan'
  | 'moneyGreaterThanInclusive'
  | 'anyItem'
  | 'everyItem'
  | 'countItems';

/** The named benefits of a tier (custom ones are written as `name: value`). */
export type BenefitName =
  | 'earningMultiplier'
  | 'discountPercent'
  | 'freeShipping'
  | 'prioritySupport'
  | 'birthdayGift';

/** Tier change reasons. */
export type TierChangeReason = Extract<LedgerEntry, { type: 'tierChanged' }>['reason'];

/** What templates use to write figures and names in the locale. */
export interface Ctx {
  /** Money with its symbol or code: `¥199.90`, `CN¥199.90`, `CNY 199.90`. */
  money(value: Money): string;
  /** Minor units of the program's currency. */
  programMoney(amount: number, version?: number): string;
  /** Point units with the word: `79 points`, `79 积分`. */
  points(units: number, version?: number): string;
  /** Qualifying value units with the word: `79 qualifying points`, `79 成长值`. */
  qualifying(units: number, version?: number): string;
  /** A decimal string, grouped: `1234.5` -> `1,234.5`. */
  decimal(text: string): string;
  /** The local date of an instant. */
  date(instant: string): string;
  /** A calendar date `YYYY-MM-DD`. */
  day(localDate: string): string;
  /** The last local date before an exclusive end (`until`, `expiresAt`, `validUntil`, `by`). */
  lastDay(instant: string): string;
  /** A rule's name in the locale, quoted. */
  rule(id: string, version?: number): string;
  /** A reward's name in the locale, quoted. */
  reward(id: string, version?: number): string;
  /** A tier's name in the locale. */
  tier(id: string, version?: number): string;
  /** What a multiplier is called: its rule's name, or the tier's for `tier:<id>`. */
  multiplier(ruleId: string, version?: number): string;
  /** A tier metric's value with its unit and label, e.g. `spend ¥399.80`. */
  metric(id: string, value: number, version?: number): string;
  /** Any JSON value from a condition, briefly. */
  value(v: unknown): string;
  /** A percentage, and the same discount as a Chinese 折 number: (5, '9.5'). */
  percent(percent: number): { readonly percent: string; readonly zhe: string };
  /** The program's inactivity expiry in days, when the program is known and has one. */
  inactivityDays(version: number): number | null;
  /** The program's `guards.maxAwardsPerHour`, when known. */
  maxAwardsPerHour(version: number): number | null;
  /** An award's derivation in words (see {@link Catalogue.award}). */
  award(entry: PointsEarnedEntry | QualifyingEarnedEntry): string;
  /** A tier benefit and its value: `包邮`, `积分 ×1.5`. */
  benefit(name: string, value: unknown, version?: number): string;
  /** A coupon's terms: `立减 ¥20.00，满 ¥100.00 可用`. */
  coupon(terms: NonNullable<RewardIssuedEntry['terms']>): string;
}

/** An issue as templates read it: code, where, and its params with typed getters. */
export interface IssueView {
  readonly code: string;
  /** The path formatted (`earning[2].rate.points`), or `null` when the issue names no field. */
  readonly where: string | null;
  /** The last path segment when it is a key (`rewardId`, `currency`). */
  readonly field: string | null;
  num(key: string): number | null;
  str(key: string): string | null;
  bool(key: string): boolean | null;
  list(key: string): readonly (string | number | boolean | null)[] | null;
}

/** A message for an issue code. */
export type IssueText = (issue: IssueView, ctx: Ctx) => string;

/** A message for one effect type. */
export type EffectTexts = {
  readonly [K in LedgerEntryType]: (entry: LedgerEntry & { readonly type: K }, ctx: Ctx) => string;
};

/** The parts of an award's derivation, already written in the locale. */
export interface AwardParts {
  readonly rule: string;
  readonly wallet: 'points' | 'qualifying';
  /** The amount earned on, and its components when they are not the default. */
  readonly basis: { readonly amount: string; readonly components: readonly string[] | null } | null;
  readonly rate: { readonly points: string; readonly per: string; readonly mode: RateMode | null } | null;
  readonly count: number | null;
  readonly multipliers: readonly { readonly name: string; readonly factor: string }[];
  /** The unrounded value and how it was rounded; `null` when nothing was rounded. */
  readonly rounding: { readonly value: string; readonly exact: boolean; readonly mode: string } | null;
  /** Points before the cap, when a cap limited the award. */
  readonly cap: { readonly id: string; readonly requested: string } | null;
  readonly outranked: readonly string[];
  /** The points granted, with the word. */
  readonly granted: string;
  /** For pending points: the date they become available, or `null` until the order completes. */
  readonly pending: { readonly from: string | null } | null;
  /** Points that paid off a negative balance first, with the word. */
  readonly debtRepaid: string | null;
}

/** What one requirement of a tier still needs, written in the locale. */
export interface NeedPart {
  /** E.g. `spend CN¥593.10 more`, `再消费 ¥593.10`. */
  readonly need: string;
  /** The deadline (last local day), or `null`. */
  readonly by: string | null;
}

/** One leaf of a condition that decided its result. */
export interface LeafParts {
  readonly fact: string;
  readonly factValue: string;
  readonly requirement: string;
  readonly result: boolean;
}

/** A locale's messages. */
export interface Catalogue {
  readonly locale: FormatLocale;
  readonly quote: (name: string) => string;
  /** A tier's name inside a sentence (tiers are not quoted like rules and rewards, unless the locale needs it). */
  readonly tier: (name: string) => string;
  readonly list: (items: readonly string[], kind: 'and' | 'or') => string;
  /** `79 points` from the grouped number. */
  readonly points: (n: string) => string;
  readonly qualifying: (n: string) => string;
  /** Joins independent statements: `a; b`, `a；b`. */
  readonly join: (items: readonly string[]) => string;
  /** Joins whole sentences (each starting with a capital in English): `A. B`, `甲；乙`. */
  readonly sentences: (items: readonly string[]) => string;
  /** An explanation and the condition leaves that held. */
  readonly why: (line: string, why: string) => string;
  readonly date: (year: number, month: number, day: number) => string;
  /** What an absent value is called. */
  readonly none: string;
  /** An issue at a path. */
  readonly at: (where: string, text: string) => string;
  /** An issue that names no field (English capitalises it). */
  readonly alone: (text: string) => string;
  /** Names of JSON types for `invalid_type`. */
  readonly types: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<LoyaltyErrorCode, string>>;
  /** An error with one issue, or with several. */
  readonly error: (headline: string, issues: readonly string[]) => string;
  readonly issues: Readonly<Record<LoyaltyIssueCode, IssueText>>;
  /** For a code this version does not know (a custom operator, a newer library). */
  readonly unknownIssue: IssueText;
  readonly events: Readonly<Record<LoyaltyEventType, string>>;
  readonly statuses: Readonly<Record<MemberStatus, string>>;
  readonly roundings: Readonly<Record<RoundingMode, string>>;
  readonly components: Readonly<Record<BasisComponent, string>>;
  readonly award: (parts: AwardParts) => string;
  readonly effects: EffectTexts;
  readonly tierReasons: Readonly<Record<TierChangeReason, (from: string, to: string) => string>>;
  readonly outcomes: Readonly<Record<RuleOutcomeReason, (points: string) => string>>;
  /** A rule's line in "why no bonus?": its name, the outcome, and the leaves that decided it. */
  readonly ruleReport: (rule: string, outcome: string, why: string | null) => string;
  /** What an operator requires, from the expected value (written, and raw). */
  readonly operators: Readonly<Record<KnownOperator, (value: string, raw: unknown) => string>>;
  /**
   * What the facts the engine computes are called (`localWeekday`: `weekday`, `星期`); a test keeps
   * it complete against `ENGINE_FACTS` and `LINE_FACTS`. Custom facts are shown by their name.
   */
  readonly facts: Readonly<Record<string, string>>;
  /** ISO weekdays 1 (Monday) to 7 (Sunday). */
  readonly weekdays: readonly [string, string, string, string, string, string, string];
  /** An operator the formatter does not know (custom, decorated). */
  readonly operator: (name: string, value: string) => string;
  readonly leaf: (leaf: LeafParts) => string;
  readonly metrics: Readonly<
    Record<
      MetricKind,
      {
        /** The metric's value: `spend ¥399.80`, `3 orders`. */
        readonly value: (amount: string, n: number, event: string) => string;
        /** What is still needed: `spend ¥593.10 more`, `再消费 ¥593.10`. */
        readonly need: (amount: string, n: number, event: string) => string;
      }
    >
  >;
  readonly tiers: {
    readonly next: (tier: string, parts: readonly NeedPart[], mode: 'all' | 'any', exact: boolean) => string;
    readonly keep: (tier: string, parts: readonly NeedPart[], mode: 'all' | 'any', exact: boolean) => string;
    readonly qualifies: (tier: string) => string;
    readonly kept: (tier: string) => string;
    readonly notYet: (tier: string) => string;
    readonly notYetKept: (tier: string) => string;
    readonly top: (tier: string) => string;
  };
  /** Named benefits; `value` is written already (a reward's name for `birthdayGift`). */
  readonly benefits: Readonly<Record<BenefitName, (value: string, raw: unknown, ctx: Ctx) => string>>;
  readonly coupon: {
    readonly amountOff: (amount: string) => string;
    readonly percentOff: (
      percent: { readonly percent: string; readonly zhe: string },
      max: string | null,
    ) => string;
    readonly freeShipping: string;
    readonly minSpend: (amount: string) => string;
    readonly categories: (items: readonly string[]) => string;
    readonly join: (parts: readonly string[]) => string;
  };
  readonly card: {
    readonly tier: (tier: string, until: string | null) => string;
    readonly status: (status: string) => string;
    /** Bare grouped numbers; the catalogue adds the words. */
    readonly points: (available: string, pending: string | null) => string;
    readonly expiring: (items: readonly { readonly points: string; readonly on: string }[]) => string;
    readonly benefits: (items: readonly string[]) => string;
    readonly reward: (name: string, until: string | null) => string;
    readonly rewards: (items: readonly string[]) => string;
  };
}
