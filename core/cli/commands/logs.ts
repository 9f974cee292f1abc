// `sidewatch logs parse [FILE|-] [--json]`: mines templates from log lines with default settings.
// An online miner may generalize a template after its first lines went by, so the command learns
// over the whole input first and then reports every line against its template's final form.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { TemplateMiner } from '../../../lib/logmine/index.ts';
import { logLineParser, type NamedFormat } from '../../../lib/logparse/index.ts';
import { parseArgs, stringFlag } from '../args.ts';

const usage = `usage: sidewatch logs parse [FILE|-] [options]

Mines log templates from FILE (or stdin when FILE is - or absent), one message per line.

options:
  --json           one JSON object per input line, in input order:
                   {"line": 1, "template_id": "…", "template": "…", "params": ["…"]}
  --format NAME    strip a header before mining: raw (default: the whole line is the message),
                   auto, json, logfmt, syslog, rfc3164, rfc5424, access
`;

const FORMATS: readonly NamedFormat[] = ['raw', 'auto', 'json', 'logfmt', 'syslog', 'rfc3164', 'rfc5424', 'access'];
const PROGRESS_EVERY = 50_000;

async function* lines(source: string): AsyncGenerator<string> {
  let input: Readable;
  if (source === '-') {
    input = process.stdin;
  } else {
    const info = await stat(source).catch((e: NodeJS.ErrnoException) => {
      throw new Error(`cannot read ${source}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    });
    if (info.isDirectory()) throw new Error(`cannot read ${source}: it is a directory`);
    input = createReadStream(source, { encoding: 'utf8' });
  }
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) yield line;
}

/** Buffers output and respects back-pressure; a closed pipe (`| head`) ends the writing quietly. */
class Output {
  private chunks: string[] = [];
  private size = 0;
  closed = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') this.closed = true;
      else throw e;
    });
  }

  async write(s: string): Promise<void> {
    this.chunks.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.chunks.length === 0 || this.closed) return;
    const data = this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    if (!this.stream.write(data)) {
      await new Promise<void>((resolve) => {
        const done = () => { this.stream.off('drain', done); this.stream.off('close', done); resolve(); };
        this.stream.on('drain', done);
        this.stream.on('close', done);
      });
    }
  }
}

function progress(n: number, done = false): void {
  if (!process.stderr.isTTY) return;
  process.stderr.write(`\r${done ? 'mined' : 'mining'} ${n.toLocaleString('en-US')} lines${done ? '\n' : ''}`);
}

async function parse(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['json', 'help']);
  if (args.flags.help) {
    process.stdout.write(usage);
    return 0;
  }
  const unknown = Object.keys(args.flags).filter((f) => !['json', 'format'].includes(f));
  if (unknown.length > 0) {
    process.stderr.write(`sidewatch logs parse: unknown option --${unknown[0]}\n\n${usage}`);
    return 2;
  }
  if (args.positionals.length > 1) {
    process.stderr.write(`sidewatch logs parse: expected at most one FILE, got ${args.positionals.length}\n\n${usage}`);
    return 2;
  }
  const format = (stringFlag(args, 'format') ?? 'raw') as NamedFormat;
  if (!FORMATS.includes(format)) {
    process.stderr.write(`sidewatch logs parse: unknown --format "${format}" (known: ${FORMATS.join(', ')})\n`);
    return 2;
  }
  const source = args.positionals[0] ?? '-';
  const json = args.flags.json === true;
  const toMessage = logLineParser(format);
  // One-shot over a finite input: every line's template must stay resolvable, so no eviction.
  const miner = new TemplateMiner({ maxClusters: Number.POSITIVE_INFINITY });

  const ids: string[] = [];
  // Stdin cannot be read twice; a file is re-read for the second pass instead of held in memory.
  const kept: string[] | null = json && source === '-' ? [] : null;
  for await (const line of lines(source)) {
    const message = toMessage(line).message;
    ids.push(miner.addLine(message).templateId);
    if (kept) kept.push(message);
    if (ids.length % PROGRESS_EVERY === 0) progress(ids.length);
  }
  progress(ids.length, true);

  const out = new Output(process.stdout);
  if (json) {
    let i = 0;
    const messages: AsyncIterable<string> | Iterable<string> = kept ?? (async function* () {
      for await (const line of lines(source)) yield toMessage(line).message;
    })();
    for await (const message of messages) {
      if (i >= ids.length || out.closed) break;
      const t = miner.template(ids[i]!);
      const params = t ? miner.paramsOf(t.id, message) ?? [] : [];
      await out.write(JSON.stringify({ line: i + 1, template_id: t?.id ?? ids[i], template: t?.template ?? '', params }) + '\n');
      i++;
    }
  } else {
    const templates = miner.templates();
    const width = Math.max(5, ...templates.map((t) => String(t.count).length));
    await out.write(`${'COUNT'.padStart(width)}  ${'TEMPLATE_ID'.padEnd(12)}  TEMPLATE\n`);
    for (const t of templates) await out.write(`${String(t.count).padStart(width)}  ${t.id.padEnd(12)}  ${t.template}\n`);
    await out.write(`${ids.length} lines, ${templates.length} templates\n`);
  }
  await out.flush();
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'parse') return parse(rest);
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(usage);
    return sub === undefined ? 2 : 0;
  }
  process.stderr.write(`sidewatch logs: unknown subcommand "${sub}"\n\n${usage}`);
  return 2;
}
