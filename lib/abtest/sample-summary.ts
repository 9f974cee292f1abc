/** Count, mean and unbiased (ddof = 1) variance of a sample, in two passes for accuracy. */
export interface SampleSummary {
  n: number;
  mean: number;
  variance: number;
}

export function summarize(values: ArrayLike<number>, name: string): SampleSummary {
  const n = values.length;
  if (n === 0) throw new RangeError(`${name} is empty`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new RangeError(`${name}[${i}] is not a finite number: ${v}`);
    sum += v;
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { n, mean, variance: n > 1 ? ss / (n - 1) : NaN };
}
