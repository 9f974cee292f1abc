import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { tempDir } from '../helpers/daemon.ts';
import { startFakeSlack, type FakeSlack } from './fake-slack.ts';
import { startSmtp, subjectOf, type TestSmtp } from './smtp.ts';
import { advance, startHarness } from './harness.ts';
import { postToSlack } from '../../plugins/slack/index.ts';

let slack: FakeSlack;
let smtp: TestSmtp;
const dirs: string[] = [];
const dir = () => {
  const d = tempDir('sidewatch-alerting-');
  dirs.push(d);
  return d;
};

before(async () => {
  slack = await startFakeSlack();
  smtp = await startSmtp();
});
after(async () => {
  await slack.close();
  await smtp.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function reset() {
  slack.posts.length = 0;
  slack.attempts = 0;
  slack.mode = 'ok';
  smtp.mails.length = 0;
  smtp.failWith = null;
}

function config(extra: Record<string, unknown> = {}) {
  return {
    receivers: [
      {
        name: 'ops',
        slack: { token: 'xoxb-test-token', channel: '#ml-alerts', api_url: slack.url },
        email: { to: 'oncall@example.com', from: 'sidewatch@example.com', host: smtp.host, port: smtp.port, ignoreTLS: true },
      },
    ],
    route: { receiver: 'ops', group_by: ['alertname', 'model'], group_wait: '1s', group_interval: '5s', repeat_interval: '1h' },
    delivery: { backoff_initial: '1s', backoff_max: '8s', timeout: '2s' },
    ...extra,
  };
}

test('repeated findings give one notification per group, and the group resolves with one resolved message', async (t) => {
  reset();
  const h = await startHarness(dir(), config());
  t.after(() => h.close());
  const { manager } = h;
  await manager.ingest([h.finding('drift.feature', { model: 'churn', feature: 'age' }), h.finding('drift.feature', { model: 'churn', feature: 'income' })]);
  await advance(h, 500);
  assert.equal(slack.posts.length, 0, 'nothing before group_wait');
  await advance(h, 600);
  assert.equal(slack.posts.length, 1);
  assert.equal(smtp.mails.length, 1);
  assert.match(slack.posts[0]!.text, /FIRING:2/);
  assert.match(slack.posts[0]!.text, /feature=age/);
  assert.match(slack.posts[0]!.text, /feature=income/);
  assert.match(slack.posts[0]!.text, /dashboards\/model-health\?model=churn/);
  assert.equal(slack.posts[0]!.channel, '#ml-alerts');
  assert.ok(slack.posts[0]!.blocks.length >= 3, 'Block Kit blocks are sent beside the text');

  for (let run = 2; run <= 6; run++) {
    await manager.ingest([h.finding('drift.feature', { model: 'churn', feature: 'age' }, { runId: run }), h.finding('drift.feature', { model: 'churn', feature: 'income' }, { runId: run })]);
    await advance(h, 3000);
  }
  assert.equal(slack.posts.length, 1, 'the same alerts again are not re-sent before repeat_interval');
  assert.equal(smtp.mails.length, 1);

  // Another model is another group: its own single message after its own group_wait.
  await manager.ingest([h.finding('drift.feature', { model: 'fraud', feature: 'amount' }, { runId: 7 })]);
  await advance(h, 1100);
  assert.equal(slack.posts.length, 2);
  assert.match(slack.posts[1]!.text, /fraud/);

  // The drift stage runs again and reports only fraud: both churn alerts resolve.
  await manager.ingest([h.finding('drift.feature', { model: 'fraud', feature: 'amount' }, { runId: 8 })]);
  await manager.runFinished('drift', 8);
  assert.deepEqual(manager.alerts({ states: ['resolved'] }).map((a) => a.labels.feature).sort(), ['age', 'income']);
  await advance(h, 5000);
  const resolved = slack.posts.filter((p) => /RESOLVED/.test(p.text));
  assert.equal(resolved.length, 1, 'one resolved message for the churn group');
  assert.match(resolved[0]!.text, /churn/);
  assert.equal(smtp.mails.filter((m) => /RESOLVED/.test(subjectOf(m.raw))).length, 1);
  const mail = smtp.mails.at(-1)!;
  assert.match(mail.raw, /text\/html/);
  assert.match(mail.raw, /text\/plain/);
  await advance(h, 5000);
  assert.equal(slack.posts.filter((p) => /RESOLVED/.test(p.text)).length, 1, 'resolved is sent once');
  await h.close();
});

test('silences and inhibition mute; an expired silence lets the alert through', async (t) => {
  reset();
  const h = await startHarness(dir(), config({ inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['model'] }] }));
  t.after(() => h.close());
  const { manager } = h;
  const silence = await manager.createSilence({ matchers: [{ name: 'model', type: '=', value: 'quiet' }], endsAt: h.clock.now + 3_600_000, createdBy: 'ana', comment: 'maintenance' });
  await manager.ingest([
    h.finding('drift.dataset', { model: 'churn' }, { severity: 'critical' }),
    h.finding('drift.feature', { model: 'churn', feature: 'age' }),
    h.finding('drift.feature', { model: 'fraud', feature: 'amount' }),
    h.finding('drift.feature', { model: 'quiet', feature: 'x' }),
  ]);
  await advance(h, 1100);
  const texts = slack.posts.map((p) => p.text);
  assert.equal(texts.length, 2, texts.join('\n---\n'));
  assert.ok(texts.some((t) => /drift\.dataset/.test(t) && /churn/.test(t)));
  assert.ok(texts.some((t) => /fraud/.test(t)));
  assert.ok(!texts.some((t) => /drift\.feature/.test(t) && /churn/.test(t)), 'the warning on churn is inhibited by the critical one');
  assert.ok(!texts.some((t) => /quiet/.test(t)), 'the silenced model is muted');
  const quiet = manager.alerts({ matchers: [{ name: 'model', type: '=', value: 'quiet' }] })[0]!;
  assert.deepEqual(quiet.silencedBy, [silence.id]);
  const inhibited = manager.alerts({ matchers: [{ name: 'alertname', type: '=', value: 'drift.feature' }, { name: 'model', type: '=', value: 'churn' }] })[0]!;
  assert.equal(inhibited.inhibitedBy.length, 1);

  await manager.expireSilence(silence.id);
  assert.equal(manager.silences()[0]!.state, 'expired');
  await advance(h, 5000);
  assert.equal(slack.posts.filter((p) => /quiet/.test(p.text)).length, 1, 'sent at the next group interval once unmuted');
  await h.close();
});

test('a channel down for a while gets every group exactly once when it comes back', async (t) => {
  reset();
  slack.mode = 'down';
  smtp.failWith = 451;
  const h = await startHarness(dir(), config());
  t.after(() => h.close());
  const { manager } = h;
  await manager.ingest(['churn', 'fraud', 'ltv'].map((model) => h.finding('drift.dataset', { model })));
  await advance(h, 1100);
  assert.equal(slack.posts.length, 0);
  assert.equal(slack.attempts, 1, 'one failure holds back the rest of that channel until the next drain');
  assert.equal(manager.integrations().find((i) => i.channel === 'slack')!.state, 'retrying');
  // During the outage a new alert joins the churn group: its queued message is replaced.
  await manager.ingest([h.finding('drift.feature', { model: 'churn', feature: 'age' }, { runId: 2 })]);
  for (let i = 0; i < 6; i++) await advance(h, 2500);
  assert.equal(slack.posts.length, 0);
  assert.ok(slack.attempts > 3, 'it kept retrying');
  slack.mode = 'ok';
  smtp.failWith = null;
  for (let i = 0; i < 4; i++) await advance(h, 8000);
  const perModel = (list: string[], model: string) => list.filter((t) => t.includes(`model ${model}`)).length;
  const texts = slack.posts.map((p) => p.text);
  assert.equal(texts.length, 4, texts.join('\n---\n'));
  for (const model of ['fraud', 'ltv']) assert.equal(perModel(texts, model), 1, model);
  // churn: one group per alertname (dataset, feature), each delivered once.
  assert.equal(texts.filter((t) => /drift\.dataset on model churn/.test(t)).length, 1);
  assert.equal(texts.filter((t) => /drift\.feature on model churn/.test(t)).length, 1);
  assert.equal(smtp.mails.length, 4);
  const status = await manager.status();
  assert.equal(status.outbox.pending ?? 0, 0);
  assert.equal(status.outbox.delivered, 8);
  await h.close();
});

test('a restart mid-outage loses nothing and duplicates nothing', async (t) => {
  reset();
  const d = dir();
  slack.mode = 'down';
  const clock = { now: Date.parse('2026-03-01T12:00:00Z') };
  const cfg = config({ receivers: [{ name: 'ops', slack: { token: 'xoxb-test-token', channel: '#ml-alerts', api_url: slack.url } }] });
  const a = await startHarness(d, cfg, clock);
  t.after(() => a.close());
  await a.manager.ingest([a.finding('drift.dataset', { model: 'churn' }), a.finding('drift.dataset', { model: 'fraud' })]);
  const firedAt = () => a.manager.alerts().map((x) => x.activeAt);
  await advance(a, 1100);
  const before = firedAt();
  assert.equal(slack.posts.length, 0);
  await a.close();

  slack.mode = 'ok';
  const b = await startHarness(d, cfg, clock);
  t.after(() => b.close());
  assert.deepEqual(b.manager.alerts().map((x) => x.activeAt), before, 'alert state and since survive the restart');
  assert.ok(b.manager.alerts().every((x) => x.state === 'firing'));
  for (let i = 0; i < 4; i++) await advance(b, 4000);
  assert.equal(slack.posts.length, 2, 'what was queued is delivered after the restart');
  await b.close();

  const c = await startHarness(d, cfg, clock);

  t.after(() => c.close());
  for (let i = 0; i < 4; i++) await advance(c, 4000);
  assert.equal(slack.posts.length, 2, 'a further restart sends nothing again');
  assert.equal(new Set(slack.posts.map((p) => p.text)).size, 2);
  await c.close();
});

test('invalid_auth is not retried: the outbox entry fails, a finding is stored, the problem is reported', async (t) => {
  reset();
  slack.mode = 'invalid_auth';
  const h = await startHarness(dir(), config({ receivers: [{ name: 'ops', slack: { token: 'xoxb-test-token', channel: '#c', api_url: slack.url } }] }));
  t.after(() => h.close());
  await h.manager.ingest([h.finding('drift.dataset', { model: 'churn' })]);
  await advance(h, 1100);
  for (let i = 0; i < 3; i++) await advance(h, 10_000);
  assert.equal(slack.attempts, 1);
  const failed = await h.manager.outbox({ status: 'failed' });
  assert.equal(failed.length, 1);
  assert.match(failed[0]!.lastError!, /invalid_auth/);
  assert.match(h.manager.problems().join(), /ops\/slack\/0: .*invalid_auth/);
  const findings = await h.storage.all<{ kind: string; summary: string }>("SELECT kind, summary FROM findings WHERE stage = 'alerting'");
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.kind, 'alerting.channel_failed');
  await h.close();
});

test('a 429 is retried no sooner than Slack’s Retry-After', async (t) => {
  reset();
  slack.mode = 'ratelimited';
  const h = await startHarness(dir(), config({ receivers: [{ name: 'ops', slack: { token: 'xoxb-test-token', channel: '#c', api_url: slack.url } }] }));
  t.after(() => h.close());
  await h.manager.ingest([h.finding('drift.dataset', { model: 'churn' })]);
  await advance(h, 1100);
  const [entry] = await h.manager.outbox({ status: 'pending' });
  assert.equal(entry!.attempts, 1);
  assert.ok(entry!.nextAttemptAt - h.clock.now >= 2000, `next attempt in ${entry!.nextAttemptAt - h.clock.now} ms`);
  slack.mode = 'ok';
  await advance(h, 1500);
  assert.equal(slack.posts.length, 0, 'not before Retry-After');
  await advance(h, 600);
  assert.equal(slack.posts.length, 1);
  await h.close();
});

test('Slack text escapes &, < and > so a summary cannot open a link; links stay links', async () => {
  reset();
  const base = 'http://sidewatch.test';
  const n = {
    receiver: 'ops',
    status: 'firing' as const,
    groupKey: 'g',
    groupLabels: {},
    commonLabels: { alertname: 'FeatureDrift', model: 'churn' },
    externalUrl: base,
    alerts: [
      {
        fingerprint: 'f',
        status: 'firing' as const,
        alertname: 'FeatureDrift',
        severity: 'warning',
        summary: 'feature age drifted (ks p=0.003 < 0.05) & <b>',
        where: { model: 'churn' },
        labels: { alertname: 'FeatureDrift' },
        annotations: {},
        startsAt: new Date(0).toISOString(),
        endsAt: null,
        dashboardUrl: `${base}/dashboards/model-health?model=churn`,
        runUrl: `${base}/v1/runs?stage=drift&id=7`,
      },
    ],
  };
  const r = await postToSlack(n, { token: 'xoxb-test-token', channel: '#ml-alerts', api_url: slack.url, max_alerts: 10 }, 2000);
  assert.equal(r.ok, true);
  const post = slack.posts[0]!;
  assert.match(post.text, /p=0\.003 &lt; 0\.05\) &amp; &lt;b&gt;/);
  assert.doesNotMatch(post.text, /</);
  const blocks = JSON.stringify(post.blocks);
  assert.ok(blocks.includes('p=0.003 &lt; 0.05'));
  assert.ok(blocks.includes('<http://sidewatch.test/v1/runs?stage=drift&amp;id=7|Run that found it>'), blocks);
});
