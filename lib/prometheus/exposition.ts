// The Prometheus text exposition format (0.0.4) and OpenMetrics 1.0 text, parsed into metric
// families: `# TYPE` / `# HELP` / `# UNIT` comments, samples `name{label="v",…} value [ts]`,
// OpenMetrics exemplars (` # {…} v`) and `# EOF`. A line that does not parse names its number.

export type FamilyType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped' | 'unknown' | 'info' | 'stateset' | 'gaugehistogram';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Epoch ms when the exposition carries one. */
  ts: number | null;
}

export interface Family {
  name: string;
  type: FamilyType;
  samples: Sample[];
}

export class ExpositionError extends Error {}

const types = new Set<FamilyType>(['counter', 'gauge', 'histogram', 'summary', 'untyped', 'unknown', 'info', 'stateset', 'gaugehistogram']);
const suffixes = ['_total', '_created', '_bucket', '_count', '_sum', '_gcount', '_gsum', '_info'];
const nameRe = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

export function parseExposition(text: string, maxSamples = 1_000_000): Family[] {
  const families = new Map<string, Family>();
  const familyOf = (sample: string): Family => {
    let f = families.get(sample);
    if (f) return f;
    // A sample belongs to the family its name extends with a known suffix (`x_bucket` → `x`).
    for (const s of suffixes) {
      if (sample.endsWith(s)) {
        f = families.get(sample.slice(0, -s.length));
        if (f) return f;
      }
    }
    f = { name: sample, type: 'untyped', samples: [] };
    families.set(sample, f);
    return f;
  };
  let count = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() === '') continue;
    const where = `line ${i + 1}`;
    if (line.startsWith('#')) {
      const m = /^#\s+(TYPE|HELP|UNIT|EOF)\b\s*(\S*)\s*(.*)$/.exec(line);
      if (!m) continue; // any other comment
      if (m[1] === 'EOF') break;
      if (m[1] === 'TYPE') {
        const type = m[3].trim().toLowerCase() as FamilyType;
        if (!types.has(type)) throw new ExpositionError(`${where}: unknown metric type "${m[3].trim()}" for ${m[2]}`);
        const f = families.get(m[2]);
        if (f) f.type = type;
        else families.set(m[2], { name: m[2], type, samples: [] });
      }
      continue;
    }
    const s = parseSample(line, where);
    if (++count > maxSamples) throw new ExpositionError(`more than ${maxSamples} samples`);
    familyOf(s.name).samples.push(s);
  }
  return [...families.values()].filter((f) => f.samples.length > 0);
}

function parseSample(line: string, where: string): Sample {
  const nm = nameRe.exec(line);
  if (!nm) throw new ExpositionError(`${where}: expected a metric name, got ${JSON.stringify(line.slice(0, 40))}`);
  const name = nm[0];
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (line[pos] === '{') {
    pos++;
    for (;;) {
      while (line[pos] === ' ' || line[pos] === ',') pos++;
      if (line[pos] === '}') {
        pos++;
        break;
      }
      const lm = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(pos));
      if (!lm) throw new ExpositionError(`${where}: expected a label name in ${name}{…}`);
      pos += lm[0].length;
      while (line[pos] === ' ') pos++;
      if (line[pos] !== '=' || line[pos + 1] !== '"') throw new ExpositionError(`${where}: expected ="…" after label ${lm[0]}`);
      pos += 2;
      let value = '';
      for (;;) {
        const ch = line[pos];
        if (ch === undefined) throw new ExpositionError(`${where}: unterminated value of label ${lm[0]}`);
        pos++;
        if (ch === '"') break;
        if (ch === '\\') {
          const e = line[pos++];
          value += e === 'n' ? '\n' : e === '\\' ? '\\' : e === '"' ? '"' : `\\${e ?? ''}`;
        } else value += ch;
      }
      labels[lm[0]] = value;
    }
  }
  // What follows: value, optional timestamp, optional OpenMetrics exemplar after " # ".
  const rest = line.slice(pos).split(' # ')[0].trim().split(/\s+/);
  if (rest.length < 1 || rest[0] === '') throw new ExpositionError(`${where}: ${name} has no value`);
  const value = parseValue(rest[0]);
  if (value === null) throw new ExpositionError(`${where}: ${name} has a value that is not a number: ${JSON.stringify(rest[0])}`);
  let ts: number | null = null;
  if (rest.length > 1) {
    const t = Number(rest[1]);
    if (!Number.isFinite(t)) throw new ExpositionError(`${where}: ${name} has a timestamp that is not a number: ${JSON.stringify(rest[1])}`);
    // The text format writes milliseconds as an integer; OpenMetrics writes seconds, often with a fraction.
    ts = rest[1].includes('.') || t < 1e11 ? t * 1000 : t;
  }
  return { name, labels, value, ts };
}

function parseValue(v: string): number | null {
  if (v === '+Inf' || v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  if (v === 'NaN') return NaN;
  const n = Number(v);
  return Number.isNaN(n) ? null : n;
}
