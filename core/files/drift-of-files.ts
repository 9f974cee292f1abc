// A drift report between two data files (or a reference profile and a file), read and computed
// at once: Parquet files are read a few columns at a time, and each column goes to the worker
// threads as soon as both sides of it are in memory, so that decoding the next columns overlaps
// testing the last ones. CSV and JSON files are read whole (reading part of one costs all of it).
import type { DuckDBConnection } from '@duckdb/node-api';
import { assembleDriftReport, planDriftReport, type ColumnReport, type DriftOptions, type DriftReport, type ProgressEvent } from '../../lib/drift/report.ts';
import type { ColumnProfile } from '../../lib/drift/profile.ts';
import type { ColumnCompute } from '../compute/column-compute.ts';
import { openTableFile, type TableColumn, type TableFile } from './read-table.ts';

/** The reference as a file, or as a profile already in memory (`sidewatch profile`). */
export type ReferenceSource = { path: string } | { profile: { rows: number; version: string; columns: Record<string, ColumnProfile> } };

export interface FileDrift {
  report: DriftReport;
  reference: { rows: number; columns: Record<string, TableColumn | ColumnProfile> };
  current: { rows: number; columns: Record<string, TableColumn> };
}

export interface FileDriftRun {
  compute: ColumnCompute;
  /** Two connections of one instance: the two sides are read side by side. */
  connections: [DuckDBConnection, DuckDBConnection];
  reference: ReferenceSource;
  currentPath: string;
  options: DriftOptions;
  onProgress?: (e: ProgressEvent) => void;
}

/** Columns per read of a Parquet pair: a fifth of them, so that reading and testing overlap for most of the run. */
const groupSize = (columns: number): number => Math.max(1, Math.ceil(columns / 5));

export async function driftOfFiles(run: FileDriftRun): Promise<FileDrift> {
  const { compute, connections, options } = run;
  const profile = 'profile' in run.reference ? run.reference.profile : null;
  const refPath = 'path' in run.reference ? run.reference.path : null;
  // Both versions are hashed on the workers while the files are opened and read.
  const versions = settleAll([refPath ? compute.fileVersion(refPath) : Promise.resolve(profile!.version), compute.fileVersion(run.currentPath)]);
  const opened = await settleAll([
    refPath ? openTableFile(connections[0], refPath, { columns: options.columns }) : Promise.resolve(null),
    openTableFile(connections[1], run.currentPath, { columns: options.columns }),
  ] as const).catch(async (e: unknown) => {
    await versions.catch(() => undefined);
    throw e;
  });
  const [refFile, curFile] = opened as [TableFile | null, TableFile];
  const refNames = refFile ? refFile.names : Object.keys(profile!.columns);
  const { names, large } = planDriftReport(refNames, curFile.names, options);

  const reference: FileDrift['reference'] = { rows: profile?.rows ?? 0, columns: profile ? { ...profile.columns } : {} };
  const current: FileDrift['current'] = { rows: 0, columns: {} };
  const columnar = curFile.columnar && (refFile?.columnar ?? true);
  const groups = columnar ? chunk(names, groupSize(names.length)) : [names];
  if (groups.length === 0) groups.push([]);
  const pending: Promise<ColumnReport>[] = [];
  let done = 0;
  try {
    for (const group of groups) {
      // Both reads settle before an error is reported: closing the instance under a query still
      // running on the other connection would take the process down.
      const [ref, cur] = await settleAll([refFile ? refFile.read(group) : Promise.resolve(null), curFile.read(group)] as const);
      if (ref) {
        reference.rows = ref.rows;
        Object.assign(reference.columns, ref.columns);
      }
      current.rows = cur.rows;
      Object.assign(current.columns, cur.columns);
      for (const name of group) {
        const args = { name, reference: reference.columns[name]!, current: current.columns[name]!, options, large };
        pending.push(
          compute.driftColumn(args).then((c) => {
            run.onProgress?.({ column: name, done: ++done, total: names.length });
            return c;
          }),
        );
      }
    }
  } catch (e) {
    await Promise.allSettled([...pending, versions]);
    throw e;
  }
  const [columns, [refVersion, curVersion]] = await Promise.all([settleAll(pending), versions]);
  const report = assembleDriftReport({ rows: reference.rows, version: refVersion }, { rows: current.rows, version: curVersion }, columns, options);
  return { report, reference, current };
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Promise.all that waits for every promise before rejecting with the first failure. */
async function settleAll<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
