export { type Balance, balanceAt } from './balanceAt.js';
export { checkInvariants, type InvariantViolation } from './checkInvariants.js';
export { type FoldConfig, foldEntries } from './foldEntries.js';
export { compareLots, insertLot, type RedemptionOrder } from './lotOrder.js';
export { availablePoints, planDraw } from './planDraw.js';
export {
  type Allocation,
  type AppliedMultiplier,
  type CapCount,
  type CapCounters,
  type EntryBase,
  type EventAppliedEntry,
  type Explanation,
  type LedgerEntry,
  type LedgerEntryType,
  type LineShare,
  type Lot,
  type MemberProfile,
  type MemberState,
  type OrderRecord,
  type PointsAdjustedEntry,
  type PointsEarnedEntry,
  type PointsRedeemedEntry,
  type PointTotals,
  type RedemptionCancelledEntry,
  type RedemptionRecord,
  type ReferralQualifiedEntry,
  type RuleCappedEntry,
  STATE_SCHEMA_VERSION,
} from './types.js';
