// A token bucket per client address; over the limit the client gets 429 with Retry-After.
import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { jsonError } from './errors.ts';

export function rateLimit(perSecond: number, burst = Math.max(1, Math.ceil(perSecond * 2))): MiddlewareHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    let addr = 'unknown';
    try {
      addr = getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      // Requests made in-process (app.request) have no socket.
    }
    const now = Date.now();
    const b = buckets.get(addr) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    if (b.tokens < 1) {
      buckets.set(addr, b);
      c.header('Retry-After', String(Math.ceil((1 - b.tokens) / perSecond)));
      return jsonError(c, 429, `rate limit of ${perSecond} requests per second exceeded`);
    }
    b.tokens -= 1;
    buckets.set(addr, b);
    if (buckets.size > 10_000) for (const k of [...buckets.keys()].slice(0, 5000)) buckets.delete(k);
    return next();
  };
}
