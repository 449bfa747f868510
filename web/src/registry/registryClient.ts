/**
 * Registry API lookups from the browser, through the proxy's relay (registries send no CORS
 * headers): the token dance, paging, manifests and config blobs. fetch is injected, so the
 * whole flow is tested without a network.
 */
import { bearerChallenge, readToken, tokenUrl, wantsBasic } from './challenge';
import { hubTagsUrl, readHubTagsPage, type HubTagsPage } from './hub';
import { nextLink } from './link';
import {
  MANIFEST_ACCEPT,
  configPlatform,
  indexPlatforms,
  manifestSize,
  parseManifest,
  type ImageConfigJson,
  type Platform,
} from './manifest';
import { pickPlatform, type EnginePlatform, type ResolvedTag, type TagHead } from './newer';
import { hubNamespace, isDockerHub, registryBaseUrl, type RepositoryRef } from './reference';
import { mergeStoredTags, readStoredTags, storedTagsKey, type StoredTags } from './storedTags';
import type { TagDetails } from './tags';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface KnownRegistry {
  host: string;
  username: string;
  insecure: boolean;
}

export interface RegistryClientOptions {
  fetch: FetchLike;
  /** The registries the owner added (GET /api/registries). */
  registries: readonly KnownRegistry[];
  /** How many registry requests may run at once. */
  concurrency?: number;
  /** Page size asked of _catalog and tags/list. */
  pageSize?: number;
  /** Stops following Link after this many pages (a registry that loops). */
  maxPages?: number;
  /** What content addressing makes immutable (details, configs, manifests by digest), and each repository's stored tags. */
  cache?: DigestCache;
  /** A repository's stored tags are written this long after the first new answer, all answers of that time in one write. */
  storeDelayMs?: number;
  /** The clock of stored tags (ms). */
  now?: () => number;
}

/**
 * A store keyed by digest, whose content never changes (details, manifests, configs), plus each
 * repository's tags as last seen (storedTags.ts). queries/registryCache.ts keeps the latter in IndexedDB.
 */
export interface DigestCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** A cache in memory only (tests, and browsers without IndexedDB). */
export function memoryDigestCache(): DigestCache {
  const map = new Map<string, unknown>();
  return {
    get: async (key) => map.get(key),
    set: async (key, value) => void map.set(key, value),
  };
}

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export function relayUrl(url: string): string {
  return `/api/relay?url=${encodeURIComponent(url)}`;
}

interface GetOptions {
  accept?: string;
  /** Token scope to ask for when the challenge names none. */
  scope: string;
  method?: 'GET' | 'HEAD';
  signal?: AbortSignal;
}

/** A small FIFO limiter, so a long tag list does not fire hundreds of requests at once. */
function createLimiter(max: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** The message of a Registry API error body ({errors:[{code,message}]}) or a relay refusal ({error, hint}). */
async function readErrorBody(response: Response): Promise<{ message: string | null; code: string | null; hint: string | null; relay: boolean }> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[]; error?: string; hint?: string };
    const first = body.errors?.[0];
    if (first) return { message: first.message ?? first.code ?? null, code: first.code ?? null, hint: null, relay: false };
    // The proxy's own refusals ({error, hint}) already say everything.
    if (typeof body.error === 'string') return { message: body.error, code: null, hint: body.hint ?? null, relay: true };
  } catch {
    // not JSON: fall through
  }
  return { message: text.trim().slice(0, 200) || null, code: null, hint: null, relay: false };
}

export function createRegistryClient(options: RegistryClientOptions) {
  const limit = createLimiter(options.concurrency ?? 4);
  const pageSize = options.pageSize ?? 100;
  const maxPages = options.maxPages ?? 200;
  /** realm|service|scope → token */
  const tokens = new Map<string, string>();

  const known = (registry: string): KnownRegistry | undefined => options.registries.find((r) => r.host === registry);
  const baseUrl = (registry: string): string => registryBaseUrl(registry, known(registry)?.insecure === true);
  const hostOf = (url: string): string => new URL(url).host;

  async function send(url: string, headers: Headers, method: 'GET' | 'HEAD', signal?: AbortSignal): Promise<Response> {
    try {
      return await options.fetch(relayUrl(url), { method, headers, credentials: 'same-origin', signal });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new RegistryError(`Cannot reach the Porthole proxy: ${cause instanceof Error ? cause.message : String(cause)}`, 0);
    }
  }

  async function fetchToken(challengeHeader: string, scope: string, registry: string, signal?: AbortSignal): Promise<string | null> {
    const challenge = bearerChallenge(challengeHeader);
    if (!challenge) return null;
    const key = `${challenge.realm}|${challenge.service ?? ''}|${challenge.scope ?? scope}`;
    const cached = tokens.get(key);
    if (cached) return cached;
    const response = await send(tokenUrl(challenge, scope), new Headers({ Accept: 'application/json' }), 'GET', signal);
    if (!response.ok) {
      const { message, hint } = await readErrorBody(response);
      const stored = known(registry)?.username;
      throw new RegistryError(
        `The token service of ${registry} refused (${response.status}${message ? `: ${message}` : ''}).`,
        response.status,
        hint ?? (stored ? `Check the user name and password stored for ${registry} on the Registries page.` : `If ${registry} is private, add its user name and password on the Registries page.`),
      );
    }
    const token = readToken(await response.json().catch(() => null));
    if (!token) throw new RegistryError(`The token service of ${registry} answered without a token.`, 502);
    tokens.set(key, token);
    return token;
  }

  /** GET/HEAD through the relay, with one token round on a Bearer 401. Throws RegistryError unless 2xx. */
  async function get(url: string, opts: GetOptions): Promise<Response> {
    const registry = hostOf(url);
    const headers = new Headers();
    if (opts.accept) headers.set('Accept', opts.accept);
    const method = opts.method ?? 'GET';
    return limit(async () => {
      let response = await send(url, headers, method, opts.signal);
      if (response.status === 401) {
        const challenge = response.headers.get('www-authenticate');
        const token = challenge ? await fetchToken(challenge, opts.scope, registry, opts.signal) : null;
        if (token) {
          headers.set('X-Registry-Authorization', `Bearer ${token}`);
          response = await send(url, headers, method, opts.signal);
        } else if (challenge && wantsBasic(challenge)) {
          const stored = known(registry)?.username;
          throw new RegistryError(
            stored ? `${registry} refused the stored user name and password (401).` : `${registry} wants a user name and password (401).`,
            401,
            stored ? `Check the password for ${stored} on the Registries page.` : `Add ${registry} with its user name and password on the Registries page.`,
          );
        } else if (!challenge) {
          throw new RegistryError('Not signed in to Porthole.', 401, 'Log in again.');
        }
      }
      if (!response.ok) {
        const { message, code, hint, relay } = await readErrorBody(response);
        const text = relay && message ? capitalize(message) : describeStatus(registry, response.status, code, message);
        throw new RegistryError(text, response.status, hint ?? undefined);
      }
      return response;
    });
  }

  /** Follows Link rel="next" (relative to each request URL) and collects one field of every page. */
  async function paged(firstUrl: string, field: 'repositories' | 'tags', scope: string, signal?: AbortSignal): Promise<string[]> {
    const all: string[] = [];
    let url: string | null = firstUrl;
    for (let page = 0; url !== null && page < maxPages; page++) {
      const response = await get(url, { scope, signal, accept: 'application/json' });
      const body = (await response.json()) as Partial<Record<typeof field, string[] | null>>;
      all.push(...(body[field] ?? []));
      url = nextLink(response.headers.get('link'), url);
    }
    return all;
  }

  const pullScope = (ref: RepositoryRef): string => `repository:${ref.path}:pull`;
  const v2 = (ref: RepositoryRef, rest: string): string => `${baseUrl(ref.registry)}/v2/${ref.path}/${rest}`;

  const cache = options.cache ?? memoryDigestCache();
  /** Cache failures (storage full, private mode) only cost the lookups they would have saved. */
  const cached = async <T,>(key: string): Promise<T | undefined> => ((await cache.get(key).catch(() => undefined)) as T | undefined);
  const remember = (key: string, value: unknown): void => void cache.set(key, value).catch(() => undefined);

  /** Answers not yet written to each repository's stored tags (one write per repository per storeDelayMs). */
  const unsaved = new Map<string, { fresh: TagDetails[]; listed?: string[] }>();
  let saving: ReturnType<typeof setTimeout> | null = null;
  /** Tag lookups under way: when the last one answers, its batch is written at once (the page may close next). */
  let asking = 0;
  const now = options.now ?? Date.now;
  async function saveStored(): Promise<void> {
    if (saving) clearTimeout(saving);
    saving = null;
    const batch = [...unsaved];
    unsaved.clear();
    for (const [key, { fresh, listed }] of batch) {
      const previous = readStoredTags(await cached(key));
      remember(key, mergeStoredTags(previous, fresh, now(), listed));
    }
  }
  function store(ref: RepositoryRef, change: { fresh?: TagDetails; listed?: string[] }): void {
    const key = storedTagsKey(ref);
    const entry = unsaved.get(key) ?? { fresh: [] };
    if (change.fresh) entry.fresh.push(change.fresh);
    if (change.listed) entry.listed = change.listed;
    unsaved.set(key, entry);
    saving ??= setTimeout(() => void saveStored(), options.storeDelayMs ?? 500);
  }

  async function fetchManifest(ref: RepositoryRef, reference: string, signal?: AbortSignal) {
    const byDigest = reference.startsWith('sha256:') ? await cached<{ digest: string; parsed: ReturnType<typeof parseManifest> }>(`manifest:${reference}`) : undefined;
    if (byDigest) return byDigest;
    const response = await get(v2(ref, `manifests/${encodeURIComponent(reference)}`), { accept: MANIFEST_ACCEPT, scope: pullScope(ref), signal });
    const digest = response.headers.get('docker-content-digest');
    const parsed = parseManifest(response.headers.get('content-type'), await response.json());
    if (digest) remember(`manifest:${digest}`, { digest, parsed });
    return { digest, parsed };
  }

  /** The digest a tag points at now, by HEAD (no body). */
  async function headDigest(ref: RepositoryRef, tag: string, signal?: AbortSignal): Promise<string | null> {
    const response = await get(v2(ref, `manifests/${encodeURIComponent(tag)}`), { accept: MANIFEST_ACCEPT, scope: pullScope(ref), signal, method: 'HEAD' });
    return response.headers.get('docker-content-digest');
  }

  async function fetchConfig(ref: RepositoryRef, digest: string, signal?: AbortSignal): Promise<ImageConfigJson> {
    const known = await cached<ImageConfigJson>(`config:${digest}`);
    if (known) return known;
    const blob = await get(v2(ref, `blobs/${digest}`), { scope: pullScope(ref), signal });
    const config = (await blob.json()) as ImageConfigJson;
    remember(`config:${digest}`, config);
    return config;
  }

  /** A tag's details from its manifest (and config, or its platforms' manifests), fetched or from the cache. */
  async function readDetails(ref: RepositoryRef, tag: string, signal?: AbortSignal): Promise<TagDetails> {
    const { digest, parsed } = await fetchManifest(ref, tag, signal);
    if (digest) {
      const known = await cached<TagDetails>(`details:${digest}`);
      if (known) return { ...known, tag };
    }
    if (parsed.kind === 'index') {
      const platforms = indexPlatforms(parsed.index);
      // Each platform's own manifest gives its size; a failure only leaves the size out.
      const sized = await Promise.all(
        platforms.map(async (platform): Promise<Platform> => {
          if (!platform.digest) return platform;
          try {
            const child = await fetchManifest(ref, platform.digest, signal);
            return child.parsed.kind === 'manifest' ? { ...platform, size: manifestSize(child.parsed.manifest) } : platform;
          } catch (error) {
            if (error instanceof DOMException && error.name === 'AbortError') throw error;
            return platform;
          }
        }),
      );
      return { tag, digest, mediaType: parsed.mediaType, multiPlatform: true, platforms: sized, size: null, updated: null };
    }
    if (parsed.kind === 'manifest') {
      const size = manifestSize(parsed.manifest);
      const config = await fetchConfig(ref, parsed.manifest.config.digest, signal);
      return { tag, digest, mediaType: parsed.mediaType, multiPlatform: false, platforms: [configPlatform(config, digest, size)], size, updated: null };
    }
    throw new RegistryError(`${tag} has a manifest Porthole cannot read (${parsed.mediaType || 'no media type'}).`, 415, 'Old schema 1 manifests are not supported; push the image again with a current client.');
  }

  return {
    /** Every repository in a registry's catalog, all pages. */
    catalog(registry: string, signal?: AbortSignal): Promise<string[]> {
      return paged(`${baseUrl(registry)}/v2/_catalog?n=${pageSize}`, 'repositories', 'registry:catalog:*', signal);
    },

    /** Every tag of a repository, all pages (the stored tags forget the ones no longer listed). */
    async tags(ref: RepositoryRef, signal?: AbortSignal): Promise<string[]> {
      const listed = await paged(v2(ref, `tags/list?n=${pageSize}`), 'tags', pullScope(ref), signal);
      store(ref, { listed });
      return listed;
    },

    /** The repository's tags as last seen on this device (each tag's details), or null. */
    async storedTags(ref: RepositoryRef): Promise<StoredTags | null> {
      return readStoredTags(await cached(storedTagsKey(ref)));
    },

    /** Docker Hub's tag API, every page; null when it does not answer (then the Registry API is used). */
    async hubTags(ref: RepositoryRef, signal?: AbortSignal): Promise<TagDetails[] | null> {
      const names = isDockerHub(ref) ? hubNamespace(ref) : null;
      if (!names) return null;
      const all: TagDetails[] = [];
      let url: string | null = hubTagsUrl(names.namespace, names.repository);
      try {
        for (let page = 0; url !== null && page < maxPages; page++) {
          const response: Response = await get(url, { scope: pullScope(ref), signal, accept: 'application/json' });
          const { tags, next } = readHubTagsPage((await response.json()) as HubTagsPage);
          all.push(...tags);
          url = next;
        }
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') throw error;
        return null;
      }
      return all;
    },

    /** A tag's digest and media type by HEAD: no body, and on Docker Hub no pull counted. */
    async headTag(ref: RepositoryRef, tag: string, signal?: AbortSignal): Promise<TagHead> {
      const response = await get(v2(ref, `manifests/${encodeURIComponent(tag)}`), { accept: MANIFEST_ACCEPT, scope: pullScope(ref), signal, method: 'HEAD' });
      return { digest: response.headers.get('docker-content-digest'), mediaType: response.headers.get('content-type') };
    },

    /**
     * The image a manifest digest stands for on this platform: the index's entry for it, that
     * manifest's config digest, and the config's date when its blob can be read (viewers may not
     * read blobs of private registries). Immutable by digest, so callers keep it for good.
     */
    async resolveTag(ref: RepositoryRef, digest: string, platform: EnginePlatform, signal?: AbortSignal): Promise<ResolvedTag> {
      let { parsed } = await fetchManifest(ref, digest, signal);
      let manifestDigest: string | null = digest;
      if (parsed.kind === 'index') {
        const entry = pickPlatform(parsed.index, platform);
        if (!entry) return { platformFound: false, manifestDigest: null, configDigest: null, created: null };
        manifestDigest = entry.digest;
        parsed = (await fetchManifest(ref, entry.digest, signal)).parsed;
      }
      if (parsed.kind !== 'manifest') {
        throw new RegistryError(`The registry's manifest of ${ref.path} is one Porthole cannot read (${parsed.mediaType || 'no media type'}).`, 415);
      }
      const configDigest = parsed.manifest.config.digest;
      let created: string | null = null;
      try {
        const blob = await get(v2(ref, `blobs/${configDigest}`), { scope: pullScope(ref), signal });
        const config = (await blob.json()) as { created?: unknown };
        created = typeof config.created === 'string' ? config.created : null;
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') throw error;
      }
      return { platformFound: true, manifestDigest, configDigest, created };
    },

    /**
     * A tag's digest and platforms: an index's entries (attestations left out), or a manifest's config.
     * A digest seen before costs only the tag's manifest: what a digest names never changes, so its
     * details come from the cache (no config or platform manifests).
     */
    async tagDetails(ref: RepositoryRef, tag: string, signal?: AbortSignal): Promise<TagDetails> {
      asking++;
      try {
        const details = await readDetails(ref, tag, signal);
        if (details.digest) remember(`details:${details.digest}`, details);
        store(ref, { fresh: details });
        return details;
      } finally {
        if (--asking === 0 && unsaved.size > 0) void saveStored();
      }
    },

    /** The digest a tag points at now (HEAD, no body). */
    headDigest,
  };
}

export type RegistryClient = ReturnType<typeof createRegistryClient>;

function describeStatus(registry: string, status: number, code: string | null, message: string | null): string {
  const detail = message ? `: ${message}` : '';
  switch (code) {
    case 'NAME_UNKNOWN':
      return `${registry} has no such repository${detail}.`;
    case 'MANIFEST_UNKNOWN':
      return `${registry} has no such tag${detail}.`;
    case 'UNSUPPORTED':
      return `${registry} does not offer this${detail}.`;
    default:
  }
  if (status === 404) return `${registry} answered 404 Not Found${detail}.`;
  if (status === 403) return `Refused (403)${detail}.`;
  if (status === 502) return `${registry} did not answer${detail}.`;
  return `${registry} answered ${status}${detail}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
