export { type Balance, balanceAt } from './balanceAt.js';
export { checkInvariants, type InvariantViolation } from './checkInvariants.js';
export { type FoldConfig, foldEntries } from './foldEntries.js';
export { compareLots, insertLot, type RedemptionOrder } from './lotOrder.js';
export { isPendingAt, isUsableAt } from './lotState.js';
export { availablePoints, drawUpTo, planDraw } from './planDraw.js';
export {
  type Allocation,
  type AppliedMultiplier,
  type BenefitEntry,
  type CapCount,
  type CapCounters,
  type EntryBase,
  type EventAppliedEntry,
  type Explanation,
  type GuardTriggeredEntry,
  type LedgerEntry,
  type LedgerEntryType,
  type LineShare,
  type Lot,
  type MemberProfile,
  type MemberState,
  type MetricDelta,
  type OrderAward,
  type OrderRecord,
  type PointsActivatedEntry,
  type PointsAdjustedEntry,
  type PointsEarnedEntry,
  type PointsExpiredEntry,
  type PointsRedeemedEntry,
  type PointsReversedEntry,
  type PointTotals,
  type QualifyingEarnedEntry,
  type QualifyingReversedEntry,
  type RedemptionCancelledEntry,
  type RedemptionRecord,
  type ReferralQualifiedEntry,
  type RuleCappedEntry,
  STATE_SCHEMA_VERSION,
  type StateRederivedEntry,
  type TierChangedEntry,
  type TierRenewedEntry,
  type TierState,
} from './types.js';
