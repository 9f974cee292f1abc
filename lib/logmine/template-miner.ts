// The facade over the mining algorithm: masking, the miner, events and persistence, the way
// the rest of Sidewatch uses it (`new TemplateMiner().addLine(message)`).
import {
  DEFAULT_MINER_OPTIONS, PrefixTreeMiner, type Change, type Cluster, type MinerEvent, type MinerOptions, type MinerState,
} from './drain.ts';
import { ALL_MASKS, type MaskName } from './masks.ts';
import type { PersistencePort } from './persistence.ts';
import { tokenize, type TokenizeOptions } from './tokenize.ts';

export interface TemplateMinerOptions extends Partial<MinerOptions> {
  /** Named masks applied before mining (default: all of them). */
  masks?: readonly MaskName[];
  /** Tokens beyond this many are joined into the last one. */
  maxTokens?: number;
  /** Learning off: addLine behaves like match and creates nothing. */
  matchOnly?: boolean;
  /** Called when a template is created, generalizes, absorbs others or is evicted. */
  onEvent?: (event: TemplateEvent) => void;
}

export type TemplateEvent =
  | { type: 'created' | 'changed'; templateId: string; template: string }
  | { type: 'merged'; templateId: string; template: string; mergedIds: string[] }
  | { type: 'evicted'; templateIds: string[] };

export interface LineResult {
  templateId: string;
  template: string;
  /** Values of the template's `<*>` and `<NAME>` slots, in order. */
  params: string[];
  change: Change;
}

export interface TemplateInfo {
  id: string;
  template: string;
  count: number;
}

/** The JSON form of a miner's state; `v` changes when the shape does. */
export interface TemplateMinerState {
  v: 1;
  options: MinerOptions & { masks: MaskName[]; maxTokens: number };
  miner: MinerState;
}

const DEFAULT_MAX_TOKENS = 128;

function toEvent(e: MinerEvent): TemplateEvent {
  switch (e.type) {
    case 'created':
    case 'changed':
      return { type: e.type, templateId: e.cluster.id, template: e.cluster.text };
    case 'merged':
      return { type: 'merged', templateId: e.cluster.id, template: e.cluster.text, mergedIds: e.mergedIds };
    case 'evicted':
      return { type: 'evicted', templateIds: e.ids };
  }
}

export class TemplateMiner {
  private readonly miner: PrefixTreeMiner;
  private readonly tokenizeOptions: TokenizeOptions;
  private readonly matchOnly: boolean;

  constructor(options: TemplateMinerOptions = {}) {
    const { masks = ALL_MASKS, maxTokens = DEFAULT_MAX_TOKENS, matchOnly = false, onEvent, ...minerOptions } = options;
    for (const m of masks) if (!ALL_MASKS.includes(m)) throw new Error(`unknown mask "${m}" (known: ${ALL_MASKS.join(', ')})`);
    if (!(maxTokens >= 2)) throw new Error(`maxTokens must be at least 2, got ${maxTokens}`);
    this.tokenizeOptions = { masks: new Set(masks), maxTokens };
    this.matchOnly = matchOnly;
    this.miner = new PrefixTreeMiner(minerOptions, onEvent ? (e) => onEvent(toEvent(e)) : undefined);
  }

  /** Mines one message: the template it belongs to (created or generalized if needed) and its parameters. */
  addLine(message: string): LineResult {
    if (this.matchOnly) {
      const r = this.match(message);
      return r ?? { templateId: '', template: '', params: [], change: 'none' };
    }
    const line = tokenize(message, this.tokenizeOptions);
    const { cluster, change } = this.miner.add(line);
    return { templateId: cluster.id, template: cluster.text, params: this.miner.params(cluster, line) ?? [], change };
  }

  /** The known template a message fits, without learning; null when none fits. */
  match(message: string): LineResult | null {
    const line = tokenize(message, this.tokenizeOptions);
    const cluster = this.miner.match(line);
    if (!cluster) return null;
    return { templateId: cluster.id, template: cluster.text, params: this.miner.params(cluster, line) ?? [], change: 'none' };
  }

  /** The current template for an id handed out earlier (ids survive merges as aliases). */
  template(id: string): TemplateInfo | undefined {
    const c = this.miner.resolve(id);
    return c ? info(c) : undefined;
  }

  /** The parameters of a message against a given template; null when the message does not fit it. */
  paramsOf(templateId: string, message: string): string[] | null {
    const c = this.miner.resolve(templateId);
    if (!c) return null;
    return this.miner.params(c, tokenize(message, this.tokenizeOptions));
  }

  /** Live templates, most frequent first. */
  templates(): TemplateInfo[] {
    return [...this.miner.clusters()].map(info).sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  }

  toJSON(): TemplateMinerState {
    return {
      v: 1,
      options: { ...this.miner.options, masks: [...this.tokenizeOptions.masks], maxTokens: this.tokenizeOptions.maxTokens },
      miner: this.miner.toState(),
    };
  }

  static fromJSON(state: unknown, extra: Pick<TemplateMinerOptions, 'onEvent' | 'matchOnly'> = {}): TemplateMiner {
    if (typeof state !== 'object' || state === null) throw new Error('template miner state: expected an object');
    const s = state as Partial<TemplateMinerState>;
    if (s.v !== 1) throw new Error(`template miner state: unsupported version ${String(s.v)} (expected 1)`);
    if (!s.options || !s.miner || !Array.isArray(s.miner.clusters)) throw new Error('template miner state: missing options or miner');
    const miner = new TemplateMiner({ ...DEFAULT_MINER_OPTIONS, ...s.options, ...extra });
    miner.miner.loadState(s.miner);
    return miner;
  }

  async save(port: PersistencePort): Promise<void> {
    await port.save(JSON.stringify(this.toJSON()));
  }

  /** Restores from a port, or starts empty with `options` when nothing was saved. */
  static async load(port: PersistencePort, options: TemplateMinerOptions = {}): Promise<TemplateMiner> {
    const text = await port.load();
    if (text === null) return new TemplateMiner(options);
    return TemplateMiner.fromJSON(JSON.parse(text), { onEvent: options.onEvent, matchOnly: options.matchOnly });
  }
}

function info(c: Cluster): TemplateInfo {
  return { id: c.id, template: c.text, count: c.count };
}
