// /v1 routes of the alert manager: alerts, groups, status, silences, channel tests.
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import { timeParam } from '../plugin-api/query-params.ts';
import type { AlertState } from './alert.ts';
import { matcherFromObject, parseMatcher, type Matcher } from './labels.ts';
import type { AlertManager } from './manager.ts';
import { parseDuration } from '../plugin-api/index.ts';

const states: AlertState[] = ['pending', 'firing', 'resolved'];

function parseMatchers(list: unknown[], where: string): Matcher[] {
  return list.map((m, i) => {
    try {
      if (typeof m === 'string') return parseMatcher(m);
      const o = z.object({ name: z.string().min(1), value: z.string(), isRegex: z.boolean().optional(), isEqual: z.boolean().optional() }).parse(m);
      return matcherFromObject(o);
    } catch (e) {
      const msg = e instanceof z.ZodError ? 'expected "name=value" or {name, value, isRegex, isEqual}' : (e as Error).message;
      throw new ApiError(400, `${where}[${i}]: ${msg}`);
    }
  });
}

const silenceBody = z
  .object({
    matchers: z.array(z.unknown()).min(1),
    startsAt: z.union([z.string(), z.number()]).optional(),
    endsAt: z.union([z.string(), z.number()]).optional(),
    /** Alternative to endsAt: `2h`, `30m`. */
    duration: z.string().optional(),
    createdBy: z.string().min(1),
    comment: z.string().min(1),
  })
  .strict();

function time(v: string | number | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const d = timeParam(String(v), name);
  return d?.getTime();
}

export function alertingRoutes(getManager: () => AlertManager | null): Hono {
  const app = new Hono();
  const manager = () => {
    const m = getManager();
    if (!m) throw new ApiError(503, 'alerting is disabled (alerting.enabled: false)');
    return m;
  };

  app.get('/v1/alerts', (c) => {
    const stateParam = c.req.query('state');
    const wanted = stateParam ? stateParam.split(',').map((s) => s.trim()) : [];
    for (const s of wanted) if (!states.includes(s as AlertState)) throw new ApiError(400, `state must be one of ${states.join(', ')}; got "${s}"`);
    const matchers = parseMatchers(c.req.queries('filter') ?? [], 'filter');
    return c.json(manager().alerts({ states: wanted as AlertState[], matchers }));
  });

  app.get('/v1/alerts/groups', (c) => c.json(manager().groups()));
  app.get('/v1/alerts/status', async (c) => c.json(await manager().status()));
  app.get('/v1/alerts/outbox', async (c) => {
    const status = c.req.query('status') as 'pending' | 'delivered' | 'failed' | 'superseded' | undefined;
    if (status && !['pending', 'delivered', 'failed', 'superseded'].includes(status)) throw new ApiError(400, 'status must be pending, delivered, failed or superseded');
    return c.json(await manager().outbox({ status, limit: 200 }));
  });

  app.get('/v1/silences', (c) => c.json(manager().silences()));

  app.post('/v1/silences', async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new ApiError(400, 'body must be JSON');
    }
    const parsed = silenceBody.safeParse(raw);
    if (!parsed.success) throw new ApiError(400, 'invalid silence', { errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })) });
    const b = parsed.data;
    const matchers = parseMatchers(b.matchers, 'matchers');
    const startsAt = time(b.startsAt, 'startsAt');
    let endsAt = time(b.endsAt, 'endsAt');
    if (endsAt === undefined && b.duration) {
      try {
        endsAt = (startsAt ?? manager().now()) + parseDuration(b.duration);
      } catch (e) {
        throw new ApiError(400, `duration: ${(e as Error).message}`);
      }
    }
    if (endsAt === undefined) throw new ApiError(400, 'give endsAt or duration');
    try {
      const s = await manager().createSilence({ matchers, startsAt, endsAt, createdBy: b.createdBy, comment: b.comment });
      return c.json(s, 201);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError(400, (e as Error).message);
    }
  });

  app.delete('/v1/silences/:id', async (c) => {
    const s = await manager().expireSilence(c.req.param('id'));
    if (!s) throw new ApiError(404, `no silence with id "${c.req.param('id')}"`);
    return c.json(s);
  });

  app.post('/v1/channels/:name/test', async (c) => {
    const results = await manager().testChannel(c.req.param('name'));
    if (!results) throw new ApiError(404, `no receiver or integration named "${c.req.param('name')}"`);
    const ok = results.every((r) => r.result.ok);
    return c.json({ ok, results }, ok ? 200 : 502);
  });

  return app;
}
