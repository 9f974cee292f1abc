import { Random } from './random.ts';

export interface BanditOptions {
  /** Monte Carlo draws of the posterior. */
  draws?: number;
  seed?: number;
  /** Minimum traffic share of every arm, so that no arm stops being explored. */
  floor?: number;
}

export interface ArmRecommendation {
  arm: string;
  posteriorMean: number;
  /** Share of posterior draws in which this arm had the highest mean. */
  probabilityBest: number;
  /** floor + (1 − k·floor)·probabilityBest; shares sum to 1. */
  suggestedShare: number;
}

export interface BanditRecommendation {
  model: 'beta-bernoulli' | 'normal';
  draws: number;
  seed: number;
  floor: number;
  arms: ArmRecommendation[];
}

export interface BinaryArm {
  arm: string;
  successes: number;
  trials: number;
}

export interface ContinuousArm {
  arm: string;
  n: number;
  mean: number;
  /** Sample variance (ddof = 1). */
  variance: number;
}

function resolve(options: BanditOptions, arms: number): Required<BanditOptions> {
  const { draws = 10_000, seed = 1, floor = 0.05 } = options;
  if (arms < 1) throw new RangeError('bandit needs at least one arm');
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`draws must be a positive integer, got ${draws}`);
  if (!(floor >= 0 && floor * arms <= 1)) throw new RangeError(`floor ${floor} must be ≥ 0 and at most 1/${arms} for ${arms} arms`);
  return { draws, seed, floor };
}

// Draws every arm's posterior `draws` times and counts how often each is the highest.
function recommend(
  model: BanditRecommendation['model'],
  names: string[],
  means: number[],
  sample: (arm: number, rng: Random) => number,
  opts: Required<BanditOptions>,
): BanditRecommendation {
  const rng = new Random(opts.seed);
  const wins = new Float64Array(names.length);
  for (let d = 0; d < opts.draws; d++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let a = 0; a < names.length; a++) {
      const v = sample(a, rng);
      if (v > bestValue) {
        bestValue = v;
        best = a;
      }
    }
    wins[best]++;
  }
  const k = names.length;
  const arms = names.map((arm, a) => {
    const probabilityBest = wins[a] / opts.draws;
    return { arm, posteriorMean: means[a], probabilityBest, suggestedShare: opts.floor + (1 - k * opts.floor) * probabilityBest };
  });
  return { model, draws: opts.draws, seed: opts.seed, floor: opts.floor, arms };
}

/**
 * Thompson sampling for binary rewards: each arm's success rate has a Beta(1 + successes,
 * 1 + failures) posterior (uniform prior).
 */
export function thompsonBernoulli(arms: BinaryArm[], options: BanditOptions = {}): BanditRecommendation {
  const opts = resolve(options, arms.length);
  for (const a of arms) {
    if (!(Number.isInteger(a.trials) && a.trials >= 0 && Number.isInteger(a.successes) && a.successes >= 0 && a.successes <= a.trials)) {
      throw new RangeError(`arm ${a.arm}: successes ${a.successes} and trials ${a.trials} must be integers with 0 ≤ successes ≤ trials`);
    }
  }
  const alpha = arms.map((a) => 1 + a.successes);
  const beta = arms.map((a) => 1 + a.trials - a.successes);
  return recommend('beta-bernoulli', arms.map((a) => a.arm), alpha.map((x, i) => x / (x + beta[i])), (i, rng) => rng.beta(alpha[i], beta[i]), opts);
}

/**
 * Thompson sampling for continuous rewards. Prior: flat on the mean and Jeffreys (1/σ²) on the
 * variance, so the posterior of an arm's mean is mean + sqrt(variance/n)·T with n − 1 degrees
 * of freedom; it needs no prior scale and so fits any reward unit. Each arm needs n ≥ 2.
 */
export function thompsonNormal(arms: ContinuousArm[], options: BanditOptions = {}): BanditRecommendation {
  const opts = resolve(options, arms.length);
  for (const a of arms) {
    if (!(Number.isInteger(a.n) && a.n >= 2)) throw new RangeError(`arm ${a.arm}: the normal bandit needs n ≥ 2 observations, got ${a.n}`);
    if (!(Number.isFinite(a.mean) && a.variance >= 0)) throw new RangeError(`arm ${a.arm}: mean ${a.mean} and variance ${a.variance} must be finite, variance ≥ 0`);
  }
  const scale = arms.map((a) => Math.sqrt(a.variance / a.n));
  return recommend('normal', arms.map((a) => a.arm), arms.map((a) => a.mean), (i, rng) => arms[i].mean + scale[i] * rng.studentT(arms[i].n - 1), opts);
}
