/**
 * loyalty-engine/analytics: customer-base analytics usable without the engine.
 * Transaction summaries (BTYD conventions), RFM, lifecycle stages, KPIs, and CLV models
 * (BG/NBD, Pareto/NBD, Modified BG/NBD, Gamma-Gamma).
 * It imports only errors, money and time from the core: never the engine or json-rules-engine.
 * @packageDocumentation
 */
export { isLoyaltyError, LoyaltyError, type LoyaltyErrorCode, type LoyaltyIssue } from '../errors/index.js';
export * from './clv/index.js';
export * from './facts/index.js';
export * from './kpis/index.js';
export * from './lifecycle/index.js';
export type { OptimizerReport } from './math/index.js';
export * from './rfm/index.js';
export * from './sql/index.js';
export * from './summary/index.js';
export * from './types.js';
