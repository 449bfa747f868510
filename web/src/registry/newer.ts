/**
 * "Newer image available", as pure functions: which local tags came from a registry, which digest of
 * the registry's answer stands for this engine's platform, whether the local image is that one, when a
 * check is still fresh, and which containers run an older image than their tag now names.
 *
 * The traps: the engine records in RepoDigests what it pulled by tag, which for a multi-platform tag is
 * the index's digest, while an image it pushed records its own manifest's; a tag whose index changed may
 * still hold the same image for this platform (another platform was rebuilt). So the registry's digest is
 * compared with every local digest of the repository first (one HEAD, no body), and only when it differs
 * is the manifest read: the platform's entry of an index, then its config digest, which is the local
 * image's ID (classic store) or its own digest (containerd store).
 */
import { parseReference } from '../engine/reference';
import type { ImageSummary } from '../engine/types';
import { MEDIA, isAttestation, normalizeArchitecture, type Descriptor, type IndexJson } from './manifest';
import { parseRepository, repositoryName, type RepositoryRef } from './reference';

/** A local tag that came from a registry: the engine holds a digest of the same repository. */
export interface RegistrySource {
  /** As the engine names it: "127.0.0.1:5000/fixture/single:1.0", "nginx:latest". */
  repoTag: string;
  /** Where to ask: registry and path. */
  ref: RepositoryRef;
  tag: string;
  imageId: string;
  /** Digests of this repository the engine recorded for the image ("sha256:…"). */
  localDigests: string[];
}

/** The engine's platform as the registry names it (OCI os/architecture/variant). */
export interface EnginePlatform {
  os: string;
  architecture: string;
  variant: string | null;
}

/** What a HEAD of the tag answered. */
export interface TagHead {
  digest: string | null;
  mediaType: string | null;
}

/** The registry's image for this platform, read from the manifest (only when the tag's digest is not a local one). */
export interface ResolvedTag {
  /** False when an index has no entry for this platform. */
  platformFound: boolean;
  /** The platform's manifest digest (the tag's own for a single manifest). */
  manifestDigest: string | null;
  /** The config blob's digest: the image ID the engine would give it. */
  configDigest: string | null;
  /** The config's `created` (ISO 8601), when the blob could be read. */
  created: string | null;
}

export type Verdict =
  | { state: 'current' }
  | { state: 'newer'; digest: string }
  /** The tag's digest is not a local one: read the manifest (resolveTag) to decide. */
  | { state: 'resolve'; digest: string }
  | { state: 'unknown'; reason: string };

/** The repository part of a reference in the engine's spelling, with Docker Hub's short names made whole. */
function canonicalRepository(repository: string): string {
  const ref = parseRepository(repository);
  return `${ref.registry}/${ref.path}`;
}

/** Every tag of these images that the engine pulled or pushed (it holds a digest of its repository). */
export function registrySources(images: readonly ImageSummary[]): RegistrySource[] {
  const sources: RegistrySource[] = [];
  for (const image of images) {
    const digests = (image.RepoDigests ?? []).map((d) => parseReference(d)).filter((d) => d.digest !== null);
    for (const repoTag of image.RepoTags ?? []) {
      const { repository, tag, digest } = parseReference(repoTag);
      if (!tag || digest || repository === '<none>') continue;
      const canonical = canonicalRepository(repository);
      const localDigests = [...new Set(digests.filter((d) => canonicalRepository(d.repository) === canonical).map((d) => d.digest as string))];
      if (localDigests.length === 0) continue;
      sources.push({ repoTag, ref: { ...parseRepository(repository), tag, digest: null }, tag, imageId: image.Id, localDigests });
    }
  }
  return sources;
}

export type ManifestKind = 'index' | 'manifest' | 'unknown';

export function manifestKind(mediaType: string | null): ManifestKind {
  const type = (mediaType ?? '').split(';')[0]?.trim() ?? '';
  if (type === MEDIA.ociIndex || type === MEDIA.dockerList) return 'index';
  if (type === MEDIA.ociManifest || type === MEDIA.dockerManifest) return 'manifest';
  return 'unknown';
}

/** The engine's platform from /api/engines (os "linux", arch "x86_64" or "amd64"); null when unknown. */
export function enginePlatform(engine: { os: string | null; arch: string | null } | undefined): EnginePlatform | null {
  if (!engine?.os || !engine.arch) return null;
  const arch = engine.arch.toLowerCase();
  const architecture = normalizeArchitecture(arch);
  // uname's armv7l/armv6l carry the variant; arm64 images are v8 when they say.
  const armVersion = /^armv(\d)/.exec(arch)?.[1];
  const variant = armVersion ? `v${armVersion}` : null;
  return { os: engine.os.toLowerCase(), architecture, variant };
}

/** "linux/amd64", "linux/arm/v7": a cache key and what the page says. */
export function platformKey(platform: EnginePlatform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/**
 * The index entry the engine would pull: same os and architecture, attestations left out; among
 * several, the one whose variant matches (or has none), as the engine's platform matcher prefers.
 */
export function pickPlatform(index: IndexJson, platform: EnginePlatform): Descriptor | null {
  const candidates = index.manifests.filter(
    (entry) => !isAttestation(entry) && entry.platform?.os === platform.os && normalizeArchitecture(entry.platform.architecture ?? '') === platform.architecture,
  );
  if (candidates.length <= 1) return candidates[0] ?? null;
  const exact = candidates.find((entry) => (entry.platform?.variant || null) === platform.variant);
  return exact ?? candidates.find((entry) => !entry.platform?.variant) ?? candidates[0] ?? null;
}

/**
 * Is the local image the registry's current one for this platform? First from the HEAD alone; then,
 * when the tag's digest is not one the engine recorded, from the resolved manifest.
 */
export function judge(source: Pick<RegistrySource, 'localDigests' | 'imageId'>, head: TagHead, resolved?: ResolvedTag): Verdict {
  if (!head.digest) return { state: 'unknown', reason: 'the registry did not say which digest the tag has' };
  if (source.localDigests.includes(head.digest)) return { state: 'current' };
  if (!resolved) return { state: 'resolve', digest: head.digest };
  if (!resolved.platformFound) return { state: 'unknown', reason: "the registry's tag has no image for this engine's platform" };
  const same =
    (resolved.manifestDigest !== null && (source.localDigests.includes(resolved.manifestDigest) || resolved.manifestDigest === source.imageId)) ||
    (resolved.configDigest !== null && resolved.configDigest === source.imageId);
  return same ? { state: 'current' } : { state: 'newer', digest: head.digest };
}

/** A check younger than `ttlMs` is used as it is; Docker Hub limits how often it may be asked. */
export function isFresh(checkedAt: number | null | undefined, now: number, ttlMs: number): boolean {
  return typeof checkedAt === 'number' && checkedAt > 0 && now - checkedAt >= 0 && now - checkedAt < ttlMs;
}

/** "repo:tag" as the engine lists it (RepoTags), from what a container was created with; null for digests and IDs. */
export function tagOfContainerImage(configImage: string | null | undefined): string | null {
  if (!configImage || /^sha256:/.test(configImage) || /^[a-f0-9]{12,64}$/.test(configImage)) return null;
  const { repository, tag, digest } = parseReference(configImage);
  if (digest) return null;
  return `${repositoryName(parseRepository(repository))}:${tag ?? 'latest'}`;
}

export type ContainerImageState =
  /** The tag now names another local image (a newer one was pulled): recreate to use it. */
  | { state: 'pulled'; repoTag: string; imageId: string }
  /** The container runs what its tag names, and the registry has a newer build: pull, then recreate. */
  | { state: 'registry'; repoTag: string }
  | null;

/**
 * Whether a container runs an older image than its tag names now. `verdicts` is by repoTag as the
 * engine lists it; the tag is looked up among the images in the engine's own spelling.
 */
export function containerImageState(
  container: { configImage: string | null | undefined; imageId: string },
  images: readonly ImageSummary[],
  verdicts: ReadonlyMap<string, Verdict>,
): ContainerImageState {
  const wanted = tagOfContainerImage(container.configImage);
  if (!wanted) return null;
  const canonical = (repoTag: string) => {
    const { repository, tag } = parseReference(repoTag);
    return `${canonicalRepository(repository)}:${tag ?? 'latest'}`;
  };
  const target = canonical(wanted);
  for (const image of images) {
    const repoTag = (image.RepoTags ?? []).find((t) => canonical(t) === target);
    if (!repoTag) continue;
    if (image.Id !== container.imageId) return { state: 'pulled', repoTag, imageId: image.Id };
    return verdicts.get(repoTag)?.state === 'newer' ? { state: 'registry', repoTag } : null;
  }
  return null;
}

/** Tags whose registry holds a newer image, for counts. */
export function countNewer(verdicts: ReadonlyMap<string, Verdict>): number {
  let count = 0;
  for (const verdict of verdicts.values()) if (verdict.state === 'newer') count++;
  return count;
}
