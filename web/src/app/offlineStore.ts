/**
 * The last known inventory of each engine, kept in IndexedDB through TanStack Query's
 * persister. Query keys start with the engine name, so what is stored is per engine; the
 * proxy's engine list and the session are kept too, so the installed app opens offline.
 * Objects are stored as they are (IndexedDB clones them): no JSON round trip.
 */
import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister';
import type { PersistQueryClientOptions } from '@tanstack/solid-query-persist-client';
import { createStore, del, get, set } from 'idb-keyval';
import type { PersistedClient } from '@tanstack/solid-query-persist-client';
import { CACHE_TIME } from './queryClient';
import { shouldPersistKey } from './offline';

const STORAGE_KEY = 'porthole-query-cache';
/** Bump when the cached shapes change: older caches are then dropped. */
const BUSTER = 'inventory-1';

type Options = Omit<PersistQueryClientOptions, 'queryClient'>;

const openStore = () => createStore('porthole', 'query-cache');

/** Deletes the stored inventories at once (logout): the throttled persister alone could leave them a second. */
export async function forgetOffline(): Promise<void> {
  if (typeof indexedDB !== 'undefined') await del(STORAGE_KEY, openStore());
}

export function createPersistOptions(): Options | null {
  if (typeof indexedDB === 'undefined') return null;
  const store = openStore();
  // The persister's storage holds strings by type; here it holds the client object itself.
  const storage = {
    getItem: async (key: string): Promise<string | null> => ((await get<PersistedClient>(key, store)) ?? null) as unknown as string | null,
    setItem: (key: string, value: string): Promise<void> => set(key, value, store),
    removeItem: (key: string): Promise<void> => del(key, store),
  };
  const persister = createAsyncStoragePersister({
    storage,
    key: STORAGE_KEY,
    throttleTime: 1000,
    serialize: (client) => client as unknown as string,
    deserialize: (stored) => stored as unknown as PersistedClient,
  });
  return {
    persister,
    maxAge: CACHE_TIME,
    buster: BUSTER,
    dehydrateOptions: {
      shouldDehydrateQuery: (query) => query.state.status === 'success' && shouldPersistKey(query.queryKey),
    },
  };
}
