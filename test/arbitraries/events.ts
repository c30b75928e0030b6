/**
 * fast-check generators of one member's event stream for a generated program
 * (test/arbitraries/program.ts): purchases (lines with sku/category/tags/quantity/price/discount/tax,
 * order discounts, shipping, gift card / points / other payments), sign-ups, birthdays, referrals
 * (the member as referrer or referee, both statuses), custom events, redemptions by points and by
 * reward (some too large, below the minimum, not a multiple, of unknown rewards), cancellations
 * (of earlier redemptions, of unknown ones, twice), adjustments (+/-), verbatim re-sends of earlier
 * events, late events, and events that are invalid in shape or meaning. For programs with refund
 * policies (`refundsAndLate`, see program.ts) these streams also carry refunds of earlier orders,
 * drains (redemptions that spend most of the balance, mostly followed by a refund: a debt under
 * `allowNegative`) and events a little late (a minute to 20 days before the latest one).
 *
 * Times do not decrease along the stream (except deliberately late events): they cluster around
 * month and year ends and the DST changes of the program zones, in 2026-2028, and are written in
 * UTC or with offsets.
 *
 * Timed streams (`timedStreamArb`, issues 6 and 7) add refunds (whole orders, lines, repeated
 * partial refunds, and refusals: unknown orders and lines, more than bought, a line twice), often
 * minutes to days after their purchase, `orderCompleted`, tier grants and revokes, calls to
 * `engine.advance` between events (around local midnights, DST changes, month ends, 29 February
 * and year ends; some 400 days ahead), and events slightly earlier than the latest one (late events
 * a re-derivation journal may reach). `purchaseStreamArb` makes purchases only, within a span.
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

/** One step of a {@link TimedStream}: an event to apply, or a call to `engine.advance`. */
export type StreamStep = { readonly event: unknown } | { readonly advanceTo: string };

/** A member and what happens to them: events and the passing of time (`advance`), in order. */
export interface TimedStream {
  readonly member: EnrollInput;
  readonly steps: readonly StreamStep[];
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
  | { readonly k: 'invalid'; readonly what: (typeof INVALID_KINDS)[number]; readonly p: PurchaseSpec }
  | {
      readonly k: 'refund';
      readonly pick: number;
      readonly what: (typeof REFUND_KINDS)[number];
      readonly lines: readonly number[];
      readonly quantity: number;
    }
  | { readonly k: 'complete'; readonly pick: number; readonly unknown: boolean }
  | { readonly k: 'purchaseThen'; readonly p: PurchaseSpec; readonly followUps: readonly FollowUp[] }
  | {
      readonly k: 'tierGrant';
      readonly pick: number;
      readonly lock: boolean | undefined;
      readonly untilDays: number | undefined;
    }
  | { readonly k: 'tierRevoke' }
  | { readonly k: 'advance'; readonly far: boolean }
  | { readonly k: 'drain'; readonly refund: number | undefined };

/** A refund or completion of a purchase, some minutes after it. */
interface FollowUp {
  readonly what: (typeof REFUND_KINDS)[number] | 'complete';
  readonly after: number;
  readonly lines: readonly number[];
  readonly quantity: number;
}

/**
 * Refunds: the whole order (what is left of it), some lines (one unit, or more), a line of the order
 * refunded last (repeated partial refunds), and refusals: an unknown order, an unknown line, more
 * than bought, a line listed twice.
 */
const REFUND_KINDS = [
  'whole',
  'lines',
  'lines',
  'oneUnit',
  'oneUnit',
  'again',
  'again',
  'unknownOrder',
  'unknownLine',
  'tooMany',
  'duplicateLine',
] as const;

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

const refundIntentArb = fc.record({
  k: fc.constant('refund' as const),
  pick: fc.nat(),
  what: fc.constantFrom(...REFUND_KINDS),
  lines: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
  quantity: fc.nat(),
});

function intentArb(p: GeneratedProgram, dupWindow: number, time = false): fc.Arbitrary<Intent> {
  const base = baseIntentArb(p, dupWindow);
  if (!time && p.refunds) {
    return fc.oneof(
      { arbitrary: base, weight: 100 },
      { arbitrary: refundIntentArb, weight: 10 },
      // Redemptions of 2^k steps, k = 20 down to 0, at one instant: whatever the balance, they
      // spend most of it, so a refund after them (mostly right after) takes back points already
      // spent: a debt under allowNegative.
      {
        arbitrary: fc.record({
          k: fc.constant('drain' as const),
          refund: fc.oneof({ arbitrary: fc.nat(), weight: 3 }, fc.constant(undefined)),
        }),
        weight: 10,
      },
    );
  }
  if (!time) return base;
  return fc.oneof(
    { arbitrary: base, weight: 100 },
    { arbitrary: refundIntentArb, weight: 25 },
    {
      arbitrary: fc.record({
        k: fc.constant('purchaseThen' as const),
        p: purchaseSpec(),
        followUps: fc.array(
          fc.record({
            what: fc.constantFrom(...REFUND_KINDS, 'complete', 'complete', 'oneUnit'),
            after: fc.constantFrom(0, 1, 60, 1440, 3 * 1440, 20 * 1440),
            lines: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
            quantity: fc.nat(),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      weight: 20,
    },
    {
      arbitrary: fc.record({
        k: fc.constant('complete' as const),
        pick: fc.nat(),
        unknown: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      }),
      weight: 8,
    },
    {
      arbitrary: fc.record({
        k: fc.constant('tierGrant' as const),
        pick: fc.nat(),
        lock: opt(fc.boolean()),
        untilDays: opt(fc.constantFrom(1, 40, 400)),
      }),
      weight: 6,
    },
    { arbitrary: fc.constant({ k: 'tierRevoke' as const }), weight: 2 },
    {
      arbitrary: fc.integer({ min: 0, max: 5 }).map((n) => ({ k: 'advance' as const, far: n === 0 })),
      weight: 20,
    },
  );
}

function baseIntentArb(p: GeneratedProgram, dupWindow: number): fc.Arbitrary<Intent> {
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
  /** Minutes before the latest event so far (a late event the journal may reach), or undefined. */
  readonly back?: number;
}

/** Local midnights and DST changes, where expiry instants and tier period ends fall. */
export const TIME_ANCHORS: readonly string[] = [
  ...ANCHORS,
  '2026-03-08T05:00:00Z', // New York: midnight starting 8 March (DST starts that night)
  '2026-03-29T22:00:00Z', // Berlin: midnight starting 30 March (CEST)
  '2026-10-24T22:00:00Z', // Berlin: midnight starting 25 October (DST ends that night)
  '2026-11-01T04:00:00Z', // New York: midnight starting 1 November (DST ends that night)
  '2027-01-31T16:00:00Z', // Shanghai: midnight starting 1 February
  '2027-12-31T16:00:00Z', // Shanghai: midnight starting 2028
  '2028-02-28T16:00:00Z', // Shanghai: midnight starting 29 February 2028
  '2028-12-31T16:00:00Z', // Shanghai: midnight starting 2029
];

/** Near-late offsets in minutes: a minute, an hour, half a day, 2, 6, 10 and 40 days. */
const LATE_BACK = [1, 60, 720, 2 * 1440, 6 * 1440, 10 * 1440, 40 * 1440] as const;

/** Times of a timed stream: around {@link TIME_ANCHORS}, some far from them, some late. */
const timedWide = (intent: fc.Arbitrary<Intent>): fc.Arbitrary<Timed> =>
  fc
    .record({
      intent,
      anchor: fc.nat(TIME_ANCHORS.length - 1),
      jitter: fc.oneof(
        { arbitrary: fc.constant(0), weight: 3 },
        { arbitrary: fc.constantFrom(-1, 1, -60, 60), weight: 1 },
        { arbitrary: fc.integer({ min: -180, max: 180 }), weight: 3 },
        { arbitrary: fc.integer({ min: -60 * 1440, max: 60 * 1440 }), weight: 3 },
      ),
      style: fc.nat(9),
      back: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 10 },
        { arbitrary: fc.constantFrom(...LATE_BACK), weight: 1 },
      ),
    })
    .map((r) => ({
      intent: r.intent,
      ms: Date.parse(TIME_ANCHORS[r.anchor]!) + r.jitter * 60_000,
      style: r.style,
      late: false,
      ...(r.back === undefined ? {} : { back: r.back }),
    }));

/** Times of a stream; with `recentLate`, some events a minute to 20 days before the latest one. */
const timed = (intent: fc.Arbitrary<Intent>, recentLate = false): fc.Arbitrary<Timed> =>
  fc
    .record({
      intent,
      anchor: fc.nat(ANCHORS.length - 1),
      jitter: fc.oneof(
        { arbitrary: fc.constant(0), weight: 3 },
        { arbitrary: fc.integer({ min: -180, max: 180 }), weight: 4 },
        { arbitrary: fc.integer({ min: -20 * 1440, max: 20 * 1440 }), weight: 3 },
      ),
      style: fc.nat(9),
      late: fc.integer({ min: 0, max: 39 }).map((n) => n === 0),
      back: recentLate
        ? fc.oneof(
            { arbitrary: fc.constant(undefined), weight: 6 },
            { arbitrary: fc.integer({ min: 1, max: 20 * 1440 }), weight: 1 },
          )
        : fc.constant(undefined),
    })
    .map((r) => ({
      intent: r.intent,
      ms: Date.parse(ANCHORS[r.anchor]!) + r.jitter * 60_000,
      style: r.style,
      late: r.late,
      ...(r.back === undefined ? {} : { back: r.back }),
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
    .map(({ member, items }) => ({
      member,
      events: buildSteps(p, items, false).map((s) => ('event' in s ? s.event : undefined)),
    }));
}

/**
 * A member and a stream of events and time jumps for program `p` (see the file comment), with
 * refunds (whole orders, lines, repeated partial refunds, refusals), `orderCompleted`, tier grants
 * and revokes, calls to `advance` between events (some far ahead) and events slightly earlier than
 * the latest one (late events a re-derivation journal may reach).
 */
export function timedStreamArb(p: GeneratedProgram, options: StreamOptions = {}): fc.Arbitrary<TimedStream> {
  const dupWindow = options.dupWindow ?? 30;
  return fc
    .record({
      member: memberArb,
      items: fc.array(timedWide(intentArb(p, dupWindow, true)), {
        minLength: options.minLength ?? 1,
        maxLength: options.maxLength ?? 60,
        size: 'max',
      }),
    })
    .map(({ member, items }) => ({ member, steps: buildSteps(p, items, true) }));
}

/** A purchase as the refund generator sees it: its order id and lines. */
interface Bought {
  readonly orderId: string;
  readonly lines: readonly { readonly id: string; readonly quantity: number }[];
}

function buildSteps(p: GeneratedProgram, items: readonly Timed[], timed: boolean): StreamStep[] {
  const sorted = [...items].sort((a, b) => a.ms - b.ms);
  const steps: StreamStep[] = [];
  const events: unknown[] = [];
  const push = (event: unknown): void => {
    events.push(event);
    steps.push({ event });
  };
  const redemptionIds: string[] = [];
  const bought: Bought[] = [];
  let lastRefunded: Bought | undefined;
  let latestMs = Number.NEGATIVE_INFINITY;
  const joinedMs = Date.parse(JOINED_AT);
  sorted.forEach((item, i) => {
    const id = `e-${i}`;
    const x = item.intent;
    if (x.k === 'advance') {
      const ms = x.far ? item.ms + 400 * 86_400_000 : item.ms;
      steps.push({ advanceTo: instantText(ms, item.style) });
      return;
    }
    // A late event goes back to just after the member joined: refused unless nothing came before it.
    // A near-late one goes back a little from the latest event: a journal may re-derive it.
    const ms = item.late
      ? joinedMs + 3_600_000
      : item.back !== undefined && Number.isFinite(latestMs)
        ? Math.max(joinedMs, latestMs - item.back * 60_000)
        : item.ms;
    latestMs = Math.max(latestMs, ms);
    const at = instantText(ms, item.style);
    const base = { id, occurredAt: at };
    /** A purchase made earlier in the stream: mostly one of the last four. */
    const earlier = (pick: number): Bought | undefined => {
      const n = bought.length;
      if (n === 0) return undefined;
      return bought[pick % 3 === 0 ? pick % n : n - 1 - (pick % Math.min(n, 4))];
    };
    switch (x.k) {
      case 'purchase': {
        const event = purchaseEvent(x.p, id, at, p.currency);
        const lines = event['lines'] as { id?: string; quantity: number }[];
        bought.push({
          orderId: (event['orderId'] as string | undefined) ?? id,
          lines: lines.map((l, j) => ({ id: l.id ?? String(j), quantity: l.quantity })),
        });
        push(event);
        return;
      }
      case 'refund': {
        const order = x.what === 'again' && lastRefunded !== undefined ? lastRefunded : earlier(x.pick);
        if (order !== undefined && x.what !== 'unknownOrder') lastRefunded = order;
        push(refundEvent(base, order, x));
        return;
      }
      case 'purchaseThen': {
        const event = purchaseEvent(x.p, id, at, p.currency);
        const lines = event['lines'] as { id?: string; quantity: number }[];
        const order: Bought = {
          orderId: (event['orderId'] as string | undefined) ?? id,
          lines: lines.map((l, j) => ({ id: l.id ?? String(j), quantity: l.quantity })),
        };
        bought.push(order);
        push(event);
        [...x.followUps]
          .sort((a, b) => a.after - b.after)
          .forEach((f, j) => {
            const later = ms + f.after * 60_000;
            latestMs = Math.max(latestMs, later);
            const then = { id: `${id}-${j}`, occurredAt: instantText(later, item.style) };
            const what = f.what;
            if (what === 'complete') push({ ...then, type: 'orderCompleted', orderId: order.orderId });
            else {
              lastRefunded = order;
              push(refundEvent(then, order, { ...f, what }));
            }
          });
        return;
      }
      case 'complete': {
        const order = earlier(x.pick);
        push({
          ...base,
          type: 'orderCompleted',
          orderId: x.unknown || order === undefined ? 'order-ghost' : order.orderId,
        });
        return;
      }
      case 'tierGrant': {
        const levels = p.tiers?.levels ?? ['gold'];
        // Mostly a tier between the base and the top, so that an upgrade can follow a locked grant.
        const n = levels.length;
        const tierId =
          x.pick % 7 === 0
            ? 'platinum'
            : x.pick % 3 === 0 || n < 3
              ? levels[x.pick % n]!
              : levels[1 + (x.pick % (n - 2))]!;
        const until =
          x.untilDays === undefined ? undefined : new Date(ms + x.untilDays * 86_400_000).toISOString();
        push(compact({ ...base, type: 'tierGrant', tierId, lock: x.lock, until }));
        return;
      }
      case 'tierRevoke':
        push({ ...base, type: 'tierRevoke', reason: 'audit' });
        return;
      case 'drain': {
        for (let k = 20; k >= 0; k--) {
          const units = 2 ** k * p.redeemStep;
          if (units >= p.redeemMin) push({ ...base, id: `${id}-d${k}`, type: 'redemption', points: units });
        }
        const order =
          x.refund === undefined || bought.length === 0 ? undefined : bought[x.refund % bought.length];
        if (order !== undefined) push({ ...base, type: 'refund', orderId: order.orderId });
        return;
      }
      default:
        break;
    }
    buildBaseEvent(p, x, item, i, at, base, events, redemptionIds, timed ? events.length : i).forEach(push);
  });
  return steps;
}

/** A refund of `order` (or of an unknown order), as `what` says. */
function refundEvent(
  base: { id: string; occurredAt: string },
  order: Bought | undefined,
  x: {
    readonly what: (typeof REFUND_KINDS)[number];
    readonly lines: readonly number[];
    readonly quantity: number;
  },
): unknown {
  const orderId = order === undefined || x.what === 'unknownOrder' ? 'order-ghost' : order.orderId;
  const ls = order?.lines ?? [{ id: '0', quantity: 1 }];
  const line = (n: number) => ls[n % ls.length]!;
  let lines: { lineId: string; quantity: number }[] | undefined;
  switch (x.what) {
    case 'whole':
    case 'unknownOrder':
      lines = undefined;
      break;
    case 'lines':
      lines = [...new Set(x.lines.map((n) => n % ls.length))].map((n) => ({
        lineId: line(n).id,
        quantity: 1 + (x.quantity % line(n).quantity),
      }));
      break;
    case 'oneUnit':
    case 'again':
      lines = [{ lineId: line(x.lines[0]!).id, quantity: 1 }];
      break;
    case 'unknownLine':
      lines = [{ lineId: 'no-such-line', quantity: 1 }];
      break;
    case 'tooMany':
      lines = [{ lineId: line(x.lines[0]!).id, quantity: line(x.lines[0]!).quantity + 1 }];
      break;
    case 'duplicateLine':
      lines = [
        { lineId: line(x.lines[0]!).id, quantity: 1 },
        { lineId: line(x.lines[0]!).id, quantity: 1 },
      ];
      break;
  }
  return compact({ ...base, type: 'refund', orderId, lines });
}

/** The events of the intents every stream has (the issue 5 generator). */
function buildBaseEvent(
  p: GeneratedProgram,
  x: Intent,
  item: Timed,
  i: number,
  at: string,
  base: { id: string; occurredAt: string },
  events: readonly unknown[],
  redemptionIds: string[],
  /** Where this event's re-send looks back from (the item's index; the events so far in timed streams). */
  dupFrom: number,
): unknown[] {
  const id = base.id;
  const out: unknown[] = [];
  switch (x.k) {
    case 'purchase':
      out.push(purchaseEvent(x.p, id, at, p.currency));
      break;
    case 'signup':
      out.push(compact({ ...base, type: 'signup', referredBy: x.referredBy }));
      break;
    case 'birthday':
      out.push({ ...base, type: 'birthday' });
      break;
    case 'referral': {
      const friend = `f-${x.friend}`;
      out.push(
        compact({
          ...base,
          type: 'referral',
          referrerId: x.role === 'referrer' ? MEMBER_ID : friend,
          refereeId: x.role === 'referrer' ? friend : MEMBER_ID,
          status: x.status,
        }),
      );
      break;
    }
    case 'custom':
      out.push(
        compact({
          ...base,
          type: 'custom',
          name: x.name,
          attributes: x.source === undefined ? undefined : { source: x.source },
        }),
      );
      break;
    case 'redeemPoints':
      redemptionIds.push(id);
      out.push({ ...base, type: 'redemption', points: x.units });
      if (x.cancelAfter !== undefined && !item.late) {
        const later = instantText(item.ms + x.cancelAfter, item.style);
        out.push({ id: `${id}-c`, occurredAt: later, type: 'redemptionCancellation', redemptionId: id });
      }
      break;
    case 'redeemReward': {
      redemptionIds.push(id);
      const known = p.rewardIds;
      const rewardId = x.reward % 5 === 0 || known.length === 0 ? 'ghost' : known[x.reward % known.length]!;
      out.push(compact({ ...base, type: 'redemption', rewardId, quantity: x.quantity }));
      break;
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
      out.push(
        compact({
          ...base,
          type: 'redemptionCancellation',
          redemptionId,
          reason: x.pick % 2 === 0 ? 'customer asked' : undefined,
        }),
      );
      break;
    }
    case 'adjust':
      out.push({
        ...base,
        type: 'adjustment',
        points: x.units,
        reason: x.units > 0 ? 'goodwill' : 'correction',
      });
      break;
    case 'dup':
      out.push(dupFrom - x.back >= 0 ? events[dupFrom - x.back] : { ...base, type: 'birthday' });
      break;
    case 'invalid':
      out.push(invalidEvent(x.what, purchaseEvent(x.p, id, at, p.currency), base));
      break;
  }
  return out;
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

/**
 * A member and purchases only (no refunds, no time jumps, no late events), at instants between
 * `from` and `to`, in time order: for properties that hold while nothing but buying happens.
 */
export function purchaseStreamArb(
  p: GeneratedProgram,
  from: string,
  to: string,
  maxLength = 30,
): fc.Arbitrary<TimedStream> {
  const start = Date.parse(from);
  const span = Math.floor((Date.parse(to) - start) / 60_000);
  return fc
    .record({
      member: memberArb,
      items: fc.array(fc.tuple(purchaseSpec(), fc.integer({ min: 0, max: span }), fc.nat(9)), {
        minLength: 1,
        maxLength,
      }),
    })
    .map(({ member, items }) => ({
      member,
      steps: [...items]
        .sort((a, b) => a[1] - b[1])
        .map(([spec, minute, style], i) => {
          const at = instantText(start + minute * 60_000, style);
          return { event: purchaseEvent(spec, `e-${i}`, at, p.currency) };
        }),
    }));
}
