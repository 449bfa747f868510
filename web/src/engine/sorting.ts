/**
 * Sort state shared by the lists (containers, networks, volumes): "key-direction" in the
 * URL, a click on the same column flips it, another column starts in its natural direction.
 */

export type SortDirection = 'asc' | 'desc';

export interface Sort<K extends string> {
  key: K;
  direction: SortDirection;
}

export interface SortSpec<K extends string> {
  keys: readonly K[];
  /** What the list shows when the URL names none. */
  default: Sort<K>;
  /** Keys that start descending (numbers, dates); the rest start ascending. */
  descendingFirst: readonly K[];
}

export function parseSortParam<K extends string>(spec: SortSpec<K>, text: string | undefined): Sort<K> {
  const dash = (text ?? '').lastIndexOf('-');
  const key = spec.keys.find((candidate) => candidate === (text ?? '').slice(0, dash));
  const direction = (text ?? '').slice(dash + 1);
  if (dash === -1 || key === undefined || (direction !== 'asc' && direction !== 'desc')) return spec.default;
  return { key, direction };
}

/** undefined for the default, which the URL leaves out. */
export function formatSortParam<K extends string>(spec: SortSpec<K>, sort: Sort<K>): string | undefined {
  if (sort.key === spec.default.key && sort.direction === spec.default.direction) return undefined;
  return `${sort.key}-${sort.direction}`;
}

export function sameSort<K extends string>(a: Sort<K> | undefined, b: Sort<K>): boolean {
  return a !== undefined && a.key === b.key && a.direction === b.direction;
}

export function nextSortState<K extends string>(spec: SortSpec<K>, current: Sort<K>, key: K): Sort<K> {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: spec.descendingFirst.includes(key) ? 'desc' : 'asc' };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function compareText(a: string, b: string): number {
  return collator.compare(a, b);
}

/** A sorted copy by `compare` in `direction`; ties keep a stable order by `tieBreak`. */
export function sortBy<T>(
  rows: readonly T[],
  direction: SortDirection,
  compare: (a: T, b: T) => number,
  tieBreak: (a: T, b: T) => number,
): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b) || tieBreak(a, b));
}

/** Splits filter text into lower-case words; "key:value" words come out as fields. */
export interface FilterQuery {
  words: string[];
  fields: { key: string; value: string }[];
}

export function parseFilterQuery(text: string, fieldKeys: readonly string[]): FilterQuery {
  const words: string[] = [];
  const fields: { key: string; value: string }[] = [];
  for (const word of text.toLowerCase().split(/\s+/)) {
    if (word === '') continue;
    const colon = word.indexOf(':');
    const key = colon > 0 ? word.slice(0, colon) : '';
    if (fieldKeys.includes(key)) {
      const value = word.slice(colon + 1);
      if (value !== '') fields.push({ key, value });
    } else {
      words.push(word);
    }
  }
  return { words, fields };
}
