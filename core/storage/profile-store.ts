// Reference profiles on disk: derived bytes a stage computes once per reference version and
// reuses (drift keeps each reference column's sorted values). They live as files beside the
// database, not in it: reading 20 × 8 MB from DuckDB BLOBs took seconds where a file read takes
// milliseconds, and a lost or pruned profile costs only its recomputation. Each file is written
// to a temporary name, fsynced and renamed, so a crash never leaves half a profile.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileStore } from '../plugin-api/index.ts';

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export class FileProfileStore implements ProfileStore {
  /** `keep`: reference versions kept per model; older ones are removed when a newer one is put. */
  constructor(
    private readonly dir: string,
    private readonly keep = 3,
  ) {}

  #versionDir(model: string, version: string): string {
    return join(this.dir, hash(model), hash(version));
  }

  async get(model: string, version: string, names: readonly string[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    const dir = this.#versionDir(model, version);
    for (const name of names) {
      try {
        out.set(name, readFileSync(join(dir, `${hash(name)}.bin`)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    return out;
  }

  async put(model: string, version: string, entries: ReadonlyMap<string, Uint8Array>): Promise<void> {
    const dir = this.#versionDir(model, version);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const [name, bytes] of entries) {
      const file = join(dir, `${hash(name)}.bin`);
      const tmp = `${file}.${process.pid}.tmp`;
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
    }
    this.#prune(join(this.dir, hash(model)), dir);
  }

  /** Keeps the `keep` most recently written versions of a model (the one just written always). */
  #prune(modelDir: string, current: string): void {
    const versions = readdirSync(modelDir)
      .map((d) => join(modelDir, d))
      .filter((d) => d !== current)
      .map((d) => ({ d, at: statSync(d).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const old of versions.slice(Math.max(0, this.keep - 1))) rmSync(old.d, { recursive: true, force: true });
  }
}

/** Profiles kept in memory only, for a host without a data directory (an in-memory database). */
export class MemoryProfileStore implements ProfileStore {
  readonly #entries = new Map<string, Uint8Array>();

  async get(model: string, version: string, names: readonly string[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    for (const n of names) {
      const v = this.#entries.get(JSON.stringify([model, version, n]));
      if (v) out.set(n, v);
    }
    return out;
  }

  async put(model: string, version: string, entries: ReadonlyMap<string, Uint8Array>): Promise<void> {
    for (const [n, v] of entries) this.#entries.set(JSON.stringify([model, version, n]), v);
  }
}
