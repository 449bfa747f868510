/**
 * Swarm objects as the Engine API sends them (only what Porthole reads) and the rows the
 * swarm page shows: nodes, services with running/desired replicas, tasks with their errors,
 * and the specs that drain a node, scale a service or change its image. Pure.
 */

export interface Version {
  Index: number;
}

export interface SwarmInspect {
  ID: string;
  Version: Version;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: { Name?: string; EncryptionConfig?: { AutoLockManagers?: boolean } | null } | null;
  JoinTokens?: { Worker?: string; Manager?: string } | null;
  RootRotationInProgress?: boolean;
}

export interface SwarmNode {
  ID: string;
  Version: Version;
  Spec: { Name?: string; Labels?: Record<string, string> | null; Role: 'worker' | 'manager'; Availability: 'active' | 'pause' | 'drain' };
  Description?: { Hostname?: string; Platform?: { Architecture?: string; OS?: string }; Engine?: { EngineVersion?: string } } | null;
  Status: { State: string; Message?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string } | null;
}

export interface PortConfig {
  Name?: string;
  Protocol?: string;
  TargetPort?: number;
  PublishedPort?: number;
  PublishMode?: string;
}

export interface ServiceSpec {
  Name: string;
  Labels?: Record<string, string> | null;
  TaskTemplate: {
    ContainerSpec?: { Image?: string; Command?: string[] | null; Args?: string[] | null; TTY?: boolean; Env?: string[] | null; Labels?: Record<string, string> | null; [key: string]: unknown };
    [key: string]: unknown;
  };
  Mode?: { Replicated?: { Replicas?: number }; Global?: Record<string, never>; ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number }; GlobalJob?: Record<string, never> };
  EndpointSpec?: { Mode?: string; Ports?: PortConfig[] | null } | null;
  [key: string]: unknown;
}

export interface SwarmService {
  ID: string;
  Version: Version;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: ServiceSpec;
  Endpoint?: { Ports?: PortConfig[] | null } | null;
  UpdateStatus?: { State?: string; StartedAt?: string; CompletedAt?: string; Message?: string } | null;
  /** API ≥ 1.41 with ?status=true. */
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number; CompletedTasks?: number } | null;
}

export interface SwarmTask {
  ID: string;
  ServiceID: string;
  NodeID?: string;
  Slot?: number;
  CreatedAt?: string;
  UpdatedAt?: string;
  DesiredState: string;
  Spec?: { ContainerSpec?: { Image?: string } };
  Status: { Timestamp?: string; State: string; Message?: string; Err?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } | null };
}

export interface NamedObject {
  ID: string;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: { Name: string; Labels?: Record<string, string> | null };
}

export interface NodeRow {
  id: string;
  hostname: string;
  role: string;
  availability: string;
  status: string;
  leader: boolean;
  reachability: string;
  engineVersion: string;
  address: string;
  version: number;
  /** Tasks meant to run there now. */
  tasks: number;
}

export function toNodeRows(nodes: readonly SwarmNode[], tasks: readonly SwarmTask[] = []): NodeRow[] {
  return nodes
    .map((node) => ({
      id: node.ID,
      hostname: node.Description?.Hostname || node.Spec.Name || node.ID.slice(0, 12),
      role: node.Spec.Role,
      availability: node.Spec.Availability,
      status: node.Status.State,
      leader: node.ManagerStatus?.Leader === true,
      reachability: node.ManagerStatus?.Reachability ?? '',
      engineVersion: node.Description?.Engine?.EngineVersion ?? '',
      address: node.Status.Addr ?? node.ManagerStatus?.Addr ?? '',
      version: node.Version.Index,
      tasks: tasks.filter((t) => t.NodeID === node.ID && t.DesiredState === 'running').length,
    }))
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
}

/** `nginx:1.25@sha256:…` → `nginx:1.25`. */
export function imageWithoutDigest(image: string): string {
  const at = image.indexOf('@');
  return at === -1 ? image : image.slice(0, at);
}

export function serviceMode(spec: ServiceSpec): 'replicated' | 'global' | 'replicated-job' | 'global-job' {
  if (spec.Mode?.Global) return 'global';
  if (spec.Mode?.ReplicatedJob) return 'replicated-job';
  if (spec.Mode?.GlobalJob) return 'global-job';
  return 'replicated';
}

export function formatPorts(ports: readonly PortConfig[] | null | undefined): string[] {
  return (ports ?? []).map((p) => `${p.PublishedPort ? `*:${p.PublishedPort}->` : ''}${p.TargetPort ?? '?'}/${p.Protocol ?? 'tcp'}`);
}

export interface ServiceRow {
  id: string;
  name: string;
  image: string;
  mode: string;
  running: number;
  desired: number;
  ports: string[];
  updateState: string;
  updateMessage: string;
  version: number;
  tty: boolean;
}

/** Running/desired as `docker service ls` counts them, from the tasks (or ServiceStatus when given). */
export function toServiceRows(services: readonly SwarmService[], tasks: readonly SwarmTask[], activeNodes: number): ServiceRow[] {
  return services
    .map((service) => {
      const own = tasks.filter((t) => t.ServiceID === service.ID);
      const running = own.filter((t) => t.Status.State === 'running' && t.DesiredState === 'running').length;
      const mode = serviceMode(service.Spec);
      const desired =
        mode === 'replicated' ? (service.Spec.Mode?.Replicated?.Replicas ?? 1) : mode === 'global' ? (service.ServiceStatus?.DesiredTasks ?? activeNodes) : (service.ServiceStatus?.DesiredTasks ?? 0);
      return {
        id: service.ID,
        name: service.Spec.Name,
        image: imageWithoutDigest(service.Spec.TaskTemplate.ContainerSpec?.Image ?? ''),
        mode,
        running: service.ServiceStatus?.RunningTasks ?? running,
        desired,
        ports: formatPorts(service.Endpoint?.Ports ?? service.Spec.EndpointSpec?.Ports),
        updateState: service.UpdateStatus?.State ?? '',
        updateMessage: service.UpdateStatus?.Message ?? '',
        version: service.Version.Index,
        tty: service.Spec.TaskTemplate.ContainerSpec?.TTY === true,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface TaskRow {
  id: string;
  /** `web.2` (replicated) or `web.NODEID` (global), as docker service ps names them. */
  name: string;
  serviceId: string;
  nodeId: string;
  node: string;
  image: string;
  desired: string;
  state: string;
  /** When the state was reached (ms), or null. */
  since: number | null;
  error: string;
  exitCode: number | null;
}

const TERMINAL = new Set(['complete', 'failed', 'shutdown', 'rejected', 'orphaned', 'remove']);

export function toTaskRows(tasks: readonly SwarmTask[], services: readonly SwarmService[], nodes: readonly SwarmNode[]): TaskRow[] {
  const serviceName = new Map(services.map((s) => [s.ID, s.Spec.Name]));
  const nodeName = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname || n.ID.slice(0, 12)]));
  return tasks
    .map((task) => {
      const service = serviceName.get(task.ServiceID) ?? task.ServiceID.slice(0, 12);
      const time = task.Status.Timestamp ? Date.parse(task.Status.Timestamp) : NaN;
      return {
        id: task.ID,
        name: `${service}.${task.Slot ? task.Slot : (task.NodeID ?? '').slice(0, 12)}`,
        serviceId: task.ServiceID,
        nodeId: task.NodeID ?? '',
        node: task.NodeID ? (nodeName.get(task.NodeID) ?? task.NodeID.slice(0, 12)) : '',
        image: imageWithoutDigest(task.Spec?.ContainerSpec?.Image ?? ''),
        desired: task.DesiredState,
        state: task.Status.State,
        since: Number.isFinite(time) ? time : null,
        error: task.Status.Err ?? '',
        exitCode: task.Status.ContainerStatus?.ExitCode ?? null,
      };
    })
    .sort((a, b) => {
      // Current tasks first (desired running), then by name, newest first within a slot.
      const cur = Number(TERMINAL.has(a.desired)) - Number(TERMINAL.has(b.desired));
      if (cur !== 0) return cur;
      const byName = a.name.localeCompare(b.name, 'en', { numeric: true });
      return byName !== 0 ? byName : (b.since ?? 0) - (a.since ?? 0);
    });
}

/** A join token shown as `SWMTKN-1-…abcd` until asked for. */
export function maskToken(token: string | undefined): string {
  if (!token) return '';
  return token.length <= 12 ? '•'.repeat(token.length) : `${token.slice(0, 9)}…${token.slice(-4)}`;
}

/** POST /services/ID/update bodies: the current spec with one change. */
export function scaledSpec(spec: ServiceSpec, replicas: number): ServiceSpec {
  if (serviceMode(spec) !== 'replicated') throw new Error('Only replicated services have a replica count.');
  if (!Number.isInteger(replicas) || replicas < 0) throw new Error('Replicas must be a whole number, 0 or more.');
  return { ...spec, Mode: { Replicated: { Replicas: replicas } } };
}

export function withImage(spec: ServiceSpec, image: string): ServiceSpec {
  const trimmed = image.trim();
  if (!trimmed) throw new Error('Give the image to run, e.g. nginx:1.27.');
  return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...spec.TaskTemplate.ContainerSpec, Image: trimmed } } };
}

export interface NewService {
  name: string;
  image: string;
  /** Shell-like words: `sleep 3600`. */
  command: string;
  replicas: number;
  /** `8080:80`, `8080:80/udp`. */
  ports: string;
}

export function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
  return words;
}

export function parsePorts(text: string): PortConfig[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((part) => {
      const m = /^(?:(\d+):)?(\d+)(?:\/(tcp|udp|sctp))?$/.exec(part);
      if (!m) throw new Error(`Ports are PUBLISHED:TARGET[/tcp|udp]; “${part}” is not.`);
      return { Protocol: m[3] ?? 'tcp', TargetPort: Number(m[2]), ...(m[1] ? { PublishedPort: Number(m[1]) } : {}), PublishMode: 'ingress' };
    });
}

export function newServiceSpec(input: NewService): ServiceSpec {
  const name = input.name.trim();
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) throw new Error('A service name is letters, digits, “_”, “.” and “-”, starting with a letter or digit.');
  if (!input.image.trim()) throw new Error('Give the image to run.');
  const command = splitWords(input.command);
  const ports = parsePorts(input.ports);
  return {
    Name: name,
    TaskTemplate: { ContainerSpec: { Image: input.image.trim(), ...(command.length ? { Command: command } : {}) } },
    Mode: { Replicated: { Replicas: scaledSpec({ Name: name, TaskTemplate: {} }, input.replicas).Mode?.Replicated?.Replicas ?? 1 } },
    ...(ports.length ? { EndpointSpec: { Ports: ports } } : {}),
  };
}
