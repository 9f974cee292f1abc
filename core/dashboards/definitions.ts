// Dashboard definitions live as JSON in dashboards/: panels, the /v1 query each one reads, its
// chart type and how the answer becomes a chart. They are validated when the module starts so
// a broken definition fails loudly instead of as an empty panel.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const dashboardsDir = fileURLToPath(new URL('../../dashboards/', import.meta.url));

export const panelTypes = ['timeseries', 'bars', 'heatmap', 'timeline', 'table', 'stats', 'alerting', 'incidents', 'anomaly-series'] as const;

const panelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    type: z.enum(panelTypes),
    wide: z.boolean().optional(),
    query: z.string().startsWith('/v1/'),
    also: z.string().startsWith('/v1/').optional(),
    /** Further queries by name, handed to the transform together (a status header reads several). */
    more: z.record(z.string().regex(/^[a-z]+$/), z.string().startsWith('/v1/')).optional(),
    transform: z.object({ kind: z.string() }).passthrough(),
    /** The stage whose results the panel shows: an empty panel then says whether it is enabled and has run. */
    stage: z.string().optional(),
    /** What the panel's data needs from the model: an empty panel then says which one is missing. */
    needs: z.array(z.enum(['labels'])).optional(),
    /** What an empty panel says once its stage has run: why there can be nothing, and what to do. */
    empty: z.string().optional(),
  })
  .strict();

export const definitionSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    description: z.string().optional(),
    pickers: z.array(z.enum(['model', 'range', 'refresh'])),
    panels: z.array(panelSchema).min(1),
  })
  .strict();

export type DashboardDefinition = z.infer<typeof definitionSchema>;

export function loadDefinitions(dir = dashboardsDir): DashboardDefinition[] {
  const out: DashboardDefinition[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = definitionSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    if (!parsed.success) throw new Error(`dashboards/${f}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    if (`${parsed.data.name}.json` !== f) throw new Error(`dashboards/${f}: name "${parsed.data.name}" must match the file name`);
    const ids = new Set<string>();
    for (const p of parsed.data.panels) {
      if (ids.has(p.id)) throw new Error(`dashboards/${f}: two panels share id "${p.id}"`);
      ids.add(p.id);
    }
    out.push(parsed.data);
  }
  // Model health first: it is the one most people open.
  return out.sort((a, b) => (a.name === 'model-health' ? -1 : b.name === 'model-health' ? 1 : a.name.localeCompare(b.name)));
}
