import type { EffectExplanation, MemberCard, RuleReport } from '../engine/index.js';
import type { LoyaltyErrorCode, LoyaltyIssue } from '../errors/index.js';
import type { LedgerEntry } from '../ledger/index.js';
import type { Money } from '../money/index.js';
import type { Program } from '../program/index.js';
import type { ExplainNode } from '../rules/index.js';
import type { TierStatus } from '../tiers/index.js';

/** The locales `createFormatter` writes: English and Simplified Chinese. */
export type FormatLocale = 'en' | 'zh-CN';

/** Options of `createFormatter`. */
export interface FormatterOptions {
  /** `en` or `zh-CN`. */
  readonly locale: FormatLocale;
  /**
   * The program, or every version of it (`engine.programs`): the names of rules, rewards and tiers
   * (`names[locale]`, then `name`, then `names.en`, then the id), the currency of tier thresholds,
   * the points precision and the time zone. Without it, ids stand for names, points have no
   * decimals and dates are in UTC (or `timeZone`).
   */
  readonly program?: Program | readonly Program[];
  /**
   * How `Intl.NumberFormat` shows the currency: `symbol` (default), `¥199.90` in `zh-CN` and
   * `CN¥199.90` in `en`; or `code`, `CNY 199.90` (with a no-break space).
   */
  readonly currencyDisplay?: 'symbol' | 'code';
  /** The IANA zone dates are written in; default the program's. Pass a member's own zone when they have one. */
  readonly timeZone?: string;
  /** `long` (default): `31 Dec 2026`, `2026年12月31日`; `iso`: `2026-12-31` in both. */
  readonly dateStyle?: 'long' | 'iso';
}

/** An error to format: a `LoyaltyError`, or its JSON form (`error.toJSON()`) sent over the wire. */
export interface LoyaltyErrorLike {
  readonly code: LoyaltyErrorCode | (string & {});
  readonly issues: readonly LoyaltyIssue[];
}

/** A member card in words, part by part (`lines` has them all, in order). */
export interface FormattedMemberCard {
  /** The tier and until when, e.g. `会员等级：金卡（有效期至 2027年12月31日）`; `null` without tiers. */
  readonly tier: string | null;
  /** The membership status, unless it is active. */
  readonly status: string | null;
  /** Points available and pending. */
  readonly points: string;
  /** Points expiring in the next 30 days, by the last day they can be used; `null` when none. */
  readonly expiring: string | null;
  /** What the next tier still needs; `null` without tiers. */
  readonly progress: string | null;
  /** Each benefit of the tier. */
  readonly benefits: readonly string[];
  /** Each reward issued and not used yet, with its last day. */
  readonly rewards: readonly string[];
  /** Every part above that is present, as lines. */
  readonly lines: readonly string[];
}

/**
 * Writes the library's data (errors, issues, effects, explanations, rule reports, tier progress,
 * member cards) as text in one locale. Every function renders from the data's codes, numbers and
 * paths, never by translating English text. Money goes through `Intl.NumberFormat` (symbol, grouping
 * and sign from the runtime's locale data, digits exact from minor units); points and dates are
 * written by hand, so they are the same in every runtime.
 */
export interface Formatter {
  readonly locale: FormatLocale;
  /** An error: its headline, then each issue (with its path). */
  formatError(error: LoyaltyErrorLike): string;
  /** One issue, with its path when it names a field: `earning[0].rate.per：必须大于 0`. */
  formatIssue(issue: LoyaltyIssue): string;
  /** One ledger entry as a line: what happened, with its figures. */
  formatEffect(entry: LedgerEntry): string;
  /**
   * An explanation from `engine.explain`: for awards the derivation (rule, basis, rate, multipliers,
   * rounding, cap) and the parts of the rule's condition that held; for other effects, the effect.
   */
  formatExplanation(explanation: EffectExplanation): string;
  /** One rule of `engine.explainEvent` ("why no bonus?"): the outcome, and the condition leaves that decided it. */
  formatRuleReport(report: RuleReport): string;
  /** The leaves of a condition explanation that decided its result, e.g. `localWeekday：3（要求：属于 [6, 7]）✗`. */
  formatCondition(node: ExplainNode): string;
  /** What the next tier still needs and by when, and what keeping the current tier needs (from `engine.tierStatus`). */
  formatTierProgress(status: TierStatus): string;
  /** A member card (from `engine.memberCard`) in words. */
  formatMemberCard(card: MemberCard): FormattedMemberCard;
  /** Money with its symbol or code, grouped, exact from minor units: `¥1,234.50`. */
  money(value: Money): string;
  /** Point units with the word, at the program's precision: `1,234 积分`. */
  points(units: number): string;
  /** The local date of an instant in the formatter's zone. */
  date(instant: string): string;
  /** The name of a rule, reward or tier in the locale (without quotes). */
  name(kind: 'rule' | 'reward' | 'tier', id: string): string;
}
