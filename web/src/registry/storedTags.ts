/**
 * A repository's tags as last seen (each tag's details), kept between visits so the tag list shows
 * at once, marked as stored, while the registry is asked again. Pure: registryClient.ts keeps it in
 * the digest cache (IndexedDB, cleared at logout); details carry no secrets (digests, platforms, sizes).
 */
import type { RepositoryRef } from './reference';
import type { TagDetails } from './tags';

export interface StoredTags {
  /** When the newest of these details was read from the registry (ms). */
  at: number;
  details: Record<string, TagDetails>;
}

export function storedTagsKey(ref: RepositoryRef): string {
  return `tags:${ref.registry}/${ref.path}`;
}

/** A stored value as read back: anything else (an older shape, a damaged entry) counts as nothing stored. */
export function readStoredTags(value: unknown): StoredTags | null {
  if (typeof value !== 'object' || value === null) return null;
  const { at, details } = value as Partial<StoredTags>;
  if (typeof at !== 'number' || typeof details !== 'object' || details === null) return null;
  return { at, details };
}

/**
 * The stored tags after new answers: `fresh` replaces what was stored for those tags; with `listed`
 * (the registry's current tag list), tags no longer listed are dropped.
 */
export function mergeStoredTags(previous: StoredTags | null, fresh: readonly TagDetails[], at: number, listed?: readonly string[]): StoredTags {
  const details: Record<string, TagDetails> = { ...previous?.details };
  for (const tag of fresh) details[tag.tag] = tag;
  if (listed) {
    const keep = new Set(listed);
    for (const tag of Object.keys(details)) if (!keep.has(tag)) delete details[tag];
  }
  return { at: fresh.length > 0 ? at : (previous?.at ?? at), details };
}

/** The tag names to list: the registry's, or while it has not answered, the stored ones (null: nothing to show yet). */
export function tagNamesToShow(listed: readonly string[] | undefined, stored: StoredTags | null | undefined): readonly string[] | null {
  if (listed) return listed;
  const names = Object.keys(stored?.details ?? {});
  return names.length > 0 ? names : null;
}
