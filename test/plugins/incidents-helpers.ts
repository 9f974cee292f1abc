// Shared by the incidents, correlation and failure-prediction tests: seeded noise and batched
// posting through the real HTTP API.
import assert from 'node:assert/strict';
import type { TestDaemon } from '../helpers/daemon.ts';

/** Park–Miller minimal standard generator: the same noise on every run. */
export function seeded(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

export const minute = 60_000;

/** A daemon whose volume stage reports a model silent after a minute, and an incidents stage with `extra` settings. */
export const incidentsConfig = (extra: string) => `server:
  port: 0
log:
  requests: false
stages:
  volume:
    every: 1h
    silent_after: 1m
  incidents:
    every: 1h
${extra}`;

export async function post(d: TestDaemon, path: string, rows: unknown[], ndjson = false): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    const res = ndjson
      ? await d.request(path, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: chunk.map((r) => JSON.stringify(r)).join('\n') })
      : await d.request(path, { method: 'POST', json: chunk });
    if (res.status !== 200) assert.fail(`${path}: ${res.status} ${await res.text()}`);
  }
}

export async function runStage(d: TestDaemon, name: string): Promise<{ outcome: string; findings: number; error: string | null }> {
  const res = await d.request(`/v1/stages/${name}/run`, { method: 'POST' });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const body = JSON.parse(text) as { outcome: string; findings: number; error: string | null };
  assert.equal(body.outcome, 'ok', `stage ${name} failed: ${body.error}`);
  return body;
}

export async function getJson<T>(d: TestDaemon, path: string, status = 200): Promise<T> {
  const res = await d.request(path);
  const text = await res.text();
  assert.equal(res.status, status, `${path}: ${text}`);
  return JSON.parse(text) as T;
}
