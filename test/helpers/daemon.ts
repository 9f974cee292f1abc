// Starts a real daemon for a test: its own DuckDB file in a temp dir, HTTP on 127.0.0.1 with a
// free port. Call `stop()` (and `cleanup()`) in `after`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon, type Daemon, type DaemonOptions } from '../../core/daemon.ts';
import { silentLogger } from '../../core/log.ts';

export interface TestDaemon extends Daemon {
  dataDir: string;
  /** fetch relative to the daemon's URL, JSON helpers included. */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  cleanup(): Promise<void>;
}

export function tempDir(prefix = 'sidewatch-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestDaemon(opts: { config?: string; env?: Record<string, string>; dataDir?: string } & Omit<DaemonOptions, 'configText' | 'env'> = {}): Promise<TestDaemon> {
  const dataDir = opts.dataDir ?? tempDir();
  const config = opts.config ?? 'server:\n  port: 0\nlog:\n  requests: false\n';
  const d = await startDaemon({
    ...opts,
    configText: config,
    env: { SIDEWATCH_DATA_DIR: dataDir, SIDEWATCH_PORT: '0', ...(opts.env ?? {}) },
    logger: opts.logger ?? silentLogger,
  });
  const request = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(`${d.url}${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  };
  return {
    ...d,
    dataDir,
    request,
    async cleanup() {
      await d.stop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
