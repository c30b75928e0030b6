export {
  decideAfterEvent,
  decideManual,
  decidePeriodEnd,
  initialTier,
  nextPeriodCheck,
  periodDue,
  periodUntil,
  renewedUntil,
  type TierEffect,
} from './decideTier.js';
export { metricValue, metricValues, windowEnd } from './metricValues.js';
export { type TierProgress, type TierRequirement, type TierStatus, tierStatusOf } from './tierStatus.js';
