import { parseEngineTime } from './format';
import { shortId } from './images';
import { isNoneReference } from './reference';
import type { ImageInspect, KeySet, StringMap } from './types';

export interface KeyValue {
  key: string;
  value: string;
}

/** GET /images/{id}/json turned into what the image page shows. */
export interface ImageDetails {
  id: string;
  shortId: string;
  /** A name for headings: the first tag, else the short id. */
  title: string;
  repoTags: string[];
  repoDigests: string[];
  created: Date | null;
  size: number;
  os: string;
  architecture: string;
  variant: string | null;
  /** os/architecture[/variant], as in `docker pull --platform`. */
  platform: string;
  author: string | null;
  comment: string | null;
  entrypoint: string[] | null;
  cmd: string[] | null;
  workingDir: string | null;
  user: string | null;
  env: KeyValue[];
  exposedPorts: string[];
  volumes: string[];
  labels: KeyValue[];
  /** RootFS diff ids, base layer first. */
  layers: string[];
}

export function toImageDetails(image: ImageInspect): ImageDetails {
  const config = image.Config ?? {};
  const repoTags = (image.RepoTags ?? []).filter((tag) => !isNoneReference(tag));
  const variant = nonEmpty(image.Variant);
  const short = shortId(image.Id);
  return {
    id: image.Id,
    shortId: short,
    title: repoTags[0] ?? short,
    repoTags,
    repoDigests: (image.RepoDigests ?? []).filter((digest) => !isNoneReference(digest)),
    created: parseEngineTime(image.Created),
    size: image.Size,
    os: image.Os,
    architecture: image.Architecture,
    variant,
    platform: [image.Os, image.Architecture, variant].filter(Boolean).join('/'),
    author: nonEmpty(image.Author),
    comment: nonEmpty(image.Comment),
    entrypoint: config.Entrypoint && config.Entrypoint.length > 0 ? config.Entrypoint : null,
    cmd: config.Cmd && config.Cmd.length > 0 ? config.Cmd : null,
    workingDir: nonEmpty(config.WorkingDir),
    user: nonEmpty(config.User),
    env: (config.Env ?? []).map(splitEnv),
    exposedPorts: sortPorts(keysOf(config.ExposedPorts)),
    volumes: keysOf(config.Volumes).sort(),
    labels: sortedEntries(config.Labels),
    layers: image.RootFS.Layers ?? [],
  };
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value;
}

function keysOf(set: KeySet | null | undefined): string[] {
  return set ? Object.keys(set) : [];
}

/** A string map (labels, options) as key/value rows, by key. */
export function sortedEntries(map: StringMap | null | undefined): KeyValue[] {
  return Object.entries(map ?? {})
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** "PATH=/usr/bin:/bin" → PATH + /usr/bin:/bin; the value may itself contain '='. */
export function splitEnv(entry: string): KeyValue {
  const equals = entry.indexOf('=');
  return equals === -1 ? { key: entry, value: '' } : { key: entry.slice(0, equals), value: entry.slice(equals + 1) };
}

/** "443/tcp", "80/tcp", "53/udp" → by number, then protocol. */
export function sortPorts(ports: readonly string[]): string[] {
  const split = (port: string): [number, string] => {
    const [number = '', protocol = 'tcp'] = port.split('/');
    return [Number.parseInt(number, 10), protocol];
  };
  return [...ports].sort((a, b) => {
    const [na, pa] = split(a);
    const [nb, pb] = split(b);
    return na - nb || pa.localeCompare(pb);
  });
}

/**
 * An argument list the way Dockerfiles and `docker inspect` write it:
 * ["nginx", "-g", "daemon off;"]. null → null (nothing set).
 */
export function formatArgs(args: readonly string[] | null): string | null {
  if (args === null) return null;
  return `[${args.map((arg) => JSON.stringify(arg)).join(', ')}]`;
}
