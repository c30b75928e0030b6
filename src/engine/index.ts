export { createEngine } from './createEngine.js';
export type {
  ApplyOptions,
  Decision,
  EffectExplanation,
  Engine,
  EnrollInput,
  ErasureRequest,
  EventReport,
  ExpiringPoints,
  MemberBenefits,
  MemberCard,
  MemberErasure,
  RuleReport,
} from './types.js';
