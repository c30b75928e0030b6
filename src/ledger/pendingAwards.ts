/**
 * Pending awards and what they count for the `points` tier metric when they become available
 * (docs/decisions/010-pending-points.md): all of the award's points that no refund took back, also
 * those that paid off a debt, exactly as if the award had not been pending. An award whose lot holds
 * none of its points waits on its order record (`OrderAward.pendingUntil`) and is activated like a lot.
 */
import type { Instant } from '../time/index.js';
import type { Lot, OrderAward, OrderRecord } from './types.js';

/** The award that created a lot, while its order record is kept. */
export function awardOfLot(orders: readonly OrderRecord[], lot: Lot): OrderAward | undefined {
  if (lot.orderId === null) return undefined;
  for (let i = orders.length - 1; i >= 0; i--) {
    const o = orders[i]!;
    if (o.orderId !== lot.orderId) continue;
    const award = o.awards.find((a) => a.lotId === lot.id);
    if (award !== undefined) return award;
  }
  return undefined;
}

/** What an award counts for the points metric once available: its points less what refunds asked back. */
export function countedPoints(award: OrderAward): number {
  return Math.max(0, award.points - award.reversed);
}

/**
 * What the activation of a pending lot counts for the points metric: its award's points not taken
 * back (the lot's own points when the order record is no longer kept).
 */
export function countsAtActivation(orders: readonly OrderRecord[], lot: Lot): number {
  const award = awardOfLot(orders, lot);
  return award === undefined ? lot.remaining : countedPoints(award);
}

/** An order award that waits, without a lot, to count for the points metric. */
export type PendingAward = OrderAward & { readonly pendingUntil: Instant | null };

/** Whether an award waits without a lot (it has `pendingUntil`). */
export function isPendingWithoutLot(award: OrderAward): award is PendingAward {
  return award.pendingUntil !== undefined;
}

/** The awards of the kept orders that wait without a lot, in order. */
export function pendingAwardsWithoutLot(
  orders: readonly OrderRecord[],
): { readonly order: OrderRecord; readonly award: PendingAward }[] {
  const out: { order: OrderRecord; award: PendingAward }[] = [];
  for (const order of orders) {
    for (const award of order.awards) if (isPendingWithoutLot(award)) out.push({ order, award });
  }
  return out;
}
