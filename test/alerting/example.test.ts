// config/examples/alerting.yaml, exactly as shipped, does what its header promises: a reference
// for demo-churn, a drifted batch → one Slack message and one email within 30 s (the feature
// alerts inhibited), links that resolve to the dashboard and the run, and one resolved message
// on each channel once a batch like the reference comes in. Only the environment differs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Random } from '../../lib/abtest/random.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { startFakeSlack, type FakeSlack } from './fake-slack.ts';
import { startSmtp, subjectOf, type TestSmtp } from './smtp.ts';
import type { ChurnFeatures } from '../../core/demo/churn-model.ts';

const example = readFileSync(new URL('../../config/examples/alerting.yaml', import.meta.url), 'utf8');
const model = 'demo-churn';

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

/** The demo model's feature set: the example alerts on `demo-churn`. */
type Row = ChurnFeatures;

/** Subscribers as the model saw them in training, or (drifted) older, longer-tenured, paying more, on pro plans in APAC. */
function subscribers(n: number, seed: number, drifted: boolean): Row[] {
  const rng = new Random(seed);
  const pick = <T>(xs: T[], w: number[]) => {
    let u = rng.uniform();
    for (let i = 0; i < xs.length; i++) if ((u -= w[i]!) < 0) return xs[i]!;
    return xs[xs.length - 1]!;
  };
  return Array.from({ length: n }, () => ({
    age: Math.round(41 + 12 * rng.normal() + (drifted ? 15 : 0)),
    tenure_months: Math.round(24 * -Math.log(1 - rng.uniform()) * (drifted ? 3 : 1)),
    monthly_charges: Math.round((55 + 18 * rng.normal() + (drifted ? 40 : 0)) * 100) / 100,
    support_tickets: Math.floor(rng.uniform() * 4) + (drifted ? 4 : 0),
    plan: pick(['free', 'basic', 'pro'], drifted ? [0.1, 0.2, 0.7] : [0.5, 0.3, 0.2]),
    region: pick(['eu', 'us', 'apac'], drifted ? [0.1, 0.2, 0.7] : [0.45, 0.4, 0.15]),
    is_mobile: rng.uniform() < 0.6,
  }));
}

const csv = (rows: Row[]) => [Object.keys(rows[0]!).join(','), ...rows.map((r) => Object.values(r).join(','))].join('\n') + '\n';

// The daemon's clock (stage host and alert manager) runs ten times faster than real time while
// the test waits, so `for: 20s`, group waits and intervals pass in a tenth of the time. Stage
// cadences stay real (timers), and alerts resolve on the runs that no longer report them, not on
// elapsed time, so nothing resolves early.
let offset = 0;
const clock = () => Date.now() + offset;

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
    offset += 900;
  }
  assert.fail(`timed out after ${ms} ms waiting for ${what}`);
}

async function predict(d: TestDaemon, rows: Row[], tag: string) {
  const body = rows.map((features, i) => ({ model, id: `${tag}-${i}`, features, prediction: i % 2 }));
  const res = await d.request('/v1/predictions', { method: 'POST', json: body });
  assert.equal(res.status, 200, await res.text());
}

/** Quoted-printable soft breaks and escapes undone, so URLs in a raw email can be matched. */
const unQuote = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

const json = async <T>(d: TestDaemon, path: string) => (await (await d.request(path)).json()) as T;

test('config/examples/alerting.yaml: a drifted batch gives one Slack message and one email within 30 s, a recovered one a resolved message each', { timeout: 150_000 }, async () => {
  const d = await startTestDaemon({
    clock,
    config: example,
    env: {
      SIDEWATCH_SMTP_HOST: smtp.host,
      SIDEWATCH_SMTP_PORT: String(smtp.port),
      SIDEWATCH_SLACK_API_URL: slack.url,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_CHANNEL: '#ml-alerts',
      ALERT_EMAIL_TO: 'oncall@example.com',
    },
  });
  try {
    const ref = await d.request(`/v1/snapshots?model=${model}&role=reference&name=demo-churn-reference`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv(subscribers(2000, 1, false)) });
    assert.equal(ref.status, 201, await ref.text());

    const drifted = Date.now();
    await predict(d, subscribers(500, 2, true), 'drifted');
    await until('a Slack message and an email', () => slack.posts.length >= 1 && smtp.mails.length >= 1, 30_000);

    // The feature alerts fire 20 s after the drift was first seen; they must stay inhibited.
    const features = await until(
      'the inhibited feature alerts',
      async () => {
        const a = await json<{ inhibitedBy: string[] }[]>(d, `/v1/alerts?state=firing&filter=${encodeURIComponent('alertname="FeatureDrift"')}`);
        return a.length > 0 && a;
      },
      60_000,
    );
    assert.ok(features.every((a) => a.inhibitedBy.length === 1), JSON.stringify(features));
    const group = await until('the feature group', async () => (await json<{ labels: Record<string, string>; nextFlushAt: string }[]>(d, '/v1/alerts/groups')).find((g) => g.labels.alertname === 'FeatureDrift'), 5000);
    await until('the feature group flushed', () => clock() > Date.parse(group.nextFlushAt) + 2000, 15_000);

    assert.equal(slack.posts.length, 1, slack.posts.map((p) => p.text).join('\n---\n'));
    assert.equal(smtp.mails.length, 1, smtp.mails.map((m) => subjectOf(m.raw)).join(' / '));
    const [post, mail] = [slack.posts[0]!, smtp.mails[0]!];
    assert.ok(post.at - drifted <= 30_000, `Slack message after ${post.at - drifted} ms`);
    assert.ok(mail.at - drifted <= 30_000, `email after ${mail.at - drifted} ms`);
    assert.equal(post.channel, '#ml-alerts');
    assert.deepEqual(mail.to, ['oncall@example.com']);
    assert.match(post.text, /^\[FIRING:1\] DatasetDrift on model demo-churn/);
    assert.match(subjectOf(mail.raw), /\[FIRING:1\] DatasetDrift on model demo-churn/);

    // Both links are absolute URLs of this daemon (port 0 resolved), and they answer.
    // Slack text is sent with &, < and > escaped.
    const runUrl = /found by: (\S+)/.exec(post.text)?.[1]?.replace(/&amp;/g, '&');
    const dashboardUrl = /dashboard: (\S+)/.exec(post.text)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(runUrl && dashboardUrl, post.text);
    assert.ok(runUrl.startsWith(`${d.url}/v1/runs?`), runUrl);
    assert.equal(dashboardUrl, `${d.url}/dashboards/model-health?model=demo-churn`);
    assert.ok(JSON.stringify(post.blocks).includes(`<${runUrl.replace(/&/g, '&amp;')}|Run that found it>`));
    const mailBody = unQuote(mail.raw);
    assert.ok(mailBody.includes(`href="${runUrl.replace(/&/g, '&amp;')}"`), 'the email links to the same run');
    const runs = (await (await fetch(runUrl)).json()) as { id: number; stage: string; outcome: string; findings: number }[];
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.stage, 'drift');
    assert.equal(runs[0]!.outcome, 'ok');
    const found = await json<{ run_id: number }[]>(d, `/v1/findings?kind=drift.dataset&model=${model}`);
    assert.deepEqual(found.map((f) => f.run_id), [runs[0]!.id], 'the linked run is the one that reported the drift');
    const dashboard = await fetch(dashboardUrl);
    assert.equal(dashboard.status, 200);
    assert.match(dashboard.headers.get('content-type') ?? '', /html/);

    // The data recovers: one resolved message on each channel, nothing else.
    await predict(d, subscribers(500, 3, false), 'recovered');
    await until('a resolved Slack message and email', () => slack.posts.length >= 2 && smtp.mails.length >= 2, 60_000);
    await until('every group settled', async () => (await json<unknown[]>(d, '/v1/alerts/groups')).length === 0, 30_000);
    assert.equal(slack.posts.length, 2, slack.posts.map((p) => p.text).join('\n---\n'));
    assert.equal(smtp.mails.length, 2, smtp.mails.map((m) => subjectOf(m.raw)).join(' / '));
    assert.match(slack.posts[1]!.text, /^\[RESOLVED\] DatasetDrift on model demo-churn/);
    assert.match(subjectOf(smtp.mails[1]!.raw), /\[RESOLVED\] DatasetDrift on model demo-churn/);
    const firing = await json<unknown[]>(d, '/v1/alerts?state=firing');
    assert.deepEqual(firing, []);
  } finally {
    await d.cleanup();
  }
});
