// Seeded synthetic series for tests: the same seed gives the same series on every machine.

/** mulberry32: a small, fast 32-bit generator, good enough for test noise. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box–Muller. */
export function seededNormal(seed: number): () => number {
  const u = seededUniform(seed);
  return () => {
    const u1 = u() || Number.MIN_VALUE;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u());
  };
}

/** Poisson draws (Knuth for small rates, normal approximation above 500). */
export function seededPoisson(seed: number): (rate: number) => number {
  const u = seededUniform(seed);
  const z = seededNormal(seed ^ 0x9e3779b9);
  return (rate) => {
    if (rate > 500) return Math.max(0, Math.round(rate + Math.sqrt(rate) * z()));
    const limit = Math.exp(-rate);
    let k = 0;
    let p = u();
    while (p > limit) {
      k++;
      p *= u();
    }
    return k;
  };
}

export function normalSeries(seed: number, n: number, mean = 0, sd = 1): Float64Array {
  const z = seededNormal(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + sd * z();
  return out;
}
