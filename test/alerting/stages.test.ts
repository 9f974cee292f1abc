// The small parts alone: matchers, templates, rules and their states, routing, dedup, mute,
// enqueue, backoff, and the webhook signature — each with explicit time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { matches, parseMatcher, labelsFingerprint } from '../../core/alerting/labels.ts';
import { renderTemplate } from '../../core/alerting/template.ts';
import { RuleEvaluator } from '../../core/alerting/rules.ts';
import { alertingConfigSchema, type AlertingConfig } from '../../core/alerting/config.ts';
import { buildRoute, matchRoutes } from '../../core/alerting/routing.ts';
import { Dispatcher } from '../../core/alerting/dispatcher.ts';
import { needsUpdate } from '../../core/alerting/nflog.ts';
import { dedupStage, enqueueStage, muteStage, type FlushContext } from '../../core/alerting/pipeline.ts';
import { backoffDelay } from '../../core/alerting/retry.ts';
import type { Alert } from '../../core/alerting/alert.ts';
import type { StoredFinding } from '../../core/stages/findings.ts';
import { loadBuiltinPlugins } from '../../core/plugins/registry.ts';
import { channelPlugins } from '../../core/alerting/module.ts';
import { buildNotification } from '../../core/alerting/notification.ts';
import webhook from '../../plugins/webhook/index.ts';
import { silentLogger } from '../../core/log.ts';

const channels = channelPlugins(await loadBuiltinPlugins());
const parseConfig = (c: unknown): AlertingConfig => alertingConfigSchema(channels).parse(c);

const finding = (kind: string, labels: Record<string, string>, runId = 1, severity: StoredFinding['severity'] = 'warning'): StoredFinding => ({
  id: runId,
  kind,
  severity,
  summary: `${kind} on ${labels.model}`,
  labels: { stage: 'drift', ...labels },
  stage: 'drift',
  runId,
  ts: new Date(0),
  fingerprint: 'f',
  details: { psi: 0.31 },
});

test('matchers: equality, negation, anchored regexes, missing labels as empty', () => {
  const l = { model: 'churn', severity: 'critical' };
  assert.ok(matches(parseMatcher('model="churn"'), l));
  assert.ok(matches(parseMatcher('model!=fraud'), l));
  assert.ok(matches(parseMatcher('severity=~"crit.*"'), l));
  assert.ok(!matches(parseMatcher('severity=~"crit"'), l), 'regexes match the whole value');
  assert.ok(matches(parseMatcher('severity!~"warn.*"'), l));
  assert.ok(matches(parseMatcher('feature=""'), l));
  assert.throws(() => parseMatcher('model'), /not a matcher/);
  assert.throws(() => parseMatcher('model=~"("'), /bad regular expression/);
  assert.equal(labelsFingerprint({ a: '1', b: '2' }), labelsFingerprint({ b: '2', a: '1' }));
  assert.notEqual(labelsFingerprint({ a: '1' }), labelsFingerprint({ a: '2' }));
});

test('templates: labels, $labels, nested details, missing as empty', () => {
  const data = { labels: { model: 'churn' }, details: { psi: 0.31, top: { name: 'age' } } };
  assert.equal(renderTemplate('{{ .labels.model }}/{{ $labels.model }} psi={{ .details.psi }} top={{.details.top.name}} x={{ .labels.nope }}', data), 'churn/churn psi=0.31 top=age x=');
});

test('rules: pending until `for`, firing, kept for `keep_firing_for` after the stage stops reporting, then resolved', () => {
  const cfg = parseConfig({ rules: [{ name: 'FeatureDrift', matchers: ['kind="drift.feature"'], for: '30s', keep_firing_for: '20s', severity: 'critical', labels: { team: 'ml-{{ .labels.model }}' }, annotations: { summary: '{{ .labels.feature }} drifted on {{ .labels.model }} (psi {{ .details.psi }})' } }] });
  const r = new RuleEvaluator(cfg.rules);
  r.observe([finding('drift.feature', { model: 'churn', feature: 'age' }), finding('drift.dataset', { model: 'churn' })], 0);
  let { changed } = r.evaluate(0);
  assert.equal(changed.length, 1, 'only the matching finding becomes an alert');
  const a = changed[0]!;
  assert.equal(a.state, 'pending');
  assert.deepEqual({ alertname: a.labels.alertname, severity: a.labels.severity, team: a.labels.team }, { alertname: 'FeatureDrift', severity: 'critical', team: 'ml-churn' });
  assert.equal(a.annotations.summary, 'age drifted on churn (psi 0.31)');
  r.observe([finding('drift.feature', { model: 'churn', feature: 'age' }, 2)], 10_000);
  r.runFinished('drift', 2, 10_000);
  assert.equal(r.evaluate(29_999).changed[0]?.state ?? r.get(a.fingerprint)!.state, 'pending');
  ({ changed } = r.evaluate(30_000));
  assert.equal(changed[0]!.state, 'firing');
  r.runFinished('drift', 3, 40_000);
  r.evaluate(59_999);
  assert.equal(r.get(a.fingerprint)!.state, 'firing', 'kept firing for keep_firing_for');
  ({ changed } = r.evaluate(60_000));
  assert.equal(changed[0]!.state, 'resolved');
  assert.equal(changed[0]!.resolvedAt, 60_000);
  // Reported again: a new episode starts pending.
  r.observe([finding('drift.feature', { model: 'churn', feature: 'age' }, 4)], 70_000);
  ({ changed } = r.evaluate(70_000));
  assert.equal(changed[0]!.state, 'pending');
  assert.equal(changed[0]!.activeAt, 70_000);
});

test('rules: a run resolves only the alerts of what it looked at; skipping a model leaves its alerts firing', () => {
  const r = new RuleEvaluator([]);
  r.observe([finding('drift.dataset', { model: 'churn' }), finding('drift.dataset', { model: 'fraud' }), { ...finding('incident.open', { service: 'api', stage: 'incidents' }), stage: 'incidents' }], 0);
  r.evaluate(0);
  const state = () => Object.fromEntries(r.all().map((a) => [a.labels.model ?? a.labels.service, a.state]));
  // Nothing new in either window: the run stored nothing, so it says nothing.
  r.runFinished('drift', 2, 1000, { all: false, models: new Set() });
  r.evaluate(1000);
  assert.deepEqual(state(), { churn: 'firing', fraud: 'firing', api: 'firing' });
  // It judged churn only.
  r.runFinished('drift', 3, 2000, { all: false, models: new Set(['churn']) });
  r.evaluate(2000);
  assert.deepEqual(state(), { churn: 'resolved', fraud: 'firing', api: 'firing' });
  // A result not tied to a model covers everything of that stage; other stages are untouched.
  r.runFinished('drift', 4, 3000, { all: true, models: new Set() });
  r.evaluate(3000);
  assert.deepEqual(state(), { churn: 'resolved', fraud: 'resolved', api: 'firing' });
  // An alert without a model label goes when its stage's run stored anything at all.
  r.runFinished('incidents', 5, 4000, { all: false, models: new Set(['m']) });
  r.evaluate(4000);
  assert.equal(state().api, 'resolved');
});

test('rules: a pending alert that stops being reported goes back to inactive; no rules means every finding alerts', () => {
  const r = new RuleEvaluator(parseConfig({ rules: [{ name: 'Slow', for: '1m' }] }).rules);
  r.observe([finding('drift.dataset', { model: 'm' })], 0);
  r.evaluate(0);
  r.runFinished('drift', 2, 5000);
  assert.deepEqual(r.evaluate(5000).removed.length, 1);
  const d = new RuleEvaluator([]);
  d.observe([finding('volume.silent', { model: 'm' }, 1, 'critical')], 0);
  const [alert] = d.evaluate(0).changed;
  assert.equal(alert!.state, 'firing');
  assert.equal(alert!.labels.alertname, 'volume.silent');
  assert.equal(alert!.labels.severity, 'critical');
  assert.equal(alert!.labels.model, 'm');
});

const alert = (fp: string, labels: Record<string, string>, state: Alert['state'] = 'firing'): Alert => ({
  fingerprint: fp, rule: 'r', labels, annotations: { summary: fp }, state, stage: 'drift', runId: 1, findingId: 1, activeAt: 0, firedAt: 0, resolvedAt: state === 'resolved' ? 5 : null, lastSeenAt: 0, absentSince: null, updatedAt: 0,
});

test('routing: first matching child wins unless `continue`; children inherit timings', () => {
  const cfg = parseConfig({
    receivers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
    route: { receiver: 'a', group_wait: '2s', routes: [{ matchers: ['severity="critical"'], receiver: 'b', continue: true }, { matchers: ['model=~"ch.*"'], receiver: 'c', group_wait: '9s' }] },
  });
  const root = buildRoute(cfg.route!);
  assert.deepEqual(matchRoutes(root, { severity: 'critical', model: 'churn' }).map((r) => r.receiver), ['b', 'c']);
  assert.deepEqual(matchRoutes(root, { severity: 'warning', model: 'churn' }).map((r) => r.receiver), ['c']);
  assert.deepEqual(matchRoutes(root, { severity: 'warning', model: 'fraud' }).map((r) => r.receiver), ['a']);
  assert.equal(root.routes[0]!.groupWait, 2000);
  assert.equal(root.routes[1]!.groupWait, 9000);
  assert.throws(() => parseConfig({ receivers: [{ name: 'a' }], route: { receiver: 'nope' } }), /no receiver named .*nope/);
  assert.throws(() => parseConfig({ receivers: [{ name: 'a', pager: {} }] }), /unknown alert channel .*pager/);
});

test('dispatcher: group_wait before the first flush, group_interval after; resolved alerts leave after a flush', () => {
  const root = buildRoute(parseConfig({ receivers: [{ name: 'a' }], route: { receiver: 'a', group_by: ['model'], group_wait: '1s', group_interval: '10s' } }).route!);
  const d = new Dispatcher(root);
  d.put([alert('x', { model: 'm' }), alert('y', { model: 'm' }), alert('z', { model: 'n' })], 0);
  assert.equal(d.groups().length, 2);
  assert.equal(d.due(999).length, 0);
  const due = d.due(1000);
  assert.equal(due.length, 2);
  const g = due.find((x) => x.labels.model === 'm')!;
  d.put([alert('x', { model: 'm' }, 'resolved')], 1000);
  d.flushed(g, [...g.alerts.values()], 1000);
  assert.deepEqual([...g.alerts.keys()], ['y']);
  assert.equal(g.nextFlushAt, 11_000);
});

test('dedup: Alertmanager’s needsUpdate', () => {
  const s = (...x: string[]) => new Set(x);
  assert.equal(needsUpdate(undefined, s('a'), s(), true, 1000, 0), true);
  assert.equal(needsUpdate(undefined, s(), s('a'), true, 1000, 0), false, 'nothing to say about alerts nobody heard of');
  const e = { firing: ['a', 'b'], resolved: [], sentAt: 0 };
  assert.equal(needsUpdate(e, s('a', 'b'), s(), true, 1000, 999), false);
  assert.equal(needsUpdate(e, s('a'), s(), true, 1000, 999), false, 'fewer firing and nothing resolved: no news');
  assert.equal(needsUpdate(e, s('a', 'c'), s(), true, 1000, 10), true);
  assert.equal(needsUpdate(e, s('a'), s('b'), true, 1000, 10), true);
  assert.equal(needsUpdate(e, s('a'), s('b'), false, 1000, 10), false, 'without send_resolved, resolved alone is no news');
  assert.equal(needsUpdate(e, s(), s('a', 'b'), false, 1000, 10), true, 'all resolved clears the log');
  assert.equal(needsUpdate(e, s('a', 'b'), s(), true, 1000, 1000), true, 'repeat_interval');
});

test('mute, dedup and enqueue stages alone', async () => {
  const integration = { id: 'r/slack/0', receiver: 'r', channel: 'slack', sendResolved: false, settings: {} };
  const ctx: FlushContext = { now: 100, groupKey: 'g', integration, repeatIntervalMs: 1000 };
  const muted = await muteStage((a) => a.labels.model === 'quiet')(ctx, [alert('a', { model: 'm' }), alert('b', { model: 'quiet' })]);
  assert.deepEqual(muted.map((a) => a.fingerprint), ['a']);
  const entries = new Map([['r/slack/0', { firing: ['a'], resolved: [], sentAt: 50 }]]);
  assert.deepEqual(await dedupStage((i) => entries.get(i))(ctx, [alert('a', { model: 'm' })]), []);
  const records: unknown[] = [];
  const sent = await enqueueStage({ build: (_c, al) => buildNotification('r', 'g', {}, al, 'http://x'), record: async (...args) => void records.push(args) })(ctx, [alert('a', { model: 'm' }), alert('b', { model: 'm' }, 'resolved')]);
  assert.deepEqual(sent.map((a) => a.fingerprint), ['a'], 'resolved alerts are logged but not sent without send_resolved');
  const [id, key, entry, notification] = records[0] as [string, string, { firing: string[]; resolved: string[] }, { alerts: unknown[] }];
  assert.equal(id, 'r/slack/0');
  assert.equal(key, 'g');
  assert.deepEqual(entry, { firing: ['a'], resolved: ['b'], sentAt: 100 });
  assert.equal(notification.alerts.length, 1);
});

test('backoff: doubles, is capped, jitters within [d/2, d], honours Retry-After', () => {
  const o = { initialMs: 1000, maxMs: 8000 };
  assert.equal(backoffDelay(1, o, () => 0), 500);
  assert.equal(backoffDelay(1, o, () => 0.999999), 1000);
  assert.equal(backoffDelay(3, o, () => 0.999999), 4000);
  assert.equal(backoffDelay(10, o, () => 0.999999), 8000);
  assert.equal(backoffDelay(1, o, () => 0, 5000), 5000);
});

test('webhook: JSON body signed with HMAC-SHA256; 503 is retryable, 400 is not', async () => {
  const got: { sig: string | undefined; body: string }[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ sig: req.headers['x-sidewatch-signature'] as string | undefined, body });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const config = webhook.configSchema.parse({ url, secret: 'shared-secret' });
  const n = buildNotification('r', 'g', { model: 'churn' }, [alert('a', { model: 'churn', alertname: 'Drift', severity: 'critical' })], 'http://sw');
  const ctx = { config, log: silentLogger, signal: new AbortController().signal, timeoutMs: 1000 };
  assert.deepEqual(await webhook.send(n, ctx), { ok: true });
  assert.equal(got[0]!.sig, `sha256=${createHmac('sha256', 'shared-secret').update(got[0]!.body).digest('hex')}`);
  const body = JSON.parse(got[0]!.body) as { alerts: { where: Record<string, string>; dashboardUrl: string }[] };
  assert.deepEqual(body.alerts[0]!.where, { model: 'churn' });
  assert.equal(body.alerts[0]!.dashboardUrl, 'http://sw/dashboards/model-health?model=churn');
  status = 503;
  assert.equal(((await webhook.send(n, ctx)) as { retryable: boolean }).retryable, true);
  status = 400;
  assert.equal(((await webhook.send(n, ctx)) as { retryable: boolean }).retryable, false);
  await new Promise((r) => server.close(r));
});

test('channel sample configs are valid receivers', () => {
  for (const name of ['slack', 'email', 'webhook']) {
    const doc = parse(readFileSync(new URL(`../../plugins/${name}/sample.yaml`, import.meta.url), 'utf8')) as { alerting: unknown };
    const raw = JSON.parse(JSON.stringify(doc.alerting).replaceAll(/\$\{[A-Z_]+\}/g, 'sample-secret-value'));
    const cfg = parseConfig(raw);
    assert.equal(cfg.receivers[0]!.integrations[0]!.channel, name);
  }
});
