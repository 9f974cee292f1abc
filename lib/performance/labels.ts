/** A class label as it arrives in predictions and labels. */
export type Label = number | string | boolean;

export function checkSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string): void {
  if (a.length !== b.length) throw new RangeError(`${what}: lengths differ (${a.length} vs ${b.length})`);
  if (a.length === 0) throw new RangeError(`${what}: no rows`);
}

/** 1 where the label equals the positive label, else 0. */
export function toBinary(labels: ArrayLike<Label>, positive: Label): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] === positive ? 1 : 0;
  return out;
}

export function checkProbabilities(p: ArrayLike<number>, what: string): void {
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new RangeError(`${what}[${i}] must be a probability in [0, 1], got ${p[i]}`);
  }
}
