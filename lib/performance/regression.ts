import { checkSameLength } from './labels.ts';

export interface RegressionMetrics {
  mae: number;
  rmse: number;
  /** sklearn's definition: mean |y − ŷ| / max(|y|, eps), a fraction (not percent). */
  mape: number;
  /** sklearn's r2_score: 1 − SS_res/SS_tot; for a constant yTrue, 1 if the fit is perfect, else 0. */
  r2: number;
}

const EPS = 2.220446049250313e-16;

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  checkSameLength(yTrue, yPred, 'regression metrics');
  const n = yTrue.length;
  let absSum = 0;
  let sqSum = 0;
  let pctSum = 0;
  let ySum = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!Number.isFinite(t) || !Number.isFinite(p)) throw new RangeError(`regression metrics: row ${i} is not finite (${t}, ${p})`);
    const e = Math.abs(t - p);
    absSum += e;
    sqSum += e * e;
    pctSum += e / Math.max(Math.abs(t), EPS);
    ySum += t;
  }
  const mean = ySum / n;
  let ssTot = 0;
  for (let i = 0; i < n; i++) ssTot += (yTrue[i] - mean) ** 2;
  const r2 = ssTot > 0 ? 1 - sqSum / ssTot : sqSum === 0 ? 1 : 0;
  return { mae: absSum / n, rmse: Math.sqrt(sqSum / n), mape: pctSum / n, r2 };
}
