// The model lifecycle end to end on a real daemon: two versions served side by side with a
// sensitive attribute and labels; registry and audit, fairness, A/B/bandit comparison, a
// retraining webhook received by a local HTTP server (cooldown, then re-arming on a new
// version) and the model card in Markdown and HTML.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { twoProportionTest } from '../../lib/abtest/index.ts';

interface Hook {
  path: string;
  headers: IncomingHttpHeaders;
  body: { dag_run_id: string; conf: { model: string; version: string; policy: string; evidence: { result_id: number; model_version: string }[] } };
}

const hooks: Hook[] = [];
let hookServer: Server;
let d: TestDaemon;

// A small deterministic generator, so every run sees the same data.
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Row {
  id: string;
  version: string;
  gender: string;
  segment: string;
  prediction: number;
  label: number;
  score: number;
}

function generate(version: string, n: number, accuracy: number, seed: number): Row[] {
  const rnd = lcg(seed);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const gender = rnd() < 0.5 ? 'f' : 'm';
    const label = rnd() < 0.4 ? 1 : 0;
    // The model predicts positive more often for one group: a parity gap to find.
    const correct = rnd() < accuracy;
    let prediction = correct ? label : 1 - label;
    if (gender === 'f' && prediction === 0 && rnd() < 0.3) prediction = 1;
    rows.push({ id: `${version}-${i}`, version, gender, segment: i % 3 === 0 ? '<img src=x onerror=alert(1)>' : 'web', prediction, label, score: Math.min(1, Math.max(0, prediction * 0.6 + rnd() * 0.4)) });
  }
  return rows;
}

const v1 = generate('v1', 300, 0.7, 1);
const v2 = generate('v2', 300, 0.85, 2);

async function ingest(rows: Row[]): Promise<void> {
  const p = await d.request('/v1/predictions', {
    method: 'POST',
    json: rows.map((r) => ({ model: 'churn', version: r.version, id: r.id, features: { tenure: r.score * 10 }, prediction: r.prediction, score: r.score, segment: r.segment, attributes: { gender: r.gender } })),
  });
  assert.equal(p.status, 200, await p.text());
  const l = await d.request('/v1/labels', { method: 'POST', json: rows.map((r) => ({ model: 'churn', id: r.id, label: r.label })) });
  assert.equal(l.status, 200, await l.text());
}

/** A dataset-drift result as the drift stage stores it (`drift.report`, SPEC §5 payload). */
async function storeDriftReport(version: string, drifted: boolean): Promise<void> {
  await d.runtime.storage.run(
    `INSERT INTO stage_results (id, run_id, stage, kind, model, created_at, payload, data_version, model_version, config_version)
     VALUES (nextval('stage_result_seq'), 0, 'drift', 'drift.report', 'churn', $1::TIMESTAMP, $2, $3, $4, 'test')`,
    [new Date().toISOString(), JSON.stringify({ dataset_drift: drifted, share_drifted: drifted ? 1 : 0, columns: [{ name: 'tenure', drift: drifted }] }), `sha-${version}-${Math.random()}`, version],
  );
}

async function runStage(name: string): Promise<void> {
  const r = await d.request(`/v1/stages/${name}/run`, { method: 'POST' });
  const body = (await r.json()) as { outcome: string; error: string | null };
  assert.equal(body.outcome, 'ok', `${name}: ${body.error}`);
}

async function json<T>(path: string): Promise<T> {
  const r = await d.request(path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return (await r.json()) as T;
}

before(async () => {
  hookServer = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      hooks.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(text) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"state":"queued"}');
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  const port = (hookServer.address() as AddressInfo).port;
  d = await startTestDaemon({
    env: { HOOK_TOKEN: 'hook-secret-123' },
    config: `
server:
  port: 0
log:
  requests: false
models:
  churn:
    owners: [ml-platform@example.com]
    intended_use: "Flags <b>customers</b> likely to churn"
    limitations: ["Trained on 2023 data only"]
    sensitive_attributes: [gender]
    task: binary
    positive_label: 1
stages:
  fairness:
    every: 1h
    min_group_size: 20
  ab-test:
    every: 1h
    min_per_arm: 20
  retraining:
    every: 1h
    cooldown: 1h
    max_per_day: 5
    policies:
      - name: drift
        when: dataset_drift
        consecutive: 2
    action:
      webhook:
        url: http://127.0.0.1:${port}/api/v1/dags/retrain_churn/dagRuns
        template: airflow
        headers:
          Authorization: "Bearer \${HOOK_TOKEN}"
`,
  });
  await ingest(v1);
  await ingest(v2);
});

after(async () => {
  await d?.cleanup();
  await new Promise((r) => hookServer?.close(r));
});

test('the registry lists both versions with counts, traffic shares and live accuracy; the audit records them', async () => {
  const versions = await json<{ version: string; predictions: number; traffic_share: number; live: { labelled: number; accuracy: number } }[]>('/v1/models/churn/versions');
  assert.deepEqual(versions.map((v) => v.version), ['v1', 'v2']);
  for (const [v, rows] of [[versions[0]!, v1], [versions[1]!, v2]] as const) {
    assert.equal(v.predictions, rows.length);
    assert.equal(v.traffic_share, rows.length / (v1.length + v2.length));
    assert.equal(v.live.labelled, rows.length);
    const acc = rows.filter((r) => r.prediction === r.label).length / rows.length;
    assert.ok(Math.abs(v.live.accuracy - acc) < 1e-12, `${v.version}: ${v.live.accuracy} vs ${acc}`);
  }
  const seen = await json<{ kind: string; subject: string; details: { version: string } }[]>('/v1/audit/events?kind=model.version.seen&model=churn');
  assert.deepEqual(seen.map((e) => e.details.version).sort(), ['v1', 'v2']);
  const config = await json<{ kind: string }[]>('/v1/audit/events?kind=config.');
  assert.ok(config.some((e) => e.kind === 'config.loaded'));
});

test('fairness: demographic parity across gender is stored, served and reported above the threshold', async () => {
  await runStage('fairness');
  const all = [...v1, ...v2];
  const rate = (g: string) => {
    const rows = all.filter((r) => r.gender === g);
    return rows.filter((r) => r.prediction === 1).length / rows.length;
  };
  const expected = Math.abs(rate('f') - rate('m'));
  const tpr = (g: string) => {
    const pos = all.filter((r) => r.gender === g && r.label === 1);
    return pos.filter((r) => r.prediction === 1).length / pos.length;
  };
  const body = await json<{ source: string; results: { attribute: string; version: string | null; demographic_parity: { difference: number; maxGroup: string }; equal_opportunity: { difference: number } }[] }>('/v1/models/churn/fairness');
  assert.equal(body.source, 'fairness stage');
  const overall = body.results.find((r) => r.attribute === 'gender' && r.version === null)!;
  assert.ok(Math.abs(overall.demographic_parity.difference - expected) < 1e-12);
  assert.equal(overall.demographic_parity.maxGroup, 'f');
  assert.ok(Math.abs(overall.equal_opportunity.difference - Math.abs(tpr('f') - tpr('m'))) < 1e-12);
  assert.deepEqual(body.results.map((r) => r.version).sort(), [null, 'v1', 'v2'].sort());
  const findings = await json<{ kind: string }[]>('/v1/findings?stage=fairness&model=churn');
  assert.equal(expected > 0.1, findings.some((f) => f.kind === 'fairness.demographic_parity'));
  // Computed on request over the same rows, the gap is the same; the window is reported.
  const live = await json<{ source: string; window: { since: string; until: string }; results: { attribute: string; demographic_parity: { difference: number } }[] }>('/v1/models/churn/fairness?live&min_group_size=20');
  assert.equal(live.source, 'live');
  assert.deepEqual(live.results.map((r) => r.attribute), ['gender']);
  assert.ok(Math.abs(live.results[0]!.demographic_parity.difference - expected) < 1e-12);
  assert.equal(Date.parse(live.window.until) - Date.parse(live.window.since), 86_400_000);
  const unknown = await d.request('/v1/models/nope/fairness');
  assert.equal(unknown.status, 404);
  assert.match(((await unknown.json()) as { message: string }).message, /no model named "nope"/);
});

test('compare: two-proportion test on correctness, Welch and Mann–Whitney on scores, power and the bandit', async () => {
  const c = await json<{
    a: { version: string; predictions: number };
    outcomes: { name: string; a: { successes: number; trials: number }; b: { successes: number; trials: number }; comparison: { test?: { pValue: number; difference: number; ci: [number, number] }; power: { requiredPerArm: number | null; achievedPower: number }; welch?: { pValue: number }; mannWhitney?: { pValue: number }; effect?: { cohensDCi: [number, number] } } }[];
    bandit: { arms: { arm: string; probabilityBest: number; suggestedShare: number }[] };
  }>('/v1/models/churn/compare?a=v1&b=v2');
  const correct = c.outcomes.find((o) => o.name === 'correct')!;
  const hits = (rows: Row[]) => rows.filter((r) => r.prediction === r.label).length;
  assert.deepEqual(correct.a, { successes: hits(v1), trials: v1.length, rate: hits(v1) / v1.length });
  assert.equal(correct.b.successes, hits(v2));
  const ref = twoProportionTest({ successes: hits(v1), trials: v1.length }, { successes: hits(v2), trials: v2.length });
  assert.equal(correct.comparison.test!.pValue, ref.pValue);
  assert.ok(correct.comparison.test!.ci[0] < correct.comparison.test!.difference && correct.comparison.test!.difference < correct.comparison.test!.ci[1]);
  assert.ok(correct.comparison.power.achievedPower > 0 && correct.comparison.power.achievedPower <= 1);
  const score = c.outcomes.find((o) => o.name === 'score')!;
  assert.ok(score.comparison.welch!.pValue >= 0 && score.comparison.mannWhitney!.pValue >= 0 && score.comparison.effect!.cohensDCi.length === 2);
  assert.ok(c.outcomes.some((o) => o.name === 'positive_prediction'));
  const best = c.bandit.arms.find((a) => a.arm === 'v2')!;
  assert.ok(best.probabilityBest > 0.9, `v2 is clearly better: ${best.probabilityBest}`);
  assert.ok(Math.abs(c.bandit.arms.reduce((s, a) => s + a.suggestedShare, 0) - 1) < 1e-12);

  const bad = await d.request('/v1/models/churn/compare?a=v1&b=nope');
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { message: string }).message, /no version "nope"/);

  await runStage('ab-test');
  const stored = await json<{ modelVersion: string; payload: { a: { version: string } } }[]>('/v1/results?stage=ab-test&model=churn');
  assert.equal(stored[0]!.modelVersion, 'v2');
  assert.equal(stored[0]!.payload.a.version, 'v1');
});

test('retraining: drift in consecutive windows fires the Airflow webhook once, cooldown holds the second, a new version re-arms', async () => {
  await storeDriftReport('v2', false);
  await runStage('retraining');
  assert.equal(hooks.length, 0, 'one drifted window is not enough');
  await storeDriftReport('v2', true);
  await storeDriftReport('v2', true);
  await runStage('retraining');
  assert.equal(hooks.length, 1);
  const hook = hooks[0]!;
  assert.equal(hook.path, '/api/v1/dags/retrain_churn/dagRuns');
  assert.equal(hook.headers.authorization, 'Bearer hook-secret-123');
  assert.match(hook.body.dag_run_id, /^sidewatch-drift-churn-\d+$/);
  assert.equal(hook.body.conf.model, 'churn');
  assert.equal(hook.body.conf.version, 'v2');
  assert.equal(hook.body.conf.evidence.length, 2);
  assert.ok(hook.body.conf.evidence.every((e) => e.model_version === 'v2' && e.result_id > 0));

  await runStage('retraining');
  assert.equal(hooks.length, 1, 'the cooldown holds the second evaluation back');
  const history = await json<{ status: string; http_status: number | null; model_version: string; evidence: unknown[] }[]>('/v1/models/churn/retraining');
  assert.deepEqual(history.map((h) => h.status), ['cooldown', 'triggered']);
  assert.equal(history[1]!.http_status, 200);
  const audit = await json<{ kind: string; details: { trigger_id: string } }[]>('/v1/audit/events?kind=retraining.&model=churn');
  assert.deepEqual(audit.map((a) => a.kind), ['retraining.cooldown', 'retraining.triggered']);
  assert.equal(audit[1]!.details.trigger_id, hook.body.dag_run_id.replace('sidewatch-', ''));
  const findings = await json<{ kind: string }[]>('/v1/findings?stage=retraining');
  assert.deepEqual(findings.map((f) => f.kind), ['retraining.triggered']);

  // A retrained version appears: the old evidence no longer counts and the cooldown is lifted.
  await ingest(generate('v3', 50, 0.9, 3));
  await runStage('retraining');
  assert.equal(hooks.length, 1);
  await storeDriftReport('v3', true);
  await storeDriftReport('v3', true);
  await runStage('retraining');
  assert.equal(hooks.length, 2);
  assert.equal(hooks[1]!.body.conf.version, 'v3');

  const runs = await json<{ stage: string; results: { kind: string; model_version: string }[]; stage_config_version: string; daemon_config_version: string }[]>('/v1/audit/runs?model=churn&stage=retraining');
  const withTrigger = runs.filter((r) => r.results.some((x) => x.kind === 'retraining.trigger'));
  assert.equal(withTrigger.length, 3);
  assert.ok(withTrigger.every((r) => r.stage_config_version.length === 64 && r.daemon_config_version?.length === 64));
  assert.equal(withTrigger[0]!.results[0]!.model_version, 'v3');
});

test('the model card is served as Markdown and as escaped HTML', async () => {
  const md = await d.request('/v1/models/churn/card');
  assert.equal(md.status, 200);
  assert.match(md.headers.get('content-type') ?? '', /text\/markdown/);
  const text = await md.text();
  for (const heading of ['# Model card: churn', '## Intended use and owners', '## Versions', '## Reference data and schema', '## Performance', '## Fairness across sensitive groups', '## Drift history', '## Open alerts', '## Retraining history', '## Production testing', '## Known limitations']) {
    assert.ok(text.includes(heading), `missing ${heading}`);
  }
  assert.match(text, /ml-platform@example\.com/);
  assert.match(text, /\| v1 \|/);
  assert.match(text, /\| gender \|/);
  assert.match(text, /\| triggered \|/);
  assert.match(text, /No reference snapshot has been uploaded/);
  assert.match(text, /Trained on 2023 data only/);
  assert.ok(text.includes('\\<b\\>customers\\</b\\>'), 'markdown from data is escaped');

  const html = await d.request('/v1/models/churn/card', { headers: { accept: 'text/html' } });
  assert.match(html.headers.get('content-type') ?? '', /text\/html/);
  const page = await html.text();
  assert.ok(page.includes('&lt;b&gt;customers&lt;/b&gt;'));
  assert.ok(page.includes('&lt;img src=x onerror=alert(1)&gt;'), 'segment names are escaped');
  assert.ok(!page.includes('<img') && !page.includes('<b>'));
  assert.equal((await d.request('/v1/models/churn/card?format=html')).headers.get('content-type')?.startsWith('text/html'), true);
  assert.equal((await d.request('/v1/models/churn/card?format=pdf')).status, 400);
  assert.equal((await d.request('/v1/models/nobody/card')).status, 404);
});
