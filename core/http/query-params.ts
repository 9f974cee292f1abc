// Parsing of common query parameters with clear 400s; values only ever reach SQL as parameters.
import { ApiError } from './errors.ts';

export function timeParam(v: string | undefined, name: string): Date | undefined {
  if (v === undefined || v === '') return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) throw new ApiError(400, `query parameter ${name} must be ISO-8601 or epoch milliseconds, got "${v.slice(0, 40)}"`);
  return new Date(ms);
}

export function intParam(v: string | undefined, name: string, def: number, min: number, max: number): number {
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new ApiError(400, `query parameter ${name} must be an integer from ${min} to ${max}`);
  return n;
}
