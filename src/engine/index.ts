export { createEngine } from './createEngine.js';
export type {
  ApplyOptions,
  Decision,
  EffectExplanation,
  Engine,
  EnrollInput,
  EventReport,
  RuleReport,
} from './types.js';
