// Before and just after the database opens: a data directory that cannot be written, a file
// that is not a DuckDB database (random bytes, another program's file), a DuckDB database that
// is not Sidewatch's, and one written by a newer Sidewatch are refused with the file named and
// what to do, before anything in them is changed.
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** A data directory or file the daemon will not use; the CLI exits with `exitCode`. */
export class StorageRefused extends Error {
  readonly exitCode = 3;
}

const fsReason = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** The directory exists (created if not) and the daemon may write in it. */
export function checkDataDir(dir: string): void {
  try {
    if (!existsSync(dir)) {
      // mkdir -p on a read-only mount reports ENOENT: ask the nearest existing parent why instead.
      let parent = dirname(dir);
      while (!existsSync(parent) && parent !== dirname(parent)) parent = dirname(parent);
      accessSync(parent, constants.W_OK | constants.X_OK);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    }
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    const code = fsReason(e);
    const why = code === 'EROFS' ? 'is on a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'is not writable by this user' : `cannot be used (${code})`;
    throw new StorageRefused(`the data directory ${dir} ${why}: mount it read-write, give the daemon's user write access, or set storage.data_dir (SIDEWATCH_DATA_DIR) to a writable directory`);
  }
}

/** DuckDB files start with an 8-byte checksum, then the magic bytes "DUCK". */
export function checkDatabaseFile(path: string): void {
  if (!existsSync(path)) return;
  const size = statSync(path).size;
  if (size === 0) return;
  const head = Buffer.alloc(12);
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    readSync(fd, head, 0, 12, 0);
  } catch (e) {
    throw new StorageRefused(`cannot read the database file ${path} (${fsReason(e)}): give the daemon's user read and write access to it`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
  if (head.subarray(8, 12).toString('latin1') !== 'DUCK') {
    throw new StorageRefused(
      `${path} is not a DuckDB database (it may be corrupt, or another program's file); nothing was changed. Move it aside to start with an empty database, restore it from a backup, or set storage.data_dir to another directory`,
    );
  }
}

/**
 * What the opened file says about itself: Sidewatch's own (or new and empty), a foreign DuckDB
 * database, or one from a newer release.
 */
export function checkSchema(path: string, tables: string[], applied: number[], knownMax: number): void {
  if (tables.length > 0 && !tables.includes('schema_migrations')) {
    throw new StorageRefused(`${path} is a DuckDB database but not Sidewatch's (it has tables ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''} and no schema_migrations); nothing was changed. Point storage.data_dir at another directory`);
  }
  const newest = Math.max(0, ...applied);
  if (newest > knownMax) {
    throw new StorageRefused(`${path} was written by a newer Sidewatch (schema ${newest}; this release knows up to ${knownMax}); nothing was changed. Run the newer release, or restore a backup taken before the upgrade`);
  }
}
