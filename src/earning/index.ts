export { breakdownOf, merchandiseSpend, type PurchaseBreakdown } from './basis.js';
export {
  type AwardDecision,
  decideAwards,
  type GuardHit,
  type RuleOutcome,
  type RuleOutcomeReason,
} from './decideAwards.js';
export { decideRefund, type RefundDecision, type ReversalRequest } from './decideRefund.js';
export { type EventFacts, eventFacts, type FactRead, recordedFact } from './eventFacts.js';
export { availableAtFor, expiresAtFor, inactivityDeadline } from './lotTimes.js';
export { customMetrics, purchaseMetrics, refundMetrics, walletMetrics } from './metricDeltas.js';
