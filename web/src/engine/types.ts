/**
 * Engine API JSON as it arrives, with the Engine's own field names. Only what Porthole
 * reads is typed. Fields that come and go between API versions or image stores are
 * optional; fields the engine sends as null are typed `| null`.
 */

export type StringMap = Record<string, string>;
/** Go's map[string]struct{}: only the keys matter (ExposedPorts, Volumes). */
export type KeySet = Record<string, Record<string, never>>;

/** GET /images/json */
export interface ImageSummary {
  Id: string;
  ParentId: string;
  /** null, [] or ['<none>:<none>'] for an untagged image, depending on engine version. */
  RepoTags: string[] | null;
  /** null for images that were built and never pushed or pulled, on some versions. */
  RepoDigests: string[] | null;
  /** Unix seconds. */
  Created: number;
  Size: number;
  /** -1 when not computed (only `?shared-size=1`, API ≥ 1.42, computes it). */
  SharedSize: number;
  /** Gone since API 1.44 (it equalled Size). */
  VirtualSize?: number;
  Labels: StringMap | null;
  /** -1 when not computed, which /images/json usually does not. */
  Containers: number;
}

/** .Config of GET /images/{id}/json */
export interface ImageConfig {
  User?: string;
  ExposedPorts?: KeySet | null;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Volumes?: KeySet | null;
  WorkingDir?: string;
  Labels?: StringMap | null;
  StopSignal?: string;
  Shell?: string[] | null;
  OnBuild?: string[] | null;
  Healthcheck?: {
    Test?: string[] | null;
    Interval?: number;
    Timeout?: number;
    Retries?: number;
    StartPeriod?: number;
  } | null;
}

/** GET /images/{id}/json */
export interface ImageInspect {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Parent?: string;
  Comment?: string;
  /** RFC 3339 with nanoseconds; may be missing or empty when the image config has none. */
  Created?: string;
  DockerVersion?: string;
  Author?: string;
  Config: ImageConfig | null;
  Architecture: string;
  Variant?: string;
  Os: string;
  OsVersion?: string;
  Size: number;
  /** Gone since API 1.44. */
  VirtualSize?: number;
  /** Absent with the containerd image store. */
  GraphDriver?: { Name: string; Data: StringMap | null };
  RootFS: { Type: string; Layers?: string[] | null };
  Metadata?: { LastTagTime?: string };
}

/** GET /images/{id}/history: newest first. */
export interface ImageHistoryItem {
  /** '<missing>' for every row but the top one, unless that step is a local image. */
  Id: string;
  /** Unix seconds. */
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

/** GET /version */
export interface Version {
  Platform?: { Name: string };
  Components?: { Name: string; Version: string; Details?: StringMap | null }[];
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion?: string;
  Experimental?: boolean;
  BuildTime?: string;
}

/** One published or exposed port of a container summary. */
export interface PortSummary {
  /** Absent when the port is only exposed, not published. */
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

/** A mount as GET /containers/json and GET /containers/{id}/json list it. */
export interface MountPoint {
  Type: string;
  /** Set for volumes. */
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

/** A container's endpoint on one network. */
export interface EndpointSettings {
  NetworkID?: string;
  EndpointID?: string;
  Gateway?: string;
  IPAddress?: string;
  IPPrefixLen?: number;
  IPv6Gateway?: string;
  GlobalIPv6Address?: string;
  GlobalIPv6PrefixLen?: number;
  MacAddress?: string;
  Aliases?: string[] | null;
  /** API ≥ 1.44. */
  DNSNames?: string[] | null;
}

/** GET /containers/json?all=1 */
export interface ContainerSummary {
  Id: string;
  /** "/name"; links add "/other/alias" entries on older engines. */
  Names: string[] | null;
  Image: string;
  ImageID: string;
  Command?: string;
  /** Unix seconds. */
  Created: number;
  /** created, running, paused, restarting, removing, exited, dead. */
  State: string;
  /** "Up 3 minutes (healthy)", "Exited (0) 2 hours ago". */
  Status: string;
  Ports?: PortSummary[] | null;
  Labels?: StringMap | null;
  /** Only with `size=1`. */
  SizeRw?: number;
  SizeRootFs?: number;
  HostConfig?: { NetworkMode?: string };
  NetworkSettings?: { Networks?: Record<string, EndpointSettings> | null } | null;
  Mounts?: MountPoint[] | null;
}

export interface HealthLog {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

export interface ContainerState {
  Status: string;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
  Health?: { Status: string; FailingStreak: number; Log?: HealthLog[] | null } | null;
}

/** .Config of GET /containers/{id}/json */
export interface ContainerConfig extends ImageConfig {
  Hostname?: string;
  Domainname?: string;
  Image?: string;
  Tty?: boolean;
  OpenStdin?: boolean;
}

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

/** .HostConfig of GET /containers/{id}/json: what Porthole shows. */
export interface ContainerHostConfig {
  NetworkMode?: string;
  RestartPolicy?: { Name: string; MaximumRetryCount: number } | null;
  AutoRemove?: boolean;
  Privileged?: boolean;
  ReadonlyRootfs?: boolean;
  Memory?: number;
  MemoryReservation?: number;
  MemorySwap?: number;
  NanoCpus?: number;
  CpuShares?: number;
  CpuQuota?: number;
  CpuPeriod?: number;
  CpusetCpus?: string;
  PidsLimit?: number | null;
  PortBindings?: Record<string, PortBinding[] | null> | null;
  Binds?: string[] | null;
}

/** GET /containers/{id}/json */
export interface ContainerInspect {
  Id: string;
  /** "/name" */
  Name: string;
  /** RFC 3339 with nanoseconds. */
  Created: string;
  Path: string;
  Args: string[] | null;
  State: ContainerState;
  /** The image id. */
  Image: string;
  RestartCount: number;
  Driver?: string;
  Platform?: string;
  HostConfig: ContainerHostConfig | null;
  /** Absent with the containerd image store. */
  GraphDriver?: { Name: string; Data: StringMap | null } | null;
  Mounts: MountPoint[] | null;
  Config: ContainerConfig | null;
  NetworkSettings: {
    Ports?: Record<string, PortBinding[] | null> | null;
    Networks?: Record<string, EndpointSettings> | null;
  } | null;
  /** Only with `size=1`. */
  SizeRw?: number;
  SizeRootFs?: number;
}

/** One IPAM pool of a network. */
export interface IpamConfig {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
}

/** GET /networks (and, with Containers filled in, GET /networks/{id}) */
export interface NetworkSummary {
  Name: string;
  Id: string;
  /** RFC 3339. */
  Created: string;
  /** local, global, swarm. */
  Scope: string;
  Driver: string;
  EnableIPv6: boolean;
  IPAM: { Driver: string; Options?: StringMap | null; Config: IpamConfig[] | null } | null;
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  /** Empty in the list on most engines; filled in by inspect. */
  Containers?: Record<string, NetworkContainer> | null;
  Options?: StringMap | null;
  Labels?: StringMap | null;
}

export interface NetworkContainer {
  Name: string;
  EndpointID: string;
  MacAddress: string;
  IPv4Address: string;
  IPv6Address: string;
}

/** GET /volumes → .Volumes[] */
export interface Volume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  /** RFC 3339; absent on old engines. */
  CreatedAt?: string;
  Status?: Record<string, unknown> | null;
  Labels: StringMap | null;
  /** local, global. */
  Scope: string;
  Options: StringMap | null;
  /** Filled in only by /system/df; -1 when not computed. */
  UsageData?: { Size: number; RefCount: number } | null;
}

/** GET /volumes */
export interface VolumeListResponse {
  Volumes: Volume[] | null;
  Warnings: string[] | null;
}

/**
 * GET /system/df: only the volumes part is read. API 1.52 moved things around
 * (VolumeUsage.Items); both shapes are read.
 */
export interface SystemDf {
  Volumes?: Volume[] | null;
  VolumeUsage?: { Items?: Volume[] | null } | null;
}

/** One line of GET /events. */
export interface EngineEvent {
  /** container, image, volume, network, daemon, plugin, node, service, secret, config. */
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: StringMap | null };
  scope?: string;
  /** Unix seconds. */
  time?: number;
  /** Unix nanoseconds. */
  timeNano?: number;
  /** Deprecated duplicates of Action and Actor.ID, sent by older engines. */
  status?: string;
  id?: string;
  from?: string;
}
