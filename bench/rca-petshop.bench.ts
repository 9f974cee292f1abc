// PetShop root-cause evaluation: ranks every incident of every traffic scenario with our ranking
// and with a plain z-score baseline, and prints AC@1, AC@3 and Avg@5 per scenario and overall.
// Data: ../shared/data/rca/petshop (Hardt et al., NeurIPS 2023 datasets track, CC BY 4.0).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAdjacencyCsv, splitCsvLine, type CallGraph } from '../lib/rca/call-graph.ts';
import { rankRootCauses } from '../lib/rca/rank.ts';

const root = process.env.PETSHOP_DIR ?? fileURLToPath(new URL('../../shared/data/rca/petshop/dataset', import.meta.url));

interface Issue {
  scenario: string;
  name: string;
  timestamps: Float64Array;
  series: Map<string, Float64Array>;
  seriesNode: Record<string, string>;
  start: number;
  symptom: string;
  cause: string;
}

function loadIssue(scenario: string, dir: string, name: string): Issue {
  const lines = readFileSync(join(dir, 'metrics.csv'), 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const [services, metrics, stats] = lines.slice(0, 3).map(splitCsvLine) as [string[], string[], string[]];
  const rows = lines.slice(4).map(splitCsvLine);
  const timestamps = Float64Array.from(rows, (r) => Number(r[0]));
  const series = new Map<string, Float64Array>();
  const seriesNode: Record<string, string> = {};
  for (let c = 1; c < services.length; c++) {
    const key = `${services[c]}|${metrics[c]}|${stats[c]}`;
    series.set(key, Float64Array.from(rows, (r) => (r[c] === '' || r[c] === undefined ? NaN : Number(r[c]))));
    seriesNode[key] = services[c]!;
  }
  const target = JSON.parse(readFileSync(join(dir, 'target.json'), 'utf8'));
  return { scenario, name, timestamps, series, seriesNode, start: target.target.timestamp, symptom: target.target.node, cause: target.root_cause.node };
}

/** Baseline: |mean after − mean before| / std before (floored), no graph, no robust statistics. */
function zScoreBaseline(issue: Issue): string[] {
  const startIndex = issue.timestamps.findIndex((t) => t >= issue.start);
  const nodeScore = new Map<string, number>();
  for (const [key, xs] of issue.series) {
    const pre = [...xs.slice(0, startIndex)].filter(Number.isFinite);
    const post = [...xs.slice(startIndex)].filter(Number.isFinite);
    if (!pre.length || !post.length) continue;
    const m = pre.reduce((s, v) => s + v, 0) / pre.length;
    const sd = Math.sqrt(pre.reduce((s, v) => s + (v - m) ** 2, 0) / pre.length);
    const z = Math.abs(post.reduce((s, v) => s + v, 0) / post.length - m) / Math.max(sd, 1e-9);
    const node = issue.seriesNode[key]!;
    nodeScore.set(node, Math.max(nodeScore.get(node) ?? 0, z));
  }
  return [...nodeScore].sort((a, b) => b[1] - a[1]).map(([n]) => n);
}

function ours(issue: Issue, graph: CallGraph): string[] {
  const ranking = rankRootCauses({ ...issue, graph });
  const seen = new Set<string>();
  for (const r of ranking) if (r.node !== undefined) seen.add(r.node);
  return [...seen];
}

function scores(rankings: { ranked: string[]; cause: string }[]) {
  const ac = (k: number) => rankings.filter((r) => r.ranked.slice(0, k).includes(r.cause)).length / rankings.length;
  const avg5 = [1, 2, 3, 4, 5].reduce((s, k) => s + ac(k), 0) / 5;
  return { ac1: ac(1), ac3: ac(3), avg5 };
}

const scenarios = readdirSync(root).filter((s) => existsSync(join(root, s, 'graph.csv'))).sort();
const results: { scenario: string; method: string; ranked: string[]; cause: string }[] = [];
const t0 = performance.now();
let ourMs = 0;
let baseMs = 0;
for (const scenario of scenarios) {
  const graph = parseAdjacencyCsv(readFileSync(join(root, scenario, 'graph.csv'), 'utf8'));
  for (const split of ['train', 'test']) {
    const splitDir = join(root, scenario, split);
    if (!existsSync(splitDir)) continue;
    for (const name of readdirSync(splitDir).sort()) {
      const issue = loadIssue(scenario, join(splitDir, name), `${split}/${name}`);
      let t = performance.now();
      results.push({ scenario, method: 'ours', ranked: ours(issue, graph), cause: issue.cause });
      ourMs += performance.now() - t;
      t = performance.now();
      results.push({ scenario, method: 'baseline', ranked: zScoreBaseline(issue), cause: issue.cause });
      baseMs += performance.now() - t;
    }
  }
}

const fmt = (x: number) => x.toFixed(3);
console.log('scenario            issues  method    AC@1   AC@3   Avg@5');
for (const scenario of [...scenarios, 'overall']) {
  for (const method of ['ours', 'baseline']) {
    const rs = results.filter((r) => r.method === method && (scenario === 'overall' || r.scenario === scenario));
    const s = scores(rs);
    console.log(`${scenario.padEnd(20)}${String(rs.length).padStart(6)}  ${method.padEnd(8)}  ${fmt(s.ac1)}  ${fmt(s.ac3)}  ${fmt(s.avg5)}`);
  }
}
const o = scores(results.filter((r) => r.method === 'ours'));
const b = scores(results.filter((r) => r.method === 'baseline'));
console.log(`overall Avg@5 ratio ours/baseline: ${(o.avg5 / Math.max(b.avg5, 1e-9)).toFixed(2)}x (AC@1 ${fmt(o.ac1)} vs ${fmt(b.ac1)})`);
console.log(`ranking time: ours ${ourMs.toFixed(0)} ms, baseline ${baseMs.toFixed(0)} ms, total ${(performance.now() - t0).toFixed(0)} ms`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB`);
