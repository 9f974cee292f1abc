// Label-free performance (confidence-based estimation, as NannyML's CBPE): an isotonic
// calibrator fitted on the labelled rows maps scores to probabilities, and the expected
// confusion matrix of recent unlabelled rows follows from them.
import { createHash } from 'node:crypto';
import type { DataReader } from '../../core/plugin-api/index.ts';
import { calibrateAll, estimatePerformance, fitIsotonicCalibrator, type PerformanceEstimate } from '../../lib/performance/index.ts';
import type { Label } from './labelled-rows.ts';
import { versionCounts } from '../../lib/versions/serving-version.ts';

export interface EstimateResult {
  window: { id: string; since: string; until: string; rows: number };
  /** Estimated rows per model version. */
  model_versions: Record<string, number>;
  estimate: PerformanceEstimate;
  calibration: { rows: number; realized: Record<string, number | null> };
}

export async function estimateUnlabelled(
  data: DataReader,
  model: string,
  labelled: { scores: number[]; yTrue: Label[]; yPred: Label[]; positive: Label; realized: Record<string, number | null> },
  w: { since: Date; until: Date; minRows: number },
): Promise<EstimateResult | null> {
  const c = await data.predictions(model, { since: w.since, until: w.until, features: [] });
  const scores: number[] = [];
  const decisions: boolean[] = [];
  const versions: (string | null)[] = [];
  const positive = String(labelled.positive);
  for (let i = 0; i < c.rows; i++) {
    const hasLabel = c.labelNum[i] === c.labelNum[i] || c.labelStr[i] !== null;
    const s = c.score[i]!;
    if (hasLabel || !(s >= 0 && s <= 1)) continue;
    const p = c.predictionStr[i] ?? (c.predictionNum[i] === c.predictionNum[i] ? String(c.predictionNum[i]) : null);
    if (p === null) continue;
    scores.push(s);
    decisions.push(p === positive);
    versions.push(c.version[i] ?? null);
  }
  if (scores.length < w.minRows) return null;
  const calibrator = fitIsotonicCalibrator(labelled.scores, labelled.yTrue, labelled.positive);
  const estimate = estimatePerformance(calibrateAll(calibrator, scores), { predictions: decisions });
  const id = createHash('sha256').update(JSON.stringify([model, w.since.toISOString(), w.until.toISOString(), scores.length, 'unlabelled'])).digest('hex');
  return {
    window: { id, since: w.since.toISOString(), until: w.until.toISOString(), rows: scores.length },
    model_versions: Object.fromEntries(versionCounts(versions)),
    estimate,
    calibration: { rows: labelled.scores.length, realized: labelled.realized },
  };
}
