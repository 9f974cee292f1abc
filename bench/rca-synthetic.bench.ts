// Fine-grained root causes on synthetic incidents with known ground truth (test/rca/synthetic-faults.ts):
// per fault kind and noise level, AC@1 by series (the faulty resource of the faulty service ranks
// first) and by service (a series of the faulty service ranks first), over 40 seeds each. The
// baseline is the same ranking without a call graph, measured in the same run.
import { rankRootCauses } from '../lib/rca/rank.ts';
import { syntheticIncident, type FaultKind } from '../test/rca/synthetic-faults.ts';

const kinds: FaultKind[] = ['cpu_hog', 'memory_leak', 'latency'];
const noises = [1, 2, 4];
const seeds = 40;
console.log(`${'fault'.padEnd(12)} ${'noise'.padStart(5)}  ${'series AC@1'.padStart(11)} ${'service AC@1'.padStart(12)}  ${'no graph: series'.padStart(16)} ${'service'.padStart(8)}`);
const total = { series: 0, service: 0, bSeries: 0, bService: 0, n: 0 };
for (const kind of kinds) {
  for (const noise of noises) {
    let bySeries = 0, byService = 0, bSeries = 0, bService = 0;
    for (let s = 1; s <= seeds; s++) {
      const inc = syntheticIncident(s * 7919 + noises.indexOf(noise), kind, noise);
      const ranked = rankRootCauses({ timestamps: inc.timestamps, series: inc.series, start: inc.start, graph: inc.graph, symptom: inc.symptom });
      if (ranked[0]?.series === inc.cause.series) bySeries++;
      if (ranked[0]?.node === inc.cause.node) byService++;
      const flat = rankRootCauses({ timestamps: inc.timestamps, series: inc.series, start: inc.start });
      if (flat[0]?.series === inc.cause.series) bSeries++;
      if (flat[0]?.series.startsWith(inc.cause.node + '.')) bService++;
    }
    total.series += bySeries; total.service += byService; total.bSeries += bSeries; total.bService += bService; total.n += seeds;
    const f = (x: number) => (x / seeds).toFixed(3);
    console.log(`${kind.padEnd(12)} ${String(noise).padStart(5)}  ${f(bySeries).padStart(11)} ${f(byService).padStart(12)}  ${f(bSeries).padStart(16)} ${f(bService).padStart(8)}`);
  }
}
const g = (x: number) => (x / total.n).toFixed(3);
console.log(`${'all'.padEnd(12)} ${''.padStart(5)}  ${g(total.series).padStart(11)} ${g(total.service).padStart(12)}  ${g(total.bSeries).padStart(16)} ${g(total.bService).padStart(8)}`);
