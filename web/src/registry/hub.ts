/**
 * Docker Hub's own APIs, which answer more in one call than the Registry API: the tag list
 * with every platform and size (hub.docker.com/v2/namespaces/NS/repositories/REPO/tags), and
 * the search results the engine relays from it (GET /images/search).
 */
import type { Platform } from './manifest';
import type { TagDetails } from './tags';

/** One image of a Hub tag. */
export interface HubImage {
  architecture?: string;
  os?: string;
  variant?: string | null;
  digest?: string | null;
  size?: number;
  status?: string;
}

export interface HubTag {
  name: string;
  digest?: string | null;
  last_updated?: string | null;
  full_size?: number | null;
  media_type?: string;
  images?: HubImage[];
}

export interface HubTagsPage {
  count?: number;
  next?: string | null;
  previous?: string | null;
  results?: HubTag[];
}

/** GET /images/search through the engine. */
export interface EngineSearchResult {
  name: string;
  description?: string;
  star_count?: number;
  is_official?: boolean;
  is_automated?: boolean;
}

export interface SearchHit {
  /** Where it was found: "docker.io" or a registry host. */
  registry: string;
  /** What to pull: "nginx", "someone/app", "127.0.0.1:5000/fixture/multi". */
  name: string;
  description: string | null;
  stars: number | null;
  official: boolean;
}

export const HUB_API = 'https://hub.docker.com';

export function hubTagsUrl(namespace: string, repository: string, pageSize = 100): string {
  return `${HUB_API}/v2/namespaces/${encodeURIComponent(namespace)}/repositories/${encodeURIComponent(repository)}/tags?page_size=${pageSize}`;
}

function hubPlatform(image: HubImage): Platform {
  return {
    os: image.os || 'unknown',
    architecture: image.architecture || 'unknown',
    variant: image.variant || null,
    digest: image.digest ?? null,
    size: typeof image.size === 'number' ? image.size : null,
  };
}

/** Hub lists attestations as unknown/unknown images too. */
function isHubAttestation(image: HubImage): boolean {
  return (image.os ?? 'unknown') === 'unknown' && (image.architecture ?? 'unknown') === 'unknown';
}

export function hubTagDetails(tag: HubTag): TagDetails {
  const platforms = (tag.images ?? []).filter((image) => !isHubAttestation(image)).map(hubPlatform);
  const multiPlatform =
    tag.media_type !== undefined
      ? tag.media_type.includes('index') || tag.media_type.includes('manifest.list')
      : platforms.length > 1;
  return {
    tag: tag.name,
    digest: tag.digest ?? null,
    mediaType: tag.media_type ?? null,
    multiPlatform,
    platforms,
    size: !multiPlatform && typeof tag.full_size === 'number' ? tag.full_size : (platforms.length === 1 ? (platforms[0]?.size ?? null) : null),
    updated: tag.last_updated ?? null,
  };
}

/** One page of the Hub tag API: its tags and the absolute URL of the next page. */
export function readHubTagsPage(page: HubTagsPage): { tags: TagDetails[]; next: string | null } {
  return { tags: (page.results ?? []).map(hubTagDetails), next: page.next || null };
}

export function fromEngineSearch(results: readonly EngineSearchResult[]): SearchHit[] {
  return results.map((result) => ({
    registry: 'docker.io',
    name: result.name,
    description: result.description?.trim() ? result.description.trim() : null,
    stars: typeof result.star_count === 'number' ? result.star_count : null,
    official: result.is_official === true,
  }));
}

/** Official images first, then by stars, as `docker search` people expect. */
export function rankHubHits(hits: readonly SearchHit[]): SearchHit[] {
  return [...hits].sort((a, b) => Number(b.official) - Number(a.official) || (b.stars ?? 0) - (a.stars ?? 0) || a.name.localeCompare(b.name));
}

/** Catalog names of a registry that contain the term, as search hits. */
export function catalogHits(registry: string, repositories: readonly string[], term: string): SearchHit[] {
  const needle = term.trim().toLowerCase();
  return repositories
    .filter((repo) => needle === '' || repo.toLowerCase().includes(needle))
    .map((repo) => ({ registry, name: `${registry}/${repo}`, description: null, stars: null, official: false }));
}
