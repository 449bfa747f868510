// Small statistics helpers: nearest-rank percentiles over millisecond samples, and number formatting.

export interface LatencySummary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  min: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    min: sorted[0] ?? Number.NaN,
  };
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export const ms = (v: number): string => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '–');
export const signedMs = (v: number): string => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${ms(v)}` : '–');
export const ratio = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)}x` : '–');
export const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : '–');
export const int = (v: number): string => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–');
export const mbps = (bytesPerSecond: number): string => (Number.isFinite(bytesPerSecond) ? (bytesPerSecond / 1e6).toFixed(1) : '–');

/** Milliseconds since an origin, with sub-millisecond resolution. */
export const now = (): number => performance.now();
