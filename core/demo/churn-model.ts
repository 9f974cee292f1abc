// A simulated churn classifier with realistic features, two versions served side by side,
// a sensitive attribute supplied beside the features, labels that arrive late, and a slow
// drift in its inputs. Pure: it produces rows; the demo module stores them.
import { Random } from '../../lib/abtest/random.ts';
import type { PredictionRow } from '../ingest/validate-predictions.ts';

export const demoModel = 'demo-churn';
const plans = ['free', 'basic', 'pro'] as const;
const regions = ['eu', 'us', 'apac'] as const;

export interface PendingLabel {
  dueMs: number;
  id: string;
  label: number;
}

export interface DemoBatch {
  predictions: PredictionRow[];
  labels: PendingLabel[];
}

export interface ChurnFeatures {
  age: number;
  tenure_months: number;
  monthly_charges: number;
  support_tickets: number;
  plan: string;
  region: string;
  is_mobile: boolean;
}

/** How far the inputs have drifted, 0 at start, growing slowly and capped. */
export function driftLevel(elapsedMs: number, periodMs = 15 * 60_000): number {
  return Math.min(1.5, elapsedMs / periodMs);
}

export function sampleFeatures(rng: Random, drift: number): ChurnFeatures {
  const regionRoll = rng.uniform();
  // Drift: charges rise, APAC grows, support tickets rise, more subscribers on the free plan.
  // Four of the seven features move, so that at full strength the dataset as a whole drifts.
  const region = regionRoll < 0.45 - 0.15 * drift ? 'eu' : regionRoll < 0.85 - 0.1 * drift ? 'us' : 'apac';
  const planRoll = rng.uniform();
  const plan = planRoll < 0.5 + 0.15 * drift ? 'free' : planRoll < 0.8 + 0.05 * drift ? 'basic' : 'pro';
  return {
    age: Math.round(Math.max(18, Math.min(90, 41 + 12 * rng.normal()))),
    tenure_months: Math.max(0, Math.round(24 * -Math.log(1 - rng.uniform()))),
    monthly_charges: Math.round(Math.max(5, 55 + 20 * drift + 18 * rng.normal()) * 100) / 100,
    support_tickets: poisson(rng, 1.2 + 1.5 * drift),
    plan,
    region,
    is_mobile: rng.uniform() < 0.6,
  };
}

/** APAC subscribers churn much more than the rest: large enough that a model blind to it is
 * visibly wrong there (most of them churn while it predicts they stay). */
const apacEffect = 1.8;

/** The true churn probability the labels are drawn from. */
export function trueChurnProbability(f: ChurnFeatures): number {
  const z = -1.2 + 0.035 * (f.monthly_charges - 55) - 0.04 * f.tenure_months + 0.45 * f.support_tickets + (f.plan === 'free' ? 0.4 : f.plan === 'pro' ? -0.5 : 0) + (f.region === 'apac' ? apacEffect : 0);
  return 1 / (1 + Math.exp(-z));
}

/** What each version believes; v2 is better calibrated, v1 misses the APAC effect. */
export function modelScore(version: 'v1' | 'v2', f: ChurnFeatures, rng: Random): number {
  const base = -1.2 + 0.03 * (f.monthly_charges - 55) - 0.04 * f.tenure_months + 0.4 * f.support_tickets + (f.plan === 'free' ? 0.4 : f.plan === 'pro' ? -0.5 : 0);
  const z = version === 'v2' ? base + (f.region === 'apac' ? apacEffect - 0.1 : 0) : base;
  return 1 / (1 + Math.exp(-(z + 0.1 * rng.normal())));
}

export interface ChurnSimulatorOptions {
  labelDelayMinMs?: number;
  labelDelayMaxMs?: number;
  driftPeriodMs?: number;
}

export class ChurnSimulator {
  readonly #rng: Random;
  readonly #startMs: number;
  readonly #opts: Required<ChurnSimulatorOptions>;
  #seq = 0;

  constructor(seed: number, startMs: number, opts: ChurnSimulatorOptions = {}) {
    this.#rng = new Random(seed);
    this.#startMs = startMs;
    this.#opts = { labelDelayMinMs: 20_000, labelDelayMaxMs: 90_000, driftPeriodMs: 15 * 60_000, ...opts };
  }

  /** `n` predictions at `nowMs`; each label is due between the configured delays later. */
  batch(n: number, nowMs: number): DemoBatch {
    const drift = driftLevel(nowMs - this.#startMs, this.#opts.driftPeriodMs);
    const { labelDelayMinMs, labelDelayMaxMs } = this.#opts;
    const predictions: PredictionRow[] = [];
    const labels: PendingLabel[] = [];
    for (let i = 0; i < n; i++) {
      const f = sampleFeatures(this.#rng, drift);
      const version = this.#rng.uniform() < 0.7 ? 'v1' : 'v2';
      const score = modelScore(version, f, this.#rng);
      const id = `c-${nowMs.toString(36)}-${(this.#seq++).toString(36)}`;
      const gender = this.#rng.uniform() < 0.5 ? 'female' : 'male';
      predictions.push({
        model: demoModel,
        version,
        id,
        ts: nowMs,
        features: { ...f },
        predictionNum: score >= 0.5 ? 1 : 0,
        predictionStr: null,
        score: Math.round(score * 1e6) / 1e6,
        segment: f.region,
        attributes: { gender },
      });
      labels.push({ dueMs: nowMs + labelDelayMinMs + this.#rng.uniform() * Math.max(0, labelDelayMaxMs - labelDelayMinMs), id, label: this.#rng.uniform() < trueChurnProbability(f) ? 1 : 0 });
    }
    return { predictions, labels };
  }

  /** A reference sample from the undrifted distribution, as CSV (what the model was trained on). */
  referenceCsv(rows: number): string {
    const rng = new Random(7);
    const cols = ['age', 'tenure_months', 'monthly_charges', 'support_tickets', 'plan', 'region', 'is_mobile'] as const;
    const lines = [cols.join(',')];
    for (let i = 0; i < rows; i++) {
      const f = sampleFeatures(rng, 0);
      lines.push(cols.map((c) => String(f[c])).join(','));
    }
    return `${lines.join('\n')}\n`;
  }
}

function poisson(rng: Random, lambda: number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.uniform();
  } while (p > l);
  return k - 1;
}

export { plans, regions };
