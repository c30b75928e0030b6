export { createEngine } from './createEngine.js';
export type {
  ApplyOptions,
  Decision,
  EffectExplanation,
  Engine,
  EngineOptions,
  EnrollInput,
  ErasureRequest,
  EventReport,
  ExpiringPoints,
  MemberBenefits,
  MemberCard,
  MemberErasure,
  RuleReport,
} from './types.js';
