/**
 * The facts an event's conditions read (docs/facts.md): event facts, member facts as of just before
 * the event, and time facts in the member's zone. Anything costly is a lazy fact (a function the
 * rules module calls only when a condition reads it, at most once per params); every lazy read is
 * logged so an award can record the values its rule saw.
 */
import type { LoyaltyEvent, PurchaseEvent } from '../events/index.js';
import { availablePoints, type MemberState } from '../ledger/index.js';
import type { Money } from '../money/index.js';
import type { CompiledProgram } from '../program/index.js';
import {
  epochDayOf,
  isoWeekdayOfEpochDay,
  localEpochDayOf,
  MS_PER_DAY,
  msOf,
  recurrenceIn,
  wallMsOf,
  ymdOf,
  ymdOfEpochDay,
} from '../time/internal.js';
import { breakdownOf, lineBasis, type PurchaseBreakdown } from './basis.js';

const DEFAULT_BASIS = {
  subtotal: true,
  tax: false,
  shipping: false,
  discounts: true,
  giftCards: false,
  pointsPaid: true,
};

/** A lazy fact read: its params and the value it gave. */
export interface FactRead {
  readonly params: Readonly<Record<string, unknown>>;
  /** Absent when the fact was undefined (so the record stays plain JSON). */
  readonly value?: unknown;
}

/** The facts of one event, with the log of lazy reads. */
export interface EventFacts {
  readonly facts: Record<string, unknown>;
  /** Lazy facts that were read, by name. */
  readonly reads: Map<string, FactRead[]>;
  /** The purchase breakdown (computed once, on first use). */
  readonly breakdown: () => PurchaseBreakdown;
  /** Line facts (computed once). */
  readonly lineFacts: () => readonly Record<string, unknown>[];
  readonly epochMs: number;
  /** The member's local day (days since 1970-01-01 in their zone). */
  readonly localDay: number;
  readonly zone: string;
}

/** Builds the facts of an event for a member. */
export function eventFacts(
  program: CompiledProgram,
  state: MemberState,
  event: LoyaltyEvent,
  zone: string,
  extra: Readonly<Record<string, unknown>> | undefined,
): EventFacts {
  const epochMs = msOf(event.occurredAt);
  const wall = wallMsOf(epochMs, zone);
  const localDay = Math.floor(wall / MS_PER_DAY);
  const reads = new Map<string, FactRead[]>();
  const currency = program.currency;
  const m = (amount: number): Money => ({ amount, currency });

  let breakdownCache: PurchaseBreakdown | undefined;
  const breakdown = (): PurchaseBreakdown => {
    breakdownCache ??= breakdownOf(event as PurchaseEvent);
    return breakdownCache;
  };
  let linesCache: Record<string, unknown>[] | undefined;
  const lineFacts = (): readonly Record<string, unknown>[] => {
    if (linesCache !== undefined) return linesCache;
    if (event.type !== 'purchase') {
      linesCache = [];
      return linesCache;
    }
    const b = breakdown();
    linesCache = event.lines.map((l, i) => ({
      lineId: l.id,
      sku: l.sku,
      ...(l.category !== undefined ? { category: l.category } : {}),
      tags: l.tags ?? [],
      price: m(l.price),
      quantity: l.quantity,
      amount: m(b.gross[i]!),
      discount: m(b.discounts[i]!),
      tax: m(b.tax[i]!),
      attributes: l.attributes ?? {},
    }));
    return linesCache;
  };

  const memo = new Map<string, unknown>();
  const lazy = (name: string, fn: (params: Readonly<Record<string, unknown>>) => unknown) => {
    return (params: Readonly<Record<string, unknown>>): unknown => {
      let value: unknown;
      if (isEmpty(params)) {
        if (memo.has(name)) value = memo.get(name);
        else {
          value = fn(params);
          memo.set(name, value);
        }
      } else value = fn(params);
      let list = reads.get(name);
      if (list === undefined) {
        list = [];
        reads.set(name, list);
      }
      list.push(value === undefined ? { params } : { params, value });
      return value;
    };
  };

  const birthday = state.profile.birthday;
  const bd = birthday === null ? undefined : ymdOf(birthday);
  const thisYear = (): { month: number; day: number } | undefined =>
    bd === undefined ? undefined : recurrenceIn(bd, ymdOfEpochDay(localDay).year, program.leapDayBirthday);
  const isBirthdayToday = (): boolean => {
    const b = thisYear();
    const today = ymdOfEpochDay(localDay);
    return b !== undefined && b.month === today.month && b.day === today.day;
  };
  const isBirthdayMonth = (): boolean => thisYear()?.month === ymdOfEpochDay(localDay).month;
  const isBirthdayWeek = (): boolean =>
    bd !== undefined &&
    birthdayWeekYear(bd, localDay, program.leapDayBirthday, program.weekStartsOn) !== undefined;

  const facts: Record<string, unknown> = {
    eventId: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    currency,
    attributes: 'attributes' in event ? (event.attributes ?? {}) : {},
    customEvent: event.type === 'custom' ? event.name : undefined,
    referralRole:
      event.type === 'referral'
        ? event.referrerId === state.memberId
          ? 'referrer'
          : event.refereeId === state.memberId
            ? 'referee'
            : undefined
        : undefined,
    referralStatus: event.type === 'referral' ? (event.status ?? 'signedUp') : undefined,
    // member
    memberId: state.memberId,
    tier: state.tier?.id ?? null,
    joinedAt: state.joinedAt,
    birthday: birthday ?? undefined,
    tags: state.profile.tags,
    memberAttributes: state.profile.attributes,
    referredBy: state.referredBy ?? undefined,
    orderCount: state.stats.orderCount,
    isFirstPurchase: event.type === 'purchase' && state.stats.orderCount === 0,
    lastPurchaseAt: state.stats.lastPurchaseAt ?? undefined,
    lifetimeSpend: lazy('lifetimeSpend', () => m(state.stats.lifetimeSpend)),
    lifetimePoints: state.totals.earned + state.totals.adjustedIn,
    pointsBalance: lazy('pointsBalance', () => availablePoints(state.lots, event.occurredAt)),
    daysSinceJoined: lazy('daysSinceJoined', () => localDay - localEpochDayOf(msOf(state.joinedAt), zone)),
    daysSinceLastPurchase: lazy('daysSinceLastPurchase', () =>
      state.stats.lastPurchaseAt === null
        ? undefined
        : localDay - localEpochDayOf(msOf(state.stats.lastPurchaseAt), zone),
    ),
    spendInWindow: lazy('spendInWindow', (p) => m(activityIn(state, localDay, p, 1))),
    ordersInWindow: lazy('ordersInWindow', (p) => activityIn(state, localDay, p, 2)),
    // time
    localDate: lazy('localDate', () => formatDay(localDay)),
    localHour: Math.floor((wall - localDay * MS_PER_DAY) / 3_600_000),
    localWeekday: isoWeekdayOfEpochDay(localDay),
    localMonth: ymdOfEpochDay(localDay).month,
    isBirthdayToday: lazy('isBirthdayToday', isBirthdayToday),
    isBirthdayWeek: lazy('isBirthdayWeek', isBirthdayWeek),
    isBirthdayMonth: lazy('isBirthdayMonth', isBirthdayMonth),
  };
  if (event.type === 'purchase') {
    facts['orderId'] = event.orderId;
    facts['channel'] = event.channel;
    facts['store'] = event.store;
    facts['couponCodes'] = event.couponCodes ?? [];
    facts['itemCount'] = event.lines.reduce((s, l) => s + l.quantity, 0);
    facts['lines'] = lazy('lines', () => lineFacts());
    facts['total'] = lazy('total', () => m(breakdown().totals.total));
    facts['subtotal'] = lazy('subtotal', () => m(breakdown().totals.subtotal));
    facts['discounts'] = lazy('discounts', () => m(breakdown().totals.discounts));
    facts['tax'] = lazy('tax', () => m(breakdown().totals.tax));
    facts['shipping'] = lazy('shipping', () => m(breakdown().totals.shipping));
    facts['giftCards'] = lazy('giftCards', () => m(breakdown().totals.giftCards));
    facts['paidWithPoints'] = lazy('paidWithPoints', () => m(breakdown().totals.pointsPaid));
    facts['basis'] = lazy('basis', () => m(lineBasis(breakdown(), DEFAULT_BASIS).reduce((a, x) => a + x, 0)));
  }
  if (extra !== undefined) {
    for (const name of program.customFacts) {
      if (Object.hasOwn(extra, name)) facts[name] = extra[name];
    }
  }
  return { facts, reads, breakdown, lineFacts, epochMs, localDay, zone };
}

function isEmpty(o: Readonly<Record<string, unknown>>): boolean {
  for (const _ in o) return false;
  return true;
}

/** Sums activity buckets (`index` 1 = spend, 2 = orders) over the last `days` local days, today included. */
function activityIn(
  state: MemberState,
  today: number,
  params: Readonly<Record<string, unknown>>,
  index: 1 | 2,
): number {
  const days = typeof params['days'] === 'number' ? params['days'] : 0;
  const from = today - days + 1;
  let sum = 0;
  for (const bucket of state.activity) if (bucket[0] >= from && bucket[0] <= today) sum += bucket[index];
  return sum;
}

function formatDay(epochDay: number): string {
  const d = ymdOfEpochDay(epochDay);
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/**
 * The year of the birthday occurrence whose week (starting on `weekStartsOn`) holds `day`, or
 * undefined. Checks the occurrences of the previous, this and the next year.
 */
export function birthdayWeekYear(
  birthday: { readonly year: number; readonly month: number; readonly day: number },
  day: number,
  policy: 'feb28' | 'mar1',
  weekStartsOn: number,
): number | undefined {
  const year = ymdOfEpochDay(day).year;
  for (const y of [year - 1, year, year + 1]) {
    const occ = recurrenceIn(birthday, y, policy);
    const occDay = epochDayOf(occ.year, occ.month, occ.day);
    const weekday = (((occDay + 4) % 7) + 7) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
    const start = occDay - ((weekday - weekStartsOn + 7) % 7);
    if (day >= start && day < start + 7) return y;
  }
  return undefined;
}

/**
 * A fact value as an award recorded it, made readable again: a lazy fact's recorded reads
 * (`{ $reads: [{ params, value }] }`) become a function answering by params.
 */
export function recordedFact(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, '$reads')) return value;
  const reads = (value as { $reads: { params: unknown; value: unknown }[] }).$reads;
  return (params: unknown) => {
    const key = JSON.stringify(params ?? {});
    return reads.find((r) => JSON.stringify(r.params ?? {}) === key)?.value;
  };
}
