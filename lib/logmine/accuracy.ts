// Grouping accuracy as the log-parsing literature defines it (Zhu et al., "Tools and Benchmarks
// for Automated Log Parsing"): a mined group counts only when its lines are exactly the lines of
// one ground-truth template; GA is the share of lines in such groups.
export function groupingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  if (predicted.length !== truth.length) {
    throw new Error(`groupingAccuracy: ${predicted.length} predicted labels but ${truth.length} true ones`);
  }
  if (predicted.length === 0) return 1;
  const predSize = new Map<string, number>();
  const truthSize = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i]!;
    const t = truth[i]!;
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
    truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
    const k = `${p}\u0000${t}`;
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
  }
  let correct = 0;
  for (const [k, n] of pairs) {
    const [p, t] = k.split('\u0000') as [string, string];
    if (predSize.get(p) === n && truthSize.get(t) === n) correct += n;
  }
  return correct / predicted.length;
}
