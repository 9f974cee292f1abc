// Read helpers shared by stage plugins, built only on the DataReader contract: plugins use
// these instead of importing from one another.
// A model's reference snapshots: the data its stages compare against when none is named.
import type { DataReader } from '../index.ts';

/** Version of the model's newest snapshot stored with role `reference`, or undefined. */
export async function newestReferenceVersion(data: DataReader, model: string): Promise<string | undefined> {
  const refs = (await data.snapshots(model)).filter((s) => s.role === 'reference');
  return refs[refs.length - 1]?.version;
}
