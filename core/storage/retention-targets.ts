// Which table and time column each kind of retained data lives in. Predictions are one table per
// model, so their tables are listed at the time of each check.
export type RetainedKind = 'predictions' | 'labels' | 'logs' | 'metrics' | 'stage_results' | 'findings';

export interface RetentionTarget {
  kind: RetainedKind;
  table: string;
  timeColumn: string;
}

/** Fixed tables per kind; stage runs go with their results. */
export const fixedTargets: RetentionTarget[] = [
  { kind: 'labels', table: 'labels', timeColumn: 'ts' },
  { kind: 'logs', table: 'logs', timeColumn: 'ts' },
  { kind: 'metrics', table: 'metrics', timeColumn: 'ts' },
  { kind: 'stage_results', table: 'stage_results', timeColumn: 'created_at' },
  { kind: 'stage_results', table: 'stage_runs', timeColumn: 'started_at' },
  { kind: 'findings', table: 'findings', timeColumn: 'ts' },
];

export function predictionTargets(tables: string[]): RetentionTarget[] {
  return tables.map((table) => ({ kind: 'predictions', table, timeColumn: 'ts' }));
}
