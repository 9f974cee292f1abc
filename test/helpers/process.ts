// Runs the real CLI (`node bin/sidewatch.js start`) as a child process, for tests that must kill
// it with a signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../../bin/sidewatch.js', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface DaemonProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnDaemon(dataDir: string, opts: { args?: string[]; env?: Record<string, string>; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<DaemonProcess> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), cliPath, 'start', ...(opts.args ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, SIDEWATCH_DATA_DIR: dataDir, SIDEWATCH_PORT: '0', ...(opts.env ?? {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`daemon did not start in time:\n${err}`)), opts.timeoutMs ?? 30_000);
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /sidewatch listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(t);
      reject(new Error(`daemon exited with ${code} before listening:\n${err}`));
    });
  });
  return { child, url, stderr: () => err, exited };
}
