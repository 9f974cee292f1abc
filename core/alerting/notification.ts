// Builds what a channel receives from a group's alerts: rendered, with links to the dashboard
// and to the run that found each alert.
import type { Alert } from './alert.ts';
import type { Notification, NotificationAlert } from '../plugin-api/channel.ts';
import type { Labels } from './labels.ts';

const whereKeys = ['model', 'feature', 'service', 'segment', 'source', 'metric', 'version'];

export function dashboardUrl(base: string, labels: Labels): string {
  return labels.model ? `${base}/dashboards/model-health?model=${encodeURIComponent(labels.model)}` : `${base}/dashboards/ops-health`;
}

export function runUrl(base: string, alert: Alert): string | null {
  if (!alert.stage || alert.runId === null) return null;
  return `${base}/v1/runs?stage=${encodeURIComponent(alert.stage)}&id=${alert.runId}`;
}

export function toNotificationAlert(a: Alert, base: string): NotificationAlert {
  const where: Record<string, string> = {};
  for (const k of whereKeys) if (a.labels[k]) where[k] = a.labels[k];
  return {
    fingerprint: a.fingerprint,
    status: a.state === 'resolved' ? 'resolved' : 'firing',
    alertname: a.labels.alertname ?? a.rule,
    severity: a.labels.severity ?? 'warning',
    summary: a.annotations.summary ?? a.labels.alertname ?? a.rule,
    description: a.annotations.description,
    where,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: new Date(a.activeAt).toISOString(),
    endsAt: a.resolvedAt !== null ? new Date(a.resolvedAt).toISOString() : null,
    dashboardUrl: dashboardUrl(base, a.labels),
    runUrl: runUrl(base, a),
  };
}

function commonLabels(alerts: Alert[]): Labels {
  if (!alerts.length) return {};
  const out: Labels = { ...alerts[0]!.labels };
  for (const a of alerts.slice(1)) for (const k of Object.keys(out)) if (a.labels[k] !== out[k]) delete out[k];
  return out;
}

export function buildNotification(receiver: string, groupKey: string, groupLabels: Labels, alerts: Alert[], base: string): Notification {
  // Firing first, most severe first: the top of the message is what needs attention.
  const rank = (a: Alert) => (a.state === 'firing' ? 0 : 10) + ({ critical: 0, warning: 1, info: 2 }[a.labels.severity ?? ''] ?? 3);
  const sorted = [...alerts].sort((a, b) => rank(a) - rank(b) || a.activeAt - b.activeAt);
  return {
    receiver,
    status: sorted.some((a) => a.state === 'firing') ? 'firing' : 'resolved',
    groupKey,
    groupLabels,
    commonLabels: commonLabels(sorted),
    alerts: sorted.map((a) => toNotificationAlert(a, base)),
    externalUrl: base,
  };
}
