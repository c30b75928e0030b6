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
