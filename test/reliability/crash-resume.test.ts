// SIGKILL at random moments while logs and predictions stream in and alerts are being delivered,
// several times over one data directory. After every kill the store is checked as the crash left
// it, and after every restart the daemon must carry on where it stopped:
// - every acknowledged log line and prediction is stored exactly once, unacknowledged batches
//   whole or not at all;
// - every stored line's template id is a row of log_templates whose count is exactly the number
//   of stored lines with that id (the enricher writes lines, counts and miner state in one
//   transaction), and the restored miner gives later lines of a known template the same id;
// - the alert outbox resumes: a notification queued or in flight at a kill is delivered after the
//   restart. Delivery is at least once: a message the webhook received but whose delivery the
//   outbox had not recorded when the daemon died is sent again. So each alert group's firing
//   notification reaches the receiver at least once, and again only once per kill that found its
//   outbox row still pending after it had already arrived; never otherwise (repeat_interval is an
//   hour, so no group is due a second notification within the test);
// - stages run after the restart, and plugin_state (a marker row, log-anomaly's cursor) survives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnDaemon, type DaemonProcess } from '../helpers/process.ts';
import { tempDir } from '../helpers/daemon.ts';
import { Storage } from '../../core/storage/db.ts';
import { WebhookInbox, type InboxMode } from './webhook-inbox.ts';
import { readStore, type StoreSnapshot } from './store-snapshot.ts';

const rounds = 6;
const model = 'stream';
const marker = '{"v":1,"n":7}';

/** A small seeded generator, so a failing run can be repeated with the seed it prints. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

// Four log templates, told apart by their first word. The free word is not masked by the miner,
// and each life of the daemon uses its own words: a miner that lost its state would therefore
// first see a different text after the restart and hand out a new id.
const templates: ((word: string, n: number, seq: number) => string)[] = [
  (w, n, s) => `payment accepted for customer ${w} amount ${n} seq=${s}`,
  (w, n, s) => `cache miss on shard ${n} for key ${w} seq=${s}`,
  (w, n, s) => `worker finished job ${w} in ${n} ms seq=${s}`,
  (w, n, s) => `login failed for user ${w} from 10.0.${n % 256}.${n % 7} seq=${s}`,
];
const templateOf = (message: string) => ['payment', 'cache', 'worker', 'login'].indexOf(message.split(' ')[0]!);
const seqOf = (message: string) => Number(/seq=(\d+)$/.exec(message)?.[1]);
const words = ['alder', 'birch', 'cedar', 'dogwood', 'elm', 'fir', 'ginkgo', 'hazel'];

const silentModel = (round: number) => `quiet-${round}`;

function configYaml(hookUrl: string): string {
  return `server:
  port: 0
log:
  requests: false
  level: warn
stages:
  volume:
    every: 1s
    silent_after: 1s
  log-anomaly:
    every: 1s
alerting:
  evaluation_interval: 100ms
  rules:
    - name: ModelSilent
      matchers: ['kind="volume.silent"', 'model=~"quiet-.*"']
  route:
    receiver: hook
    group_by: [model]
    group_wait: 200ms
    group_interval: 1s
    repeat_interval: 1h
  receivers:
    - name: hook
      webhook:
        url: ${hookUrl}
  delivery:
    backoff_initial: 100ms
    backoff_max: 400ms
    timeout: 5s
`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(d: DaemonProcess, path: string, body: string, contentType = 'application/json'): Promise<number> {
  const res = await fetch(`${d.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  await res.arrayBuffer();
  return res.status;
}

async function getJson<T>(d: DaemonProcess, path: string): Promise<T> {
  const res = await fetch(`${d.url}${path}`);
  assert.equal(res.status, 200, `GET ${path} answered ${res.status}`);
  return (await res.json()) as T;
}

test('logs, template state, stages and the alert outbox resume after repeated SIGKILL', { timeout: 120_000 }, async (t) => {
  const seed = Number(process.env.SIDEWATCH_CRASH_SEED ?? Date.now() % 1_000_000);
  const rand = lcg(seed);
  const at = `(seed ${seed}; rerun with SIDEWATCH_CRASH_SEED=${seed})`;
  const dir = tempDir();
  const dataDir = join(dir, 'data');
  const cfg = join(dir, 'crash-resume.yaml');
  const inbox = new WebhookInbox();
  writeFileSync(cfg, configYaml(await inbox.listen()));

  // Every mode of the receiver comes up at least once, in a seeded order.
  const modes: InboxMode[] = ['accept', 'refuse', 'hold', 'accept', 'refuse', 'hold'].slice(0, rounds) as InboxMode[];
  for (let i = modes.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [modes[i], modes[j]] = [modes[j]!, modes[i]!];
  }

  let nextSeq = 1;
  const logBatches = new Map<string, number[]>();
  const ackedLogs = new Set<string>();
  const predictionBatches = new Map<string, number>();
  const ackedPredictions = new Set<string>();
  /** The one template id (its merge root) each generator template has had so far. */
  const knownIds = new Map<number, string>();
  let cursor = 0;
  const kills: { at: number; pending: Set<string> }[] = [];

  const logBatch = (tag: string, round: number, lines: number) => {
    const seqs: number[] = [];
    const text = Array.from({ length: lines }, (_, i) => {
      const seq = nextSeq++;
      seqs.push(seq);
      const word = `${words[Math.floor(rand() * words.length)]}_r${round}`;
      return templates[i % templates.length]!(word, Math.floor(rand() * 100_000), seq);
    }).join('\n');
    logBatches.set(tag, seqs);
    return text;
  };

  const checkStore = (s: StoreSnapshot, when: string) => {
    // Log lines: exactly once, batches whole.
    const perBatch = new Map<string, number>();
    const seqTag = new Map<number, string>();
    for (const [tag, seqs] of logBatches) for (const q of seqs) seqTag.set(q, tag);
    const seen = new Set<number>();
    for (const l of s.logs) {
      const q = seqOf(l.message);
      assert.ok(!seen.has(q), `${when}: log line seq=${q} is stored twice ${at}`);
      seen.add(q);
      const tag = seqTag.get(q);
      assert.ok(tag, `${when}: stored log line was never sent: ${l.message} ${at}`);
      perBatch.set(tag, (perBatch.get(tag) ?? 0) + 1);
    }
    for (const tag of ackedLogs) assert.equal(perBatch.get(tag), logBatches.get(tag)!.length, `${when}: acknowledged log batch ${tag} is missing lines ${at}`);
    for (const [tag, n] of perBatch) assert.equal(n, logBatches.get(tag)!.length, `${when}: log batch ${tag} is partial: ${n} of ${logBatches.get(tag)!.length} lines ${at}`);

    // Templates: every line's id is a row; counts are exact per id; merges point at rows.
    const rows = new Map(s.templates.map((t) => [t.id, t]));
    const linesPerId = new Map<string, number>();
    for (const l of s.logs) {
      assert.ok(l.templateId, `${when}: log line seq=${seqOf(l.message)} has no template id ${at}`);
      assert.ok(rows.has(l.templateId), `${when}: template id ${l.templateId} of line seq=${seqOf(l.message)} is not in log_templates ${at}`);
      linesPerId.set(l.templateId, (linesPerId.get(l.templateId) ?? 0) + 1);
    }
    for (const t of s.templates) {
      assert.equal(t.count, linesPerId.get(t.id) ?? 0, `${when}: log_templates says template ${t.id} has ${t.count} lines; ${linesPerId.get(t.id) ?? 0} are stored ${at}`);
      if (t.mergedInto !== null) assert.ok(rows.has(t.mergedInto), `${when}: template ${t.id} is merged into ${t.mergedInto}, which is not in log_templates ${at}`);
    }
    // The miner carried its state over: one id per template across every life of the daemon.
    const root = (id: string) => rows.get(id)!.mergedInto ?? id;
    for (const l of s.logs) {
      const k = templateOf(l.message);
      const id = root(l.templateId!);
      const known = knownIds.get(k);
      if (known === undefined) knownIds.set(k, id);
      else assert.equal(id, known, `${when}: "${l.message}" got template ${id}, but lines of the same template had ${known}: the miner did not resume its state ${at}`);
    }

    // Predictions: exactly once, batches whole.
    const predPerBatch = new Map<string, number>();
    const ids = new Set<string>();
    for (const id of s.predictionIds) {
      assert.ok(!ids.has(id), `${when}: prediction ${id} is stored twice ${at}`);
      ids.add(id);
      const tag = id.split(':')[0]!;
      assert.ok(predictionBatches.has(tag), `${when}: prediction ${id} was never sent ${at}`);
      predPerBatch.set(tag, (predPerBatch.get(tag) ?? 0) + 1);
    }
    for (const tag of ackedPredictions) assert.equal(predPerBatch.get(tag), predictionBatches.get(tag), `${when}: acknowledged prediction batch ${tag} is missing rows ${at}`);
    for (const [tag, n] of predPerBatch) assert.equal(n, predictionBatches.get(tag), `${when}: prediction batch ${tag} is partial ${at}`);

    // Stage state: the marker is untouched; log-anomaly's cursor never runs ahead of the stored
    // lines and never goes back.
    assert.equal(s.pluginState.find((p) => p.plugin === 'crash-test' && p.key === 'marker')?.value, marker, `${when}: plugin_state lost its marker row ${at}`);
    const state = s.pluginState.find((p) => p.plugin === 'log-anomaly' && p.key === 'cursor');
    if ((s.okRuns['log-anomaly'] ?? 0) > 0 && s.logs.length) assert.ok(state, `${when}: log-anomaly ran but its cursor is not in plugin_state ${at}`);
    if (state) {
      const seq = (JSON.parse(state.value) as { seq: number }).seq;
      const maxSeq = s.logs.at(-1)?.seq ?? 0;
      assert.ok(seq <= maxSeq, `${when}: log-anomaly's cursor is at seq ${seq}, past the last stored line ${maxSeq} ${at}`);
      assert.ok(seq >= cursor, `${when}: log-anomaly's cursor went back from ${cursor} to ${seq} ${at}`);
      cursor = seq;
    }

    // Outbox: one firing notification per group, ever (dedup through the notification log).
    const perGroup = new Map<string, number>();
    for (const o of s.outbox) {
      assert.equal(o.payloadStatus, 'firing', `${when}: outbox row ${o.id} for ${o.group} is ${o.payloadStatus}; no silent model ever recovers ${at}`);
      perGroup.set(o.groupKey, (perGroup.get(o.groupKey) ?? 0) + 1);
    }
    for (const [g, n] of perGroup) assert.equal(n, 1, `${when}: alert group ${g} has ${n} outbox rows; a restart must not queue a notification already logged ${at}`);
  };

  /** The daemon running now, killed in `finally` whatever failed while it ran. */
  let live: DaemonProcess | null = null;
  const startDaemon = async (when: string) => {
    const d = await spawnDaemon(dataDir, { args: ['--config', cfg] });
    live = d;
    // A timed-out test does not reach `finally`: the daemon must not outlive it.
    const onAbort = () => d.child.kill('SIGKILL');
    t.signal.addEventListener('abort', onAbort, { once: true });
    void d.exited.then(() => t.signal.removeEventListener('abort', onAbort));
    // Stages run on the recovered store (not only on their timers).
    for (const stage of ['volume', 'log-anomaly']) {
      // `skipped` means its timer's run is under way: ask again once that one is done.
      let body: { outcome: string; error: string | null } = { outcome: 'skipped', error: null };
      for (let attempt = 0; attempt < 50 && body.outcome === 'skipped'; attempt++) {
        if (attempt) await sleep(100);
        const res = await fetch(`${d.url}/v1/stages/${stage}/run`, { method: 'POST' });
        assert.equal(res.status, 200, `${when}: running ${stage} answered ${res.status}`);
        body = (await res.json()) as typeof body;
      }
      assert.equal(body.outcome, 'ok', `${when}: ${stage} did not run after the restart: ${body.outcome} ${body.error ?? ''} ${at}`);
    }
    return d;
  };

  try {
    // State a stage persisted before the crashes must still be there after them.
    const seedStore = await Storage.open(dataDir);
    await seedStore.run("INSERT INTO plugin_state (plugin, key, value, updated_at) VALUES ('crash-test', 'marker', $1, now())", [marker]);
    await seedStore.close();

    for (let round = 0; round < rounds; round++) {
      const when = `round ${round} (${modes[round]})`;
      const group = silentModel(round);
      inbox.setMode(group, modes[round]!);
      const d = await startDaemon(when);
      if (round === 0) {
        // The miner makes the free word a parameter once it has seen five of them; one batch
        // with every word settles each template before the first kill can cut it short.
        const seqs: number[] = [];
        const text = templates
          .flatMap((make) =>
            words.map((w) => {
              const seq = nextSeq++;
              seqs.push(seq);
              return make(`${w}_r0`, seq, seq);
            }),
          )
          .join('\n');
        logBatches.set('warmup', seqs);
        assert.equal(await post(d, '/v1/logs', text, 'text/plain'), 200, `${when}: the warm-up log batch was refused`);
        ackedLogs.add('warmup');
      }
      // A model whose only prediction is an hour old: volume reports it silent on every run.
      const quiet = [{ model: group, id: 'q', ts: Date.now() - 3_600_000, features: { x: 1 }, prediction: 0 }];
      assert.equal(await post(d, '/v1/predictions', JSON.stringify(quiet)), 200, `${when}: could not register ${group}`);

      let stop = false;
      const writer = async (w: number, kind: 'logs' | 'predictions') => {
        for (let b = 0; !stop; b++) {
          const tag = `r${round}${kind[0]}${w}b${b}`;
          let body: string;
          if (kind === 'logs') body = logBatch(tag, round, 5 + Math.floor(rand() * 20));
          else {
            const n = 10 + Math.floor(rand() * 20);
            predictionBatches.set(tag, n);
            body = JSON.stringify(Array.from({ length: n }, (_, i) => ({ model, id: `${tag}:${i}`, features: { x: i, c: i % 3 ? 'a' : 'b' }, prediction: i % 2, score: 0.5 })));
          }
          try {
            const status = await post(d, kind === 'logs' ? '/v1/logs' : '/v1/predictions', body, kind === 'logs' ? 'text/plain' : 'application/json');
            if (status === 200) (kind === 'logs' ? ackedLogs : ackedPredictions).add(tag);
          } catch {
            return; // the daemon is gone: this batch is unacknowledged
          }
        }
      };
      const loops = [writer(0, 'logs'), writer(1, 'logs'), writer(0, 'predictions')];

      // Kill at a random moment; for refuse and hold, only once this round's notification is
      // queued (refused, retrying) or in flight (held), so those paths are always exercised.
      try {
        if (modes[round] === 'accept') await sleep(250 + rand() * 1750);
        else {
          await inbox.waitForArrival(group, 10_000);
          await sleep(rand() * (modes[round] === 'refuse' ? 600 : 300));
        }
      } catch (e) {
        throw new Error(`${when}: ${(e as Error).message} ${at}\ndaemon stderr:\n${d.stderr().slice(-3000)}`);
      }
      const killedAt = Date.now();
      d.child.kill('SIGKILL');
      stop = true;
      assert.equal((await d.exited).signal, 'SIGKILL');
      live = null;
      await Promise.all(loops);
      inbox.reset();

      const s = await readStore(dataDir, model);
      checkStore(s, `after kill ${round}`);
      kills.push({ at: killedAt, pending: new Set(s.outbox.filter((o) => o.status === 'pending').map((o) => o.group!)) });
    }
    assert.ok(ackedLogs.size > rounds && ackedPredictions.size > rounds, `expected many acknowledged batches, got ${ackedLogs.size} log and ${ackedPredictions.size} prediction batches ${at}`);
    assert.equal(knownIds.size, templates.length, `expected lines of all ${templates.length} templates to be stored ${at}`);

    // The last life: every queued notification goes out, and new lines of known templates get
    // the ids those templates had before the crashes.
    const d = await startDaemon('final restart');
    const probeTag = 'final';
    assert.equal(await post(d, '/v1/logs', logBatch(probeTag, rounds, templates.length), 'text/plain'), 200);
    ackedLogs.add(probeTag);
    const groups = Array.from({ length: rounds }, (_, r) => silentModel(r));
    const deadline = Date.now() + 15_000;
    let outboxState: Record<string, number> = {};
    while (Date.now() < deadline) {
      outboxState = (await getJson<{ outbox: Record<string, number> }>(d, '/v1/alerts/status')).outbox;
      if (groups.every((g) => inbox.accepted(g) > 0) && !outboxState.pending) break;
      await sleep(100);
    }
    const missing = groups.filter((g) => inbox.accepted(g) === 0);
    assert.deepEqual(missing, [], `alert groups never delivered after the restarts (outbox ${JSON.stringify(outboxState)}) ${at}\ndaemon stderr:\n${d.stderr().slice(-3000)}`);
    assert.ok(!outboxState.pending, `the outbox still holds ${outboxState.pending} pending notifications ${at}`);
    d.child.kill('SIGTERM');
    assert.equal((await d.exited).code, 0, `the daemon did not stop cleanly:\n${d.stderr().slice(-3000)}`);
    live = null;

    const s = await readStore(dataDir, model);
    checkStore(s, 'after the final stop');
    const probes = s.logs.filter((l) => seqOf(l.message) >= logBatches.get(probeTag)![0]!);
    assert.equal(probes.length, templates.length);

    // Delivery: every group's outbox row ended delivered; every notification that reached the
    // receiver a second time had been in flight (arrived, delivery not recorded) at a kill.
    for (const g of groups) {
      const rows = s.outbox.filter((o) => o.group === g);
      assert.deepEqual(rows.map((o) => o.status), ['delivered'], `alert group ${g}: outbox rows ${JSON.stringify(rows)} ${at}`);
      const arrived = inbox.arrivals.filter((a) => a.group === g && a.answer !== 'refused');
      const inFlightAtKill = kills.filter((k) => k.pending.has(g) && arrived.some((a) => a.at <= k.at)).length;
      assert.ok(arrived.length <= 1 + inFlightAtKill, `alert group ${g} reached the webhook ${arrived.length} times, but was in flight at only ${inFlightAtKill} kill(s) ${at}`);
    }
    assert.deepEqual(inbox.arrivals.filter((a) => a.status !== 'firing'), [], `only firing notifications were expected ${at}`);
    // The resume paths were exercised: a refused notification still queued at a kill, and a
    // held one in flight at a kill, were both delivered afterwards.
    for (const [r, mode] of modes.entries()) {
      if (mode === 'accept') continue;
      assert.ok(kills[r]!.pending.has(silentModel(r)), `round ${r} (${mode}): its notification was not pending in the outbox at the kill ${at}`);
      assert.ok(inbox.arrivals.some((a) => a.group === silentModel(r) && a.answer === 'accepted' && a.at > kills[r]!.at), `round ${r} (${mode}): its notification was not delivered after the restart ${at}`);
    }
    t.diagnostic(
      `seed ${seed}; modes ${modes.join(',')}; acknowledged ${ackedLogs.size} log and ${ackedPredictions.size} prediction batches; ${s.logs.length} lines; ` +
        `${inbox.arrivals.length} webhook arrivals for ${groups.length} groups; pending at kills: ${kills.map((k) => k.pending.size).join(',')}`,
    );
  } finally {
    const d = live as DaemonProcess | null;
    if (d && d.child.exitCode === null && d.child.signalCode === null) {
      d.child.kill('SIGKILL');
      await d.exited;
    }
    await inbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
