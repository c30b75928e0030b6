export { type MemberMigration, type MigrationPreview, previewMigration } from './previewMigration.js';
export {
  type MemberDiff,
  type SimulatedArm,
  type SimulateOptions,
  type SimulationProgress,
  type SimulationResult,
  simulate,
  type TierSnapshot,
} from './simulate.js';
