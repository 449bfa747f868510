/** Containers: `docker ps -a` rows, their filter and sort, and live patches from events. */
import type { EventEffect } from './events';
import { fromUnixSeconds } from './format';
import { shortId } from './images';
import { compareText, parseFilterQuery, sortBy, type Sort, type SortSpec } from './sorting';
import type { ContainerInspect, ContainerSummary, PortSummary } from './types';

export type Health = 'healthy' | 'unhealthy' | 'starting';

/** One container of GET /containers/json?all=1, in Porthole's shape. */
export interface ContainerRow {
  id: string;
  shortId: string;
  /** Without the leading '/'. */
  name: string;
  image: string;
  imageId: string;
  command: string;
  created: Date;
  /** created, running, paused, restarting, removing, exited, dead. */
  state: string;
  /** "Up 3 minutes (healthy)" as the engine words it. */
  status: string;
  health: Health | null;
  /** As `docker ps` writes them: "0.0.0.0:8080->80/tcp", "53/udp". */
  ports: string[];
  labels: Record<string, string>;
  networks: string[];
  /** Names of the volumes it mounts. */
  volumes: string[];
  /** Only known after a `size=1` listing. */
  sizeRw: number | null;
  sizeRootFs: number | null;
  /** Lower-case text the filter words are looked for in. */
  search: string;
}

/** The container's own name: the one entry without a second '/' (links add "/other/alias"). */
export function containerName(names: readonly string[] | null | undefined): string {
  const list = names ?? [];
  const own = list.find((name) => name.lastIndexOf('/') === 0) ?? list[0] ?? '';
  return own.replace(/^\//, '');
}

/** "(healthy)", "(unhealthy)", "(health: starting)" at the end of Status. */
export function healthFromStatus(status: string): Health | null {
  const match = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  if (!match) return null;
  return match[1] === 'health: starting' ? 'starting' : (match[1] as Health);
}

/** One port the way `docker ps` prints it. */
export function formatPort(port: PortSummary): string {
  const inside = `${port.PrivatePort}/${port.Type}`;
  if (port.PublicPort === undefined || port.PublicPort === 0) return inside;
  const ip = port.IP ?? '';
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `${host}:${port.PublicPort}->${inside}`;
}

export function formatPorts(ports: readonly PortSummary[] | null | undefined): string[] {
  const sorted = [...(ports ?? [])].sort(
    (a, b) =>
      a.PrivatePort - b.PrivatePort ||
      a.Type.localeCompare(b.Type) ||
      (a.PublicPort ?? 0) - (b.PublicPort ?? 0) ||
      Number((a.IP ?? '').includes(':')) - Number((b.IP ?? '').includes(':')),
  );
  return [...new Set(sorted.map(formatPort))];
}

/** An image named by id (its tag was removed) reads as the short id, like `docker ps`. */
export function displayImage(image: string): string {
  return /^sha256:[0-9a-f]{64}$/.test(image) ? shortId(image) : image;
}

export function toContainerRow(summary: ContainerSummary): ContainerRow {
  const name = containerName(summary.Names);
  const image = displayImage(summary.Image);
  const command = summary.Command ?? '';
  const networks = Object.keys(summary.NetworkSettings?.Networks ?? {}).sort();
  const volumes = (summary.Mounts ?? [])
    .filter((mount) => mount.Type === 'volume' && mount.Name)
    .map((mount) => mount.Name ?? '');
  return {
    id: summary.Id,
    shortId: shortId(summary.Id),
    name,
    image,
    imageId: summary.ImageID,
    command,
    created: fromUnixSeconds(summary.Created),
    state: summary.State,
    status: summary.Status,
    health: healthFromStatus(summary.Status),
    ports: formatPorts(summary.Ports),
    labels: summary.Labels ?? {},
    networks,
    volumes,
    sizeRw: typeof summary.SizeRw === 'number' ? summary.SizeRw : null,
    sizeRootFs: typeof summary.SizeRootFs === 'number' ? summary.SizeRootFs : null,
    search: `${name}\n${summary.Id}\n${image}\n${command}\n${summary.Status}`.toLowerCase(),
  };
}

/**
 * toContainerRow, remembered per summary object: the cached list keeps its unchanged objects across
 * patches and refetches (structural sharing), so their rows stay the same objects and the list
 * re-renders only the rows that changed.
 */
export function createRowCache(): (summary: ContainerSummary) => ContainerRow {
  const rows = new WeakMap<ContainerSummary, ContainerRow>();
  return (summary) => {
    let row = rows.get(summary);
    if (!row) {
      row = toContainerRow(summary);
      rows.set(summary, row);
    }
    return row;
  };
}

/** Sizes come from a second, slower listing (`size=1`): merge them in by id (absent there: 0). */
export function withSizes(
  rows: readonly ContainerRow[],
  sized: readonly ContainerSummary[] | undefined,
): ContainerRow[] {
  if (!sized) return [...rows];
  const byId = new Map(sized.map((summary) => [summary.Id, summary]));
  return rows.map((row) => {
    const summary = byId.get(row.id);
    if (!summary) return row;
    // Both are `omitempty`: a container that changed nothing has no SizeRw at all.
    return { ...row, sizeRw: summary.SizeRw ?? 0, sizeRootFs: summary.SizeRootFs ?? 0 };
  });
}

// Live patches

/** Applies one event's immediate change to a cached listing; returns the same array when nothing changed. */
export function patchContainerList(list: readonly ContainerSummary[], effect: EventEffect): readonly ContainerSummary[] {
  if (effect.kind === 'containerRemoved') {
    const next = list.filter((container) => container.Id !== effect.id);
    return next.length === list.length ? list : next;
  }
  if (effect.kind !== 'containerState') return list;
  const index = list.findIndex((container) => container.Id === effect.id);
  const current = list[index];
  if (current === undefined) return list;
  const next = [...list];
  next[index] = { ...current, State: effect.state, Status: patchedStatus(current.Status, effect) };
  return next;
}

/**
 * A container page's inspect with the state an event announced, shown at once: the refetch that follows may
 * never come (an engine that stops its containers on shutdown sends their `die`, then stops answering).
 * Returns the same object when the event is about another container or changes nothing.
 */
export function patchContainerInspect(inspect: ContainerInspect, effect: EventEffect): ContainerInspect {
  if (effect.kind !== 'containerState' || effect.id !== inspect.Id || effect.health !== undefined) return inspect;
  const state = inspect.State;
  const running = effect.state === 'running' || effect.state === 'paused';
  const next = {
    ...state,
    Status: effect.state,
    Running: running,
    Paused: effect.state === 'paused',
    Restarting: false,
    ...(running ? {} : { Pid: 0 }),
    ...(effect.exitCode === undefined ? {} : { ExitCode: effect.exitCode }),
  };
  const same = (Object.keys(next) as (keyof typeof next)[]).every((key) => next[key] === state[key]);
  return same ? inspect : { ...inspect, State: next };
}

/**
 * Puts the engine's fresh summaries of a few containers (`GET /containers/json?filters={"id":[...]}`) into a
 * cached listing: each replaces its row by id, new ones go first (the engine lists newest first), and an id
 * asked for that the engine no longer lists is removed. Unchanged rows keep their objects, so the views
 * re-render only what changed. Returns the same array when nothing changed.
 */
export function upsertContainers(
  list: readonly ContainerSummary[],
  fresh: readonly ContainerSummary[],
  asked: readonly string[],
): readonly ContainerSummary[] {
  const byId = new Map(fresh.map((summary) => [summary.Id, summary]));
  const gone = new Set(asked.filter((id) => !byId.has(id)));
  let changed = false;
  const kept: ContainerSummary[] = [];
  for (const current of list) {
    if (gone.has(current.Id)) {
      changed = true;
      continue;
    }
    const next = byId.get(current.Id);
    if (next) {
      byId.delete(current.Id);
      changed = true;
      kept.push(next);
    } else kept.push(current);
  }
  if (byId.size === 0 && !changed) return list;
  return [...byId.values(), ...kept];
}

function patchedStatus(status: string, effect: Extract<EventEffect, { kind: 'containerState' }>): string {
  if (effect.health === undefined) return effect.status;
  const word = effect.health === 'starting' ? 'health: starting' : effect.health;
  const base = status.replace(/\s*\((healthy|unhealthy|health: starting)\)/, '');
  return `${base} (${word})`;
}

// Filtering

/** The state choices of the list: `docker ps`, `docker ps -a`, or one state. */
export const STATE_FILTERS = ['all', 'running', 'exited', 'created', 'paused', 'restarting', 'dead'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export function parseStateFilter(text: string | undefined): StateFilter {
  return STATE_FILTERS.find((state) => state === text) ?? 'all';
}

const FIELDS = ['image', 'label', 'state', 'network', 'volume'] as const;

/**
 * Every word must appear in the name, id, image, command or status. "image:busybox",
 * "label:com.example.team" or "label:team=web", "state:exited", "network:", "volume:"
 * narrow by those, like `docker ps --filter`.
 */
export function filterContainers(rows: readonly ContainerRow[], text: string, state: StateFilter): ContainerRow[] {
  const query = parseFilterQuery(text, FIELDS);
  const stateOk = (row: ContainerRow): boolean => state === 'all' || row.state === state;
  if (query.words.length === 0 && query.fields.length === 0) return state === 'all' ? [...rows] : rows.filter(stateOk);
  return rows.filter(
    (row) =>
      stateOk(row) &&
      query.words.every((word) => row.search.includes(word)) &&
      query.fields.every((field) => matchField(row, field.key, field.value)),
  );
}

function matchField(row: ContainerRow, key: string, value: string): boolean {
  switch (key) {
    case 'image':
      return row.image.toLowerCase().includes(value) || row.imageId.replace(/^sha256:/, '').startsWith(value.replace(/^sha256:/, ''));
    case 'state':
      return row.state === value;
    case 'network':
      return row.networks.some((network) => network.toLowerCase().includes(value));
    case 'volume':
      return row.volumes.some((volume) => volume.toLowerCase().includes(value));
    case 'label': {
      const equals = value.indexOf('=');
      const labelKey = equals === -1 ? value : value.slice(0, equals);
      const labelValue = equals === -1 ? null : value.slice(equals + 1);
      return Object.entries(row.labels).some(
        ([k, v]) => k.toLowerCase() === labelKey && (labelValue === null || v.toLowerCase() === labelValue),
      );
    }
    default:
      return true;
  }
}

// Sorting

export type ContainerSortKey = 'name' | 'image' | 'command' | 'created' | 'status' | 'ports' | 'size';

export const CONTAINER_SORT: SortSpec<ContainerSortKey> = {
  keys: ['name', 'image', 'command', 'created', 'status', 'ports', 'size'],
  // Like `docker ps`: newest first.
  default: { key: 'created', direction: 'desc' },
  descendingFirst: ['created', 'size'],
};

/** Running first, then paused, restarting, created, exited, dead (ascending). */
const STATE_ORDER = ['running', 'restarting', 'paused', 'created', 'removing', 'exited', 'dead'];
const stateRank = (state: string): number => {
  const rank = STATE_ORDER.indexOf(state);
  return rank === -1 ? STATE_ORDER.length : rank;
};

function compareContainers(key: ContainerSortKey, a: ContainerRow, b: ContainerRow): number {
  switch (key) {
    case 'name':
      return compareText(a.name, b.name);
    case 'image':
      return compareText(a.image, b.image);
    case 'command':
      return compareText(a.command, b.command);
    case 'created':
      return a.created.getTime() - b.created.getTime();
    case 'status':
      return stateRank(a.state) - stateRank(b.state) || compareText(a.status, b.status);
    case 'ports':
      // No ports sorts first ascending.
      return compareText(a.ports.join(' '), b.ports.join(' '));
    case 'size':
      return (a.sizeRw ?? -1) - (b.sizeRw ?? -1);
  }
}

export function sortContainers(rows: readonly ContainerRow[], sort: Sort<ContainerSortKey>): ContainerRow[] {
  return sortBy(
    rows,
    sort.direction,
    (a, b) => compareContainers(sort.key, a, b),
    (a, b) => compareText(a.name, b.name) || a.id.localeCompare(b.id),
  );
}

/** Distinct states present, with counts, for the state menu. */
export function countStates(rows: readonly ContainerRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
  return counts;
}
