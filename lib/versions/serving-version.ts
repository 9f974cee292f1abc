// Which model versions served a window. Versions are rolled out side by side (canary, A/B), so a
// window can mix them: the result names the version that served most rows and keeps the count
// of every version, so a policy about any one of them can still find the window.

/** Rows per model version, in order of first appearance; rows without a version are not counted. */
export function versionCounts(versions: Iterable<string | null | undefined>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of versions) if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** The version that served most rows; on a tie the one that appeared last (the newer rollout). */
export function servingVersion(counts: Map<string, number>): string | null {
  let best: string | null = null;
  let most = 0;
  for (const [v, n] of counts) {
    if (n >= most) {
      best = v;
      most = n;
    }
  }
  return best;
}
