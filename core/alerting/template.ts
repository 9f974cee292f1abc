// `{{ .labels.model }}`, `{{ $labels.model }}`, `{{ .summary }}`, `{{ .details.psi }}`: the small
// subset of Prometheus templating that rule labels and annotations need. Unknown paths render
// as the empty string, as Go templates do for missing map keys.
const placeholder = /\{\{\s*(\$labels\.[A-Za-z_][\w]*|\.[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*\}\}/g;

export function renderTemplate(text: string, data: Record<string, unknown>): string {
  return text.replace(placeholder, (_m, path: string) => {
    const parts = path.startsWith('$labels.') ? ['labels', path.slice(8)] : path.slice(1).split('.');
    let v: unknown = data;
    for (const p of parts) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    if (v === undefined || v === null) return '';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}
