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

/** Epoch ms from OTLP's nanoseconds (a string in JSON so no precision is lost); null when unset. */
export function nanosToMs(n: Nanos): number | null {
  if (n === undefined || n === null || n === '' || n === 0 || n === '0') return null;
  const ms = typeof n === 'string' ? Number(BigInt(n) / 1_000_000n) : n / 1e6;
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

export function anyValueText(v: AnyValue | undefined): string | null {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return String(v.boolValue);
  if (v.intValue !== undefined) return String(v.intValue);
  if (v.doubleValue !== undefined) return String(v.doubleValue);
  if (v.bytesValue !== undefined) return v.bytesValue;
  if (v.arrayValue) return JSON.stringify((v.arrayValue.values ?? []).map(anyValueJson));
  if (v.kvlistValue) return JSON.stringify(anyValueJson(v));
  return null;
}

function anyValueJson(v: AnyValue | undefined): unknown {
  if (!v) return null;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(anyValueJson);
  if (v.kvlistValue) return Object.fromEntries((v.kvlistValue.values ?? []).map((kv) => [kv.key, anyValueJson(kv.value)]));
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.boolValue !== undefined) return v.boolValue;
  return anyValueText(v);
}

/** Attributes as text labels (nested values as JSON). */
export function attributeMap(attrs: KeyValue[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of attrs ?? []) {
    const t = anyValueText(kv.value);
    if (t !== null) out[kv.key] = t;
  }
  return out;
}

export function serviceName(r: Resource | undefined): string | null {
  for (const kv of r?.attributes ?? []) if (kv.key === 'service.name') return anyValueText(kv.value);
  return null;
}
