// The `inputs` config section: files the daemon follows (the sidecar case, a shared log volume),
// and Prometheus endpoints it scrapes.
import { duration, z } from '../plugin-api/index.ts';
import { prometheusTargetSchema } from '../receivers/config.ts';
import { mappedFields, type RowKind } from '../ingest/field-mapping.ts';

const namedFormat = z.enum(['auto', 'json', 'logfmt', 'syslog', 'rfc3164', 'rfc5424', 'access', 'raw']);
const patternFormat = z
  .object({ pattern: z.string().min(1) })
  .strict()
  .refine(
    (p) => {
      try {
        new RegExp(p.pattern);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'pattern is not a valid regular expression' },
  );

export const fileInputSchema = z
  .object({
    /** A file or a glob (`*`, `?`, `**`) of files to follow. */
    path: z.string().min(1),
    /** Header shape of each line; `auto` tells shapes apart per line. */
    format: z.union([namedFormat, patternFormat]).default('auto'),
    /** Source name stored with every line; default the header's source, else the file's name. */
    source: z.string().min(1).max(256).optional(),
    /** Where to start in a file first seen with no saved offset. */
    start_at: z.enum(['beginning', 'end']).default('beginning'),
    /** Log lines, or a model server's NDJSON prediction or label log. */
    kind: z.enum(['logs', 'predictions', 'labels']).default('logs'),
    /** For predictions and labels: the model every row belongs to, when the records do not say. */
    model: z.string().min(1).max(128).optional(),
    /** For predictions and labels: row field → dotted path in each record (`prediction: output.label`). */
    fields: z.record(z.string(), z.string().min(1)).default({}),
  })
  .strict()
  .refine((f) => f.kind !== 'logs' || (Object.keys(f.fields).length === 0 && f.model === undefined), { message: 'fields and model apply to kind: predictions or labels only' })
  .refine((f) => f.kind === 'logs' || Object.keys(f.fields).every((k) => mappedFields(f.kind as RowKind).includes(k)), {
    message: 'fields names a row field that this kind does not have',
  });

export const inputsSchema = z
  .object({
    files: z.array(fileInputSchema).default([]),
    /** Prometheus or OpenMetrics endpoints scraped on a schedule (the receivers module runs them). */
    prometheus: z
      .array(prometheusTargetSchema)
      .default([])
      .refine((ts) => new Set(ts.map((t) => t.name)).size === ts.length, { message: 'every prometheus target needs its own name' }),
    /** How often files are checked when no change notification arrives. */
    poll_interval: duration.default(1000),
    /** A last line without its newline is stored after it has stayed unchanged this long. */
    partial_line_timeout: duration.default(5000),
    /** Lines per stored batch. */
    batch_lines: z.number().int().min(1).max(100_000).default(5000),
  })
  .strict();

export type FileInputSettings = z.infer<typeof fileInputSchema>;
export type InputsSettings = z.infer<typeof inputsSchema>;
