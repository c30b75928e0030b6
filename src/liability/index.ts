export {
  moneyOf,
  type PointValue,
  type ResolvedPointValue,
  resolvePointValue,
  roundingOption,
  valuePoints,
} from './pointValue.js';
export { type Ratio, ratioOfDecimal, ratioOfNumber, roundRatio } from './rational.js';
