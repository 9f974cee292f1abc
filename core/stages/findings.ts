// Findings are stored with their run and a fingerprint of (kind, labels), then handed on to
// whoever listens (the alert manager). Stages never notify anyone themselves.
import type { Finding } from '../plugin-api/index.ts';
import { sha256, stableJson } from '../config/load.ts';

export interface StoredFinding extends Finding {
  id: number;
  stage: string;
  runId: number | null;
  ts: Date;
  fingerprint: string;
  labels: Record<string, string>;
}

export function fingerprint(kind: string, labels: Record<string, string>): string {
  return sha256(stableJson({ kind, ...labels })).slice(0, 16);
}
