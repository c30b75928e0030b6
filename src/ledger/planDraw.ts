import { isUsableAt } from './lotState.js';
import type { Allocation, Lot } from './types.js';

/**
 * Plans a draw of `points` from lots kept in redemption order, as of an instant: pending lots (not
 * yet available) and expired lots are skipped. Walks from the front and stops as soon as the points
 * are covered, so the cost is the number of lots drawn (plus any skipped), never a sort.
 *
 * @param skip - ids of lots not to draw from
 * @returns the allocations, or `null` when the available points do not cover `points`
 */
export function planDraw(
  lots: readonly Lot[],
  points: number,
  asOf: string,
  skip?: ReadonlySet<string>,
): Allocation[] | null {
  const out: Allocation[] = [];
  let left = points;
  for (let i = 0; i < lots.length && left > 0; i++) {
    const lot = lots[i]!;
    if (!isUsableAt(lot, asOf) || skip?.has(lot.id) === true) continue;
    const take = Math.min(lot.remaining, left);
    out.push({ lotId: lot.id, points: take });
    left -= take;
  }
  return left === 0 ? out : null;
}

/** Points available (not pending, not expired) as of an instant. */
export function availablePoints(lots: readonly Lot[], asOf: string): number {
  let sum = 0;
  for (const lot of lots) {
    if (isUsableAt(lot, asOf)) sum += lot.remaining;
  }
  return sum;
}

/**
 * Draws as much as possible, up to `points`, from usable lots (a refund taking back spent points):
 * the allocations and how much they cover.
 */
export function drawUpTo(
  lots: readonly Lot[],
  points: number,
  asOf: string,
  skip: ReadonlySet<string>,
): { allocations: Allocation[]; drawn: number } {
  const allocations: Allocation[] = [];
  let left = points;
  for (let i = 0; i < lots.length && left > 0; i++) {
    const lot = lots[i]!;
    if (!isUsableAt(lot, asOf) || skip.has(lot.id)) continue;
    const take = Math.min(lot.remaining, left);
    allocations.push({ lotId: lot.id, points: take });
    left -= take;
  }
  return { allocations, drawn: points - left };
}
