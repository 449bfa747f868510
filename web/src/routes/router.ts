/**
 * Hash routes, as pure functions: `#/ENGINE/images` and `#/ENGINE/images/ID`, the same for
 * containers, networks and volumes (the container list also keeps `state=`).
 * `#/` is home (the shell redirects it to the first engine). Anything else is not found.
 * The image list keeps its filter and sort in the hash (`?q=nginx&sort=size-desc`) so
 * they survive a visit to an image and back, and can be bookmarked.
 */

export interface ListParams {
  filter?: string;
  sort?: string;
  /** Containers only: running, exited, … (absent: all). */
  state?: string;
  /** Containers only: 'project' groups them by compose project and service. */
  group?: string;
}

export type Route =
  | { name: 'home' }
  /** `#/_phone`: the "Add a phone" page (no engine; shown signed out too). */
  | { name: 'phone' }
  | ({ name: 'images'; engine: string } & ListParams)
  /** `#/ENGINE/images/ID[/history|/layers]`: an image's details, history or layer contents. */
  | { name: 'image'; engine: string; id: string; tab?: ImageTab }
  /** `#/ENGINE/layers[?q=]`: every image in one tree by layers; `/compare?a=&b=` compares two. */
  | { name: 'layerTree'; engine: string; filter?: string }
  | { name: 'imageCompare'; engine: string; a?: string; b?: string }
  | ({ name: 'containers'; engine: string } & ListParams)
  | { name: 'container'; engine: string; id: string }
  /** `#/ENGINE/containers/ID/console`: consoles (exec, attach) into one container. */
  | { name: 'console'; engine: string; id: string }
  /** `#/ENGINE/containers/ID/diff`: what the container changed in its filesystem. */
  | { name: 'containerDiff'; engine: string; id: string }
  /** `#/ENGINE/containers/new[?image=&from=ID]`: create and run, blank, for an image, or a copy of a container. */
  /** `from` duplicates a container; with `replace`, the form starts as its replacement (recreate with a newer image). */
  | { name: 'containerNew'; engine: string; image?: string; from?: string; replace?: boolean }
  /** `#/ENGINE/containers/ID/logs` and `/files[?path=]`. */
  | { name: 'containerLogs'; engine: string; id: string }
  | { name: 'containerFiles'; engine: string; id: string; path?: string }
  /** `#/ENGINE/compose/PROJECT`: a compose project's services, containers, networks and volumes. */
  | { name: 'composeProject'; engine: string; project: string }
  /**
   * `#/ENGINE/logs?c=ID,ID` or `?project=P[&service=S]`: the logs of several containers merged by time
   * (picked ones, or a compose project's or service's).
   */
  | { name: 'mergedLogs'; engine: string; ids?: string[]; project?: string; service?: string }
  /** `#/ENGINE/stats`: docker stats for every running container. */
  | { name: 'statsTable'; engine: string }
  | ({ name: 'networks'; engine: string } & ListParams)
  | { name: 'network'; engine: string; id: string }
  | ({ name: 'volumes'; engine: string } & ListParams)
  | { name: 'volume'; engine: string; id: string }
  | { name: 'registries'; engine: string; term?: string }
  | { name: 'repository'; engine: string; repo: string }
  /** `#/ENGINE/system`: version, info, disk use, prune and live events; `/build` builds, loads and saves images. */
  | { name: 'system'; engine: string }
  | { name: 'build'; engine: string }
  /** `#/ENGINE/engines`: every engine the proxy serves, with its health. */
  | { name: 'engines'; engine: string }
  /** `#/ENGINE/swarm[/SERVICE]`: the swarm, its nodes and services; one service's tasks and logs. */
  | { name: 'swarm'; engine: string; service?: string }
  /** `#/ENGINE/risks`: every container and service with a way into the host, why, and what to change. */
  | { name: 'hostRisks'; engine: string }
  /** `#/ENGINE`: the engine's home: health, counts, disk use, host access and recent events. */
  | { name: 'engineHome'; engine: string }
  | { name: 'notFound'; path: string };

export type ImageTab = 'history' | 'layers';
const IMAGE_TABS: readonly string[] = ['history', 'layers'] satisfies ImageTab[];

/** Routes a link can point to. */
export type LinkRoute = Exclude<Route, { name: 'notFound' }>;

/** The areas of an engine the navigation lists; only images exists so far. */
export type Section = 'home' | 'images' | 'registries' | 'system' | 'swarm' | InventorySection;

/** Sections whose routes are a list (`#/ENGINE/containers`) and a page (`#/ENGINE/containers/ID`). */
export type InventorySection = 'containers' | 'networks' | 'volumes';
const INVENTORY: Record<InventorySection, 'container' | 'network' | 'volume'> = {
  containers: 'container',
  networks: 'network',
  volumes: 'volume',
};
const isInventory = (section: string | undefined): section is InventorySection =>
  section !== undefined && Object.hasOwn(INVENTORY, section);

export function parseHash(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2);
  const segments = path.split('/').filter((segment) => segment !== '');
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return { name: 'notFound', path };
  }
  // Dot segments would be resolved away once put in a URL: no name or id is one.
  if (decoded.some((segment) => segment === '.' || segment === '..')) return { name: 'notFound', path };
  const [engine, section, id, ...rest] = decoded;
  if (engine === undefined) return { name: 'home' };
  // No engine name starts with '_' (config.ts), so this cannot hide an engine's home.
  if (engine === '_phone' && section === undefined) return { name: 'phone' };
  if (section === undefined) return { name: 'engineHome', engine };
  if (section === 'images' && rest.length === 0) {
    return id === undefined ? { name: 'images', engine, ...parseListParams(search) } : { name: 'image', engine, id };
  }
  if (section === 'images' && id !== undefined && rest.length === 1 && IMAGE_TABS.includes(rest[0] ?? '')) {
    return { name: 'image', engine, id, tab: rest[0] as ImageTab };
  }
  if (section === 'layers' && rest.length === 0) {
    const params = new URLSearchParams(search);
    if (id === 'compare') {
      const [a, b] = [params.get('a'), params.get('b')];
      return { name: 'imageCompare', engine, ...(a ? { a } : {}), ...(b ? { b } : {}) };
    }
    const filter = params.get('q');
    if (id === undefined) return filter ? { name: 'layerTree', engine, filter } : { name: 'layerTree', engine };
  }
  if (section === 'containers' && id !== undefined && rest.length === 1 && rest[0] === 'diff') {
    return { name: 'containerDiff', engine, id };
  }
  if (section === 'containers' && id === 'new' && rest.length === 0) {
    const params = new URLSearchParams(search);
    const [image, from] = [params.get('image'), params.get('from')];
    const replace = from !== null && params.get('replace') === '1';
    return { name: 'containerNew', engine, ...(image ? { image } : {}), ...(from ? { from } : {}), ...(replace ? { replace } : {}) };
  }
  if (section === 'containers' && id !== undefined && rest.length === 1 && rest[0] === 'logs') {
    return { name: 'containerLogs', engine, id };
  }
  if (section === 'containers' && id !== undefined && rest.length === 1 && rest[0] === 'files') {
    const path = new URLSearchParams(search).get('path');
    return path ? { name: 'containerFiles', engine, id, path } : { name: 'containerFiles', engine, id };
  }
  if (section === 'containers' && id !== undefined && rest.length === 1 && rest[0] === 'console') {
    return { name: 'console', engine, id };
  }
  if (section === 'compose' && id !== undefined && rest.length === 0) return { name: 'composeProject', engine, project: id };
  if (section === 'stats' && id === undefined) return { name: 'statsTable', engine };
  if (section === 'logs' && id === undefined) {
    const params = new URLSearchParams(search);
    const ids = (params.get('c') ?? '').split(',').filter(Boolean);
    const [project, service] = [params.get('project'), params.get('service')];
    return { name: 'mergedLogs', engine, ...(ids.length ? { ids } : {}), ...(project ? { project } : {}), ...(service ? { service } : {}) };
  }
  if (isInventory(section) && rest.length === 0) {
    return id === undefined
      ? { name: section, engine, ...parseListParams(search) }
      : { name: INVENTORY[section], engine, id };
  }
  // #/ENGINE/registries?q=term and #/ENGINE/registries/REPO (the repository as one encoded segment).
  if (section === 'registries' && rest.length === 0) {
    if (id !== undefined) return { name: 'repository', engine, repo: id };
    const term = new URLSearchParams(search).get('q');
    return term ? { name: 'registries', engine, term } : { name: 'registries', engine };
  }
  if ((section === 'system' || section === 'build' || section === 'engines') && id === undefined) return { name: section, engine };
  if (section === 'risks' && id === undefined) return { name: 'hostRisks', engine };
  if (section === 'swarm' && rest.length === 0) return id === undefined ? { name: 'swarm', engine } : { name: 'swarm', engine, service: id };
  return { name: 'notFound', path };
}

function parseListParams(search: string): ListParams {
  const params = new URLSearchParams(search);
  const result: ListParams = {};
  const filter = params.get('q');
  const sort = params.get('sort');
  const state = params.get('state');
  const group = params.get('group');
  if (group) result.group = group;
  if (filter) result.filter = filter;
  if (sort) result.sort = sort;
  if (state) result.state = state;
  return result;
}

function formatListParams(params: ListParams): string {
  const search = new URLSearchParams();
  if (params.filter) search.set('q', params.filter);
  if (params.sort) search.set('sort', params.sort);
  if (params.state) search.set('state', params.state);
  if (params.group) search.set('group', params.group);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Keeps ':' and '@' readable, so an image link reads #/local/images/sha256:4f…. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%3A/gi, ':').replace(/%40/gi, '@');
}

export function formatHash(route: LinkRoute): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'phone':
      return '#/_phone';
    case 'images':
      return `#/${encodeSegment(route.engine)}/images${formatListParams(route)}`;
    case 'image':
      return `#/${encodeSegment(route.engine)}/images/${encodeSegment(route.id)}${route.tab ? `/${route.tab}` : ''}`;
    case 'layerTree':
      return `#/${encodeSegment(route.engine)}/layers${route.filter ? `?${new URLSearchParams({ q: route.filter })}` : ''}`;
    case 'imageCompare': {
      const search = new URLSearchParams();
      if (route.a) search.set('a', route.a);
      if (route.b) search.set('b', route.b);
      const text = search.toString();
      return `#/${encodeSegment(route.engine)}/layers/compare${text ? `?${text}` : ''}`;
    }
    case 'containerDiff':
      return `#/${encodeSegment(route.engine)}/containers/${encodeSegment(route.id)}/diff`;
    case 'containerNew': {
      const search = new URLSearchParams();
      if (route.image) search.set('image', route.image);
      if (route.from) search.set('from', route.from);
      if (route.from && route.replace) search.set('replace', '1');
      const text = search.toString();
      return `#/${encodeSegment(route.engine)}/containers/new${text ? `?${text}` : ''}`;
    }
    case 'containerLogs':
      return `#/${encodeSegment(route.engine)}/containers/${encodeSegment(route.id)}/logs`;
    case 'containerFiles':
      return `#/${encodeSegment(route.engine)}/containers/${encodeSegment(route.id)}/files${route.path ? `?${new URLSearchParams({ path: route.path })}` : ''}`;
    case 'composeProject':
      return `#/${encodeSegment(route.engine)}/compose/${encodeSegment(route.project)}`;
    case 'statsTable':
      return `#/${encodeSegment(route.engine)}/stats`;
    case 'mergedLogs': {
      const search = new URLSearchParams();
      if (route.ids?.length) search.set('c', route.ids.join(','));
      if (route.project) search.set('project', route.project);
      if (route.service) search.set('service', route.service);
      const text = search.toString().replace(/%2C/gi, ',');
      return `#/${encodeSegment(route.engine)}/logs${text ? `?${text}` : ''}`;
    }
    case 'containers':
    case 'networks':
    case 'volumes':
      return `#/${encodeSegment(route.engine)}/${route.name}${formatListParams(route)}`;
    case 'container':
    case 'network':
    case 'volume':
      return `#/${encodeSegment(route.engine)}/${route.name}s/${encodeSegment(route.id)}`;
    case 'console':
      return `#/${encodeSegment(route.engine)}/containers/${encodeSegment(route.id)}/console`;
    case 'registries':
      return `#/${encodeSegment(route.engine)}/registries${route.term ? `?${new URLSearchParams({ q: route.term })}` : ''}`;
    case 'repository':
      return `#/${encodeSegment(route.engine)}/registries/${encodeSegment(route.repo)}`;
    case 'system':
    case 'build':
    case 'engines':
      return `#/${encodeSegment(route.engine)}/${route.name}`;
    case 'swarm':
      return `#/${encodeSegment(route.engine)}/swarm${route.service ? `/${encodeSegment(route.service)}` : ''}`;
    case 'hostRisks':
      return `#/${encodeSegment(route.engine)}/risks`;
    case 'engineHome':
      return `#/${encodeSegment(route.engine)}`;
  }
}

export function routeEngine(route: Route): string | null {
  return 'engine' in route ? route.engine : null;
}

export function routeSection(route: Route): Section | null {
  if (route.name === 'registries' || route.name === 'repository') return 'registries';
  if (route.name === 'system' || route.name === 'build' || route.name === 'engines' || route.name === 'hostRisks') return 'system';
  if (route.name === 'swarm') return 'swarm';
  if (route.name === 'engineHome') return 'home';
  if (isInventory(route.name)) return route.name;
  if (route.name === 'composeProject' || route.name === 'mergedLogs' || route.name === 'statsTable') return 'containers';
  if (route.name === 'console' || route.name === 'containerDiff' || route.name === 'containerNew' || route.name === 'containerLogs' || route.name === 'containerFiles') return 'containers';
  if (route.name === 'layerTree' || route.name === 'imageCompare') return 'images';
  if (route.name === 'container' || route.name === 'network' || route.name === 'volume') return `${route.name}s`;
  return route.name === 'images' || route.name === 'image' ? 'images' : null;
}

/** The same view on another engine; views without an engine go to its images. */
export function withEngine(route: Route, engine: string): LinkRoute {
  switch (route.name) {
    case 'images':
      return { ...route, engine };
    case 'image':
      return { name: 'image', engine, id: route.id };
    case 'registries':
    case 'repository':
    case 'containers':
    case 'networks':
    case 'volumes':
      return { ...route, engine };
    // Another engine has other ids: its list instead.
    case 'container':
    case 'network':
    case 'volume':
      return { name: `${route.name}s`, engine };
    case 'console':
    case 'composeProject':
    case 'mergedLogs':
    case 'containerDiff':
    case 'containerLogs':
    case 'containerFiles':
      return { name: 'containers', engine };
    case 'containerNew':
      return { name: 'containerNew', engine };
    case 'statsTable':
      return { name: 'statsTable', engine };
    case 'layerTree':
      return { ...route, engine };
    case 'imageCompare':
      return { name: 'layerTree', engine };
    case 'system':
    case 'build':
    case 'engines':
    case 'hostRisks':
    case 'engineHome':
      return { name: route.name, engine };
    // Services are the swarm's own: the other engine's swarm page.
    case 'swarm':
      return { name: 'swarm', engine };
    default:
      return { name: 'images', engine };
  }
}
