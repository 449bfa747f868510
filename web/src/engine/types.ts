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

/** GET /containers/json?all=1, only what the image views need so far. */
export interface ContainerSummary {
  Id: string;
  Names: string[] | null;
  Image: string;
  ImageID: string;
  State: string;
  Status: string;
  Created: number;
}
