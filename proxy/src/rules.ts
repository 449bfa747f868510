// The body and query rules named in the policy table. Each reads only the Engine JSON fields that can
// escalate, by their folded names (as the engine reads them), and returns the reason to refuse, or null.
import { posix } from 'node:path';
import { hostAccessOfContainer, inside, judgeBindSource, judgeExistingVolume, judgeLocalVolumeOptions, mountedVolumeNames, type VolumeFacts } from './hostAccess.ts';
import type { BodyRule, QueryRule } from './policy.ts';
import { field, isObject, showJson, type Json } from './strictJson.ts';

export interface RuleContext {
  /** Directories below which bind mounts are allowed (--allow-bind). */
  allowBinds: readonly string[];
  /** Paths that must never be bound, nor any directory above them (the engines' sockets). */
  protectedPaths: readonly string[];
  /** Ids and names of the engine's networks whose driver is `host`. */
  hostNetworks(): Promise<{ id: string; name: string }[]>;
  /** The real path of a local path (symlinks resolved), or null if it does not exist here. */
  realpath(path: string): string | null;
  /** Driver and options of a volume the engine already holds, or null when it has none of that name. */
  volume(name: string): Promise<{ driver: string; options: Record<string, string> | null } | null>;
}

type Reason = string | null;

const truthy = (v: Json | undefined) => v !== undefined && v !== null && v !== false && v !== '' && v !== 0;
const nonEmpty = (v: Json | undefined) =>
  v !== undefined && v !== null && (Array.isArray(v) ? v.length > 0 : isObject(v) ? Object.keys(v).length > 0 : truthy(v));
const str = (v: Json | undefined): string => (typeof v === 'string' ? v : '');

/**
 * At start: a bind source judged at create time may since have been swapped for a symlink (by another
 * container that binds its parent). Containers made elsewhere with binds outside the allowed directories
 * still start; only a source that was inside and now resolves outside is refused.
 */
export function judgeSwappedBinds(hc: Json | null, ctx: RuleContext): Reason {
  const sources: string[] = [];
  const binds = field(hc ?? undefined, 'Binds');
  if (Array.isArray(binds)) for (const b of binds) if (typeof b === 'string' && b.startsWith('/')) sources.push(b.split(':')[0]!);
  const mounts = field(hc ?? undefined, 'Mounts');
  if (Array.isArray(mounts)) for (const m of mounts) if (str(field(m, 'Type')) === 'bind') sources.push(str(field(m, 'Source')));
  for (const source of sources) {
    const lexical = posix.normalize(source);
    if (!ctx.allowBinds.some((d) => inside(lexical, d))) continue;
    const real = ctx.realpath(lexical);
    if (real && real !== lexical) {
      const reason = judgeBindSource(real, ctx);
      if (reason) return `${source} now leads elsewhere through a symlink: ${reason}`;
    }
  }
  return null;
}

/**
 * A volume named by a container or service: new ones are plain local volumes, but one that already exists
 * (made by compose or the CLI, not through Porthole) may be a bind of any host path in a volume's clothes.
 */
async function judgeNamedVolume(name: string, ctx: RuleContext, where: string): Promise<Reason> {
  const volume = /^[A-Za-z0-9][A-Za-z0-9_.-]+$/.test(name) ? await ctx.volume(name) : null;
  return judgeExistingVolume(name, { ...ctx, volume: () => volume }, where);
}

async function judgeBinds(binds: Json | undefined, ctx: RuleContext): Promise<Reason> {
  if (binds === undefined || binds === null) return null;
  if (!Array.isArray(binds)) return 'HostConfig.Binds must be a list';
  for (const b of binds) {
    if (typeof b !== 'string') return 'HostConfig.Binds entries must be strings';
    const source = b.split(':')[0] ?? '';
    // A source without a leading / names a volume.
    const r = source.startsWith('/') || source.startsWith('.') || source.startsWith('~')
      ? judgeBindSource(source, ctx)
      : await judgeNamedVolume(source, ctx, 'HostConfig.Binds');
    if (r) return r;
  }
  return null;
}

async function judgeMounts(mounts: Json | undefined, ctx: RuleContext, where: string): Promise<Reason> {
  if (mounts === undefined || mounts === null) return null;
  if (!Array.isArray(mounts)) return `${where} must be a list`;
  for (const m of mounts) {
    const type = str(field(m, 'Type')) || 'volume';
    if (type === 'bind') {
      const r = judgeBindSource(str(field(m, 'Source')), ctx);
      if (r) return r;
    } else if (type === 'volume') {
      const driverConfig = field(field(m, 'VolumeOptions'), 'DriverConfig');
      const driver = str(field(driverConfig, 'Name'));
      if (driver && driver !== 'local') return `${where}: volume driver ${driver} is not allowed`;
      const r = judgeLocalVolumeOptions(field(driverConfig, 'Options'), ctx, where) ?? (await judgeNamedVolume(str(field(m, 'Source')), ctx, where));
      if (r) return r;
    } else if (type !== 'tmpfs') {
      return `${where}: mount type ${type} is not allowed`;
    }
  }
  return null;
}

const NAMESPACES = ['PidMode', 'IpcMode', 'UTSMode', 'UsernsMode', 'CgroupnsMode'] as const;

async function judgeNetworkName(name: string, ctx: RuleContext, where: string): Promise<Reason> {
  if (!name || ['default', 'bridge', 'none'].includes(name)) return null;
  if (name === 'host' || name.startsWith('container:')) return `${where} ${name} shares a namespace with the host or another container`;
  const host = await ctx.hostNetworks();
  if (host.some((n) => n.name === name || n.id.startsWith(name))) return `${where} ${name} is the host's network`;
  return null;
}

const LOG_DRIVERS = ['', 'json-file', 'local', 'journald', 'none'];

/** A log driver that ships logs to an address makes the engine connect there from the host's own network. */
function judgeLogDriver(name: string, where: string): Reason {
  if (LOG_DRIVERS.includes(name)) return null;
  return `${where} ${name}: log drivers that send to an address are not allowed (the engine would connect from the host's network, loopback included); use json-file, local, journald or none`;
}

/** A swarm's settings (the Spec of init, the body of update). */
function judgeSwarmSpec(spec: Json | undefined): Reason {
  if (nonEmpty(field(field(spec, 'CAConfig'), 'ExternalCAs'))) return 'CAConfig.ExternalCAs: external CAs make the engine contact any URL; not allowed';
  return judgeLogDriver(str(field(field(field(spec, 'TaskDefaults'), 'LogDriver'), 'Name')), 'TaskDefaults.LogDriver');
}

/** HostConfig fields that turn a container into root on the host. Shared by create and update. */
function judgeResources(hc: Json | undefined, where: string): Reason {
  if (nonEmpty(field(hc, 'Devices'))) return `${where}.Devices: host devices are not allowed`;
  if (nonEmpty(field(hc, 'DeviceCgroupRules'))) return `${where}.DeviceCgroupRules: device rules are not allowed`;
  if (nonEmpty(field(hc, 'DeviceRequests'))) return `${where}.DeviceRequests: device requests are not allowed`;
  if (nonEmpty(field(hc, 'CgroupParent'))) return `${where}.CgroupParent: a custom cgroup parent is not allowed`;
  return null;
}

async function judgeHostConfig(hc: Json | undefined, ctx: RuleContext): Promise<Reason> {
  if (hc === undefined || hc === null) return null;
  if (!isObject(hc)) return 'HostConfig must be an object';
  if (truthy(field(hc, 'Privileged'))) return 'HostConfig.Privileged: privileged containers are root on the host';
  for (const ns of NAMESPACES) {
    const v = str(field(hc, ns));
    if (v === 'host' || v.startsWith('container:')) return `HostConfig.${ns}=${v}: sharing the host's or another container's namespace is not allowed`;
  }
  const net = await judgeNetworkName(str(field(hc, 'NetworkMode')), ctx, 'HostConfig.NetworkMode');
  if (net) return net;
  const res = judgeResources(hc, 'HostConfig');
  if (res) return res;
  if (nonEmpty(field(hc, 'CapAdd'))) return 'HostConfig.CapAdd: added capabilities are not allowed';
  if (nonEmpty(field(hc, 'Capabilities'))) return 'HostConfig.Capabilities: a custom capability set is not allowed';
  const secOpts = field(hc, 'SecurityOpt');
  if (Array.isArray(secOpts)) {
    for (const o of secOpts) {
      if (typeof o !== 'string' || !/^no-new-privileges(?:[:=]true)?$/.test(o)) {
        return `HostConfig.SecurityOpt ${showJson(o)}: only no-new-privileges is allowed (no unconfined profiles)`;
      }
    }
  } else if (nonEmpty(secOpts)) return 'HostConfig.SecurityOpt must be a list';
  if (nonEmpty(field(hc, 'Sysctls'))) return 'HostConfig.Sysctls: sysctls are not allowed';
  const runtime = str(field(hc, 'Runtime'));
  if (runtime && runtime !== 'runc') return `HostConfig.Runtime ${runtime}: only the default runtime is allowed`;
  if (nonEmpty(field(hc, 'VolumesFrom'))) return "HostConfig.VolumesFrom: mounting another container's volumes is not allowed";
  const volumeDriver = str(field(hc, 'VolumeDriver'));
  if (volumeDriver && volumeDriver !== 'local') return `HostConfig.VolumeDriver ${volumeDriver}: volume drivers other than local are not allowed`;
  const log = judgeLogDriver(str(field(field(hc, 'LogConfig'), 'Type')), 'HostConfig.LogConfig.Type');
  if (log) return log;
  if (nonEmpty(field(hc, 'MaskedPaths')) || Array.isArray(field(hc, 'MaskedPaths'))) return 'HostConfig.MaskedPaths: changing masked /proc paths is not allowed';
  if (nonEmpty(field(hc, 'ReadonlyPaths')) || Array.isArray(field(hc, 'ReadonlyPaths'))) return 'HostConfig.ReadonlyPaths: changing read-only /proc paths is not allowed';
  return (await judgeBinds(field(hc, 'Binds'), ctx)) ?? (await judgeMounts(field(hc, 'Mounts'), ctx, 'HostConfig.Mounts'));
}

async function containerCreate(body: Json, ctx: RuleContext): Promise<Reason> {
  if (!isObject(body)) return 'the body must be a JSON object';
  // API ≤1.41 engines still read HostConfig fields at the top level of the body (a deprecated embedded
  // HostConfig, used when "HostConfig" is absent or null): judge both places.
  for (const hostConfig of [field(body, 'HostConfig'), body]) {
    const hc = await judgeHostConfig(hostConfig, ctx);
    if (hc) return hc;
  }
  const endpoints = field(field(body, 'NetworkingConfig'), 'EndpointsConfig');
  if (isObject(endpoints)) {
    for (const name of Object.keys(endpoints)) {
      const r = await judgeNetworkName(name, ctx, 'NetworkingConfig.EndpointsConfig');
      if (r) return r;
    }
  }
  return null;
}

async function containerUpdate(body: Json): Promise<Reason> {
  if (!isObject(body)) return 'the body must be a JSON object';
  return judgeResources(body, 'update');
}

async function execCreate(body: Json): Promise<Reason> {
  if (!isObject(body)) return 'the body must be a JSON object';
  if (truthy(field(body, 'Privileged'))) return 'Privileged exec is not allowed: it is root on the host';
  return null;
}

async function serviceSpec(body: Json, ctx: RuleContext): Promise<Reason> {
  if (!isObject(body)) return 'the body must be a JSON object';
  const task = field(body, 'TaskTemplate');
  if (nonEmpty(field(task, 'PluginSpec')) || str(field(task, 'Runtime')) === 'plugin') return 'plugin services are not allowed';
  const spec = field(task, 'ContainerSpec');
  const priv = field(spec, 'Privileges');
  if (truthy(field(field(priv, 'SELinuxContext'), 'Disable'))) return 'Privileges.SELinuxContext.Disable is not allowed';
  const seccomp = str(field(field(priv, 'Seccomp'), 'Mode'));
  if (seccomp && seccomp !== 'default') return `Privileges.Seccomp.Mode ${seccomp}: only the default profile is allowed`;
  const apparmor = str(field(field(priv, 'AppArmor'), 'Mode'));
  if (apparmor && apparmor !== 'default') return `Privileges.AppArmor.Mode ${apparmor}: only the default profile is allowed`;
  if (nonEmpty(field(spec, 'CapabilityAdd'))) return 'ContainerSpec.CapabilityAdd: added capabilities are not allowed';
  if (nonEmpty(field(spec, 'Sysctls'))) return 'ContainerSpec.Sysctls: sysctls are not allowed';
  const log = judgeLogDriver(str(field(field(task, 'LogDriver'), 'Name')), 'TaskTemplate.LogDriver');
  if (log) return log;
  for (const nets of [field(task, 'Networks'), field(body, 'Networks')]) {
    if (!Array.isArray(nets)) continue;
    for (const n of nets) {
      const r = await judgeNetworkName(str(field(n, 'Target')), ctx, 'Networks');
      if (r) return r;
    }
  }
  return judgeMounts(field(spec, 'Mounts'), ctx, 'ContainerSpec.Mounts');
}

async function volumeCreate(body: Json, ctx: RuleContext): Promise<Reason> {
  if (!isObject(body)) return 'the body must be a JSON object';
  const driver = str(field(body, 'Driver'));
  if (driver && driver !== 'local') return `volume driver ${driver} is not allowed; use local`;
  return judgeLocalVolumeOptions(field(body, 'DriverOpts'), ctx, 'DriverOpts');
}

async function networkCreate(body: Json): Promise<Reason> {
  if (!isObject(body)) return 'the body must be a JSON object';
  const driver = str(field(body, 'Driver')) || 'bridge';
  if (!['bridge', 'overlay'].includes(driver)) return `network driver ${driver} is not allowed; use bridge or overlay`;
  const opts = field(body, 'Options');
  if (isObject(opts) && Object.keys(opts).some((k) => k.startsWith('com.docker.network.bridge.name'))) {
    return 'naming the bridge interface is not allowed (it could take over docker0)';
  }
  return null;
}

async function anyObject(body: Json): Promise<Reason> {
  return isObject(body) ? null : 'the body must be a JSON object';
}

/** What to do about a refused console or file transfer. */
export const ENTER_HINT = 'allow its bind sources with --allow-bind DIR, or start the proxy with --unsafe-allow-all if every admin may be root on this host';

/**
 * A container made outside Porthole may be one it would never have created (privileged, on the host's
 * namespaces, binding / ...). A console or file transfer into it reaches the host through it, so those are
 * refused. The judge is proxy/src/hostAccess.ts, which the PWA's host-risk view shares.
 */
export async function judgeEnteredContainer(inspect: Json, ctx: RuleContext): Promise<Reason> {
  const name = str(field(inspect, 'Name')).replace(/^\//, '') || str(field(inspect, 'Id')).slice(0, 12);
  const volumes = new Map<string, VolumeFacts | null>();
  for (const v of mountedVolumeNames(inspect)) volumes.set(v, await ctx.volume(v));
  const [first] = hostAccessOfContainer(inspect, { ...ctx, volume: (v) => volumes.get(v) ?? null });
  return first ? `container ${name} ${first.what} (it was made outside Porthole): a console or file transfer in it reaches the host` : null;
}

export const BODY_RULES: Record<BodyRule, (body: Json, ctx: RuleContext) => Promise<Reason>> = {
  containerCreate,
  containerUpdate,
  execCreate,
  serviceSpec,
  volumeCreate,
  networkCreate,
  swarmInit: async (body) => (isObject(body) ? judgeSwarmSpec(field(body, 'Spec')) : 'the body must be a JSON object'),
  swarmSpec: async (body) => (isObject(body) ? judgeSwarmSpec(body) : 'the body must be a JSON object'),
  swarmJoin: async () =>
    "joining another swarm lets that swarm's managers run any task here (binds of /, host network); run `docker swarm join` on the host itself, or start the proxy with --unsafe-allow-all",
  // docker commit sends `null` when no --change is given: the image config as it is.
  commitConfig: async (body) => (body === null || isObject(body) ? null : 'the body must be a JSON object or null'),
  json: anyObject,
};

export const QUERY_RULES: Record<QueryRule, (q: URLSearchParams) => Reason> = {
  imageCreate(q) {
    const src = q.get('fromSrc');
    if (src !== null && src !== '-') return 'importing from a URL (fromSrc) is not allowed: it makes the engine fetch any address; upload the tar instead';
    if (src === null && !q.get('fromImage')) return 'give fromImage (pull) or fromSrc=- (import an uploaded tar)';
    return null;
  },
  build(q) {
    // First: a BuildKit build also names its session as remote=client-session.
    if (q.get('version') === '2') return 'BuildKit builds (version=2, DOCKER_BUILDKIT=1) are not supported through Porthole: their session stream cannot be judged; build with the classic builder (DOCKER_BUILDKIT=0)';
    if (q.has('remote')) return 'building from a remote URL is not allowed: it makes the engine fetch any address; upload the context instead';
    const net = q.get('networkmode') ?? '';
    if (!['', 'default', 'bridge', 'none'].includes(net)) return `build network mode ${net} is not allowed`;
    if (q.get('cgroupparent')) return 'a custom cgroup parent is not allowed';
    return null;
  },
  commit() {
    return null;
  },
  search(q) {
    // As the engine splits a term: a first component with a dot or colon, or localhost, names the registry.
    const term = q.get('term') ?? '';
    const first = term.includes('/') ? term.slice(0, term.indexOf('/')) : '';
    if (first && (first.includes('.') || first.includes(':') || first === 'localhost') && first !== 'docker.io' && first !== 'index.docker.io') {
      return `searching ${first} through the engine is not allowed (the engine would contact that address); Porthole lists the catalogs of added registries itself`;
    }
    return null;
  },
};
