/**
 * What "Duplicate / edit" carries beyond the form's fields: every Config and HostConfig setting
 * the engine holds for the container, copied as it holds it, and its network endpoints (aliases,
 * links, driver options; more networks are connected after create, as API 1.41 takes one at
 * create). What the proxy's policy would refuse is not sent but named, with why, before anything
 * is replaced; so are the things two containers cannot share (a static address, a MAC), which
 * only a replace keeps. A replace also keeps the old container's anonymous volumes, by name,
 * with their data. Pure: no Solid, no DOM.
 */
import type { ContainerInspect } from '../engine/types';
import type { MountRow } from './createForm';

export interface EndpointCreate {
  Aliases?: string[];
  Links?: string[];
  DriverOpts?: Record<string, string>;
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] };
  MacAddress?: string;
}

export interface Carried {
  /** The container's own network mode (its first network). */
  network: string;
  /** Config fields, as the engine holds them. */
  config: Record<string, unknown>;
  /** HostConfig fields, as the engine holds them. */
  hostConfig: Record<string, unknown>;
  /** Mounts the form has no row for (tmpfs), appended to its own. */
  extraMounts: Record<string, unknown>[];
  /** Endpoint settings per network; the form's network is given at create, the rest connected after. */
  endpoints: Record<string, EndpointCreate>;
  /** Kept only when the new container replaces the old one. */
  replaceOnly: {
    config: Record<string, unknown>;
    endpoints: Record<string, EndpointCreate>;
    mounts: MountRow[];
  };
}

export interface NotCarried {
  setting: string;
  why: string;
}

/** The form's own fields: carried by the form, not here. */
const FORM_CONFIG = new Set(['Image', 'Cmd', 'Entrypoint', 'WorkingDir', 'User', 'Env', 'Labels', 'Hostname', 'Tty', 'OpenStdin', 'AttachStdin', 'AttachStdout', 'AttachStderr', 'StdinOnce']);
const FORM_HOST = new Set(['Binds', 'Mounts', 'PortBindings', 'RestartPolicy', 'Memory', 'NanoCpus', 'NetworkMode', 'AutoRemove']);
/** Never sent: the engine fills them in, or they only make sense for the one container. */
const IGNORED_CONFIG = new Set(['ArgsEscaped', 'OnBuild', 'Image']);
const IGNORED_HOST = new Set(['ContainerIDFile', 'ConsoleSize']);

const LOG_DRIVERS = new Set(['', 'json-file', 'local', 'journald', 'none']);
const NAMESPACES = ['PidMode', 'IpcMode', 'UTSMode', 'UsernsMode'] as const;
// The engines' own masked and read-only /proc paths (20.10, then with powercap): the engine
// fills them in by itself, so they are not settings of the container.
const DEFAULT_MASKED = [
  ['/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware'],
];
const DEFAULT_READONLY = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

function isSet(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function isDefaultPaths(value: unknown, defaults: readonly string[]): boolean {
  if (!Array.isArray(value) || value.length === 0) return true;
  return value.every((path) => typeof path === 'string' && (defaults.includes(path) || path.startsWith('/sys/devices/virtual/powercap')));
}

/** Why the proxy's policy would refuse this HostConfig setting, or null. Mirrors proxy/src/rules.ts judgeHostConfig. */
function refused(key: string, value: unknown): string | null {
  switch (key) {
    case 'Privileged':
      return value === true ? 'privileged containers are root on the host' : null;
    case 'CapAdd':
    case 'Capabilities':
      return isSet(value) ? 'added capabilities are not allowed' : null;
    case 'Devices':
    case 'DeviceCgroupRules':
    case 'DeviceRequests':
      return isSet(value) ? 'host devices are not allowed' : null;
    case 'CgroupParent':
      return isSet(value) ? 'a custom cgroup parent is not allowed' : null;
    case 'Sysctls':
      return isSet(value) ? 'sysctls are not allowed' : null;
    case 'VolumesFrom':
      return isSet(value) ? "mounting another container's volumes is not allowed" : null;
    case 'SecurityOpt':
      return Array.isArray(value) && value.some((o) => typeof o !== 'string' || !/^no-new-privileges(?:[:=]true)?$/.test(o)) ? 'only no-new-privileges is allowed' : null;
    case 'Runtime':
      return typeof value === 'string' && value !== '' && value !== 'runc' ? 'only the default runtime is allowed' : null;
    case 'VolumeDriver':
      return typeof value === 'string' && value !== '' && value !== 'local' ? 'volume drivers other than local are not allowed' : null;
    case 'LogConfig': {
      const type = (value as { Type?: string } | null)?.Type ?? '';
      return LOG_DRIVERS.has(type) ? null : `the log driver ${type} sends to an address; only json-file, local, journald or none are allowed`;
    }
    default:
      return null;
  }
}

/** HostConfig.Links as inspect shows them ("/db:/web/db") → as create takes them ("db:db"). */
export function createLinks(links: readonly string[]): string[] {
  return links.map((link) => {
    const [source = '', alias = ''] = link.split(':');
    return `${source.replace(/^\//, '')}:${alias.slice(alias.lastIndexOf('/') + 1)}`;
  });
}

export interface CarryContext {
  /** "1" or "2" (GET /info → CgroupVersion): a cgroup namespace of "host" is the default only on 1. */
  cgroupVersion?: string;
}

export function carryFromInspect(container: ContainerInspect, context: CarryContext = {}): { carried: Carried; notCarried: NotCarried[] } {
  const config = (container.Config ?? {}) as Record<string, unknown>;
  const host = (container.HostConfig ?? {}) as Record<string, unknown>;
  const carried: Carried = { network: typeof host['NetworkMode'] === 'string' ? host['NetworkMode'] : '', config: {}, hostConfig: {}, extraMounts: [], endpoints: {}, replaceOnly: { config: {}, endpoints: {}, mounts: [] } };
  const notCarried: NotCarried[] = [];

  for (const [key, value] of Object.entries(config)) {
    if (FORM_CONFIG.has(key) || IGNORED_CONFIG.has(key) || value === undefined) continue;
    if (key === 'MacAddress') {
      if (isSet(value)) {
        carried.replaceOnly.config[key] = value;
        notCarried.push({ setting: `MAC address ${String(value)}`, why: 'two containers cannot share it: kept only when replacing' });
      }
      continue;
    }
    carried.config[key] = value;
  }

  for (const [key, value] of Object.entries(host)) {
    if (FORM_HOST.has(key) || IGNORED_HOST.has(key) || value === undefined) continue;
    const why = refused(key, value);
    if (why) {
      notCarried.push({ setting: key, why: `the proxy's policy refuses it (${why})` });
      continue;
    }
    if (key === 'MaskedPaths' || key === 'ReadonlyPaths') {
      // Never sent (the proxy refuses changes to them); named only when they differ from the engine's own.
      if (!isDefaultPaths(value, key === 'MaskedPaths' ? DEFAULT_MASKED.flat() : DEFAULT_READONLY)) notCarried.push({ setting: key, why: "the proxy's policy refuses changes to masked and read-only /proc paths" });
      continue;
    }
    if ((NAMESPACES as readonly string[]).includes(key)) {
      const mode = typeof value === 'string' ? value : '';
      if (mode === 'host' || mode.startsWith('container:')) {
        notCarried.push({ setting: `${key}=${mode}`, why: "the proxy's policy refuses sharing the host's or another container's namespace" });
        continue;
      }
    }
    if (key === 'CgroupnsMode') {
      // "host" is refused by the policy; on cgroup v1 it is also the engine's default, so nothing is lost.
      if (value === 'host') {
        if (context.cgroupVersion === '2') notCarried.push({ setting: 'CgroupnsMode=host', why: "the proxy's policy refuses the host's cgroup namespace" });
        continue;
      }
    }
    if (key === 'Links') {
      if (Array.isArray(value) && value.length > 0) carried.hostConfig[key] = createLinks(value as string[]);
      continue;
    }
    carried.hostConfig[key] = value;
  }

  // Mounts the form has no row for.
  const mounts = Array.isArray(host['Mounts']) ? (host['Mounts'] as Record<string, unknown>[]) : [];
  carried.extraMounts = mounts.filter((m) => m['Type'] === 'tmpfs');

  // The old container's anonymous volumes (from the image's VOLUME or -v /path): a replace mounts them again by name.
  const explicit = new Set<string>([
    ...mounts.map((m) => String(m['Target'] ?? '')),
    ...((host['Binds'] as string[] | null | undefined) ?? []).map((b) => b.split(':')[1] ?? ''),
  ]);
  for (const mount of container.Mounts ?? []) {
    if (mount.Type === 'volume' && mount.Name && !explicit.has(mount.Destination)) {
      carried.replaceOnly.mounts.push({ type: 'volume', source: mount.Name, target: mount.Destination, readOnly: !mount.RW });
    }
  }

  // Network endpoints: aliases (without the short id the engine adds by itself), links, driver options.
  const shortId = container.Id.slice(0, 12);
  for (const [network, endpoint] of Object.entries(container.NetworkSettings?.Networks ?? {})) {
    const raw = endpoint as Record<string, unknown>;
    const settings: EndpointCreate = {};
    const aliases = ((raw['Aliases'] as string[] | null | undefined) ?? []).filter((a) => a !== shortId && a !== container.Id);
    if (aliases.length) settings.Aliases = aliases;
    const links = (raw['Links'] as string[] | null | undefined) ?? [];
    if (links.length) settings.Links = createLinks(links);
    const driverOpts = raw['DriverOpts'] as Record<string, string> | null | undefined;
    if (driverOpts && Object.keys(driverOpts).length) settings.DriverOpts = driverOpts;
    carried.endpoints[network] = settings;
    const ipam = raw['IPAMConfig'] as EndpointCreate['IPAMConfig'] | null | undefined;
    if (ipam && (ipam.IPv4Address || ipam.IPv6Address || ipam.LinkLocalIPs?.length)) {
      carried.replaceOnly.endpoints[network] = { IPAMConfig: ipam };
      notCarried.push({ setting: `the fixed address on ${network} (${[ipam.IPv4Address, ipam.IPv6Address].filter(Boolean).join(', ')})`, why: 'two containers cannot share it: kept only when replacing' });
    }
  }
  return { carried, notCarried };
}

/** What a person reads about what is carried: one short line per setting. */
export function describeCarried(carried: Carried): string[] {
  const lines: string[] = [];
  const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  for (const [key, value] of Object.entries(carried.hostConfig)) if (isSet(value)) lines.push(`${key}: ${show(value)}`);
  for (const [key, value] of Object.entries(carried.config)) if (isSet(value)) lines.push(`${key}: ${show(value)}`);
  for (const mount of carried.extraMounts) lines.push(`tmpfs mount ${show(mount['Target'])}`);
  for (const [network, settings] of Object.entries(carried.endpoints)) if (settings.Aliases?.length) lines.push(`aliases on ${network}: ${settings.Aliases.join(', ')}`);
  return lines;
}

/** Endpoints of the new container: the form's network at create, the others to connect after. */
export function splitEndpoints(carried: Carried, network: string, replacing: boolean): { atCreate: Record<string, EndpointCreate>; connectAfter: [string, EndpointCreate][] } {
  const merged: Record<string, EndpointCreate> = {};
  for (const [name, settings] of Object.entries(carried.endpoints)) merged[name] = { ...settings, ...(replacing ? carried.replaceOnly.endpoints[name] : {}) };
  const bridgeName = (mode: string) => (mode === '' || mode === 'default' ? 'bridge' : mode);
  const primary = bridgeName(network);
  // When the form moves the container to another network, the old first network is left behind.
  const original = bridgeName(carried.network);
  const atCreate: Record<string, EndpointCreate> = {};
  const connectAfter: [string, EndpointCreate][] = [];
  for (const [name, settings] of Object.entries(merged)) {
    if (name === primary) atCreate[name] = settings;
    else if (name !== original) connectAfter.push([name, settings]);
  }
  return { atCreate, connectAfter };
}
