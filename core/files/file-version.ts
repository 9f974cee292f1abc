// A data file's version is the sha256 of its bytes: the same bytes always give the same version.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export async function fileVersion(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
