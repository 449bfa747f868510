/**
 * The registry client's digest cache, kept between visits in IndexedDB: a tag's details (digest,
 * platforms, sizes) by digest. Manifests and config blobs stay in memory only: a config carries the
 * image's environment, which must not stay on the device's disk.
 */
import { clear, createStore, get, set } from 'idb-keyval';
import { memoryDigestCache, type DigestCache } from '../registry/registryClient';

const KEPT = /^details:/;

const openStore = () => createStore('porthole-registry', 'by-digest');

export function createRegistryCache(): DigestCache {
  const memory = memoryDigestCache();
  if (typeof indexedDB === 'undefined') return memory;
  const store = openStore();
  return {
    async get(key) {
      const held = await memory.get(key);
      if (held !== undefined || !KEPT.test(key)) return held;
      const stored = await get(key, store);
      if (stored !== undefined) await memory.set(key, stored);
      return stored;
    },
    async set(key, value) {
      await memory.set(key, value);
      if (KEPT.test(key)) await set(key, value, store);
    },
  };
}

/** Logout: what was learnt of registries goes with the session. */
export async function forgetRegistryCache(): Promise<void> {
  if (typeof indexedDB !== 'undefined') await clear(openStore());
}
