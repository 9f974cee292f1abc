// CloudEvents over HTTP in its three modes (binary: `ce-*` headers and the payload as body;
// structured: one event as JSON; batched: a JSON array of events) → events, or a BatchRejected
// naming what is wrong. The SDK validates each event against the spec; the required attributes
// are checked here first because the SDK would invent a missing id and say only "no cloud event
// detected" for missing headers.
import type { CloudEvent } from 'cloudevents';
import { BatchRejected } from '../ingest/errors.ts';
import { decodeText } from '../ingest/body.ts';

const required = ['id', 'source', 'type', 'specversion'] as const;
export const maxEventsPerBatch = 10_000;

export type AnyEvent = CloudEvent<unknown>;

type Sdk = typeof import('cloudevents');
let sdk: Sdk | null = null;

/** The SDK (and its JSON-schema validator) is loaded on the first event, not at daemon start. */
export async function decodeCloudEvents(headers: Record<string, string>, body: Uint8Array): Promise<AnyEvent[]> {
  sdk ??= await import('cloudevents');
  const { CloudEvent, HTTP } = sdk;
  const type = (headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/cloudevents-batch+json')) {
    const arr = parseJson(decodeText(body), 'the batch');
    if (!Array.isArray(arr)) throw new BatchRejected('a batched CloudEvents body must be a JSON array of events');
    if (arr.length === 0) throw new BatchRejected('the batch is empty');
    if (arr.length > maxEventsPerBatch) throw new BatchRejected(`the batch has ${arr.length} events; the limit is ${maxEventsPerBatch}`, [], 413);
    return arr.map((e, i) => structured(CloudEvent, e, `event ${i}`));
  }
  if (type.startsWith('application/cloudevents+json')) return [structured(CloudEvent, parseJson(decodeText(body), 'the event'), 'the event')];
  const missing = required.filter((a) => !headers[`ce-${a}`]);
  if (missing.length) {
    throw new BatchRejected(
      `not a CloudEvent: missing header(s) ${missing.map((a) => `ce-${a}`).join(', ')} (binary mode), or send content type application/cloudevents+json (structured) or application/cloudevents-batch+json (batched)`,
    );
  }
  try {
    return [HTTP.toEvent({ headers, body: Buffer.from(body) }) as AnyEvent];
  } catch (e) {
    throw new BatchRejected(`invalid CloudEvent ${headers['ce-id']}: ${reason(e)}`);
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BatchRejected(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

function structured(CloudEvent: Sdk['CloudEvent'], e: unknown, where: string): AnyEvent {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new BatchRejected(`${where} must be a JSON object`);
  const o = e as Record<string, unknown>;
  const missing = required.filter((a) => typeof o[a] !== 'string' || o[a] === '');
  if (missing.length) throw new BatchRejected(`${where}: missing attribute(s) ${missing.join(', ')}`);
  try {
    return new CloudEvent(o, true);
  } catch (err) {
    throw new BatchRejected(`${where} (${o.id}): ${reason(err)}`);
  }
}

function reason(e: unknown): string {
  const err = e as { message?: string; errors?: { instancePath?: string; message?: string }[] };
  const detail = err.errors?.map((x) => `${x.instancePath || ''} ${x.message ?? ''}`.trim()).join('; ');
  return detail ? `${err.message}: ${detail}` : (err.message ?? String(e));
}

/** The event's payload as JSON: the SDK parses JSON data already; bytes or text are parsed here. */
export function eventPayload(ev: AnyEvent): unknown {
  let d: unknown = ev.data;
  if (d === undefined && typeof ev.data_base64 === 'string') d = Buffer.from(ev.data_base64, 'base64');
  if (d instanceof Uint8Array) d = decodeText(d);
  if (typeof d === 'string') {
    try {
      return JSON.parse(d);
    } catch (e) {
      throw new BatchRejected(`event ${ev.id}: the payload is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (d === undefined || d === null) throw new BatchRejected(`event ${ev.id} has no payload`);
  return d;
}
