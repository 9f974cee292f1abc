import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Random } from '../../lib/abtest/random.ts';
import { thompsonBernoulli, thompsonNormal } from '../../lib/abtest/thompson-bandit.ts';

const ref = JSON.parse(readFileSync(new URL('../fixtures/abtest/reference.json', import.meta.url), 'utf8'));

// A Monte Carlo share of N draws has standard error sqrt(p(1−p)/N); 5 standard errors makes a
// false failure rarer than 1 in 10⁶ for any seed, and the seed is fixed anyway.
function assertWithinMonteCarlo(estimate: number, exact: number, draws: number, what: string): void {
  const se = Math.sqrt(Math.max(exact * (1 - exact), 1e-4) / draws);
  assert.ok(Math.abs(estimate - exact) <= 5 * se, `${what}: ${estimate} vs exact ${exact} (5 SE = ${5 * se})`);
}

test('the PRNG is deterministic per seed and differs across seeds', () => {
  const a = new Random(42);
  const b = new Random(42);
  const c = new Random(43);
  const xs = Array.from({ length: 5 }, () => a.uniform());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => b.uniform()));
  assert.notDeepEqual(xs, Array.from({ length: 5 }, () => c.uniform()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

test('Gamma, Beta and Normal samplers have the right first two moments', () => {
  const rng = new Random(7);
  const n = 40_000;
  const cases: [string, () => number, number, number][] = [
    ['normal', () => rng.normal(), 0, 1],
    ['gamma(0.4)', () => rng.gamma(0.4), 0.4, 0.4],
    ['gamma(5)', () => rng.gamma(5), 5, 5],
    ['beta(2,8)', () => rng.beta(2, 8), 0.2, (2 * 8) / (100 * 11)],
  ];
  for (const [name, draw, mean, variance] of cases) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = draw();
      s += x;
      s2 += x * x;
    }
    const m = s / n;
    const v = s2 / n - m * m;
    assert.ok(Math.abs(m - mean) < 5 * Math.sqrt(variance / n), `${name} mean ${m} vs ${mean}`);
    assert.ok(Math.abs(v - variance) / variance < 0.06, `${name} variance ${v} vs ${variance}`);
  }
});

test('Beta-Bernoulli P(best) agrees with the exact two-arm integral', () => {
  for (const c of ref.bandit_beta) {
    const r = thompsonBernoulli(c.arms, { draws: 20_000, seed: 3 });
    assertWithinMonteCarlo(r.arms[1].probabilityBest, c.p_b_best, 20_000, JSON.stringify(c.arms));
    assert.equal(r.arms[0].probabilityBest + r.arms[1].probabilityBest, 1);
  }
});

test('Normal (Student t posterior) P(best) agrees with the exact two-arm integral', () => {
  for (const c of ref.bandit_normal) {
    const r = thompsonNormal(c.arms, { draws: 20_000, seed: 5 });
    assertWithinMonteCarlo(r.arms[1].probabilityBest, c.p_b_best, 20_000, JSON.stringify(c.arms));
  }
});

test('traffic split keeps the floor, sums to one, favours the better arm and is reproducible', () => {
  const arms = [
    { arm: 'v1', successes: 100, trials: 1000 },
    { arm: 'v2', successes: 140, trials: 1000 },
    { arm: 'v3', successes: 95, trials: 1000 },
  ];
  const r = thompsonBernoulli(arms, { seed: 9, floor: 0.1 });
  const shares = r.arms.map((a) => a.suggestedShare);
  assert.ok(Math.abs(shares.reduce((s, x) => s + x, 0) - 1) < 1e-12);
  assert.ok(shares.every((s) => s >= 0.1));
  assert.ok(shares[1] > 0.65, `v2 should get most traffic, got ${shares[1]}`);
  assert.deepEqual(thompsonBernoulli(arms, { seed: 9, floor: 0.1 }), r);
});

test('bandit input errors name the arm and the problem', () => {
  assert.throws(() => thompsonBernoulli([{ arm: 'x', successes: 5, trials: 2 }]), /arm x/);
  assert.throws(() => thompsonNormal([{ arm: 'y', n: 1, mean: 0, variance: 1 }]), /arm y.*n ≥ 2/);
  assert.throws(() => thompsonBernoulli([{ arm: 'a', successes: 0, trials: 0 }, { arm: 'b', successes: 0, trials: 0 }], { floor: 0.6 }), /floor/);
});
