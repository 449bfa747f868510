/** Volumes: `docker volume ls` rows with who uses them and their size, filter and sort. */
import { containerName } from './containers';
import { parseEngineTime } from './format';
import { sortedEntries, type KeyValue } from './imageDetails';
import { compareText, parseFilterQuery, sortBy, type Sort, type SortSpec } from './sorting';
import type { ContainerSummary, SystemDf, Volume } from './types';

export interface VolumeUser {
  id: string;
  name: string;
  state: string;
  destination: string;
}

export interface VolumeRow {
  name: string;
  driver: string;
  scope: string;
  mountpoint: string;
  created: Date | null;
  labels: KeyValue[];
  options: KeyValue[];
  /** Containers that mount it, running or not. */
  users: VolumeUser[];
  /** Bytes, from /system/df; null when the engine did not report it (yet). */
  size: number | null;
  search: string;
}

/** Which containers mount which volume, by volume name. */
export function usersByVolume(containers: readonly ContainerSummary[]): Map<string, VolumeUser[]> {
  const byVolume = new Map<string, VolumeUser[]>();
  for (const container of containers) {
    for (const mount of container.Mounts ?? []) {
      if (mount.Type !== 'volume' || !mount.Name) continue;
      const list = byVolume.get(mount.Name) ?? [];
      list.push({ id: container.Id, name: containerName(container.Names), state: container.State, destination: mount.Destination });
      byVolume.set(mount.Name, list);
    }
  }
  for (const list of byVolume.values()) list.sort((a, b) => compareText(a.name, b.name));
  return byVolume;
}

/** Volume sizes from GET /system/df, in either shape (before and after API 1.52); -1 means not computed. */
export function volumeSizes(df: SystemDf | undefined): Map<string, number> {
  const sizes = new Map<string, number>();
  const volumes = df?.Volumes ?? df?.VolumeUsage?.Items ?? [];
  for (const volume of volumes) {
    const size = volume.UsageData?.Size;
    if (typeof size === 'number' && size >= 0) sizes.set(volume.Name, size);
  }
  return sizes;
}

export function toVolumeRow(
  volume: Volume,
  users?: ReadonlyMap<string, VolumeUser[]>,
  sizes?: ReadonlyMap<string, number>,
): VolumeRow {
  return {
    name: volume.Name,
    driver: volume.Driver,
    scope: volume.Scope,
    mountpoint: volume.Mountpoint,
    created: parseEngineTime(volume.CreatedAt),
    labels: sortedEntries(volume.Labels),
    options: sortedEntries(volume.Options),
    users: users?.get(volume.Name) ?? [],
    size: sizes?.get(volume.Name) ?? (typeof volume.UsageData?.Size === 'number' && volume.UsageData.Size >= 0 ? volume.UsageData.Size : null),
    search: `${volume.Name}\n${volume.Driver}\n${volume.Mountpoint}`.toLowerCase(),
  };
}

const FIELDS = ['driver', 'label'] as const;

/** Words in the name, driver or mountpoint; "driver:local", "label:key[=value]"; "unused" as a word of its own. */
export function filterVolumes(rows: readonly VolumeRow[], text: string): VolumeRow[] {
  const query = parseFilterQuery(text, FIELDS);
  const dangling = query.words.includes('unused');
  const words = query.words.filter((word) => word !== 'unused');
  return rows.filter(
    (row) =>
      (!dangling || row.users.length === 0) &&
      words.every((word) => row.search.includes(word)) &&
      query.fields.every((field) => {
        if (field.key === 'driver') return row.driver.toLowerCase() === field.value;
        const equals = field.value.indexOf('=');
        const key = equals === -1 ? field.value : field.value.slice(0, equals);
        const value = equals === -1 ? null : field.value.slice(equals + 1);
        return row.labels.some((label) => label.key.toLowerCase() === key && (value === null || label.value.toLowerCase() === value));
      }),
  );
}

export type VolumeSortKey = 'name' | 'driver' | 'users' | 'size' | 'created';

export const VOLUME_SORT: SortSpec<VolumeSortKey> = {
  keys: ['name', 'driver', 'users', 'size', 'created'],
  default: { key: 'name', direction: 'asc' },
  descendingFirst: ['users', 'size', 'created'],
};

function compareVolumes(key: VolumeSortKey, a: VolumeRow, b: VolumeRow): number {
  switch (key) {
    case 'name':
      return compareText(a.name, b.name);
    case 'driver':
      return compareText(a.driver, b.driver);
    case 'users':
      return a.users.length - b.users.length;
    case 'size':
      return (a.size ?? -1) - (b.size ?? -1);
    case 'created':
      return (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0);
  }
}

export function sortVolumes(rows: readonly VolumeRow[], sort: Sort<VolumeSortKey>): VolumeRow[] {
  return sortBy(rows, sort.direction, (a, b) => compareVolumes(sort.key, a, b), (a, b) => a.name.localeCompare(b.name));
}
