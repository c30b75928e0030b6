export { compileCondition } from './compileCondition.js';
export { compileRuleSet } from './compileRuleSet.js';
export { createLoyaltyOperators } from './createLoyaltyOperators.js';
export type { LoyaltyOperatorOptions } from './domainOperators.js';
export { explainCondition } from './explainCondition.js';
export { type ParsedFactPath, parseFactPath, resolveFactPath } from './factPath.js';
export { DEFAULT_RULE_LIMITS } from './ruleLimits.js';
export type {
  AllCondition,
  AnyCondition,
  CompileConditionOptions,
  CompiledCondition,
  CompiledRuleSet,
  Condition,
  ConditionMeta,
  ConditionReference,
  ExplainGroup,
  ExplainLeaf,
  ExplainNode,
  ExplainNot,
  ExplainReference,
  FactCondition,
  FactFunction,
  FactReference,
  Facts,
  NotCondition,
  OperatorFunction,
  RuleDefinition,
  RuleLimits,
  RuleSetInput,
} from './types.js';
