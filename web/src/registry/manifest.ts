/** Image manifests and indexes (OCI and Docker v2), and the platforms a tag holds. */

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** What a manifest GET asks for: indexes first, so a multi-platform tag is seen as one. */
export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string; 'os.version'?: string };
  annotations?: Record<string, string>;
}

export interface IndexJson {
  schemaVersion?: number;
  mediaType?: string;
  manifests: Descriptor[];
}

export interface ManifestJson {
  schemaVersion?: number;
  mediaType?: string;
  config: Descriptor;
  layers?: Descriptor[];
}

/** The config blob, only what tells the platform. */
export interface ImageConfigJson {
  os?: string;
  architecture?: string;
  variant?: string;
}

export interface Platform {
  os: string;
  architecture: string;
  variant: string | null;
  /** Digest of this platform's manifest (in an index) or of the tag's own manifest. */
  digest: string | null;
  /** Compressed bytes (layers + config) when known. */
  size: number | null;
}

export type ParsedManifest =
  | { kind: 'index'; mediaType: string; index: IndexJson }
  | { kind: 'manifest'; mediaType: string; manifest: ManifestJson }
  | { kind: 'unknown'; mediaType: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a manifest body. The Content-Type header wins over the body's mediaType (old Docker
 * manifests and some OCI ones leave it out); an unmarked body is told by its fields.
 */
export function parseManifest(contentType: string | null, body: unknown): ParsedManifest {
  const declared = isRecord(body) && typeof body['mediaType'] === 'string' ? body['mediaType'] : '';
  const header = (contentType ?? '').split(';')[0]?.trim() ?? '';
  const mediaType = header && header !== 'application/json' && header !== 'application/octet-stream' ? header : declared;
  if (!isRecord(body)) return { kind: 'unknown', mediaType };
  const isIndexType = mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList;
  const isManifestType = mediaType === MEDIA.ociManifest || mediaType === MEDIA.dockerManifest;
  if ((isIndexType || (!isManifestType && Array.isArray(body['manifests']))) && Array.isArray(body['manifests'])) {
    return { kind: 'index', mediaType: mediaType || MEDIA.ociIndex, index: body as unknown as IndexJson };
  }
  if (isRecord(body['config'])) {
    return { kind: 'manifest', mediaType: mediaType || MEDIA.ociManifest, manifest: body as unknown as ManifestJson };
  }
  return { kind: 'unknown', mediaType };
}

/** Attestations (provenance, SBOM) ride in indexes as fake platforms; they are not images. */
export function isAttestation(entry: Descriptor): boolean {
  if (entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return true;
  return entry.platform?.os === 'unknown' && entry.platform.architecture === 'unknown';
}

/** An index's platforms, attestations left out, in the index's order. */
export function indexPlatforms(index: IndexJson): Platform[] {
  return index.manifests
    .filter((entry) => !isAttestation(entry))
    .map((entry) => ({
      os: entry.platform?.os ?? 'unknown',
      architecture: entry.platform?.architecture ?? 'unknown',
      variant: entry.platform?.variant || null,
      digest: entry.digest,
      size: null,
    }));
}

/** Compressed size of a single manifest's image: config plus layers, when every size is given. */
export function manifestSize(manifest: ManifestJson): number | null {
  const parts = [manifest.config, ...(manifest.layers ?? [])];
  if (parts.some((part) => typeof part.size !== 'number')) return null;
  return parts.reduce((sum, part) => sum + (part.size ?? 0), 0);
}

/** A single manifest's platform, read from its config blob. */
export function configPlatform(config: ImageConfigJson, digest: string | null, size: number | null): Platform {
  return {
    os: config.os || 'unknown',
    architecture: config.architecture || 'unknown',
    variant: config.variant || null,
    digest,
    size,
  };
}

/** "linux/arm/v7" */
export function formatPlatform(platform: Pick<Platform, 'os' | 'architecture' | 'variant'>): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** Go and uname names to the OCI ones: x86_64 → amd64, aarch64 → arm64. */
export function normalizeArchitecture(arch: string): string {
  const lower = arch.toLowerCase();
  switch (lower) {
    case 'x86_64':
    case 'x86-64':
      return 'amd64';
    case 'aarch64':
      return 'arm64';
    case 'armhf':
    case 'armel':
    case 'armv7l':
    case 'armv6l':
      return 'arm';
    case 'i386':
    case 'i686':
      return '386';
    default:
      return lower;
  }
}

/** True when the engine (os/arch from /api/engines) would run this platform natively. */
export function matchesEngine(platform: Pick<Platform, 'os' | 'architecture'>, engine: { os: string | null; arch: string | null }): boolean {
  if (!engine.os || !engine.arch) return false;
  return platform.os === engine.os.toLowerCase() && platform.architecture === normalizeArchitecture(engine.arch);
}
