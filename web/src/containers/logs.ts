/**
 * Container logs as lines: the engine's timestamp split off, stdout and stderr told apart, a capped
 * buffer, search with highlight, the query of GET /containers/ID/logs and the text of a download. Pure.
 */

export interface LogLine {
  /** Increasing, for keys and windowing. */
  seq: number;
  /** 1 stdout, 2 stderr (TTY containers: everything is 1). */
  stream: 1 | 2;
  /** RFC 3339 with nanoseconds as the engine sent it; null without timestamps=1. */
  time: string | null;
  text: string;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) ?/;

/** "2024-01-01T00:00:00.123456789Z hello" → time and text. */
export function splitTimestamp(line: string): { time: string | null; text: string } {
  const m = STAMP.exec(line);
  return m ? { time: m[1] ?? null, text: line.slice(m[0].length) } : { time: null, text: line };
}

export const LOG_CAP = 50_000;

/** Kept lines plus a batch, the oldest dropped beyond `cap`. */
export function appendCapped<T>(kept: readonly T[], batch: readonly T[], cap = LOG_CAP): T[] {
  if (batch.length === 0) return kept as T[];
  const total = kept.length + batch.length;
  if (total <= cap) return kept.concat(batch);
  if (batch.length >= cap) return batch.slice(batch.length - cap);
  return kept.slice(total - cap).concat(batch);
}

export interface LogOptions {
  follow: boolean;
  /** Last N lines; null: all. */
  tail: number | null;
  /** Unix seconds; null: from the start. */
  since: number | null;
}

/** Query parameters of GET /containers/ID/logs: timestamps always on (shown or not in the page). */
export function logsQuery(options: LogOptions): Record<string, string> {
  const q: Record<string, string> = { stdout: '1', stderr: '1', timestamps: '1' };
  if (options.follow) q['follow'] = '1';
  q['tail'] = options.tail === null ? 'all' : String(Math.max(0, Math.floor(options.tail)));
  if (options.since !== null) q['since'] = String(Math.floor(options.since));
  return q;
}

/** "10m", "2h", "1d", "90s" ago, or a date/time → unix seconds; null when empty or unreadable. */
export function parseSince(text: string, nowMs: number): number | null {
  const t = text.trim();
  if (t === '') return null;
  const rel = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(t);
  if (rel) {
    const unit = { s: 1, m: 60, h: 3600, d: 86400 }[rel[2] as 's' | 'm' | 'h' | 'd'];
    return Math.floor(nowMs / 1000 - Number(rel[1]) * unit);
  }
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

export interface Segment {
  text: string;
  match: boolean;
}

/** Splits text around case-insensitive occurrences of `query`. */
export function highlight(text: string, query: string): Segment[] {
  if (!query) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  const out: Segment[] = [];
  let at = 0;
  for (let i = lower.indexOf(q); i !== -1; i = lower.indexOf(q, i + q.length)) {
    if (i > at) out.push({ text: text.slice(at, i), match: false });
    out.push({ text: text.slice(i, i + q.length), match: true });
    at = i + q.length;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), match: false });
  return out;
}

export function matches(line: LogLine, query: string): boolean {
  return query === '' || line.text.toLowerCase().includes(query.toLowerCase());
}

/** The lines as a text file: "TIME stream text" or just the text. */
export function formatDownload(lines: readonly LogLine[], withTimestamps: boolean, withStreams: boolean): string {
  return lines
    .map((l) => [withTimestamps && l.time ? l.time : null, withStreams ? (l.stream === 2 ? 'stderr' : 'stdout') : null, l.text].filter((p) => p !== null).join(' '))
    .join('\n')
    .concat(lines.length ? '\n' : '');
}

/** A short local time for the gutter: "14:03:07.123". */
export function shortTime(time: string | null): string {
  if (!time) return '';
  const m = /T(\d\d:\d\d:\d\d)(\.\d{1,3})?/.exec(time);
  return m ? `${m[1]}${m[2] ?? ''}` : time;
}
