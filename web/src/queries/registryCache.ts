/**
 * The registry client's cache, kept between visits in IndexedDB: each repository's tags as last seen
 * (registry/storedTags.ts: digests, platforms, sizes), one entry per repository. Details by digest,
 * manifests and config blobs stay in memory only (a config carries the image's environment, which must
 * not stay on the device's disk); a repository's stored tags put their details back in memory, so a tag
 * whose digest did not change costs only its manifest.
 */
import { clear, createStore, get, set } from 'idb-keyval';
import { memoryDigestCache, type DigestCache } from '../registry/registryClient';
import { readStoredTags } from '../registry/storedTags';

const KEPT = /^tags:/;

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
      if (stored === undefined) return undefined;
      await memory.set(key, stored);
      for (const details of Object.values(readStoredTags(stored)?.details ?? {})) {
        if (details.digest) await memory.set(`details:${details.digest}`, details);
      }
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
