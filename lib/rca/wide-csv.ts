// Parses a wide metrics CSV: a `time` column (epoch seconds or ISO-8601) and one numeric column
// per series. Empty cells are missing points (NaN); anything else that is not a number is an error.
import { splitCsvLine } from './call-graph.ts';

export interface WideSeries {
  /** Epoch seconds, ascending. */
  timestamps: Float64Array;
  series: Map<string, Float64Array>;
}

/** Epoch seconds from a number of seconds (or milliseconds), or an ISO-8601 date; NaN when it is neither. */
export function parseTime(text: string): number {
  const t = text.trim();
  if (t === '') return NaN;
  if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t)) {
    // Epoch seconds as SPEC'd; a value this large (past the year 5000 in seconds) can only be
    // epoch milliseconds, which many exporters write, so it is read as such.
    const n = Number(t);
    return Math.abs(n) >= 1e11 ? n / 1000 : n;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return NaN;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms / 1000 : NaN;
}

export function parseWideCsv(text: string): WideSeries {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error('metrics: the file is empty');
  const header = splitCsvLine(lines[0]!).map((h) => h.trim());
  const timeCol = header.findIndex((h) => h.toLowerCase() === 'time');
  if (timeCol < 0) throw new Error(`metrics: no "time" column in the header (found: ${header.join(', ')})`);
  const names = header.filter((_, i) => i !== timeCol);
  if (names.length === 0) throw new Error('metrics: no series columns besides "time"');
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new Error(`metrics: column "${dup}" appears twice`);
  if (names.some((n) => n === '')) throw new Error('metrics: a series column has an empty name');

  const rows: { t: number; values: number[] }[] = [];
  for (let r = 1; r < lines.length; r++) {
    const cells = splitCsvLine(lines[r]!);
    const lineNo = r + 1;
    if (cells.length !== header.length) throw new Error(`metrics: line ${lineNo} has ${cells.length} cells, expected ${header.length}`);
    const t = parseTime(cells[timeCol]!);
    if (!Number.isFinite(t)) throw new Error(`metrics: line ${lineNo}: time "${cells[timeCol]}" is neither epoch seconds nor ISO-8601`);
    const values: number[] = [];
    for (let c = 0; c < cells.length; c++) {
      if (c === timeCol) continue;
      const raw = cells[c]!.trim();
      const v = raw === '' || /^nan$/i.test(raw) ? NaN : Number(raw);
      if (raw !== '' && !/^nan$/i.test(raw) && !Number.isFinite(v)) {
        throw new Error(`metrics: line ${lineNo}, column "${header[c]}": "${raw}" is not a number`);
      }
      values.push(v);
    }
    rows.push({ t, values });
  }
  if (rows.length === 0) throw new Error('metrics: no data rows after the header');
  rows.sort((a, b) => a.t - b.t);
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.t === rows[i - 1]!.t) throw new Error(`metrics: two rows share the time ${new Date(rows[i]!.t * 1000).toISOString()}`);
  }
  const timestamps = Float64Array.from(rows, (r) => r.t);
  const series = new Map<string, Float64Array>();
  names.forEach((n, j) => series.set(n, Float64Array.from(rows, (r) => r.values[j]!)));
  return { timestamps, series };
}
