export { type MemberMigration, type MigrationPreview, previewMigration } from './previewMigration.js';
export {
  type ArmSummary,
  type MemberDiff,
  type SimulateOptions,
  type SimulationProgress,
  type SimulationResult,
  simulate,
  type TierSnapshot,
} from './simulate.js';
