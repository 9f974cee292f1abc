// Query parameters of read routes, refused with a clear 400 naming the parameter. Shared by core
// routes and the routes plugins serve; values only ever reach SQL as bound parameters.
import { RouteError } from './route-error.ts';
import { parseDuration } from './duration.ts';

export function timeParam(v: string | undefined, name: string): Date | undefined {
  if (v === undefined || v === '') return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) throw new RouteError(400, `query parameter ${name} must be ISO-8601 or epoch milliseconds, got "${v.slice(0, 40)}"`);
  return new Date(ms);
}

export function intParam(v: string | undefined, name: string, def: number, min: number, max: number): number {
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new RouteError(400, `query parameter ${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** `limit`, `since` and `until` of a history listing (newest first, at most 10,000). */
export function historyParams(query: (name: string) => string | undefined): { limit: number; since?: Date; until?: Date } {
  return { limit: intParam(query('limit'), 'limit', 100, 1, 10_000), since: timeParam(query('since'), 'since'), until: timeParam(query('until'), 'until') };
}

/**
 * The window a route computes over: `since`/`until` when given, else the `window` duration
 * (default `defaultWindow`) ending at `until` or just after `now`.
 */
export function windowParams(query: (name: string) => string | undefined, now: Date, defaultWindow = '24h'): { since: Date; until: Date } {
  const until = timeParam(query('until'), 'until') ?? new Date(now.getTime() + 1);
  const since = timeParam(query('since'), 'since');
  if (since) return { since, until };
  let ms: number;
  try {
    ms = parseDuration(query('window') || defaultWindow);
  } catch (e) {
    throw new RouteError(400, `query parameter window: ${(e as Error).message}`);
  }
  return { since: new Date(until.getTime() - ms), until };
}

/** OpenAPI pieces for plugin routes: the `{model}` path parameter, history query, a JSON answer. */
export const openapiParts = {
  model: { name: 'model', in: 'path', required: true, schema: { type: 'string' } },
  history: [
    { name: 'limit', in: 'query', description: 'most results to return (newest first)', schema: { type: 'integer', default: 100 } },
    { name: 'since', in: 'query', description: 'ISO-8601 or epoch ms', schema: { type: 'string' } },
    { name: 'until', in: 'query', description: 'ISO-8601 or epoch ms', schema: { type: 'string' } },
  ],
  json: (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } }),
  query: (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({ name, in: 'query', description, schema }),
  error: { $ref: '#/components/schemas/Error' },
};
