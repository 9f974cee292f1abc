// The SPEC §5 drift report between a reference and a current dataset. Pure: columns in, report
// out; the CLI and the drift stage do the reading and the storing.
import { chiSquareTwoRow } from '../stats/chi2.ts';
import { isDrift, type ColumnKind, type StatTest, type TestOutcome } from '../stats/descriptor.ts';
import { hellingerFromCounts } from '../stats/hellinger.ts';
import { jensenShannonFromCounts } from '../stats/jensen-shannon.ts';
import { ksTwoSampleSorted } from '../stats/ks.ts';
import { benjaminiHochberg, bonferroni } from '../stats/multiple-testing.ts';
import { psiFromCounts } from '../stats/psi.ts';
import { findStatTest, statTestNames } from '../stats/registry.ts';
import type { ColumnSamples } from '../stats/samples.ts';
import { wassersteinSorted } from '../stats/wasserstein.ts';
import { prepareColumn, type ColumnValues, type MissingShare } from './column.ts';
import type { ColumnProfile } from './profile.ts';
import { explainCategorical, explainNumerical, type Explanation } from './explanation.ts';

export interface DatasetInput {
  rows: number;
  version: string;
  columns: Record<string, ColumnValues>;
}

/** The reference side: raw columns, or their profiles (lib/drift/profile.ts) for an exact, cheaper run. */
export interface ReferenceInput {
  rows: number;
  version: string;
  columns: Record<string, ColumnValues | ColumnProfile>;
}

export interface DriftOptions {
  /** Only these columns, in this order (default: every reference column also in current). */
  columns?: string[];
  /** Test name per column, overriding the default choice. */
  methods?: Record<string, string>;
  /** Threshold per column, overriding the test's default. */
  thresholds?: Record<string, number>;
  /** dataset_drift when share_drifted ≥ this (default 0.5). */
  datasetDriftShare?: number;
  /** Above this many non-null values on both sides, p-values give way to distances (default 100,000). */
  largeSampleSize?: number;
  /** Correction of p-values across the columns tested by a p-value (default none). */
  correction?: 'none' | 'bonferroni' | 'benjamini_hochberg';
}

export interface ColumnMetrics {
  ks?: { statistic: number; p_value: number };
  chi2?: { statistic: number; p_value: number };
  wasserstein?: { distance: number; normed: number };
  psi: number;
  jensen_shannon: number;
  hellinger: number;
  [test: string]: unknown;
}

export interface ColumnReport {
  name: string;
  kind: ColumnKind | null;
  method: string | null;
  statistic: number | null;
  p_value: number | null;
  /** The p-value after the configured correction, when one is configured. */
  adjusted_p_value?: number | null;
  threshold: number | null;
  drift: boolean;
  missing_share: MissingShare;
  metrics?: ColumnMetrics;
  explanation?: Explanation;
  /** Why no test could run on this column; such a column counts in neither share. */
  error?: string;
}

export interface DriftReport {
  reference: { rows: number; version: string };
  current: { rows: number; version: string };
  columns: ColumnReport[];
  share_drifted: number;
  dataset_drift: boolean;
}

export const DEFAULT_DATASET_DRIFT_SHARE = 0.5;
export const DEFAULT_LARGE_SAMPLE_SIZE = 100_000;

/** The SPEC §5 default test of a column. */
export function defaultMethod(kind: ColumnKind, large: boolean): string {
  if (kind === 'numerical') return large ? 'wasserstein' : 'ks';
  return large ? 'jensen_shannon' : 'chi2';
}

function specMetrics(kind: ColumnKind, s: ColumnSamples): ColumnMetrics {
  const bins = s.bins();
  const shared = {
    psi: psiFromCounts(bins.reference, bins.current),
    jensen_shannon: jensenShannonFromCounts(bins.reference, bins.current),
    hellinger: hellingerFromCounts(bins.reference, bins.current),
  };
  if (kind === 'numerical') {
    const ks = ksTwoSampleSorted(s.sortedReference(), s.sortedCurrent());
    return {
      ks: { statistic: ks.statistic, p_value: ks.p_value },
      wasserstein: wassersteinSorted(s.sortedReference(), s.sortedCurrent()),
      ...shared,
    };
  }
  return { chi2: chiSquareTwoRow(bins.reference, bins.current), ...shared };
}

/** The method's outcome, read from the metrics already computed when it is one of them. */
function outcomeOf(test: StatTest, metrics: ColumnMetrics, s: ColumnSamples): TestOutcome {
  switch (test.name) {
    case 'ks':
    case 'chi2':
      if (metrics[test.name]) return metrics[test.name]!;
      break;
    case 'wasserstein':
      if (metrics.wasserstein) return { statistic: metrics.wasserstein.normed };
      break;
    case 'psi':
    case 'jensen_shannon':
    case 'hellinger':
      return { statistic: metrics[test.name] };
  }
  const outcome = test.run(s);
  metrics[test.name] = outcome.p_value === undefined ? outcome.statistic : { statistic: outcome.statistic, p_value: outcome.p_value };
  return outcome;
}

function errorColumn(name: string, error: string, missing: MissingShare): ColumnReport {
  return { name, kind: null, method: null, statistic: null, p_value: null, threshold: null, drift: false, missing_share: missing, error };
}

/** Checks per-column options before any work, so that a typo fails at once with its name. */
function checkOptions(options: DriftOptions, columnNames: string[]): void {
  for (const [column, method] of Object.entries(options.methods ?? {})) {
    if (!findStatTest(method)) throw new Error(`unknown method "${method}" for column "${column}"; known: ${statTestNames().join(', ')}`);
    if (!columnNames.includes(column)) throw new Error(`method given for unknown column "${column}"`);
  }
  for (const [column, t] of Object.entries(options.thresholds ?? {})) {
    if (!Number.isFinite(t)) throw new Error(`threshold for column "${column}" is not a number`);
    if (!columnNames.includes(column)) throw new Error(`threshold given for unknown column "${column}"`);
  }
  const share = options.datasetDriftShare ?? DEFAULT_DATASET_DRIFT_SHARE;
  if (!(share >= 0 && share <= 1)) throw new Error(`dataset drift share must be in [0, 1], got ${share}`);
}

function selectColumns(referenceNames: readonly string[], currentNames: readonly string[], wanted?: string[]): string[] {
  const inReference = new Set(referenceNames);
  const inCurrent = new Set(currentNames);
  if (!wanted) return referenceNames.filter((c) => inCurrent.has(c));
  const missing = wanted.filter((c) => !inReference.has(c) || !inCurrent.has(c));
  if (missing.length) {
    const where = (c: string) => (!inReference.has(c) ? 'reference' : 'current');
    throw new Error(`column(s) not found: ${missing.map((c) => `"${c}" (not in ${where(c)})`).join(', ')}`);
  }
  return wanted;
}

export interface ProgressEvent {
  column: string;
  done: number;
  total: number;
}

export function buildDriftReport(
  reference: ReferenceInput,
  current: DatasetInput,
  options: DriftOptions = {},
  onProgress?: (e: ProgressEvent) => void,
): DriftReport {
  const { names, large } = planDriftReport(Object.keys(reference.columns), Object.keys(current.columns), options);
  const columns: ColumnReport[] = [];
  for (const name of names) {
    columns.push(columnReport(name, reference.columns[name]!, current.columns[name]!, options, large));
    onProgress?.({ column: name, done: columns.length, total: names.length });
  }
  return assembleDriftReport(reference, current, columns, options);
}

/**
 * The columns a report covers (from the two sides' column names) and the large-sample size,
 * after checking the options. With `columnReport` and `assembleDriftReport` this is
 * `buildDriftReport` in parts, so that the columns can be computed elsewhere (worker threads)
 * and give the same report.
 */
export function planDriftReport(referenceNames: readonly string[], currentNames: readonly string[], options: DriftOptions = {}): { names: string[]; large: number } {
  const names = selectColumns(referenceNames, currentNames, options.columns);
  checkOptions(options, names);
  return { names, large: options.largeSampleSize ?? DEFAULT_LARGE_SAMPLE_SIZE };
}

/** The report from its columns (in plan order): corrections, shares and the dataset verdict. */
export function assembleDriftReport(reference: { rows: number; version: string }, current: { rows: number; version: string }, columns: ColumnReport[], options: DriftOptions = {}): DriftReport {
  applyCorrection(columns, options);
  const evaluated = columns.filter((c) => !c.error);
  const drifted = evaluated.filter((c) => c.drift).length;
  const share = evaluated.length ? drifted / evaluated.length : 0;
  return {
    reference: { rows: reference.rows, version: reference.version },
    current: { rows: current.rows, version: current.version },
    columns,
    share_drifted: share,
    dataset_drift: evaluated.length > 0 && share >= (options.datasetDriftShare ?? DEFAULT_DATASET_DRIFT_SHARE),
  };
}

/** One column of the report; pure, so it runs the same on any thread. */
export function columnReport(name: string, ref: ColumnValues | ColumnProfile, cur: ColumnValues, options: DriftOptions, large: number): ColumnReport {
  const prepared = prepareColumn(ref, cur);
  if (!prepared.ok) return errorColumn(name, prepared.error, prepared.missing);
  const { kind, samples, missing } = prepared;
  const isLarge = samples.referenceSize > large && samples.currentSize > large;
  const method = options.methods?.[name] ?? defaultMethod(kind, isLarge);
  const test = findStatTest(method)!;
  if (!test.kinds.includes(kind)) {
    const fits = statTestNames(kind).join(', ');
    return { ...errorColumn(name, `method "${method}" does not apply to a ${kind} column (use one of: ${fits})`, missing), kind };
  }
  try {
    const metrics = specMetrics(kind, samples);
    const outcome = outcomeOf(test, metrics, samples);
    const threshold = options.thresholds?.[name] ?? test.defaultThreshold;
    return {
      name,
      kind,
      method,
      statistic: outcome.statistic,
      p_value: outcome.p_value ?? null,
      threshold,
      drift: isDrift(test, outcome, threshold),
      missing_share: missing,
      metrics,
      explanation: kind === 'numerical' ? explainNumerical(samples) : explainCategorical(samples),
    };
  } catch (err) {
    // A test that cannot run on this data (e.g. too few values) spoils this column only.
    return { ...errorColumn(name, err instanceof Error ? err.message : String(err), missing), kind, method };
  }
}

function applyCorrection(columns: ColumnReport[], options: DriftOptions): void {
  const correction = options.correction ?? 'none';
  if (correction === 'none') return;
  const tested = columns.filter((c) => !c.error && c.p_value !== null && findStatTest(c.method!)!.direction === 'p_below');
  const adjusted = (correction === 'bonferroni' ? bonferroni : benjaminiHochberg)(tested.map((c) => c.p_value!));
  tested.forEach((c, i) => {
    c.adjusted_p_value = adjusted[i]!;
    c.drift = adjusted[i]! < c.threshold!;
  });
}
