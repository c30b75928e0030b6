/**
 * The program schema: the shape of a loyalty program's JSON, in zod/mini (tree-shakable: the main
 * bundle does not carry zod classic for it). zod checks the **shape**; what needs the whole program
 * (unique ids, known currencies and zones, decimals, conditions that compile, caps naming rules that
 * exist) is checked by `checkProgram`, so that every problem is reported with its path at once.
 *
 * Conventions of program JSON (written by people): money and points are **decimal strings or
 * numbers in natural units** (`"100.00"` CNY, `"10"` points); events, state and effects (written by
 * machines) use integer minor units and integer point units.
 */
import * as z from 'zod/mini';
import type { Condition } from '../rules/index.js';

/** Identifiers of rules, caps, rewards, groups: letters, digits, `_`, `-`, `.`; 1-64 characters. */
export const ID_PATTERN: RegExp = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

const id = z.string().check(
  z.regex(ID_PATTERN, {
    error: 'Must be 1-64 letters, digits, "_", "-" or "." (no spaces or ":"), e.g. "base-earning"',
  }),
);
const text = z.string().check(z.maxLength(1000));
/** A decimal given as a string (`"0.5"`) or a number (`0.5`); checked exactly by `checkProgram`. */
const decimal = z.union([z.string().check(z.maxLength(80)), z.number()]);
const instant = z.string().check(z.maxLength(64));
const condition = z.custom<Condition>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
  error: 'Expected a condition object in json-rules-engine format ({ all: [...] }, { any: [...] }, ...)',
});
const rounding = z.enum(['floor', 'ceil', 'down', 'up', 'halfUp', 'halfDown', 'halfEven']);
const jsonRecord = z.record(z.string(), z.unknown());

/** Fields every earning rule has. */
const ruleBase = {
  /** Unique among the program's rules. Part of every effect's `sourceKey`. */
  id,
  name: z.optional(text),
  /** Names by locale, e.g. `{ "zh-CN": "消费积分" }`, for formatted explanations. */
  names: z.optional(z.record(z.string(), text)),
  description: z.optional(text),
  /** When the rule applies; omitted = always. json-rules-engine condition format over the event's facts. */
  when: z.optional(condition),
  /** Higher runs first within its group; ties break by rule id. Default 0. */
  priority: z.optional(z.int().check(z.minimum(-1_000_000), z.maximum(1_000_000))),
  /** Stacking group; default `"base"` for awards and `"multipliers"` for multipliers. */
  group: z.optional(id),
  /** A campaign this rule belongs to (caps can target a campaign). */
  campaign: z.optional(id),
  /** The rule applies to events at or after this instant. */
  validFrom: z.optional(instant),
  /** The rule applies to events before this instant (exclusive). */
  validUntil: z.optional(instant),
  /** `false` switches the rule off without deleting it. Default true. */
  enabled: z.optional(z.boolean()),
};

/** Which components of an order count toward the amount points are earned on. */
export const basisComponentSchema = z.enum([
  'subtotal',
  'discounts',
  'tax',
  'shipping',
  'giftCards',
  'pointsPaid',
]);

const basis = z.strictObject({
  /** Added components. Default `["subtotal"]`. */
  include: z.optional(z.array(z.enum(['subtotal', 'tax', 'shipping']))),
  /** Subtracted components. Default `["discounts", "pointsPaid"]`. */
  subtract: z.optional(z.array(z.enum(['discounts', 'giftCards', 'pointsPaid']))),
});

/** Which wallet an award goes to: redeemable points (default) or qualifying value (成长值) for tiers. */
const wallet = z.optional(z.enum(['points', 'qualifying']));

/** Points per amount of money spent. */
const spendRule = z.strictObject({
  ...ruleBase,
  wallet,
  kind: z.literal('spend'),
  rate: z.strictObject({
    /** Points per block, e.g. `"10"`. */
    points: decimal,
    /** The money block in the program currency, e.g. `"100.00"`. */
    per: decimal,
    mode: z.optional(z.enum(['proportional', 'perFullBlock', 'perStartedBlock'])),
  }),
  basis: z.optional(basis),
  /** Only lines matching this condition (over a line's facts: sku, category, tags, price, quantity, ...) count. */
  lines: z.optional(condition),
  /** Rounding of the points, once, after multipliers. Default `"floor"`. */
  rounding: z.optional(rounding),
  /** Round once per order (default) or per line. */
  roundingScope: z.optional(z.enum(['order', 'line'])),
});

/** Fixed points per matching unit (or line) of a purchase. */
const itemsRule = z.strictObject({
  ...ruleBase,
  wallet,
  kind: z.literal('items'),
  points: decimal,
  /** Lines that earn; a condition over a line's facts. */
  lines: condition,
  /** Points per unit of quantity (default) or per line. */
  per: z.optional(z.enum(['unit', 'line'])),
});

/** Fixed points for an action (sign-up, birthday, referral, custom event) or a qualifying purchase. */
const fixedRule = z.strictObject({
  ...ruleBase,
  wallet,
  kind: z.literal('fixed'),
  event: z.enum(['purchase', 'signup', 'birthday', 'referral', 'custom']),
  points: decimal,
  /** For `event: "custom"`: the custom event's `name` (e.g. `"review"`); omitted = any custom event. */
  customEvent: z.optional(id),
  /** For `event: "referral"`: who earns, and when. */
  referral: z.optional(
    z.strictObject({
      /** The member who referred (default) or the new member who was referred. */
      role: z.optional(z.enum(['referrer', 'referee'])),
      /** On the referee's sign-up (default) or their first qualifying purchase. */
      trigger: z.optional(z.enum(['signup', 'firstPurchase'])),
    }),
  ),
  /** For `event: "birthday"`: award on the birthday itself (default), in its week, or in its month. */
  birthday: z.optional(z.strictObject({ window: z.optional(z.enum(['day', 'week', 'month'])) })),
});

/** Multiplies the points of other rules (campaigns, day-of-week, later tiers), before rounding. */
const multiplierRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('multiplier'),
  factor: decimal,
  /** Which awards it multiplies; default every `spend` rule. */
  appliesTo: z.optional(
    z.strictObject({
      kinds: z.optional(z.array(z.enum(['spend', 'items', 'fixed']))),
      groups: z.optional(z.array(id)),
      rules: z.optional(z.array(id)),
    }),
  ),
});

/** One earning rule, discriminated on `kind`. */
export const earningRuleSchema = z.discriminatedUnion('kind', [
  spendRule,
  itemsRule,
  fixedRule,
  multiplierRule,
]);

const window = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('rollingDays'), days: z.int().check(z.minimum(1), z.maximum(3660)) }),
  z.strictObject({ type: z.literal('rollingMonths'), months: z.int().check(z.minimum(1), z.maximum(120)) }),
  z.strictObject({ type: z.literal('calendar'), unit: z.enum(['day', 'week', 'month', 'quarter', 'year']) }),
  z.strictObject({ type: z.literal('lifetime') }),
]);

/** A cap on what some rules award a member within a window. */
const cap = z.strictObject({
  id,
  description: z.optional(text),
  /** Which awards count and are limited; omitted = every award rule. */
  appliesTo: z.optional(
    z.strictObject({
      rules: z.optional(z.array(id)),
      groups: z.optional(z.array(id)),
      campaigns: z.optional(z.array(id)),
    }),
  ),
  /** At most this many points (a decimal in points) ... */
  points: z.optional(decimal),
  /** ... and/or at most this many awards. */
  count: z.optional(z.int().check(z.minimum(0), z.maximum(1_000_000_000))),
  window,
});

/** Windows of per-member reward limits. */
const metricWindowForLimits = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('lifetime') }),
  z.strictObject({ type: z.literal('calendar'), unit: z.enum(['day', 'week', 'month', 'quarter', 'year']) }),
  z.strictObject({ type: z.literal('rollingDays'), days: z.int().check(z.minimum(1), z.maximum(3660)) }),
]);

/** A coupon's terms: what the host's coupon system turns into a code. */
const coupon = z.strictObject({
  discount: z.discriminatedUnion('type', [
    /** A fixed amount off, in the program currency, e.g. `"20.00"`. */
    z.strictObject({ type: z.literal('amountOff'), amount: decimal }),
    /** A percentage off, optionally capped, e.g. `15` with `maxAmount: "50.00"`. */
    z.strictObject({
      type: z.literal('percentOff'),
      percent: z.number().check(z.minimum(0), z.maximum(100)),
      maxAmount: z.optional(decimal),
    }),
    z.strictObject({ type: z.literal('freeShipping') }),
  ]),
  /** The order must reach this amount, e.g. `"100.00"`. */
  minSpend: z.optional(decimal),
  /** Valid for this many days from issue (end of that local day); omitted = no end. */
  validDays: z.optional(z.int().check(z.minimum(1), z.maximum(3660))),
  /** Only for these categories. */
  categories: z.optional(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(100))),
});

const reward = z.strictObject({
  id,
  name: z.optional(text),
  /** Names by locale, e.g. `{ "zh-CN": "一杯咖啡" }`. */
  names: z.optional(z.record(z.string(), text)),
  description: z.optional(text),
  /** Cost in points (a decimal in points), e.g. `"100"`; `"0"` for a reward only given as a gift. */
  points: decimal,
  /** `goods` (default) or `coupon` (with its terms). */
  kind: z.optional(z.enum(['goods', 'coupon'])),
  coupon: z.optional(coupon),
  /** At most this many per member (in a window; default lifetime). */
  limitPerMember: z.optional(
    z.strictObject({
      count: z.int().check(z.minimum(1), z.maximum(1_000_000)),
      window: z.optional(metricWindowForLimits),
    }),
  ),
  attributes: z.optional(jsonRecord),
});

/** Rewards given without points: a new-member pack, a birthday gift, a tier gift. */
const gift = z.strictObject({
  id,
  /** `activation` (once per member), `birthdayMonth` (once a year, on a birthday event), `tierReached`. */
  on: z.enum(['activation', 'birthdayMonth', 'tierReached']),
  /** For `tierReached`: the tier. */
  tierId: z.optional(id),
  /** Reward ids from the catalog, issued together. */
  rewards: z.array(id).check(z.minLength(1), z.maxLength(50)),
});

/** How a member's status flows (applied -> verified -> active -> suspended -> closed). */
const membership = z.strictObject({
  /** Where a new member starts: `active` (default) or `applied`. */
  start: z.optional(z.enum(['applied', 'active'])),
  /** Whether an applied member is verified before activation (applied -> verified -> active). Default false. */
  verification: z.optional(z.boolean()),
  /** Points still accrue while suspended (redemption stays closed). Default false. */
  accrueWhileSuspended: z.optional(z.boolean()),
  /** What closing a member does to their points: `forfeit` (default) or `keep` (frozen). */
  onClose: z.optional(z.enum(['forfeit', 'keep'])),
});

const redemption = z.strictObject({
  /** Which lots are drawn first: earliest expiry (default, DOMAIN.md) or earliest earned. */
  order: z.optional(z.enum(['expiryFirst', 'earnedFirst'])),
  /** Smallest redemption, in points. */
  minPoints: z.optional(decimal),
  /** Largest redemption per order, in points. */
  maxPointsPerOrder: z.optional(decimal),
  /** Redemptions must be a multiple of this many points (e.g. `"100"`). */
  multipleOf: z.optional(decimal),
  /** How long a redemption can be cancelled, in days. Default 365. */
  cancellableDays: z.optional(z.int().check(z.minimum(0), z.maximum(3660))),
});

/** Pending points: not redeemable until a return window has passed or the order completes. */
const pending = z.strictObject({
  /** Points stay pending this many days (the return window), then activate. */
  days: z.optional(z.int().check(z.minimum(0), z.maximum(3660))),
  /** Or they wait for an `orderCompleted` event naming the order ... */
  until: z.optional(z.literal('orderCompleted')),
  /** ... activating anyway after this many days when the signal never comes (omitted = wait forever). */
  maxDays: z.optional(z.int().check(z.minimum(1), z.maximum(3660))),
  /** Which awards are pending; default every award earned on a purchase. */
  appliesTo: z.optional(
    z.strictObject({
      rules: z.optional(z.array(id)),
      groups: z.optional(z.array(id)),
      kinds: z.optional(z.array(z.enum(['spend', 'items', 'fixed']))),
    }),
  ),
});

/** When points expire (DOMAIN.md point 3). */
const expiry = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('never') }),
  z.strictObject({
    mode: z.literal('rolling'),
    /** N days ... */
    days: z.optional(z.int().check(z.minimum(1), z.maximum(36_600))),
    /** ... or N months (clamped to month ends) ... */
    months: z.optional(z.int().check(z.minimum(1), z.maximum(1200))),
    /** ... after the points became available (default) or were earned; they expire at the end of that local day. */
    from: z.optional(z.enum(['activated', 'earned'])),
  }),
  z.strictObject({
    mode: z.literal('calendar'),
    /** Points expire at the end of the month / quarter / year they became available in ... */
    unit: z.enum(['month', 'quarter', 'year']),
    /** ... or that many periods later (1 = the end of next year). Default 0. */
    periodsLater: z.optional(z.int().check(z.minimum(0), z.maximum(100))),
  }),
  z.strictObject({
    mode: z.literal('inactivity'),
    /** The whole balance expires after this many days without a qualifying activity. */
    days: z.int().check(z.minimum(1), z.maximum(36_600)),
    /** Which activities reset the clock; default purchases and redemptions. */
    resetBy: z.optional(
      z.array(
        z.enum([
          'purchase',
          'redemption',
          'earning',
          'signup',
          'birthday',
          'referral',
          'custom',
          'adjustment',
        ]),
      ),
    ),
  }),
]);

/** What a refund does to points (DOMAIN.md points 5-6). */
const refunds = z.strictObject({
  /**
   * When the points to reverse were already spent: `pendingOnly` reverses only points still pending
   * or unspent in the order's own lots; `clampToZero` (default) takes other points too, down to zero,
   * and records the shortfall; `allowNegative` lets the balance go negative (down to `negativeFloor`),
   * the debt paid off by later earnings.
   */
  policy: z.optional(z.enum(['pendingOnly', 'clampToZero', 'allowNegative'])),
  /** With `allowNegative`: the lowest balance allowed, in points (e.g. `"-500"`); omitted = no floor. */
  negativeFloor: z.optional(decimal),
});

/** Events earlier than what a member's state already applied (DOMAIN.md point 15). */
const lateEvents = z.strictObject({
  /** `refuse` (default): OUT_OF_ORDER. `rederive`: rewind and re-apply in time order. */
  mode: z.enum(['refuse', 'rederive']),
  /** How far back a late event may reach, in days (the state keeps that much history). Default 7. */
  windowDays: z.optional(z.int().check(z.minimum(1), z.maximum(366))),
});

/** Windows a tier metric is measured over (DOMAIN.md point 12). */
const metricWindow = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('lifetime') }),
  z.strictObject({ type: z.literal('calendar'), unit: z.enum(['month', 'quarter', 'year']) }),
  z.strictObject({ type: z.literal('rollingMonths'), months: z.int().check(z.minimum(1), z.maximum(36)) }),
  z.strictObject({ type: z.literal('rollingDays'), days: z.int().check(z.minimum(1), z.maximum(1096)) }),
  z.strictObject({ type: z.literal('anniversaryYear') }),
  z.strictObject({
    type: z.literal('fixedCycle'),
    months: z.int().check(z.minimum(1), z.maximum(36)),
    /** The first day of a cycle, `YYYY-MM-DD`. */
    anchor: z.string().check(z.maxLength(10)),
  }),
]);

/** A metric tiers are decided on: a quantity over a window. Its name is a fact in tier conditions. */
const metric = z.discriminatedUnion('kind', [
  /** Money spent (minor units) on purchases, with an amount basis like spend rules; refunds take it back. */
  z.strictObject({ kind: z.literal('spend'), window: metricWindow, basis: z.optional(basis) }),
  /** Points earned (units), counted when they become available (pending points do not count). */
  z.strictObject({ kind: z.literal('points'), window: metricWindow }),
  /** Qualifying value (成长值, units) earned by rules with `wallet: "qualifying"`; never reduced by redemptions. */
  z.strictObject({ kind: z.literal('qualifying'), window: metricWindow }),
  /** Purchases (a fully refunded order stops counting). */
  z.strictObject({ kind: z.literal('orders'), window: metricWindow }),
  /** Distinct local days, or months, with a purchase. */
  z.strictObject({ kind: z.literal('activeDays'), window: metricWindow }),
  z.strictObject({ kind: z.literal('activeMonths'), window: metricWindow }),
  /** Custom events with this name (e.g. `"review"`). */
  z.strictObject({ kind: z.literal('counter'), customEvent: id, window: metricWindow }),
]);

/** What a tier gives its members; free-form data for the host, one field the engine reads. */
const benefits = z.strictObject({
  /** Multiplies spend points while the member holds the tier (after base rules, before rounding). */
  earningMultiplier: z.optional(decimal),
  discountPercent: z.optional(z.number().check(z.minimum(0), z.maximum(100))),
  freeShipping: z.optional(z.boolean()),
  prioritySupport: z.optional(z.boolean()),
  /** A reward id from the catalog given on the birthday (the host issues it). */
  birthdayGift: z.optional(id),
  /** Any other named benefit with its JSON value. */
  custom: z.optional(z.record(z.string(), z.unknown())),
});

/** One tier. The first in the list is the base tier every member starts in. */
const tier = z.strictObject({
  id,
  name: z.optional(text),
  /** Display data for member cards, e.g. `{ "zh-CN": "金卡" }` and a colour. */
  names: z.optional(z.record(z.string(), text)),
  color: z.optional(z.string().check(z.maxLength(32))),
  /** When a member reaches this tier: a condition over the metric names (omitted for the base tier). */
  entry: z.optional(condition),
  /** When a member keeps it at the end of a tier period (保级); default: the entry condition. */
  retention: z.optional(condition),
  benefits: z.optional(benefits),
});

const tiers = z.strictObject({
  metrics: z.record(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/)), metric),
  levels: z.array(tier).check(z.minLength(1), z.maxLength(50)),
  policy: z.optional(
    z.strictObject({
      /** How long a tier is held once reached: the rest of this calendar year plus N years (default 1), or N months from reaching it. */
      period: z.optional(
        z.discriminatedUnion('type', [
          z.strictObject({
            type: z.literal('calendarYears'),
            years: z.int().check(z.minimum(0), z.maximum(10)),
          }),
          z.strictObject({ type: z.literal('months'), months: z.int().check(z.minimum(1), z.maximum(120)) }),
        ]),
      ),
      /** At the end of a period without retention: one step down (default) or to the tier the member qualifies for. */
      downgrade: z.optional(z.enum(['oneStep', 'toQualifying'])),
      /** Days after the period end before a downgrade (the member keeps the tier meanwhile). */
      graceDays: z.optional(z.int().check(z.minimum(0), z.maximum(366))),
      /** A refund within this many days of an upgrade revokes it when the member no longer qualifies. */
      refundRevokeDays: z.optional(z.int().check(z.minimum(0), z.maximum(366))),
    }),
  ),
});

/** Abuse guards (issue 9 item 6); each records what it did as a `guardTriggered` effect. */
const guards = z.strictObject({
  /** At most this many awards per member in any 60 minutes; more are suppressed. */
  maxAwardsPerHour: z.optional(z.int().check(z.minimum(1), z.maximum(10_000))),
  /** Two members who referred each other earn no referral award (default `block`). */
  circularReferrals: z.optional(z.enum(['block', 'allow'])),
  /** Never earn on the part of an order paid with points, whatever a rule's basis says (default true). */
  noEarningOnPointsPaid: z.optional(z.boolean()),
  /** Flag refunds that take back points the member already spent (default true). */
  flagRefundAfterRedeem: z.optional(z.boolean()),
});

/** The whole program. */
export const programSchema = z.strictObject({
  /** Your program's id, e.g. `"coffee-club"`. */
  id,
  name: z.optional(text),
  /** Version number of this definition; default 1. Every effect records it. */
  version: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000))),
  /** When this version takes effect (for program versions; issue 6). */
  effectiveFrom: z.optional(instant),
  /** ISO 4217 code of the program's money, e.g. `"CNY"`. */
  currency: z.string().check(z.maxLength(8)),
  /** IANA zone where calendar ideas (days, months, birthdays) are evaluated, e.g. `"Asia/Shanghai"`. */
  timeZone: z.string().check(z.maxLength(64)),
  /** Decimals of points, 0 (default) to 4. */
  pointsPrecision: z.optional(z.int().check(z.minimum(0), z.maximum(4))),
  /** First day of the week for week windows: 0 Sunday .. 6 Saturday; default 1 (Monday). */
  weekStartsOn: z.optional(z.int().check(z.minimum(0), z.maximum(6))),
  /** 29 February birthdays in other years: `"feb28"` (default) or `"mar1"`. */
  leapDayBirthday: z.optional(z.enum(['feb28', 'mar1'])),
  /** Names of extra facts the host passes to `engine.apply` (e.g. `"pAlive"`); others are refused. */
  customFacts: z.optional(
    z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(1000)),
  ),
  /** Shared conditions that rules reference with `{ condition: "name" }`. */
  conditions: z.optional(z.record(z.string(), condition)),
  earning: z.optional(z.array(earningRuleSchema)),
  /** Stacking mode per group: `sum`, `max`, `first` (awards) or `multiply`, `max`, `sum`, `first` (multipliers). */
  stacking: z.optional(z.record(z.string(), z.enum(['sum', 'max', 'first', 'multiply']))),
  caps: z.optional(z.array(cap)),
  redemption: z.optional(redemption),
  rewards: z.optional(z.array(reward)),
  pending: z.optional(pending),
  expiry: z.optional(expiry),
  tiers: z.optional(tiers),
  guards: z.optional(guards),
  membership: z.optional(membership),
  gifts: z.optional(z.array(gift).check(z.maxLength(100))),
  refunds: z.optional(refunds),
  lateEvents: z.optional(lateEvents),
  /** How many recent event ids a member's state remembers to drop duplicates. Default 1,000. */
  idempotency: z.optional(
    z.strictObject({ recentEvents: z.optional(z.int().check(z.minimum(1), z.maximum(100_000))) }),
  ),
  /** How long a purchase's earn record is kept for refunds, in days. Default 90. */
  orderRetentionDays: z.optional(z.int().check(z.minimum(0), z.maximum(3660))),
  /** Free-form data for the host; never read by the engine. */
  metadata: z.optional(jsonRecord),
});
