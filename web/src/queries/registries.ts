import { queryOptions, useMutation, useQueryClient } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import type { ApiError } from '../api/errors';
import { getJson, relayFetch, request } from '../api/http';
import type { EngineRef } from '../api/types';
import { fromEngineSearch, rankHubHits, type EngineSearchResult, type SearchHit } from '../registry/hub';
import type { RepositoryRef } from '../registry/reference';
import { createRegistryClient, type KnownRegistry, type RegistryClient } from '../registry/registryClient';
import { createRegistryCache } from './registryCache';
import type { TagDetails } from '../registry/tags';
import { imageKeys, hubSearchKeys, registryKeys } from './keys';

interface RegistriesResponse {
  registries: KnownRegistry[];
}

export async function fetchRegistries(signal?: AbortSignal): Promise<KnownRegistry[]> {
  return (await getJson<RegistriesResponse>('/api/registries', signal)).registries;
}

export function registriesOptions() {
  return queryOptions({
    queryKey: registryKeys.list(),
    queryFn: ({ signal }) => fetchRegistries(signal),
    staleTime: 60_000,
  });
}

/**
 * Requests to registries at once, for the whole page: the proxy speaks HTTP/2, so they share one
 * connection; a tag list's rows each wait on one or two round trips, so a low cap would queue them.
 */
const REGISTRY_CONCURRENCY = 128;
let digestCache: ReturnType<typeof createRegistryCache> | null = null;
/** One client per registry list: its token cache, limiter and digest cache serve every tag row of a page. */
const clients = new WeakMap<readonly KnownRegistry[], RegistryClient>();

/** The browser's registry client: every call goes through the proxy's relay with the session cookie. */
export function registryClient(registries: readonly KnownRegistry[]): RegistryClient {
  let client = clients.get(registries);
  if (!client) {
    digestCache ??= createRegistryCache();
    client = createRegistryClient({ fetch: relayFetch, registries, concurrency: REGISTRY_CONCURRENCY, cache: digestCache });
    clients.set(registries, client);
  }
  return client;
}

/** Docker Hub search through the engine (which needs the internet). */
export async function searchHub(engine: EngineRef, term: string, signal?: AbortSignal): Promise<SearchHit[]> {
  const results = await getJson<EngineSearchResult[]>(engineUrl(engine, '/images/search', { term, limit: '25' }), signal);
  return rankHubHits(fromEngineSearch(results));
}

export function hubSearchOptions(engine: EngineRef, term: string) {
  return queryOptions({
    queryKey: hubSearchKeys.search(engine.name, term),
    queryFn: ({ signal }) => searchHub(engine, term, signal),
    enabled: term.trim() !== '',
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function catalogOptions(registry: KnownRegistry, registries: readonly KnownRegistry[]) {
  return queryOptions({
    queryKey: registryKeys.catalog(registry.host),
    queryFn: ({ signal }) => registryClient(registries).catalog(registry.host, signal),
    staleTime: 60_000,
    retry: false,
  });
}

export interface TagList {
  tags: string[];
  /** Docker Hub's tag API gives every tag's details at once; null elsewhere. */
  details: Record<string, TagDetails> | null;
}

export function tagsOptions(ref: RepositoryRef, registries: readonly KnownRegistry[]) {
  return queryOptions({
    queryKey: registryKeys.tags(ref.registry, ref.path),
    queryFn: async ({ signal }): Promise<TagList> => {
      const client = registryClient(registries);
      const hub = await client.hubTags(ref, signal);
      if (hub) return { tags: hub.map((t) => t.tag), details: Object.fromEntries(hub.map((t) => [t.tag, t])) };
      return { tags: await client.tags(ref, signal), details: null };
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** The repository's tags as last seen on this device, shown (marked as stored) until the registry answers again. */
export function storedTagsOptions(ref: RepositoryRef, registries: readonly KnownRegistry[]) {
  return queryOptions({
    queryKey: registryKeys.stored(ref.registry, ref.path),
    queryFn: () => registryClient(registries).storedTags(ref),
    // Read once per page: later answers are the registry's own.
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

export function tagDetailsOptions(ref: RepositoryRef, tag: string, registries: readonly KnownRegistry[]) {
  return queryOptions({
    queryKey: registryKeys.tag(ref.registry, ref.path, tag),
    queryFn: ({ signal }) => registryClient(registries).tagDetails(ref, tag, signal),
    staleTime: 60_000,
    retry: false,
  });
}

export interface RegistryInput {
  host: string;
  username: string;
  password: string;
  insecure: boolean;
}

/** Host as the proxy keys it: no scheme, no path, lower case. */
export function normalizeHost(input: string): string {
  return input.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
}

/** /api/registries/HOST: the proxy matches the host as written, so ':' before a port stays as it is. */
export function registryPath(host: string): string {
  return `/api/registries/${encodeURIComponent(host).replace(/%3A/gi, ':')}`;
}

export function useAddRegistry() {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, RegistryInput>(() => ({
    mutationFn: async ({ host, ...body }) => {
      await request(registryPath(normalizeHost(host)), { method: 'PUT', body });
    },
    // New credentials change what every lookup of that registry answers.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: registryKeys.all() }),
  }));
}

export function useRemoveRegistry() {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, string>(() => ({
    mutationFn: async (host) => {
      await request(registryPath(host), { method: 'DELETE' });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: registryKeys.all() }),
  }));
}

export interface TagInput {
  source: string;
  repo: string;
  tag: string;
}

/** docker tag SOURCE REPO:TAG */
export function useTagImage(engine: () => EngineRef) {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, TagInput>(() => ({
    mutationFn: async ({ source, repo, tag }) => {
      await request(engineUrl(engine(), `/images/${encodePathParam(source)}/tag`, { repo, tag }), { method: 'POST' });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: imageKeys.all(engine().name) }),
  }));
}
