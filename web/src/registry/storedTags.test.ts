import { describe, expect, test } from 'vitest';
import { mergeStoredTags, readStoredTags, storedTagsKey, tagNamesToShow, type StoredTags } from './storedTags';
import { parseRepository } from './reference';
import type { TagDetails } from './tags';

const details = (tag: string, digest: string): TagDetails => ({ tag, digest, mediaType: null, multiPlatform: false, platforms: [{ os: 'linux', architecture: 'amd64', variant: null, digest, size: null }], size: null, updated: null });

describe('stored tags', () => {
  test('one key per repository, registry and path', () => {
    expect(storedTagsKey(parseRepository('127.0.0.1:5000/team/app'))).toBe('tags:127.0.0.1:5000/team/app');
  });

  test('new answers replace a tag’s stored details and move the time; others stay', () => {
    const before: StoredTags = { at: 1, details: { a: details('a', 'sha256:1'), b: details('b', 'sha256:2') } };
    const after = mergeStoredTags(before, [details('a', 'sha256:3')], 5);
    expect(after).toEqual({ at: 5, details: { a: details('a', 'sha256:3'), b: details('b', 'sha256:2') } });
    expect(before.details.a?.digest).toBe('sha256:1');
  });

  test('the registry’s tag list drops tags no longer listed, without moving the time', () => {
    const before: StoredTags = { at: 1, details: { a: details('a', 'sha256:1'), gone: details('gone', 'sha256:2') } };
    expect(mergeStoredTags(before, [], 9, ['a', 'new'])).toEqual({ at: 1, details: { a: details('a', 'sha256:1') } });
    expect(mergeStoredTags(null, [], 9, ['a'])).toEqual({ at: 9, details: {} });
  });

  test('what is read back must have the stored shape, or counts as nothing stored', () => {
    expect(readStoredTags(undefined)).toBeNull();
    expect(readStoredTags({ details: {} })).toBeNull();
    expect(readStoredTags({ at: 1, details: null })).toBeNull();
    expect(readStoredTags({ at: 1, details: {} })).toEqual({ at: 1, details: {} });
  });

  test('names shown: the registry’s list once it answered, the stored ones before, nothing when none is stored', () => {
    const stored: StoredTags = { at: 1, details: { a: details('a', 'sha256:1') } };
    expect(tagNamesToShow(['a', 'b'], stored)).toEqual(['a', 'b']);
    expect(tagNamesToShow([], stored)).toEqual([]);
    expect(tagNamesToShow(undefined, stored)).toEqual(['a']);
    expect(tagNamesToShow(undefined, { at: 1, details: {} })).toBeNull();
    expect(tagNamesToShow(undefined, null)).toBeNull();
  });
});
