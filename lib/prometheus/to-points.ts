// Scraped metric families → metric points, as Prometheus's rate() and histogram_quantile() would
// read them: gauges as they are, counters as a per-second rate between consecutive scrapes (a
// drop is a restart: the new value counts from zero), histograms as p50/p95/p99 and a request rate
// of what arrived between scrapes, summaries as their quantiles. The first scrape of a counter or
// histogram gives no rate: there is nothing to compare it with yet.
import { histogramQuantile } from '../robust/histogram-quantile.ts';
import type { Family } from './exposition.ts';

export interface ScrapedPoint {
  name: string;
  value: number;
  ts: number;
  labels: Record<string, string>;
}

interface Previous {
  ts: number;
  value: number;
  buckets?: number[];
}

const key = (name: string, labels: Record<string, string>) => `${name}\u0000${JSON.stringify(Object.entries(labels).sort())}`;
const quantiles = [0.5, 0.95, 0.99];

export class ScrapeConverter {
  #prev = new Map<string, Previous>();

  convert(families: readonly Family[], nowMs: number, extraLabels: Record<string, string>): ScrapedPoint[] {
    const out: ScrapedPoint[] = [];
    const next = new Map<string, Previous>();
    const push = (name: string, value: number, ts: number, labels: Record<string, string>) => {
      if (Number.isFinite(value)) out.push({ name, value, ts, labels: { ...labels, ...extraLabels } });
    };
    const rate = (k: string, value: number, ts: number): number | null => {
      const p = this.#prev.get(k);
      next.set(k, { ts, value });
      if (!p || ts <= p.ts) return null;
      const delta = value >= p.value ? value - p.value : value;
      return (delta * 1000) / (ts - p.ts);
    };
    for (const f of families) {
      if (f.type === 'counter') {
        for (const s of f.samples) {
          if (s.name.endsWith('_created')) continue;
          const ts = s.ts ?? nowMs;
          const r = rate(key(s.name, s.labels), s.value, ts);
          if (r !== null) push(`${s.name}.rate`, r, ts, s.labels);
        }
      } else if (f.type === 'histogram' || f.type === 'gaugehistogram') {
        // Group the buckets of each labelled series (every label but `le`).
        const series = new Map<string, { labels: Record<string, string>; ts: number; buckets: [number, number][]; count: number | null }>();
        for (const s of f.samples) {
          const { le, ...labels } = s.labels;
          const k = key(f.name, labels);
          const g = series.get(k) ?? { labels, ts: s.ts ?? nowMs, buckets: [], count: null };
          series.set(k, g);
          if (s.name === `${f.name}_bucket` && le !== undefined) g.buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
          else if (s.name === `${f.name}_count` || s.name === `${f.name}_gcount`) g.count = s.value;
        }
        for (const [k, g] of series) {
          g.buckets.sort((a, b) => a[0] - b[0]);
          const cumulative = g.buckets.map((b) => b[1]);
          const p = this.#prev.get(k);
          next.set(k, { ts: g.ts, value: g.count ?? cumulative[cumulative.length - 1] ?? 0, buckets: cumulative });
          if (!p || !p.buckets || p.buckets.length !== cumulative.length || g.ts <= p.ts) continue;
          const restarted = (g.count ?? 0) < p.value;
          const window = cumulative.map((c, i) => (restarted ? c : c - p.buckets![i]));
          const perBucket = window.map((c, i) => (i === 0 ? c : c - window[i - 1]));
          const bounds = g.buckets.map((b) => b[0]).filter((b) => Number.isFinite(b));
          const total = window[window.length - 1] ?? 0;
          push(`${f.name}.rate`, (total * 1000) / (g.ts - p.ts), g.ts, g.labels);
          for (const q of quantiles) {
            const v = histogramQuantile(q, bounds, perBucket);
            if (v !== null) push(`${f.name}.p${Math.round(q * 100)}`, v, g.ts, g.labels);
          }
        }
      } else if (f.type === 'summary') {
        for (const s of f.samples) {
          const { quantile, ...labels } = s.labels;
          if (quantile !== undefined && s.name === f.name) push(`${f.name}.p${+(Number(quantile) * 100).toFixed(1)}`, s.value, s.ts ?? nowMs, labels);
          else if (s.name === `${f.name}_count`) {
            const r = rate(key(s.name, labels), s.value, s.ts ?? nowMs);
            if (r !== null) push(`${f.name}.rate`, r, s.ts ?? nowMs, labels);
          }
        }
      } else {
        for (const s of f.samples) push(s.name, s.value, s.ts ?? nowMs, s.labels);
      }
    }
    // Series not in this scrape are forgotten: the state is as big as one scrape.
    this.#prev = next;
    return out;
  }
}
