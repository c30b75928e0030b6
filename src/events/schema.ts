/**
 * Event schemas (zod/mini). Events are written by machines: money is integer minor units in the
 * event's `currency`, points are integer point units, instants are ISO-8601 with `Z` or an offset.
 */
import * as z from 'zod/mini';

const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;
/** Ids of events, orders, lines and members: 1-128 characters. */
const id = z.string().check(z.minLength(1), z.maxLength(128));
const name = z.string().check(z.minLength(1), z.maxLength(200));
const instant = z.string().check(z.maxLength(64));
const minor = z.int().check(z.minimum(0), z.maximum(MAX_AMOUNT));
const positiveMinor = z.int().check(z.minimum(1), z.maximum(MAX_AMOUNT));
const units = z.int().check(z.minimum(1), z.maximum(MAX_AMOUNT));
const attributes = z.record(z.string(), z.unknown());
const tags = z.array(z.string().check(z.maxLength(200))).check(z.maxLength(100));

const base = {
  /** Unique id of the event: the idempotency key. A second event with the same id changes nothing. */
  id,
  /** When it happened. Time comes only from events. */
  occurredAt: instant,
  /** The member it belongs to; when given, it must match the state's member. */
  memberId: z.optional(id),
};

/** One line of a purchase. Amounts in minor units of the purchase's currency. */
export const purchaseLineSchema = z.strictObject({
  /** Line id, unique in the order (refunds name it); default: the line's index as a string. */
  id: z.optional(id),
  sku: z.string().check(z.minLength(1), z.maxLength(200)),
  category: z.optional(z.string().check(z.maxLength(200))),
  tags: z.optional(tags),
  /** Units bought, a whole number (for goods sold by weight, use 1 and the line's price). */
  quantity: z.int().check(z.minimum(1), z.maximum(1_000_000)),
  /** Price of one unit before discounts, tax excluded. */
  price: minor,
  /** Discount on this line (all units together). */
  discount: z.optional(minor),
  /** Tax on this line (all units together), when prices exclude tax. */
  tax: z.optional(minor),
  attributes: z.optional(attributes),
});

const purchase = z.strictObject({
  ...base,
  type: z.literal('purchase'),
  /** The order id (refunds reference it); default: the event id. */
  orderId: z.optional(id),
  /** ISO 4217 code; must be the program's currency. */
  currency: z.string().check(z.maxLength(8)),
  lines: z.array(purchaseLineSchema).check(z.minLength(1), z.maxLength(1000)),
  /** Discount on the whole order (coupons), spread over the lines by their net amounts. */
  orderDiscount: z.optional(minor),
  shipping: z.optional(minor),
  shippingTax: z.optional(minor),
  /** How it was paid. Methods `giftCard` and `points` can be left out of the earning basis. */
  payments: z.optional(
    z
      .array(
        z.strictObject({ method: z.string().check(z.minLength(1), z.maxLength(50)), amount: positiveMinor }),
      )
      .check(z.maxLength(50)),
  ),
  channel: z.optional(z.string().check(z.maxLength(200))),
  store: z.optional(z.string().check(z.maxLength(200))),
  couponCodes: z.optional(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(100))),
  attributes: z.optional(attributes),
});

const signup = z.strictObject({
  ...base,
  type: z.literal('signup'),
  /** The member who referred this one, if any (the referee's side of a referral). */
  referredBy: z.optional(id),
  attributes: z.optional(attributes),
});

const birthday = z.strictObject({ ...base, type: z.literal('birthday') });

const referral = z.strictObject({
  ...base,
  type: z.literal('referral'),
  referrerId: id,
  refereeId: id,
  /** `signedUp` (default): the referee joined; `qualified`: the referee made a first qualifying purchase. */
  status: z.optional(z.enum(['signedUp', 'qualified'])),
});

const custom = z.strictObject({
  ...base,
  type: z.literal('custom'),
  /** What happened, e.g. `review`, `checkIn`, `survey`. */
  name,
  attributes: z.optional(attributes),
});

const redemption = z.strictObject({
  ...base,
  type: z.literal('redemption'),
  /** Point units to spend (when no reward is named). */
  points: z.optional(units),
  /** A reward from the program's catalog; its price in points is used. */
  rewardId: z.optional(id),
  /** How many of the reward; default 1. */
  quantity: z.optional(z.int().check(z.minimum(1), z.maximum(10_000))),
  /** The order the points pay for, if any (per-order maximums use it). */
  orderId: z.optional(id),
  attributes: z.optional(attributes),
});

const redemptionCancellation = z.strictObject({
  ...base,
  type: z.literal('redemptionCancellation'),
  /** The event id of the redemption to cancel. */
  redemptionId: id,
  reason: z.optional(z.string().check(z.maxLength(1000))),
});

const adjustment = z.strictObject({
  ...base,
  type: z.literal('adjustment'),
  /** Signed point units: positive credits a lot, negative debits like a redemption. */
  points: z.int().check(z.minimum(-MAX_AMOUNT), z.maximum(MAX_AMOUNT)),
  /** Why (shown in the ledger), e.g. "goodwill: late delivery". */
  reason: z.string().check(z.minLength(1), z.maxLength(1000)),
  attributes: z.optional(attributes),
});

const refund = z.strictObject({
  ...base,
  type: z.literal('refund'),
  /** The order being refunded. */
  orderId: id,
  /** The lines and quantities returned; omitted = the whole order (what is left of it). */
  lines: z.optional(
    z
      .array(z.strictObject({ lineId: id, quantity: z.int().check(z.minimum(1), z.maximum(1_000_000)) }))
      .check(z.minLength(1), z.maxLength(1000)),
  ),
  reason: z.optional(z.string().check(z.maxLength(1000))),
});

const orderCompleted = z.strictObject({
  ...base,
  type: z.literal('orderCompleted'),
  /** The order whose pending points activate now (delivered, return window closed). */
  orderId: id,
});

const tierGrant = z.strictObject({
  ...base,
  type: z.literal('tierGrant'),
  /** The tier to give (a tier id of the program). */
  tierId: id,
  /** Until when (exclusive); omitted: for a normal tier period, or indefinitely when locked. */
  until: z.optional(instant),
  /** Locked (default true): no downgrade until `until`, or until revoked when there is none. */
  lock: z.optional(z.boolean()),
  reason: z.optional(z.string().check(z.maxLength(1000))),
});

const tierRevoke = z.strictObject({
  ...base,
  type: z.literal('tierRevoke'),
  reason: z.optional(z.string().check(z.maxLength(1000))),
});

const statusEvent = <T extends string>(type: T) =>
  z.strictObject({ ...base, type: z.literal(type), reason: z.optional(z.string().check(z.maxLength(1000))) });

const rewardUsed = z.strictObject({
  ...base,
  type: z.literal('rewardUsed'),
  /** The `key` of the `rewardIssued` effect (the coupon or gift the member used). */
  key: z.string().check(z.minLength(1), z.maxLength(300)),
});

/** Every event the engine accepts, discriminated on `type`. */
export const eventSchema = z.discriminatedUnion('type', [
  purchase,
  signup,
  birthday,
  referral,
  custom,
  redemption,
  redemptionCancellation,
  adjustment,
  refund,
  orderCompleted,
  tierGrant,
  tierRevoke,
  statusEvent('memberVerified'),
  statusEvent('memberActivated'),
  statusEvent('memberSuspended'),
  statusEvent('memberReinstated'),
  statusEvent('memberClosed'),
  rewardUsed,
]);

/** The event types, in the order of {@link eventSchema}. */
export const EVENT_TYPES = [
  'purchase',
  'signup',
  'birthday',
  'referral',
  'custom',
  'redemption',
  'redemptionCancellation',
  'adjustment',
  'refund',
  'orderCompleted',
  'tierGrant',
  'tierRevoke',
  'memberVerified',
  'memberActivated',
  'memberSuspended',
  'memberReinstated',
  'memberClosed',
  'rewardUsed',
] as const;
