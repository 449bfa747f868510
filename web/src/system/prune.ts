/**
 * What a prune would remove, worked out from the engine's lists before asking it to prune,
 * by the engine's own rules (moby's daemon/prune.go, daemon/images/image_prune.go,
 * volume/service, BuildKit's cache manager; API 1.41 = dockerd 20.10, and later):
 * - containers: every container that is not running (paused and restarting count as
 *   running), created no later than `until`, with matching labels; the space is SizeRw;
 * - images: see pruneImages.ts (references, containers, parents, shared layers once);
 * - volumes: driver local, no driver options, no container referring to it, matching
 *   labels; from API 1.42 only anonymous ones unless `all`; `until` is not a volume filter;
 * - networks: user-defined, not config-only, without endpoints (stopped containers hold
 *   none), created no later than `until`, with matching labels; no space;
 * - build cache: records not in use; without `all` not shared and not internal/frontend;
 *   `until` keeps records last used after it; labels are accepted but ignored by the engine.
 * Label filters (`key`, `key=value`, `!key`...) match as moby's MatchKVList. Pure.
 */
import type { ContainerSummary, ImageSummary, StringMap, Volume } from '../engine/types';
import type { BuildCacheRecord } from './df';
import { isValidRef, simulateImagePrune, type ImageNode } from './pruneImages';

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
  /** Unix seconds (whole): only what was created (build cache: last used) no later than this. */
  until?: number | null;
}

export interface PruneNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Labels?: StringMap | null;
  /** Endpoints attached now (GET /networks/ID → Containers). */
  endpoints: number;
  /** RFC 3339 with nanoseconds. */
  Created?: string;
  ConfigOnly?: boolean;
}

export interface PruneInputs {
  containers: readonly ContainerSummary[];
  /** GET /images/json?all=1: intermediate images too. */
  images: readonly ImageSummary[];
  volumes: readonly Volume[];
  networks: readonly PruneNetwork[];
  buildCache: readonly BuildCacheRecord[];
  /**
   * Per image id: layer diff ids (inspect) and their diff sizes (history), for the space an
   * image prune frees. Containers' and images' Created carry their fraction of a second
   * where it matters to `until` (the lists truncate it).
   */
  imageLayers?: ReadonlyMap<string, { layers: string[]; layerSizes: number[] | null }>;
}

export interface PruneItem {
  /** What the engine's report names: container id, image id, volume or network name, cache id. */
  id: string;
  name: string;
  size: number | null;
}

export interface PrunePlan {
  kind: PruneKind;
  items: PruneItem[];
  /** Image prune: tags that go (the image itself may stay). */
  untagged: string[];
  /** Bytes the prune frees (a lower bound when some sizes are unknown). */
  size: number;
  /** Image prune: layers freed, null when unknown. */
  layers?: number | null;
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

/** The engine's `created.After(until)`: what is newer than the cut-off stays. */
function after(created: number, options: PruneOptions): boolean {
  return options.until !== null && options.until !== undefined && created > options.until;
}

const RUNNING = new Set(['running', 'paused', 'restarting']);
const name = (container: ContainerSummary): string => (container.Names?.[0] ?? container.Id.slice(0, 12)).replace(/^\//, '');

export function planContainers(inputs: PruneInputs, options: PruneOptions): PrunePlan {
  const filters = parseLabelFilters(options.labels);
  const items = inputs.containers
    .filter((c) => !RUNNING.has(c.State) && !after(c.Created, options) && matchLabels(filters, c.Labels))
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

const PREDEFINED = new Set(['bridge', 'host', 'none', 'default', 'ingress']);

export function planNetworks(inputs: PruneInputs, options: PruneOptions): PrunePlan {
  const filters = parseLabelFilters(options.labels);
  const items = inputs.networks
    .filter((n) => !PREDEFINED.has(n.Name) && !n.ConfigOnly && n.endpoints === 0 && !after(n.Created ? rfc3339Seconds(n.Created) : 0, options) && matchLabels(filters, n.Labels))
    .map((n) => ({ id: n.Name, name: n.Name, size: null }));
  return plan('networks', items);
}

const INTERNAL_CACHE = new Set(['internal', 'frontend']);

export function planBuildCache(inputs: PruneInputs, options: PruneOptions): PrunePlan {
  const items = inputs.buildCache
    .filter((r) => !r.InUse && (options.allBuildCache || (!r.Shared && !INTERNAL_CACHE.has(r.Type ?? ''))))
    // BuildKit keeps a record last used after the cut-off; one never used goes.
    .filter((r) => !(r.LastUsedAt && after(rfc3339Seconds(r.LastUsedAt), options)))
    .map((r) => ({ id: r.ID, name: r.Description || r.Type || r.ID.slice(0, 12), size: typeof r.Size === 'number' ? r.Size : null }));
  return plan('buildCache', items);
}

/** RFC 3339 with up to nanoseconds → Unix seconds with the fraction (to the microsecond). */
export function rfc3339Seconds(text: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text.trim());
  if (!match) return Date.parse(text) / 1000;
  const whole = Date.parse(`${match[1]}${match[3]}`) / 1000;
  return whole + Number(`0.${(match[2] ?? '0').slice(0, 9)}`);
}

function plan(kind: PruneKind, items: PruneItem[], untagged: string[] = []): PrunePlan {
  return { kind, items, untagged, size: items.reduce((total, item) => total + (item.size ?? 0), 0) };
}

// Images

export function planImages(inputs: PruneInputs, options: PruneOptions): PrunePlan {
  const nodes: ImageNode[] = inputs.images.map((image) => {
    const detail = inputs.imageLayers?.get(image.Id);
    return {
      id: image.Id,
      parentId: image.ParentId ?? '',
      refs: [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])],
      created: image.Created,
      labels: image.Labels ?? null,
      size: image.Size,
      ...(detail ? { layers: detail.layers, ...(detail.layerSizes ? { layerSizes: detail.layerSizes } : {}) } : {}),
    };
  });
  const users = inputs.containers.map((c) => ({ imageId: c.ImageID, running: RUNNING.has(c.State) }));
  // API 1.48 image mounts hold their image like a container's own image does.
  for (const c of inputs.containers) {
    for (const mount of c.Mounts ?? []) if (mount.Type === 'image' && mount.Source) users.push({ imageId: mount.Source, running: RUNNING.has(c.State) });
  }
  const result = simulateImagePrune(nodes, users, { danglingOnly: options.images === 'dangling', until: options.until ?? null, labels: parseLabelFilters(options.labels) });
  const byId = new Map(inputs.images.map((i) => [i.Id, i]));
  const items = result.deleted.map((id) => {
    const image = byId.get(id);
    return { id, name: image?.RepoTags?.find(isValidRef) ?? id.replace(/^sha256:/, '').slice(0, 12), size: result.freed.get(id) ?? null };
  });
  return { ...plan('images', items, result.untagged), layers: result.layersFreed };
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

/** Kinds whose prune takes an `until` filter (volumes do not). */
export const UNTIL_KINDS: ReadonlySet<PruneKind> = new Set<PruneKind>(['containers', 'images', 'networks', 'buildCache']);

/**
 * The query of POST /KIND/prune for these options. `until` goes as the same Unix time the
 * preview used, so both judge by one cut-off; the build cache only takes a duration, counted
 * back from `nowSeconds`.
 */
export function pruneQuery(kind: PruneKind, options: PruneOptions, nowSeconds: number = Date.now() / 1000): Record<string, string> {
  const filters: Record<string, string[]> = {};
  const labels = parseLabelFilters(options.labels);
  if (kind !== 'buildCache') {
    if (labels.label.length) filters['label'] = labels.label;
    if (labels.notLabel.length) filters['label!'] = labels.notLabel;
  }
  if (kind === 'images' && options.images === 'all') filters['dangling'] = ['false'];
  if (kind === 'volumes' && options.allVolumes && apiAtLeast(options.apiVersion, '1.42')) filters['all'] = ['true'];
  if (options.until !== null && options.until !== undefined && UNTIL_KINDS.has(kind)) {
    filters['until'] = [kind === 'buildCache' ? `${Math.max(1, Math.round(nowSeconds - options.until))}s` : String(options.until)];
  }
  const query: Record<string, string> = {};
  if (Object.keys(filters).length) query['filters'] = JSON.stringify(filters);
  if (kind === 'buildCache' && options.allBuildCache) query['all'] = '1';
  return query;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/**
 * "Older than" as the person writes it, into a whole Unix second: a Go duration (24h, 1h30m,
 * 90m) counted back from now, a date with a time zone (2026-12-01T10:00:00Z), or a Unix time.
 */
export function parseUntil(text: string, nowSeconds: number): { until: number } | { error: string } {
  const value = text.trim();
  if (/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(value)) {
    let seconds = 0;
    for (const part of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) seconds += Number(part[1]) * DURATION_UNITS[part[2]!]!;
    return { until: Math.floor(nowSeconds - seconds) };
  }
  if (/^\d+(\.\d+)?$/.test(value)) return { until: Math.floor(Number(value)) };
  if (/^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:\d\d)$/.test(value) || /^\d{4}-\d\d-\d\dT.*(Z|[+-]\d\d:\d\d)$/.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return { until: Math.floor(ms / 1000) };
  }
  return { error: `"${value}" is not a time: write a duration such as 24h or 90m, or a date with its time zone such as 2026-12-01T10:00:00Z` };
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
export function comparePlan(plan: PrunePlan, outcome: PruneOutcome): { missing: string[]; unexpected: string[]; bytes: number } {
  const promised = new Set(plan.items.map((item) => item.id));
  const done = new Set(outcome.removed);
  return {
    missing: [...promised].filter((id) => !done.has(id)),
    unexpected: [...done].filter((id) => !promised.has(id)),
    // Only where the preview knew every size; otherwise its total is a lower bound.
    bytes: plan.items.every((item) => item.size !== null) ? outcome.spaceReclaimed - plan.size : 0,
  };
}
