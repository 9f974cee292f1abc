// Production testing: A/B significance, effect sizes, power and a Thompson-sampling bandit.
export { twoProportionTest, type ProportionArm, type TwoProportionResult } from './two-proportion.ts';
export { welchTTest, type WelchResult } from './welch-t-test.ts';
export { mannWhitneyU, type MannWhitneyResult } from './mann-whitney.ts';
export { standardizedMeanDifference, cohensH, type StandardizedDifference } from './effect-size.ts';
export { powerNote, type PowerNote } from './power.ts';
export { compareProportions, compareMeans, type BinaryComparison, type ContinuousComparison } from './compare.ts';
export {
  thompsonBernoulli, thompsonNormal,
  type BanditOptions, type BanditRecommendation, type ArmRecommendation, type BinaryArm, type ContinuousArm,
} from './thompson-bandit.ts';
export { Random } from './random.ts';
export { normalCdf, normalSf, normalQuantile } from '../special/normal.ts';
export { studentTCdf, studentTSf, studentTQuantile } from '../special/student-t.ts';
