export { createEngine } from './createEngine.js';
export type {
  ApplyOptions,
  Decision,
  EffectExplanation,
  Engine,
  EnrollInput,
  EventReport,
  ExpiringPoints,
  MemberBenefits,
  MemberCard,
  RuleReport,
} from './types.js';
