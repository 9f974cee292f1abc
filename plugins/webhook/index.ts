// POSTs each notification as JSON to a URL. With a secret, the body is signed with HMAC-SHA256
// in `X-Sidewatch-Signature: sha256=<hex>` so the receiver can check it came from us.
import { createHmac } from 'node:crypto';
import { defineChannel, notificationTitle, z, type Notification, type SendResult } from '../../core/plugin-api/index.ts';

const configSchema = z
  .object({
    url: z.string().url(),
    /** Shared secret for the signature header; usually `${WEBHOOK_SECRET}`. */
    secret: z.string().min(8).optional(),
    headers: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function postWebhook(n: Notification, cfg: z.infer<typeof configSchema>, signal: AbortSignal): Promise<SendResult> {
  const body = JSON.stringify({ version: '1', title: notificationTitle(n), ...n });
  const headers: Record<string, string> = { ...cfg.headers, 'content-type': 'application/json', 'user-agent': 'sidewatch' };
  if (cfg.secret) headers['x-sidewatch-signature'] = signature(cfg.secret, body);
  let res: Response;
  try {
    res = await fetch(cfg.url, { method: 'POST', body, headers, signal });
  } catch (e) {
    return { ok: false, error: `webhook unreachable: ${(e as Error).message}`, retryable: true };
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.ok) return { ok: true };
  const retryAfter = Number(res.headers.get('retry-after'));
  const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
  return { ok: false, error: `webhook answered HTTP ${res.status}`, retryable, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
}

export default defineChannel({
  name: 'webhook',
  description: 'JSON POST to a URL, optionally signed with HMAC-SHA256',
  configSchema,
  send: (n, ctx) => postWebhook(n, ctx.config, ctx.signal),
});
