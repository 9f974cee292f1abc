// Compares two model versions served side by side, from the predictions of one window: binary
// outcomes (correct with labels, positive prediction) by a two-proportion test, continuous ones
// (score, absolute error of a regression) by Welch t and Mann–Whitney, effect sizes with their
// intervals, a power note, and a Thompson-sampling traffic recommendation. Pure: no I/O.
import type { PredictionColumns } from '../predictions/columns.ts';
import {
  compareMeans,
  compareProportions,
  thompsonBernoulli,
  thompsonNormal,
  type BanditRecommendation,
  type BinaryComparison,
  type ContinuousComparison,
} from './index.ts';

export type Task = 'binary' | 'multiclass' | 'regression';

export interface CompareOptions {
  alpha?: number;
  task?: Task;
  positiveLabel?: string | number;
  /** Fewer outcomes than this in an arm: the outcome is reported as too small, not tested. */
  minPerArm?: number;
  banditDraws?: number;
  banditSeed?: number;
  banditFloor?: number;
}

export interface ArmSummary {
  version: string;
  predictions: number;
  labelled: number;
}

export interface BinaryOutcome {
  name: 'correct' | 'positive_prediction';
  type: 'binary';
  a: { successes: number; trials: number; rate: number | null };
  b: { successes: number; trials: number; rate: number | null };
  comparison: BinaryComparison | null;
  significant: boolean | null;
  note?: string;
}

export interface ContinuousOutcome {
  name: 'score' | 'absolute_error';
  type: 'continuous';
  /** Whether a higher value is better (false for errors). */
  higherIsBetter: boolean | null;
  a: { n: number; mean: number | null };
  b: { n: number; mean: number | null };
  comparison: ContinuousComparison | null;
  significant: boolean | null;
  note?: string;
}

export interface VersionComparison {
  a: ArmSummary;
  b: ArmSummary;
  task: Task;
  alpha: number;
  outcomes: (BinaryOutcome | ContinuousOutcome)[];
  /** Thompson sampling over the reward that labels allow (correctness, or −absolute error). */
  bandit: (BanditRecommendation & { reward: string }) | null;
  notes: string[];
}

function labelOf(num: number, str: string | null): string | null {
  if (str !== null) return str;
  return Number.isNaN(num) ? null : String(num);
}

/** A task from settings, else from the predictions: strings or only 0/1 → binary, else regression. */
export function inferTask(cols: PredictionColumns, configured?: Task): Task {
  if (configured) return configured;
  const classes = new Set<string>();
  for (let i = 0; i < cols.rows; i++) {
    if (cols.predictionStr[i] !== null) classes.add(cols.predictionStr[i]!);
    else if (!Number.isNaN(cols.predictionNum[i])) {
      const v = cols.predictionNum[i];
      if (v !== 0 && v !== 1) return 'regression';
      classes.add(String(v));
    }
  }
  return classes.size > 2 ? 'multiclass' : 'binary';
}

function arm(cols: PredictionColumns, version: string): number[] {
  const rows: number[] = [];
  for (let i = 0; i < cols.rows; i++) if (cols.version[i] === version) rows.push(i);
  return rows;
}

function binary(name: BinaryOutcome['name'], a: number[], b: number[], hit: (i: number) => boolean | null, alpha: number, minPerArm: number): BinaryOutcome {
  const count = (rows: number[]) => {
    let successes = 0;
    let trials = 0;
    for (const i of rows) {
      const h = hit(i);
      if (h === null) continue;
      trials++;
      if (h) successes++;
    }
    return { successes, trials, rate: trials ? successes / trials : null };
  };
  const ca = count(a);
  const cb = count(b);
  if (ca.trials < minPerArm || cb.trials < minPerArm) {
    return { name, type: 'binary', a: ca, b: cb, comparison: null, significant: null, note: `needs at least ${minPerArm} outcomes per version (have ${ca.trials} and ${cb.trials})` };
  }
  const comparison = compareProportions(ca, cb, alpha);
  return { name, type: 'binary', a: ca, b: cb, comparison, significant: comparison.test.pValue < alpha };
}

function continuous(name: ContinuousOutcome['name'], higherIsBetter: boolean | null, a: number[], b: number[], value: (i: number) => number, alpha: number, minPerArm: number): ContinuousOutcome {
  const collect = (rows: number[]) => rows.map(value).filter((v) => Number.isFinite(v));
  const va = collect(a);
  const vb = collect(b);
  const mean = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : null);
  const base = { name, type: 'continuous' as const, higherIsBetter, a: { n: va.length, mean: mean(va) }, b: { n: vb.length, mean: mean(vb) } };
  if (va.length < Math.max(2, minPerArm) || vb.length < Math.max(2, minPerArm)) {
    return { ...base, comparison: null, significant: null, note: `needs at least ${Math.max(2, minPerArm)} values per version (have ${va.length} and ${vb.length})` };
  }
  const comparison = compareMeans(va, vb, alpha);
  const p = comparison.welch.pValue;
  return { ...base, comparison, significant: Number.isNaN(p) ? null : p < alpha };
}

function variance(v: number[]): { n: number; mean: number; variance: number } {
  const n = v.length;
  const mean = v.reduce((s, x) => s + x, 0) / n;
  return { n, mean, variance: v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) };
}

/** Version `a` is the control, `b` the treatment: differences read as b − a. */
export function compareVersions(cols: PredictionColumns, a: string, b: string, opts: CompareOptions = {}): VersionComparison {
  const alpha = opts.alpha ?? 0.05;
  const minPerArm = opts.minPerArm ?? 10;
  const task = inferTask(cols, opts.task);
  const positive = String(opts.positiveLabel ?? 1);
  const ra = arm(cols, a);
  const rb = arm(cols, b);
  const labelled = (rows: number[]) => rows.filter((i) => labelOf(cols.labelNum[i], cols.labelStr[i]) !== null).length;
  const notes: string[] = [];
  const outcomes: VersionComparison['outcomes'] = [];
  const pred = (i: number) => labelOf(cols.predictionNum[i], cols.predictionStr[i]);
  const truth = (i: number) => labelOf(cols.labelNum[i], cols.labelStr[i]);

  let bandit: VersionComparison['bandit'] = null;
  const banditOpts = { draws: opts.banditDraws ?? 10_000, seed: opts.banditSeed ?? 1, floor: opts.banditFloor ?? 0.05 };
  if (task === 'regression') {
    const err = (i: number) => Math.abs(cols.predictionNum[i] - cols.labelNum[i]);
    const outcome = continuous('absolute_error', false, ra, rb, err, alpha, minPerArm);
    outcomes.push(outcome);
    if (outcome.comparison) {
      const ea = ra.map(err).filter(Number.isFinite).map((x) => -x);
      const eb = rb.map(err).filter(Number.isFinite).map((x) => -x);
      bandit = { reward: 'negative absolute error', ...thompsonNormal([{ arm: a, ...variance(ea) }, { arm: b, ...variance(eb) }], banditOpts) };
    }
  } else {
    const correct = binary('correct', ra, rb, (i) => {
      const t = truth(i);
      const p = pred(i);
      return t === null || p === null ? null : t === p;
    }, alpha, minPerArm);
    outcomes.push(correct);
    if (correct.comparison) {
      bandit = { reward: 'correct prediction', ...thompsonBernoulli([{ arm: a, successes: correct.a.successes, trials: correct.a.trials }, { arm: b, successes: correct.b.successes, trials: correct.b.trials }], banditOpts) };
    }
    if (task === 'binary') {
      outcomes.push(binary('positive_prediction', ra, rb, (i) => {
        const p = pred(i);
        return p === null ? null : p === positive;
      }, alpha, minPerArm));
    }
  }
  outcomes.push(continuous('score', null, ra, rb, (i) => cols.score[i], alpha, minPerArm));
  if (!bandit) notes.push('no bandit recommendation: it needs labelled outcomes for both versions');
  if (ra.length === 0) notes.push(`version ${a} has no predictions in the window`);
  if (rb.length === 0) notes.push(`version ${b} has no predictions in the window`);
  return {
    a: { version: a, predictions: ra.length, labelled: labelled(ra) },
    b: { version: b, predictions: rb.length, labelled: labelled(rb) },
    task,
    alpha,
    outcomes,
    bandit,
    notes,
  };
}

/** JSON has no NaN or Infinity: they become null (JSON.stringify would do it silently). */
export function finiteOrNull<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as T;
}
