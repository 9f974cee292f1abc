// Loads the YAML config: parse, interpolate ${ENV}, apply SIDEWATCH_* overrides, validate the
// daemon's sections and each enabled plugin's own schema. Every problem is collected with its
// path so `check-config` and start-up can print them all at once.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { daemonSchema, stageHostKeys, stageHostSchema, type DaemonConfig } from './schema.ts';
import { interpolate, type InterpolationError } from './interpolate.ts';
import type { PluginRegistry } from '../plugins/registry.ts';

export const defaultConfigPath = fileURLToPath(new URL('../../config/default.yaml', import.meta.url));

export interface ConfigIssue {
  path: string;
  message: string;
}

export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  constructor(source: string, issues: ConfigIssue[]) {
    super(`invalid config ${source}:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.issues = issues;
  }
}

export interface StageSettings {
  name: string;
  enabled: boolean;
  everyMs?: number;
  schedule?: string;
  timeoutMs?: number;
  settings: unknown;
  configVersion: string;
}

export interface LoadedConfig {
  source: string;
  config: DaemonConfig;
  stages: StageSettings[];
  /** Sha256 of the effective config (secrets included, so never shown): results record it. */
  version: string;
}

/** Extra sections validated by their owners (alerting, inputs, …), keyed by top-level name. */
export type SectionSchemas = Record<string, z.ZodType<unknown>>;

export function loadConfig(opts: {
  file?: string;
  text?: string;
  env?: Record<string, string | undefined>;
  registry: PluginRegistry;
  sections?: SectionSchemas;
}): LoadedConfig & { sections: Record<string, unknown> } {
  const source = opts.file ?? defaultConfigPath;
  const env = opts.env ?? process.env;
  let text = opts.text;
  if (text === undefined) {
    try {
      text = readFileSync(source, 'utf8');
    } catch (e) {
      throw new ConfigError(source, [{ path: '(file)', message: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message }]);
    }
  }
  const issues: ConfigIssue[] = [];
  const doc = parseDocument(text, { prettyErrors: false });
  for (const err of doc.errors) issues.push({ path: `line ${err.linePos?.[0].line ?? '?'}`, message: err.message.split('\n')[0]! });
  if (issues.length) throw new ConfigError(source, issues);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 }) ?? {};
    // An alias inside its own anchor yields a cyclic value, which no config can be.
    JSON.stringify(raw);
  } catch (e) {
    const cyclic = e instanceof TypeError && /circular/i.test(e.message);
    throw new ConfigError(source, [{ path: '(root)', message: cyclic ? 'a YAML alias refers to its own anchor (cyclic structure)' : `cannot expand YAML aliases: ${(e as Error).message}` }]);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(source, [{ path: '(root)', message: 'expected a mapping of sections' }]);

  const interpErrors: InterpolationError[] = [];
  raw = interpolate(raw, env, interpErrors);
  issues.push(...interpErrors);
  const withEnv = applyEnvOverrides(raw as Record<string, unknown>, env, issues);

  const parsed = daemonSchema.safeParse(withEnv);
  if (!parsed.success) issues.push(...zodIssues(parsed.error, []));

  const stages: StageSettings[] = [];
  const sections: Record<string, unknown> = {};
  // Plugin settings are checked even when a core section is wrong, so one pass shows everything.
  const cfg = (parsed.success ? parsed.data : withEnv) as DaemonConfig;
  const stagesRaw = isRecord(cfg.stages) ? cfg.stages : {};
  {
    for (const [name, rawValue] of Object.entries(stagesRaw)) {
      const value = isRecord(rawValue) ? rawValue : rawValue == null ? {} : null;
      if (value === null) continue; // the core schema already reported it
      const plugin = opts.registry.stages.get(name);
      if (!plugin) {
        const known = [...opts.registry.stages.keys()].join(', ');
        issues.push({ path: `stages.${name}`, message: `unknown stage plugin "${name}" (known: ${known || 'none'})` });
        continue;
      }
      const body: Record<string, unknown> = { ...value };
      const hostRaw: Record<string, unknown> = {};
      for (const k of stageHostKeys) {
        if (k in body) {
          hostRaw[k] = body[k];
          delete body[k];
        }
      }
      const host = stageHostSchema.safeParse(hostRaw);
      if (!host.success) issues.push(...zodIssues(host.error, ['stages', name]));
      const own = plugin.configSchema.safeParse(body);
      if (!own.success) issues.push(...zodIssues(own.error, ['stages', name]));
      if (host.success && host.data.schedule && host.data.every !== undefined) {
        issues.push({ path: `stages.${name}`, message: 'give either `every` or `schedule`, not both' });
      }
      if (host.success && own.success) {
        stages.push({
          name,
          enabled: host.data.enabled,
          everyMs: host.data.every,
          schedule: host.data.schedule,
          timeoutMs: host.data.timeout,
          settings: own.data,
          configVersion: sha256(stableJson(own.data)),
        });
      }
    }
    for (const [section, schema] of Object.entries(opts.sections ?? {})) {
      const r = schema.safeParse((cfg as Record<string, unknown>)[section] ?? {});
      if (r.success) sections[section] = r.data;
      else issues.push(...zodIssues(r.error, [section]));
    }
  }
  if (issues.length || !parsed.success) throw new ConfigError(source, issues);
  return { source, config: parsed.data, stages, sections, version: sha256(stableJson(parsed.data)) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function applyEnvOverrides(raw: Record<string, unknown>, env: Record<string, string | undefined>, issues: ConfigIssue[]): Record<string, unknown> {
  const out = { ...raw };
  const server = { ...((out.server as Record<string, unknown>) ?? {}) };
  const storage = { ...((out.storage as Record<string, unknown>) ?? {}) };
  if (env.SIDEWATCH_HOST) server.host = env.SIDEWATCH_HOST;
  if (env.SIDEWATCH_PORT) {
    const port = Number(env.SIDEWATCH_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) issues.push({ path: 'SIDEWATCH_PORT', message: `not a port number: "${env.SIDEWATCH_PORT}"` });
    else server.port = port;
  }
  if (env.SIDEWATCH_TOKEN) server.token = env.SIDEWATCH_TOKEN;
  if (env.SIDEWATCH_READ_TOKEN) server.read_token = env.SIDEWATCH_READ_TOKEN;
  if (env.SIDEWATCH_DATA_DIR) storage.data_dir = env.SIDEWATCH_DATA_DIR;
  out.server = server;
  out.storage = storage;
  return out;
}

export function zodIssues(error: z.ZodError, prefix: string[]): ConfigIssue[] {
  return error.issues.flatMap((i) => {
    const base = [...prefix, ...i.path.map(String)];
    // Name each unknown key on its own line, with its full path: that is what a person fixes.
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ path: [...base, k].join('.'), message: 'unknown key' }));
    return [{ path: base.join('.') || '(root)', message: i.message }];
  });
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with sorted keys, so equal configs hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
