import { fromUnixSeconds } from './format';
import { NONE, isNoneReference, parseReference } from './reference';
import type { ContainerSummary, ImageSummary } from './types';

/** One image of GET /images/json, in Porthole's shape. */
export interface ImageRow {
  id: string;
  shortId: string;
  /** Real tags, or `<none>:<none>` / `repo:<none>` for an untagged image, as `docker images` shows. */
  repoTags: string[];
  repoDigests: string[];
  dangling: boolean;
  size: number;
  created: Date;
  /** Containers using the image; null when unknown. */
  containers: number | null;
}

/** One line of `docker images`: an image with two tags gives two lines. */
export interface ImageTagRow extends ImageRow {
  /** Unique within a list: the id plus the tag. */
  key: string;
  repoTag: string;
  repository: string;
  tag: string;
}

/** 12 hex characters after "sha256:", like the IMAGE ID column. */
export function shortId(id: string): string {
  const colon = id.indexOf(':');
  return id.slice(colon + 1, colon + 1 + 12);
}

/** Counts containers per image id, for engines that leave Summary.Containers at -1. */
export function countContainersByImage(containers: readonly ContainerSummary[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const container of containers) {
    counts.set(container.ImageID, (counts.get(container.ImageID) ?? 0) + 1);
  }
  return counts;
}

/**
 * The engine's own count wins when it computed one (≥ 0); otherwise the count from the
 * container list, when there is one.
 */
export function toImageRow(summary: ImageSummary, containerCounts?: ReadonlyMap<string, number>): ImageRow {
  const tags = (summary.RepoTags ?? []).filter((tag) => !isNoneReference(tag));
  const digests = (summary.RepoDigests ?? []).filter((digest) => !isNoneReference(digest));
  const dangling = tags.length === 0;
  let containers: number | null = null;
  if (summary.Containers >= 0) containers = summary.Containers;
  else if (containerCounts) containers = containerCounts.get(summary.Id) ?? 0;
  return {
    id: summary.Id,
    shortId: shortId(summary.Id),
    repoTags: dangling ? untaggedNames(digests) : tags,
    repoDigests: digests,
    dangling,
    size: summary.Size,
    created: fromUnixSeconds(summary.Created),
    containers,
  };
}

/** An untagged image still shows its repository when a digest names one (`nginx:<none>`). */
function untaggedNames(digests: readonly string[]): string[] {
  const repositories = [...new Set(digests.map((digest) => parseReference(digest).repository))];
  return repositories.length === 0 ? [`${NONE}:${NONE}`] : repositories.map((repo) => `${repo}:${NONE}`);
}

export function toTagRows(row: ImageRow): ImageTagRow[] {
  return row.repoTags.map((repoTag) => {
    const { repository, tag } = parseReference(repoTag);
    return { ...row, key: `${row.id} ${repoTag}`, repoTag, repository, tag: tag ?? NONE };
  });
}

export function toImageTagRows(
  summaries: readonly ImageSummary[],
  containerCounts?: ReadonlyMap<string, number>,
): ImageTagRow[] {
  return summaries.flatMap((summary) => toTagRows(toImageRow(summary, containerCounts)));
}

/** Distinct images among rows (an image with two tags is two rows, one image). */
export function countImages(rows: readonly ImageTagRow[]): number {
  return new Set(rows.map((row) => row.id)).size;
}

// Sorting

export type SortKey = 'repoTag' | 'id' | 'size' | 'created' | 'containers';
export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

/** Like `docker images`: newest first. */
export const DEFAULT_SORT: SortState = { key: 'created', direction: 'desc' };

const SORT_KEYS: readonly SortKey[] = ['repoTag', 'id', 'size', 'created', 'containers'];

/** "size-desc" (as kept in the URL) → SortState; anything else → the default. */
export function parseSort(text: string | undefined): SortState {
  const [key, direction] = (text ?? '').split('-');
  const known = SORT_KEYS.find((candidate) => candidate === key);
  if (known === undefined || (direction !== 'asc' && direction !== 'desc')) return DEFAULT_SORT;
  return { key: known, direction };
}

/** SortState → "size-desc"; undefined for the default, which the URL leaves out. */
export function formatSort(sort: SortState): string | undefined {
  if (sort.key === DEFAULT_SORT.key && sort.direction === DEFAULT_SORT.direction) return undefined;
  return `${sort.key}-${sort.direction}`;
}

/** Numbers and dates start with the biggest, names start at A. */
export function firstDirection(key: SortKey): SortDirection {
  return key === 'repoTag' || key === 'id' ? 'asc' : 'desc';
}

/** Clicking a column: the same column flips, another starts in its natural direction. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: firstDirection(key) };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareBy(key: SortKey, a: ImageTagRow, b: ImageTagRow): number {
  switch (key) {
    case 'repoTag':
      // Untagged rows go after named ones, as they carry no name to sort by.
      return Number(a.dangling) - Number(b.dangling) || collator.compare(a.repoTag, b.repoTag);
    case 'id':
      return collator.compare(a.shortId, b.shortId);
    case 'size':
      return a.size - b.size;
    case 'created':
      return a.created.getTime() - b.created.getTime();
    case 'containers':
      // Unknown counts sort below zero.
      return (a.containers ?? -1) - (b.containers ?? -1);
  }
}

/** A sorted copy; ties fall back to name then id so the order is stable. */
export function sortRows(rows: readonly ImageTagRow[], sort: SortState): ImageTagRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...rows].sort(
    (a, b) =>
      sign * compareBy(sort.key, a, b) || collator.compare(a.repoTag, b.repoTag) || a.id.localeCompare(b.id),
  );
}

// Filtering

/**
 * Every word of the query must appear in the repository, the tag, "repo:tag" or the id,
 * ignoring case. The id is matched without its "sha256:" prefix (so "25" does not match
 * every id), and a word may carry that prefix.
 */
export function filterRows(rows: readonly ImageTagRow[], query: string): ImageTagRow[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/^sha256:/, ''))
    .filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const haystack = `${row.repoTag}\n${row.id.replace(/^sha256:/, '')}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
