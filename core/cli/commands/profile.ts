// `sidewatch profile --reference FILE --out PROFILE`: a reference dataset's profile, computed once
// (every column's exact compact form: sorted numbers or category counts) so that later
// `sidewatch drift --reference-profile PROFILE --current …` runs read only the current file.
import { DuckDBInstance } from '@duckdb/node-api';
import { renameSync, writeFileSync } from 'node:fs';
import { readTableFile } from '../../files/read-table.ts';
import { encodeProfileSet } from '../../../lib/drift/profile.ts';
import { parseArgs, stringFlag, threadsFlag } from '../args.ts';
import { ColumnCompute } from '../../compute/column-compute.ts';

const usage = `usage: sidewatch profile --reference FILE --out PROFILE [--columns a,b] [--threads N]

Writes the reference's profile: per column its sorted values (numbers) or category counts,
which is all a drift report needs from the reference. Use it with
  sidewatch drift --reference-profile PROFILE --current FILE
The results are exactly those of --reference FILE.
`;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  let referencePath: string;
  let outPath: string;
  let columns: string[] | undefined;
  let threads: number;
  try {
    const args = parseArgs(argv, []);
    referencePath = stringFlag(args, 'reference', true);
    outPath = stringFlag(args, 'out', true);
    const c = stringFlag(args, 'columns');
    columns = c === undefined ? undefined : c.split(',').map((x) => x.trim()).filter(Boolean);
    threads = threadsFlag(stringFlag(args, 'threads'));
  } catch (err) {
    process.stderr.write(`sidewatch profile: ${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  const compute = new ColumnCompute(threads);
  compute.warm();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const [table, version] = await Promise.all([readTableFile(connection, referencePath, { columns }), compute.fileVersion(referencePath)]);
    const profiles = await compute.profileColumns(table.columns);
    const bytes = encodeProfileSet({ rows: table.rows, version, source: referencePath, columns: profiles });
    // Written beside the target and renamed: a reader never sees half a profile.
    const tmp = `${outPath}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, outPath);
    process.stdout.write(`profile of ${referencePath} (${table.rows} rows, ${Object.keys(profiles).length} columns, sha256 ${version.slice(0, 12)}) written to ${outPath}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`sidewatch profile: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    connection.closeSync();
    instance.closeSync();
    await compute.close();
  }
}
