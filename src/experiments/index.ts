export { type Assignment, assignVariant, assignVariants } from './assignVariant.js';
export {
  type ArmComparison,
  type ArmSummary,
  type BootstrapOptions,
  type CompareArmsOptions,
  compareArms,
  type ExperimentMetric,
  type MemberOutcome,
  type MetricComparison,
} from './compareArms.js';
export {
  defineExperiment,
  type Experiment,
  type ExperimentInput,
  type VariantInput,
} from './defineExperiment.js';
export { type ExperimentOutcomesOptions, experimentOutcomes } from './experimentOutcomes.js';
export { murmurHash3 } from './murmurHash3.js';
export { type WelchTest, type WelchTestOptions, welchTest } from './welchTest.js';
