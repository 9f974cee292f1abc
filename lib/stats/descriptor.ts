// The shape every drift test shares: what it is called, which columns it applies to, its default
// threshold and which side of the threshold means drift. Adding a test is one file + one line
// in registry.ts.
import type { ColumnSamples } from './samples.ts';

export type ColumnKind = 'numerical' | 'categorical';

/** `p_below`: drift when p_value < threshold. `value_at_least`: drift when statistic ≥ threshold. */
export type DriftDirection = 'p_below' | 'value_at_least';

export interface TestOutcome {
  statistic: number;
  p_value?: number;
}

export interface StatTest {
  name: string;
  kinds: ColumnKind[];
  defaultThreshold: number;
  direction: DriftDirection;
  run(samples: ColumnSamples): TestOutcome;
}

/** Whether an outcome crosses its threshold in the test's direction. */
export function isDrift(test: StatTest, outcome: TestOutcome, threshold: number): boolean {
  if (test.direction === 'p_below') return outcome.p_value !== undefined && outcome.p_value < threshold;
  return outcome.statistic >= threshold;
}
