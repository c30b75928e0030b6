export { addMoney, negateMoney, subtractMoney, sumMoney } from './addMoney.js';
export { allocate, allocateIntegers, allocateMoney } from './allocate.js';
export {
  compareMoney,
  equalsMoney,
  isNegative,
  isPositive,
  isZero,
  maxMoney,
  minMoney,
} from './compareMoney.js';
export { CURRENCY_EXPONENTS, WITHDRAWN_CURRENCY_EXPONENTS } from './currencies.js';
export { currencyExponent, isKnownCurrency } from './currencyExponent.js';
// Exact-decimal helpers for sibling concepts (points). Not part of the public API: src/index.ts
// names money's public exports one by one and leaves these out.
export { checkRoundingMode, Dec, numberToPlainString, splitDecimal, toDec } from './decimal.js';
export { type FormatMoneyOptions, formatMoney } from './formatMoney.js';
export { money } from './money.js';
export { multiplyMoney } from './multiplyMoney.js';
export { type ParseMoneyOptions, parseMoney } from './parseMoney.js';
export { type DecimalInput, type Money, ROUNDING_MODES, type RoundingMode } from './types.js';
