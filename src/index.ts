/**
 * loyalty-engine: the main entry. Named re-exports only; no logic lives here.
 * Analytics lives in the separate entry `loyalty-engine/analytics`.
 * @packageDocumentation
 */
export {
  ERROR_CODES,
  formatPath,
  isLoyaltyError,
  LoyaltyError,
  type LoyaltyErrorCode,
  type LoyaltyIssue,
  type PathSegment,
} from './errors/index.js';
export * from './money/index.js';
export * from './points/index.js';
export * from './rules/index.js';
export * from './time/index.js';
