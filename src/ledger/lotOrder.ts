import type { Lot } from './types.js';

/** How lots are ordered for redemption (DOMAIN.md point 2). */
export type RedemptionOrder = 'expiryFirst' | 'earnedFirst';

// Canonical instants sort as strings; "never" sorts after every instant.
const NEVER = '~';

/**
 * Compares two lots in redemption order: `expiryFirst` = earliest `expiresAt` first, never-expiring
 * last, then `earnedAt`, then id; `earnedFirst` = `earnedAt`, then id.
 */
export function compareLots(a: Lot, b: Lot, order: RedemptionOrder): number {
  if (order === 'expiryFirst') {
    const ea = a.expiresAt ?? NEVER;
    const eb = b.expiresAt ?? NEVER;
    if (ea !== eb) return ea < eb ? -1 : 1;
  }
  if (a.earnedAt !== b.earnedAt) return a.earnedAt < b.earnedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Inserts a lot into a list kept in redemption order (mutates `lots`). New lots usually belong at
 * the end, which is checked first; otherwise a binary search finds the place: no sort, no scan.
 */
export function insertLot(lots: Lot[], lot: Lot, order: RedemptionOrder): void {
  const n = lots.length;
  if (n === 0 || compareLots(lots[n - 1]!, lot, order) <= 0) {
    lots.push(lot);
    return;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareLots(lots[mid]!, lot, order) <= 0) lo = mid + 1;
    else hi = mid;
  }
  lots.splice(lo, 0, lot);
}

/** Whether lots are in redemption order. */
export function inRedemptionOrder(lots: readonly Lot[], order: RedemptionOrder): boolean {
  for (let i = 1; i < lots.length; i++) if (compareLots(lots[i - 1]!, lots[i]!, order) > 0) return false;
  return true;
}

/**
 * The lots in a redemption order: the list itself when it is in that order already, else a sorted
 * copy. Lots are kept in the order of the program version in force; a later version with another
 * order sees them through this (decision 021). The order is total (ids are unique), so the result
 * depends only on the set of lots, never on the order they came in.
 */
export function lotsInOrder(lots: readonly Lot[], order: RedemptionOrder): readonly Lot[] {
  return inRedemptionOrder(lots, order) ? lots : [...lots].sort((a, b) => compareLots(a, b, order));
}
