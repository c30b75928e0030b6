import type { LedgerEntryType } from './types.js';

/** One key per effect type: the compiler rejects a missing or an unknown one. */
const ENTRY_TYPES = {
  eventApplied: true,
  pointsEarned: true,
  ruleCapped: true,
  pointsRedeemed: true,
  redemptionCancelled: true,
  pointsAdjusted: true,
  referralQualified: true,
  pointsActivated: true,
  pointsExpired: true,
  pointsReversed: true,
  stateRederived: true,
  qualifyingEarned: true,
  qualifyingReversed: true,
  tierChanged: true,
  tierRenewed: true,
  benefitGranted: true,
  benefitRevoked: true,
  guardTriggered: true,
  memberStatusChanged: true,
  rewardIssued: true,
  rewardUsed: true,
  memberErased: true,
  memberProfileUpdated: true,
} as const satisfies Record<LedgerEntryType, true>;

/**
 * Every effect type (`LedgerEntry['type']`), for code that enumerates them (catalogues, tests,
 * docs). Kept equal to the {@link LedgerEntryType} union by the compiler.
 */
export const LEDGER_ENTRY_TYPES: readonly LedgerEntryType[] = Object.freeze(
  Object.keys(ENTRY_TYPES) as LedgerEntryType[],
);
