import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PcaReconstructionDrift, componentsForShare } from '../../lib/multivariate/pca-reconstruction.ts';
import { seededNormal } from '../anomaly/synthetic.ts';
import { median, quantile } from '../../lib/robust/quantile.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/detectors/pca_reconstruction.json', import.meta.url), 'utf8'));

function toColumns(rows: (number | null)[][], features: string[]): Record<string, Float64Array> {
  return Object.fromEntries(features.map((f, j) => [f, Float64Array.from(rows, (r) => r[j] ?? NaN)]));
}

function closeRel(actual: number, expected: number, what: string, rel = 1e-9) {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300), `${what}: ${actual} vs ${expected}`);
}

test('explained variance ratio, components kept, chunk errors and thresholds match numpy', () => {
  const ref = toColumns(fixture.reference, fixture.features);
  const cur = toColumns(fixture.current, fixture.features);
  for (const c of fixture.cases) {
    const m = PcaReconstructionDrift.fit(ref, fixture.features, { varianceShare: c.share, chunkSize: c.chunkSize });
    m.explainedVarianceRatio.forEach((r, i) => closeRel(r, c.explainedVarianceRatio[i], `share ${c.share} ratio[${i}]`));
    assert.equal(m.componentCount, c.components);
    for (const key of ['mean', 'std', 'lower', 'upper'] as const) closeRel(m.threshold[key], c.threshold[key], `threshold.${key}`);
    const chunks = m.chunkErrors(cur, 'drop');
    assert.equal(chunks.length, c.currentChunkErrors.length);
    chunks.forEach((ch, i) => closeRel(ch.error, c.currentChunkErrors[i], `current chunk ${i}`));
    // The current data lost the reference's correlations, so every chunk is outside the band.
    assert.ok(chunks.every((ch) => ch.drifted));
  }
});

test('componentsForShare follows sklearn: the first cumulative share strictly above the target', () => {
  assert.equal(componentsForShare([0.5, 0.15, 0.2, 0.15], 0.65), 3);
  assert.equal(componentsForShare([0.5, 0.16, 0.2, 0.14], 0.65), 2);
  assert.equal(componentsForShare([0.5, 0.5], 1), 2);
});

function correlatedPair(seed: number, n: number, rho: number): Record<string, Float64Array> {
  const z = seededNormal(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = z();
    const v = z();
    a[i] = 10 + 2 * u;
    b[i] = 5 + 0.5 * (rho * u + Math.sqrt(1 - rho * rho) * v);
    c[i] = z();
  }
  return { a, b, c };
}

test('detects a change of correlation that leaves every marginal distribution in place', () => {
  const features = ['a', 'b', 'c'];
  const reference = correlatedPair(1, 5000, 0.9);
  const same = correlatedPair(2, 2000, 0.9);
  const flipped = correlatedPair(3, 2000, -0.9);
  const model = PcaReconstructionDrift.fit(reference, features, { chunkSize: 500 });
  assert.equal(model.componentCount, 2);

  // Univariate view: medians and quartiles of each feature barely move.
  for (const f of features) {
    for (const q of [0.25, 0.5, 0.75]) {
      const spread = quantile(reference[f], 0.75) - quantile(reference[f], 0.25);
      assert.ok(Math.abs(quantile(flipped[f], q) - quantile(reference[f], q)) < 0.1 * spread, `${f} q${q} moved`);
    }
    assert.ok(Math.abs(median(flipped[f]) - median(same[f])) < 0.1 * (quantile(reference[f], 0.75) - quantile(reference[f], 0.25)));
  }

  assert.ok(model.chunkErrors(same).every((c) => !c.drifted), 'no drift on data like the reference');
  const drifted = model.chunkErrors(flipped);
  assert.ok(drifted.every((c) => c.drifted && c.error > model.threshold.upper), JSON.stringify(drifted));
});

test('imputes missing values with the reference mean and survives a constant column', () => {
  const reference = correlatedPair(4, 2000, 0.7);
  const constant = new Float64Array(2000).fill(3);
  const model = PcaReconstructionDrift.fit({ ...reference, k: constant }, ['a', 'b', 'c', 'k'], { chunkSize: 250 });
  // A row of all-missing values becomes the reference mean, which reconstructs perfectly.
  const errs = model.rowErrors({ a: [NaN], b: [NaN], c: [NaN], k: [NaN] });
  assert.ok(errs[0] < 1e-12);
  assert.ok(Number.isFinite(model.threshold.upper));
  const restored = PcaReconstructionDrift.fromJSON(JSON.parse(JSON.stringify(model)));
  const probe = correlatedPair(5, 500, 0);
  const withK = { ...probe, k: new Float64Array(500).fill(3) };
  assert.deepEqual(restored.chunkErrors(withK), model.chunkErrors(withK));
  assert.throws(() => model.rowErrors({ a: [1], b: [1], c: [1] }), /column k is missing/);
  assert.throws(() => PcaReconstructionDrift.fromJSON({ ...model.toJSON(), v: 2 }), /version 2/);
});
