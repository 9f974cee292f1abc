// OTLP/HTTP request bodies → the JSON mapping's shape the converters in lib/otlp read. Protobuf
// is decoded by the protobufjs code OpenTelemetry JS generates from the official protos (shipped in
// @opentelemetry/otlp-transformer); bytes fields come out as hex ids like the JSON mapping's.
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { BatchRejected } from '../ingest/errors.ts';
import { decodeText } from '../ingest/body.ts';

export type OtlpSignal = 'logs' | 'metrics' | 'traces';

interface ProtoMessage {
  decode(bytes: Uint8Array): unknown;
  toObject(m: unknown, o: Record<string, unknown>): unknown;
  encode(m: unknown): { finish(): Uint8Array };
  fromObject(o: unknown): unknown;
}
interface ProtoRoot {
  opentelemetry: { proto: { collector: Record<OtlpSignal | 'trace', { v1: Record<string, ProtoMessage> }> } };
}

let root: ProtoRoot | null = null;
function protos(): ProtoRoot {
  // Loaded on first use: the generated module is large and only protobuf senders need it.
  root ??= createRequire(import.meta.url)('@opentelemetry/otlp-transformer/build/src/generated/root.js') as ProtoRoot;
  return root;
}

const messages: Record<OtlpSignal, [pkg: 'logs' | 'metrics' | 'trace', request: string, response: string]> = {
  logs: ['logs', 'ExportLogsServiceRequest', 'ExportLogsServiceResponse'],
  metrics: ['metrics', 'ExportMetricsServiceRequest', 'ExportMetricsServiceResponse'],
  traces: ['trace', 'ExportTraceServiceRequest', 'ExportTraceServiceResponse'],
};

export function isProtobuf(contentType: string | undefined): boolean {
  return !!contentType && /^application\/(x-)?protobuf/i.test(contentType);
}

/** The body's bytes, gunzipped when the sender compressed them, never more than `maxBytes`. */
export function inflate(body: Uint8Array, encoding: string | undefined, maxBytes: number): Uint8Array {
  const e = (encoding ?? '').toLowerCase().trim();
  if (e === '' || e === 'identity') return body;
  if (e !== 'gzip') throw new BatchRejected(`unsupported content encoding "${encoding}": send gzip or none`, [], 415);
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (err) {
    const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new BatchRejected(tooBig ? `the gunzipped body is larger than ${maxBytes} bytes` : `the body is not valid gzip: ${(err as Error).message}`, [], tooBig ? 413 : 400);
  }
}

export function decodeOtlp(signal: OtlpSignal, contentType: string | undefined, body: Uint8Array): Record<string, unknown> {
  if (isProtobuf(contentType)) {
    const [pkg, request] = messages[signal];
    const type = protos().opentelemetry.proto.collector[pkg].v1[request];
    let msg: unknown;
    try {
      msg = type.decode(body);
    } catch (e) {
      throw new BatchRejected(`the body is not a valid OTLP ${signal} protobuf message: ${(e as Error).message}`);
    }
    return hexIds(type.toObject(msg, { longs: String, enums: Number, bytes: Array, defaults: false })) as Record<string, unknown>;
  }
  if (contentType && !/json/i.test(contentType)) {
    throw new BatchRejected(`unsupported content type "${contentType}": send application/x-protobuf or application/json`, [], 415);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeText(body));
  } catch (e) {
    if (e instanceof BatchRejected) throw e;
    throw new BatchRejected(`the body is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BatchRejected(`an OTLP ${signal} body must be a JSON object`);
  return parsed as Record<string, unknown>;
}

/** The encoded answer OTLP expects for protobuf senders; JSON senders get the same object as JSON. */
export function encodeResponse(signal: OtlpSignal, answer: Record<string, unknown>): Uint8Array {
  const [pkg, , response] = messages[signal];
  const type = protos().opentelemetry.proto.collector[pkg].v1[response];
  return type.encode(type.fromObject(answer)).finish();
}

const idFields = new Set(['traceId', 'spanId', 'parentSpanId']);

/** Bytes fields decoded as byte arrays → lower-case hex, as the JSON mapping writes trace and span ids. */
function hexIds(v: unknown, key?: string): unknown {
  if (Array.isArray(v)) {
    if (key && idFields.has(key)) return Buffer.from(v as number[]).toString('hex');
    if (key === 'bytesValue') return Buffer.from(v as number[]).toString('base64');
    return v.map((x) => hexIds(x));
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = hexIds(x, k);
    return out;
  }
  return v;
}
