export { breakdownOf, type PurchaseBreakdown } from './basis.js';
export {
  type AwardDecision,
  decideAwards,
  type RuleOutcome,
  type RuleOutcomeReason,
} from './decideAwards.js';
export { type EventFacts, eventFacts, type FactRead } from './eventFacts.js';
