// Model performance: realized metrics from labels, per-segment breakdown, and label-free
// estimation from calibrated scores.
export type { Label } from './labels.ts';
export { accuracy, precisionRecallF1, type PrecisionRecallF1 } from './classification.ts';
export { rocAuc, weightedRocAuc } from './roc-auc.ts';
export { logLoss } from './log-loss.ts';
export { calibrationReport, type CalibrationReport, type ReliabilityBin } from './calibration.ts';
export { regressionMetrics, type RegressionMetrics } from './regression.ts';
export { classificationMetrics, type ClassificationInput, type ClassificationMetrics } from './classification-metrics.ts';
export {
  segmentBreakdown, classificationBySegment, regressionBySegment, NO_SEGMENT,
  type SegmentBreakdown, type SegmentResult, type SegmentOptions, type Shortfall, type Direction, type RegressionSegmentMetrics,
} from './segment-breakdown.ts';
export { fitIsotonicCalibrator, calibrate, calibrateAll, type IsotonicCalibrator } from './isotonic-calibrator.ts';
export { estimatePerformance, type PerformanceEstimate, type ExpectedConfusion } from './confidence-based-estimate.ts';
