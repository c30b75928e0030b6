export { createEngine } from './createEngine.js';
export type {
  ApplyOptions,
  Decision,
  EffectExplanation,
  Engine,
  EngineOptions,
  EnrollInput,
  EventReport,
  ExpiringPoints,
  MemberBenefits,
  MemberCard,
  RuleReport,
} from './types.js';
