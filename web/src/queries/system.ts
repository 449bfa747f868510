/**
 * The engine as a whole: version, info, disk use, prune (preview, then the real thing) and
 * the live events log. Keys start with the engine name like every other area.
 */
import { queryOptions } from '@tanstack/solid-query';
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { engineUrl } from '../api/engineApi';
import { request, getJson } from '../api/http';
import type { EngineRef } from '../api/types';
import { createEventDecoder, reconnectDelay, sinceParam } from '../engine/events';
import type { EngineEvent, Version } from '../engine/types';
import { normalizeDiskUsage, type RawDiskUsage } from '../system/df';
import { EVENT_LOG_CAP, appendEvents, toEventRow, type EventRow } from '../system/eventLog';
import type { EngineInfo } from '../system/info';
import { gatherPruneInputs, type EngineGet } from '../system/pruneInputs';
import { planAll, pruneQuery, readPruneReport, type PruneKind, type PruneOptions, type PruneOutcome, type PrunePlan, type PruneReport } from '../system/prune';
import { systemKeys } from './keys';

export function versionOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: systemKeys.version(engine.name),
    queryFn: ({ signal }) => getJson<Version>(engineUrl(engine, '/version'), signal),
    staleTime: 60_000,
  });
}

export function infoOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: systemKeys.info(engine.name),
    queryFn: ({ signal }) => getJson<EngineInfo>(engineUrl(engine, '/info'), signal),
  });
}

export function diskUsageOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: systemKeys.df(engine.name),
    // verbose=1: API 1.52 sends the items only when asked; older engines ignore it.
    queryFn: async ({ signal }) => normalizeDiskUsage(await getJson<RawDiskUsage>(engineUrl(engine, '/system/df', { verbose: '1' }), signal)),
    // /system/df walks every layer and volume on disk: not on every visit.
    staleTime: 60_000,
  });
}

/** What a prune would remove, from the engine's state read fresh (a preview must not be stale). */
export async function previewPrune(engine: EngineRef, kinds: readonly PruneKind[], options: PruneOptions, signal?: AbortSignal): Promise<{ plans: PrunePlan[]; knownImages: Set<string> }> {
  const get: EngineGet = (path, query) => getJson(engineUrl(engine, path, query), signal);
  const inputs = await gatherPruneInputs(get, kinds, options);
  return { plans: planAll(kinds, inputs, options), knownImages: new Set(inputs.images.map((i) => i.Id)) };
}

const PRUNE_PATH: Record<PruneKind, string> = {
  containers: '/containers/prune',
  images: '/images/prune',
  networks: '/networks/prune',
  volumes: '/volumes/prune',
  buildCache: '/build/prune',
};

export async function runPrune(engine: EngineRef, kind: PruneKind, options: PruneOptions, knownImages: ReadonlySet<string>): Promise<PruneOutcome> {
  const response = await request(engineUrl(engine, PRUNE_PATH[kind], pruneQuery(kind, options)), { method: 'POST' });
  return readPruneReport(kind, (await response.json()) as PruneReport, knownImages);
}

export interface EventLogState {
  rows: EventRow[];
  status: 'connecting' | 'live' | 'down';
  error: string | null;
}

const FLUSH_MS = 200;

/**
 * A live GET /events of every type while the caller lives (no polling): decoded as it
 * streams, flushed into a signal at most every 200 ms, capped at EVENT_LOG_CAP rows, and
 * reconnected with backoff from the last event seen.
 */
export function createEventLog(engine: EngineRef, cap = EVENT_LOG_CAP, historySeconds = 0): Accessor<EventLogState> {
  const [state, setState] = createSignal<EventLogState>({ rows: [], status: 'connecting', error: null });
  let closed = false;
  let controller: AbortController | null = null;
  let pending: EventRow[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: EngineEvent | null = null;
  const flush = (): void => {
    timer = null;
    const rows = pending;
    pending = [];
    setState((s) => ({ ...s, rows: appendEvents(s.rows, rows, cap) }));
  };
  const run = async (): Promise<void> => {
    for (let attempt = 0; !closed; attempt++) {
      controller = new AbortController();
      try {
        const query: Record<string, string> = {};
        // Starting now (or historySeconds back), or from the last event after a reconnect.
        query['since'] = sinceParam(last) ?? String(Math.floor(Date.now() / 1000) - historySeconds);
        const response = await request(engineUrl(engine, '/events', query), { signal: controller.signal });
        setState((s) => ({ ...s, status: 'live', error: null }));
        attempt = 0;
        const reader = response.body?.getReader();
        if (!reader) throw new Error('the events answer has no body');
        const decoder = createEventDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          const events = done ? decoder.end() : decoder.push(value);
          for (const event of events) {
            last = event;
            pending.push(toEventRow(event));
          }
          if (pending.length && timer === null) timer = setTimeout(flush, FLUSH_MS);
          if (done) break;
        }
        throw new Error('the engine ended the events stream');
      } catch (error) {
        if (closed) return;
        setState((s) => ({ ...s, status: 'down', error: error instanceof Error ? error.message : String(error) }));
      }
      await new Promise((resolve) => setTimeout(resolve, reconnectDelay(attempt)));
    }
  };
  void run();
  onCleanup(() => {
    closed = true;
    controller?.abort();
    if (timer !== null) clearTimeout(timer);
  });
  return state;
}
