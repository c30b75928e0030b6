export {
  type ClvCustomer,
  type CustomerLifetimeValueInput,
  type CustomerValue,
  customerLifetimeValue,
  PERIODS_PER_MONTH,
} from './customerLifetimeValue.js';
export { expectedAverageSpend } from './expectedAverageSpend.js';
export { expectedPurchases } from './expectedPurchases.js';
export { fitBgNbd } from './fitBgNbd.js';
export { fitGammaGamma } from './fitGammaGamma.js';
export { fitModifiedBgNbd } from './fitModifiedBgNbd.js';
export { fitParetoNbd } from './fitParetoNbd.js';
export { type FormulaClvInput, formulaClv } from './formulaClv.js';
export { groupRepeatSummaries } from './groupRepeatSummaries.js';
export { historicClv } from './historicClv.js';
export { probabilityAlive } from './probabilityAlive.js';
export { probabilityOfPurchases } from './probabilityOfPurchases.js';
export { type RandomSource, type SimulateOptions, simulateBgNbd, simulateParetoNbd } from './simulate.js';
export type {
  BgNbdModel,
  BgNbdParams,
  FitBgNbdOptions,
  FitGammaGammaOptions,
  FitModifiedBgNbdOptions,
  FitOptions,
  FitParetoNbdOptions,
  FittedModel,
  GammaGammaModel,
  GammaGammaParams,
  ModifiedBgNbdModel,
  ParetoNbdModel,
  ParetoNbdParams,
  PurchaseModel,
  SpendSummary,
} from './types.js';
