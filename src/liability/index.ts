export {
  type DeferredRevenueMonth,
  type DeferredRevenueOptions,
  type DeferredRevenueSchedule,
  deferredRevenue,
} from './deferredRevenue.js';
export {
  type BreakageEstimate,
  type BreakageTail,
  type DevelopmentMonth,
  type EstimateBreakageOptions,
  estimateBreakage,
  type RunOff,
} from './estimateBreakage.js';
export {
  type PointCohort,
  type PointCohorts,
  type PointCohortsOptions,
  pointCohorts,
} from './pointCohorts.js';
export {
  type AgeBucket,
  type ExpiryMonthBucket,
  type PointsLiability,
  type PointsLiabilityOptions,
  pointsLiability,
  pointsLiabilityFromLedger,
} from './pointsLiability.js';
// moneyOf, resolvePointValue, roundingOption, valuePoints and the Ratio helpers are for the
// experiments concept; src/index.ts names the public exports one by one and leaves them out.
export {
  moneyOf,
  type PointValue,
  type ResolvedPointValue,
  resolvePointValue,
  roundingOption,
  valuePoints,
} from './pointValue.js';
export { type Ratio, ratioOfDecimal, ratioOfNumber, roundRatio } from './rational.js';
