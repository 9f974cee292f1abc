// A local HTTP server that answers chat.postMessage the way Slack does, records what it got,
// and can be switched to fail (invalid_auth, 429 with Retry-After, 500, connection refused).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SlackMode = 'ok' | 'invalid_auth' | 'ratelimited' | 'down';

export interface SlackPost {
  channel: string;
  text: string;
  blocks: unknown[];
  token: string | null;
  /** When it arrived (epoch ms). */
  at: number;
}

export interface FakeSlack {
  url: string;
  mode: SlackMode;
  posts: SlackPost[];
  /** Every request, including refused ones. */
  attempts: number;
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  let ts = 1000;
  const state: Omit<FakeSlack, 'url' | 'close'> = { mode: 'ok', posts: [], attempts: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.attempts++;
      const raw = Buffer.concat(chunks).toString('utf8');
      const form: Record<string, unknown> = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
      const auth = req.headers.authorization?.replace(/^Bearer /, '') ?? (form.token as string | undefined) ?? null;
      res.setHeader('content-type', 'application/json');
      if (!req.url?.endsWith('/chat.postMessage')) return res.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
      if (state.mode === 'down') {
        res.statusCode = 500;
        return res.end('{"ok":false,"error":"internal_error"}');
      }
      if (state.mode === 'ratelimited') {
        res.statusCode = 429;
        res.setHeader('retry-after', '2');
        return res.end('{"ok":false,"error":"ratelimited"}');
      }
      if (state.mode === 'invalid_auth' || auth !== 'xoxb-test-token') return res.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
      const blocks = typeof form.blocks === 'string' ? (JSON.parse(form.blocks) as unknown[]) : ((form.blocks as unknown[]) ?? []);
      state.posts.push({ channel: String(form.channel), text: String(form.text), blocks, token: auth, at: Date.now() });
      res.end(JSON.stringify({ ok: true, channel: form.channel, ts: `${ts++}.000100` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const fake = state as FakeSlack;
  fake.url = `http://127.0.0.1:${port}/api/`;
  fake.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}
