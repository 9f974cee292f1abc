// The daemon running the demo, accelerated, produces what the issues promise "on the demo":
// validation, drift, realized and estimated performance, fairness, the A/B comparison with its
// bandit, a retraining webhook and alert webhooks received by the daemon's own inbox, log
// templates, log and metric anomalies, an incident whose ranking starts at the database, lagged
// correlations, the registry with both versions and the model card — all through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDaemon } from '../helpers/daemon.ts';
import { demoModel, eventually, getJson, startDemoDaemon } from './demo-daemon.ts';

/** The features the simulator drifts, and those it leaves alone. */
const drifting = ['monthly_charges', 'support_tickets', 'region', 'plan'];
const steady = ['age', 'tenure_months', 'is_mobile'];
const budget = 80_000;

let d: TestDaemon;
let started: number;

before(async () => {
  d = await startDemoDaemon({ speed: 3 });
  started = Date.now();
});

after(async () => {
  await d?.cleanup();
});

const left = () => Math.max(5_000, budget - (Date.now() - started));

interface Finding {
  id: number;
  stage: string;
  kind: string;
  summary: string;
  labels: Record<string, string>;
  details: Record<string, unknown>;
  ts: string;
}

interface Result<P> {
  kind: string;
  model: string | null;
  payload: P;
}

const findings = (query = '') => getJson<Finding[]>(d, `/v1/findings?limit=5000${query}`);

test('validation, drift, performance, fairness and the A/B comparison run on the demo model', async () => {
  await eventually(
    'validation windows checked against the schema inferred from the reference',
    async () => {
      const v = await getJson<{ latest: Result<{ window: { rows: number }; schema: { name: string; type: string }[]; features: { name: string; rows: number }[] }> | null }>(d, `/v1/models/${demoModel}/validation`);
      assert.ok(v.latest, 'no validation result yet');
      assert.deepEqual(v.latest.payload.schema.map((s) => s.name).sort(), [...drifting, ...steady].sort());
      assert.equal(v.latest.payload.schema.find((s) => s.name === 'region')?.type, 'string');
      assert.ok(v.latest.payload.window.rows >= 100, `window of ${v.latest.payload.window.rows} rows`);
    },
    left(),
  );

  // The drift grows to full strength within 20 s; each drifting feature is then flagged in
  // (almost) every window, each steady one only by chance.
  const drift = await eventually(
    'the drifting features flagged in the drift windows',
    async () => {
      const rows = await getJson<Result<{ dataset_drift: boolean; report: { columns: { name: string; drift: boolean }[]; dataset_drift: boolean } }>[]>(d, `/v1/results?stage=drift&model=${demoModel}&kind=drift.report&limit=500`);
      const times = new Map<string, number>();
      for (const r of rows) for (const c of r.payload.report.columns) if (c.drift) times.set(c.name, (times.get(c.name) ?? 0) + 1);
      for (const f of drifting) assert.ok((times.get(f) ?? 0) >= 5, `${f} drifted in ${times.get(f) ?? 0} of ${rows.length} windows`);
      assert.ok(rows.some((r) => r.payload.report.dataset_drift), 'no window with dataset drift');
      assert.ok(rows.every((r) => r.payload.dataset_drift === r.payload.report.dataset_drift), 'the verdict on top is the report\'s');
      return { rows: rows.length, times };
    },
    left(),
  );
  for (const f of steady) for (const g of drifting) assert.ok((drift.times.get(f) ?? 0) < drift.times.get(g)!, `steady ${f} flagged as often as drifting ${g}: ${[...drift.times]}`);
  const driftFindings = await findings('&stage=drift');
  const flagged = new Set(driftFindings.filter((f) => f.kind === 'drift.feature').map((f) => f.labels.feature));
  for (const f of ['monthly_charges', 'support_tickets', 'region']) assert.ok(flagged.has(f), `no drift.feature finding for ${f}`);
  const dataset = driftFindings.find((f) => f.kind === 'drift.dataset');
  assert.ok(dataset, 'no drift.dataset finding');
  // Explained: the charges rose (the simulator adds 20 at full drift).
  const charges = driftFindings.find((f) => f.kind === 'drift.feature' && f.labels.feature === 'monthly_charges' && /→/.test(f.summary));
  const m = /mean ([\d.]+) → ([\d.]+)/.exec(charges?.summary ?? '');
  assert.ok(m && Number(m[2]) > Number(m[1]) + 5, `monthly_charges explanation: ${charges?.summary}`);

  const perf = await eventually(
    'realized and estimated performance',
    async () => {
      const p = await getJson<{ realized: { latest: Result<{ overall: Record<string, number>; segments: { segment: string; count: number; metrics: Record<string, number> }[] }> | null }; estimated: { latest: Result<{ estimate: Record<string, number> }> | null } }>(d, `/v1/models/${demoModel}/performance`);
      assert.ok(p.realized.latest && p.estimated?.latest, 'no realized and estimated results yet');
      // The segments' gap is a few points of accuracy: it takes some hundreds of labels per segment
      // to stand out of the noise (a loaded machine produces the first results from fewer rows).
      assert.ok(p.realized.latest.payload.overall.count! >= 900, `only ${p.realized.latest.payload.overall.count} labelled rows so far`);
      return p;
    },
    left(),
  );
  const overall = perf.realized.latest!.payload.overall;
  assert.ok(overall.count! >= 300 && overall.accuracy! > 0.5 && overall.accuracy! < 0.95, JSON.stringify(overall));
  const seg = new Map(perf.realized.latest!.payload.segments.map((s) => [s.segment, s]));
  assert.deepEqual([...seg.keys()].sort(), ['apac', 'eu', 'us']);
  // v1 (70% of traffic) is blind to APAC's higher churn: APAC does worse than the rest of the
  // traffic taken together. (EU and APAC are a point or two apart, so their order alone is noise.)
  const rest = [...seg.values()].filter((x) => x.segment !== 'apac');
  const restAccuracy = rest.reduce((a, x) => a + x.metrics.accuracy! * x.count, 0) / rest.reduce((a, x) => a + x.count, 0);
  assert.ok(seg.get('apac')!.metrics.accuracy! < restAccuracy, JSON.stringify([...seg.values()].map((s) => [s.segment, s.count, s.metrics.accuracy])));
  const est = perf.estimated.latest!.payload.estimate;
  assert.ok(est.accuracy! > 0.4 && est.accuracy! < 1 && est.rocAuc! > 0.5, JSON.stringify(est));
  const segmentFindings = (await findings('&stage=performance')).filter((f) => f.kind === 'performance.segment');
  assert.ok(segmentFindings.some((f) => f.labels.segment === 'apac'), 'APAC is never reported as underperforming');

  const fairness = await eventually(
    'fairness across gender',
    async () => {
      const f = await getJson<{ results: { attribute: string; version: string | null; demographic_parity: { difference: number; groups: { group: string; count: number }[] }; equal_opportunity: { difference: number } }[] }>(d, `/v1/models/${demoModel}/fairness`);
      const all = f.results.find((r) => r.attribute === 'gender' && r.version === null);
      assert.ok(all, 'no fairness result over all versions');
      return all;
    },
    left(),
  );
  assert.deepEqual(fairness.demographic_parity.groups.map((g) => g.group).sort(), ['female', 'male']);
  // Gender plays no part in the simulation: the gaps are sampling noise.
  assert.ok(Math.abs(fairness.demographic_parity.difference) < 0.1, JSON.stringify(fairness.demographic_parity));
  const governance = (await findings('&stage=validation')).filter((f) => f.kind === 'validation.sensitive_feature');
  assert.deepEqual(governance, [], 'gender is supplied beside the features, not as one');

  const ab = await eventually(
    'the A/B comparison of v1 (control) and v2 with a bandit recommendation',
    async () => {
      const [r] = await getJson<Result<{ a: { version: string; labelled: number }; b: { version: string; labelled: number }; outcomes: { name: string; a: { rate: number }; b: { rate: number }; comparison: { test: { pValue: number; ci: number[] } } | null }[]; bandit: { reward: string; arms: { arm: string; probabilityBest: number; suggestedShare: number }[] } | null }>[]>(
        d,
        `/v1/results?stage=ab-test&model=${demoModel}&limit=1`,
      );
      assert.ok(r?.payload.bandit, 'no comparison with a bandit yet');
      assert.ok(r.payload.a.labelled >= 1000, `only ${r.payload.a.labelled} labelled v1 predictions compared`);
      return r.payload;
    },
    left(),
  );
  assert.deepEqual([ab.a.version, ab.b.version], ['v1', 'v2']);
  const correct = ab.outcomes.find((o) => o.name === 'correct')!;
  assert.ok(correct.b.rate > correct.a.rate, `v2 correct ${correct.b.rate} vs v1 ${correct.a.rate}`);
  assert.ok(correct.comparison && correct.comparison.test.ci[0]! < correct.comparison.test.ci[1]!);
  const arms = new Map(ab.bandit!.arms.map((a) => [a.arm, a]));
  assert.ok(arms.get('v2')!.probabilityBest > 0.5, JSON.stringify(ab.bandit));
  assert.ok(Math.abs(arms.get('v1')!.suggestedShare + arms.get('v2')!.suggestedShare - 1) < 1e-9);
});

test('retraining fires on sustained dataset drift and reaches the webhook; alerts reach theirs', async () => {
  const hooks = await eventually(
    'a retraining webhook in the demo inbox',
    async () => {
      const inbox = await getJson<{ kind: string; body: { conf?: Record<string, unknown>; dag_run_id?: string } }[]>(d, '/v1/demo/inbox?kind=retraining');
      assert.ok(inbox.length >= 1, 'nothing received yet');
      return inbox;
    },
    left(),
  );
  assert.equal(hooks.length, 1, 'the cooldown holds further triggers back');
  const conf = hooks[0]!.body.conf as { model: string; policy: string; evidence?: unknown[] } & Record<string, unknown>;
  assert.equal(conf.model, demoModel);
  assert.equal(conf.policy, 'sustained-drift');
  const history = await getJson<{ policy: string; outcome?: string; status?: string; evidence?: unknown }[]>(d, `/v1/models/${demoModel}/retraining`);
  assert.ok(history.length >= 1, 'the trigger is recorded');
  assert.equal(history[0]!.policy, 'sustained-drift');
  assert.ok((await findings('&stage=retraining')).some((f) => f.kind === 'retraining.triggered'));

  const alerts = await getJson<{ labels: Record<string, string>; state: string }[]>(d, '/v1/alerts');
  const names = new Set(alerts.map((a) => a.labels.alertname));
  assert.ok(names.has('drift.feature') && names.has('metrics.anomaly'), [...names].join(', '));
  const notified = await getJson<{ body: { status: string; groupLabels: Record<string, string>; alerts: { labels: Record<string, string> }[] } }[]>(d, '/v1/demo/inbox?kind=alerts');
  assert.ok(notified.length >= 2, `${notified.length} alert notifications`);
  assert.ok(notified.some((n) => n.body.groupLabels.alertname === 'drift.feature' && n.body.groupLabels.model === demoModel));
  assert.ok(notified.every((n) => n.body.alerts.length >= 1 && ['firing', 'resolved'].includes(n.body.status)));
});

test('the ops stream gives templates, anomalies, an incident ranked from the database, and correlations', async () => {
  const templates = await getJson<{ id: string; template: string; count: number }[]>(d, '/v1/logs/templates');
  const requests = templates.find((t) => t.template.includes('"POST <PATH> HTTP/1.1"'));
  assert.ok(requests && requests.count >= 100, JSON.stringify(templates.slice(0, 3)));

  const incident = await eventually(
    'an incident over the database slowdown with its ranking',
    async () => {
      const list = await getJson<{ id: number; kinds: Record<string, number> }[]>(d, '/v1/incidents?status=all');
      for (const i of list.filter((x) => x.kinds['metrics.anomaly'])) {
        const full = await getJson<{ id: number; members: { kind: string; labels: Record<string, string> }[]; rca: { ranking: { rank: number; name: string; type: string }[] } | null }>(d, `/v1/incidents/${i.id}`);
        const metrics = new Set(full.members.map((m) => m.labels.metric).filter(Boolean));
        if (!metrics.has('db_query_latency_ms')) continue;
        assert.ok(metrics.has('model_latency_p99_ms') && metrics.has('feature_store_latency_ms'), `incident metrics: ${[...metrics]}`);
        assert.ok(full.rca && full.rca.ranking.length >= 3, 'no ranking yet');
        return full;
      }
      throw new Error(`no incident over the database latency among ${JSON.stringify(list.map((i) => i.kinds))}`);
    },
    left(),
  );
  // Separate from the model's standing drift: no model-quality finding among its members.
  assert.ok(incident.members.every((m) => m.labels.model === undefined), JSON.stringify(incident.members.map((m) => m.kind)));
  const ranking = incident.rca!.ranking;
  const rankOf = (re: RegExp) => ranking.find((c) => re.test(c.name))?.rank ?? Infinity;
  const db = Math.min(rankOf(/^db_query_latency_ms/), rankOf(/postgres/));
  assert.ok(db <= 2, `database ranked ${db}: ${ranking.map((c) => c.name).join(', ')}`);
  assert.ok(db < rankOf(/^model_latency_p99_ms/), `the model server follows the database: ${ranking.map((c) => c.name).join(', ')}`);
  // A log template among the causes is named by its id and read by its text.
  const texts = new Map((await getJson<{ id: string; template: string }[]>(d, '/v1/logs/templates?limit=1000')).map((t) => [`log.template:${t.id}`, t.template]));
  for (const c of ranking.filter((x) => x.type === 'log_template')) {
    const label = (c as { label?: string }).label;
    assert.ok(typeof label === 'string' && label.length > 0, `log cause without its text: ${JSON.stringify(c)}`);
    if (texts.has(c.name)) assert.equal(label, texts.get(c.name));
  }
  // Both versions were served from the first second: neither is a change that could have caused it.
  assert.deepEqual(ranking.filter((c) => c.type === 'model_version' || c.type === 'deploy').map((c) => c.name), []);

  // The model's own incident (its standing drift and weak segment) is explained by its data.
  const list = await getJson<{ id: number; kinds: Record<string, number> }[]>(d, '/v1/incidents?status=all');
  const quality = list.find((i) => i.kinds['drift.feature'] && i.id !== incident.id);
  assert.ok(quality, JSON.stringify(list.map((i) => i.kinds)));
  const qr = (await getJson<{ rca: { ranking: { type: string; name: string }[] } }>(d, `/v1/incidents/${quality.id}`)).rca.ranking.slice(0, 4);
  assert.ok(qr.every((c) => (c.type === 'feature' && drifting.includes(c.name)) || (c.type === 'segment' && c.name === 'apac')), JSON.stringify(qr));

  const anomalies = await getJson<Finding[]>(d, '/v1/anomalies');
  const slowDb = anomalies.find((a) => a.kind === 'metrics.anomaly' && a.labels.metric === 'db_query_latency_ms' && Number(a.details.observed) > 300);
  assert.ok(slowDb, 'the database latency anomaly is a finding');
  const logFindings = anomalies.filter((a) => a.stage === 'log-anomaly');
  assert.ok(logFindings.some((a) => a.kind === 'logs.new_template' && a.labels.source === 'postgres'), `log findings: ${logFindings.map((a) => a.summary).join(' | ')}`);
  // The steady request log is never a surge, not even in its first buckets.
  assert.deepEqual(logFindings.filter((a) => a.kind === 'logs.volume' && a.labels.template_id === requests.id).map((a) => a.summary), []);

  const cor = await eventually(
    'lagged correlations and co-occurrences',
    async () => {
      const c = await getJson<{ cooccurrence: { a: string; b: string; lift: number }[]; lagged: { x: string; y: string; r: number; lag: number }[] }>(d, '/v1/correlations');
      assert.ok(c.lagged.some((p) => [p.x, p.y].some((s) => s.startsWith('db_query_latency_ms'))), `lagged: ${c.lagged.map((p) => `${p.x}~${p.y}`).join(', ')}`);
      assert.ok(c.cooccurrence.length > 0, 'no co-occurrence');
      return c;
    },
    left(),
  );
  for (const p of cor.lagged) assert.ok(Math.abs(p.r) >= 0.5, `weak pair listed: ${JSON.stringify(p)}`);
});

test('the registry holds both versions and the model card shows what the daemon knows', async () => {
  const [entry] = (await getJson<{ model: string; versions: { version: string; predictions: number; traffic_share: number; reference: { name: string } | null; live: { labelled: number; accuracy: number } }[] }[]>(d, '/v1/registry')).filter((r) => r.model === demoModel);
  assert.ok(entry);
  const versions = new Map(entry.versions.map((v) => [v.version, v]));
  assert.deepEqual([...versions.keys()].sort(), ['v1', 'v2']);
  // 70/30 traffic split in the simulator.
  assert.ok(Math.abs(versions.get('v1')!.traffic_share - 0.7) < 0.05, JSON.stringify(versions.get('v1')));
  assert.equal(versions.get('v2')!.reference?.name, 'demo-churn-reference');
  assert.ok(versions.get('v2')!.live.accuracy > versions.get('v1')!.live.accuracy, 'v2 knows about APAC');

  const md = await d.request(`/v1/models/${demoModel}/card`);
  assert.equal(md.status, 200);
  assert.match(md.headers.get('content-type') ?? '', /text\/markdown/);
  const text = await md.text();
  for (const s of ['# Model card: demo-churn', 'Predicts which subscribers are likely to cancel', 'ml-platform@example.com', '| v1 |', '| v2 |', 'demo-churn-reference', '| apac |', 'gender', 'monthly\\_charges']) assert.ok(text.includes(s), `card lacks ${s}`);
  assert.match(text, /retrain/i);
  const driftHistory = text.slice(text.indexOf('## Drift history'), text.indexOf('## Open alerts'));
  assert.match(driftHistory, /\| yes \|/, `the card lists drifted windows: ${driftHistory.slice(0, 300)}`);
  assert.match(driftHistory, /monthly\\_charges/);
  const html = await d.request(`/v1/models/${demoModel}/card?format=html`);
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type') ?? '', /text\/html/);
  const page = await html.text();
  assert.match(page, /<table/);
  assert.ok(page.includes('Model card: demo-churn') && page.includes('ml-platform@example.com'));
  // The newest drift window's distributions: one chart per compared feature, drifted ones first,
  // each with reference and current bars; in Markdown, the bins that moved most, in words.
  const charts = [...page.matchAll(/<figure><figcaption>([^<]+)<\/figcaption><div class="lg">[^]*?<\/div><svg [^]*?<\/svg><\/figure>/g)];
  assert.equal(charts.length, drifting.length + steady.length, `charts: ${charts.map((c) => c[1]).join(', ')}`);
  assert.ok(charts.every((c) => c[0].includes('class="ref"') && c[0].includes('class="cur"')));
  const drifted = charts.findIndex((c) => !c[1]!.endsWith('(drifted)'));
  assert.ok(drifted > 0 && charts.slice(drifted).every((c) => !c[1]!.endsWith('(drifted)')), 'drifted features come first');
  assert.match(driftHistory, /\*monthly\\_charges[^*]*\*: from [\d.]+ [\d.]+% → [\d.]+%.*\(chart in the HTML card\)/);
});
