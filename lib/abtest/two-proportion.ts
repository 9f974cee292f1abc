import { normalQuantile, normalSf } from '../special/normal.ts';

export interface ProportionArm {
  successes: number;
  trials: number;
}

export interface TwoProportionResult {
  controlRate: number;
  treatmentRate: number;
  /** treatmentRate − controlRate. */
  difference: number;
  /** Wald (unpooled) interval for the difference. */
  ci: [number, number];
  /** difference / controlRate; null when the control rate is 0. */
  relativeLift: number | null;
  /** Pooled z statistic; 0 when both arms are all successes or all failures. */
  z: number;
  pValue: number;
  confidence: number;
}

function checkArm(arm: ProportionArm, name: string): void {
  if (!Number.isInteger(arm.trials) || arm.trials <= 0) throw new RangeError(`${name}.trials must be a positive integer, got ${arm.trials}`);
  if (!Number.isInteger(arm.successes) || arm.successes < 0 || arm.successes > arm.trials) {
    throw new RangeError(`${name}.successes must be an integer in [0, trials], got ${arm.successes} of ${arm.trials}`);
  }
}

/**
 * Two-sided pooled two-proportion z-test of treatment against control (the test statsmodels'
 * proportions_ztest runs), with an unpooled Wald interval for the difference in rates.
 */
export function twoProportionTest(control: ProportionArm, treatment: ProportionArm, confidence = 0.95): TwoProportionResult {
  checkArm(control, 'control');
  checkArm(treatment, 'treatment');
  const n1 = control.trials;
  const n2 = treatment.trials;
  const p1 = control.successes / n1;
  const p2 = treatment.successes / n2;
  const pooled = (control.successes + treatment.successes) / (n1 + n2);
  const difference = p2 - p1;
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = pooledSe > 0 ? difference / pooledSe : 0;
  const pValue = Math.min(1, 2 * normalSf(Math.abs(z)));
  const waldSe = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const zCrit = normalQuantile(1 - (1 - confidence) / 2);
  return {
    controlRate: p1,
    treatmentRate: p2,
    difference,
    ci: [difference - zCrit * waldSe, difference + zCrit * waldSe],
    relativeLift: p1 > 0 ? difference / p1 : null,
    z,
    pValue,
    confidence,
  };
}
