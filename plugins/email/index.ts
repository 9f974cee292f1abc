// Sends alerts by email through SMTP (nodemailer), as plain text with an HTML alternative.
// Connection problems and 4xx replies are retryable; 5xx replies and bad credentials are not.
import { alertLines, defineChannel, escapeHtml, notificationText, notificationTitle, z, type Notification, type SendResult } from '../../core/plugin-api/index.ts';

const address = z.string().min(3).regex(/@/, 'not an email address');

const configSchema = z
  .object({
    /** One address or a list. */
    to: z.union([address, z.array(address).min(1)]),
    from: address.default('sidewatch@localhost'),
    host: z.string().min(1),
    port: z.coerce.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465). With false, STARTTLS is used when offered. */
    secure: z.boolean().default(false),
    /** Never use STARTTLS, even when offered (plain SMTP on a trusted network). */
    ignoreTLS: z.boolean().default(false),
    /** Refuse to send unless STARTTLS succeeds. */
    requireTLS: z.boolean().default(false),
    auth: z.object({ user: z.string().min(1), pass: z.string().min(1) }).strict().optional(),
    tls: z
      .object({
        rejectUnauthorized: z.boolean().default(true),
        servername: z.string().optional(),
        minVersion: z.enum(['TLSv1.2', 'TLSv1.3']).optional(),
      })
      .strict()
      .optional(),
    subject_prefix: z.string().default('[sidewatch] '),
  })
  .strict();

type EmailConfig = z.infer<typeof configSchema>;

function html(n: Notification): string {
  const rows = n.alerts
    .map((a) => {
      const [head, ...rest] = alertLines(a);
      const color = a.status === 'resolved' ? '#2e7d32' : a.severity === 'critical' ? '#c62828' : a.severity === 'warning' ? '#ef6c00' : '#1565c0';
      const links = `<a href="${escapeHtml(a.dashboardUrl)}">Dashboard</a>${a.runUrl ? ` · <a href="${escapeHtml(a.runUrl)}">Run that found it</a>` : ''}`;
      const detail = rest.filter((l) => !/^\s+(dashboard|found by):/.test(l)).map((l) => escapeHtml(l.trim())).join('<br>');
      return `<tr><td style="border-left:4px solid ${color};padding:8px 12px"><strong>${escapeHtml(head!)}</strong><br>${detail}<br>${links}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html><html><body style="font-family:sans-serif"><h2>${escapeHtml(notificationTitle(n))}</h2><table cellspacing="0" cellpadding="0">${rows}</table></body></html>`;
}

function classify(e: { code?: string; responseCode?: number; message: string }): SendResult {
  if (e.code === 'EAUTH') return { ok: false, error: `smtp authentication failed: ${e.message}`, retryable: false };
  if (e.responseCode !== undefined) {
    return { ok: false, error: `smtp server answered ${e.responseCode}: ${e.message}`, retryable: e.responseCode < 500 };
  }
  if (e.code === 'EENVELOPE') return { ok: false, error: `smtp envelope refused: ${e.message}`, retryable: false };
  return { ok: false, error: `smtp unreachable: ${e.message}`, retryable: true };
}

export async function sendEmail(n: Notification, cfg: EmailConfig, timeoutMs: number): Promise<SendResult> {
  // Loaded with the first message, not at start-up.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    ignoreTLS: cfg.ignoreTLS,
    requireTLS: cfg.requireTLS,
    auth: cfg.auth,
    tls: cfg.tls,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: cfg.from,
      to: cfg.to,
      subject: `${cfg.subject_prefix}${notificationTitle(n)}`,
      text: notificationText(n),
      html: html(n),
    });
    return { ok: true, id: info.messageId };
  } catch (e) {
    return classify(e as { code?: string; responseCode?: number; message: string });
  } finally {
    transport.close();
  }
}

export default defineChannel({
  name: 'email',
  description: 'Email through SMTP (nodemailer), text and HTML',
  configSchema,
  send: (n, ctx) => sendEmail(n, ctx.config, ctx.timeoutMs),
});
