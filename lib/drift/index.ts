// What the drift stage and the CLI import: the report builder and its types.
export { buildDriftReport, defaultMethod, DEFAULT_DATASET_DRIFT_SHARE, DEFAULT_LARGE_SAMPLE_SIZE } from './report.ts';
export type { ColumnReport, ColumnMetrics, DatasetInput, DriftOptions, DriftReport, ProgressEvent } from './report.ts';
export type { ColumnValues, MissingShare } from './column.ts';
export type { Explanation, NumericalExplanation, CategoricalExplanation } from './explanation.ts';
