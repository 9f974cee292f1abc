// How figures read in reports and terminals: short numbers (exponent for the very small or large),
// shares as percentages with one decimal.
/** `missing` stands for a figure that is absent (null, or NaN). */
export function num(x: number | null | undefined, missing = '-'): string {
  if (x === null || x === undefined || Number.isNaN(x)) return missing;
  if (x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e6)) return x.toExponential(2);
  return String(+x.toFixed(4));
}

export function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
