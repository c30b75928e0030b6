export {
  type CalibrationHoldoutOptions,
  type CalibrationHoldoutSummary,
  calibrationHoldout,
} from './calibrationHoldout.js';
export { groupSummaries } from './groupSummaries.js';
export { summarizeTransactions } from './summarizeTransactions.js';
export type {
  SummarizeOptions,
  SummaryBaseOptions,
  SummaryPeriod,
  Transaction,
} from './transaction.js';
