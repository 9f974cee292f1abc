// Formatting shared by model-card sections: percentages, rounded figures and ISO times, with
// null for what is missing (shown as a dash).
export const pct = (x: number | null | undefined): string | null => (x === null || x === undefined || !Number.isFinite(x) ? null : `${(100 * x).toFixed(1)}%`);
export const num = (x: unknown, digits = 4): number | null => (typeof x === 'number' && Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString().replace('.000Z', 'Z') : null);
