export {
  LIFECYCLE_STAGES,
  type LifecycleOptions,
  type LifecycleStage,
  lifecycleStage,
  type PersonalLifecycleOptions,
  resolveLifecycle,
} from './lifecycleStage.js';
