// One JSON error shape for every endpoint: {"error": code, "message": text, "errors"?: [...]}.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BatchRejected } from '../ingest/errors.ts';
import { RouteError } from '../plugin-api/route-error.ts';
import { StorageUnavailable } from '../storage/write-health.ts';

const codes: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  507: 'insufficient_storage',
  429: 'too_many_requests',
  500: 'internal',
  503: 'unavailable',
};

export function errorBody(status: number, message: string, extra: Record<string, unknown> = {}) {
  return { error: codes[status] ?? 'error', message, ...extra };
}

export function jsonError(c: Context, status: ContentfulStatusCode, message: string, extra: Record<string, unknown> = {}) {
  return c.json(errorBody(status, message, extra), status);
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function handleError(err: Error, c: Context, log: (msg: string, f: Record<string, unknown>) => void) {
  if (err instanceof StorageUnavailable) {
    c.header('Retry-After', '30');
    return jsonError(c, err.status, err.message);
  }
  if (err instanceof BatchRejected) return jsonError(c, err.status as ContentfulStatusCode, err.message, err.errors.length ? { errors: err.errors } : {});
  if (err instanceof ApiError) return jsonError(c, err.status, err.message, err.extra);
  if (err instanceof RouteError) return jsonError(c, err.status, err.message);
  if (err instanceof HTTPException) {
    const res = err.getResponse();
    return jsonError(c, res.status as ContentfulStatusCode, err.message || res.statusText);
  }
  log('request failed', { path: c.req.path, error: err.message });
  return jsonError(c, 500, 'internal error; see the daemon log');
}
