/**
 * fast-check generators of **valid** loyalty programs (the JSON a shop writes), for the engine's
 * property tests (test/properties/engine.test.ts). Every rule kind and option is covered: `spend`
 * in its three conversion modes with basis include/subtract lists, line conditions, order/line
 * rounding scope and every rounding mode; `items`; `fixed` on every event; `multiplier` with
 * `appliesTo`; stacking modes per group; caps on points and/or count over every window type and
 * target; rewards; redemption limits; four time zones; precisions 0-2.
 *
 * With options (issues 6 and 7): `time` adds pending points (days, or until `orderCompleted` with
 * or without `maxDays`), every expiry mode (rolling days/months from activation or earning,
 * calendar with `periodsLater`, inactivity with `resetBy`, never), a refund policy (`pendingOnly`,
 * `clampToZero`, `allowNegative` with or without `negativeFloor`) and a late-event mode (`refuse`,
 * `rederive` with `windowDays`); `versions` makes two or three versions with later
 * `effectiveFrom` (policies and earning rates change, e.g. expiry is turned on); `tiers` adds tiers
 * (metrics of every kind and window, 2-4 levels with increasing thresholds and retention at most
 * the entry, period/downgrade/grace/refund-revoke policy, benefits with earning multipliers,
 * rules with `wallet: "qualifying"`).
 *
 * Everything a generated program names exists and is enabled, so `defineProgram` accepts it
 * ({@link assertValid} is called on every value).
 */
import fc from 'fast-check';
import { defineProgram, type ProgramInput } from 'loyalty-engine';

export const TIME_ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'UTC'] as const;
export const CURRENCIES = ['CNY', 'EUR', 'USD', 'JPY'] as const;
export const EXPONENT: Readonly<Record<(typeof CURRENCIES)[number], number>> = {
  CNY: 2,
  EUR: 2,
  USD: 2,
  JPY: 0,
};
export const CATEGORIES = ['coffee', 'food', 'merch'] as const;
export const SKUS = ['latte', 'beans', 'mug', 'tee', 'cake'] as const;
export const LINE_TAGS = ['promo', 'new', 'sale'] as const;
export const CHANNELS = ['web', 'app', 'store'] as const;
export const CUSTOM_EVENTS = ['review', 'checkIn', 'survey'] as const;
export const REWARD_IDS = ['coffee', 't-shirt', 'mug'] as const;

const AWARD_GROUPS = ['base', 'bonus', 'promo'] as const;
const MULTIPLIER_GROUPS = ['multipliers', 'campaign', 'dow'] as const;
const CAMPAIGNS = ['spring', 'vip'] as const;
const ROUNDING = ['floor', 'ceil', 'down', 'up', 'halfUp', 'halfDown', 'halfEven'] as const;

type Json = Record<string, unknown>;

/** `units` point units (or minor units) written as a decimal string with `decimals` decimals. */
export function decimalText(units: number, decimals: number): string {
  if (decimals === 0) return String(units);
  const s = String(Math.abs(units)).padStart(decimals + 1, '0');
  return `${units < 0 ? '-' : ''}${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

/** Drops keys whose value is `undefined` (programs are JSON, and `exactOptionalPropertyTypes`). */
function compact<T extends Json>(o: T): T {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** A program and the few facts about it that event generators and properties need. */
export interface GeneratedProgram {
  readonly json: ProgramInput;
  readonly currency: (typeof CURRENCIES)[number];
  readonly precision: number;
  /** Multiplies whole points into point units. */
  readonly scale: number;
  readonly rewardIds: readonly string[];
  /** `redemption.multipleOf` and `redemption.minPoints` in point units (1 and 0 when not set). */
  readonly redeemStep: number;
  readonly redeemMin: number;
  /**
   * Streams carry refunds of earlier orders (programs of `refundsAndLate`). This and the next two
   * describe the `refundsAndLate` policies only, not the per-version ones of the `time` option.
   */
  readonly refunds: boolean;
  /** Late events are re-derived within this many days (`lateEvents` rederive), else null. */
  readonly rederiveDays: number | null;
  /** The lowest balance in point units (`negativeFloor`, `-Infinity` without one; 0 unless `allowNegative`). */
  readonly floorUnits: number;
  /**
   * The versions to give `createEngine`, oldest first: `[json]` unless {@link ProgramOptions.versions};
   * `json` is then the first version.
   */
  readonly versions: readonly ProgramInput[];
  /** The program's tiers, or `null`. */
  readonly tiers: GeneratedTiers | null;
}

/** What the event generators and properties need to know about a generated program's tiers. */
export interface GeneratedTiers {
  /** Tier ids in rank order (the first is the base tier). */
  readonly levels: readonly string[];
  /** The metrics as written, by name. */
  readonly metrics: Readonly<Record<string, TierMetricJson>>;
  readonly graceDays: number;
  /** With `tiers: 'gated'`: the spend metric every tier above the base needs (in an `all`). */
  readonly gate: string | null;
}

/** A tier metric as written in the program. */
export interface TierMetricJson {
  readonly kind: 'spend' | 'points' | 'qualifying' | 'orders' | 'activeDays' | 'activeMonths' | 'counter';
  readonly window: TierWindowJson;
  readonly customEvent?: string;
}

/** A tier metric's window as written in the program. */
export type TierWindowJson =
  | { readonly type: 'lifetime' }
  | { readonly type: 'calendar'; readonly unit: 'month' | 'quarter' | 'year' }
  | { readonly type: 'rollingMonths'; readonly months: number }
  | { readonly type: 'rollingDays'; readonly days: number }
  | { readonly type: 'anniversaryYear' }
  | { readonly type: 'fixedCycle'; readonly months: number; readonly anchor: string };

/** Settings that vary by scenario (e.g. a small idempotency window for the state-size test). */
export interface ProgramOptions {
  /** `idempotency.recentEvents`; `undefined` = the default or a large window. */
  readonly recentEvents?: fc.Arbitrary<number | undefined>;
  readonly orderRetentionDays?: fc.Arbitrary<number | undefined>;
  readonly cancellableDays?: fc.Arbitrary<number | undefined>;
  /**
   * Put every multiplier in one group named `campaign`, and have at least four rules, so that
   * several multipliers often apply to one award (stacking arithmetic).
   */
  readonly stackedMultipliers?: boolean;
  /** Give every rule a `when` condition (so awards record many facts). */
  readonly conditioned?: boolean;
  /**
   * Refund policies (mostly `allowNegative`, with or without a `negativeFloor`) and, in most
   * programs, `lateEvents: { mode: "rederive" }`; streams then also carry refunds and events a
   * little late (see {@link GeneratedProgram.refunds}).
   */
  readonly refundsAndLate?: boolean;
  /** Pending points, expiry, a refund policy and a late-event mode (issue 6), drawn per version. */
  readonly time?: boolean;
  /** Two or three versions with later `effectiveFrom` (issue 6 item 5), e.g. turning expiry on. */
  readonly versions?: boolean;
  /**
   * Tiers (issue 7): 1-3 metrics of any kind and window, 2-4 levels with increasing thresholds,
   * retention at most the entry, a policy, benefits, qualifying-value rules. `gated`: every tier
   * above the base needs a spend metric, in an `all` (for the "still needed" property).
   */
  readonly tiers?: boolean | 'gated';
}

/** Simple event conditions over facts the engine computes. */
function whenCondition(currency: string, scale: number): fc.Arbitrary<Json> {
  const money = (amount: number) => ({ amount, currency });
  return fc.oneof(
    fc.constantFrom(...CHANNELS).map((c) => ({ all: [{ fact: 'channel', operator: 'equal', value: c }] })),
    fc
      .subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 })
      .map((days) => ({ all: [{ fact: 'localWeekday', operator: 'in', value: days }] })),
    fc
      .subarray(['mon', 'fri', 'sat', 'sun'], { minLength: 1 })
      .map((days) => ({ all: [{ fact: 'occurredAt', operator: 'weekdayIn', value: days }] })),
    fc
      .integer({ min: 0, max: 6 })
      .map((n) => ({ any: [{ fact: 'orderCount', operator: 'lessThan', value: n }] })),
    fc.integer({ min: 0, max: 60_000 }).map((a) => ({
      all: [{ fact: 'total', operator: 'moneyGreaterThanInclusive', value: money(a) }],
    })),
    fc.constantFrom(...CATEGORIES).map((c) => ({
      all: [
        {
          fact: 'lines',
          operator: 'anyItem',
          value: { all: [{ fact: 'category', operator: 'equal', value: c }] },
        },
      ],
    })),
    fc.constant({ all: [{ fact: 'isFirstPurchase', operator: 'equal', value: true }] }),
    fc.constant({ not: { fact: 'store', operator: 'equal', value: 's1' } }),
    fc.constant({ not: { fact: 'channel', operator: 'equal', value: 'store' } }),
    fc.constantFrom(...CHANNELS).map((c) => ({ all: [{ fact: 'channel', operator: 'notEqual', value: c }] })),
    fc
      .integer({ min: 0, max: 23 })
      .map((h) => ({ all: [{ fact: 'localHour', operator: 'greaterThanInclusive', value: h }] })),
    fc.tuple(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 0, max: 100_000 })).map(([days, a]) => ({
      all: [{ fact: 'spendInWindow', params: { days }, operator: 'moneyGreaterThan', value: money(a) }],
    })),
    fc.integer({ min: 1, max: 30 }).map((days) => ({
      all: [{ fact: 'ordersInWindow', params: { days }, operator: 'greaterThanInclusive', value: 1 }],
    })),
    fc
      .integer({ min: 0, max: 500 })
      .map((p) => ({ all: [{ fact: 'pointsBalance', operator: 'greaterThan', value: p * scale }] })),
    fc.constant({ all: [{ fact: 'occurredAt', operator: 'inBirthdayMonth', value: { fact: 'birthday' } }] }),
    fc
      .constantFrom('app', 'web')
      .map((s) => ({ all: [{ fact: 'attributes', path: '$.source', operator: 'equal', value: s }] })),
    fc
      .constantFrom(...CUSTOM_EVENTS)
      .map((n) => ({ any: [{ fact: 'customEvent', operator: 'equal', value: n }] })),
    fc.constant({ condition: 'weekend' }),
  );
}

/** Conditions over one purchase line's facts. */
function lineCondition(currency: string): fc.Arbitrary<Json> {
  return fc.oneof(
    fc.constantFrom(...CATEGORIES).map((c) => ({ all: [{ fact: 'category', operator: 'equal', value: c }] })),
    fc.constantFrom(...LINE_TAGS).map((t) => ({ any: [{ fact: 'tags', operator: 'contains', value: t }] })),
    fc
      .integer({ min: 1, max: 3 })
      .map((q) => ({ all: [{ fact: 'quantity', operator: 'greaterThanInclusive', value: q }] })),
    fc.integer({ min: 0, max: 20_000 }).map((a) => ({
      all: [{ fact: 'price', operator: 'moneyGreaterThan', value: { amount: a, currency } }],
    })),
    fc.constantFrom(...SKUS).map((s) => ({ not: { fact: 'sku', operator: 'equal', value: s } })),
  );
}

/** Fields of one rule before cross-references are resolved. */
interface RuleDraft {
  readonly kind: 'spend' | 'items' | 'fixed' | 'multiplier';
  readonly body: Json;
  readonly group: string | undefined;
  readonly campaign: string | undefined;
  readonly enabled: boolean;
  readonly appliesTo: { kinds?: string[]; groupPick?: number[]; rulePick?: number[] } | undefined;
}

const VALID_FROM = ['2026-03-01T00:00:00Z', '2026-06-15T12:00:00+02:00', '2025-01-01T00:00:00Z'] as const;
const VALID_UNTIL = ['2026-12-01T00:00:00+08:00', '2027-06-30T00:00:00Z', '2030-01-01T00:00:00Z'] as const;

/** `arb` about one time in `1 + weight`, else `undefined`. */
function rare<T>(arb: fc.Arbitrary<T>, weight = 3): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight }, { arbitrary: arb, weight: 1 });
}

function ruleBase(currency: string, scale: number, always: boolean) {
  return fc
    .record({
      name: rare(fc.constantFrom('Base earning', 'Bonus', '积分'), 1),
      when: always ? whenCondition(currency, scale) : rare(whenCondition(currency, scale), 1),
      priority: rare(fc.constantFrom(-1, 0, 1, 2), 1),
      validFrom: rare(fc.constantFrom(...VALID_FROM), 4),
      validUntil: rare(fc.constantFrom(...VALID_UNTIL), 4),
    })
    .map((b) => compact(b));
}

function ruleDraft(
  currency: string,
  exponent: number,
  precision: number,
  stacked: boolean,
  always: boolean,
): fc.Arbitrary<RuleDraft> {
  const scale = 10 ** precision;
  const points = (max: number) =>
    fc.integer({ min: 0, max: max * scale }).map((u) => decimalText(u, precision));
  const common = fc.record({
    base: ruleBase(currency, scale, always),
    awardGroup: fc.option(fc.constantFrom(...AWARD_GROUPS), { nil: undefined }),
    // Mostly shared groups, so several multipliers stack within one group.
    multiplierGroup: stacked
      ? fc.constant(MULTIPLIER_GROUPS[1])
      : fc.constantFrom(undefined, ...MULTIPLIER_GROUPS, MULTIPLIER_GROUPS[1]),
    campaign: fc.option(fc.constantFrom(...CAMPAIGNS), { nil: undefined, freq: 3 }),
    disabled: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    // `when` on every award rule would make most of them silent: half of those drawn with one keep it.
    withWhen: fc.boolean(),
  });
  const spend = fc.record(
    {
      rate: fc.record(
        {
          points: fc.constantFrom('10', '1', '0.5', '2.5', '3', 7),
          // The money block, in minor units: 100.00, 1.00, 10.00, 33.33, 0.01 (JPY: 100, 1, 1000, 3333).
          per: fc
            .constantFrom(...(exponent === 0 ? [100, 1, 1000, 3333] : [10_000, 100, 1000, 3333, 1]))
            .map((u) => decimalText(u, exponent)),
          mode: fc.constantFrom('proportional', 'perFullBlock', 'perStartedBlock'),
        },
        { requiredKeys: ['points', 'per'] },
      ),
      basis: fc.record(
        {
          include: fc.subarray(['subtotal', 'tax', 'shipping']),
          subtract: fc.subarray(['discounts', 'giftCards', 'pointsPaid']),
        },
        { requiredKeys: [] },
      ),
      lines: lineCondition(currency),
      rounding: fc.constantFrom(...ROUNDING),
      roundingScope: fc.constantFrom('order', 'line'),
    },
    { requiredKeys: ['rate'] },
  );
  const items = fc.record(
    {
      points: points(50),
      lines: lineCondition(currency),
      per: fc.constantFrom('unit', 'line'),
    },
    { requiredKeys: ['points', 'lines'] },
  );
  const fixed = fc.oneof(
    fc.record({ event: fc.constant('purchase'), points: points(200) }),
    fc.record({ event: fc.constant('signup'), points: points(200) }),
    fc.record(
      {
        event: fc.constant('birthday'),
        points: points(200),
        birthday: fc.record({ window: fc.constantFrom('day', 'week', 'month') }, { requiredKeys: [] }),
      },
      { requiredKeys: ['event', 'points'] },
    ),
    fc.record(
      {
        event: fc.constant('referral'),
        points: points(200),
        referral: fc.record(
          {
            role: fc.constantFrom('referrer', 'referee'),
            trigger: fc.constantFrom('signup', 'firstPurchase'),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ['event', 'points'] },
    ),
    fc.record(
      { event: fc.constant('custom'), points: points(200), customEvent: fc.constantFrom(...CUSTOM_EVENTS) },
      { requiredKeys: ['event', 'points'] },
    ),
  );
  // appliesTo on a third of the multipliers (else every spend rule); each field on half of those.
  const multiplier = fc.record({
    factor: fc.constantFrom('2', '1.5', '3', '0.5', '1', '10', 2),
    appliesTo: rare(
      fc.record(
        {
          kinds: fc.subarray(['spend', 'items', 'fixed'] as string[]),
          groupPick: fc.array(fc.nat(), { maxLength: 2 }),
          rulePick: fc.array(fc.nat(), { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
      2,
    ),
  });
  const kind = fc.oneof(
    { arbitrary: spend.map((body) => ({ kind: 'spend' as const, body })), weight: 4 },
    { arbitrary: items.map((body) => ({ kind: 'items' as const, body })), weight: 2 },
    { arbitrary: fixed.map((body) => ({ kind: 'fixed' as const, body: body as Json })), weight: 4 },
    {
      arbitrary: multiplier.map((body) => ({ kind: 'multiplier' as const, body: compact(body) })),
      weight: 3,
    },
  );
  return fc.tuple(kind, common).map(([k, c]) => {
    const { appliesTo, ...body } = k.body as Json & { appliesTo?: RuleDraft['appliesTo'] };
    const { when, validFrom, validUntil, ...base } = c.base as Json;
    // Stacked multipliers always fire (no condition, no validity window): their arithmetic is the point.
    const plain = stacked && k.kind === 'multiplier';
    const withWhen = (c.withWhen || always) && when !== undefined && !plain;
    return {
      kind: k.kind,
      body: {
        ...base,
        ...(withWhen ? { when } : {}),
        ...(plain ? {} : compact({ validFrom, validUntil })),
        ...body,
      },
      group: k.kind === 'multiplier' ? c.multiplierGroup : c.awardGroup,
      campaign: c.campaign,
      enabled: !c.disabled,
      appliesTo: k.kind === 'multiplier' ? appliesTo : undefined,
    };
  });
}

interface CapDraft {
  readonly points: number | undefined;
  readonly count: number | undefined;
  readonly window: Json;
  readonly rulePick: number[] | undefined;
  readonly groupPick: number[] | undefined;
  readonly campaignPick: number[] | undefined;
}

function capDraft(scale: number): fc.Arbitrary<CapDraft> {
  const window = fc.oneof(
    fc.integer({ min: 1, max: 60 }).map((days) => ({ type: 'rollingDays', days })),
    fc.integer({ min: 1, max: 12 }).map((months) => ({ type: 'rollingMonths', months })),
    fc.constantFrom('day', 'week', 'month', 'quarter', 'year').map((unit) => ({ type: 'calendar', unit })),
    fc.constant({ type: 'lifetime' }),
  );
  const limits = fc.oneof(
    fc.record({ points: fc.integer({ min: 0, max: 300 * scale }), count: fc.constant(undefined) }),
    fc.record({ points: fc.constant(undefined), count: fc.integer({ min: 0, max: 6 }) }),
    fc.record({ points: fc.integer({ min: 0, max: 300 * scale }), count: fc.integer({ min: 0, max: 6 }) }),
  );
  const pick = rare(fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), 2);
  return fc.record({ limits, window, rulePick: pick, groupPick: pick, campaignPick: pick }).map((c) => ({
    points: c.limits.points,
    count: c.limits.count,
    window: c.window,
    rulePick: c.rulePick,
    groupPick: c.groupPick,
    campaignPick: c.campaignPick,
  }));
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];
const picks = <T>(list: readonly T[], idx: readonly number[] | undefined): T[] | undefined =>
  idx === undefined || list.length === 0 ? undefined : unique(idx.map((i) => list[i % list.length]!));

/** Throws (with the issues) when `defineProgram` refuses a generated program: a generator bug. */
export function assertValid(json: ProgramInput): void {
  try {
    defineProgram(json);
  } catch (e) {
    throw new Error(
      `The program generator made an invalid program: ${JSON.stringify((e as { issues?: unknown }).issues ?? String(e))}\n${JSON.stringify(json)}`,
    );
  }
}

/** A valid program (see the file comment). */
export function programArb(options: ProgramOptions = {}): fc.Arbitrary<GeneratedProgram> {
  const base = baseProgramArb(options);
  if (options.time !== true && options.versions !== true && options.tiers === undefined) return base;
  return base.chain((p) => extendedProgramArb(p, options));
}

function baseProgramArb(options: ProgramOptions): fc.Arbitrary<GeneratedProgram> {
  return fc
    .record({
      currency: fc.constantFrom(...CURRENCIES),
      timeZone: fc.constantFrom(...TIME_ZONES),
      precision: fc.constantFrom(0, 0, 1, 2),
      weekStartsOn: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
      leapDayBirthday: fc.option(fc.constantFrom('feb28', 'mar1'), { nil: undefined }),
      version: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      omitPrecision: fc.boolean(),
    })
    .chain((g) => {
      const exponent = EXPONENT[g.currency];
      const scale = 10 ** g.precision;
      return fc
        .record({
          rules: fc.array(
            ruleDraft(
              g.currency,
              exponent,
              g.precision,
              options.stackedMultipliers === true,
              options.conditioned === true,
            ),
            {
              minLength: options.stackedMultipliers === true ? 4 : 1,
              maxLength: 8,
            },
          ),
          stackingModes: fc.array(fc.constantFrom('sum', 'max', 'first', 'multiply', undefined), {
            minLength: 6,
            maxLength: 6,
          }),
          caps: fc.oneof(fc.constant<CapDraft[]>([]), fc.array(capDraft(scale), { maxLength: 3 })),
          rewards: fc.subarray(REWARD_IDS.map((id, i) => ({ id, i }))),
          rewardPoints: fc.array(fc.integer({ min: 1, max: 200 * scale }), { minLength: 3, maxLength: 3 }),
          redemption: fc.option(
            fc.record(
              {
                order: fc.constantFrom('expiryFirst', 'earnedFirst'),
                minPoints: fc.integer({ min: 0, max: 50 * scale }),
                maxPointsPerOrder: fc.integer({ min: 50 * scale, max: 2000 * scale }),
                multipleOf: fc.constantFrom(1, 5, 10, 100).map((m) => m * scale),
                cancellableDays: fc.oneof(fc.constantFrom(0, 1, 7), fc.integer({ min: 0, max: 400 })),
              },
              { requiredKeys: [] },
            ),
            { nil: undefined },
          ),
          recentEvents: options.recentEvents ?? fc.constantFrom(undefined, 500, 1000),
          orderRetentionDays:
            options.orderRetentionDays ??
            (options.refundsAndLate === true
              ? fc.constant(1000) // orders are kept to be refunded
              : fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined })),
          cancellableDays: options.cancellableDays ?? fc.constant(undefined),
          refunds:
            options.refundsAndLate === true
              ? fc.oneof(
                  {
                    arbitrary: fc.record({
                      policy: fc.constant('allowNegative' as const),
                      floor: fc.option(fc.integer({ min: 0, max: 300 * scale }), { nil: undefined }),
                    }),
                    weight: 4,
                  },
                  fc.record({
                    policy: fc.constantFrom('clampToZero' as const, 'pendingOnly' as const),
                    floor: fc.constant(undefined),
                  }),
                )
              : fc.constant(undefined),
          rederiveDays:
            options.refundsAndLate === true
              ? fc.oneof(
                  { arbitrary: fc.constantFrom(30, 7), weight: 3 },
                  { arbitrary: fc.constant(undefined), weight: 1 },
                )
              : fc.constant(undefined),
        })
        .map((d): GeneratedProgram => {
          const ids = d.rules.map(
            (r, i) => `${r.kind.slice(0, 2)}-${String.fromCharCode(97 + ((i * 7) % 26))}${i}`,
          );
          const enabled = d.rules.flatMap((r, i) => (r.enabled ? [{ r, id: ids[i]! }] : []));
          const awardsOn = enabled.filter((x) => x.r.kind !== 'multiplier');
          const groupOf = (r: RuleDraft) => r.group ?? (r.kind === 'multiplier' ? 'multipliers' : 'base');
          const awardIds = awardsOn.map((x) => x.id);
          const awardGroups = unique(awardsOn.map((x) => groupOf(x.r)));
          const campaigns = unique(
            enabled.flatMap((x) => (x.r.campaign === undefined ? [] : [x.r.campaign])),
          );
          const earning = d.rules.map((r, i) => {
            const a = r.appliesTo;
            const appliesTo =
              a === undefined
                ? undefined
                : compact({
                    kinds: a.kinds,
                    groups: picks(awardGroups, a.groupPick),
                    rules: picks(awardIds, a.rulePick),
                  });
            return compact({
              id: ids[i]!,
              kind: r.kind,
              ...r.body,
              group: r.group,
              campaign: r.campaign,
              enabled: r.enabled ? undefined : false,
              appliesTo,
            });
          });
          // Stacking: only for groups that hold enabled rules, with a mode that fits the group.
          const groupKinds = new Map(enabled.map((x) => [groupOf(x.r), x.r.kind === 'multiplier'] as const));
          const stacking: Record<string, string> = {};
          [...groupKinds].forEach(([group, isMultiplier], i) => {
            const mode = d.stackingModes[i % 6];
            if (mode !== undefined && (isMultiplier || mode !== 'multiply')) stacking[group] = mode;
          });
          const caps = d.caps.map((c, i) =>
            compact({
              id: `cap-${i}`,
              points: c.points === undefined ? undefined : decimalText(c.points, g.precision),
              count: c.count,
              window: c.window,
              appliesTo:
                c.rulePick === undefined && c.groupPick === undefined && c.campaignPick === undefined
                  ? undefined
                  : compact({
                      rules: picks(awardIds, c.rulePick),
                      groups: picks(awardGroups, c.groupPick),
                      campaigns: picks(campaigns, c.campaignPick),
                    }),
            }),
          );
          const rewards = d.rewards.map(({ id, i }) => ({
            id,
            points: decimalText(d.rewardPoints[i]!, g.precision),
          }));
          const r = d.redemption;
          const redemption =
            r === undefined && d.cancellableDays === undefined
              ? undefined
              : compact({
                  order: r?.order,
                  minPoints: r?.minPoints === undefined ? undefined : decimalText(r.minPoints, g.precision),
                  maxPointsPerOrder:
                    r?.maxPointsPerOrder === undefined
                      ? undefined
                      : decimalText(r.maxPointsPerOrder, g.precision),
                  multipleOf:
                    r?.multipleOf === undefined ? undefined : decimalText(r.multipleOf, g.precision),
                  cancellableDays: d.cancellableDays ?? r?.cancellableDays,
                });
          const json = compact({
            id: 'prop-club',
            name: 'Property club',
            version: g.version,
            currency: g.currency,
            timeZone: g.timeZone,
            pointsPrecision: g.precision === 0 && g.omitPrecision ? undefined : g.precision,
            weekStartsOn: g.weekStartsOn,
            leapDayBirthday: g.leapDayBirthday,
            conditions: {
              weekend: { all: [{ fact: 'localWeekday', operator: 'in', value: [6, 7] }] },
            },
            earning,
            stacking: Object.keys(stacking).length > 0 ? stacking : undefined,
            caps: caps.length > 0 ? caps : undefined,
            rewards: rewards.length > 0 ? rewards : undefined,
            redemption,
            idempotency: d.recentEvents === undefined ? undefined : { recentEvents: d.recentEvents },
            orderRetentionDays: d.orderRetentionDays,
            refunds:
              d.refunds === undefined
                ? undefined
                : compact({
                    policy: d.refunds.policy,
                    negativeFloor:
                      d.refunds.floor === undefined ? undefined : decimalText(-d.refunds.floor, g.precision),
                  }),
            lateEvents:
              d.rederiveDays === undefined ? undefined : { mode: 'rederive', windowDays: d.rederiveDays },
          }) as unknown as ProgramInput;
          assertValid(json);
          return {
            json,
            currency: g.currency,
            precision: g.precision,
            scale,
            rewardIds: rewards.map((x) => x.id),
            redeemStep: r?.multipleOf ?? 1,
            redeemMin: r?.minPoints ?? 0,
            refunds: d.refunds !== undefined,
            rederiveDays: d.rederiveDays ?? null,
            floorUnits:
              d.refunds?.policy !== 'allowNegative'
                ? 0
                : d.refunds.floor === undefined
                  ? Number.NEGATIVE_INFINITY
                  : -d.refunds.floor,
            versions: [json],
            tiers: null,
          };
        });
    });
}

// ---- issue 6: pending points, expiry, refunds, late events, versions ----

/** When later versions take effect: a Berlin DST change, mid-year, Shanghai's new year, a New York DST change. */
export const VERSION_STARTS = [
  '2026-03-29T01:00:00Z',
  '2026-06-01T00:00:00Z',
  '2026-12-31T16:00:00Z',
  '2027-03-14T07:00:00Z',
  '2027-07-01T04:00:00Z',
] as const;

/** `pending`, `expiry` and `refunds` of one version (any of them may be absent). */
function timePolicyArb(precision: number): fc.Arbitrary<Json> {
  const scale = 10 ** precision;
  const pending = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 30 }).map((days) => ({ days })), weight: 2 },
    { arbitrary: fc.constant({ until: 'orderCompleted' }), weight: 1 },
    {
      arbitrary: fc.integer({ min: 1, max: 40 }).map((maxDays) => ({ until: 'orderCompleted', maxDays })),
      weight: 1,
    },
  );
  const pendingScope = rare(
    fc
      .subarray(['spend', 'items', 'fixed'] as string[], { minLength: 1 })
      .map((kinds) => ({ appliesTo: { kinds } })),
    2,
  );
  const from = rare(fc.constantFrom('activated', 'earned'), 1);
  const expiry = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    { arbitrary: fc.constant({ mode: 'never' }), weight: 1 },
    {
      arbitrary: fc
        .record({ days: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 500 })), from })
        .map((r) => compact({ mode: 'rolling', ...r })),
      weight: 3,
    },
    {
      arbitrary: fc
        .record({ months: fc.integer({ min: 1, max: 24 }), from })
        .map((r) => compact({ mode: 'rolling', ...r })),
      weight: 3,
    },
    {
      arbitrary: fc
        .record({
          unit: fc.constantFrom('month', 'quarter', 'year'),
          periodsLater: rare(fc.integer({ min: 0, max: 3 }), 1),
        })
        .map((r) => compact({ mode: 'calendar', ...r })),
      weight: 3,
    },
    {
      arbitrary: fc
        .record({
          days: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 })),
          resetBy: rare(
            fc.subarray([
              'purchase',
              'redemption',
              'earning',
              'signup',
              'birthday',
              'referral',
              'custom',
              'adjustment',
            ]),
            1,
          ),
        })
        .map((r) => compact({ mode: 'inactivity', ...r })),
      weight: 3,
    },
  );
  const refunds = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    fc.constantFrom('pendingOnly', 'clampToZero', 'allowNegative').map((policy) => ({ policy })),
    fc
      .integer({ min: 0, max: 500 * scale })
      .map((floor) => ({ policy: 'allowNegative', negativeFloor: decimalText(-floor, precision) })),
  );
  return fc.record({ pending, pendingScope, expiry, refunds }).map((r) => {
    const pendingJson = r.pending === undefined ? undefined : { ...r.pending, ...(r.pendingScope ?? {}) };
    let expiryJson = r.expiry as Json | undefined;
    // A rolling expiry counted from earning must outlast the pending window (expires_while_pending).
    if (
      expiryJson?.['mode'] === 'rolling' &&
      expiryJson['from'] === 'earned' &&
      expiryJson['days'] !== undefined
    ) {
      const p = r.pending as { days?: number; maxDays?: number; until?: string } | undefined;
      const pendingDays = p === undefined ? 0 : p.until !== undefined ? (p.maxDays ?? 0) : (p.days ?? 0);
      const days = expiryJson['days'] as number;
      if (days <= pendingDays) expiryJson = { ...expiryJson, days: pendingDays + days };
    }
    return compact({ pending: pendingJson, expiry: expiryJson, refunds: r.refunds });
  });
}

const lateEventsArb: fc.Arbitrary<Json | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 2 },
  { arbitrary: fc.constant({ mode: 'refuse' }), weight: 1 },
  { arbitrary: fc.constant({ mode: 'rederive' }), weight: 2 },
  {
    arbitrary: fc
      .oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 30 }))
      .map((windowDays) => ({ mode: 'rederive', windowDays })),
    weight: 2,
  },
);

// ---- issue 7: tiers ----

type MetricKind = TierMetricJson['kind'];

/** How much a threshold grows from one tier to the next, by metric kind (scale: point units per point). */
function thresholdStep(kind: MetricKind, scale: number): fc.Arbitrary<number> {
  switch (kind) {
    case 'spend':
      return fc.oneof(fc.integer({ min: 1, max: 30_000 }), fc.integer({ min: 1, max: 300_000 }));
    case 'points':
      return fc.oneof(fc.integer({ min: 1, max: 50 * scale }), fc.integer({ min: 1, max: 2000 * scale }));
    case 'qualifying':
      return fc.integer({ min: 1, max: 5000 * scale });
    case 'orders':
    case 'activeDays':
      return fc.integer({ min: 1, max: 6 });
    case 'activeMonths':
    case 'counter':
      return fc.integer({ min: 1, max: 4 });
  }
}

const tierWindowArb: fc.Arbitrary<TierWindowJson> = fc.oneof(
  fc.constant({ type: 'lifetime' as const }),
  fc.constantFrom('month', 'quarter', 'year').map((unit) => ({ type: 'calendar' as const, unit })),
  fc.integer({ min: 1, max: 24 }).map((months) => ({ type: 'rollingMonths' as const, months })),
  fc.integer({ min: 30, max: 730 }).map((days) => ({ type: 'rollingDays' as const, days })),
  fc.constant({ type: 'anniversaryYear' as const }),
  fc
    .record({
      months: fc.integer({ min: 1, max: 24 }),
      anchor: fc.constantFrom('2024-02-29', '2025-11-30', '2026-01-31', '2026-03-29'),
    })
    .map((w) => ({ type: 'fixedCycle' as const, ...w })),
);

/** Days a window looks back, as `defineProgram`'s "window shorter than the period" check counts them. */
function windowLengthDays(w: TierWindowJson): number {
  switch (w.type) {
    case 'lifetime':
      return Number.POSITIVE_INFINITY;
    case 'calendar':
      return { month: 31, quarter: 92, year: 366 }[w.unit];
    case 'rollingMonths':
    case 'fixedCycle':
      return w.months * 31 + 1;
    case 'rollingDays':
      return w.days;
    case 'anniversaryYear':
      return 366;
  }
}

/** Tier periods no retention window is shorter than. */
function periodsFor(minDays: number): Json[] {
  const out: Json[] = [];
  for (const years of [0, 1, 2]) {
    if (365 * Math.max(years, 1) <= minDays) out.push({ type: 'calendarYears', years });
  }
  for (const months of [1, 2, 3, 6, 12, 18, 24]) {
    if (months * 30 <= minDays) out.push({ type: 'months', months });
  }
  return out;
}

interface TiersDraft {
  readonly json: Json;
  readonly info: GeneratedTiers;
  /** Earning rules with `wallet: "qualifying"` to add. */
  readonly rules: Json[];
}

function tiersArb(
  precision: number,
  exponent: number,
  rewardIds: readonly string[],
  gated: boolean,
): fc.Arbitrary<TiersDraft> {
  const scale = 10 ** precision;
  const kinds: MetricKind[] = [
    'spend',
    'points',
    'qualifying',
    'orders',
    'activeDays',
    'activeMonths',
    'counter',
  ];
  const metricArb = fc.record({
    kind: fc.constantFrom(...kinds),
    window: tierWindowArb,
    customEvent: fc.constantFrom(...CUSTOM_EVENTS),
    spendBasis: rare(
      fc.record(
        {
          include: fc.subarray(['subtotal', 'tax', 'shipping'], { minLength: 1 }),
          subtract: fc.subarray(['discounts', 'giftCards', 'pointsPaid']),
        },
        { requiredKeys: [] },
      ),
      2,
    ),
  });
  const levelArb = fc.record({
    picks: fc.subarray([0, 1, 2], { minLength: 1 }),
    mode: fc.constantFrom('all', 'any'),
    operators: fc.array(fc.constantFrom('greaterThanInclusive', 'greaterThan'), {
      minLength: 3,
      maxLength: 3,
    }),
    steps: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    retention: rare(fc.constantFrom(0, 0.5, 0.8, 1), 1),
    benefits: rare(
      fc.record(
        {
          earningMultiplier: fc.constantFrom('1', '1.2', '1.5', '2', '0.5', 3),
          discountPercent: fc.constantFrom(0, 5, 12.5),
          freeShipping: fc.boolean(),
          prioritySupport: fc.boolean(),
          birthdayGift: fc.constant('gift'),
          custom: fc.constant({ lounge: true, vouchers: ['a', 'b'] }),
        },
        { requiredKeys: [] },
      ),
      1,
    ),
    name: rare(fc.constantFrom('银卡', 'Gold', '金卡'), 2),
  });
  return fc
    .record({
      metrics: fc.array(metricArb, { minLength: 1, maxLength: 3 }),
      levels: fc.array(levelArb, { minLength: 1, maxLength: 3 }),
      steps: fc.array(fc.tuple(...kinds.map((k) => thresholdStep(k, scale))), { minLength: 9, maxLength: 9 }),
      period: fc.nat(),
      downgrade: rare(fc.constantFrom('oneStep', 'toQualifying'), 1),
      graceDays: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 60 })),
      refundRevokeDays: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 1 },
        { arbitrary: fc.integer({ min: 0, max: 60 }), weight: 3 },
      ),
      qualifyingRules: fc.subarray([0, 1]),
    })
    .map((d) => {
      const metricList = d.metrics.map((m, i) => {
        const kind: MetricKind = gated && i === 0 ? 'spend' : m.kind;
        const name = `${kind}_${i}`;
        const json = compact({
          kind,
          window: m.window,
          customEvent: kind === 'counter' ? m.customEvent : undefined,
          // The gate counts what a plain purchase line costs (the default basis).
          basis: kind === 'spend' && !(gated && i === 0) ? m.spendBasis : undefined,
        }) as unknown as TierMetricJson;
        return { name, json };
      });
      const metrics = Object.fromEntries(metricList.map((m) => [m.name, m.json]));
      // Thresholds grow with rank, per metric.
      const threshold = metricList.map(() => 0);
      const levels: Json[] = [{ id: 'member', name: '普通' }];
      d.levels.forEach((l, k) => {
        const used = unique(l.picks.map((i) => i % metricList.length));
        if (gated && !used.includes(0)) used.unshift(0);
        metricList.forEach((m, i) => {
          const options = d.steps[(k * 3 + i) % d.steps.length]!;
          threshold[i]! += options[kinds.indexOf(m.json.kind)]!;
        });
        const leaf = (i: number, factor = 1) => ({
          fact: metricList[i]!.name,
          operator: l.operators[i]!,
          value: Math.floor(threshold[i]! * factor),
        });
        const mode = gated ? 'all' : l.mode;
        const condition = (factor?: number): Json =>
          used.length === 1 && l.steps[0]! % 2 === 0
            ? leaf(used[0]!, factor)
            : { [mode]: used.map((i) => leaf(i, factor)) };
        levels.push(
          compact({
            id: ['silver', 'gold', 'vip'][k]!,
            name: l.name,
            entry: condition(),
            retention: l.retention === undefined ? undefined : condition(l.retention),
            benefits:
              l.benefits === undefined
                ? undefined
                : compact({
                    ...l.benefits,
                    birthdayGift:
                      l.benefits.birthdayGift === undefined || rewardIds.length === 0
                        ? undefined
                        : rewardIds[0],
                  }),
          }),
        );
      });
      const minDays = Math.min(...metricList.map((m) => windowLengthDays(m.json.window)));
      const periods = periodsFor(minDays);
      const period = periods[d.period % periods.length]!;
      const policy = compact({
        period,
        downgrade: d.downgrade,
        graceDays: d.graceDays === 0 && d.period % 2 === 0 ? undefined : d.graceDays,
        refundRevokeDays: d.refundRevokeDays,
      });
      const per = decimalText(exponent === 0 ? 1 : 100, exponent);
      const rules: Json[] = [];
      const wantsQualifying = metricList.some((m) => m.json.kind === 'qualifying');
      if (wantsQualifying || d.qualifyingRules.includes(0)) {
        rules.push({
          id: 'qv-spend',
          kind: 'spend',
          wallet: 'qualifying',
          group: 'growth',
          rate: { points: '1', per },
        });
      }
      if (d.qualifyingRules.includes(1)) {
        rules.push({
          id: 'qv-review',
          kind: 'fixed',
          wallet: 'qualifying',
          group: 'growth',
          event: 'custom',
          customEvent: 'review',
          points: '10',
        });
      }
      return {
        json: { metrics, levels, policy },
        info: {
          levels: levels.map((l) => l['id'] as string),
          metrics,
          graceDays: d.graceDays === 0 && d.period % 2 === 0 ? 0 : d.graceDays,
          gate: gated ? metricList[0]!.name : null,
        },
        rules,
      };
    });
}

/** Adds time policies, versions and tiers to a generated program, as the options ask. */
function extendedProgramArb(p: GeneratedProgram, options: ProgramOptions): fc.Arbitrary<GeneratedProgram> {
  const count = options.versions === true ? fc.integer({ min: 1, max: 3 }) : fc.constant(1);
  const exponent = EXPONENT[p.currency];
  const tiers =
    options.tiers === undefined || options.tiers === false
      ? fc.constant(undefined)
      : tiersArb(p.precision, exponent, p.rewardIds, options.tiers === 'gated');
  return count.chain((n) =>
    fc
      .record({
        policies: fc.array(options.time === true ? timePolicyArb(p.precision) : fc.constant({}), {
          minLength: n,
          maxLength: n,
        }),
        lateEvents: options.time === true ? lateEventsArb : fc.constant(undefined),
        starts: fc.subarray([...VERSION_STARTS], { minLength: n - 1, maxLength: n - 1 }),
        firstStart: rare(fc.constant('2025-06-01T00:00:00Z'), 2),
        rates: fc.array(fc.constantFrom(undefined, '1', '2', '5', '0.5'), { minLength: n, maxLength: n }),
        tiers,
      })
      .map((d) => {
        const first = p.json.version ?? 1;
        const earning = [...(p.json.earning ?? []), ...(d.tiers?.rules ?? [])] as Json[];
        const versions = d.policies.map((policy, i) => {
          // Later versions may earn at another rate (refunds must still use the rate of the lot's version).
          const rate = i === 0 ? undefined : d.rates[i];
          const rules =
            rate === undefined
              ? earning
              : earning.map((r) =>
                  r['kind'] === 'spend' && r['wallet'] === undefined
                    ? { ...r, rate: { ...(r['rate'] as Json), points: rate } }
                    : r,
                );
          const json = compact({
            ...(p.json as unknown as Json),
            version: n === 1 ? p.json.version : first + i,
            effectiveFrom: i === 0 ? d.firstStart : d.starts[i - 1],
            earning: rules,
            ...policy,
            lateEvents: d.lateEvents,
            tiers: d.tiers?.json,
          }) as unknown as ProgramInput;
          assertValid(json);
          return json;
        });
        return { ...p, json: versions[0]!, versions, tiers: d.tiers?.info ?? null };
      }),
  );
}
