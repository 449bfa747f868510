/**
 * Every TanStack Query key, from these factories only (keys.test.ts refuses a literal key elsewhere).
 * Engine keys start with the engine's name, then the area (`containers`, `images`…), so one invalidation
 * reaches everything an engine or an area has; the events stream (streams/events.ts) invalidates by them.
 * app/offline.ts persists the areas' `list` and `usage` keys only. Proxy-wide keys start with 'proxy'.
 */

export const containerKeys = {
  all: (engine: string) => [engine, 'containers'] as const,
  list: (engine: string) => [...containerKeys.all(engine), 'list'] as const,
  /** The same list with sizes (`size=1`): slow on big engines, so only on request. */
  sizes: (engine: string) => [...containerKeys.all(engine), 'sizes'] as const,
  details: (engine: string) => [...containerKeys.all(engine), 'detail'] as const,
  detail: (engine: string, id: string) => [...containerKeys.details(engine), id] as const,
  /** Below the container's detail, so its events refresh them too. */
  changes: (engine: string, id: string) => [...containerKeys.detail(engine, id), 'changes'] as const,
  top: (engine: string, id: string) => [...containerKeys.detail(engine, id), 'top'] as const,
  /** Judged from the list (and inspects), so it goes stale with it. */
  hostRisk: (engine: string) => [...containerKeys.list(engine), 'hostRisk'] as const,
};

export const imageKeys = {
  all: (engine: string) => [engine, 'images'] as const,
  list: (engine: string) => [...imageKeys.all(engine), 'list'] as const,
  detail: (engine: string, id: string) => [...imageKeys.all(engine), 'detail', id] as const,
  history: (engine: string, id: string) => [...imageKeys.all(engine), 'history', id] as const,
  tree: (engine: string) => [...imageKeys.all(engine), 'tree'] as const,
  /** A layer's files never change and are large: an area of its own, which image events leave alone. */
  contents: (engine: string, id: string) => [engine, 'image-contents', id] as const,
};

export const networkKeys = {
  all: (engine: string) => [engine, 'networks'] as const,
  list: (engine: string) => [...networkKeys.all(engine), 'list'] as const,
  details: (engine: string) => [...networkKeys.all(engine), 'detail'] as const,
  detail: (engine: string, id: string) => [...networkKeys.details(engine), id] as const,
};

export const volumeKeys = {
  all: (engine: string) => [engine, 'volumes'] as const,
  list: (engine: string) => [...volumeKeys.all(engine), 'list'] as const,
  /** Sizes from /system/df. */
  usage: (engine: string) => [...volumeKeys.all(engine), 'usage'] as const,
  details: (engine: string) => [...volumeKeys.all(engine), 'detail'] as const,
  detail: (engine: string, name: string) => [...volumeKeys.details(engine), name] as const,
};

export const systemKeys = {
  all: (engine: string) => [engine, 'system'] as const,
  version: (engine: string) => [...systemKeys.all(engine), 'version'] as const,
  info: (engine: string) => [...systemKeys.all(engine), 'info'] as const,
  df: (engine: string) => [...systemKeys.all(engine), 'df'] as const,
};

export const swarmKeys = {
  all: (engine: string) => [engine, 'swarm'] as const,
  inspect: (engine: string) => [...swarmKeys.all(engine), 'inspect'] as const,
  nodes: (engine: string) => [...swarmKeys.all(engine), 'nodes'] as const,
  services: (engine: string) => [...swarmKeys.all(engine), 'services'] as const,
  tasks: (engine: string) => [...swarmKeys.all(engine), 'tasks'] as const,
  secrets: (engine: string) => [...swarmKeys.all(engine), 'secrets'] as const,
  configs: (engine: string) => [...swarmKeys.all(engine), 'configs'] as const,
};

export const hubSearchKeys = {
  search: (engine: string, term: string) => [engine, 'hub-search', term] as const,
};

export const engineKeys = {
  all: () => ['proxy', 'engines'] as const,
  list: () => [...engineKeys.all(), 'list'] as const,
};

export const sessionKeys = {
  current: () => ['proxy', 'session'] as const,
};

export const registryKeys = {
  all: () => ['proxy', 'registries'] as const,
  list: () => [...registryKeys.all(), 'list'] as const,
  catalog: (host: string) => [...registryKeys.all(), 'catalog', host] as const,
  repository: (registry: string, path: string) => [...registryKeys.all(), 'repository', registry, path] as const,
  tags: (registry: string, path: string) => [...registryKeys.repository(registry, path), 'tags'] as const,
  tag: (registry: string, path: string, tag: string) => [...registryKeys.repository(registry, path), 'tag', tag] as const,
  /** The tags as last seen on this device (IndexedDB, no network). */
  stored: (registry: string, path: string) => [...registryKeys.repository(registry, path), 'stored'] as const,
};

/** "Newer image available" checks: below the registries' keys (adding credentials asks again); persisted (app/offline.ts). */
export const newerKeys = {
  all: () => [...registryKeys.all(), 'current'] as const,
  heads: () => [...newerKeys.all(), 'head'] as const,
  head: (registry: string, path: string, tag: string) => [...newerKeys.heads(), registry, path, tag] as const,
  resolved: (registry: string, path: string, digest: string, platform: string) => [...newerKeys.all(), 'resolved', registry, path, digest, platform] as const,
};

export const transferKeys = {
  all: () => ['proxy', 'transfers'] as const,
};

export const proxyKeys = {
  phone: () => ['proxy', 'phone'] as const,
  staticShells: () => ['proxy', 'static-shells'] as const,
};
