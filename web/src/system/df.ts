/**
 * GET /system/df, read defensively and normalised into one shape for the disk-use picture.
 * Engines before API 1.52 send arrays (Images, Containers, Volumes, BuildCache, LayersSize);
 * 1.52 sends one object per kind (ImagesDiskUsage …: ActiveCount, TotalCount, TotalSize,
 * Reclaimable, Items only with verbose=1). Totals follow `docker system df`.
 */
import type { ContainerSummary, ImageSummary, Volume } from '../engine/types';

export interface BuildCacheRecord {
  ID: string;
  Parent?: string | null;
  Parents?: string[] | null;
  Type?: string;
  Description?: string;
  InUse?: boolean;
  Shared?: boolean;
  Size?: number;
  CreatedAt?: string;
  LastUsedAt?: string | null;
  UsageCount?: number;
}

export interface KindUsage<T> {
  ActiveCount?: number;
  TotalCount?: number;
  TotalSize?: number;
  Reclaimable?: number;
  Items?: T[] | null;
}

/** Both shapes, every field optional: whatever the engine sent. */
export interface RawDiskUsage {
  LayersSize?: number;
  Images?: ImageSummary[] | null;
  Containers?: ContainerSummary[] | null;
  Volumes?: Volume[] | null;
  BuildCache?: BuildCacheRecord[] | null;
  ImagesDiskUsage?: KindUsage<ImageSummary> | null;
  ContainersDiskUsage?: KindUsage<ContainerSummary> | null;
  VolumesDiskUsage?: KindUsage<Volume> | null;
  BuildCacheDiskUsage?: KindUsage<BuildCacheRecord> | null;
}

export type DiskKind = 'images' | 'containers' | 'volumes' | 'buildCache';

export interface DiskItem {
  id: string;
  name: string;
  /** Bytes this item holds on its own (an image's unique size); null when unknown. */
  size: number | null;
  /** In use: removing it is not what a prune does. */
  active: boolean;
  /** "2 containers", "running", "in use"… */
  detail: string;
}

export interface DiskCategory {
  kind: DiskKind;
  label: string;
  total: number;
  active: number;
  size: number;
  reclaimable: number;
  /** null when the engine only sent totals (1.52 without verbose). */
  items: DiskItem[] | null;
}

export interface DiskUsage {
  categories: DiskCategory[];
  /** Sum of every category's size. */
  size: number;
  reclaimable: number;
}

const LABELS: Record<DiskKind, string> = {
  images: 'Images',
  containers: 'Containers',
  volumes: 'Local volumes',
  buildCache: 'Build cache',
};

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function imageName(image: ImageSummary): string {
  const tag = (image.RepoTags ?? []).find((t) => t !== '<none>:<none>');
  if (tag) return tag;
  const digest = (image.RepoDigests ?? []).find((d) => !d.startsWith('<none>'));
  return digest ? `${digest.split('@')[0]}:<none>` : '<none>';
}

const shortId = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);

function imageItems(images: readonly ImageSummary[]): DiskItem[] {
  return images.map((image) => {
    const shared = image.SharedSize >= 0 ? image.SharedSize : 0;
    const containers = Math.max(0, image.Containers);
    return {
      id: image.Id,
      name: imageName(image),
      size: Math.max(0, num(image.Size) - shared),
      active: containers > 0,
      detail: containers > 0 ? plural(containers, 'container') : 'unused',
    };
  });
}

function containerItems(containers: readonly ContainerSummary[]): DiskItem[] {
  return containers.map((container) => ({
    id: container.Id,
    name: (container.Names?.[0] ?? shortId(container.Id)).replace(/^\//, ''),
    size: typeof container.SizeRw === 'number' && container.SizeRw >= 0 ? container.SizeRw : null,
    active: container.State === 'running' || container.State === 'paused' || container.State === 'restarting',
    detail: container.State,
  }));
}

function volumeItems(volumes: readonly Volume[]): DiskItem[] {
  return volumes.map((volume) => {
    const size = volume.UsageData && volume.UsageData.Size >= 0 ? volume.UsageData.Size : null;
    const refs = volume.UsageData && volume.UsageData.RefCount >= 0 ? volume.UsageData.RefCount : 0;
    return { id: volume.Name, name: volume.Name, size, active: refs > 0, detail: refs > 0 ? plural(refs, 'container') : 'unused' };
  });
}

function cacheItems(records: readonly BuildCacheRecord[]): DiskItem[] {
  return records.map((record) => ({
    id: record.ID,
    name: record.Description || record.Type || shortId(record.ID),
    size: typeof record.Size === 'number' ? record.Size : null,
    active: record.InUse === true,
    detail: record.InUse ? 'in use' : record.Shared ? 'shared' : (record.Type ?? 'cache'),
  }));
}

const sumSize = (items: readonly DiskItem[], which: (item: DiskItem) => boolean): number =>
  items.reduce((total, item) => total + (which(item) ? (item.size ?? 0) : 0), 0);

/** A category from the pre-1.52 arrays, totals computed the way `docker system df` does. */
function fromItems(kind: DiskKind, items: DiskItem[], size?: number, sharedOfActive?: number): DiskCategory {
  const all = sumSize(items, () => true);
  const total = size ?? all;
  const active = items.filter((item) => item.active).length;
  // Images: what active images hold is kept (their own layers, and the shared base once);
  // everything else of the layer store can go. (The CLI leaves the shared part out, and so
  // calls an image that only shares layers 100% reclaimable while containers use it.)
  const reclaimable = kind === 'images' ? Math.max(0, total - sumSize(items, (item) => item.active) - (sharedOfActive ?? 0)) : sumSize(items, (item) => !item.active);
  return { kind, label: LABELS[kind], total: items.length, active, size: total, reclaimable, items };
}

function fromUsage<T>(kind: DiskKind, usage: KindUsage<T>, toItems: (items: T[]) => DiskItem[]): DiskCategory {
  const items = Array.isArray(usage.Items) ? toItems(usage.Items) : null;
  return {
    kind,
    label: LABELS[kind],
    total: num(usage.TotalCount) || (items?.length ?? 0),
    active: num(usage.ActiveCount) || (items?.filter((item) => item.active).length ?? 0),
    size: num(usage.TotalSize),
    reclaimable: num(usage.Reclaimable),
    items,
  };
}

/** The largest shared part among images containers use: the base they share, counted once. */
function sharedOfActive(images: readonly ImageSummary[]): number {
  return images.reduce((max, image) => (image.Containers > 0 && image.SharedSize > 0 ? Math.max(max, image.SharedSize) : max), 0);
}

/** Any /system/df answer (or null) → four categories in a fixed order. */
export function normalizeDiskUsage(raw: RawDiskUsage | null | undefined): DiskUsage {
  const df = raw ?? {};
  const categories: DiskCategory[] = [
    df.ImagesDiskUsage
      ? fromUsage('images', df.ImagesDiskUsage, imageItems)
      : fromItems('images', imageItems(df.Images ?? []), typeof df.LayersSize === 'number' ? num(df.LayersSize) : undefined, sharedOfActive(df.Images ?? [])),
    df.ContainersDiskUsage ? fromUsage('containers', df.ContainersDiskUsage, containerItems) : fromItems('containers', containerItems(df.Containers ?? [])),
    df.VolumesDiskUsage ? fromUsage('volumes', df.VolumesDiskUsage, volumeItems) : fromItems('volumes', volumeItems(df.Volumes ?? [])),
    df.BuildCacheDiskUsage
      ? fromUsage('buildCache', df.BuildCacheDiskUsage, cacheItems)
      : buildCacheFromRecords(df.BuildCache ?? []),
  ];
  return {
    categories,
    size: categories.reduce((total, category) => total + category.size, 0),
    reclaimable: categories.reduce((total, category) => total + category.reclaimable, 0),
  };
}

/** The CLI counts shared cache records in neither the size nor what can be reclaimed. */
function buildCacheFromRecords(records: readonly BuildCacheRecord[]): DiskCategory {
  const items = cacheItems(records);
  const own = records.filter((record) => !record.Shared);
  return {
    kind: 'buildCache',
    label: LABELS.buildCache,
    total: records.length,
    active: records.filter((record) => record.InUse).length,
    size: own.reduce((total, record) => total + num(record.Size), 0),
    reclaimable: own.filter((record) => !record.InUse).reduce((total, record) => total + num(record.Size), 0),
    items,
  };
}

/** The bar of one category: the kept part and the reclaimable part, as fractions of the largest category. */
export function barParts(category: DiskCategory, largest: number): { kept: number; reclaimable: number } {
  if (largest <= 0) return { kept: 0, reclaimable: 0 };
  const reclaimable = Math.min(category.reclaimable, category.size);
  return { kept: (category.size - reclaimable) / largest, reclaimable: reclaimable / largest };
}
