/**
 * The last known inventory of each engine, kept in IndexedDB through TanStack Query's
 * persister. Query keys start with the engine name, so what is stored is per engine; the
 * proxy's engine list and the session are kept too, so the installed app opens offline.
 * Objects are stored as they are (IndexedDB clones them): no JSON round trip.
 *
 * Each query is its own IndexedDB entry, written only when its data changed and when the page is
 * idle: writing is a structured clone on the main thread (hundreds of ms for 2,000 containers on a
 * busy phone), so a session check or an engines refresh must not write every list again, and no
 * write may land between the restore and the first row.
 */
import type { PersistQueryClientOptions, PersistedClient, Persister } from '@tanstack/solid-query-persist-client';
import { clear, createStore, delMany, entries, setMany, type UseStore } from 'idb-keyval';
import { CACHE_TIME } from './queryClient';
import { hasStoredData, shouldPersistKey, storedChanges, storedState } from './offline';

/** Bump when the cached shapes change: older caches are then dropped. */
const BUSTER = 'inventory-2';
/** The entry holding the buster, the time of the last write and the paused mutations; the rest are queries. */
const META = 'meta';
const QUERY = 'query:';

type Options = Omit<PersistQueryClientOptions, 'queryClient'>;
type StoredQuery = PersistedClient['clientState']['queries'][number];
interface Meta {
  buster: string;
  timestamp: number;
  mutations: PersistedClient['clientState']['mutations'];
}

const openStore = () => createStore('porthole', 'query-cache');

/**
 * Set in localStorage (read at once, unlike IndexedDB) when an inventory was stored: a first start, with nothing
 * stored, then neither opens IndexedDB nor waits for it before the first fetches' answers show (opening it in a
 * new profile took 0.6-2.4 s of a cold start under load). Unreadable storage: assume something is stored.
 */
const STORED_MARK = 'porthole:stored';

function setStoredMark(stored: boolean): void {
  try {
    if (stored) localStorage.setItem(STORED_MARK, '1');
    else localStorage.removeItem(STORED_MARK);
  } catch {
    // Storage refused (private mode): the next start reads IndexedDB anyway.
  }
}

function mayHoldStored(): boolean {
  try {
    return localStorage.getItem(STORED_MARK) !== null;
  } catch {
    return true;
  }
}

/** Deletes the stored inventories at once (logout): an idle write alone could leave them a while. */
export async function forgetOffline(): Promise<void> {
  setStoredMark(false);
  if (typeof indexedDB !== 'undefined') await clear(openStore());
}

/** Runs `work` when the page is idle (the first row painted, no input waiting), or after at most 3 s. */
function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => work(), { timeout: 3_000 });
  else setTimeout(work, 200);
}

function createIndexedDbPersister(): Persister {
  // Opened on first use: a first start reads nothing and writes once the page is idle.
  let opened: UseStore | null = null;
  const store = (): UseStore => (opened ??= openStore());
  /** What IndexedDB holds: each query's hash and when its stored data was fetched. */
  let stored = new Map<string, number>();
  let pending: PersistedClient | null = null;
  let writing: Promise<void> = Promise.resolve();

  const write = async (client: PersistedClient): Promise<void> => {
    const { put, remove } = storedChanges(stored, client.clientState.queries);
    const meta: Meta = { buster: client.buster, timestamp: client.timestamp, mutations: client.clientState.mutations };
    await setMany([[META, meta], ...put.map((query): [string, StoredQuery] => [QUERY + query.queryHash, { ...query, state: storedState(query.state) }])], store());
    setStoredMark(true);
    if (remove.length) await delMany(remove.map((hash) => QUERY + hash), store());
    stored = new Map(client.clientState.queries.map((query) => [query.queryHash, query.state.dataUpdatedAt]));
  };

  return {
    persistClient: (client) => {
      // Told of every cache event (a fetch starting, an observer added): only new data is worth a write.
      const { put, remove } = storedChanges(stored, client.clientState.queries);
      if (put.length === 0 && remove.length === 0 && pending === null) return;
      const scheduled = pending !== null;
      pending = client;
      if (scheduled) return;
      whenIdle(() => {
        writing = writing.then(async () => {
          const next = pending;
          pending = null;
          if (next) await write(next).catch(() => undefined);
        });
      });
    },
    restoreClient: async () => {
      if (!mayHoldStored()) return undefined;
      const all = await entries<string, Meta | StoredQuery>(store());
      // For the benchmark's timeline (tests/bench/pwa.ts): when IndexedDB handed the stored inventory back.
      performance.mark('porthole:stored-read');
      const meta = all.find(([key]) => key === META)?.[1] as Meta | undefined;
      // The single entry of the first stored format (and anything else unknown) goes.
      const unknown = all.map(([key]) => key).filter((key) => key !== META && !key.startsWith(QUERY));
      if (unknown.length) void delMany(unknown, store()).catch(() => undefined);
      if (!meta) return undefined;
      const queries = all.filter(([key]) => key.startsWith(QUERY)).map(([, query]) => query as StoredQuery);
      stored = new Map(queries.map((query) => [query.queryHash, query.state.dataUpdatedAt]));
      return { buster: meta.buster, timestamp: meta.timestamp, clientState: { queries, mutations: meta.mutations } };
    },
    removeClient: async () => {
      stored = new Map();
      setStoredMark(false);
      await clear(store());
    },
  };
}

export function createPersistOptions(): Options | null {
  if (typeof indexedDB === 'undefined') return null;
  return {
    persister: createIndexedDbPersister(),
    maxAge: CACHE_TIME,
    buster: BUSTER,
    dehydrateOptions: {
      // Also a list whose refresh failed since (the engine went away): its last data is what an offline start
      // needs; dropping it left the next start with no rows at all.
      shouldDehydrateQuery: (query) => hasStoredData(query.state) && shouldPersistKey(query.queryKey),
    },
  };
}
