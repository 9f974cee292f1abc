// `sidewatch drift --reference A --current B`: a one-shot SPEC §5 drift report between two files.
import { DuckDBInstance } from '@duckdb/node-api';
import { driftOfFiles } from '../../files/drift-of-files.ts';
import type { DriftOptions, DriftReport } from '../../../lib/drift/report.ts';
import { ColumnCompute } from '../../compute/column-compute.ts';
import { parseArgs, stringFlag, threadsFlag } from '../args.ts';
import { renderDriftHtml } from '../../reports/drift-html.ts';
import { num, pct } from '../../reports/format.ts';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { decodeProfileSet, type ColumnProfile } from '../../../lib/drift/profile.ts';

const usage = `usage: sidewatch drift --reference FILE --current FILE [options]
       sidewatch drift --reference-profile PROFILE --current FILE [options]

Compares two datasets (.csv, .parquet, .json, .ndjson) column by column. A reference profile
(written by sidewatch profile) gives the same report without reading the reference again.

options:
  --json                     print only the JSON report on stdout
  --html FILE                also write the report as one self-contained HTML file (summary,
                             per-column table, reference vs current distribution per column)
  --columns a,b              only these columns
  --method col=test,...      test per column (ks, chi2, wasserstein, psi, jensen_shannon,
                             hellinger, cramer_von_mises, anderson_darling, energy, l_infinity, z)
  --threshold col=value,...  threshold per column
  --dataset-share X          dataset drift when the drifted share is at least X (default 0.5)
  --correction NAME          none | bonferroni | benjamini_hochberg (p-value tests only)
  --threads N                worker threads for the columns (default: one per core; 0: none)
`;

/** Every value of a flag that may be repeated (`--method a=psi --method b=ks`), comma lists split. */
function repeated(argv: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}` && argv[i + 1] !== undefined) out.push(argv[++i]!);
    else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
  }
  return out.flatMap((v) => v.split(',')).filter((v) => v.length > 0);
}

function pairs(argv: string[], name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of repeated(argv, name)) {
    const eq = item.lastIndexOf('=');
    if (eq <= 0 || eq === item.length - 1) throw new Error(`--${name} expects column=value, got "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function options(argv: string[]): DriftOptions {
  const args = parseArgs(argv, ['json']);
  const opts: DriftOptions = {};
  const columns = stringFlag(args, 'columns');
  if (columns !== undefined) opts.columns = columns.split(',').map((c) => c.trim()).filter(Boolean);
  const methods = pairs(argv, 'method');
  if (Object.keys(methods).length) opts.methods = methods;
  const thresholds: Record<string, number> = {};
  for (const [col, v] of Object.entries(pairs(argv, 'threshold'))) {
    const t = Number(v);
    if (!Number.isFinite(t)) throw new Error(`--threshold for "${col}" is not a number: "${v}"`);
    thresholds[col] = t;
  }
  if (Object.keys(thresholds).length) opts.thresholds = thresholds;
  const share = stringFlag(args, 'dataset-share');
  if (share !== undefined) {
    opts.datasetDriftShare = Number(share);
    if (!(opts.datasetDriftShare >= 0 && opts.datasetDriftShare <= 1)) throw new Error(`--dataset-share must be a number in [0, 1], got "${share}"`);
  }
  const correction = stringFlag(args, 'correction');
  if (correction !== undefined) {
    if (!['none', 'bonferroni', 'benjamini_hochberg'].includes(correction)) {
      throw new Error(`--correction must be none, bonferroni or benjamini_hochberg, got "${correction}"`);
    }
    opts.correction = correction as DriftOptions['correction'];
  }
  return opts;
}

/** The report as a table a person reads in a terminal. */
export function formatDriftTable(report: DriftReport, referencePath: string, currentPath: string): string {
  const head = ['column', 'kind', 'method', 'statistic', 'p-value', 'threshold', 'drift', 'missing ref/cur', 'how it moved'];
  const rows = report.columns.map((c) => [
    c.name,
    c.kind ?? '-',
    c.method ?? '-',
    num(c.statistic),
    num(c.p_value),
    num(c.threshold),
    c.error ? 'error' : c.drift ? 'DRIFT' : 'no',
    `${pct(c.missing_share.reference)}/${pct(c.missing_share.current)}`,
    c.error ?? c.explanation?.summary ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const drifted = report.columns.filter((c) => c.drift).length;
  const evaluated = report.columns.filter((c) => !c.error).length;
  return [
    `reference  ${referencePath}  rows ${report.reference.rows}  sha256 ${report.reference.version.slice(0, 12)}`,
    `current    ${currentPath}  rows ${report.current.rows}  sha256 ${report.current.version.slice(0, 12)}`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `${drifted} of ${evaluated} columns drifted (${pct(report.share_drifted)}); dataset drift: ${report.dataset_drift ? 'YES' : 'no'}`,
    '',
  ].join('\n');
}

/** A profile file's columns (only those asked for), with the version of the file it was made from. */
async function readProfile(path: string, columns: string[] | undefined): Promise<{ rows: number; version: string; columns: Record<string, ColumnProfile> }> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let set;
  try {
    set = decodeProfileSet(bytes);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  if (!columns) return set;
  const missing = columns.filter((c) => !(c in set.columns));
  if (missing.length) throw new Error(`column(s) not in the profile ${path}: ${missing.map((c) => `"${c}"`).join(', ')}`);
  return { ...set, columns: Object.fromEntries(columns.map((c) => [c, set.columns[c]!])) };
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  let referencePath: string;
  let currentPath: string;
  let opts: DriftOptions;
  let json: boolean;
  let htmlPath: string | undefined;
  let profilePath: string | undefined;
  let threads: number;
  try {
    const args = parseArgs(argv, ['json']);
    profilePath = stringFlag(args, 'reference-profile');
    const ref = stringFlag(args, 'reference');
    if (profilePath !== undefined && ref !== undefined) throw new Error('give --reference or --reference-profile, not both');
    if (profilePath === undefined && ref === undefined) throw new Error('missing --reference FILE (or --reference-profile PROFILE)');
    referencePath = ref ?? profilePath!;
    htmlPath = stringFlag(args, 'html');
    currentPath = stringFlag(args, 'current', true);
    json = args.flags.json === true;
    opts = options(argv);
    threads = threadsFlag(stringFlag(args, 'threads'));
  } catch (err) {
    process.stderr.write(`sidewatch drift: ${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  const progress = process.stderr.isTTY ? (msg: string) => process.stderr.write(`\r\x1b[K${msg}`) : () => {};
  // The workers load while the files are opened.
  const compute = new ColumnCompute(threads);
  compute.warm();
  const instance = await DuckDBInstance.create(':memory:');
  // One connection per file: DuckDB decodes one file on its threads while this thread copies the
  // other's vectors.
  const connection = await instance.connect();
  const second = await instance.connect();
  try {
    progress(`reading ${referencePath} and ${currentPath}…`);
    const { report, reference, current } = await driftOfFiles({
      compute,
      connections: [connection, second],
      reference: profilePath !== undefined ? { profile: await readProfile(profilePath, opts.columns) } : { path: referencePath },
      currentPath,
      options: opts,
      onProgress: (e) => progress(`column ${e.done}/${e.total}: ${e.column}`),
    });
    progress('');
    if (htmlPath) {
      const html = renderDriftHtml(report, { referencePath, currentPath, reference: reference.columns, current: current.columns, generatedAt: new Date() });
      // Written beside the target and renamed: a reader never sees half a report.
      const tmp = `${htmlPath}.${process.pid}.tmp`;
      writeFileSync(tmp, html);
      renameSync(tmp, htmlPath);
    }
    process.stdout.write(json ? `${JSON.stringify(report)}\n` : formatDriftTable(report, referencePath, currentPath));
    if (htmlPath && !json) process.stdout.write(`report written to ${htmlPath}\n`);
    return 0;
  } catch (err) {
    progress('');
    process.stderr.write(`sidewatch drift: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    connection.closeSync();
    second.closeSync();
    instance.closeSync();
    await compute.close();
  }
}
