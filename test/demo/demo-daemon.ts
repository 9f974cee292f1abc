// The daemon as `sidewatch start --demo` runs it (config/demo.yaml, demo on, the webhooks pointing
// at the daemon's own inbox), accelerated for tests: a faster feed, labels due in seconds, the
// drift at full strength after 20 s, the incident 10 s in, and stages every few seconds.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { repoRoot } from '../helpers/process.ts';

export const demoModel = 'demo-churn';

/** A port nobody listens on now: the demo config's webhooks name the daemon's own port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

type Section = Record<string, unknown>;

/** config/demo.yaml with test cadences; everything else (webhooks, alert route, policies) as shipped. */
export function acceleratedDemoConfig(): string {
  const cfg = parse(readFileSync(join(repoRoot, 'config/demo.yaml'), 'utf8')) as Section & { stages: Record<string, Section>; alerting: { route: Section } };
  cfg.log = { requests: false };
  cfg.demo = { ...(cfg.demo as Section), rate: 50, label_delay_min: '1s', label_delay_max: '3s', drift_period: '20s', incident_after: '24s', incident_every: '10m', incident_length: '16s' };
  const s = cfg.stages;
  const set = (name: string, over: Section) => (s[name] = { ...s[name], ...over });
  set('volume', { every: '5s' });
  set('validation', { every: '3s', window: '15s' });
  set('drift', { every: '3s', window: '15s', min_rows: 100 });
  set('performance', { every: '3s', window: '5m', estimation: { window: '15s' } });
  set('fairness', { every: '4s', window: '5m' });
  set('ab-test', { every: '4s', window: '5m' });
  set('retraining', { every: '3s' });
  set('log-anomaly', { every: '3s', bucket: '2s', warmup: '6s', min_history: 4 });
  set('metric-anomaly', { every: '3s', bucket: '2s', min_history: 4 });
  set('incidents', { every: '3s', max_gap: '10s', close_after: '30s', rca: { bucket: '2s' } });
  set('correlation', { every: '5s', lookback: '5m', cooccurrence: { window: '4s' }, lagged: { lookback: '5m', bucket: '2s' } });
  set('failure-prediction', { every: '5s', lookback: '5m', horizon: '10s', bucket: '2s' });
  cfg.alerting.route = { ...cfg.alerting.route, group_wait: '1s', group_interval: '3s' };
  return stringify(cfg);
}

/**
 * `speed`: how many seconds of daemon time pass per real second. The demo feed, stage runs and
 * alert manager read the daemon's clock, so the scenario (drift, incident, labels) unfolds that
 * much faster while stage cadences and the feed's tick stay on real timers.
 */
export async function startDemoDaemon(opts: { speed?: number } = {}): Promise<TestDaemon> {
  const port = await freePort();
  const speed = opts.speed ?? 1;
  const t0 = Date.now();
  const clock = speed === 1 ? undefined : () => t0 + (Date.now() - t0) * speed;
  return startTestDaemon({ config: acceleratedDemoConfig(), env: { SIDEWATCH_PORT: String(port) }, demo: true, clock });
}

/** GET as JSON, failing with the body when the answer is not 2xx. */
export async function getJson<T = unknown>(d: TestDaemon, path: string): Promise<T> {
  const r = await d.request(path);
  if (!r.ok) throw new Error(`GET ${path} answered ${r.status}: ${(await r.text()).slice(0, 300)}`);
  return (await r.json()) as T;
}

/** Retries `check` every second until it passes or `timeoutMs` elapses; then throws its last error. */
export async function eventually<T>(what: string, check: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s: ${(last as Error)?.message ?? last}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
