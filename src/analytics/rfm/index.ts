export { type RfmCustomer, type RfmOptions, type RfmResult, type RfmThresholds, rfm } from './rfm.js';
export { type RfmSegmentReportRow, rfmSegmentReport } from './rfmSegmentReport.js';
export {
  DEFAULT_RFM_SEGMENT_RULES,
  RFM_SEGMENTS,
  type RfmSegment,
  type RfmSegmentRule,
  type ScoreRange,
} from './rfmSegments.js';
