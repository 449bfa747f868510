/**
 * "Newer image available" for an engine's images: one HEAD per tag that came from a registry (kept an
 * hour, persisted with its time like the inventories, so reopening the app does not ask Docker Hub
 * again), and only when the tag's digest is not a local one the manifest read for this platform (kept
 * for good: a digest never changes). The verdicts themselves are computed from the current image list,
 * so a pull shows up at once without asking the registry again.
 */
import { queryOptions, useQueries, useQuery, useQueryClient } from '@tanstack/solid-query';
import { createMemo } from 'solid-js';
import type { EngineRef } from '../api/types';
import { enginePlatform, isFresh, judge, platformKey, registrySources, type EnginePlatform, type RegistrySource, type ResolvedTag, type TagHead, type Verdict } from '../registry/newer';
import type { RepositoryRef } from '../registry/reference';
import type { RegistryClient } from '../registry/registryClient';
import { enginesOptions } from './engines';
import { imageListOptions } from './images';
import { newerKeys } from './keys';
import { registriesOptions, registryClient } from './registries';

/** How long a tag's check is used before the registry is asked again. */
export const TAG_CHECK_TTL = 60 * 60_000;

export interface CheckedHead extends TagHead {
  checkedAt: number;
}

export function tagHeadOptions(client: () => RegistryClient, ref: RepositoryRef, tag: string) {
  return queryOptions({
    queryKey: newerKeys.head(ref.registry, ref.path, tag),
    queryFn: async ({ signal }): Promise<CheckedHead> => ({ ...(await client().headTag(ref, tag, signal)), checkedAt: Date.now() }),
    // Fresh by the time of the check itself, also after the cache was restored from IndexedDB.
    staleTime: (query) => (isFresh(query.state.data?.checkedAt, Date.now(), TAG_CHECK_TTL) ? Number.POSITIVE_INFINITY : 0),
    retry: false,
    refetchOnWindowFocus: false,
  });
}

export function resolvedTagOptions(client: () => RegistryClient, ref: RepositoryRef, digest: string, platform: EnginePlatform) {
  return queryOptions({
    queryKey: newerKeys.resolved(ref.registry, ref.path, digest, platformKey(platform)),
    queryFn: ({ signal }): Promise<ResolvedTag> => client().resolveTag(ref, digest, platform, signal),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

export interface TagCheck {
  source: RegistrySource;
  verdict: Verdict;
  /** The digest the registry gave for the tag (index or manifest). */
  registryDigest: string | null;
  /** When the registry was asked (ms), null while the first check runs. */
  checkedAt: number | null;
  /** The registry image's date (its config's `created`), when it could be read. */
  created: string | null;
  checking: boolean;
}

/** Every registry tag of an engine with its verdict, keyed by repoTag as the engine lists it. */
export function useNewerImages(engine: () => EngineRef) {
  const queryClient = useQueryClient();
  const images = useQuery(() => imageListOptions(engine()));
  const registries = useQuery(() => ({ ...registriesOptions(), retry: false }));
  const engines = useQuery(() => enginesOptions());
  // One client for all checks: it shares tokens and its limit of requests at once.
  const client = createMemo(() => registryClient(registries.data ?? []));
  const platform = createMemo(() => enginePlatform(engines.data?.find((e) => e.name === engine().name)), undefined, {
    equals: (a, b) => (a && b ? platformKey(a) === platformKey(b) : a === b),
  });
  const sources = createMemo(() => registrySources(images.data ?? []));
  // Registries are known before asking: the relay only passes registries Porthole knows.
  const ready = () => registries.isFetched && platform() !== null;

  const heads = useQueries(() => ({
    queries: sources().map((source) => ({ ...tagHeadOptions(client, source.ref, source.tag), enabled: ready() })),
  }));
  const needResolve = createMemo(() => {
    const out: { source: RegistrySource; digest: string }[] = [];
    sources().forEach((source, i) => {
      const head = heads[i]?.data;
      if (!head) return;
      const verdict = judge(source, head);
      if (verdict.state === 'resolve') out.push({ source, digest: verdict.digest });
    });
    return out;
  });
  const resolved = useQueries(() => ({
    queries: needResolve().map(({ source, digest }) => ({ ...resolvedTagOptions(client, source.ref, digest, platform() as EnginePlatform), enabled: platform() !== null })),
  }));

  const checks = createMemo(() => {
    const byTag = new Map<string, TagCheck>();
    const resolvedByTag = new Map(needResolve().map(({ source }, i) => [source.repoTag, resolved[i]] as const));
    sources().forEach((source, i) => {
      const head = heads[i];
      const more = resolvedByTag.get(source.repoTag);
      let verdict: Verdict;
      if (head?.error) verdict = { state: 'unknown', reason: head.error.message };
      else if (!head?.data) verdict = { state: 'unknown', reason: ready() ? 'checking the registry…' : 'waiting for the engine and registry list…' };
      else if (more?.error) verdict = { state: 'unknown', reason: more.error.message };
      else {
        verdict = judge(source, head.data, more?.data);
        if (verdict.state === 'resolve') verdict = { state: 'unknown', reason: 'reading the registry’s manifest…' };
      }
      byTag.set(source.repoTag, {
        source,
        verdict,
        registryDigest: head?.data?.digest ?? null,
        checkedAt: head?.data?.checkedAt ?? null,
        created: more?.data?.created ?? null,
        checking: head?.isFetching === true || more?.isFetching === true,
      });
    });
    return byTag;
  });
  const verdicts = createMemo(() => new Map([...checks()].map(([tag, check]) => [tag, check.verdict] as const)));
  return {
    images,
    checks,
    verdicts,
    newer: createMemo(() => [...checks().values()].filter((check) => check.verdict.state === 'newer')),
    checking: () => [...checks().values()].some((check) => check.checking),
    /** The oldest check among the tags (what "checked … ago" says). */
    checkedAt: createMemo(() => {
      const times = [...checks().values()].map((check) => check.checkedAt).filter((at): at is number => at !== null);
      return times.length ? Math.min(...times) : null;
    }),
    /** Asks every registry again now. */
    recheck: () => queryClient.invalidateQueries({ queryKey: newerKeys.heads() }),
  };
}

export type NewerImages = ReturnType<typeof useNewerImages>;
