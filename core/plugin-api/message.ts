// Wording shared by every channel, so Slack, email and webhooks describe an alert the same way:
// what is wrong, where, since when, how bad, and where to look.
import type { Notification, NotificationAlert } from './channel.ts';

const severityMark: Record<string, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

export function notificationTitle(n: Notification): string {
  const firing = n.alerts.filter((a) => a.status === 'firing').length;
  const resolved = n.alerts.length - firing;
  const name = n.commonLabels.alertname ?? n.alerts[0]?.alertname ?? 'alert';
  const where = whereText(n.commonLabels);
  const prefix = n.test ? '[TEST] ' : '';
  if (n.status === 'resolved') return `${prefix}[RESOLVED] ${name}${where ? ` on ${where}` : ''}${resolved > 1 ? ` (${resolved} alerts)` : ''}`;
  return `${prefix}[FIRING:${firing}] ${name}${where ? ` on ${where}` : ''}${resolved ? ` (${resolved} resolved)` : ''}`;
}

export function whereText(labels: Record<string, string>): string {
  return ['model', 'feature', 'service', 'segment', 'source', 'metric']
    .filter((k) => labels[k])
    .map((k) => `${k} ${labels[k]}`)
    .join(', ');
}

export function severityIcon(severity: string): string {
  return severityMark[severity] ?? '⚪';
}

/** One alert as plain text lines (text fallbacks, email text parts). */
export function alertLines(a: NotificationAlert): string[] {
  const where = Object.entries(a.where).map(([k, v]) => `${k}=${v}`).join(' ');
  const lines = [
    `${a.status === 'firing' ? 'FIRING' : 'RESOLVED'} ${a.severity.toUpperCase()}: ${a.summary}`,
    where ? `  where: ${where}` : '',
    `  since: ${a.startsAt}${a.endsAt ? `  resolved: ${a.endsAt}` : ''}`,
    a.description ? `  ${a.description}` : '',
    `  dashboard: ${a.dashboardUrl}`,
    a.runUrl ? `  found by: ${a.runUrl}` : '',
  ];
  return lines.filter((l) => l !== '');
}

export function notificationText(n: Notification): string {
  return [notificationTitle(n), '', ...n.alerts.flatMap((a) => [...alertLines(a), ''])].join('\n').trimEnd() + '\n';
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
