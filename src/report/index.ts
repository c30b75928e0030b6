/**
 * loyalty-engine/report: a self-contained HTML report of a customer base (RFM segments, P(alive),
 * CLV, a holdout check, KPIs) built on `loyalty-engine/analytics`. No Node built-ins: it runs in
 * browsers and workers too.
 * @packageDocumentation
 */
export { isLoyaltyError, LoyaltyError } from '../errors/index.js';
export { buildReport } from './buildReport.js';
export { renderReport } from './renderReport.js';
export type {
  ReportData,
  ReportHoldoutRow,
  ReportModel,
  ReportOptions,
  ReportStage,
  ReportTopCustomer,
} from './types.js';
