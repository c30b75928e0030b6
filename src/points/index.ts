export { addPoints, subtractPoints, sumPoints } from './addPoints.js';
export { formatPoints } from './formatPoints.js';
export { type ParsePointsOptions, parsePoints } from './parsePoints.js';
export { MAX_MULTIPLIERS, pointsFromMoney } from './pointsFromMoney.js';
export { isPointsPrecision, unitsPerPoint } from './pointsPrecision.js';
export {
  POINTS_CONVERSION_MODES,
  POINTS_PRECISIONS,
  type PointsConversionMode,
  type PointsFromMoneyOptions,
  type PointsFromMoneyResult,
  type PointsPrecision,
  type PointsRate,
} from './types.js';
