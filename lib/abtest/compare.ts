import { cohensH, standardizedMeanDifference, type StandardizedDifference } from './effect-size.ts';
import { mannWhitneyU, type MannWhitneyResult } from './mann-whitney.ts';
import { powerNote, type PowerNote } from './power.ts';
import { twoProportionTest, type ProportionArm, type TwoProportionResult } from './two-proportion.ts';
import { welchTTest, type WelchResult } from './welch-t-test.ts';

export interface BinaryComparison {
  test: TwoProportionResult;
  cohensH: number;
  power: PowerNote;
}

/** A/B comparison of a binary outcome: significance, effect size and power in one result. */
export function compareProportions(control: ProportionArm, treatment: ProportionArm, alpha = 0.05): BinaryComparison {
  const test = twoProportionTest(control, treatment, 1 - alpha);
  const h = cohensH(test.controlRate, test.treatmentRate);
  return { test, cohensH: h, power: powerNote(h, control.trials, treatment.trials, alpha) };
}

export interface ContinuousComparison {
  welch: WelchResult;
  mannWhitney: MannWhitneyResult;
  effect: StandardizedDifference;
  power: PowerNote | null;
}

/** A/B comparison of a continuous outcome: Welch t, Mann–Whitney, effect size and power. */
export function compareMeans(control: ArrayLike<number>, treatment: ArrayLike<number>, alpha = 0.05): ContinuousComparison {
  const welch = welchTTest(control, treatment, 1 - alpha);
  const effect = standardizedMeanDifference(control, treatment, 1 - alpha);
  const power = Number.isFinite(effect.cohensD) ? powerNote(effect.cohensD, control.length, treatment.length, alpha) : null;
  return { welch, mannWhitney: mannWhitneyU(treatment, control), effect, power };
}
