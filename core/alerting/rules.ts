// Turns findings into alerts and moves them through pending → firing → resolved. Pure and
// clock-driven: callers report what runs saw and ask `evaluate(now)` what changed.
import type { StoredFinding } from '../stages/findings.ts';
import type { Alert } from './alert.ts';
import type { AlertRule } from './config.ts';
import { labelsFingerprint, matchesAll, type Labels } from './labels.ts';
import { renderTemplate } from './template.ts';
import { everything, inScope, type RunScope } from '../stages/run-scope.ts';

/** The rule used when none is configured: every finding is an alert named by its kind. */
function defaultRuleFor(f: StoredFinding): AlertRule {
  return { name: f.kind, matchers: [], for: 0, keep_firing_for: 0, labels: {}, annotations: {} };
}

export interface RuleChanges {
  /** Alerts whose state or content changed (to persist; firing/resolved ones also to dispatch). */
  changed: Alert[];
  /** Fingerprints of alerts that went back to inactive (never fired): to delete. */
  removed: string[];
}

export class RuleEvaluator {
  readonly #rules: AlertRule[];
  readonly #alerts = new Map<string, Alert>();
  readonly #retentionMs: number;
  #dirty = new Set<string>();
  #removed = new Set<string>();

  constructor(rules: AlertRule[], opts: { resolvedRetentionMs?: number } = {}) {
    this.#rules = rules;
    this.#retentionMs = opts.resolvedRetentionMs ?? 86_400_000;
  }

  /** Restores alerts persisted by a previous process. */
  restore(alerts: Alert[]): void {
    for (const a of alerts) this.#alerts.set(a.fingerprint, a);
  }

  get(fp: string): Alert | undefined {
    return this.#alerts.get(fp);
  }

  all(): Alert[] {
    return [...this.#alerts.values()];
  }

  #rulesFor(f: StoredFinding): AlertRule[] {
    if (this.#rules.length === 0) return [defaultRuleFor(f)];
    const subject: Labels = { ...f.labels, kind: f.kind, severity: f.severity, stage: f.stage };
    return this.#rules.filter((r) => matchesAll(r.matchers, subject));
  }

  /** Findings reported at `now` (by a stage run, or directly). */
  observe(findings: StoredFinding[], now: number): void {
    for (const f of findings) {
      for (const rule of this.#rulesFor(f)) {
        const severity = rule.severity ?? f.severity;
        const data = { labels: { ...f.labels, kind: f.kind, severity }, summary: f.summary, kind: f.kind, severity, stage: f.stage, details: f.details ?? {} };
        const labels: Labels = { ...f.labels, kind: f.kind, alertname: rule.name, severity };
        for (const [k, v] of Object.entries(rule.labels)) labels[k] = renderTemplate(v, data);
        const annotations: Record<string, string> = { summary: f.summary };
        for (const [k, v] of Object.entries(rule.annotations)) annotations[k] = renderTemplate(v, { ...data, labels });
        const fp = labelsFingerprint(labels);
        const prev = this.#alerts.get(fp);
        const live = prev && (prev.state === 'pending' || prev.state === 'firing');
        const alert: Alert = live
          ? { ...prev, annotations, stage: f.stage, runId: f.runId, findingId: f.id, lastSeenAt: now, absentSince: null, updatedAt: now }
          : { fingerprint: fp, rule: rule.name, labels, annotations, state: 'pending', stage: f.stage, runId: f.runId, findingId: f.id, activeAt: now, firedAt: null, resolvedAt: null, lastSeenAt: now, absentSince: null, updatedAt: now };
        this.#alerts.set(fp, alert);
        this.#dirty.add(fp);
        this.#removed.delete(fp);
      }
    }
  }

  /** A run of `stage` finished at `now`: its live alerts within what it looked at and did not
   *  report are now absent. */
  runFinished(stage: string, runId: number, now: number, scope: RunScope = everything): void {
    for (const a of this.#alerts.values()) {
      if (a.stage !== stage || (a.state !== 'pending' && a.state !== 'firing')) continue;
      if (a.runId !== null && a.runId >= runId) continue;
      if (!inScope(scope, a.labels)) continue;
      if (a.absentSince === null) {
        this.#alerts.set(a.fingerprint, { ...a, absentSince: now, updatedAt: now });
        this.#dirty.add(a.fingerprint);
      }
    }
  }

  #ruleNamed(name: string): AlertRule | undefined {
    return this.#rules.find((r) => r.name === name);
  }

  /** Applies `for`, `keep_firing_for` and retention at `now`; returns what changed since last call. */
  evaluate(now: number): RuleChanges {
    for (const a of [...this.#alerts.values()]) {
      const rule = this.#ruleNamed(a.rule);
      const forMs = rule?.for ?? 0;
      const keepMs = rule?.keep_firing_for ?? 0;
      if (a.state === 'pending') {
        if (a.absentSince !== null) {
          this.#alerts.delete(a.fingerprint);
          this.#dirty.delete(a.fingerprint);
          this.#removed.add(a.fingerprint);
        } else if (now - a.activeAt >= forMs) {
          this.#set({ ...a, state: 'firing', firedAt: now, updatedAt: now });
        }
      } else if (a.state === 'firing' && a.absentSince !== null && now >= a.absentSince + keepMs) {
        this.#set({ ...a, state: 'resolved', resolvedAt: now, updatedAt: now });
      } else if (a.state === 'resolved' && a.resolvedAt !== null && now - a.resolvedAt > this.#retentionMs) {
        this.#alerts.delete(a.fingerprint);
        this.#dirty.delete(a.fingerprint);
        this.#removed.add(a.fingerprint);
      }
    }
    const changed = [...this.#dirty].map((fp) => this.#alerts.get(fp)!).filter(Boolean);
    const removed = [...this.#removed];
    this.#dirty = new Set();
    this.#removed = new Set();
    return { changed, removed };
  }

  #set(a: Alert): void {
    this.#alerts.set(a.fingerprint, a);
    this.#dirty.add(a.fingerprint);
  }
}
