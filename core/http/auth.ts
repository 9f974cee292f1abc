// Bearer tokens: the write token guards ingest and admin endpoints; reads need the read token
// (or the write token) when one is configured. Comparison is constant-time.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { jsonError } from './errors.ts';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export function tokenMatches(given: string | undefined, expected: string | undefined): boolean {
  if (!expected || !given) return false;
  // Hashing first gives equal lengths, so timingSafeEqual never leaks the token's length.
  return timingSafeEqual(digest(given), digest(expected));
}

function bearer(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m?.[1];
}

export function requireWrite(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!token) return next();
    if (!tokenMatches(bearer(c.req.header('authorization')), token)) {
      c.header('WWW-Authenticate', 'Bearer realm="sidewatch"');
      return jsonError(c, 401, 'a valid bearer token is required for this endpoint');
    }
    return next();
  };
}

export function requireRead(readToken: string | undefined, writeToken: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!readToken) return next();
    const given = bearer(c.req.header('authorization')) ?? c.req.query('token');
    if (!tokenMatches(given, readToken) && !tokenMatches(given, writeToken)) {
      c.header('WWW-Authenticate', 'Bearer realm="sidewatch"');
      return jsonError(c, 401, 'a valid read token is required for this endpoint');
    }
    return next();
  };
}
