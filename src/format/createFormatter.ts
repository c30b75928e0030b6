import type { RuleOutcomeReason } from '../earning/index.js';
import type { EffectExplanation, MemberCard, RuleReport } from '../engine/index.js';
import {
  formatPath,
  LoyaltyError,
  type LoyaltyErrorCode,
  type LoyaltyIssue,
  type LoyaltyIssueCode,
} from '../errors/index.js';
import type { LedgerEntry, PointsEarnedEntry, QualifyingEarnedEntry } from '../ledger/index.js';
import { currencyExponent, Dec, isKnownCurrency, type Money, parseMoney } from '../money/index.js';
import { formatPoints, type PointsPrecision } from '../points/index.js';
import type { Program } from '../program/index.js';
import type { ExplainLeaf, ExplainNode } from '../rules/index.js';
import type { TierProgress, TierStatus } from '../tiers/index.js';
import { assertTimeZone, localDateOf } from '../time/index.js';
import type {
  AwardParts,
  BasisComponent,
  BenefitName,
  Catalogue,
  Ctx,
  IssueView,
  KnownOperator,
  MetricKind,
  NeedPart,
  RateMode,
} from './catalogue.js';
import { decidingLeaves } from './decidingLeaves.js';
import { en } from './en.js';
import { groupDecimal, intlMoney } from './numbers.js';
import type {
  FormatLocale,
  FormattedMemberCard,
  Formatter,
  FormatterOptions,
  LoyaltyErrorLike,
} from './types.js';
import { zhCN } from './zhCN.js';

const CATALOGUES: Readonly<Record<FormatLocale, Catalogue>> = { en, 'zh-CN': zhCN };

/** The locales `createFormatter` writes. */
export const FORMAT_LOCALES: readonly FormatLocale[] = Object.freeze(['en', 'zh-CN'] as const);

/** Keys of `names` tried for each locale, before `name` and `names.en`. */
const NAME_KEYS: Readonly<Record<FormatLocale, readonly string[]>> = {
  en: ['en', 'en-US', 'en-GB'],
  'zh-CN': ['zh-CN', 'zh-Hans-CN', 'zh-Hans', 'zh'],
};

/**
 * Errors about input (a program, an event, an argument) name the field; refusals of what a member
 * asked (not enough points, out of stock) are about the member, and their paths are left out.
 */
const SHOWS_PATHS: Readonly<Record<LoyaltyErrorCode, boolean>> = {
  INVALID_PROGRAM: true,
  INVALID_EVENT: true,
  INVALID_CONDITION: true,
  INVALID_ARGUMENT: true,
  INVALID_AMOUNT: true,
  UNKNOWN_CURRENCY: true,
  CURRENCY_MISMATCH: false,
  INVALID_POINTS: true,
  INVALID_DATE: true,
  UNKNOWN_TIME_ZONE: true,
  INSUFFICIENT_POINTS: false,
  REDEMPTION_NOT_ALLOWED: false,
  UNKNOWN_REWARD: false,
  OUT_OF_STOCK: false,
  REWARD_LIMIT: false,
  MEMBER_NOT_ACTIVE: false,
  MEMBER_CLOSED: false,
  OUT_OF_ORDER: true,
  CONFLICT: false,
  LIMIT_EXCEEDED: true,
  INSUFFICIENT_DATA: true,
  NOT_CONVERGED: true,
  REWARD_NOT_ELIGIBLE: false,
  UNSUPPORTED_SCHEMA_VERSION: true,
  INTERNAL: false,
};

const DEFAULT_BASIS = '+subtotal -discounts -pointsPaid';
const RATE_MODES: readonly string[] = ['proportional', 'perFullBlock', 'perStartedBlock'];
const BENEFITS: readonly string[] = [
  'earningMultiplier',
  'discountPercent',
  'freeShipping',
  'prioritySupport',
  'birthdayGift',
];

type Named = {
  readonly id: string;
  readonly name?: string | undefined;
  readonly names?: Readonly<Record<string, string>> | undefined;
};

const has = (o: object, key: string): boolean => Object.hasOwn(o, key);

function isProgramList(p: Program | readonly Program[]): p is readonly Program[] {
  return Array.isArray(p);
}

/**
 * A formatter that writes errors, issues, effects, explanations, rule reports, tier progress and
 * member cards in English or Simplified Chinese, from their data (codes, numbers, paths), with the
 * program's own names for tiers, rules and rewards. Money is exact from minor units with the
 * currency's symbol or code through `Intl.NumberFormat` (exact: the digits come from the integer
 * minor units, never from a float), points grouped at the program's precision, dates in the
 * program's zone.
 *
 * @param options - the locale; the program (or `engine.programs`) for names, currency, precision and
 *   zone; `currencyDisplay`, `timeZone`, `dateStyle`
 * @returns the formatter (a frozen object of pure functions)
 * @throws {LoyaltyError} INVALID_ARGUMENT when the locale is not `en` or `zh-CN`
 * @throws {LoyaltyError} UNKNOWN_TIME_ZONE when `timeZone` is not an IANA zone
 * @example
 * const zh = createFormatter({ locale: 'zh-CN', program: engine.programs });
 * zh.formatEffect(effects[1]); //=> '按规则「基础积分」：消费 ¥399.80，每 ¥100.00 得 10 积分，周末 ×2，79.96 向下取整 → 79 积分'
 * zh.formatError(e); //=> '积分不足：需要 500 积分，可用 79 积分'
 */
export function createFormatter(options: FormatterOptions): Formatter {
  const locale = options.locale;
  if (typeof locale !== 'string' || !has(CATALOGUES, locale)) {
    throw new LoyaltyError('INVALID_ARGUMENT', 'Unknown locale', [
      {
        code: 'invalid_value',
        path: ['locale'],
        message: `Unknown locale ${JSON.stringify(locale)}: expected one of "en", "zh-CN"`,
        params: { values: [...FORMAT_LOCALES] },
      },
    ]);
  }
  const cat = CATALOGUES[locale];
  const programs: readonly Program[] =
    options.program === undefined
      ? []
      : [...(isProgramList(options.program) ? options.program : [options.program])].sort(
          (a, b) => (a.version ?? 1) - (b.version ?? 1),
        );
  const latest = programs[programs.length - 1];
  const zone = options.timeZone ?? latest?.timeZone ?? 'UTC';
  assertTimeZone(zone, ['timeZone']);
  const symbols = options.currencyDisplay !== 'code';
  const iso = options.dateStyle === 'iso';

  /** The program version named, else the newest. */
  const programAt = (version?: number): Program | undefined =>
    (version === undefined ? undefined : programs.find((p) => (p.version ?? 1) === version)) ?? latest;
  const precisionOf = (version?: number): PointsPrecision =>
    (programAt(version)?.pointsPrecision ?? 0) as PointsPrecision;

  // ---- names ----
  const pick = (item: Named | undefined, id: string): string => {
    if (item === undefined) return id;
    const names = item.names ?? {};
    for (const key of NAME_KEYS[locale]) {
      const n = has(names, key) ? names[key] : undefined;
      if (n !== undefined && n !== '') return n;
    }
    if (item.name !== undefined && item.name !== '') return item.name;
    const fallback = has(names, 'en') ? names['en'] : undefined;
    return fallback !== undefined && fallback !== '' ? fallback : id;
  };
  const lookup = (
    version: number | undefined,
    find: (p: Program) => Named | undefined,
  ): Named | undefined => {
    const first = programAt(version);
    const hit = first === undefined ? undefined : find(first);
    if (hit !== undefined) return hit;
    for (let i = programs.length - 1; i >= 0; i--) {
      const other = find(programs[i]!);
      if (other !== undefined) return other;
    }
    return undefined;
  };
  const ruleName = (id: string, version?: number): string =>
    pick(
      lookup(version, (p) => p.earning?.find((r) => r.id === id)),
      id,
    );
  const rewardName = (id: string, version?: number): string =>
    pick(
      lookup(version, (p) => p.rewards?.find((r) => r.id === id)),
      id,
    );
  const tierName = (id: string, version?: number, hint?: Omit<Named, 'id'>): string => {
    const found = lookup(version, (p) => p.tiers?.levels.find((t) => t.id === id));
    return pick(found ?? (hint === undefined ? undefined : { id, ...hint }), id);
  };

  // ---- figures ----
  const money = (value: Money): string => {
    const code = value.currency;
    if (!Number.isSafeInteger(value.amount) || !isKnownCurrency(code))
      return `${code} ${String(value.amount)}`;
    return intlMoney(locale, value.amount, code, currencyExponent(code), symbols ? 'symbol' : 'code');
  };
  const currencyOf = (version?: number): string => programAt(version)?.currency ?? 'CNY';
  const number = (units: number, version?: number): string =>
    Number.isSafeInteger(units) ? groupDecimal(formatPoints(units, precisionOf(version))) : String(units);
  const day = (localDate: string): string => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
    if (iso || m === null) return localDate;
    return cat.date(Number(m[1]), Number(m[2]), Number(m[3]));
  };
  const dateAt = (epochMs: number, fallback: string): string =>
    Number.isFinite(epochMs) ? day(localDateOf(new Date(epochMs).toISOString(), zone)) : fallback;
  const percent = (p: number): { percent: string; zhe: string } => {
    const d = new Dec(p);
    return { percent: d.toString(), zhe: new Dec(100).minus(d).div(10).toString() };
  };
  const isMoney = (v: unknown): v is Money =>
    typeof v === 'object' &&
    v !== null &&
    Number.isSafeInteger((v as Money).amount) &&
    typeof (v as Money).currency === 'string' &&
    isKnownCurrency((v as Money).currency);
  const value = (v: unknown): string => {
    if (v === undefined) return cat.none;
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v !== 'object' || v === null) return String(v);
    if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
    if (isMoney(v)) return money(v);
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  };
  const metricOf = (id: string, version?: number) => {
    const metrics = programAt(version)?.tiers?.metrics;
    return metrics !== undefined && has(metrics, id) ? metrics[id] : undefined;
  };

  const ctx: Ctx = {
    money,
    programMoney: (amount, version) => money({ amount, currency: currencyOf(version) }),
    points: (units, version) => cat.points(number(units, version)),
    qualifying: (units, version) => cat.qualifying(number(units, version)),
    decimal: groupDecimal,
    date: (instant) => dateAt(Date.parse(instant), instant),
    day,
    lastDay: (instant) => dateAt(Date.parse(instant) - 1, instant),
    rule: (id, version) => cat.quote(ruleName(id, version)),
    reward: (id, version) => cat.quote(rewardName(id, version)),
    tier: (id, version) => cat.tier(tierName(id, version)),
    multiplier: (ruleId, version) =>
      ruleId.startsWith('tier:')
        ? cat.tier(tierName(ruleId.slice(5), version))
        : cat.quote(ruleName(ruleId, version)),
    metric: (id, v, version) => {
      const m = metricOf(id, version);
      if (m === undefined) return `${id} ${groupDecimal(String(v))}`;
      return cat.metrics[m.kind].value(
        metricAmount(m.kind, v, version),
        v,
        m.kind === 'counter' ? m.customEvent : '',
      );
    },
    value,
    percent,
    inactivityDays: (version) => {
      const e = programAt(version)?.expiry;
      return e?.mode === 'inactivity' ? e.days : null;
    },
    maxAwardsPerHour: (version) => programAt(version)?.guards?.maxAwardsPerHour ?? null,
    award: (entry) => cat.award(awardParts(entry)),
    benefit: (name, v, version) => {
      if (BENEFITS.includes(name)) {
        const text =
          name === 'birthdayGift'
            ? cat.quote(rewardName(String(v), version))
            : name === 'earningMultiplier'
              ? groupDecimal(String(v))
              : value(v);
        return cat.benefits[name as BenefitName](text, v, ctx);
      }
      return cat.at(name.startsWith('custom.') ? name.slice(7) : name, value(v));
    },
    coupon: (terms) => {
      const m = (amount: number): string => money({ amount, currency: terms.currency });
      const d = terms.discount;
      const parts = [
        d.type === 'amountOff'
          ? cat.coupon.amountOff(m(d.amount))
          : d.type === 'percentOff'
            ? cat.coupon.percentOff(percent(d.percent), d.maxAmount === null ? null : m(d.maxAmount))
            : cat.coupon.freeShipping,
      ];
      if (terms.minSpend !== null) parts.push(cat.coupon.minSpend(m(terms.minSpend)));
      if (terms.categories !== null && terms.categories.length > 0)
        parts.push(cat.coupon.categories(terms.categories));
      return cat.coupon.join(parts);
    },
  };

  function metricAmount(kind: MetricKind, v: number, version?: number): string {
    if (kind === 'spend') return ctx.programMoney(v, version);
    if (kind === 'points') return ctx.points(v, version);
    if (kind === 'qualifying') return ctx.qualifying(v, version);
    return groupDecimal(String(v));
  }

  function awardParts(entry: PointsEarnedEntry | QualifyingEarnedEntry): AwardParts {
    const x = entry.explanation;
    const v = entry.programVersion;
    const wallet = entry.type === 'pointsEarned' ? 'points' : 'qualifying';
    const unit = (units: number): string =>
      wallet === 'points' ? ctx.points(units, v) : ctx.qualifying(units, v);
    const currency = x.basis?.currency ?? currencyOf(v);
    let per: string;
    try {
      per = x.rate === null ? '' : money(parseMoney(x.rate.per, currency));
    } catch {
      per = `${x.rate?.per ?? ''} ${currency}`;
    }
    const components = x.basis?.components ?? [];
    const rounded = x.exact && x.unrounded === formatPoints(x.requested, precisionOf(v));
    const lot = entry.type === 'pointsEarned' ? entry.lot : null;
    return {
      rule: ctx.rule(x.ruleId, v),
      wallet,
      basis:
        x.basis === null
          ? null
          : {
              amount: money({ amount: x.basis.amount, currency: x.basis.currency }),
              components: components.join(' ') === DEFAULT_BASIS ? null : basisWords(components),
            },
      rate:
        x.rate === null
          ? null
          : {
              points:
                wallet === 'points'
                  ? cat.points(groupDecimal(x.rate.points))
                  : cat.qualifying(groupDecimal(x.rate.points)),
              per,
              mode: RATE_MODES.includes(x.rate.mode) ? (x.rate.mode as RateMode) : null,
            },
      count: x.ruleKind === 'items' ? x.count : null,
      multipliers: x.multipliers.map((m) => ({
        name: ctx.multiplier(m.ruleId, v),
        factor: groupDecimal(m.factor),
      })),
      rounding: rounded
        ? null
        : {
            value: groupDecimal(x.unrounded),
            exact: x.exact,
            mode: has(cat.roundings, x.rounding)
              ? cat.roundings[x.rounding as keyof Catalogue['roundings']]
              : x.rounding,
          },
      cap: x.cap === null ? null : { id: x.cap.capId, requested: unit(x.requested) },
      outranked: x.stacking.outranked.map((id) => ctx.rule(id, v)),
      granted: unit(entry.points),
      pending:
        lot === null || (lot.availableAt !== null && lot.availableAt <= lot.earnedAt)
          ? null
          : { from: lot.availableAt === null ? null : ctx.date(lot.availableAt) },
      debtRepaid: entry.type === 'pointsEarned' && entry.debtRepaid > 0 ? unit(entry.debtRepaid) : null,
    };
  }

  function basisWords(components: readonly string[]): string[] {
    return components.map((c, i) => {
      const label = has(cat.components, c) ? cat.components[c as BasisComponent] : c.replace(/^[+-]/, '');
      if (c.startsWith('-')) return `− ${label}`;
      return i === 0 ? label : `+ ${label}`;
    });
  }

  // ---- issues and errors ----
  const view = (issue: LoyaltyIssue): IssueView => {
    const params = issue.params ?? {};
    const get = (k: string): unknown => (has(params, k) ? params[k] : undefined);
    const last = issue.path[issue.path.length - 1];
    return {
      code: issue.code,
      where: issue.path.length === 0 ? null : formatPath(issue.path),
      field: typeof last === 'string' ? last : null,
      num: (k) => {
        const x = get(k);
        return typeof x === 'number' ? x : null;
      },
      str: (k) => {
        const x = get(k);
        return typeof x === 'string' ? x : null;
      },
      bool: (k) => {
        const x = get(k);
        return typeof x === 'boolean' ? x : null;
      },
      list: (k) => {
        const x = get(k);
        return Array.isArray(x) ? (x as readonly (string | number | boolean | null)[]) : null;
      },
    };
  };
  const issueText = (issue: LoyaltyIssue): string => {
    const template = has(cat.issues, issue.code)
      ? cat.issues[issue.code as LoyaltyIssueCode]
      : cat.unknownIssue;
    return template(view(issue), ctx);
  };
  const formatIssue = (issue: LoyaltyIssue): string =>
    issue.path.length === 0 ? cat.alone(issueText(issue)) : cat.at(formatPath(issue.path), issueText(issue));

  // ---- conditions ----
  /** An ISO weekday number as its name; anything else as it is. */
  const weekday = (v: unknown): string =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 7 ? cat.weekdays[v - 1]! : value(v);
  const weekdays = (v: unknown): string => (Array.isArray(v) ? `[${v.map(weekday).join(', ')}]` : weekday(v));
  const requirement = (leaf: ExplainLeaf): string => {
    const expected =
      leaf.operator === 'weekdayIn' || leaf.fact === 'localWeekday'
        ? weekdays(leaf.value)
        : value(leaf.value);
    return has(cat.operators, leaf.operator)
      ? cat.operators[leaf.operator as KnownOperator](expected, leaf.value)
      : cat.operator(leaf.operator, expected);
  };
  const factName = (leaf: ExplainLeaf): string => {
    const label = has(cat.facts, leaf.fact) ? cat.facts[leaf.fact]! : leaf.fact;
    return leaf.path === undefined
      ? label
      : `${label}${leaf.path.startsWith('$') ? leaf.path.slice(1) : `.${leaf.path}`}`;
  };
  const formatCondition = (node: ExplainNode): string =>
    cat.join(
      decidingLeaves(node).map((leaf) =>
        cat.leaf({
          fact: factName(leaf),
          factValue: leaf.fact === 'localWeekday' ? weekday(leaf.factValue) : value(leaf.factValue),
          requirement: requirement(leaf),
          result: leaf.result === true,
        }),
      ),
    );

  // ---- effects ----
  const formatEffect = (entry: LedgerEntry): string =>
    (cat.effects[entry.type] as (e: LedgerEntry, c: Ctx) => string)(entry, ctx);

  // ---- tiers ----
  const needText = (r: TierProgress['requirements'][number]): string => {
    const m = metricOf(r.metric);
    if (m !== undefined)
      return cat.metrics[m.kind].need(
        metricAmount(m.kind, r.needed),
        r.needed,
        m.kind === 'counter' ? m.customEvent : '',
      );
    if (r.unit === 'money') return cat.metrics.spend.need(ctx.programMoney(r.needed), r.needed, '');
    if (r.unit === 'points') return cat.metrics.points.need(ctx.points(r.needed), r.needed, '');
    return cat.metrics.counter.need(String(r.needed), r.needed, r.metric);
  };
  const progress = (p: TierProgress, kind: 'next' | 'keep', hint?: Omit<Named, 'id'>): string => {
    const tier = cat.tier(tierName(p.tierId, undefined, hint));
    if (p.met) return kind === 'next' ? cat.tiers.qualifies(tier) : cat.tiers.kept(tier);
    const open = p.requirements.filter((r) => r.needed > 0);
    if (open.length === 0) return kind === 'next' ? cat.tiers.notYet(tier) : cat.tiers.notYetKept(tier);
    const parts: NeedPart[] = open.map((r) => ({
      need: needText(r),
      by: r.by === null ? null : ctx.lastDay(r.by),
    }));
    return cat.tiers[kind](tier, parts, p.mode, p.exact);
  };

  const formatter: Formatter = {
    locale,
    formatError: (error: LoyaltyErrorLike) => {
      const code = error.code as LoyaltyErrorCode;
      const known = has(cat.errors, code);
      const headline = known ? cat.errors[code] : String(error.code);
      const paths = known ? SHOWS_PATHS[code] : true;
      const issues = error.issues.filter(
        (i) => !(i.code === code.toLowerCase() && i.path.length === 0 && i.params === undefined),
      );
      if (issues.length === 0) return headline;
      // a lone issue after the headline continues its sentence; in a list each stands alone
      const alone = (i: LoyaltyIssue): string =>
        issues.length === 1 ? issueText(i) : cat.alone(issueText(i));
      return cat.error(
        headline,
        issues.map((i) => (paths && i.path.length > 0 ? cat.at(formatPath(i.path), issueText(i)) : alone(i))),
      );
    },
    formatIssue,
    formatEffect,
    formatExplanation: (x: EffectExplanation) => {
      const line = formatEffect(x.entry);
      const why = x.condition === undefined ? '' : formatCondition(x.condition);
      return why === '' ? line : cat.why(line, why);
    },
    formatRuleReport: (r: RuleReport) => {
      const written = latest?.earning?.find((e) => e.id === r.ruleId);
      const qualifying =
        written !== undefined && written.kind !== 'multiplier' && written.wallet === 'qualifying';
      const pts = qualifying ? ctx.qualifying(r.points) : ctx.points(r.points);
      const outcome = has(cat.outcomes, r.reason)
        ? cat.outcomes[r.reason as RuleOutcomeReason](pts)
        : r.reason;
      const why = r.condition === undefined ? '' : formatCondition(r.condition);
      return cat.ruleReport(ctx.rule(r.ruleId), outcome, why === '' ? null : why);
    },
    formatCondition,
    formatTierProgress: (status: TierStatus) => {
      const sentences = [
        status.next === null
          ? cat.tiers.top(cat.tier(tierName(status.tier.id, undefined, nameHint(status.tier.name))))
          : progress(status.next, 'next'),
      ];
      if (status.retention !== null)
        sentences.push(progress(status.retention, 'keep', nameHint(status.tier.name)));
      return cat.sentences(sentences);
    },
    formatMemberCard: (card: MemberCard): FormattedMemberCard => {
      const hint = card.tier === null ? undefined : { ...nameHint(card.tier.name), names: card.tier.names };
      const tier =
        card.tier === null
          ? null
          : cat.card.tier(
              cat.tier(tierName(card.tier.id, undefined, hint)),
              card.tier.until === null ? null : ctx.lastDay(card.tier.until),
            );
      const status = card.status === 'active' ? null : cat.card.status(cat.statuses[card.status]);
      const points = cat.card.points(
        number(card.points.available),
        card.points.pending > 0 ? number(card.points.pending) : null,
      );
      const expiring =
        card.points.expiringSoon.length === 0
          ? null
          : cat.card.expiring(
              card.points.expiringSoon.map((x) => ({ points: number(x.points), on: day(x.on) })),
            );
      const progressText =
        card.tier === null
          ? null
          : card.tierProgress === null
            ? cat.tiers.top(cat.tier(tierName(card.tier.id, undefined, hint)))
            : progress(card.tierProgress, 'next');
      const { tierId: _tierId, custom, ...named } = card.benefits;
      const benefits = [
        ...Object.entries(named)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => ctx.benefit(k, v)),
        ...Object.entries(custom ?? {}).map(([k, v]) => ctx.benefit(`custom.${k}`, v)),
      ];
      const rewards = card.rewards.map((r) =>
        cat.card.reward(ctx.reward(r.rewardId), r.validUntil === null ? null : ctx.lastDay(r.validUntil)),
      );
      const lines = [
        tier,
        status,
        points,
        expiring,
        progressText,
        benefits.length === 0 ? null : cat.card.benefits(benefits),
        rewards.length === 0 ? null : cat.card.rewards(rewards),
      ].filter((l): l is string => l !== null);
      return { tier, status, points, expiring, progress: progressText, benefits, rewards, lines };
    },
    money,
    points: (units) => ctx.points(units),
    date: (instant) => ctx.date(instant),
    name: (kind, id) => (kind === 'rule' ? ruleName(id) : kind === 'reward' ? rewardName(id) : tierName(id)),
  };
  return Object.freeze(formatter);
}

function nameHint(name: string | null): { name?: string } {
  return name === null ? {} : { name };
}
