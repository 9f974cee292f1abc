// The alert manager: findings and finished runs go in; rules decide what fires; the dispatcher
// groups and times; each flush runs mute → dedup → enqueue; the outbox delivery retries and
// sends. Everything that must survive a restart is in DuckDB; time comes from an injected clock.
import type { Logger } from '../plugin-api/index.ts';
import type { Storage } from '../storage/db.ts';
import type { StoredFinding } from '../stages/findings.ts';
import { storeFindings } from '../storage/finding-store.ts';
import type { Alert, AlertState } from './alert.ts';
import type { AlertChannel, Notification, SendResult } from '../plugin-api/channel.ts';
import type { AlertingConfig } from './config.ts';
import { OutboxDelivery, sendOnce, type Integration, type IntegrationStatus } from './delivery.ts';
import { Dispatcher, type AggregationGroup } from './dispatcher.ts';
import { Inhibitor } from './inhibit.ts';
import { matchesAll, type Matcher } from './labels.ts';
import { nflogKey, type NflogEntry } from './nflog.ts';
import { buildNotification } from './notification.ts';
import { dedupStage, enqueueStage, muteStage, pipeline, type NotifyStage } from './pipeline.ts';
import { buildRoute, matchRoutes, type Route } from './routing.ts';
import { RuleEvaluator } from './rules.ts';
import { RunWatcher, type FinishedRun } from './run-watcher.ts';
import { Silences, silenceState, type Silence } from './silences.ts';
import { AlertingStore } from '../storage/alert-store.ts';

export interface AlertManagerOptions {
  storage: Storage;
  config: AlertingConfig;
  channels: Map<string, AlertChannel<unknown>>;
  log: Logger;
  /** Base URL for links in messages (a function when it is known only once the server listens). */
  externalUrl: string | (() => string);
  clock?: () => number;
  random?: () => number;
  /** Configured stage names (bounds the scan of finished runs). */
  stages?: () => string[];
}

export interface AlertView {
  fingerprint: string;
  state: AlertState;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  activeAt: string;
  firedAt: string | null;
  resolvedAt: string | null;
  lastSeenAt: string;
  stage: string | null;
  runId: number | null;
  receivers: string[];
  silencedBy: string[];
  inhibitedBy: string[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
/** Resolved alerts younger than this are re-grouped after a restart, so their message is not lost. */
const regroupResolvedMs = 3_600_000;

export class AlertManager {
  readonly #o: AlertManagerOptions;
  readonly #clock: () => number;
  readonly #store: AlertingStore;
  readonly #rules: RuleEvaluator;
  readonly #route: Route;
  readonly #dispatcher: Dispatcher;
  readonly #inhibitor: Inhibitor;
  readonly #watcher: RunWatcher;
  readonly #integrations = new Map<string, Integration>();
  readonly #delivery: OutboxDelivery;
  readonly #stopping = new AbortController();
  #silences = new Silences();
  #nflog = new Map<string, NflogEntry>();
  #flush: NotifyStage;
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<void> | null = null;
  /** Runs handed over by the stage host since the last cycle. */
  #handedOver: FinishedRun[] = [];
  /** Whether the runs stored before this start (past the watermarks) have been read back. */
  #recovered = false;
  #again = false;

  constructor(opts: AlertManagerOptions) {
    this.#o = opts;
    this.#clock = opts.clock ?? Date.now;
    const cfg = opts.config;
    this.#store = new AlertingStore(opts.storage);
    this.#rules = new RuleEvaluator(cfg.rules, { resolvedRetentionMs: cfg.resolved_retention });
    const first = cfg.receivers[0]?.name ?? '';
    this.#route = buildRoute(cfg.route ?? { receiver: first, matchers: [], continue: false, routes: [] });
    this.#dispatcher = new Dispatcher(this.#route);
    this.#inhibitor = new Inhibitor(cfg.inhibit_rules);
    this.#watcher = new RunWatcher(opts.storage, opts.stages);
    for (const r of cfg.receivers) {
      for (const i of r.integrations) this.#integrations.set(i.id, { config: i, channel: opts.channels.get(i.channel)! });
    }
    this.#delivery = new OutboxDelivery({
      store: this.#store,
      integrations: this.#integrations,
      backoff: { initialMs: cfg.delivery.backoff_initial, maxMs: cfg.delivery.backoff_max },
      timeoutMs: cfg.delivery.timeout,
      log: opts.log,
      clock: this.#clock,
      random: opts.random,
      stop: this.#stopping.signal,
      onPermanentFailure: (s, entry) => this.#reportBrokenIntegration(s, entry.id),
    });
    this.#flush = pipeline(
      muteStage((a, now) => this.#mutedBy(a, now).length > 0),
      dedupStage((integration, groupKey) => this.#nflog.get(nflogKey(integration, groupKey))),
      enqueueStage({
        build: (ctx, alerts) => {
          const group = this.#dispatcher.groups().find((g) => g.key === ctx.groupKey);
          return buildNotification(ctx.integration.receiver, ctx.groupKey, group?.labels ?? {}, alerts, this.#externalUrl());
        },
        record: async (integration, groupKey, entry, notification, now) => {
          await this.#store.recordAndEnqueue(integration, groupKey, entry, notification, now);
          this.#nflog.set(nflogKey(integration, groupKey), entry);
        },
      }),
    );
  }

  /** The manager's clock (epoch ms): silences given as a duration start here. */
  now(): number {
    return this.#clock();
  }

  /** Restores alert state, silences, the notification log and re-forms groups. */
  async load(): Promise<void> {
    const now = this.#clock();
    const alerts = await this.#store.loadAlerts();
    this.#rules.restore(alerts);
    this.#silences = new Silences(await this.#store.loadSilences());
    this.#nflog = await this.#store.loadNflog();
    await this.#watcher.load(await this.#store.loadWatermarks());
    this.#dispatcher.put(
      alerts.filter((a) => a.state === 'firing' || (a.state === 'resolved' && a.resolvedAt !== null && now - a.resolvedAt < regroupResolvedMs)),
      now,
    );
  }

  /** Findings reported outside a stage run, or fed directly (tests, embedding). */
  async ingest(findings: StoredFinding[]): Promise<void> {
    this.#rules.observe(findings, this.#clock());
    await this.#applyRules(new Map());
  }

  /** A stage run finished: the alerts of that stage it did not report are now absent. */
  async runFinished(stage: string, runId: number): Promise<void> {
    this.#rules.runFinished(stage, runId, this.#clock());
    await this.#applyRules(new Map());
  }

  async #applyRules(watermarks: Map<string, number>): Promise<void> {
    const now = this.#clock();
    const { changed, removed } = this.#rules.evaluate(now);
    await this.#store.saveEvaluation(changed, removed, watermarks);
    this.#watcher.commit(watermarks);
    this.#dispatcher.put(changed, now);
  }

  /** One evaluation cycle: new runs, rules, due groups, outbox. Serialized; safe to call often. */
  tick(): Promise<void> {
    if (this.#stopping.signal.aborted) return Promise.resolve();
    if (this.#ticking) {
      this.#again = true;
      return this.#ticking;
    }
    this.#ticking = (async () => {
      try {
        do {
          this.#again = false;
          await this.#cycle();
        } while (this.#again && !this.#stopping.signal.aborted);
      } finally {
        this.#ticking = null;
      }
    })();
    return this.#ticking;
  }

  /** A stage run finished and is stored: taken in at the next cycle, which starts now. */
  acceptRun(run: FinishedRun): Promise<void> {
    this.#handedOver.push(run);
    return this.tick();
  }

  async #cycle(): Promise<void> {
    const handed = this.#handedOver.splice(0);
    try {
      const recovered = this.#recovered ? [] : await this.#watcher.recover();
      const runs = this.#watcher.fresh([...recovered, ...handed]);
      for (const run of runs) {
        const now = this.#clock();
        if (run.findings.length) this.#rules.observe(run.findings, now);
        if (run.ok) this.#rules.runFinished(run.stage, run.id, now, run.scope);
      }
      await this.#applyRules(this.#watcher.watermarks(runs));
      this.#recovered = true;
    } catch (e) {
      // Not committed: the runs are taken in again by the next cycle (as a re-read would).
      this.#handedOver.unshift(...handed);
      throw e;
    }
    await this.flushDue();
    await this.#delivery.drain();
  }

  /** Flushes every group whose timer expired: mute → dedup → enqueue, per integration. */
  async flushDue(): Promise<void> {
    const now = this.#clock();
    for (const group of this.#dispatcher.due(now)) await this.#flushGroup(group, now);
  }

  async #flushGroup(group: AggregationGroup, now: number): Promise<void> {
    const alerts = [...group.alerts.values()];
    const receiver = this.#o.config.receivers.find((r) => r.name === group.route.receiver);
    for (const integration of receiver?.integrations ?? []) {
      try {
        await this.#flush({ now, groupKey: group.key, integration, repeatIntervalMs: group.route.repeatInterval }, alerts);
      } catch (e) {
        this.#o.log.error('alert group flush failed', { group: group.key, integration: integration.id, error: (e as Error).message });
      }
    }
    this.#dispatcher.flushed(group, alerts, now);
  }

  /** Drains the outbox now (used by tests and after a channel comes back). */
  deliver(): Promise<number> {
    return this.#delivery.drain();
  }

  start(intervalMs = this.#o.config.evaluation_interval): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.tick().catch((e: Error) => this.#o.log.error('alerting cycle failed', { error: e.message }));
    }, Math.max(10, intervalMs));
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#stopping.abort();
    await this.#ticking?.catch(() => undefined);
  }

  #externalUrl(): string {
    const u = this.#o.externalUrl;
    return typeof u === 'function' ? u() : u;
  }

  #mutedBy(a: Alert, now: number): string[] {
    return [...this.#silences.mutedBy(a.labels, now), ...this.#inhibitor.inhibitedBy(a.labels, a.fingerprint, this.#firing())];
  }

  #firing(): Alert[] {
    return this.#rules.all().filter((a) => a.state === 'firing');
  }

  alerts(filter: { states?: AlertState[]; matchers?: Matcher[] } = {}): AlertView[] {
    const now = this.#clock();
    const firing = this.#firing();
    return this.#rules
      .all()
      .filter((a) => (!filter.states?.length || filter.states.includes(a.state)) && matchesAll(filter.matchers ?? [], a.labels))
      .sort((a, b) => b.activeAt - a.activeAt)
      .map((a) => ({
        fingerprint: a.fingerprint,
        state: a.state,
        labels: a.labels,
        annotations: a.annotations,
        activeAt: iso(a.activeAt)!,
        firedAt: iso(a.firedAt),
        resolvedAt: iso(a.resolvedAt),
        lastSeenAt: iso(a.lastSeenAt)!,
        stage: a.stage,
        runId: a.runId,
        receivers: [...new Set(matchRoutes(this.#route, a.labels).map((r) => r.receiver))].filter(Boolean),
        silencedBy: this.#silences.mutedBy(a.labels, now),
        inhibitedBy: this.#inhibitor.inhibitedBy(a.labels, a.fingerprint, firing),
      }));
  }

  groups() {
    return this.#dispatcher.groups().map((g) => ({
      key: g.key,
      receiver: g.route.receiver,
      labels: g.labels,
      alerts: [...g.alerts.values()].map((a) => ({ fingerprint: a.fingerprint, state: a.state, alertname: a.labels.alertname })),
      nextFlushAt: iso(g.nextFlushAt),
    }));
  }

  silences(): (Silence & { state: string })[] {
    const now = this.#clock();
    return this.#silences.list().map((s) => ({ ...s, state: silenceState(s, now) }));
  }

  async createSilence(input: { matchers: Matcher[]; startsAt?: number; endsAt: number; createdBy: string; comment: string }): Promise<Silence> {
    const s = this.#silences.create(input, this.#clock());
    await this.#store.saveSilence(s);
    return s;
  }

  async expireSilence(id: string): Promise<Silence | undefined> {
    const s = this.#silences.expire(id, this.#clock());
    if (s) await this.#store.saveSilence(s);
    return s;
  }

  integrations(): IntegrationStatus[] {
    return this.#delivery.status();
  }

  async status() {
    const counts: Record<string, number> = { pending: 0, firing: 0, resolved: 0 };
    for (const a of this.#rules.all()) counts[a.state] = (counts[a.state] ?? 0) + 1;
    return {
      alerts: counts,
      groups: this.#dispatcher.groups().length,
      silences: this.silences().filter((s) => s.state === 'active').length,
      outbox: await this.#store.outboxCounts(),
      integrations: this.integrations(),
    };
  }

  outbox(opts: Parameters<AlertingStore['outbox']>[0]) {
    return this.#store.outbox(opts);
  }

  /** Problems that retrying will not fix, for /readyz. */
  problems(): string[] {
    return this.integrations()
      .filter((s) => s.state === 'failed')
      .map((s) => `${s.id}: ${s.lastError}`);
  }

  /** Sends a test message through every integration of a receiver (or one integration id). */
  async testChannel(name: string): Promise<{ integration: string; result: SendResult }[] | null> {
    const targets = [...this.#integrations.values()].filter((i) => i.config.receiver === name || i.config.id === name);
    if (!targets.length) return null;
    const now = this.#clock();
    const base = this.#externalUrl();
    const out: { integration: string; result: SendResult }[] = [];
    for (const t of targets) {
      const n: Notification = {
        receiver: t.config.receiver,
        status: 'firing',
        groupKey: 'test',
        groupLabels: {},
        commonLabels: { alertname: 'SidewatchTest' },
        externalUrl: base,
        test: true,
        alerts: [
          {
            fingerprint: 'test',
            status: 'firing',
            alertname: 'SidewatchTest',
            severity: 'info',
            summary: `test message from Sidewatch for ${t.config.id}`,
            where: {},
            labels: { alertname: 'SidewatchTest', severity: 'info' },
            annotations: {},
            startsAt: new Date(now).toISOString(),
            endsAt: null,
            dashboardUrl: `${base}/`,
            runUrl: null,
          },
        ],
      };
      out.push({ integration: t.config.id, result: await sendOnce(t, n, this.#o.log, this.#o.config.delivery.timeout) });
    }
    return out;
  }

  async #reportBrokenIntegration(s: IntegrationStatus, outboxId: number): Promise<void> {
    try {
      await storeFindings(this.#o.storage, 'alerting', null, this.#clock(), [
        {
          kind: 'alerting.channel_failed',
          severity: 'critical',
          summary: `alert channel ${s.channel} of receiver ${s.receiver} rejects notifications: ${s.lastError}`,
          labels: { receiver: s.receiver, channel: s.channel, integration: s.id },
          details: { outbox_id: outboxId, error: s.lastError },
        },
      ]);
    } catch (e) {
      this.#o.log.error('could not record a channel failure finding', { error: (e as Error).message });
    }
  }
}
