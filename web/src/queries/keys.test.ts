import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { shouldPersistKey } from '../app/offline';
import { containerKeys, imageKeys, newerKeys, registryKeys } from './keys';

const SRC = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Where `text` builds a query key by hand (an array literal) instead of asking a factory in keys.ts. */
function literalKeys(text: string): string[] {
  return [...text.matchAll(/(?:queryKey\s*:|(?:get|set)QueryData(?:<[^>]*>)?\()\s*\[[^\n]*/g)].map((m) => m[0]);
}

describe('query keys come from the factories in keys.ts only', () => {
  test('the check finds a literal key', () => {
    expect(literalKeys("useQuery(() => ({ queryKey: [engine, 'containers', 'x'], queryFn }))")).toHaveLength(1);
    expect(literalKeys("queryClient.setQueryData(['proxy', 'session'], null)")).toHaveLength(1);
    expect(literalKeys("invalidateQueries({ queryKey: [...containerKeys.detail(e, id), 'top'] })")).toHaveLength(1);
    expect(literalKeys('invalidateQueries({ queryKey: containerKeys.list(engine) })')).toEqual([]);
  });

  test('no module outside keys.ts writes a key by hand', () => {
    const found = sources(SRC)
      .filter((path) => !path.endsWith(join('queries', 'keys.ts')))
      .flatMap((path) => literalKeys(readFileSync(path, 'utf8')).map((hit) => `${relative(SRC, path)}: ${hit}`));
    expect(found).toEqual([]);
  });
});

describe('where keys sit', () => {
  test("a container's changes and processes sit below its detail, so its events refresh them", () => {
    const detail = containerKeys.detail('local', 'abc');
    expect(containerKeys.changes('local', 'abc').slice(0, detail.length)).toEqual(detail);
    expect(containerKeys.top('local', 'abc').slice(0, detail.length)).toEqual(detail);
  });

  test('registry checks (newer images) are kept offline with their time; other registry lookups are not', () => {
    expect(shouldPersistKey(newerKeys.head('docker.io', 'library/nginx', 'latest'))).toBe(true);
    expect(shouldPersistKey(newerKeys.resolved('docker.io', 'library/nginx', 'sha256:1', 'linux/amd64'))).toBe(true);
    expect(shouldPersistKey(registryKeys.tags('docker.io', 'library/nginx'))).toBe(false);
  });

  test('only lists are kept offline: not changes, processes, inspect data or layer contents', () => {
    expect(shouldPersistKey(containerKeys.list('local'))).toBe(true);
    expect(shouldPersistKey(imageKeys.list('local'))).toBe(true);
    for (const key of [containerKeys.changes('local', 'abc'), containerKeys.top('local', 'abc'), containerKeys.detail('local', 'abc'), imageKeys.contents('local', 'sha256:1'), imageKeys.history('local', 'sha256:1')]) {
      expect(shouldPersistKey(key)).toBe(false);
    }
  });
});
