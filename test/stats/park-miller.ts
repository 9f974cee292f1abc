// The generator scripts/reference/stats_reference.py uses for large samples: Park–Miller steps
// are exact in float64, so Python and TypeScript produce the same values from the same seed.
export interface SampleSpec {
  seed: number;
  n: number;
  loc?: number;
  scale?: number;
  decimals?: number;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function parkMiller(spec: SampleSpec): Float64Array {
  const { n, loc = 0, scale = 1, decimals } = spec;
  let s = spec.seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let k = 0; k < 3; k++) {
      s = (s * 16807) % 2147483647;
      acc += s / 2147483647;
    }
    let v = loc + scale * (acc - 1.5);
    if (decimals !== undefined) v = roundHalfEven(v * 10 ** decimals) / 10 ** decimals;
    out[i] = v;
  }
  return out;
}
