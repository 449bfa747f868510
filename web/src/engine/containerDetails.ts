/** GET /containers/{id}/json turned into what the container page shows. */
import type { Health } from './containers';
import { parseEngineTime } from './format';
import { splitEnv, sortPorts, type KeyValue } from './imageDetails';
import { shortId } from './images';
import type { ContainerInspect, MountPoint, StringMap } from './types';

export interface MountRow {
  type: string;
  /** Volume name, or the host path of a bind. */
  source: string;
  destination: string;
  mode: string;
  rw: boolean;
}

export interface PortRow {
  /** "80/tcp" */
  port: string;
  /** "0.0.0.0:8080", or empty when only exposed. */
  published: string[];
}

export interface NetworkRow {
  name: string;
  ipAddress: string | null;
  ipv6Address: string | null;
  gateway: string | null;
  macAddress: string | null;
  aliases: string[];
}

export interface Limits {
  /** Bytes; null when unlimited. */
  memory: number | null;
  memoryReservation: number | null;
  memorySwap: number | null;
  /** CPUs as `--cpus` gives them (NanoCpus, else quota/period); null when unlimited. */
  cpus: number | null;
  cpuShares: number | null;
  cpusetCpus: string | null;
  pidsLimit: number | null;
}

export interface ContainerDetails {
  id: string;
  shortId: string;
  name: string;
  image: string;
  imageId: string;
  created: Date | null;
  /** running, exited, … */
  status: string;
  running: boolean;
  paused: boolean;
  restarting: boolean;
  oomKilled: boolean;
  dead: boolean;
  exitCode: number;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  health: Health | null;
  failingStreak: number | null;
  /** The last health check output, when there is one. */
  lastHealthOutput: string | null;
  /** null when not running. */
  pid: number | null;
  restartCount: number;
  restartPolicy: string;
  /** Path plus Args: what the engine runs. */
  command: string[];
  entrypoint: string[] | null;
  cmd: string[] | null;
  workingDir: string | null;
  user: string | null;
  hostname: string | null;
  tty: boolean;
  env: KeyValue[];
  mounts: MountRow[];
  ports: PortRow[];
  networkMode: string | null;
  networks: NetworkRow[];
  limits: Limits;
  labels: KeyValue[];
  /** Storage driver and its directories (GraphDriver.Data); null with the containerd store. */
  storage: { driver: string; data: KeyValue[] } | null;
}

const positive = (value: number | null | undefined): number | null =>
  typeof value === 'number' && value > 0 ? value : null;

const nonEmpty = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === '' ? null : value;

function entries(map: StringMap | null | undefined): KeyValue[] {
  return Object.entries(map ?? {})
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function toMountRow(mount: MountPoint): MountRow {
  return {
    type: mount.Type,
    source: mount.Type === 'volume' && mount.Name ? mount.Name : mount.Source,
    destination: mount.Destination,
    mode: mount.Mode,
    rw: mount.RW,
  };
}

function healthWord(status: string | undefined): Health | null {
  if (status === 'healthy' || status === 'unhealthy') return status;
  if (status === 'starting') return 'starting';
  return null;
}

export function toContainerDetails(inspect: ContainerInspect): ContainerDetails {
  const state = inspect.State;
  const config = inspect.Config ?? {};
  const host = inspect.HostConfig ?? {};
  const health = state.Health ?? null;
  const lastLog = health?.Log?.at(-1);
  const portMap = inspect.NetworkSettings?.Ports ?? {};
  const exposed = Object.keys(config.ExposedPorts ?? {});
  const portNames = sortPorts([...new Set([...Object.keys(portMap), ...exposed])]);
  const period = positive(host.CpuPeriod) ?? 100_000;
  const nanoCpus = positive(host.NanoCpus);
  const quota = positive(host.CpuQuota);
  const restart = host.RestartPolicy;
  return {
    id: inspect.Id,
    shortId: shortId(inspect.Id),
    name: inspect.Name.replace(/^\//, ''),
    image: config.Image ?? inspect.Image,
    imageId: inspect.Image,
    created: parseEngineTime(inspect.Created),
    status: state.Status,
    running: state.Running,
    paused: state.Paused,
    restarting: state.Restarting,
    oomKilled: state.OOMKilled,
    dead: state.Dead,
    exitCode: state.ExitCode,
    error: nonEmpty(state.Error),
    startedAt: parseEngineTime(state.StartedAt),
    finishedAt: parseEngineTime(state.FinishedAt),
    health: healthWord(health?.Status),
    failingStreak: health ? health.FailingStreak : null,
    lastHealthOutput: lastLog ? lastLog.Output.trim() : null,
    pid: state.Running && state.Pid > 0 ? state.Pid : null,
    restartCount: inspect.RestartCount,
    restartPolicy:
      restart && restart.Name && restart.Name !== 'no'
        ? restart.Name === 'on-failure' && restart.MaximumRetryCount > 0
          ? `on-failure:${restart.MaximumRetryCount}`
          : restart.Name
        : 'no',
    command: [inspect.Path, ...(inspect.Args ?? [])].filter((part) => part !== ''),
    entrypoint: config.Entrypoint && config.Entrypoint.length > 0 ? config.Entrypoint : null,
    cmd: config.Cmd && config.Cmd.length > 0 ? config.Cmd : null,
    workingDir: nonEmpty(config.WorkingDir),
    user: nonEmpty(config.User),
    hostname: nonEmpty(config.Hostname),
    tty: config.Tty === true,
    env: (config.Env ?? []).map(splitEnv),
    mounts: (inspect.Mounts ?? []).map(toMountRow).sort((a, b) => a.destination.localeCompare(b.destination)),
    ports: portNames.map((port) => ({
      port,
      published: (portMap[port] ?? []).map((binding) => {
        const ip = binding.HostIp.includes(':') ? `[${binding.HostIp}]` : binding.HostIp || '0.0.0.0';
        return `${ip}:${binding.HostPort}`;
      }),
    })),
    networkMode: nonEmpty(host.NetworkMode),
    networks: Object.entries(inspect.NetworkSettings?.Networks ?? {})
      .map(([name, endpoint]) => ({
        name,
        ipAddress: endpoint.IPAddress ? `${endpoint.IPAddress}${endpoint.IPPrefixLen ? `/${endpoint.IPPrefixLen}` : ''}` : null,
        ipv6Address: nonEmpty(endpoint.GlobalIPv6Address),
        gateway: nonEmpty(endpoint.Gateway),
        macAddress: nonEmpty(endpoint.MacAddress),
        aliases: endpoint.DNSNames ?? endpoint.Aliases ?? [],
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    limits: {
      memory: positive(host.Memory),
      memoryReservation: positive(host.MemoryReservation),
      // -1 is "unlimited swap".
      memorySwap: positive(host.MemorySwap),
      cpus: nanoCpus !== null ? nanoCpus / 1e9 : quota !== null ? quota / period : null,
      cpuShares: positive(host.CpuShares),
      cpusetCpus: nonEmpty(host.CpusetCpus),
      pidsLimit: positive(host.PidsLimit ?? null),
    },
    labels: entries(config.Labels),
    storage: inspect.GraphDriver ? { driver: inspect.GraphDriver.Name, data: entries(inspect.GraphDriver.Data) } : null,
  };
}
