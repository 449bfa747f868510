/** A tag as the tags view shows it, whichever API it came from. */
import type { Platform } from './manifest';

export interface TagDetails {
  tag: string;
  /** What the tag points at (index or manifest). */
  digest: string | null;
  mediaType: string | null;
  /** True when the tag is an index (even one with a single platform left). */
  multiPlatform: boolean;
  platforms: Platform[];
  /** Compressed size of a single-platform tag, when the manifest gives it. */
  size: number | null;
  /** ISO 8601, Docker Hub only. */
  updated: string | null;
}

/** Natural order, newest-looking versions last: 1.9 before 1.10. */
export function sortTags(tags: readonly string[]): string[] {
  return [...tags].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Tags that contain the filter text (case-insensitive). */
export function filterTags(tags: readonly string[], filter: string): string[] {
  const needle = filter.trim().toLowerCase();
  return needle === '' ? [...tags] : tags.filter((tag) => tag.toLowerCase().includes(needle));
}
