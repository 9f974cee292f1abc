// Every drift test by name. The report and the drift stage look tests up here only.
import { andersonDarling } from './anderson-darling.ts';
import { chi2 } from './chi2.ts';
import { cramerVonMises } from './cramer-von-mises.ts';
import type { ColumnKind, StatTest } from './descriptor.ts';
import { energy } from './energy.ts';
import { hellinger } from './hellinger.ts';
import { jensenShannon } from './jensen-shannon.ts';
import { ks } from './ks.ts';
import { lInfinity } from './l-infinity.ts';
import { psi } from './psi.ts';
import { wasserstein } from './wasserstein.ts';
import { zTest } from './z-test.ts';

export const statTests: readonly StatTest[] = [
  ks,
  chi2,
  wasserstein,
  psi,
  jensenShannon,
  hellinger,
  cramerVonMises,
  andersonDarling,
  energy,
  lInfinity,
  zTest,
];

export function findStatTest(name: string): StatTest | undefined {
  return statTests.find((t) => t.name === name);
}

/** Names of the tests that apply to a column kind, for error messages and help. */
export function statTestNames(kind?: ColumnKind): string[] {
  return statTests.filter((t) => !kind || t.kinds.includes(kind)).map((t) => t.name);
}
