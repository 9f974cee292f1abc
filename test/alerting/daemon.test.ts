// End to end through the real daemon: the volume stage notices a silent model, the alert goes
// to Slack (real WebClient → local server) and email (real smtp-server), resolves when the model
// talks again, and survives a restart in the middle of a Slack outage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startTestDaemon, tempDir, type TestDaemon } from '../helpers/daemon.ts';
import { startFakeSlack, type FakeSlack } from './fake-slack.ts';
import { startSmtp, subjectOf, type TestSmtp } from './smtp.ts';

let slack: FakeSlack;
let smtp: TestSmtp;
before(async () => {
  slack = await startFakeSlack();
  smtp = await startSmtp();
});
after(async () => {
  await slack.close();
  await smtp.close();
});

const token = 'write-token-123456';
const auth = { authorization: `Bearer ${token}` };

const config = `
server:
  port: 0
log:
  requests: false
stages:
  volume:
    every: 1h
    silent_after: 30s
alerting:
  evaluation_interval: 50ms
  route:
    receiver: ops
    group_by: [alertname, model]
    group_wait: 150ms
    group_interval: 300ms
  receivers:
    - name: ops
      slack:
        token: \${SLACK_BOT_TOKEN}
        channel: \${SLACK_CHANNEL}
        api_url: \${SIDEWATCH_SLACK_API_URL}
      email:
        to: \${ALERT_EMAIL_TO}
        host: \${SIDEWATCH_SMTP_HOST}
        port: \${SIDEWATCH_SMTP_PORT}
        ignoreTLS: true
  delivery:
    backoff_initial: 100ms
    backoff_max: 400ms
`;

const env = () => ({
  SIDEWATCH_TOKEN: token,
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_CHANNEL: '#ml-alerts',
  SIDEWATCH_SLACK_API_URL: slack.url,
  ALERT_EMAIL_TO: 'oncall@example.com',
  SIDEWATCH_SMTP_HOST: smtp.host,
  SIDEWATCH_SMTP_PORT: String(smtp.port),
});

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}

async function predict(d: TestDaemon, model: string, ts: number) {
  const rows = Array.from({ length: 3 }, (_, i) => ({ model, id: `${model}-${ts}-${i}`, ts, features: { x: i }, prediction: i % 2 }));
  const res = await d.request('/v1/predictions', { method: 'POST', json: rows, headers: auth });
  assert.equal(res.status, 200, await res.text());
}

async function runVolume(d: TestDaemon) {
  const res = await d.request('/v1/stages/volume/run', { method: 'POST', headers: auth });
  const body = (await res.json()) as { outcome: string };
  assert.equal(body.outcome, 'ok');
}

test('a silent model alerts on Slack and by email once, then resolves; silences and channel tests go through the API', { timeout: 60_000 }, async () => {
  slack.posts.length = 0;
  smtp.mails.length = 0;
  slack.mode = 'ok';
  const d = await startTestDaemon({ config, env: env() });
  try {
    await predict(d, 'churn', Date.now() - 3_600_000);
    await runVolume(d);
    await runVolume(d);
    await until('the Slack message', () => slack.posts.length >= 1 && smtp.mails.length >= 1);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(slack.posts.length, 1, 'two runs reporting the same finding give one message');
    assert.equal(smtp.mails.length, 1);
    assert.match(slack.posts[0]!.text, /volume\.silent/);
    assert.match(slack.posts[0]!.text, /model churn has received no predictions/);
    // Slack text is sent with &, < and > escaped.
    const runUrl = (/found by: (\S+)/.exec(slack.posts[0]!.text)?.[1] ?? '').replace(/&amp;/g, '&');
    assert.match(runUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1\/runs\?stage=volume&id=\d+$/);
    assert.ok(runUrl.startsWith(`${d.url}/`), `${runUrl} is this daemon (the port it listens on, not 0)`);
    const linked = (await (await fetch(runUrl)).json()) as { id: number; stage: string; findings: number }[];
    assert.equal(linked.length, 1);
    assert.deepEqual([linked[0]!.stage, linked[0]!.findings], ['volume', 1]);
    assert.equal((await d.request('/v1/runs?id=abc')).status, 400);
    assert.match(subjectOf(smtp.mails[0]!.raw), /FIRING:1/);

    const firing = (await (await d.request('/v1/alerts?state=firing&filter=model%3D%22churn%22')).json()) as { labels: Record<string, string> }[];
    assert.equal(firing.length, 1);
    assert.equal(firing[0]!.labels.alertname, 'volume.silent');

    // The model talks again; the next run does not report it, so the alert resolves.
    await predict(d, 'churn', Date.now());
    await runVolume(d);
    await until('the resolved Slack message', () => slack.posts.some((p) => /RESOLVED/.test(p.text)));
    await until('the resolved email', () => smtp.mails.some((m) => /RESOLVED/.test(subjectOf(m.raw))));
    const resolved = (await (await d.request('/v1/alerts?state=resolved')).json()) as unknown[];
    assert.equal(resolved.length, 1);

    // Silences: writes need the token; a silence mutes, expiring it lists it as expired.
    const unauth = await d.request('/v1/silences', { method: 'POST', json: { matchers: ['model="churn"'], duration: '1h', createdBy: 'ana', comment: 'deploy' } });
    assert.equal(unauth.status, 401);
    const bad = await d.request('/v1/silences', { method: 'POST', headers: auth, json: { matchers: ['model=~"("'], duration: '1h', createdBy: 'ana', comment: 'x' } });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /bad regular expression/);
    const created = await d.request('/v1/silences', { method: 'POST', headers: auth, json: { matchers: ['model="fraud"'], duration: '1h', createdBy: 'ana', comment: 'deploy' } });
    assert.equal(created.status, 201);
    const silence = (await created.json()) as { id: string };
    const before = slack.posts.length;
    await predict(d, 'fraud', Date.now() - 3_600_000);
    await runVolume(d);
    const fraud = async () => ((await (await d.request('/v1/alerts?filter=model%3D%22fraud%22')).json()) as { silencedBy: string[] }[])[0];
    await until('the fraud alert', async () => (await fraud()) !== undefined);
    assert.deepEqual((await fraud())!.silencedBy, [silence.id]);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(slack.posts.length, before, 'the silenced alert is not sent');
    const expired = await d.request(`/v1/silences/${silence.id}`, { method: 'DELETE', headers: auth });
    assert.equal(expired.status, 200);
    await until('the fraud message after the silence expired', () => slack.posts.some((p) => /model fraud/.test(p.text)));
    const silences = (await (await d.request('/v1/silences')).json()) as { state: string }[];
    assert.equal(silences[0]!.state, 'expired');

    // Channel test, and a bad token surfaced in /readyz rather than retried.
    const t = await d.request('/v1/channels/ops/test', { method: 'POST', headers: auth });
    assert.equal(t.status, 200, await t.text());
    assert.ok(slack.posts.some((p) => /\[TEST\]/.test(p.text)));
    slack.mode = 'invalid_auth';
    const t2 = await d.request('/v1/channels/ops/test', { method: 'POST', headers: auth });
    assert.equal(t2.status, 502);
    await predict(d, 'ltv', Date.now() - 3_600_000);
    await runVolume(d);
    await until('a failed delivery in /readyz', async () => {
      const r = (await (await d.request('/readyz')).json()) as { checks: Record<string, { ok: boolean; detail?: string }> };
      return r.checks.alerting?.ok === false && /invalid_auth/.test(r.checks.alerting.detail ?? '');
    });
    // The finding is stored right after the integration is marked failed, not in the same step.
    await until('the channel failure finding', async () => ((await (await d.request('/v1/findings?kind=alerting.channel_failed')).json()) as unknown[]).length > 0);
    const findings = (await (await d.request('/v1/findings?kind=alerting.channel_failed')).json()) as unknown[];
    assert.equal(findings.length, 1);
    const groups = (await (await d.request('/v1/alerts/groups')).json()) as unknown[];
    assert.ok(groups.length >= 1);
    const doc = (await (await d.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const p of ['/v1/alerts', '/v1/silences', '/v1/silences/{id}', '/v1/channels/{name}/test', '/v1/alerts/status']) assert.ok(doc.paths[p], p);
  } finally {
    await d.cleanup();
  }
});

test('stopping the daemon during a Slack outage and starting a new one on the same data delivers each alert exactly once', { timeout: 60_000 }, async () => {
  slack.posts.length = 0;
  smtp.mails.length = 0;
  slack.mode = 'down';
  const dataDir = tempDir('sidewatch-alerting-restart-');
  let a: TestDaemon | undefined;
  let b: TestDaemon | undefined;
  try {
    a = await startTestDaemon({ config, env: env(), dataDir });
    await predict(a, 'churn', Date.now() - 3_600_000);
    await predict(a, 'fraud', Date.now() - 3_600_000);
    await runVolume(a);
    await until('a failed Slack attempt', () => slack.attempts > 0);
    await until('emails (email works)', () => ['churn', 'fraud'].every((m) => smtp.mails.some((x) => subjectOf(x.raw).includes(`model ${m}`))));
    await a.stop();
    const attempts = slack.attempts;
    assert.equal(slack.posts.length, 0);

    slack.mode = 'ok';
    const mailsBefore = smtp.mails.length;
    b = await startTestDaemon({ config, env: env(), dataDir });
    const d = b;
    await until('both queued Slack messages', () => slack.posts.length >= 2);
    // Settled: nothing left in the outbox and every group past its first flush.
    await until('the outbox drained', async () => ((await (await d.request('/v1/alerts/outbox?status=pending')).json()) as unknown[]).length === 0);
    await new Promise((r) => setTimeout(r, 600));
    const outbox = JSON.stringify(((await (await d.request('/v1/alerts/outbox')).json()) as { integration: string; status: string; attempts: number; groupKey: string }[]).map((e) => [e.integration, e.groupKey, e.status, e.attempts]));
    assert.ok(slack.attempts > attempts);
    assert.equal(slack.posts.length, 2, outbox);
    assert.equal(slack.posts.filter((p) => /model churn/.test(p.text)).length, 1);
    assert.equal(slack.posts.filter((p) => /model fraud/.test(p.text)).length, 1);
    assert.equal(smtp.mails.length, mailsBefore, `email, delivered before the restart, is not sent again: ${smtp.mails.map((m) => subjectOf(m.raw)).join(' / ')}; outbox ${outbox}`);
    const firing = (await (await b.request('/v1/alerts?state=firing')).json()) as unknown[];
    assert.equal(firing.length, 2);
  } finally {
    // Stopped whatever happened above: a daemon left running keeps the test process alive.
    await a?.stop();
    await b?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
