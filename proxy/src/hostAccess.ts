// Which ways into the host a container or service holds: the one judge behind the proxy's refusals of
// consoles and file transfers (proxy/src/rules.ts) and the PWA's host-risk view. Pure: no Node, no DOM.
// What only the proxy's machine can know (real paths, the engine's volumes) comes in as facts.
import { field, isObject, type Json } from './strictJson.ts';

export interface VolumeFacts {
  driver: string;
  options: Record<string, string> | null;
}

export interface HostAccessFacts {
  /** Directories below which bind mounts are allowed (the proxy's --allow-bind). */
  allowBinds: readonly string[];
  /** Paths that must never be bound, nor any directory above them (the engines' sockets). */
  protectedPaths: readonly string[];
  /** The real path of a local path (symlinks resolved), or null if unknown here. */
  realpath(path: string): string | null;
  /** Driver and options of a volume the engine holds, or null when it has none of that name. */
  volume(name: string): VolumeFacts | null;
}

export type HostAccessKind = 'privileged' | 'namespace' | 'capabilities' | 'devices' | 'socket' | 'bind' | 'volume';

/** One way into the host: what the container has, why that reaches the host, and what to change. */
export interface HostAccess {
  kind: HostAccessKind;
  /** Short, after the container's name: "is privileged", "shares the host's pid namespace". */
  what: string;
  /** In plain words, what it lets the container do to the host. */
  why: string;
  /** What to change so it no longer can. */
  fix: string;
}

const truthy = (v: Json | undefined) => v !== undefined && v !== null && v !== false && v !== '' && v !== 0;
const nonEmpty = (v: Json | undefined) =>
  v !== undefined && v !== null && (Array.isArray(v) ? v.length > 0 : isObject(v) ? Object.keys(v).length > 0 : truthy(v));
const str = (v: Json | undefined): string => (typeof v === 'string' ? v : '');

/** posix.normalize for absolute paths (no Node here): collapses //, . and .. */
export function normalizePath(path: string): string {
  if (!path.startsWith('/')) return path;
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}${path.length > 1 && path.endsWith('/') && out.length ? '/' : ''}`;
}

export function inside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** A bind source is allowed when it, and its real path, lie below an allowed directory and hold no engine socket. */
export function judgeBindSource(source: string, facts: Pick<HostAccessFacts, 'allowBinds' | 'protectedPaths' | 'realpath'>): string | null {
  if (!source.startsWith('/')) return `bind source ${JSON.stringify(source)} is not an absolute path`;
  const clean = normalizePath(source).replace(/(.)\/+$/, '$1');
  const candidates = [clean];
  const real = facts.realpath(clean);
  if (real && real !== clean) candidates.push(real);
  for (const p of candidates) {
    const guarded = facts.protectedPaths.find((s) => inside(s, p));
    if (guarded) return `bind mount of ${p} would expose the engine socket ${guarded}; that hands over the host`;
  }
  if (!facts.allowBinds.length) {
    return `bind mount of ${clean} refused: no directory is allowed for bind mounts (start the proxy with --allow-bind DIR); use a named volume instead`;
  }
  for (const p of candidates) {
    if (!facts.allowBinds.some((d) => inside(p, d))) {
      return `bind mount of ${p} refused: only paths below ${facts.allowBinds.join(', ')} may be bound (--allow-bind)`;
    }
  }
  return null;
}

/** Options of the local volume driver that make it a bind mount: `o=bind` or a device path. */
export function judgeLocalVolumeOptions(
  opts: Json | Record<string, string> | undefined,
  facts: Pick<HostAccessFacts, 'allowBinds' | 'protectedPaths' | 'realpath'>,
  what: string,
): string | null {
  if (!isObject(opts)) return null;
  const o = str(field(opts, 'o')).split(',').map((x) => x.trim().toLowerCase());
  const type = str(field(opts, 'type')).toLowerCase();
  const device = str(field(opts, 'device'));
  if (o.includes('bind') || o.includes('rbind') || (type === 'none' && device)) return judgeBindSource(device || '/', facts);
  if (type && type !== 'tmpfs') return `${what}: volume type ${type} is not allowed (mounts from the network or of host devices)`;
  if (device && type !== 'tmpfs') return `${what}: a device option is not allowed`;
  return null;
}

const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]+$/;

/** An existing volume by name: a local one may be a bind of any host path in a volume's clothes. */
export function judgeExistingVolume(name: string, facts: HostAccessFacts, where: string): string | null {
  if (!VOLUME_NAME.test(name)) return null; // not a name the engine accepts: it refuses the request itself
  const volume = facts.volume(name);
  if (!volume) return null;
  if (volume.driver !== 'local') return `${where}: volume ${name} uses the ${volume.driver} driver, whose mounts Porthole cannot judge`;
  const r = judgeLocalVolumeOptions(volume.options ?? undefined, facts, `${where}: volume ${name}`);
  return r ? `${where}: the existing volume ${name} is a bind mount of the host: ${r}` : null;
}

const NAMESPACES = [
  ['PidMode', 'pid', "sees and can signal every process of the host", '--pid host (pid: host)'],
  ['IpcMode', 'ipc', "shares the host's shared memory and message queues", '--ipc host (ipc: host)'],
  ['NetworkMode', 'network', "uses the host's network stack: its loopback services and every port", '--network host (network_mode: host); publish ports on a bridge network instead'],
  ['UTSMode', 'uts', "shares the host's host name and domain name", '--uts host (uts: host)'],
  ['UsernsMode', 'userns', "runs outside the engine's user namespace remapping: its root is the host's root", '--userns host (userns_mode: host)'],
] as const;

/** A bind or volume finding from a mount source's reason. */
function mountAccess(reason: string, volume: string | null): HostAccess {
  const socket = /engine socket/.test(reason);
  const what = `mounts host paths: ${reason}`;
  const fixSocket = 'remove the engine socket mount (it controls every container and so the host); give a tool that truly needs the engine a filtering socket proxy';
  if (volume) {
    return { kind: 'volume', what, why: `the volume ${volume} is a host directory (${reason})${socket ? '' : ": the container reads and writes the host's files there"}`, fix: socket ? fixSocket : 'use a plain named volume (no o=bind or device option), or keep its directory below an --allow-bind directory' };
  }
  if (socket) return { kind: 'socket', what, why: `${reason}: it can start a privileged container and so control the whole host`, fix: fixSocket };
  return { kind: 'bind', what, why: `${reason}: the container reads and writes the host's files there`, fix: 'bind a directory below an --allow-bind directory, or use a named volume' };
}

/**
 * Every way into the host a container holds, judged from its inspect (HostConfig and its actual mounts),
 * in the order the proxy reports the first. Empty when Porthole could have created it.
 */
export function hostAccessOfContainer(inspect: Json, facts: HostAccessFacts): HostAccess[] {
  const hc = field(inspect, 'HostConfig');
  const found: HostAccess[] = [];
  if (truthy(field(hc, 'Privileged'))) {
    found.push({ kind: 'privileged', what: 'is privileged', why: 'privileged: it is root on the host, with every capability and every host device', fix: 'recreate it without --privileged (privileged: true); add only the one capability or device it needs, if any' });
  }
  // Not CgroupnsMode: "host" is the engine's default on cgroup v1 hosts and no way out by itself.
  for (const [key, name, why, flag] of NAMESPACES) {
    if (str(field(hc, key)) === 'host') found.push({ kind: 'namespace', what: `shares the host's ${name} namespace`, why: `shares the host's ${name} namespace: it ${why}`, fix: `recreate it without ${flag}` });
  }
  const caps = field(hc, 'CapAdd');
  if (nonEmpty(caps)) {
    const list = Array.isArray(caps) ? caps.filter((c): c is string => typeof c === 'string').join(', ') : '';
    found.push({ kind: 'capabilities', what: 'has added capabilities', why: `has added capabilities${list ? ` (${list})` : ''}: powers of root on the host beyond what a container normally holds`, fix: `recreate it without --cap-add${list ? ` ${list}` : ''}` });
  }
  if (nonEmpty(field(hc, 'Devices')) || nonEmpty(field(hc, 'DeviceCgroupRules'))) {
    const devices = field(hc, 'Devices');
    const list = Array.isArray(devices) ? devices.map((d) => str(field(d, 'PathOnHost'))).filter(Boolean).join(', ') : '';
    found.push({ kind: 'devices', what: 'has host devices', why: `has host devices${list ? ` (${list})` : ''}: it reads and writes the host's hardware directly`, fix: 'recreate it without --device and device cgroup rules' });
  }
  const mounts = field(inspect, 'Mounts');
  if (Array.isArray(mounts)) {
    for (const m of mounts) {
      const type = str(field(m, 'Type'));
      const name = str(field(m, 'Name'));
      const r = type === 'bind' ? judgeBindSource(str(field(m, 'Source')), facts) : type === 'volume' ? judgeExistingVolume(name, facts, 'its mount') : null;
      if (r) found.push(mountAccess(r, type === 'volume' ? name : null));
    }
  }
  return found;
}

/** The same for a swarm service, from its spec: the containers its tasks run will hold these. */
export function hostAccessOfService(service: Json, facts: HostAccessFacts): HostAccess[] {
  const task = field(field(service, 'Spec'), 'TaskTemplate');
  const spec = field(task, 'ContainerSpec');
  const found: HostAccess[] = [];
  const caps = field(spec, 'CapabilityAdd');
  if (nonEmpty(caps)) {
    const list = Array.isArray(caps) ? caps.filter((c): c is string => typeof c === 'string').join(', ') : '';
    found.push({ kind: 'capabilities', what: 'has added capabilities', why: `its tasks get added capabilities${list ? ` (${list})` : ''}: powers of root on the host`, fix: `update the service without --cap-add${list ? ` ${list}` : ''}` });
  }
  const nets = [field(task, 'Networks'), field(field(service, 'Spec'), 'Networks')].flatMap((n) => (Array.isArray(n) ? n : []));
  if (nets.some((n) => str(field(n, 'Target')) === 'host')) {
    found.push({ kind: 'namespace', what: "shares the host's network namespace", why: "its tasks use the host's network stack: its loopback services and every port", fix: 'attach it to an overlay network and publish ports instead of the host network' });
  }
  const mounts = field(spec, 'Mounts');
  if (Array.isArray(mounts)) {
    for (const m of mounts) {
      const type = str(field(m, 'Type')) || 'volume';
      if (type === 'bind') {
        const r = judgeBindSource(str(field(m, 'Source')), facts);
        if (r) found.push(mountAccess(r, null));
      } else if (type === 'volume') {
        const source = str(field(m, 'Source'));
        const options = field(field(field(m, 'VolumeOptions'), 'DriverConfig'), 'Options');
        const r = judgeLocalVolumeOptions(options, facts, 'ContainerSpec.Mounts') ?? judgeExistingVolume(source, facts, 'its mount');
        if (r) found.push(mountAccess(r, source || 'of the service'));
      }
    }
  }
  return found;
}

/** Volume names a container's mounts refer to: what the caller looks up before judging. */
export function mountedVolumeNames(inspect: Json): string[] {
  const mounts = field(inspect, 'Mounts');
  if (!Array.isArray(mounts)) return [];
  return mounts.filter((m) => str(field(m, 'Type')) === 'volume').map((m) => str(field(m, 'Name'))).filter(Boolean);
}
