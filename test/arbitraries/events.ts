/**
 * fast-check generators of one member's event stream for a generated program
 * (test/arbitraries/program.ts): purchases (lines with sku/category/tags/quantity/price/discount/tax,
 * order discounts, shipping, gift card / points / other payments), sign-ups, birthdays, referrals
 * (the member as referrer or referee, both statuses), custom events, redemptions by points and by
 * reward (some too large, below the minimum, not a multiple, of unknown rewards), cancellations
 * (of earlier redemptions, of unknown ones, twice), adjustments (+/-), verbatim re-sends of earlier
 * events, late events, and events that are invalid in shape or meaning. For programs with refund
 * policies (`refundsAndLate`): refunds of earlier orders (whole, or some units of one line) and
 * events a little late (minutes to weeks before the latest one, within reach of a re-derivation).
 *
 * Times do not decrease along the stream (except deliberately late events): they cluster around
 * month and year ends and the DST changes of the program zones, in 2026-2028, and are written in
 * UTC or with offsets.
 */
import fc from 'fast-check';
import type { EnrollInput } from 'loyalty-engine';
import {
  CATEGORIES,
  CHANNELS,
  CUSTOM_EVENTS,
  type GeneratedProgram,
  LINE_TAGS,
  SKUS,
  TIME_ZONES,
} from './program.js';

/** Instants where calendar logic is easy to get wrong. */
export const ANCHORS: readonly string[] = [
  '2026-01-31T15:30:00Z', // Shanghai: 23:30 on the last day of January
  '2026-02-28T16:00:00Z', // Shanghai: midnight starting 1 March
  '2026-03-08T06:30:00Z', // New York: DST starts at 07:00Z
  '2026-03-29T00:30:00Z', // Berlin: DST starts at 01:00Z
  '2026-03-31T22:30:00Z', // Berlin: 00:30 on 1 April (CEST)
  '2026-06-30T23:59:00Z', // UTC half-year end
  '2026-09-30T16:00:00Z', // Shanghai: quarter end/start
  '2026-10-25T00:30:00Z', // Berlin: DST ends at 01:00Z
  '2026-11-01T05:30:00Z', // New York: DST ends at 06:00Z
  '2026-12-31T15:59:00Z', // Shanghai: 23:59 on 31 December
  '2026-12-31T22:59:00Z', // Berlin: 23:59 on 31 December
  '2027-01-01T04:59:00Z', // New York: 23:59 on 31 December
  '2027-03-14T06:59:00Z', // New York: DST starts 2027
  '2027-12-31T23:59:00Z', // UTC year end
  '2028-02-28T23:00:00Z', // leap year: 29 February in Berlin and Shanghai
  '2028-02-29T16:00:00Z', // Shanghai: 1 March 2028
];

/** When the generated member joined: before every anchor. */
export const JOINED_AT = '2025-12-15T00:00:00Z';
export const MEMBER_ID = 'm-1';

/** A member and the events sent for them, in order. */
export interface Stream {
  readonly member: EnrollInput;
  readonly events: readonly unknown[];
}

/** Options of {@link streamArb}. */
export interface StreamOptions {
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Re-sent events are among the last `dupWindow` events of the stream (default 30). */
  readonly dupWindow?: number;
}

const INVALID_KINDS = [
  'wrongCurrency',
  'discountAboveGross',
  'noLines',
  'zeroQuantity',
  'unknownType',
  'extraField',
  'badInstant',
  'zeroAdjustment',
  'pointsAndReward',
  'selfReferral',
  'otherMember',
  'beforeJoined',
  'notInReferral',
  'overpaid',
  'orderDiscountAboveLines',
  'notAnObject',
  'quantityWithoutReward',
] as const;

type Intent =
  | { readonly k: 'purchase'; readonly p: PurchaseSpec }
  | { readonly k: 'signup'; readonly referredBy: string | undefined }
  | { readonly k: 'birthday' }
  | {
      readonly k: 'referral';
      readonly role: 'referrer' | 'referee';
      readonly friend: number;
      readonly status: 'signedUp' | 'qualified' | undefined;
    }
  | { readonly k: 'custom'; readonly name: string; readonly source: string | undefined }
  | { readonly k: 'redeemPoints'; readonly units: number; readonly cancelAfter: number | undefined }
  | { readonly k: 'redeemReward'; readonly reward: number; readonly quantity: number | undefined }
  | { readonly k: 'cancel'; readonly pick: number; readonly target: 'redemption' | 'unknown' | 'other' }
  | { readonly k: 'adjust'; readonly units: number }
  | { readonly k: 'dup'; readonly back: number }
  | { readonly k: 'refund'; readonly pick: number; readonly line: number | undefined; readonly units: number }
  | { readonly k: 'drain'; readonly refund: number | undefined }
  | { readonly k: 'invalid'; readonly what: (typeof INVALID_KINDS)[number]; readonly p: PurchaseSpec };

interface LineSpec {
  readonly sku: string;
  readonly category: string | undefined;
  readonly tags: readonly string[] | undefined;
  readonly quantity: number;
  readonly price: number;
  /** Per mille of the line's gross amount. */
  readonly discount: number | undefined;
  readonly tax: number | undefined;
  readonly withId: boolean;
}

interface PurchaseSpec {
  readonly lines: readonly LineSpec[];
  /** Per mille of the merchandise total. */
  readonly orderDiscount: number | undefined;
  readonly shipping: number | undefined;
  readonly shippingTax: number | undefined;
  /** Methods and per-mille shares of the order total. */
  readonly payments: readonly { readonly method: string; readonly share: number }[];
  readonly channel: string | undefined;
  readonly store: string | undefined;
  readonly coupons: readonly string[] | undefined;
  readonly source: string | undefined;
  /** An explicit order id from a small set (so some collide), or the event id. */
  readonly orderId: number | undefined;
}

const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** Amounts are minor units of any currency (30,000 is 300.00 CNY or 30,000 JPY). */
function purchaseSpec(): fc.Arbitrary<PurchaseSpec> {
  const line: fc.Arbitrary<LineSpec> = fc.record({
    sku: fc.constantFrom(...SKUS),
    category: opt(fc.constantFrom(...CATEGORIES)),
    tags: opt(fc.subarray([...LINE_TAGS])),
    quantity: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 12 })),
    price: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 30_000 }), weight: 5 },
      { arbitrary: fc.constantFrom(0, 1, 99, 100, 9999, 10_000, 19_990), weight: 2 },
    ),
    discount: opt(fc.integer({ min: 0, max: 1000 })),
    tax: opt(fc.integer({ min: 0, max: 3000 })),
    withId: fc.boolean(),
  });
  return fc.record({
    lines: fc.array(line, { minLength: 1, maxLength: 4 }),
    orderDiscount: opt(fc.integer({ min: 0, max: 1000 })),
    shipping: opt(fc.integer({ min: 0, max: 1500 })),
    shippingTax: opt(fc.integer({ min: 0, max: 200 })),
    payments: fc.array(
      fc.record({
        method: fc.constantFrom('giftCard', 'points', 'card', 'wechat'),
        share: fc.integer({ min: 0, max: 600 }),
      }),
      { maxLength: 3 },
    ),
    channel: opt(fc.constantFrom(...CHANNELS)),
    store: opt(fc.constantFrom('s1', 's2')),
    coupons: opt(fc.subarray(['WELCOME', 'SPRING10'])),
    source: opt(fc.constantFrom('app', 'web')),
    orderId: fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary: fc.nat(3), weight: 1 }),
  });
}

/** The purchase event of a spec (valid: discounts within amounts, payments within the total). */
function purchaseEvent(
  spec: PurchaseSpec,
  id: string,
  at: string,
  currency: string,
): Record<string, unknown> {
  let merchandise = 0;
  const lines = spec.lines.map((l, i) => {
    const gross = l.price * l.quantity;
    const discount = l.discount === undefined ? undefined : Math.floor((gross * l.discount) / 1000);
    merchandise += gross - (discount ?? 0) + (l.tax ?? 0);
    return compact({
      id: l.withId ? `L${i + 1}` : undefined,
      sku: l.sku,
      category: l.category,
      tags: l.tags,
      quantity: l.quantity,
      price: l.price,
      discount,
      tax: l.tax,
    });
  });
  const orderDiscount =
    spec.orderDiscount === undefined ? undefined : Math.floor((merchandise * spec.orderDiscount) / 1000);
  const total = merchandise - (orderDiscount ?? 0) + (spec.shipping ?? 0) + (spec.shippingTax ?? 0);
  let left = total;
  const payments: { method: string; amount: number }[] = [];
  for (const p of spec.payments) {
    const amount = Math.min(left, Math.floor((total * p.share) / 1000));
    if (amount > 0) {
      payments.push({ method: p.method, amount });
      left -= amount;
    }
  }
  return compact({
    type: 'purchase',
    id,
    occurredAt: at,
    orderId: spec.orderId === undefined ? undefined : `order-${spec.orderId}`,
    currency,
    lines,
    orderDiscount,
    shipping: spec.shipping,
    shippingTax: spec.shippingTax,
    payments: payments.length > 0 ? payments : undefined,
    channel: spec.channel,
    store: spec.store,
    couponCodes: spec.coupons,
    attributes: spec.source === undefined ? undefined : { source: spec.source },
  });
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

function intentArb(p: GeneratedProgram, dupWindow: number): fc.Arbitrary<Intent> {
  const s = p.scale;
  const step = p.redeemStep;
  const purchase = purchaseSpec();
  return fc.oneof(
    { arbitrary: purchase.map((spec) => ({ k: 'purchase' as const, p: spec })), weight: 30 },
    {
      arbitrary: opt(fc.constantFrom('f-1', 'f-2')).map((referredBy) => ({
        k: 'signup' as const,
        referredBy,
      })),
      weight: 3,
    },
    { arbitrary: fc.constant({ k: 'birthday' as const }), weight: 4 },
    {
      arbitrary: fc.record({
        k: fc.constant('referral' as const),
        role: fc.constantFrom('referrer' as const, 'referee' as const),
        friend: fc.integer({ min: 1, max: 4 }),
        status: opt(fc.constantFrom('signedUp' as const, 'qualified' as const)),
      }),
      weight: 6,
    },
    {
      arbitrary: fc.record({
        k: fc.constant('custom' as const),
        name: fc.constantFrom(...CUSTOM_EVENTS, 'other'),
        source: opt(fc.constantFrom('app', 'web')),
      }),
      weight: 5,
    },
    {
      arbitrary: fc
        .oneof(
          // Allowed amounts (a multiple of multipleOf, at least minPoints), most of them small.
          {
            arbitrary: fc
              .integer({ min: 1, max: 8 })
              .map((n) => Math.ceil(Math.max(p.redeemMin, n * 5 * s) / step) * step),
            weight: 6,
          },
          { arbitrary: fc.integer({ min: 1, max: 60 }).map((n) => n * s), weight: 2 },
          { arbitrary: fc.integer({ min: 1, max: 50 * s }), weight: 1 },
          { arbitrary: fc.constant(10_000_000 * s), weight: 1 },
        )
        .chain((units) =>
          // Some redemptions are cancelled right away: after 0 s up to 8 days (around short cancellableDays).
          fc
            .oneof(
              { arbitrary: fc.constant(undefined), weight: 3 },
              {
                arbitrary: fc.constantFrom(0, 1_000, 60_000, 3_600_000, 86_400_000 + 1, 8 * 86_400_000),
                weight: 1,
              },
            )
            .map((cancelAfter) => ({ k: 'redeemPoints' as const, units, cancelAfter })),
        ),
      weight: 10,
    },
    {
      arbitrary: fc.record({
        k: fc.constant('redeemReward' as const),
        reward: fc.nat(),
        quantity: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, fc.integer({ min: 1, max: 3 })),
      }),
      weight: 6,
    },
    {
      arbitrary: fc.record({
        k: fc.constant('cancel' as const),
        pick: fc.nat(),
        target: fc.constantFrom(
          'redemption' as const,
          'redemption' as const,
          'redemption' as const,
          'unknown' as const,
          'other' as const,
        ),
      }),
      weight: 7,
    },
    {
      arbitrary: fc
        .oneof(
          fc.integer({ min: 1, max: 500 * s }),
          fc.integer({ min: -500 * s, max: -1 }),
          fc.constant(-1_000_000 * s),
        )
        .map((units) => ({ k: 'adjust' as const, units })),
      weight: 6,
    },
    {
      arbitrary: fc.integer({ min: 1, max: dupWindow }).map((back) => ({ k: 'dup' as const, back })),
      weight: 8,
    },
    {
      arbitrary: fc.record({
        k: fc.constant('invalid' as const),
        what: fc.constantFrom(...INVALID_KINDS),
        p: purchase,
      }),
      weight: 5,
    },
    // Only for programs with refund policies: a refund of an earlier order (mostly a recent one),
    // whole or some units of one line (sometimes more than were bought).
    ...(p.refunds
      ? [
          {
            arbitrary: fc.record({
              k: fc.constant('refund' as const),
              pick: fc.nat(),
              line: opt(fc.nat(4)),
              units: fc.integer({ min: 1, max: 4 }),
            }),
            weight: 10,
          },
          // Redemptions of 2^k steps, k = 20 down to 0, at one instant: whatever the balance, they
          // spend most of it, so a refund after them (mostly right after) takes back points already
          // spent: a debt under allowNegative.
          {
            arbitrary: fc.record({
              k: fc.constant('drain' as const),
              refund: fc.oneof({ arbitrary: fc.nat(), weight: 3 }, fc.constant(undefined)),
            }),
            weight: 4,
          },
        ]
      : []),
  );
}

/** An instant as text: canonical UTC, UTC without milliseconds, or with an offset. */
function instantText(ms: number, style: number): string {
  const offsets = [0, 0, 480, -300, 60];
  const off = offsets[style % offsets.length]!;
  if (off === 0)
    return style % 2 === 0 ? new Date(ms).toISOString() : new Date(ms).toISOString().replace('.000Z', 'Z');
  const local = new Date(ms + off * 60_000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

interface Timed {
  readonly intent: Intent;
  readonly ms: number;
  readonly style: number;
  readonly late: boolean;
  /** Minutes before the latest event so far (a little late; 0 = not). */
  readonly lateBy: number;
}

const timed = (intent: fc.Arbitrary<Intent>, recentLate = false): fc.Arbitrary<Timed> =>
  fc
    .record({
      intent,
      lateBy: recentLate
        ? fc.oneof(
            { arbitrary: fc.constant(0), weight: 6 },
            { arbitrary: fc.integer({ min: 1, max: 20 * 1440 }), weight: 1 },
          )
        : fc.constant(0),
      anchor: fc.nat(ANCHORS.length - 1),
      jitter: fc.oneof(
        { arbitrary: fc.constant(0), weight: 3 },
        { arbitrary: fc.integer({ min: -180, max: 180 }), weight: 4 },
        { arbitrary: fc.integer({ min: -20 * 1440, max: 20 * 1440 }), weight: 3 },
      ),
      style: fc.nat(9),
      late: fc.integer({ min: 0, max: 39 }).map((n) => n === 0),
    })
    .map((r) => ({
      intent: r.intent,
      ms: Date.parse(ANCHORS[r.anchor]!) + r.jitter * 60_000,
      style: r.style,
      late: r.late,
      lateBy: r.lateBy,
    }));

/** A member to enroll: a birthday (sometimes 29 February or without a year), sometimes their own zone. */
export const memberArb: fc.Arbitrary<EnrollInput> = fc
  .record({
    birthday: opt(
      fc.constantFrom('1990-03-15', '1992-02-29', '1985-12-31', '0000-01-01', '2000-10-25', '1999-03-29'),
    ),
    timeZone: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, fc.constantFrom(...TIME_ZONES)),
    tags: opt(fc.subarray(['vip', 'staff'])),
  })
  .map((m) => compact({ memberId: MEMBER_ID, joinedAt: JOINED_AT, ...m }) as unknown as EnrollInput);

/** A member and a stream of events for program `p` (see the file comment). */
export function streamArb(p: GeneratedProgram, options: StreamOptions = {}): fc.Arbitrary<Stream> {
  const dupWindow = options.dupWindow ?? 30;
  return fc
    .record({
      member: memberArb,
      items: fc.array(timed(intentArb(p, dupWindow), p.refunds), {
        minLength: options.minLength ?? 1,
        maxLength: options.maxLength ?? 60,
        size: 'max',
      }),
    })
    .map(({ member, items }) => ({ member, events: buildEvents(p, items) }));
}

function buildEvents(p: GeneratedProgram, items: readonly Timed[]): unknown[] {
  const sorted = [...items].sort((a, b) => a.ms - b.ms);
  const events: unknown[] = [];
  const redemptionIds: string[] = [];
  const orders: { orderId: string; lines: { id: string; quantity: number }[] }[] = [];
  const joinedMs = Date.parse(JOINED_AT);
  let latestMs = joinedMs;
  sorted.forEach((item, i) => {
    const id = `e-${i}`;
    // A late event goes back to just after the member joined: refused unless nothing came before it.
    // One a little late goes back minutes to weeks before the latest event (re-derived, or refused).
    const ms = item.late
      ? joinedMs + 3_600_000
      : item.lateBy > 0 && i > 0
        ? Math.max(joinedMs + 3_600_000, latestMs - item.lateBy * 60_000)
        : item.ms;
    latestMs = Math.max(latestMs, ms);
    const at = instantText(ms, item.style);
    const x = item.intent;
    const base = { id, occurredAt: at };
    switch (x.k) {
      case 'purchase': {
        const purchase = purchaseEvent(x.p, id, at, p.currency);
        orders.push({
          orderId: (purchase['orderId'] as string | undefined) ?? id,
          lines: (purchase['lines'] as { id?: string; quantity: number }[]).map((l, n) => ({
            id: l.id ?? String(n),
            quantity: l.quantity,
          })),
        });
        events.push(purchase);
        return;
      }
      case 'drain': {
        for (let k = 20; k >= 0; k--) {
          const units = 2 ** k * p.redeemStep;
          if (units >= p.redeemMin) events.push({ ...base, id: `${id}-d${k}`, type: 'redemption', points: units });
        }
        const order = x.refund === undefined ? undefined : orders[x.refund % orders.length];
        if (order !== undefined) events.push({ ...base, type: 'refund', orderId: order.orderId });
        return;
      }
      case 'refund': {
        // Any earlier order (older ones were the likeliest to be spent), one of the last two, or one
        // never bought.
        const n = orders.length;
        const order =
          n === 0 || x.pick % 7 === 0
            ? undefined
            : orders[n - 1 - (x.pick % (x.pick % 3 === 0 ? Math.min(n, 2) : n))];
        const line = x.line === undefined || order === undefined ? undefined : order.lines[x.line % order.lines.length];
        events.push(
          compact({
            ...base,
            type: 'refund',
            orderId: order?.orderId ?? 'order-unknown',
            lines:
              line === undefined
                ? undefined
                : [{ lineId: line.id, quantity: Math.min(line.quantity + (x.units === 4 ? 1 : 0), x.units) }],
          }),
        );
        return;
      }
      case 'signup':
        events.push(compact({ ...base, type: 'signup', referredBy: x.referredBy }));
        return;
      case 'birthday':
        events.push({ ...base, type: 'birthday' });
        return;
      case 'referral': {
        const friend = `f-${x.friend}`;
        events.push(
          compact({
            ...base,
            type: 'referral',
            referrerId: x.role === 'referrer' ? MEMBER_ID : friend,
            refereeId: x.role === 'referrer' ? friend : MEMBER_ID,
            status: x.status,
          }),
        );
        return;
      }
      case 'custom':
        events.push(
          compact({
            ...base,
            type: 'custom',
            name: x.name,
            attributes: x.source === undefined ? undefined : { source: x.source },
          }),
        );
        return;
      case 'redeemPoints':
        redemptionIds.push(id);
        events.push({ ...base, type: 'redemption', points: x.units });
        if (x.cancelAfter !== undefined && !item.late) {
          const later = instantText(ms + x.cancelAfter, item.style);
          events.push({ id: `${id}-c`, occurredAt: later, type: 'redemptionCancellation', redemptionId: id });
        }
        return;
      case 'redeemReward': {
        redemptionIds.push(id);
        const known = p.rewardIds;
        const rewardId = x.reward % 5 === 0 || known.length === 0 ? 'ghost' : known[x.reward % known.length]!;
        events.push(compact({ ...base, type: 'redemption', rewardId, quantity: x.quantity }));
        return;
      }
      case 'cancel': {
        // Mostly the last redemption, else one of the last three or any (recent ones are the
        // likeliest to have succeeded and not to be cancelled yet).
        const n = redemptionIds.length;
        const back =
          n === 0 ? 0 : x.pick % 4 === 0 ? x.pick % n : x.pick % 4 === 1 ? x.pick % Math.min(n, 3) : 0;
        const redemptionId =
          x.target === 'redemption' && n > 0
            ? redemptionIds[n - 1 - back]!
            : x.target === 'other' && i > 0
              ? `e-${x.pick % i}`
              : 'r-unknown';
        events.push(
          compact({
            ...base,
            type: 'redemptionCancellation',
            redemptionId,
            reason: x.pick % 2 === 0 ? 'customer asked' : undefined,
          }),
        );
        return;
      }
      case 'adjust':
        events.push({
          ...base,
          type: 'adjustment',
          points: x.units,
          reason: x.units > 0 ? 'goodwill' : 'correction',
        });
        return;
      case 'dup':
        events.push(i - x.back >= 0 ? events[i - x.back] : { ...base, type: 'birthday' });
        return;
      case 'invalid':
        events.push(invalidEvent(x.what, purchaseEvent(x.p, id, at, p.currency), base));
        return;
    }
  });
  return events;
}

/** An event the engine must refuse (with a LoyaltyError), whatever the state. */
function invalidEvent(
  what: (typeof INVALID_KINDS)[number],
  purchase: Record<string, unknown>,
  base: { id: string; occurredAt: string },
): unknown {
  const lines = purchase['lines'] as Record<string, unknown>[];
  switch (what) {
    case 'wrongCurrency':
      return { ...purchase, currency: purchase['currency'] === 'GBP' ? 'CHF' : 'GBP' };
    case 'discountAboveGross':
      return {
        ...purchase,
        lines: [{ ...lines[0], price: 100, quantity: 1, discount: 101 }, ...lines.slice(1)],
      };
    case 'noLines':
      return { ...purchase, lines: [] };
    case 'zeroQuantity':
      return { ...purchase, lines: [{ ...lines[0], quantity: 0 }] };
    case 'unknownType':
      return { ...base, type: 'giftCardTopUp', orderId: 'order-1' };
    case 'extraField':
      return { ...purchase, total: 100 };
    case 'badInstant':
      return { ...purchase, occurredAt: '2026-03-01 10:00' };
    case 'zeroAdjustment':
      return { ...base, type: 'adjustment', points: 0, reason: 'nothing' };
    case 'pointsAndReward':
      return { ...base, type: 'redemption', points: 100, rewardId: 'coffee' };
    case 'selfReferral':
      return { ...base, type: 'referral', referrerId: MEMBER_ID, refereeId: MEMBER_ID };
    case 'otherMember':
      return { ...purchase, memberId: 'm-2' };
    case 'beforeJoined':
      return { ...purchase, occurredAt: '2025-01-01T00:00:00Z' };
    case 'notInReferral':
      return { ...base, type: 'referral', referrerId: 'f-1', refereeId: 'f-2' };
    case 'overpaid':
      return { ...purchase, payments: [{ method: 'card', amount: Number.MAX_SAFE_INTEGER }] };
    case 'orderDiscountAboveLines':
      return { ...purchase, lines: [{ sku: 'x', quantity: 1, price: 10 }], orderDiscount: 11 };
    case 'notAnObject':
      return base.id.length % 2 === 0 ? null : 'purchase';
    case 'quantityWithoutReward':
      return { ...base, type: 'redemption', points: 1, quantity: 2 };
  }
}
