export { type CohortRow, type KpiOptions, type Kpis, kpis } from './kpis.js';
export type { AovRoundingMode } from './roundDivide.js';
