/**
 * What a prune would remove, computed from the lists before asking the engine to do it,
 * following the engine's own rules (moby's daemon prune code, API 1.41 and later):
 * - containers: every container that is not running (paused and restarting count as running);
 * - images: "dangling" takes top-level images without tags; "all" every image no container
 *   uses. Deleting an image also deletes its untagged parents that nothing else needs;
 * - volumes: local, without driver options, used by no container; from API 1.42 only
 *   anonymous ones unless `all`;
 * - networks: user-defined networks without endpoints (stopped containers hold none);
 * - build cache: records not in use (without `all`, shared and internal ones stay).
 * Label filters (`key`, `key=value`, `!key`…) apply as the engine applies them. Pure.
 */
import type { ContainerSummary, ImageSummary, StringMap, Volume } from '../engine/types';
import type { BuildCacheRecord } from './df';

export type PruneKind = 'containers' | 'images' | 'networks' | 'volumes' | 'buildCache';

export interface PruneOptions {
  /** The engine's API version ("1.41"). */
  apiVersion: string;
  images: 'dangling' | 'all';
  /** API ≥ 1.42: named volumes too (older engines always prune them). */
  allVolumes: boolean;
  /** Build cache: also shared and internal records. */
  allBuildCache: boolean;
  /** `key`, `key=value`; a leading `!` excludes. */
  labels: readonly string[];
}

export interface PruneNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Labels?: StringMap | null;
  /** Endpoints attached now (GET /networks/ID → Containers). */
  endpoints: number;
}

export interface PruneInputs {
  containers: readonly ContainerSummary[];
  /** GET /images/json?all=1: intermediate images too. */
  images: readonly ImageSummary[];
  volumes: readonly Volume[];
  networks: readonly PruneNetwork[];
  buildCache: readonly BuildCacheRecord[];
  /** Unique sizes per image id from /system/df, when known. */
  imageSizes?: ReadonlyMap<string, number>;
}

export interface PruneItem {
  /** What the engine's report names: container id, image id, volume or network name, cache id. */
  id: string;
  name: string;
  size: number | null;
  /** Removed or not depending on the order the engine happens to take (images, `all` only). */
  maybe?: boolean;
}

export interface PrunePlan {
  kind: PruneKind;
  items: PruneItem[];
  /** Image prune: tags that go (the image itself may stay). */
  untagged: string[];
  /** Bytes the items hold (a lower bound when some sizes are unknown). */
  size: number;
}

export interface LabelFilters {
  label: string[];
  notLabel: string[];
}

export function parseLabelFilters(labels: readonly string[]): LabelFilters {
  const result: LabelFilters = { label: [], notLabel: [] };
  for (const raw of labels) {
    const text = raw.trim();
    if (text === '' || text === '!') continue;
    if (text.startsWith('!')) result.notLabel.push(text.slice(1).trim());
    else result.label.push(text);
  }
  return result;
}

/** moby's filters.MatchKVList: every filter must match; no filters matches anything. */
function matchKVList(filters: readonly string[], labels: StringMap | null | undefined): boolean {
  if (filters.length === 0) return true;
  if (!labels || Object.keys(labels).length === 0) return false;
  return filters.every((filter) => {
    const eq = filter.indexOf('=');
    if (eq === -1) return Object.hasOwn(labels, filter);
    const key = filter.slice(0, eq);
    return Object.hasOwn(labels, key) && labels[key] === filter.slice(eq + 1);
  });
}

/** moby's matchLabels: `label` filters all match, and not all `label!` filters match. */
export function matchLabels(filters: LabelFilters, labels: StringMap | null | undefined): boolean {
  if (!matchKVList(filters.label, labels)) return false;
  if (filters.notLabel.length > 0 && matchKVList(filters.notLabel, labels)) return false;
  return true;
}

export function apiAtLeast(version: string, wanted: string): boolean {
  const [a = 0, b = 0] = version.replace(/^v/, '').split('.').map(Number);
  const [c = 0, d = 0] = wanted.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

const RUNNING = new Set(['running', 'paused', 'restarting']);
const name = (container: ContainerSummary): string => (container.Names?.[0] ?? container.Id.slice(0, 12)).replace(/^\//, '');

export function planContainers(inputs: PruneInputs, options: PruneOptions): PrunePlan {
  const filters = parseLabelFilters(options.labels);
  const items = inputs.containers
    .filter((c) => !RUNNING.has(c.State) && matchLabels(filters, c.Labels))
    .map((c) => ({ id: c.Id, name: name(c), size: typeof c.SizeRw === 'number' && c.SizeRw >= 0 ? c.SizeRw : null }));
  return plan('containers', items);
}

const ANONYMOUS = 'com.docker.volume.anonymous';

export function planVolumes(inputs: PruneInputs, options: PruneOptions): PrunePlan {
  const filters = parseLabelFilters(options.labels);
  if (apiAtLeast(options.apiVersion, '1.42') && !options.allVolumes) filters.label.push(ANONYMOUS);
  const used = new Set<string>();
  for (const container of inputs.containers) {
    for (const mount of container.Mounts ?? []) if (mount.Type === 'volume' && mount.Name) used.add(mount.Name);
  }
  const items = inputs.volumes
    .filter((v) => v.Driver === 'local' && Object.keys(v.Options ?? {}).length === 0 && !used.has(v.Name) && matchLabels(filters, v.Labels))
    .map((v) => ({ id: v.Name, name: v.Name, size: v.UsageData && v.UsageData.Size >= 0 ? v.UsageData.Size : null }));
  return plan('volumes', items);
}

const PREDEFINED = new Set(['bridge', 'host', 'none', 'default']);

export function planNetworks(inputs: PruneInputs, options: PruneOptions): PrunePlan {
  const filters = parseLabelFilters(options.labels);
  const items = inputs.networks
    .filter((n) => !PREDEFINED.has(n.Name) && n.endpoints === 0 && matchLabels(filters, n.Labels))
    .map((n) => ({ id: n.Name, name: n.Name, size: null }));
  return plan('networks', items);
}

const INTERNAL_CACHE = new Set(['internal', 'frontend']);

export function planBuildCache(inputs: PruneInputs, options: PruneOptions): PrunePlan {
  const items = inputs.buildCache
    .filter((r) => !r.InUse && (options.allBuildCache || (!r.Shared && !INTERNAL_CACHE.has(r.Type ?? ''))))
    .map((r) => ({ id: r.ID, name: r.Description || r.Type || r.ID.slice(0, 12), size: typeof r.Size === 'number' ? r.Size : null }));
  return plan('buildCache', items);
}

function plan(kind: PruneKind, items: PruneItem[], untagged: string[] = []): PrunePlan {
  return { kind, items, untagged, size: items.reduce((total, item) => total + (item.size ?? 0), 0) };
}

// Images

const isValid = (ref: string): boolean => !ref.startsWith('<none>');

/** The full reference the engine sorts by: busybox:1 → docker.io/library/busybox:1. */
export function fullReference(ref: string): string {
  const slash = ref.indexOf('/');
  const first = slash === -1 ? '' : ref.slice(0, slash);
  if (slash === -1) return `docker.io/library/${ref}`;
  if (first.includes('.') || first.includes(':') || first === 'localhost') return ref;
  return `docker.io/${ref}`;
}

/** Repository of a reference, without tag or digest. */
function repository(ref: string): string {
  const at = ref.indexOf('@');
  const base = at === -1 ? ref : ref.slice(0, at);
  const colon = base.lastIndexOf(':');
  return colon > base.lastIndexOf('/') ? base.slice(0, colon) : base;
}

interface ImageState {
  image: ImageSummary;
  /** Remaining references (familiar form), tags and digests. */
  refs: string[];
  deleted: boolean;
}

export function planImages(inputs: PruneInputs, options: PruneOptions): PrunePlan {
  const filters = parseLabelFilters(options.labels);
  const states = new Map<string, ImageState>();
  for (const image of inputs.images) {
    const refs = [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])].filter(isValid);
    refs.sort((a, b) => (fullReference(a) < fullReference(b) ? -1 : fullReference(a) > fullReference(b) ? 1 : 0));
    states.set(image.Id, { image, refs, deleted: false });
  }
  const used = new Set(inputs.containers.map((c) => c.ImageID));
  const children = (id: string): number => {
    let count = 0;
    for (const state of states.values()) if (!state.deleted && state.image.ParentId === id) count++;
    return count;
  };
  const hasTag = (state: ImageState): boolean => state.refs.some((ref) => !ref.includes('@'));

  const top = [...states.values()].filter((state) => {
    const kids = children(state.image.Id);
    if (options.images === 'dangling' && kids > 0) return false;
    if (state.refs.length === 0 && kids > 0) return false;
    return matchLabels(filters, state.image.Labels);
  });

  // The engine takes them in no set order; children first removes the most, and whatever
  // would only go in that order is marked "maybe".
  const depth = (state: ImageState): number => {
    let d = 0;
    let parent = states.get(state.image.ParentId);
    while (parent && d < 1000) {
      d++;
      parent = states.get(parent.image.ParentId);
    }
    return d;
  };
  top.sort((a, b) => depth(b) - depth(a));

  const items: PruneItem[] = [];
  const untagged: string[] = [];
  const size = (id: string, image: ImageSummary): number | null => inputs.imageSizes?.get(id) ?? (image.Size >= 0 ? image.Size : null);
  const remove = (state: ImageState, maybe: boolean): void => {
    state.deleted = true;
    items.push({ id: state.image.Id, name: state.image.RepoTags?.find(isValid) ?? state.image.Id.replace(/^sha256:/, '').slice(0, 12), size: size(state.image.Id, state.image), ...(maybe ? { maybe } : {}) });
    // Untagged parents nothing else needs go too.
    let parent = states.get(state.image.ParentId);
    while (parent && !parent.deleted && parent.refs.length === 0 && children(parent.image.Id) === 0 && !used.has(parent.image.Id)) {
      parent.deleted = true;
      items.push({ id: parent.image.Id, name: parent.image.Id.replace(/^sha256:/, '').slice(0, 12), size: size(parent.image.Id, parent.image), ...(maybe ? { maybe } : {}) });
      parent = states.get(parent.image.ParentId);
    }
  };

  for (const state of top) {
    if (state.deleted) continue;
    const hadChildren = inputs.images.some((other) => other.ParentId === state.image.Id);
    const blocked = (): boolean => used.has(state.image.Id) || children(state.image.Id) > 0;
    // Only order-dependent when the image had children at the start that this prune removes.
    const maybe = options.images === 'all' && hadChildren && !blocked();
    if (state.refs.length === 0) {
      if (!blocked()) remove(state, maybe);
      continue;
    }
    if (options.images === 'dangling' && hasTag(state)) continue;
    for (const ref of [...state.refs]) {
      if (!state.refs.includes(ref)) continue;
      // The last reference of an image in use or with children stays (conflict).
      if (state.refs.length === 1 && blocked()) break;
      state.refs = state.refs.filter((r) => r !== ref);
      untagged.push(ref);
      if (!ref.includes('@')) {
        // No tag of that repository left: its digest references go with it.
        const repo = repository(ref);
        if (!state.refs.some((r) => !r.includes('@') && repository(r) === repo)) {
          for (const digest of state.refs.filter((r) => r.includes('@') && repository(r) === repo)) untagged.push(digest);
          state.refs = state.refs.filter((r) => !(r.includes('@') && repository(r) === repo));
        }
      }
      if (state.refs.length === 0) {
        remove(state, maybe);
        break;
      }
    }
  }
  return plan('images', items, untagged);
}

export function planPrune(kind: PruneKind, inputs: PruneInputs, options: PruneOptions): PrunePlan {
  switch (kind) {
    case 'containers':
      return planContainers(inputs, options);
    case 'images':
      return planImages(inputs, options);
    case 'networks':
      return planNetworks(inputs, options);
    case 'volumes':
      return planVolumes(inputs, options);
    case 'buildCache':
      return planBuildCache(inputs, options);
  }
}

/**
 * Several kinds at once, as `docker system prune` runs them: containers first, so what only
 * the removed containers used (volumes, images) counts as unused for the kinds after them.
 */
export function planAll(kinds: readonly PruneKind[], inputs: PruneInputs, options: PruneOptions): PrunePlan[] {
  const order: PruneKind[] = ['containers', 'networks', 'volumes', 'images', 'buildCache'];
  let current = inputs;
  const plans: PrunePlan[] = [];
  for (const kind of order.filter((k) => kinds.includes(k))) {
    const result = planPrune(kind, current, options);
    plans.push(result);
    if (kind === 'containers') {
      const gone = new Set(result.items.map((item) => item.id));
      current = { ...current, containers: current.containers.filter((c) => !gone.has(c.Id)) };
    }
  }
  return plans;
}

/** The query of POST /KIND/prune for these options. */
export function pruneQuery(kind: PruneKind, options: PruneOptions): Record<string, string> {
  const filters: Record<string, string[]> = {};
  const labels = parseLabelFilters(options.labels);
  if (kind !== 'buildCache') {
    if (labels.label.length) filters['label'] = labels.label;
    if (labels.notLabel.length) filters['label!'] = labels.notLabel;
  }
  if (kind === 'images' && options.images === 'all') filters['dangling'] = ['false'];
  if (kind === 'volumes' && options.allVolumes && apiAtLeast(options.apiVersion, '1.42')) filters['all'] = ['true'];
  const query: Record<string, string> = {};
  if (Object.keys(filters).length) query['filters'] = JSON.stringify(filters);
  if (kind === 'buildCache' && options.allBuildCache) query['all'] = '1';
  return query;
}

/** POST /…/prune answers, all kinds in one type. */
export interface PruneReport {
  ContainersDeleted?: string[] | null;
  ImagesDeleted?: { Untagged?: string; Deleted?: string }[] | null;
  NetworksDeleted?: string[] | null;
  VolumesDeleted?: string[] | null;
  CachesDeleted?: string[] | null;
  SpaceReclaimed?: number;
}

export interface PruneOutcome {
  /** Ids or names removed (images: image ids only, not their layers). */
  removed: string[];
  untagged: string[];
  /** Layers removed with the images. */
  layers: number;
  spaceReclaimed: number;
}

/** The report in one shape; `knownImages` tells image ids from layer chain ids in ImagesDeleted. */
export function readPruneReport(kind: PruneKind, report: PruneReport, knownImages: ReadonlySet<string> = new Set()): PruneOutcome {
  const spaceReclaimed = typeof report.SpaceReclaimed === 'number' ? report.SpaceReclaimed : 0;
  switch (kind) {
    case 'containers':
      return { removed: report.ContainersDeleted ?? [], untagged: [], layers: 0, spaceReclaimed };
    case 'networks':
      return { removed: report.NetworksDeleted ?? [], untagged: [], layers: 0, spaceReclaimed };
    case 'volumes':
      return { removed: report.VolumesDeleted ?? [], untagged: [], layers: 0, spaceReclaimed };
    case 'buildCache':
      return { removed: report.CachesDeleted ?? [], untagged: [], layers: 0, spaceReclaimed };
    case 'images': {
      const records = report.ImagesDeleted ?? [];
      const deleted = records.flatMap((r) => (r.Deleted ? [r.Deleted] : []));
      const removed = deleted.filter((id) => knownImages.has(id));
      return {
        removed,
        untagged: records.flatMap((r) => (r.Untagged ? [r.Untagged] : [])),
        layers: deleted.length - removed.length,
        spaceReclaimed,
      };
    }
  }
}

/** What the preview promised against what the engine did. */
export function comparePlan(plan: PrunePlan, outcome: PruneOutcome): { missing: string[]; unexpected: string[] } {
  const promised = new Set(plan.items.filter((item) => !item.maybe).map((item) => item.id));
  const maybe = new Set(plan.items.filter((item) => item.maybe).map((item) => item.id));
  const done = new Set(outcome.removed);
  return {
    missing: [...promised].filter((id) => !done.has(id)),
    unexpected: [...done].filter((id) => !promised.has(id) && !maybe.has(id)),
  };
}
