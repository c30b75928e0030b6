export type {
  AwardEvent,
  BasisSpec,
  CompiledAwardRule,
  CompiledCap,
  CompiledFixedRule,
  CompiledGift,
  CompiledItemsRule,
  CompiledMultiplierRule,
  CompiledProgram,
  CompiledReward,
  CompiledSpendRule,
  CouponTerms,
  ZonedCondition,
} from './compileProgram.js';
export type {
  CompiledMetric,
  CompiledTier,
  CompiledTiers,
  Threshold,
  ThresholdSet,
} from './compileTiers.js';
export { compiledProgramOf, defineProgram, validateProgram } from './defineProgram.js';
export {
  ENGINE_FACTS,
  EVENT_FACTS,
  LINE_FACTS,
  MAX_ACTIVITY_DAYS,
  MEMBER_FACTS,
  TIME_FACTS,
} from './facts.js';
export { type LintWarning, lintProgram } from './lintProgram.js';
export { programSchema } from './schema.js';
export type {
  Cap,
  EarningRule,
  FixedRule,
  ItemsRule,
  MultiplierRule,
  Program,
  ProgramInput,
  ProgramValidation,
  RedemptionPolicy,
  Reward,
  SpendRule,
  StackingMode,
} from './types.js';
