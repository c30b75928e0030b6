/**
 * Seeded generator of loyalty programs for the simulator: every rule kind (`spend` in its three
 * modes with bases, line conditions, rounding modes and scopes; `items`; `fixed` on purchase,
 * sign-up, birthday, referral and custom events; `multiplier` with `appliesTo`), stacking modes,
 * caps over every window, wallets (points and qualifying value), rewards with coupons and
 * per-member limits, gifts, redemption limits and orders, pending points (return window or until
 * the order completes), expiry (never, rolling days / months from activation or earning, calendar,
 * inactivity), refund policies (pendingOnly, clampToZero, allowNegative with or without a floor),
 * late events (refuse or rederive), tiers over every metric kind and window with periods, grace and
 * refund revocation, membership flows, guards, and one to three program versions that change
 * rates, expiry, pending, refunds, late events, tiers and more at an `effectiveFrom` inside the
 * stream. Every program goes through `validateProgram`; a refused one is a generator bug.
 */
import { type ProgramInput, validateProgram } from 'loyalty-engine';
import type { Rng } from './rng.js';
import { ZONES } from './zones.js';

type Json = Record<string, unknown>;

export const CURRENCIES = { CNY: 2, USD: 2, EUR: 2, JPY: 0 } as const;
export const CATEGORIES = ['coffee', 'food', 'merch'] as const;
export const SKUS = ['latte', 'beans', 'mug', 'tee', 'cake'] as const;
export const LINE_TAGS = ['promo', 'new', 'sale'] as const;
export const CHANNELS = ['web', 'app', 'store'] as const;
export const CUSTOM_EVENTS = ['review', 'checkIn', 'survey'] as const;
const ROUNDING = ['floor', 'ceil', 'down', 'up', 'halfUp', 'halfDown', 'halfEven'] as const;

/** A generated program (its versions) and what the event generator and the checks need to know. */
export interface SimProgram {
  /** Versions, oldest first (the first has no `effectiveFrom` or one before the member joined). */
  readonly versions: readonly ProgramInput[];
  readonly currency: keyof typeof CURRENCIES;
  /** Minor-unit exponent of the currency. */
  readonly exponent: number;
  readonly precision: number;
  /** Point units per point. */
  readonly scale: number;
  readonly zone: string;
  readonly rewardIds: readonly string[];
  readonly tierIds: readonly string[];
  /** Instants (ms) of the later versions' `effectiveFrom`. */
  readonly versionStarts: readonly number[];
  /** Whether some version lets a refund make the balance negative, and the deepest debt any allows (units). */
  readonly allowsNegative: boolean;
  readonly maxDebt: number;
  readonly anyRederive: boolean;
  readonly anyInactivity: boolean;
  /** The membership flow of the latest version (enroll uses it). */
  readonly startsApplied: boolean;
}

/** `units` written as a decimal with `decimals` decimals. */
export function decimalText(units: number, decimals: number): string {
  if (decimals === 0) return String(units);
  const s = String(Math.abs(units)).padStart(decimals + 1, '0');
  return `${units < 0 ? '-' : ''}${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

function whenCondition(rng: Rng, currency: string, exponent: number, scale: number): Json {
  const money = (units: number) => ({ amount: units * 10 ** exponent, currency });
  switch (rng.int(0, 11)) {
    case 0:
      return { all: [{ fact: 'channel', operator: 'equal', value: rng.pick(CHANNELS) }] };
    case 1:
      return { all: [{ fact: 'localWeekday', operator: 'in', value: rng.subset([1, 2, 3, 4, 5, 6, 7]) }] };
    case 2:
      return { all: [{ fact: 'orderCount', operator: 'lessThan', value: rng.int(0, 8) }] };
    case 3:
      return {
        all: [{ fact: 'total', operator: 'moneyGreaterThanInclusive', value: money(rng.int(0, 300)) }],
      };
    case 4:
      return {
        all: [
          {
            fact: 'lines',
            operator: 'anyItem',
            value: { all: [{ fact: 'category', operator: 'equal', value: rng.pick(CATEGORIES) }] },
          },
        ],
      };
    case 5:
      return { all: [{ fact: 'isFirstPurchase', operator: 'equal', value: true }] };
    case 6:
      return { all: [{ fact: 'localHour', operator: 'greaterThanInclusive', value: rng.int(0, 23) }] };
    case 7:
      return {
        all: [
          {
            fact: 'spendInWindow',
            params: { days: rng.int(1, 60) },
            operator: 'moneyGreaterThan',
            value: money(rng.int(0, 500)),
          },
        ],
      };
    case 8:
      return {
        all: [{ fact: 'pointsBalance', operator: 'greaterThan', value: rng.int(0, 300) * scale }],
      };
    case 9:
      return { all: [{ fact: 'occurredAt', operator: 'inBirthdayMonth', value: { fact: 'birthday' } }] };
    case 10:
      return { not: { fact: 'channel', operator: 'equal', value: 'store' } };
    default:
      return { condition: 'weekend' };
  }
}

function lineCondition(rng: Rng, currency: string, exponent: number): Json {
  switch (rng.int(0, 3)) {
    case 0:
      return { all: [{ fact: 'category', operator: 'equal', value: rng.pick(CATEGORIES) }] };
    case 1:
      return { any: [{ fact: 'tags', operator: 'contains', value: rng.pick(LINE_TAGS) }] };
    case 2:
      return { all: [{ fact: 'quantity', operator: 'greaterThanInclusive', value: rng.int(1, 3) }] };
    default:
      return {
        all: [
          {
            fact: 'price',
            operator: 'moneyGreaterThan',
            value: { amount: rng.int(0, 150) * 10 ** exponent, currency },
          },
        ],
      };
  }
}

interface Ctx {
  readonly rng: Rng;
  readonly currency: string;
  readonly exponent: number;
  readonly precision: number;
  readonly scale: number;
  readonly tiers: boolean;
}

const pts = (c: Ctx, whole: number): string =>
  decimalText(whole * c.scale + c.rng.int(0, c.scale - 1), c.precision);

function awardRule(c: Ctx, id: string): Json {
  const { rng } = c;
  const base: Json = {};
  if (rng.chance(0.3)) base['when'] = whenCondition(rng, c.currency, c.exponent, c.scale);
  if (rng.chance(0.3)) base['priority'] = rng.int(-1, 2);
  if (rng.chance(0.35)) base['group'] = rng.pick(['base', 'bonus', 'promo']);
  if (rng.chance(0.2)) base['campaign'] = rng.pick(['spring', 'vip']);
  if (rng.chance(0.1)) base['validFrom'] = rng.pick(['2026-03-01T00:00:00Z', '2027-01-01T00:00:00+08:00']);
  if (rng.chance(0.1)) base['validUntil'] = rng.pick(['2027-06-30T00:00:00Z', '2029-01-01T00:00:00Z']);
  if (c.tiers && rng.chance(0.15)) base['wallet'] = 'qualifying';
  const kind = rng.weighted({ spend: 5, items: 2, fixed: 4 });
  if (kind === 'spend') {
    const per = rng.pick(c.exponent === 0 ? [100, 1, 1000, 333] : [10_000, 100, 1000, 3333, 1]);
    const rule: Json = {
      id,
      kind,
      ...base,
      rate: {
        points: rng.pick(['10', '1', '0.5', '2.5', '3', '1']),
        per: decimalText(per, c.exponent),
        ...(rng.chance(0.6) ? { mode: rng.pick(['proportional', 'perFullBlock', 'perStartedBlock']) } : {}),
      },
    };
    if (rng.chance(0.3)) {
      rule['basis'] = {
        include: ['subtotal', ...rng.subset(['tax', 'shipping'], 0.3)],
        subtract: rng.subset(['discounts', 'giftCards', 'pointsPaid']),
      };
    }
    if (rng.chance(0.25)) rule['lines'] = lineCondition(rng, c.currency, c.exponent);
    if (rng.chance(0.4)) rule['rounding'] = rng.pick(ROUNDING);
    if (rng.chance(0.25)) rule['roundingScope'] = rng.pick(['order', 'line']);
    return rule;
  }
  if (kind === 'items') {
    return {
      id,
      kind,
      ...base,
      points: pts(c, rng.int(0, 30)),
      lines: lineCondition(rng, c.currency, c.exponent),
      ...(rng.chance(0.5) ? { per: rng.pick(['unit', 'line']) } : {}),
    };
  }
  const event = rng.weighted({ purchase: 3, signup: 2, birthday: 2, custom: 3, referral: 2 });
  const rule: Json = { id, kind, ...base, event, points: pts(c, rng.int(1, 150)) };
  if (event === 'birthday' && rng.chance(0.7))
    rule['birthday'] = { window: rng.pick(['day', 'week', 'month']) };
  if (event === 'custom' && rng.chance(0.7)) rule['customEvent'] = rng.pick(CUSTOM_EVENTS);
  if (event === 'referral' && rng.chance(0.7)) {
    rule['referral'] = {
      ...(rng.chance(0.6) ? { role: rng.pick(['referrer', 'referee']) } : {}),
      ...(rng.chance(0.6) ? { trigger: rng.pick(['signup', 'firstPurchase']) } : {}),
    };
  }
  return rule;
}

function multiplierRule(c: Ctx, id: string, awardIds: readonly string[]): Json {
  const { rng } = c;
  const rule: Json = { id, kind: 'multiplier', factor: rng.pick(['2', '1.5', '3', '0.5', '1', '1.25']) };
  if (rng.chance(0.5)) rule['when'] = whenCondition(rng, c.currency, c.exponent, c.scale);
  if (rng.chance(0.4)) rule['group'] = rng.pick(['multipliers', 'campaign', 'dow']);
  if (rng.chance(0.35)) {
    const appliesTo: Json = {};
    if (rng.chance(0.6)) appliesTo['kinds'] = rng.subset(['spend', 'items', 'fixed'], 0.6);
    if (awardIds.length > 0 && rng.chance(0.4)) appliesTo['rules'] = [rng.pick(awardIds)];
    rule['appliesTo'] = appliesTo;
  }
  return rule;
}

function capWindow(rng: Rng): Json {
  switch (rng.int(0, 3)) {
    case 0:
      return { type: 'rollingDays', days: rng.int(1, 60) };
    case 1:
      return { type: 'rollingMonths', months: rng.int(1, 12) };
    case 2:
      return { type: 'calendar', unit: rng.pick(['day', 'week', 'month', 'quarter', 'year']) };
    default:
      return { type: 'lifetime' };
  }
}

function metricWindow(rng: Rng, minDays: number): Json {
  const options: Json[] = [{ type: 'lifetime' }];
  if (minDays <= 366) options.push({ type: 'calendar', unit: 'year' }, { type: 'anniversaryYear' });
  if (minDays <= 92) options.push({ type: 'calendar', unit: 'quarter' });
  if (minDays <= 31) options.push({ type: 'calendar', unit: 'month' });
  const months = rng.int(Math.max(1, Math.ceil(minDays / 30)), 36);
  if (months <= 36) {
    options.push({ type: 'rollingMonths', months });
    options.push({
      type: 'fixedCycle',
      months,
      anchor: rng.pick(['2024-03-01', '2025-01-15', '2026-07-31']),
    });
  }
  const days = rng.int(Math.max(1, minDays), Math.max(minDays, 800));
  if (days <= 1096) options.push({ type: 'rollingDays', days });
  return rng.pick(options);
}

/** Per-metric-kind threshold scale: what a busy member reaches in a year or so. */
function thresholdUnit(kind: string, c: Ctx): number {
  switch (kind) {
    case 'spend':
      return 100 * 10 ** c.exponent; // 100.00
    case 'points':
    case 'qualifying':
      return 50 * c.scale;
    case 'orders':
      return 2;
    case 'activeDays':
      return 2;
    case 'activeMonths':
      return 1;
    default:
      return 1;
  }
}

function tiersOf(c: Ctx, rewardIds: readonly string[]): Json {
  const { rng } = c;
  const period = rng.chance(0.6)
    ? { type: 'calendarYears', years: rng.int(0, 2) }
    : { type: 'months', months: rng.pick([1, 3, 6, 12, 18]) };
  const periodDays =
    period.type === 'calendarYears' ? 365 * Math.max(period.years ?? 1, 1) : (period.months ?? 1) * 30;
  const kinds = ['spend', 'points', 'qualifying', 'orders', 'activeDays', 'activeMonths', 'counter'];
  const metricCount = rng.int(1, 3);
  const metrics: Record<string, Json> = {};
  const names: string[] = [];
  for (let i = 0; i < metricCount; i++) {
    const kind = rng.pick(kinds);
    const name = `${kind}${i}`;
    const m: Json = { kind, window: metricWindow(rng, periodDays) };
    if (kind === 'counter') m['customEvent'] = rng.pick(CUSTOM_EVENTS);
    if (kind === 'spend' && rng.chance(0.3))
      m['basis'] = { include: ['subtotal', 'tax'], subtract: ['discounts'] };
    metrics[name] = m;
    names.push(name);
  }
  const levelCount = rng.int(2, 4);
  const levels: Json[] = [{ id: 't0', name: 'Member' }];
  // Thresholds per metric increase with rank.
  const last = new Map<string, number>();
  for (let rank = 1; rank < levelCount; rank++) {
    const used = rng.subset(names, 0.6);
    if (used.length === 0) used.push(rng.pick(names));
    const leaves: Json[] = [];
    const keep: Json[] = [];
    for (const name of used) {
      const unit = thresholdUnit((metrics[name] as { kind: string }).kind, c);
      const value = (last.get(name) ?? 0) + unit * rng.int(1, 12);
      last.set(name, value);
      leaves.push({ fact: name, operator: rng.pick(['greaterThanInclusive', 'greaterThan']), value });
      keep.push({
        fact: name,
        operator: 'greaterThanInclusive',
        value: Math.floor(value * rng.pick([0.5, 0.8, 1])),
      });
    }
    const mode = rng.chance(0.7) ? 'all' : 'any';
    const level: Json = {
      id: `t${rank}`,
      name: `Tier ${rank}`,
      entry: leaves.length === 1 ? leaves[0] : { [mode]: leaves },
    };
    if (rng.chance(0.6)) level['retention'] = keep.length === 1 ? keep[0] : { [mode]: keep };
    const benefits: Json = {};
    if (rng.chance(0.6)) benefits['earningMultiplier'] = rng.pick(['1.2', '1.5', '2', '1']);
    if (rng.chance(0.3)) benefits['discountPercent'] = rng.int(0, 20);
    if (rewardIds.length > 0 && rng.chance(0.2)) benefits['birthdayGift'] = rng.pick(rewardIds);
    if (Object.keys(benefits).length > 0) level['benefits'] = benefits;
    levels.push(level);
  }
  const policy: Json = { period };
  if (rng.chance(0.5)) policy['downgrade'] = rng.pick(['oneStep', 'toQualifying']);
  if (rng.chance(0.5)) policy['graceDays'] = rng.int(0, 60);
  if (rng.chance(0.4)) policy['refundRevokeDays'] = rng.int(0, 30);
  return { metrics, levels, policy };
}

function expiryOf(rng: Rng, pendingDays: number): Json | undefined {
  switch (rng.weighted({ none: 2, never: 1, rollingDays: 2, rollingMonths: 2, calendar: 2, inactivity: 2 })) {
    case 'none':
      return undefined;
    case 'never':
      return { mode: 'never' };
    case 'rollingDays': {
      const from = rng.pick(['activated', 'earned', undefined]);
      const min = from === 'earned' ? pendingDays + 1 : 1;
      return {
        mode: 'rolling',
        days: rng.int(min, min + rng.pick([5, 30, 120, 400])),
        ...(from ? { from } : {}),
      };
    }
    case 'rollingMonths':
      return { mode: 'rolling', months: rng.int(1, 18), ...(rng.chance(0.5) ? { from: 'activated' } : {}) };
    case 'calendar':
      return {
        mode: 'calendar',
        unit: rng.pick(['month', 'quarter', 'year']),
        ...(rng.chance(0.6) ? { periodsLater: rng.int(0, 2) } : {}),
      };
    default:
      return {
        mode: 'inactivity',
        days: rng.int(5, 200),
        ...(rng.chance(0.5)
          ? {
              resetBy: rng.subset(
                [
                  'purchase',
                  'redemption',
                  'earning',
                  'signup',
                  'birthday',
                  'referral',
                  'custom',
                  'adjustment',
                ],
                0.4,
              ),
            }
          : {}),
      };
  }
}

function pendingOf(rng: Rng, awardIds: readonly string[]): Json | undefined {
  switch (rng.weighted({ none: 3, days: 3, completed: 2 })) {
    case 'none':
      return undefined;
    case 'days': {
      const p: Json = { days: rng.pick([0, 1, 7, 14, 30]) };
      if (awardIds.length > 0 && rng.chance(0.2)) p['appliesTo'] = { rules: [rng.pick(awardIds)] };
      if (rng.chance(0.15)) p['appliesTo'] = { kinds: rng.subset(['spend', 'items', 'fixed']) };
      return p;
    }
    default:
      return { until: 'orderCompleted', ...(rng.chance(0.6) ? { maxDays: rng.int(1, 60) } : {}) };
  }
}

/** One program version's JSON (without id, version and effectiveFrom). */
function versionBody(c: Ctx, zone: string, ruleSalt: string): { json: Json; rewardIds: string[] } {
  const { rng } = c;
  const awardCount = rng.int(1, 5);
  const awardIds = Array.from({ length: awardCount }, (_, i) => `r${ruleSalt}${i}`);
  const earning: Json[] = awardIds.map((id) => awardRule(c, id));
  const multipliers = rng.int(0, 2);
  for (let i = 0; i < multipliers; i++) earning.push(multiplierRule(c, `x${ruleSalt}${i}`, awardIds));
  if (rng.chance(0.08) && earning.length > 1) earning[0] = { ...earning[0], enabled: false };
  // Groups hold either awards or multipliers: drop a group name shared across the two.
  const awardGroups = new Set(
    earning.filter((r) => r['kind'] !== 'multiplier').map((r) => r['group'] ?? 'base'),
  );
  for (const r of earning) {
    if (r['kind'] === 'multiplier' && awardGroups.has((r['group'] as string | undefined) ?? 'multipliers')) {
      delete r['group'];
    }
  }
  const stacking: Json = {};
  for (const r of earning) {
    if (r['enabled'] === false || !rng.chance(0.4)) continue;
    const multiplier = r['kind'] === 'multiplier';
    const group = (r['group'] as string | undefined) ?? (multiplier ? 'multipliers' : 'base');
    stacking[group] = multiplier
      ? rng.pick(['multiply', 'max', 'sum', 'first'])
      : rng.pick(['sum', 'max', 'first']);
  }
  const json: Json = { earning };
  if (Object.keys(stacking).length > 0) json['stacking'] = stacking;
  const enabledAwards = earning
    .filter((r) => r['enabled'] !== false && r['kind'] !== 'multiplier')
    .map((r) => r['id'] as string);
  if (rng.chance(0.4)) {
    json['caps'] = Array.from({ length: rng.int(1, 2) }, (_, i) => {
      const cap: Json = { id: `cap${i}`, window: capWindow(rng) };
      const which = rng.int(0, 2);
      if (which !== 1) cap['points'] = decimalText(rng.int(5, 400) * c.scale, c.precision);
      if (which !== 0) cap['count'] = rng.int(0, 6);
      if (enabledAwards.length > 0 && rng.chance(0.4))
        cap['appliesTo'] = { rules: [rng.pick(enabledAwards)] };
      return cap;
    });
  }
  const rewardIds: string[] = [];
  if (rng.chance(0.8)) {
    const rewards: Json[] = [];
    for (const id of ['coffee', 'mug', 'voucher']) {
      if (!rng.chance(0.7)) continue;
      const reward: Json = { id, points: decimalText(rng.int(1, 300) * c.scale, c.precision) };
      if (id === 'voucher') {
        reward['kind'] = 'coupon';
        reward['coupon'] = {
          discount: rng.chance(0.5)
            ? { type: 'amountOff', amount: decimalText(rng.int(1, 50) * 10 ** c.exponent, c.exponent) }
            : { type: 'percentOff', percent: rng.int(5, 30) },
          ...(rng.chance(0.5) ? { validDays: rng.int(1, 60) } : {}),
        };
      }
      if (rng.chance(0.3)) {
        reward['limitPerMember'] = {
          count: rng.int(1, 3),
          ...(rng.chance(0.5)
            ? {
                window: rng.pick([
                  { type: 'lifetime' },
                  { type: 'calendar', unit: rng.pick(['day', 'week', 'month', 'quarter', 'year']) },
                  { type: 'rollingDays', days: rng.int(1, 60) },
                ]),
              }
            : {}),
        };
      }
      rewards.push(reward);
      rewardIds.push(id);
    }
    if (rng.chance(0.3)) {
      rewards.push({ id: 'welcome-pack', points: '0' });
      json['gifts'] = [
        { id: 'g-activation', on: 'activation', rewards: ['welcome-pack'] },
        ...(rng.chance(0.5) ? [{ id: 'g-bday', on: 'birthdayMonth', rewards: ['welcome-pack'] }] : []),
      ];
    }
    if (rewards.length > 0) json['rewards'] = rewards;
  }
  if (rng.chance(0.6)) {
    const r: Json = {};
    if (rng.chance(0.5)) r['order'] = rng.pick(['expiryFirst', 'earnedFirst']);
    if (rng.chance(0.3)) r['minPoints'] = decimalText(rng.int(0, 20) * c.scale, c.precision);
    if (rng.chance(0.3)) r['maxPointsPerOrder'] = decimalText(rng.int(100, 3000) * c.scale, c.precision);
    if (rng.chance(0.3)) r['multipleOf'] = decimalText(rng.pick([1, 5, 10]) * c.scale, c.precision);
    if (rng.chance(0.4)) r['cancellableDays'] = rng.pick([0, 1, 7, 30, 365]);
    json['redemption'] = r;
  }
  const pending = pendingOf(rng, enabledAwards);
  if (pending !== undefined) json['pending'] = pending;
  const expiry = expiryOf(rng, (pending?.['days'] as number | undefined) ?? 0);
  if (expiry !== undefined) json['expiry'] = expiry;
  if (rng.chance(0.75)) {
    const policy = rng.pick(['pendingOnly', 'clampToZero', 'allowNegative'] as const);
    const refunds: Json = { policy };
    if (policy === 'allowNegative' && rng.chance(0.6)) {
      refunds['negativeFloor'] = decimalText(-rng.int(0, 200) * c.scale, c.precision);
    }
    json['refunds'] = refunds;
  }
  if (rng.chance(0.5)) {
    json['lateEvents'] = rng.chance(0.75)
      ? { mode: 'rederive', ...(rng.chance(0.6) ? { windowDays: rng.pick([1, 3, 7, 30]) } : {}) }
      : { mode: 'refuse' };
  }
  if (rng.chance(0.25)) json['idempotency'] = { recentEvents: rng.pick([3, 10, 50]) };
  if (rng.chance(0.3)) json['orderRetentionDays'] = rng.pick([0, 7, 30, 90, 400]);
  if (rng.chance(0.3)) {
    json['guards'] = {
      ...(rng.chance(0.4) ? { maxAwardsPerHour: rng.int(1, 10) } : {}),
      ...(rng.chance(0.3) ? { circularReferrals: rng.pick(['block', 'allow']) } : {}),
      ...(rng.chance(0.3) ? { noEarningOnPointsPaid: rng.chance(0.5) } : {}),
      ...(rng.chance(0.3) ? { flagRefundAfterRedeem: rng.chance(0.5) } : {}),
    };
  }
  if (c.tiers) {
    json['tiers'] = tiersOf(c, rewardIds);
    if (json['gifts'] !== undefined && rng.chance(0.5)) {
      (json['gifts'] as Json[]).push({
        id: 'g-tier',
        on: 'tierReached',
        tierId: 't1',
        rewards: ['welcome-pack'],
      });
    }
  } else {
    // qualifying value needs tiers
    for (const r of earning) delete r['wallet'];
  }
  if (rng.chance(0.1)) json['weekStartsOn'] = rng.int(0, 6);
  if (rng.chance(0.1)) json['leapDayBirthday'] = rng.pick(['feb28', 'mar1']);
  void zone;
  return { json, rewardIds };
}

function membershipOf(rng: Rng): Json | undefined {
  if (!rng.chance(0.3)) return undefined;
  return {
    ...(rng.chance(0.4) ? { start: rng.pick(['applied', 'active']) } : {}),
    ...(rng.chance(0.4) ? { verification: rng.chance(0.5) } : {}),
    ...(rng.chance(0.4) ? { accrueWhileSuspended: rng.chance(0.5) } : {}),
    ...(rng.chance(0.4) ? { onClose: rng.pick(['forfeit', 'keep']) } : {}),
  };
}

/**
 * A valid program with one to three versions. `joinedMs` is when the member joins; later versions
 * take effect between it and `endMs`.
 */
export function generateProgram(rng: Rng, joinedMs: number, endMs: number): SimProgram {
  for (let attempt = 0; attempt < 50; attempt++) {
    const p = tryProgram(rng.fork(), joinedMs, endMs);
    const bad = p.versions.map((v) => validateProgram(v)).find((r) => !r.success);
    if (bad === undefined) return p;
    if (attempt === 49) {
      throw new Error(
        `The program generator keeps making invalid programs: ${JSON.stringify(bad.success ? null : bad.error.issues)}`,
      );
    }
  }
  throw new Error('unreachable');
}

function tryProgram(rng: Rng, joinedMs: number, endMs: number): SimProgram {
  const currency = rng.pick(Object.keys(CURRENCIES) as (keyof typeof CURRENCIES)[]);
  const exponent = CURRENCIES[currency];
  const precision = rng.pick([0, 0, 0, 1, 2]);
  const scale = 10 ** precision;
  const zone = rng.pick(ZONES);
  const tiers = rng.chance(0.55);
  const c: Ctx = { rng, currency, exponent, precision, scale, tiers };
  const membership = membershipOf(rng);
  const count = rng.weighted({ one: 4, two: 3, three: 2 });
  const n = count === 'one' ? 1 : count === 'two' ? 2 : 3;
  const starts: number[] = [];
  for (let i = 1; i < n; i++) {
    const prev = starts[starts.length - 1] ?? joinedMs;
    const t = prev + Math.floor(rng.next() * ((endMs - prev) / (n - i + 1)));
    starts.push(Math.max(prev + 60_000, t - (t % 60_000)));
  }
  const versions: ProgramInput[] = [];
  let rewardIds: string[] = [];
  let first: { json: Json; rewardIds: string[] } | undefined;
  for (let i = 0; i < n; i++) {
    // A later version either re-rolls everything (new rule ids) or changes a few parts of the first.
    let body: { json: Json; rewardIds: string[] };
    if (i === 0 || first === undefined) {
      body = versionBody(c, zone, 'a');
      first = body;
    } else if (rng.chance(0.5)) {
      body = versionBody(c, zone, String.fromCharCode(97 + i));
    } else {
      const other = versionBody(c, zone, String.fromCharCode(97 + i));
      const json = structuredClone(first.json);
      for (const key of ['pending', 'expiry', 'refunds', 'lateEvents', 'redemption', 'caps', 'idempotency']) {
        if (!rng.chance(0.4)) continue;
        if (other.json[key] === undefined) delete json[key];
        else json[key] = other.json[key];
      }
      if (rng.chance(0.5) && other.json['tiers'] !== undefined) json['tiers'] = other.json['tiers'];
      if (rng.chance(0.5))
        json['earning'] = [...(json['earning'] as Json[]), ...(other.json['earning'] as Json[]).slice(0, 1)];
      body = { json, rewardIds: first.rewardIds };
    }
    rewardIds = [...new Set([...rewardIds, ...body.rewardIds])];
    const v: Json = {
      id: 'sim-club',
      name: 'Simulated club',
      version: i + 1,
      currency,
      timeZone: zone,
      ...(precision > 0 || rng.chance(0.5) ? { pointsPrecision: precision } : {}),
      conditions: { weekend: { all: [{ fact: 'localWeekday', operator: 'in', value: [6, 7] }] } },
      ...body.json,
      ...(membership !== undefined ? { membership } : {}),
    };
    if (i === 0 && rng.chance(0.3))
      v['effectiveFrom'] = new Date(joinedMs - rng.int(0, 400) * 86_400_000).toISOString();
    if (i > 0) v['effectiveFrom'] = new Date(starts[i - 1]!).toISOString();
    versions.push(v as unknown as ProgramInput);
  }
  const tierIds = [
    ...new Set(
      versions.flatMap((v) =>
        ((v as { tiers?: { levels: readonly { id: string }[] } }).tiers?.levels ?? []).map((l) => l.id),
      ),
    ),
  ];
  let allowsNegative = false;
  let maxDebt = 0;
  for (const v of versions) {
    const r = (v as { refunds?: { policy?: string; negativeFloor?: string } }).refunds;
    if (r?.policy !== 'allowNegative') continue;
    allowsNegative = true;
    const floor =
      r.negativeFloor === undefined ? Number.POSITIVE_INFINITY : -Math.round(Number(r.negativeFloor) * scale);
    maxDebt = Math.max(maxDebt, floor);
  }
  const mode = (v: ProgramInput, key: string): string | undefined =>
    ((v as unknown as Json)[key] as { mode?: string } | undefined)?.mode;
  const anyRederive = versions.some((v) => mode(v, 'lateEvents') === 'rederive');
  return {
    versions,
    currency,
    exponent,
    precision,
    scale,
    zone,
    rewardIds,
    tierIds,
    versionStarts: starts,
    allowsNegative,
    maxDebt,
    anyRederive,
    anyInactivity: versions.some((v) => mode(v, 'expiry') === 'inactivity'),
    startsApplied: (membership?.['start'] as string | undefined) === 'applied',
  };
}
