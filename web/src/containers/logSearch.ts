/**
 * Reading log lines: search (plain or regex, case or not) with the ranges to highlight, the level a line
 * speaks at, JSON lines as fields, and a line cut into styled, highlighted segments. Pure.
 */
import { parseAnsi, stripAnsi, type AnsiStyle } from './ansi';

export interface SearchOptions {
  regex: boolean;
  caseSensitive: boolean;
}

export interface Matcher {
  /** [start, end) ranges of the matches in `text` (text without ANSI escapes). */
  ranges(text: string): [number, number][];
  test(text: string): boolean;
}

/** A matcher, null for an empty query, or the reason a regex does not compile. */
export function compileSearch(query: string, options: SearchOptions): Matcher | null | { error: string } {
  if (query === '') return null;
  let source = options.regex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let re: RegExp;
  try {
    re = new RegExp(source, options.caseSensitive ? 'g' : 'gi');
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  source = re.source;
  return {
    ranges(text) {
      const out: [number, number][] = [];
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        // An empty match (a regex like a*) would loop: step over it, and do not mark it.
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        out.push([m.index, m.index + m[0].length]);
      }
      return out;
    },
    test(text) {
      re.lastIndex = 0;
      const m = re.exec(text);
      return m !== null && m[0].length > 0;
    },
  };
}

export function isSearchError(value: ReturnType<typeof compileSearch>): value is { error: string } {
  return value !== null && 'error' in value;
}

export type Level = 'error' | 'warn' | 'info' | 'debug';

const LEVEL_WORDS: readonly [RegExp, Level][] = [
  [/\b(?:fatal|panic|crit(?:ical)?|err(?:or)?|emerg|alert)\b/i, 'error'],
  [/\b(?:warn(?:ing)?)\b/i, 'warn'],
  [/\b(?:info|notice)\b/i, 'info'],
  [/\b(?:debug|trace)\b/i, 'debug'],
];

function levelOf(word: string): Level | null {
  for (const [re, level] of LEVEL_WORDS) if (re.test(word)) return level;
  return null;
}

/**
 * The level a line speaks at: a JSON line's level/severity/lvl field, a logfmt `level=`, or a level word
 * near the start (the first 40 characters, where loggers put it: "2024-… ERROR …", "[warn] …").
 */
export function lineLevel(text: string, fields?: Record<string, string> | null): Level | null {
  if (fields) {
    const value = fields['level'] ?? fields['severity'] ?? fields['lvl'] ?? fields['log.level'];
    return value === undefined ? null : levelOf(value);
  }
  const logfmt = /\b(?:level|lvl|severity)=("?)(\w+)\1/i.exec(text);
  if (logfmt) return levelOf(logfmt[2]!);
  return levelOf(text.slice(0, 40));
}

/** A JSON object line as its fields (values as compact text), else null. */
export function jsonFields(text: string): Record<string, string> | null {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return null;
  try {
    const value: unknown = JSON.parse(t);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
    return out;
  } catch {
    return null;
  }
}

export interface Segment {
  text: string;
  style: AnsiStyle | null;
  match: boolean;
}

/** The line as styled runs (ANSI colours) cut at the search matches, which are found in the text without escapes. */
export function segments(text: string, matcher: Matcher | null): Segment[] {
  const spans = parseAnsi(text);
  const ranges = matcher ? matcher.ranges(stripAnsi(text)) : [];
  if (ranges.length === 0) return spans.map((s) => ({ text: s.text, style: s.style, match: false }));
  const out: Segment[] = [];
  let offset = 0;
  let r = 0;
  for (const span of spans) {
    let at = 0;
    while (at < span.text.length) {
      const pos = offset + at;
      while (r < ranges.length && ranges[r]![1] <= pos) r++;
      const range = ranges[r];
      let end: number;
      let match = false;
      if (range && range[0] <= pos) {
        match = true;
        end = Math.min(span.text.length, range[1] - offset);
      } else {
        end = Math.min(span.text.length, range ? range[0] - offset : span.text.length);
      }
      out.push({ text: span.text.slice(at, end), style: span.style, match });
      at = end;
    }
    offset += span.text.length;
  }
  return out;
}
