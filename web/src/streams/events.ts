/**
 * One GET /events stream per engine keeps every list and page current: events patch the
 * cached container list at once (state, removal) and invalidate what they change, by key,
 * in batches. The stream reconnects by itself with backoff and, once back, asks for what
 * it missed (`since=` the last event) and invalidates whatever was fetched before it.
 *
 * Views call useEngineEvents(engine): the first user opens the stream, the last one to
 * leave closes it after a grace period, so moving between pages keeps one stream open.
 * A caller that must act on an event itself (followed logs waiting for a start) passes a
 * listener, which hears every event of the stream until the caller goes away.
 */
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/solid-query';
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { engineUrl } from '../api/engineApi';
import { onEngineAnswered } from '../api/engineAnswers';
import { isApiError } from '../api/errors';
import { request } from '../api/http';
import type { EngineRef } from '../api/types';
import { patchContainerInspect, patchContainerList, upsertContainers } from '../engine/containers';
import { createEventDecoder, eventEffects, reconnectDelay, sinceParam, type EventEffect } from '../engine/events';
import type { ContainerInspect, ContainerSummary, EngineEvent } from '../engine/types';
import { containerKeys, imageKeys, networkKeys, volumeKeys } from '../queries/keys';
import { patchHostRiskState, type HostRisks } from '../system/hostRisk';
import { fetchContainersById } from '../queries/containers';

export type LiveStatus = 'connecting' | 'live' | 'down';

export interface LiveState {
  status: LiveStatus;
  /** When the stream last went down (ms), for "offline since". */
  since: number | null;
  error: string | null;
}

/** Event types the views care about; the engine filters the rest out. */
const TYPES = ['container', 'image', 'network', 'volume'];
/**
 * A container's event refreshes its own row (one small filtered listing for the events of a short spell),
 * not the whole list: with thousands of containers a full listing takes the engine a second.
 */
const ROW_BATCH_MS = 15;
/** More changed containers than this at once: the whole list is fetched instead. */
const ROW_REFRESH_MAX = 40;
/** Invalidations wait this long for more events, and never more than MAX_WAIT_MS. */
const BATCH_MS = 120;
const MAX_WAIT_MS = 800;
/** How long a stream stays open after its last view went away. */
const GRACE_MS = 15_000;
const AREAS = ['containers', 'images', 'networks', 'volumes'];
const PENDING_IS_LIVE_MS = 1000;

interface EngineStream {
  key: string;
  state: Accessor<LiveState>;
  users: number;
  closeTimer: ReturnType<typeof setTimeout> | null;
  listeners: Set<EngineEventListener>;
  close(): void;
}

export type EngineEventListener = (event: EngineEvent) => void;

const streams = new Map<string, EngineStream>();

/**
 * The live state of `engine`'s events stream; keeps the stream open while the caller lives, and
 * calls `listener` with each event (after the cache effects) until then.
 */
export function useEngineEvents(engine: EngineRef, listener?: EngineEventListener): Accessor<LiveState> {
  const queryClient = useQueryClient();
  const key = `${engine.name}\n${engine.apiVersion}`;
  let stream = streams.get(key);
  if (!stream) {
    stream = openStream(engine, queryClient, key);
    streams.set(key, stream);
  }
  const held = stream;
  held.users++;
  if (held.closeTimer !== null) {
    clearTimeout(held.closeTimer);
    held.closeTimer = null;
  }
  if (listener) held.listeners.add(listener);
  onCleanup(() => {
    if (listener) held.listeners.delete(listener);
    held.users--;
    if (held.users > 0) return;
    held.closeTimer = setTimeout(() => {
      if (held.users === 0) held.close();
    }, GRACE_MS);
  });
  return held.state;
}

function openStream(engine: EngineRef, queryClient: QueryClient, key: string): EngineStream {
  const [state, setState] = createSignal<LiveState>({ status: 'connecting', since: null, error: null });
  let closed = false;
  let controller: AbortController | null = null;
  let wake: (() => void) | null = null;
  let lastEvent: EngineEvent | null = null;
  /** Failed connections in a row: the backoff. */
  let attempt = 0;
  const batch = createInvalidationBatch(queryClient, engine.name);
  const rows = createRowRefresh(queryClient, engine);
  const listeners = new Set<EngineEventListener>();

  const goDown = (error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    setState((previous) => ({
      status: 'down',
      since: previous.status === 'down' ? previous.since : Date.now(),
      error: message,
    }));
  };

  const apply = (event: EngineEvent): void => {
    for (const effect of eventEffects(event)) {
      if (effect.kind !== 'invalidate') patchNow(queryClient, engine.name, effect);
      else if (effect.area === 'containers' && effect.id) {
        rows.add(effect.id);
        batch.add(effect);
      } else batch.add(effect);
    }
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('events listener', error);
      }
    }
  };

  const connectOnce = async (): Promise<void> => {
    controller = new AbortController();
    const query: Record<string, string> = { filters: JSON.stringify({ type: TYPES }) };
    const since = sinceParam(lastEvent);
    if (since !== null) query['since'] = since;
    const askedAt = Date.now();
    let live = false;
    const markLive = (): void => {
      if (live || closed) return;
      live = true;
      setState({ status: 'live', since: null, error: null });
      attempt = 0;
      // Anything fetched before the engine started telling us may have missed a change.
      invalidateOlderThan(queryClient, engine.name, askedAt);
    };
    // The engine answers at once, but a proxy may hold the headers back until the first
    // event. A request that neither failed nor ended within a second is listening: an
    // unreachable proxy or engine fails fast (network error, 502).
    const listening = setTimeout(markLive, PENDING_IS_LIVE_MS);
    let response: Response;
    try {
      response = await request(engineUrl(engine, '/events', query), { signal: controller.signal });
    } finally {
      clearTimeout(listening);
    }
    const body = response.body;
    if (!body) throw new Error('the events answer has no body');
    markLive();
    const reader = body.getReader();
    const decoder = createEventDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const event of decoder.push(value)) {
          lastEvent = event;
          apply(event);
        }
      }
      for (const event of decoder.end()) apply(event);
    } finally {
      reader.releaseLock();
    }
    throw new Error('the engine ended the events stream');
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  const run = async (): Promise<void> => {
    while (!closed) {
      try {
        await connectOnce();
      } catch (error) {
        if (closed) break;
        goDown(error);
        // A 401 means the session is over: the login page takes over; try again slowly.
        if (isApiError(error) && error.status === 401) attempt = Math.max(attempt, 6);
        // The proxy answered at once that the engine did not (502): asking again is cheap, so the backoff stays
        // short (about 2 s), and any other answer from the engine wakes it sooner (below).
        else if (isApiError(error) && [502, 503, 504].includes(error.status)) attempt = Math.min(attempt, 2);
      }
      if (closed) break;
      await sleep(reconnectDelay(attempt));
      attempt++;
    }
  };

  // Back online, or back to the tab: try at once instead of waiting out the backoff.
  const retryNow = (): void => {
    if (document.visibilityState === 'visible') wake?.();
  };
  const dropped = (): void => controller?.abort();
  // The engine answered something else (a list, a console's check, another tab): it is back, try now.
  const stopHearing = onEngineAnswered((name) => {
    if (name === engine.name && state().status === 'down') wake?.();
  });
  window.addEventListener('online', retryNow);
  window.addEventListener('offline', dropped);
  document.addEventListener('visibilitychange', retryNow);

  void run();

  return {
    key,
    state,
    users: 0,
    closeTimer: null,
    listeners,
    close() {
      closed = true;
      streams.delete(key);
      controller?.abort();
      wake?.();
      batch.dispose();
      stopHearing();
      rows.dispose();
      window.removeEventListener('online', retryNow);
      window.removeEventListener('offline', dropped);
      document.removeEventListener('visibilitychange', retryNow);
    },
  };
}

/** State changes and removals show at once, before the refetch that follows. */
export function patchNow(queryClient: QueryClient, engine: string, effect: EventEffect): void {
  const patch = (list: ContainerSummary[] | undefined): ContainerSummary[] | undefined =>
    list === undefined ? undefined : (patchContainerList(list, effect) as ContainerSummary[]);
  queryClient.setQueryData<ContainerSummary[]>(containerKeys.list(engine), patch);
  queryClient.setQueryData<ContainerSummary[]>(containerKeys.sizes(engine), patch);
  // Its page too (opened by id or by name), whose refetch may fail if the engine is going away.
  const details = containerKeys.details(engine);
  queryClient.setQueriesData<ContainerInspect>(
    { queryKey: details, predicate: (query) => query.queryKey.length === details.length + 1 },
    (inspect) => (inspect === undefined ? undefined : patchContainerInspect(inspect, effect)),
  );
  // The host-risk rows show each container's state too; which containers are listed follows a new judgement.
  if (effect.kind === 'invalidate') return;
  const state = effect.kind === 'containerState' ? effect.state : null;
  queryClient.setQueryData<HostRisks>(containerKeys.hostRisk(engine), (risks) => (risks === undefined ? undefined : patchHostRiskState(risks, effect.id, state)));
}

function invalidateOlderThan(queryClient: QueryClient, engine: string, time: number): void {
  void queryClient.invalidateQueries(
    {
      predicate: (query) =>
        query.queryKey[0] === engine &&
        AREAS.includes(String(query.queryKey[1])) &&
        query.state.dataUpdatedAt < time &&
        query.state.fetchStatus !== 'fetching',
    },
    { cancelRefetch: false },
  );
}

function keysFor(engine: string, effect: Extract<EventEffect, { kind: 'invalidate' }>): QueryKey[] {
  switch (effect.area) {
    case 'containers':
      // One container's change refreshes its row by itself (createRowRefresh), and its page here.
      return effect.id ? [containerKeys.detail(engine, effect.id)] : [containerKeys.list(engine)];
    case 'images':
      // An image event names the image by id, a tag or a digest: refresh every image page.
      return [imageKeys.list(engine), ...(effect.id ? [imageKeys.all(engine)] : [])];
    case 'networks':
      return [networkKeys.list(engine), ...(effect.id ? [networkKeys.details(engine)] : [])];
    case 'volumes':
      return [volumeKeys.list(engine), ...(effect.id ? [volumeKeys.detail(engine, effect.id)] : [])];
    case 'volumeUsage':
      return [volumeKeys.usage(engine)];
    case 'hostRisk':
      // Inspects every container: fetched again only while a view shows it (inactive queries just go stale).
      return [containerKeys.hostRisk(engine)];
  }
}

/**
 * Refreshes the listed rows of changed containers: their ids are gathered for ROW_BATCH_MS, then one
 * filtered listing answers for all of them and is put into the cached list (new rows added, gone ones
 * removed). Many at once, or a failure, falls back to fetching the whole list.
 */
export function createRowRefresh(queryClient: QueryClient, engine: EngineRef) {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let disposed = false;
  const key = containerKeys.list(engine.name);
  const wholeList = (): void => void queryClient.invalidateQueries({ queryKey: key }, { cancelRefetch: false });

  const flush = async (): Promise<void> => {
    timer = null;
    if (running || pending.size === 0 || disposed) return;
    const ids = [...pending];
    pending.clear();
    // Nothing listed yet: the list's own first fetch will have them.
    if (queryClient.getQueryData(key) === undefined) return;
    if (ids.length > ROW_REFRESH_MAX) return wholeList();
    running = true;
    try {
      const fresh = await fetchContainersById(engine, ids);
      if (!disposed) queryClient.setQueryData<ContainerSummary[]>(key, (list) => (list === undefined ? undefined : (upsertContainers(list, fresh, ids) as ContainerSummary[])));
    } catch {
      if (!disposed) wholeList();
    } finally {
      running = false;
      if (pending.size > 0 && timer === null) timer = setTimeout(() => void flush(), ROW_BATCH_MS);
    }
  };

  return {
    add(id: string): void {
      pending.add(id);
      if (timer === null && !running) timer = setTimeout(() => void flush(), ROW_BATCH_MS);
    },
    dispose(): void {
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      pending.clear();
    },
  };
}

/**
 * Collects invalidations and sends them in one go. A list that is being fetched is not
 * interrupted (with thousands of containers a burst of events would otherwise restart it
 * forever): it is invalidated again once that fetch is over.
 */
export function createInvalidationBatch(queryClient: QueryClient, engine: string) {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstAt = 0;

  const flush = (): void => {
    timer = null;
    const later: QueryKey[] = [];
    for (const key of pending.values()) {
      const query = queryClient.getQueryCache().find({ queryKey: key, exact: true });
      if (query?.state.fetchStatus === 'fetching') later.push(key);
      else void queryClient.invalidateQueries({ queryKey: key }, { cancelRefetch: false });
    }
    pending.clear();
    if (later.length > 0) {
      for (const key of later) pending.set(JSON.stringify(key), key);
      firstAt = Date.now();
      timer = setTimeout(flush, BATCH_MS);
    }
  };

  return {
    add(effect: Extract<EventEffect, { kind: 'invalidate' }>): void {
      for (const key of keysFor(engine, effect)) pending.set(JSON.stringify(key), key);
      if (timer === null) {
        firstAt = Date.now();
        timer = setTimeout(flush, BATCH_MS);
      } else if (Date.now() - firstAt < MAX_WAIT_MS) {
        clearTimeout(timer);
        timer = setTimeout(flush, BATCH_MS);
      }
    },
    dispose(): void {
      if (timer !== null) clearTimeout(timer);
      pending.clear();
    },
  };
}
