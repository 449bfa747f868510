/**
 * Where a repository lives and how its Registry API is reached: `nginx` → Docker Hub's
 * library/nginx at registry-1.docker.io; `127.0.0.1:5000/a/b` → that host.
 */
import { parseReference } from '../engine/reference';

export const DOCKER_HUB = 'docker.io';

export interface RepositoryRef {
  /** "docker.io", "ghcr.io", "127.0.0.1:5000" */
  registry: string;
  /** Path in the registry: "library/nginx", "fixture/multi". */
  path: string;
  tag: string | null;
  digest: string | null;
}

const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** The first path component is a registry when it has a '.', a ':' or is localhost (as in the docker CLI). */
export function isRegistryComponent(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

export function parseRepository(reference: string): RepositoryRef {
  const { repository, tag, digest } = parseReference(reference.trim());
  const slash = repository.indexOf('/');
  const first = slash === -1 ? '' : repository.slice(0, slash);
  let registry = DOCKER_HUB;
  let path = repository;
  if (slash !== -1 && isRegistryComponent(first)) {
    registry = first.toLowerCase();
    path = repository.slice(slash + 1);
  }
  if (HUB_ALIASES.has(registry)) {
    registry = DOCKER_HUB;
    if (!path.includes('/')) path = `library/${path}`;
  }
  return { registry, path, tag, digest };
}

export function isDockerHub(ref: RepositoryRef): boolean {
  return ref.registry === DOCKER_HUB;
}

/** How people and the engine name it: "nginx", "someone/app", "127.0.0.1:5000/a/b". */
export function repositoryName(ref: Pick<RepositoryRef, 'registry' | 'path'>): string {
  if (ref.registry === DOCKER_HUB) return ref.path.startsWith('library/') ? ref.path.slice('library/'.length) : ref.path;
  return `${ref.registry}/${ref.path}`;
}

/** The Registry API base: https://registry-1.docker.io, or http:// for registries added as insecure. */
export function registryBaseUrl(registry: string, insecure: boolean): string {
  if (registry === DOCKER_HUB) return 'https://registry-1.docker.io';
  return `${insecure ? 'http' : 'https'}://${registry}`;
}

/** Docker Hub's namespace and repository name: library/nginx → ['library', 'nginx']. */
export function hubNamespace(ref: Pick<RepositoryRef, 'path'>): { namespace: string; repository: string } | null {
  const parts = ref.path.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  return { namespace: parts[0], repository: parts[1] };
}

/** A plausible repository name (lower-case path components, optional registry): for form checks. */
export function repositoryProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give a repository name, e.g. 127.0.0.1:5000/team/app.';
  const ref = parseRepository(trimmed);
  if (ref.tag !== null || ref.digest !== null) return 'Give the repository without a tag; the tag goes in its own field.';
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(ref.path)) {
    return 'Repository names use lower-case letters, digits and . _ - separated by /.';
  }
  return null;
}

/** A tag as the registry accepts it. */
export function tagProblem(tag: string): string | null {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    return 'Tags are up to 128 letters, digits, _ . and -, not starting with . or -.';
  }
  return null;
}
