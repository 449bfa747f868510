/**
 * Pulls and pushes that outlive the page that started them. Their progress lives in the query
 * cache (one list under ['proxy', 'transfers']), so the tray and any view read it like other
 * server state; the abort controllers stay here, since they are not data.
 */
import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import { NETWORK_ERROR, isApiError } from '../api/errors';
import { readChunks, request } from '../api/http';
import type { EngineRef } from '../api/types';
import { EMPTY_TRANSFER, applyProgress, createProgressDecoder, type TransferState } from '../engine/progress';
import { parseRepository } from '../registry/reference';
import type { KnownRegistry } from '../registry/registryClient';
import { registriesOptions } from './registries';
import { imageKeys, transferKeys } from './keys';

export type TransferKind = 'pull' | 'push';
export type TransferStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface TransferJob {
  id: string;
  kind: TransferKind;
  engine: string;
  /** Repository as the engine names it: "127.0.0.1:5000/fixture/multi". */
  repository: string;
  tag: string;
  platform: string | null;
  registry: string;
  status: TransferStatus;
  state: TransferState;
  startedAt: number;
  endedAt: number | null;
}

export interface TransferRequest {
  kind: TransferKind;
  repository: string;
  tag: string;
  platform?: string | null;
}

export function transfersOptions() {
  return queryOptions({
    queryKey: transferKeys.all(),
    queryFn: (): TransferJob[] => [],
    initialData: [] as TransferJob[],
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
}

const controllers = new Map<string, AbortController>();
const FLUSH_MS = 120;
let counter = 0;

function update(queryClient: QueryClient, id: string, patch: Partial<TransferJob>): void {
  queryClient.setQueryData<TransferJob[]>(transferKeys.all(), (jobs = []) => jobs.map((job) => (job.id === id ? { ...job, ...patch } : job)));
}

/** X-Registry-Auth "{}" when the proxy holds no credentials for the registry: a push needs the header. */
function pushAuthHeader(registry: string, registries: readonly KnownRegistry[]): string | null {
  const stored = registries.find((r) => r.host === registry);
  return stored?.username ? null : 'e30=';
}

/** Starts a pull or push; resolves when it ended (however it ended). */
export async function startTransfer(
  queryClient: QueryClient,
  engine: EngineRef,
  spec: TransferRequest,
  registries: readonly KnownRegistry[],
): Promise<TransferJob> {
  counter += 1;
  const id = `${Date.now().toString(36)}-${counter}`;
  const registry = parseRepository(spec.repository).registry;
  const job: TransferJob = {
    id,
    kind: spec.kind,
    engine: engine.name,
    repository: spec.repository,
    tag: spec.tag,
    platform: spec.platform || null,
    registry,
    status: 'running',
    state: EMPTY_TRANSFER,
    startedAt: Date.now(),
    endedAt: null,
  };
  queryClient.setQueryData<TransferJob[]>(transferKeys.all(), (jobs = []) => [job, ...jobs]);
  const controller = new AbortController();
  controllers.set(id, controller);

  const headers: Record<string, string> = {};
  let url: string;
  if (spec.kind === 'pull') {
    const query: Record<string, string> = { fromImage: spec.repository, tag: spec.tag };
    if (spec.platform) query['platform'] = spec.platform;
    url = engineUrl(engine, '/images/create', query);
  } else {
    url = engineUrl(engine, `/images/${encodePathParam(spec.repository)}/push`, { tag: spec.tag });
    const auth = pushAuthHeader(registry, registries);
    if (auth) headers['X-Registry-Auth'] = auth;
  }

  let state = EMPTY_TRANSFER;
  let lastFlush = 0;
  const flush = (force: boolean): void => {
    const now = Date.now();
    if (!force && now - lastFlush < FLUSH_MS) return;
    lastFlush = now;
    update(queryClient, id, { state });
  };
  let status: TransferStatus;
  try {
    const response = await request(url, { method: 'POST', headers, signal: controller.signal });
    const decoder = createProgressDecoder();
    await readChunks(response, (chunk) => {
      for (const message of decoder.push(chunk)) state = applyProgress(state, message, Date.now());
      flush(false);
    });
    for (const message of decoder.end()) state = applyProgress(state, message, Date.now());
    status = state.error ? 'failed' : 'done';
  } catch (cause) {
    if (controller.signal.aborted) status = 'cancelled';
    else if (isApiError(cause) && cause.status !== NETWORK_ERROR) {
      // Refused or failed before it began (a 401 has shown the login page by now).
      status = 'failed';
      state = { ...state, error: cause.hint ? `${cause.message} (${cause.hint})` : cause.message };
    } else {
      status = 'failed';
      state = { ...state, error: `The connection to the proxy broke: ${cause instanceof Error ? cause.message : String(cause)}. The engine may still finish; check the image list.` };
    }
  } finally {
    controllers.delete(id);
  }
  const ended = { ...job, state, status, endedAt: Date.now() };
  update(queryClient, id, { state, status, endedAt: ended.endedAt });
  void queryClient.invalidateQueries({ queryKey: imageKeys.all(engine.name) });
  return ended;
}

/** Disconnecting is how a pull is stopped: the engine cancels it when its client goes away. */
export function cancelTransfer(id: string): void {
  controllers.get(id)?.abort();
}

export function dismissTransfer(queryClient: QueryClient, id: string): void {
  queryClient.setQueryData<TransferJob[]>(transferKeys.all(), (jobs = []) => jobs.filter((job) => job.id !== id || job.status === 'running'));
}

export function clearFinished(queryClient: QueryClient): void {
  queryClient.setQueryData<TransferJob[]>(transferKeys.all(), (jobs = []) => jobs.filter((job) => job.status === 'running'));
}

/** The transfers list and its actions, for components. */
export function useTransfers() {
  const queryClient = useQueryClient();
  const query = useQuery(() => transfersOptions());
  return {
    jobs: (): TransferJob[] => query.data ?? [],
    start: async (engine: EngineRef, spec: TransferRequest): Promise<TransferJob> => {
      // Pushes need to know whether the proxy holds credentials; a failed lookup means "none".
      const registries = await queryClient.ensureQueryData(registriesOptions()).catch((): KnownRegistry[] => []);
      return startTransfer(queryClient, engine, spec, registries);
    },
    cancel: cancelTransfer,
    dismiss: (id: string) => dismissTransfer(queryClient, id),
    clearFinished: () => clearFinished(queryClient),
  };
}
