/**
 * The names of the facts the engine computes for an event (docs/facts.md), so that conditions naming
 * anything else are refused when the program is defined (typos fail early). Programs add the names
 * of facts their host supplies in `customFacts`.
 */

/** Facts of the event being applied. */
export const EVENT_FACTS: readonly string[] = Object.freeze([
  'eventId',
  'type',
  'occurredAt',
  'orderId',
  'currency',
  'total',
  'subtotal',
  'discounts',
  'tax',
  'shipping',
  'giftCards',
  'paidWithPoints',
  'basis',
  'lines',
  'itemCount',
  'channel',
  'store',
  'couponCodes',
  'attributes',
  'customEvent',
  'referralRole',
  'referralStatus',
]);

/** Facts of the member, as of just before the event. */
export const MEMBER_FACTS: readonly string[] = Object.freeze([
  'memberId',
  'tier',
  'joinedAt',
  'daysSinceJoined',
  'birthday',
  'tags',
  'memberAttributes',
  'pointsBalance',
  'lifetimePoints',
  'orderCount',
  'lifetimeSpend',
  'spendInWindow',
  'ordersInWindow',
  'lastPurchaseAt',
  'daysSinceLastPurchase',
  'isFirstPurchase',
  'referredBy',
]);

/** Facts derived from the event's time in the member's (or program's) zone. */
export const TIME_FACTS: readonly string[] = Object.freeze([
  'localDate',
  'localHour',
  'localWeekday',
  'localMonth',
  'isBirthdayToday',
  'isBirthdayWeek',
  'isBirthdayMonth',
]);

/** Facts of one line of a purchase, read by line conditions and `anyItem` / `everyItem` / `countItems`. */
export const LINE_FACTS: readonly string[] = Object.freeze([
  'lineId',
  'sku',
  'category',
  'tags',
  'price',
  'quantity',
  'amount',
  'discount',
  'tax',
  'attributes',
]);

/** Every fact an event condition may read without declaring it. */
export const ENGINE_FACTS: readonly string[] = Object.freeze([
  ...EVENT_FACTS,
  ...MEMBER_FACTS,
  ...TIME_FACTS,
]);

/** The most days `spendInWindow` / `ordersInWindow` look back (`params: { days }`). */
export const MAX_ACTIVITY_DAYS = 366;
