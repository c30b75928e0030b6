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
export {
  addMoney,
  allocate,
  allocateMoney,
  CURRENCY_EXPONENTS,
  compareMoney,
  currencyExponent,
  type DecimalInput,
  equalsMoney,
  type FormatMoneyOptions,
  formatMoney,
  isKnownCurrency,
  isNegative,
  isPositive,
  isZero,
  type Money,
  maxMoney,
  minMoney,
  money,
  multiplyMoney,
  negateMoney,
  type ParseMoneyOptions,
  parseMoney,
  ROUNDING_MODES,
  type RoundingMode,
  subtractMoney,
  sumMoney,
  WITHDRAWN_CURRENCY_EXPONENTS,
} from './money/index.js';
export * from './points/index.js';
export * from './rules/index.js';
export * from './time/index.js';
