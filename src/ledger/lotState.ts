import type { Lot } from './types.js';

/** Whether a lot's points can be redeemed at an instant: available, and not expired. */
export function isUsableAt(lot: Lot, asOf: string): boolean {
  return (
    lot.availableAt !== null && lot.availableAt <= asOf && (lot.expiresAt === null || lot.expiresAt > asOf)
  );
}

/** Whether a lot is still pending at an instant (not yet available, not expired). */
export function isPendingAt(lot: Lot, asOf: string): boolean {
  return (
    (lot.availableAt === null || lot.availableAt > asOf) && (lot.expiresAt === null || lot.expiresAt > asOf)
  );
}
