// Posts alerts to a Slack channel with chat.postMessage: Block Kit for people, a text fallback
// for notifications and screen readers. The outbox does the retrying, so the client's own
// retries are off; a rate limit (429) comes back as retryable with Slack's Retry-After.
import type { KnownBlock } from '@slack/web-api';
import { alertLines, defineChannel, notificationText, notificationTitle, severityIcon, z, type Notification, type SendResult } from '../../core/plugin-api/index.ts';

const configSchema = z
  .object({
    /** Bot token (xoxb-…), usually `${SLACK_BOT_TOKEN}`. */
    token: z.string().min(1),
    /** Channel id or name, e.g. `#ml-alerts`. */
    channel: z.string().min(1),
    /** Slack Web API base URL; change it only for a proxy or a test server. */
    api_url: z.string().url().default('https://slack.com/api/'),
    username: z.string().optional(),
    icon_emoji: z.string().optional(),
    /** Alerts shown in full in one message; the rest are counted. */
    max_alerts: z.number().int().positive().default(10),
  })
  .strict();

type SlackConfig = z.infer<typeof configSchema>;

/** Slack errors that a later attempt may get past. */
const retryablePlatformErrors = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Slack reads `&`, `<` and `>` as markup in text (`<url|label>`), so they are sent escaped:
 *  a summary like "p=0.003 < 0.05" must not open a link. */
export function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function blocks(n: Notification, max: number): KnownBlock[] {
  const out: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: notificationTitle(n).slice(0, 150), emoji: true } }];
  for (const a of n.alerts.slice(0, max)) {
    const [head, ...rest] = alertLines(a);
    out.push({ type: 'section', text: { type: 'mrkdwn', text: `${severityIcon(a.status === 'resolved' ? 'resolved' : a.severity)} *${slackEscape(head!)}*\n${slackEscape(rest.join('\n'))}`.slice(0, 3000) } });
  }
  if (n.alerts.length > max) out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${n.alerts.length - max} more` }] });
  const first = n.alerts[0];
  if (first) {
    const links = [`<${slackEscape(first.dashboardUrl)}|Dashboard>`, first.runUrl ? `<${slackEscape(first.runUrl)}|Run that found it>` : ''].filter(Boolean).join(' · ');
    out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: links }] });
  }
  return out;
}

export async function postToSlack(n: Notification, cfg: SlackConfig, timeoutMs: number): Promise<SendResult> {
  // Loaded with the first message, not at start-up: most daemons never send one to Slack.
  const { WebClient, ErrorCode } = await import('@slack/web-api');
  const client = new WebClient(cfg.token, {
    slackApiUrl: cfg.api_url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
  });
  try {
    const res = await client.chat.postMessage({
      channel: cfg.channel,
      text: slackEscape(notificationText(n)).slice(0, 3900),
      blocks: blocks(n, cfg.max_alerts),
      username: cfg.username,
      icon_emoji: cfg.icon_emoji,
      unfurl_links: false,
    });
    return { ok: true, id: res.ts };
  } catch (e) {
    const err = e as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message: string };
    switch (err.code) {
      case ErrorCode.RateLimitedError:
        return { ok: false, error: `slack rate limit; retry after ${err.retryAfter ?? '?'} s`, retryable: true, retryAfterMs: (err.retryAfter ?? 1) * 1000 };
      case ErrorCode.PlatformError: {
        const code = err.data?.error ?? 'unknown_error';
        return { ok: false, error: `slack refused the message: ${code}`, retryable: retryablePlatformErrors.has(code) };
      }
      case ErrorCode.HTTPError:
        return { ok: false, error: `slack answered HTTP ${err.statusCode}`, retryable: (err.statusCode ?? 500) >= 500 || err.statusCode === 408 };
      default:
        return { ok: false, error: `slack unreachable: ${err.message}`, retryable: true };
    }
  }
}

export default defineChannel({
  name: 'slack',
  description: 'Slack messages through chat.postMessage (Block Kit with a text fallback)',
  configSchema,
  send: (n, ctx) => postToSlack(n, ctx.config, ctx.timeoutMs),
});
