// Read helpers shared by stage plugins, built only on the DataReader contract: plugins use
// these instead of importing from one another.
// A model's reference snapshots: the data its stages compare against when none is named, and
// the snapshot a name or version stands for.
import type { DataReader, SnapshotInfo } from '../index.ts';

/** Version of the model's newest snapshot stored with role `reference`, or undefined. */
export async function newestReferenceVersion(data: DataReader, model: string): Promise<string | undefined> {
  const refs = (await data.snapshots(model)).filter((s) => s.role === 'reference');
  return refs[refs.length - 1]?.version;
}

/** The newest stored snapshot whose version or name is `wanted` (what DataReader.snapshot reads), without its columns. */
export async function findSnapshot(data: DataReader, wanted: string): Promise<SnapshotInfo | undefined> {
  return [...(await data.snapshots())].reverse().find((x) => x.version === wanted || x.name === wanted);
}
