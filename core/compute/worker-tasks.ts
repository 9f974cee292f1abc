// What a compute worker thread does: pure column computations from lib/, one message at a time.
// Results go back by structured clone; typed arrays a task made (a profile's sorted values) are
// transferred instead of copied.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { columnReport, type DriftOptions } from '../../lib/drift/report.ts';
import { profileColumn, type ColumnProfile } from '../../lib/drift/profile.ts';
import type { ColumnValues } from '../../lib/drift/column.ts';
import type { TaskRequest, TaskReply } from './protocol.ts';

export interface DriftColumnArgs {
  name: string;
  reference: ColumnValues | ColumnProfile;
  current: ColumnValues;
  options: DriftOptions;
  large: number;
}

const tasks: Record<string, (args: never) => unknown> = {
  'drift-column': (a: DriftColumnArgs) => columnReport(a.name, a.reference, a.current, a.options, a.large),
  'profile-column': (a: { values: ColumnValues }) => profileColumn(a.values),
  'file-sha256': (a: { path: string }) => sha256File(a.path),
};

/** A file's sha256 (its version), read here so that hashing large files keeps off the main thread. */
function sha256File(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Typed arrays on the result's first level whose memory is the worker's own. */
function ownBuffers(result: unknown): ArrayBuffer[] {
  if (!result || typeof result !== 'object') return [];
  return Object.values(result)
    .filter((v): v is Float64Array => v instanceof Float64Array && v.buffer instanceof ArrayBuffer)
    .map((v) => v.buffer as ArrayBuffer);
}

const port = parentPort!;
port.on('message', (m: TaskRequest) => {
  let reply: TaskReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const task = tasks[m.task];
    if (!task) throw new Error(`unknown compute task "${m.task}"`);
    const result = task(m.args as never);
    transfer = ownBuffers(result);
    reply = { id: m.id, ok: true, result };
  } catch (e) {
    reply = { id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply, transfer);
});
