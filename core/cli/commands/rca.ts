// `sidewatch rca --metrics FILE --since TIME [--graph FILE] [--json]`: ranks likely root causes of
// an incident from a wide metrics CSV, optionally along a call graph (adjacency matrix CSV).
import { readFileSync } from 'node:fs';
import { parseArgs, stringFlag } from '../args.ts';
import { parseAdjacencyCsv, type CallGraph } from '../../../lib/rca/call-graph.ts';
import { rankRootCauses } from '../../../lib/rca/rank.ts';
import { parseTime, parseWideCsv } from '../../../lib/rca/wide-csv.ts';

const usage = 'usage: sidewatch rca --metrics FILE --since TIME [--graph FILE] [--symptom NODE] [--top N] [--json]\n';

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['json', 'help']);
  if (args.flags.help) {
    process.stdout.write(usage);
    return 0;
  }
  try {
    const metricsFile = stringFlag(args, 'metrics', true);
    const sinceText = stringFlag(args, 'since', true);
    const graphFile = stringFlag(args, 'graph');
    const symptom = stringFlag(args, 'symptom');
    const topText = stringFlag(args, 'top');
    const top = topText === undefined ? 20 : Number(topText);
    if (!Number.isInteger(top) || top < 1) throw new Error(`--top must be a positive integer, got "${topText}"`);

    const since = parseTime(sinceText);
    if (!Number.isFinite(since)) throw new Error(`--since "${sinceText}" is neither epoch seconds nor ISO-8601`);
    const { timestamps, series } = parseWideCsv(readText(metricsFile, '--metrics'));
    const first = timestamps[0]!;
    const last = timestamps[timestamps.length - 1]!;
    if (since <= first || since > last) {
      throw new Error(
        `--since ${iso(since)} is outside the data: it must be after the first point (${iso(first)}) so there is a baseline, and at or before the last (${iso(last)})`,
      );
    }
    let graph: CallGraph | undefined;
    if (graphFile !== undefined) graph = parseAdjacencyCsv(readText(graphFile, '--graph'));

    const ranking = rankRootCauses({ timestamps, series, start: since, graph, symptom });
    if (args.flags.json) {
      const out = ranking.map((r) => ({
        series: r.series,
        score: round(r.score),
        ...(r.node !== undefined ? { node: r.node } : {}),
        peak_z: round(r.evidence.peak_z),
        mean_z: round(r.evidence.mean_z),
        onset: r.evidence.onset === null ? null : iso(r.evidence.onset),
      }));
      process.stdout.write(`${JSON.stringify({ ranking: out })}\n`);
    } else {
      process.stdout.write(`likely root causes since ${iso(since)} (${series.size} series, ${timestamps.length} points)\n`);
      const shown = ranking.slice(0, top);
      const width = Math.max(6, ...shown.map((r) => r.series.length));
      process.stdout.write(`${'rank'.padEnd(5)} ${'series'.padEnd(width)} ${'score'.padStart(8)} ${'mean z'.padStart(9)}  onset\n`);
      shown.forEach((r, i) => {
        const onset = r.evidence.onset === null ? '-' : iso(r.evidence.onset);
        process.stdout.write(
          `${String(i + 1).padEnd(5)} ${r.series.padEnd(width)} ${r.score.toFixed(2).padStart(8)} ${r.evidence.mean_z.toFixed(1).padStart(9)}  ${onset}${r.node ? `  (${r.node})` : ''}\n`,
        );
      });
    }
    return 0;
  } catch (err) {
    process.stderr.write(`sidewatch rca: ${err instanceof Error ? err.message : String(err)}\n${usage}`);
    return 2;
  }
}

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${flag} ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
