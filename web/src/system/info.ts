/**
 * GET /version and GET /info as `docker version` and `docker info` lay them out: labelled
 * rows in sections, each with a stable key (tests and test ids use it). Pure.
 */
import type { Version } from '../engine/types';

/** GET /info: what Porthole shows (field names as the engine sends them). */
export interface EngineInfo {
  ID?: string;
  Name?: string;
  ServerVersion?: string;
  Containers?: number;
  ContainersRunning?: number;
  ContainersPaused?: number;
  ContainersStopped?: number;
  Images?: number;
  Driver?: string;
  DriverStatus?: [string, string][] | null;
  DockerRootDir?: string;
  LoggingDriver?: string;
  CgroupDriver?: string;
  CgroupVersion?: string;
  KernelVersion?: string;
  OperatingSystem?: string;
  OSVersion?: string;
  OSType?: string;
  Architecture?: string;
  NCPU?: number;
  MemTotal?: number;
  IndexServerAddress?: string;
  RegistryConfig?: {
    InsecureRegistryCIDRs?: string[] | null;
    IndexConfigs?: Record<string, { Name?: string; Mirrors?: string[] | null; Secure?: boolean; Official?: boolean }> | null;
    Mirrors?: string[] | null;
  } | null;
  HttpProxy?: string;
  HttpsProxy?: string;
  NoProxy?: string;
  ExperimentalBuild?: boolean;
  LiveRestoreEnabled?: boolean;
  DefaultRuntime?: string;
  Runtimes?: Record<string, unknown> | null;
  Isolation?: string;
  InitBinary?: string;
  ContainerdCommit?: { ID?: string; Expected?: string } | null;
  RuncCommit?: { ID?: string; Expected?: string } | null;
  InitCommit?: { ID?: string; Expected?: string } | null;
  SecurityOptions?: string[] | null;
  Labels?: string[] | null;
  Swarm?: SwarmInfo | null;
  Warnings?: string[] | null;
}

/** The Swarm part of /info: what a viewer may read about the swarm. */
export interface SwarmInfo {
  NodeID?: string;
  NodeAddr?: string;
  /** inactive, pending, active, error, locked. */
  LocalNodeState?: string;
  ControlAvailable?: boolean;
  Error?: string;
  RemoteManagers?: { NodeID: string; Addr: string }[] | null;
  Nodes?: number;
  Managers?: number;
  Cluster?: { ID?: string; CreatedAt?: string; UpdatedAt?: string } | null;
}

export interface InfoRow {
  key: string;
  label: string;
  value: string;
}

export interface InfoSection {
  key: string;
  title: string;
  rows: InfoRow[];
}

const short = (commit: string | undefined): string => (commit ? commit.slice(0, 7) : '');

function component(version: Version, name: string): { Version: string; Details?: Record<string, string> | null } | undefined {
  return version.Components?.find((c) => c.Name.toLowerCase() === name.toLowerCase());
}

/** "1.6.20 (1.6.20~)": a component's version and short commit, as `docker version` prints them. */
function componentVersion(version: Version, name: string): string | undefined {
  const c = component(version, name);
  const commit = c?.Details?.['GitCommit'];
  return c ? `${c.Version}${commit ? ` (${short(commit)})` : ''}` : undefined;
}

function rows(list: [string, string, string | number | boolean | undefined | null][]): InfoRow[] {
  return list
    .filter(([, , value]) => value !== undefined && value !== null && value !== '')
    .map(([key, label, value]) => ({ key, label, value: typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value) }));
}

/** `docker version`: Porthole as the client, the engine and its components as the server. */
export function versionSections(version: Version, client: { version: string; apiVersion: string }): InfoSection[] {
  const engine = component(version, 'Engine');
  return [
    {
      key: 'client',
      title: 'Client: Porthole',
      rows: rows([
        ['client-version', 'Version', client.version],
        ['client-api', 'API version', client.apiVersion],
      ]),
    },
    {
      key: 'server',
      title: `Server: ${version.Platform?.Name || 'Docker Engine'}`,
      rows: rows([
        ['version', 'Version', version.Version],
        ['api-version', 'API version', version.MinAPIVersion ? `${version.ApiVersion} (minimum version ${version.MinAPIVersion})` : version.ApiVersion],
        ['go-version', 'Go version', version.GoVersion],
        ['git-commit', 'Git commit', version.GitCommit],
        ['built', 'Built', version.BuildTime],
        ['os-arch', 'OS/Arch', `${version.Os}/${version.Arch}`],
        ['kernel', 'Kernel', version.KernelVersion],
        ['experimental', 'Experimental', version.Experimental ?? engine?.Details?.['Experimental'] === 'true'],
        ['containerd', 'containerd', componentVersion(version, 'containerd')],
        ['runc', 'runc', componentVersion(version, 'runc')],
        ['init', 'docker-init', componentVersion(version, 'docker-init')],
      ]),
    },
  ];
}

export function formatMemory(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** `docker info`'s server part. */
export function infoSections(info: EngineInfo): InfoSection[] {
  const registry = info.RegistryConfig;
  const mirrors = [...(registry?.Mirrors ?? []), ...Object.values(registry?.IndexConfigs ?? {}).flatMap((c) => c.Mirrors ?? [])];
  const runtimes = Object.keys(info.Runtimes ?? {}).sort();
  return [
    {
      key: 'engine',
      title: 'Engine',
      rows: rows([
        ['name', 'Name', info.Name],
        ['id', 'ID', info.ID],
        ['server-version', 'Server version', info.ServerVersion],
        ['containers', 'Containers', info.Containers === undefined ? undefined : `${info.Containers} (${info.ContainersRunning ?? 0} running, ${info.ContainersPaused ?? 0} paused, ${info.ContainersStopped ?? 0} stopped)`],
        ['images', 'Images', info.Images],
        ['root-dir', 'Docker root dir', info.DockerRootDir],
        ['logging-driver', 'Logging driver', info.LoggingDriver],
        ['live-restore', 'Live restore', info.LiveRestoreEnabled],
        ['experimental', 'Experimental', info.ExperimentalBuild],
      ]),
    },
    {
      key: 'runtime',
      title: 'Storage and runtime',
      rows: rows([
        ['storage-driver', 'Storage driver', info.Driver],
        ...(info.DriverStatus ?? []).map(([k, v], i): [string, string, string] => [`driver-status-${i}`, `  ${k}`, v]),
        ['cgroup-driver', 'Cgroup driver', info.CgroupDriver],
        ['cgroup-version', 'Cgroup version', info.CgroupVersion],
        ['runtimes', 'Runtimes', runtimes.join(', ')],
        ['default-runtime', 'Default runtime', info.DefaultRuntime],
        ['init-binary', 'Init binary', info.InitBinary],
        ['containerd-commit', 'containerd version', info.ContainerdCommit?.ID],
        ['runc-commit', 'runc version', info.RuncCommit?.ID],
        ['init-commit', 'init version', info.InitCommit?.ID],
        ['security-options', 'Security options', (info.SecurityOptions ?? []).map((o) => o.replace(/^name=/, '')).join(', ')],
      ]),
    },
    {
      key: 'host',
      title: 'Host',
      rows: rows([
        ['kernel', 'Kernel version', info.KernelVersion],
        ['os', 'Operating system', info.OperatingSystem],
        ['os-type', 'OS type', info.OSType],
        ['architecture', 'Architecture', info.Architecture],
        ['cpus', 'CPUs', info.NCPU],
        ['memory', 'Total memory', info.MemTotal === undefined ? undefined : formatMemory(info.MemTotal)],
        ['http-proxy', 'HTTP proxy', info.HttpProxy],
        ['https-proxy', 'HTTPS proxy', info.HttpsProxy],
        ['no-proxy', 'No proxy', info.NoProxy],
        ['labels', 'Labels', (info.Labels ?? []).join(', ')],
      ]),
    },
    {
      key: 'registries',
      title: 'Registries',
      rows: rows([
        ['index-server', 'Registry', info.IndexServerAddress],
        ['insecure-registries', 'Insecure registries', (registry?.InsecureRegistryCIDRs ?? []).join(', ') || 'none'],
        ['mirrors', 'Registry mirrors', [...new Set(mirrors)].join(', ') || 'none'],
      ]),
    },
  ];
}

/** The Swarm line of `docker info`. */
export function swarmState(info: EngineInfo): { state: string; manager: boolean; text: string } {
  const swarm = info.Swarm;
  const state = swarm?.LocalNodeState || 'inactive';
  const manager = swarm?.ControlAvailable === true;
  if (state !== 'active') return { state, manager, text: state === 'inactive' ? 'not in a swarm' : `${state}${swarm?.Error ? `: ${swarm.Error}` : ''}` };
  return { state, manager, text: `${manager ? 'manager' : 'worker'} of ${swarm?.Cluster?.ID ?? 'a swarm'}${swarm?.Nodes ? `, ${swarm.Nodes} nodes, ${swarm.Managers ?? 0} managers` : ''}` };
}
