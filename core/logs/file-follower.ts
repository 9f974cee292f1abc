// Follows one path the way `tail -F` does, but resumable: the position after the last line handed
// out is an offset into a file known by (dev, inode, hash of its first bytes). Rotation by rename
// is seen as the path pointing at another inode (the old file is read to its end through the
// still-open handle, then the new one from 0); copytruncate as the file shrinking below the
// offset or its first bytes changing (start again at 0). A last line without its newline waits
// for one, and is handed out after a timeout or when its file is rotated away.
import type { TailPosition } from '../storage/log-store.ts';
import { createHash } from 'node:crypto';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type { TailPosition };

export interface FollowOptions {
  maxLines: number;
  partialTimeoutMs: number;
  nowMs: number;
}

const HEAD_BYTES = 1024;
const CHUNK_BYTES = 1 << 20;
/** A "line" this long without a newline is handed out anyway, so memory stays bounded. */
const MAX_PENDING_BYTES = 1 << 20;

interface OpenFile {
  fh: FileHandle;
  dev: string;
  ino: string;
  headHash: string;
  headLen: number;
}

export class FileFollower {
  readonly path: string;
  #file: OpenFile | null = null;
  /** Position after the last line handed out, in the open file. */
  #offset = 0;
  /** Bytes read past #offset that do not yet end in a newline. */
  #pending: Buffer = Buffer.alloc(0);
  #pendingSince = 0;
  #resume: TailPosition | null;
  #startAtEnd: boolean;

  constructor(path: string, resume: TailPosition | null, startAtEnd = false) {
    this.path = path;
    this.#resume = resume;
    this.#startAtEnd = startAtEnd && resume === null;
  }

  /** Where a restart should continue after the lines handed out so far; null before a file was opened. */
  position(): TailPosition | null {
    if (!this.#file) return this.#resume;
    const { dev, ino, headHash, headLen } = this.#file;
    return { path: this.path, dev, ino, headHash, headLen, offset: this.#offset };
  }

  /** Forgets what was handed out since `p` (its batch was not stored) and continues from `p`. */
  async rewind(p: TailPosition | null): Promise<void> {
    await this.close();
    this.#resume = p;
    this.#startAtEnd = false;
  }

  async close(): Promise<void> {
    const f = this.#file;
    this.#file = null;
    this.#pending = Buffer.alloc(0);
    if (f) await f.fh.close().catch(() => undefined);
  }

  /** Up to `maxLines` complete lines that appeared since the last call. */
  async read(o: FollowOptions): Promise<string[]> {
    const out: string[] = [];
    if (!this.#file && !(await this.#openCurrent())) return out;
    const file = this.#file!;
    const st = await stat(this.path, { bigint: true }).catch(() => null);
    const rotated = !st || String(st.dev) !== file.dev || String(st.ino) !== file.ino;
    if (rotated) {
      // Finish the old file through the handle we hold, then move to whatever is at the path now.
      await this.#readLines(out, o.maxLines, Infinity);
      if (out.length >= o.maxLines) return out;
      this.#flushPending(out);
      // Until the new file is opened, a restart resumes at the old file's end (if it still lies
      // in the directory) and moves on from there.
      const finished = this.position();
      await this.close();
      this.#resume = finished;
      if (!(await this.#openCurrent(true))) return out;
    } else if (await this.#truncated()) {
      this.#flushPending(out);
      this.#offset = 0;
      this.#pending = Buffer.alloc(0);
      await this.#refreshHead();
    }
    await this.#readLines(out, o.maxLines, Infinity);
    if (this.#pending.length > 0) {
      if (this.#pendingSince === 0) this.#pendingSince = o.nowMs;
      else if (o.nowMs - this.#pendingSince >= o.partialTimeoutMs && out.length < o.maxLines) this.#flushPending(out);
    }
    return out;
  }

  async #openCurrent(fromStart = false): Promise<boolean> {
    const resume = fromStart ? null : this.#resume;
    const f = await openIdentified(this.path);
    if (!f) {
      if (resume && !fromStart) return this.#openRotatedAway(resume);
      return false;
    }
    this.#file = f;
    this.#pending = Buffer.alloc(0);
    this.#pendingSince = 0;
    this.#offset = 0;
    const size = Number((await f.fh.stat({ bigint: true })).size);
    if (resume) {
      if (resume.dev === f.dev && resume.ino === f.ino && (await headHash(f.fh, resume.headLen)) === resume.headHash && size >= resume.offset) {
        this.#offset = resume.offset;
      } else if (!(resume.dev === f.dev && resume.ino === f.ino)) {
        // The path holds another file than at the last commit: the old one was rotated away while
        // we were not running. Finish it first if it still lies beside the new one.
        await f.fh.close();
        this.#file = null;
        if (await this.#openRotatedAway(resume)) return true;
        this.#resume = null;
        return this.#openCurrent(true);
      }
    } else if (this.#startAtEnd) {
      this.#offset = size;
    }
    this.#startAtEnd = false;
    await this.#refreshHead();
    return true;
  }

  async #openRotatedAway(p: TailPosition): Promise<boolean> {
    const dir = dirname(this.path);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (name === basename(this.path)) continue;
      const st = await stat(join(dir, name), { bigint: true }).catch(() => null);
      if (!st || !st.isFile() || String(st.dev) !== p.dev || String(st.ino) !== p.ino || Number(st.size) < p.offset) continue;
      const f = await openIdentified(join(dir, name));
      if (!f || f.ino !== p.ino || (await headHash(f.fh, p.headLen)) !== p.headHash) {
        await f?.fh.close();
        continue;
      }
      this.#file = { ...f, headHash: p.headHash, headLen: p.headLen };
      this.#offset = p.offset;
      this.#pending = Buffer.alloc(0);
      this.#pendingSince = 0;
      this.#resume = null;
      return true;
    }
    return false;
  }

  async #truncated(): Promise<boolean> {
    const f = this.#file!;
    const size = Number((await f.fh.stat({ bigint: true })).size);
    if (size < this.#offset + this.#pending.length) return true;
    if (f.headLen > 0 && (await headHash(f.fh, f.headLen)) !== f.headHash) return true;
    if (f.headLen < HEAD_BYTES && size > f.headLen) await this.#refreshHead();
    return false;
  }

  async #refreshHead(): Promise<void> {
    const f = this.#file!;
    const size = Number((await f.fh.stat({ bigint: true })).size);
    f.headLen = Math.min(size, HEAD_BYTES);
    f.headHash = await headHash(f.fh, f.headLen);
  }

  async #readLines(out: string[], maxLines: number, maxBytes: number): Promise<void> {
    const f = this.#file!;
    let readBytes = 0;
    while (out.length < maxLines && readBytes < maxBytes) {
      // Lines already in the pending buffer first.
      this.#takeLines(out, maxLines);
      if (out.length >= maxLines) return;
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await f.fh.read(buf, 0, CHUNK_BYTES, this.#offset + this.#pending.length);
      if (bytesRead === 0) return;
      readBytes += bytesRead;
      this.#pending = this.#pending.length ? Buffer.concat([this.#pending, buf.subarray(0, bytesRead)]) : Buffer.from(buf.subarray(0, bytesRead));
      this.#pendingSince = 0;
    }
    this.#takeLines(out, maxLines);
  }

  #takeLines(out: string[], maxLines: number): void {
    let start = 0;
    const p = this.#pending;
    while (out.length < maxLines) {
      const nl = p.indexOf(10, start);
      if (nl < 0) break;
      out.push(p.toString('utf8', start, nl));
      start = nl + 1;
    }
    if (start > 0) {
      this.#offset += start;
      this.#pending = p.subarray(start);
    }
    if (this.#pending.length >= MAX_PENDING_BYTES && out.length < maxLines) this.#flushPending(out);
  }

  #flushPending(out: string[]): void {
    if (this.#pending.length === 0) return;
    out.push(this.#pending.toString('utf8'));
    this.#offset += this.#pending.length;
    this.#pending = Buffer.alloc(0);
    this.#pendingSince = 0;
  }
}

async function openIdentified(path: string): Promise<OpenFile | null> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch {
    return null;
  }
  const st = await fh.stat({ bigint: true });
  if (!st.isFile()) {
    await fh.close();
    return null;
  }
  return { fh, dev: String(st.dev), ino: String(st.ino), headHash: '', headLen: 0 };
}

async function headHash(fh: FileHandle, len: number): Promise<string> {
  if (len <= 0) return '';
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, 0);
  return createHash('sha256').update(buf.subarray(0, bytesRead)).digest('hex').slice(0, 32);
}
