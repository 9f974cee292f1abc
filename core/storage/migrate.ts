// Versioned migrations: every file core/storage/migrations/NNN-name.ts exports `up` (SQL).
// Each area of the daemon owns its own range of numbers, so adding tables touches one new file.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export async function loadMigrations(): Promise<Migration[]> {
  const files = readdirSync(dir).filter((f) => /^\d{3}-[a-z0-9-]+\.ts$/.test(f)).sort();
  const out: Migration[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { up: string };
    out.push({ version: Number(f.slice(0, 3)), name: f.slice(4, -3), up: mod.up });
  }
  const seen = new Set<number>();
  for (const m of out) {
    if (seen.has(m.version)) throw new Error(`two migrations share number ${m.version}`);
    seen.add(m.version);
  }
  return out;
}

export async function runMigrations(conn: DuckDBConnection): Promise<void> {
  await conn.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)',
  );
  const applied = new Set(
    (await conn.runAndReadAll('SELECT version FROM schema_migrations')).getRows().map((r) => Number(r[0])),
  );
  for (const m of await loadMigrations()) {
    if (applied.has(m.version)) continue;
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(m.up);
      await conn.run('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.version, m.name]);
      await conn.run('COMMIT');
    } catch (e) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw new Error(`migration ${m.version}-${m.name} failed: ${(e as Error).message}`);
    }
  }
}
