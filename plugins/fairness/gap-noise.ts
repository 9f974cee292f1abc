// A gap between two groups' rates measured on a few dozen rows is mostly sampling noise: a gap is
// reported only when it exceeds the threshold by more than that noise (one-sided 95%), so a
// model that treats groups alike does not raise fairness findings on small windows.
import type { GroupGap } from '../../lib/fairness/group-gaps.ts';

const zOneSided = 1.645;

/** Standard error of the difference between the highest and lowest group rate, or null. */
export function gapStandardError(gap: GroupGap): number | null {
  const hi = gap.groups.find((g) => g.group === gap.maxGroup);
  const lo = gap.groups.find((g) => g.group === gap.minGroup);
  if (!hi || !lo || hi.rate === null || lo.rate === null || hi.count <= 0 || lo.count <= 0) return null;
  return Math.sqrt((hi.rate * (1 - hi.rate)) / hi.count + (lo.rate * (1 - lo.rate)) / lo.count);
}

export function confidentlyAbove(gap: GroupGap, threshold: number): boolean {
  if (gap.difference === null || gap.difference <= threshold) return false;
  const se = gapStandardError(gap);
  return se !== null && gap.difference - threshold > zOneSided * se;
}
