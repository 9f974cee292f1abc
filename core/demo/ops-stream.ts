// A simulated IT-ops stream around the model: model-server, feature-store and database logs
// and metrics, with a recurring incident in which the database slows first and the model server
// follows. Pure: it produces rows for a tick.
import { Random } from '../../lib/abtest/random.ts';
import type { LogInput } from '../ingest/logs.ts';
import type { MetricInput } from '../ingest/metrics.ts';

export interface OpsTick {
  logs: LogInput[];
  metrics: MetricInput[];
  incident: boolean;
}

const paths = ['/v1/predict', '/v1/predict', '/v1/predict', '/healthz', '/v1/explain'];

export class OpsSimulator {
  readonly #rng: Random;
  readonly #startMs: number;
  readonly #incidentAfterMs: number;
  readonly #incidentEveryMs: number;
  readonly #incidentLengthMs: number;

  constructor(seed: number, startMs: number, incident: { afterMs?: number; everyMs?: number; lengthMs?: number } = {}) {
    this.#rng = new Random(seed + 1);
    this.#startMs = startMs;
    this.#incidentAfterMs = incident.afterMs ?? 120_000;
    this.#incidentEveryMs = incident.everyMs ?? 6 * 60_000;
    this.#incidentLengthMs = incident.lengthMs ?? 90_000;
  }

  /** Seconds into the current incident, or -1 outside one. */
  incidentAge(nowMs: number): number {
    const t = nowMs - this.#startMs - this.#incidentAfterMs;
    if (t < 0) return -1;
    const into = t % this.#incidentEveryMs;
    return into < this.#incidentLengthMs ? into / 1000 : -1;
  }

  tick(nowMs: number, requests: number): OpsTick {
    const r = this.#rng;
    const age = this.incidentAge(nowMs);
    const dbSlow = age >= 0;
    // The feature store, then the model server, follow the database: the order RCA should find.
    const lag = Math.min(20, this.#incidentLengthMs / 4000);
    const serverSlow = age >= lag;
    const logs: LogInput[] = [];
    const log = (level: string, source: string, message: string) => logs.push({ ts: nowMs - Math.floor(r.uniform() * 1000), level, source, message, templateId: null });
    for (let i = 0; i < Math.min(requests, 8); i++) {
      const ip = `10.0.${Math.floor(r.uniform() * 4)}.${Math.floor(r.uniform() * 250) + 2}`;
      const ms = Math.round((serverSlow ? 400 : 35) + 15 * Math.abs(r.normal()));
      log('info', 'model-server', `${ip} - - "POST ${paths[Math.floor(r.uniform() * paths.length)]} HTTP/1.1" 200 ${Math.round(200 + r.uniform() * 800)} ${ms}ms`);
    }
    if (r.uniform() < 0.3) log('info', 'feature-store', `cache ${r.uniform() < 0.8 ? 'hit' : 'miss'} for key user:${Math.floor(r.uniform() * 1e6)}`);
    if (r.uniform() < 0.1) log('debug', 'model-server', `loaded batch of ${Math.floor(8 + r.uniform() * 56)} feature vectors in ${Math.round(2 + r.uniform() * 10)} ms`);
    if (dbSlow && r.uniform() < 0.7) log('warn', 'postgres', `duration: ${Math.round(800 + r.uniform() * 3000)} ms statement: SELECT * FROM features WHERE user_id = ${Math.floor(r.uniform() * 1e6)}`);
    if (serverSlow && r.uniform() < 0.5) log('error', 'model-server', `upstream timeout after ${Math.round(1000 + r.uniform() * 1000)} ms calling feature-store`);
    if (r.uniform() < 0.02) log('warn', 'model-server', `GC pause of ${Math.round(50 + r.uniform() * 200)} ms`);
    if (r.uniform() < 0.01) log('info', 'model-server', `worker ${Math.floor(r.uniform() * 8)} restarted`);

    const metrics: MetricInput[] = [
      { name: 'db_query_latency_ms', value: (dbSlow ? 900 : 12) + 3 * Math.abs(r.normal()) * (dbSlow ? 40 : 1), ts: nowMs, labels: { service: 'postgres' } },
      { name: 'model_latency_p99_ms', value: (serverSlow ? 450 : 45) + 5 * Math.abs(r.normal()), ts: nowMs, labels: { service: 'model-server' } },
      { name: 'feature_store_latency_ms', value: (age >= lag / 2 ? 300 : 8) + 2 * Math.abs(r.normal()), ts: nowMs, labels: { service: 'feature-store' } },
      { name: 'request_rate', value: requests + 2 * r.normal(), ts: nowMs, labels: { service: 'model-server' } },
      { name: 'cpu_utilization', value: Math.min(1, 0.35 + (serverSlow ? 0.3 : 0) + 0.05 * r.normal()), ts: nowMs, labels: { service: 'model-server' } },
    ];
    return { logs, metrics, incident: dbSlow };
  }
}
