// The parts of OTLP (logs, metrics, traces) Sidewatch reads, in the JSON mapping's shape
// (camelCase fields, 64-bit integers as strings or numbers, trace and span ids in hex). The
// protobuf decoder produces the same shape, so every converter below serves both encodings.

export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
}
export interface KeyValue {
  key: string;
  value?: AnyValue;
}
export interface Resource {
  attributes?: KeyValue[];
}

export type Nanos = string | number | undefined;

// JSON bodies are untrusted: a field may hold any type. These read a field only when it has the
// type OTLP gives it, and the converters treat anything else as absent.
export function isObject<T>(v: T): v is NonNullable<T> & object {
  return typeof v === 'object' && v !== null;
}
export const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
export const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
/** A trace or span id: hex text, else none. */
export const hexId = (v: unknown): string | null => (typeof v === 'string' && /^[0-9a-f]{1,64}$/i.test(v) && !/^0+$/.test(v) ? v.toLowerCase() : null);

/** Epoch ms from OTLP's nanoseconds (a string in JSON so no precision is lost); null when unset. */
export function nanosToMs(n: unknown): number | null {
  let ms: number;
  if (typeof n === 'string' && /^\d{1,25}$/.test(n)) ms = Number(BigInt(n) / 1_000_000n);
  else if (typeof n === 'number') ms = n / 1e6;
  else return null;
  // Beyond year 2200 or before 1970 is not a time a sender meant.
  return Number.isFinite(ms) && ms > 0 && ms < 7_258_118_400_000 ? ms : null;
}

export function anyValueText(v: AnyValue | undefined): string | null {
  if (!v || typeof v !== 'object') return null;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.boolValue === 'boolean') return String(v.boolValue);
  if (typeof v.intValue === 'string' || typeof v.intValue === 'number') return String(v.intValue);
  if (typeof v.doubleValue === 'number') return String(v.doubleValue);
  if (typeof v.bytesValue === 'string') return v.bytesValue;
  if (v.arrayValue && typeof v.arrayValue === 'object') return JSON.stringify(list<AnyValue>(v.arrayValue.values).map(anyValueJson));
  if (v.kvlistValue && typeof v.kvlistValue === 'object') return JSON.stringify(anyValueJson(v));
  return null;
}

function anyValueJson(v: AnyValue | undefined): unknown {
  if (!v || typeof v !== 'object') return null;
  if (v.arrayValue && typeof v.arrayValue === 'object') return list<AnyValue>(v.arrayValue.values).map(anyValueJson);
  if (v.kvlistValue && typeof v.kvlistValue === 'object') return Object.fromEntries(list<KeyValue>(v.kvlistValue.values).filter((kv) => kv && typeof kv.key === 'string').map((kv) => [kv.key, anyValueJson(kv.value)]));
  if (typeof v.doubleValue === 'number') return v.doubleValue;
  if (typeof v.intValue === 'string' || typeof v.intValue === 'number') return Number(v.intValue);
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  return anyValueText(v);
}

/** Attributes as text labels (nested values as JSON). */
export function attributeMap(attrs: KeyValue[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list<KeyValue>(attrs)) {
    if (!kv || typeof kv.key !== 'string') continue;
    const t = anyValueText(kv.value);
    if (t !== null) out[kv.key] = t;
  }
  return out;
}

export function serviceName(r: Resource | undefined): string | null {
  if (!r || typeof r !== 'object') return null;
  for (const kv of list<KeyValue>(r.attributes)) if (kv && kv.key === 'service.name') return anyValueText(kv.value);
  return null;
}
