import { test } from 'node:test';
import { logBeta, logGamma } from '../../lib/special/log-gamma.ts';
import { assertClose, reference } from './close.ts';

test('logGamma matches scipy.special.gammaln, negative non-integers included', () => {
  // ln Γ is zero at 1 and 2, so an absolute floor stands in for the relative tolerance there.
  for (const c of reference.gammaln) assertClose(logGamma(c.x), c.value, `gammaln(${c.x})`, 1e-14);
});

test('logBeta matches scipy.special.betaln', () => {
  for (const c of reference.betaln) assertClose(logBeta(c.a, c.b), c.value, `betaln(${c.a}, ${c.b})`, 1e-14);
});
