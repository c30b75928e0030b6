export { type Balance, balanceAt } from './balanceAt.js';
export { checkInvariants, type InvariantViolation } from './checkInvariants.js';
export { LEDGER_ENTRY_TYPES } from './entryTypes.js';
export { type FoldConfig, foldEntries } from './foldEntries.js';
export { compareLots, inRedemptionOrder, insertLot, lotsInOrder, type RedemptionOrder } from './lotOrder.js';
export { isPendingAt, isUsableAt } from './lotState.js';
export {
  ERASED_FIELDS,
  erasedState,
  exportMemberData,
  type MemberDataExport,
  type MemberLedgerData,
  PERSONAL_FACTS,
  redactMemberData,
} from './memberData.js';
export { assertCurrentEntries, migrateEntries, migrateState, stateSchemaVersion } from './migrate.js';
export {
  awardOfLot,
  countedPoints,
  countsAtActivation,
  type PendingAward,
  pendingAwardsWithoutLot,
} from './pendingAwards.js';
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
  type IssuedReward,
  type LedgerEntry,
  type LedgerEntryType,
  type LineRounding,
  type LineShare,
  type Lot,
  type MemberErasedEntry,
  type MemberProfile,
  type MemberProfileUpdatedEntry,
  type MemberState,
  type MemberStatus,
  type MemberStatusChangedEntry,
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
  type RewardIssuedEntry,
  type RewardUsedEntry,
  type RuleCappedEntry,
  SCHEMA_VERSION,
  STATE_SCHEMA_VERSION,
  type StateRederivedEntry,
  type TierChangedEntry,
  type TierRenewedEntry,
  type TierState,
} from './types.js';
