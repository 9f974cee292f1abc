// An alert: the identity (fingerprint of its labels), its state and the times that matter.
import type { Labels } from './labels.ts';

export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

export interface Alert {
  fingerprint: string;
  rule: string;
  labels: Labels;
  annotations: Record<string, string>;
  state: AlertState;
  /** The stage whose runs report it, and the last run and finding that did. */
  stage: string | null;
  runId: number | null;
  findingId: number | null;
  /** Start of the current episode (pending since). */
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  lastSeenAt: number;
  /** When a run of its stage last finished without reporting it; null while it is reported. */
  absentSince: number | null;
  /** Bumped on every change, so a group can tell whether an alert moved during a flush. */
  updatedAt: number;
}
