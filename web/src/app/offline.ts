/**
 * Offline: which cached data is worth keeping for the next start, and how to say how old
 * what is shown is. Pure; app/offlineStore.ts does the IndexedDB part.
 */
import { NETWORK_ERROR, isApiError } from '../api/errors';
import { humanDuration } from '../engine/format';

/** Engine areas kept for offline use (lists and pages, per engine: the engine is the key's first part). */
const PERSISTED_AREAS = new Set(['containers', 'images', 'networks', 'volumes']);

/**
 * Keys worth persisting: the proxy's engine list and session (so the app opens without a
 * network), and each engine's inventories: the lists (and volume sizes). Not the inspect
 * pages: a container's inspect data carries its environment, often secrets, which must
 * not stay on the device's disk. Not sizes, streams or anything else either.
 */
export function shouldPersistKey(key: readonly unknown[]): boolean {
  const [first, second, third] = key;
  // Registry checks ("newer image available") keep their time: Docker Hub limits how often it may be asked.
  if (first === 'proxy') return second === 'engines' || second === 'session' || (second === 'registries' && third === 'current');
  return typeof first === 'string' && typeof second === 'string' && PERSISTED_AREAS.has(second) && (third === 'list' || third === 'usage');
}

/**
 * What a write of the stored inventory must change, query by query: the queries whose data is new
 * since it was stored (`stored`: hash → when the stored data was fetched), and the hashes no longer
 * kept. A fetch that started, an observer added: nothing to write.
 */
export function storedChanges<Q extends { queryHash: string; state: { dataUpdatedAt: number } }>(
  stored: ReadonlyMap<string, number>,
  queries: readonly Q[],
): { put: Q[]; remove: string[] } {
  const put = queries.filter((query) => stored.get(query.queryHash) !== query.state.dataUpdatedAt);
  const kept = new Set(queries.map((query) => query.queryHash));
  return { put, remove: [...stored.keys()].filter((hash) => !kept.has(hash)) };
}

/** What is kept of a query's state (TanStack's QueryState, the fields this module reads). */
export interface StoredState {
  status: 'pending' | 'error' | 'success';
  data?: unknown;
  error: unknown;
  fetchFailureCount: number;
  fetchFailureReason: unknown;
}

/**
 * A query worth storing holds data. A list whose refresh failed since (the engine went away) still holds the
 * last data it got: that is exactly what the next start needs offline, so it is kept, not dropped.
 */
export function hasStoredData(state: Pick<StoredState, 'data'>): boolean {
  return state.data !== undefined;
}

/**
 * The state as stored: the last data, as the success it was (its dataUpdatedAt still says when), without the
 * failed refresh (whose error would come back on the next start as if it were new, and is no data to keep).
 */
export function storedState<S extends StoredState>(state: S): S {
  if (state.status !== 'error' || state.data === undefined) return state;
  return { ...state, status: 'success', error: null, fetchFailureCount: 0, fetchFailureReason: null };
}

/** The proxy or the engine did not answer (as opposed to refusing or not finding). */
export function isUnreachable(error: unknown): boolean {
  return isApiError(error) && (error.status === NETWORK_ERROR || error.status === 502 || error.status === 503 || error.status === 504);
}

/** "14:02", or "3 May 14:02" when not today. */
export function formatClock(at: Date, now: Date): string {
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (at.toDateString() === now.toDateString()) return time;
  return `${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${time}`;
}

/** "as of 14:02, 3 minutes ago" for data fetched at `updatedAt` (ms). */
export function formatAsOf(updatedAt: number, now: Date): string {
  const at = new Date(updatedAt);
  const age = Math.max(0, now.getTime() - updatedAt);
  const ago = age < 60_000 ? 'less than a minute' : humanDuration(age).toLowerCase();
  return `as of ${formatClock(at, now)}, ${ago} ago`;
}

/**
 * Data fetched before this page opened came from the stored inventory (IndexedDB): shown at once,
 * marked with its age until the refresh that follows replaces it.
 */
export function isStored(updatedAt: number, openedAt: number): boolean {
  return updatedAt > 0 && updatedAt < openedAt;
}

/** "stored 3 minutes ago": the short mark of stored data (the badge's room is small on phones). */
export function formatStoredAge(updatedAt: number, now: Date): string {
  const age = Math.max(0, now.getTime() - updatedAt);
  return `stored ${age < 60_000 ? 'less than a minute' : humanDuration(age).toLowerCase()} ago`;
}
