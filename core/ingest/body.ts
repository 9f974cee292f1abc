// Decodes an ingest body into rows: a JSON array, or NDJSON when the content type says so.
// Decoding is strict UTF-8, so invalid bytes are refused rather than silently replaced.
import { BatchRejected, ErrorList } from './errors.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

export function decodeText(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new BatchRejected('body is not valid UTF-8');
  }
}

export function isNdjson(contentType: string | undefined): boolean {
  return !!contentType && /application\/(x-)?ndjson|application\/jsonl|application\/x-jsonlines/i.test(contentType);
}

export function parseRows(text: string, contentType: string | undefined, maxRows: number): unknown[] {
  let rows: unknown[];
  if (isNdjson(contentType)) {
    rows = [];
    const errors = new ErrorList();
    let lineNo = 0;
    for (const line of text.split('\n')) {
      lineNo++;
      const t = line.trim();
      if (t === '') continue;
      try {
        rows.push(JSON.parse(t));
      } catch (e) {
        errors.add(lineNo - 1, '(line)', `line ${lineNo} is not valid JSON: ${(e as Error).message}`);
      }
    }
    errors.throwIfAny('invalid NDJSON');
  } else {
    if (contentType && !/json/i.test(contentType)) {
      throw new BatchRejected(`unsupported content type "${contentType}": send application/json (an array) or application/x-ndjson`, [], 415);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new BatchRejected(`body is not valid JSON: ${(e as Error).message}`);
    }
    if (Array.isArray(parsed)) rows = parsed;
    else if (parsed && typeof parsed === 'object') rows = [parsed];
    else throw new BatchRejected('body must be a JSON array of rows (or one row object)');
  }
  if (rows.length === 0) throw new BatchRejected('the batch is empty');
  if (rows.length > maxRows) throw new BatchRejected(`the batch has ${rows.length} rows; the limit is ${maxRows}`, [], 413);
  return rows;
}
