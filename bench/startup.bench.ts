// Daemon start time (spawn of `node bin/sidewatch.js start` until /readyz answers 200) and idle
// RSS, next to a bare `node` process with the same TypeScript loader in the same run.
// `npx tsx bench/startup.bench.ts [--runs 5]`
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, repoRoot } from '../test/helpers/process.ts';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function startOnce(): Promise<{ readyMs: number; idleRss: number; peakRss: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sidewatch-startup-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [cliPath, 'start'], {
    cwd: repoRoot,
    env: { ...process.env, SIDEWATCH_DATA_DIR: dir, SIDEWATCH_PORT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /sidewatch listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`daemon exited with ${code}:\n${err}`)));
  });
  for (;;) {
    const res = await fetch(`${url}/readyz`).catch(() => null);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const readyMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 2000));
  const idleRss = rssMb(child.pid!, 'VmRSS');
  const peakRss = rssMb(child.pid!, 'VmHWM');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  rmSync(dir, { recursive: true, force: true });
  return { readyMs, idleRss, peakRss };
}

function bareNode(): { ms: number; rss: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', 'process.stdout.write(String(process.memoryUsage().rss))'], { cwd: repoRoot, encoding: 'utf8' });
  return { ms: performance.now() - t0, rss: Number(r.stdout) / 1024 / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = Array.from({ length: runs }, bareNode);
const daemon: Awaited<ReturnType<typeof startOnce>>[] = [];
for (let i = 0; i < runs; i++) daemon.push(await startOnce());

const baseMs = median(base.map((b) => b.ms));
const readyMs = median(daemon.map((d) => d.readyMs));
console.log(`runs: ${runs} (medians)`);
console.log(`bare node + tsx start/exit (baseline): ${baseMs.toFixed(0)} ms, RSS ${median(base.map((b) => b.rss)).toFixed(0)} MB`);
console.log(`daemon spawn → /readyz 200:           ${readyMs.toFixed(0)} ms (ratio ${(readyMs / baseMs).toFixed(1)}×; min ${Math.min(...daemon.map((d) => d.readyMs)).toFixed(0)}, max ${Math.max(...daemon.map((d) => d.readyMs)).toFixed(0)})`);
console.log(`daemon idle RSS after 2 s:            ${median(daemon.map((d) => d.idleRss)).toFixed(0)} MB (peak during start ${median(daemon.map((d) => d.peakRss)).toFixed(0)} MB)`);
console.log(`peak RSS: bench process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
