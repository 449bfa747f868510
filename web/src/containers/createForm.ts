import { splitEndpoints, type Carried, type EndpointCreate } from './carry';

/**
 * The create-and-run form as plain data, its checks, and the body of POST /containers/create it
 * becomes. Pure: no Solid, no DOM. Sizes follow the docker CLI (256m = 256 MiB, --cpus=1.5).
 */

export interface KeyValueRow {
  key: string;
  value: string;
}

export interface PortRow {
  /** Empty: the engine picks a free host port. */
  hostPort: string;
  /** Empty: every address. */
  hostIp: string;
  containerPort: string;
  protocol: 'tcp' | 'udp' | 'sctp';
}

export interface MountRow {
  type: 'bind' | 'volume';
  /** A host path (bind) or a volume name (volume; empty: an anonymous volume). */
  source: string;
  target: string;
  readOnly: boolean;
}

export type RestartName = 'no' | 'always' | 'unless-stopped' | 'on-failure';
export const RESTART_NAMES: readonly RestartName[] = ['no', 'always', 'unless-stopped', 'on-failure'];

export interface CreateForm {
  image: string;
  name: string;
  /** null: the image's own CMD. */
  cmd: string[] | null;
  /** null: the image's own ENTRYPOINT; [] resets it. */
  entrypoint: string[] | null;
  workingDir: string;
  user: string;
  env: KeyValueRow[];
  ports: PortRow[];
  mounts: MountRow[];
  restart: RestartName;
  /** on-failure only; 0 = no limit. */
  restartMax: number;
  /** As typed: "256m", "1g", "" (no limit). */
  memory: string;
  /** As typed: "2", "0.5", "" (no limit). */
  cpus: string;
  /** Empty: the engine's default (bridge). */
  network: string;
  labels: KeyValueRow[];
  hostname: string;
  autoRemove: boolean;
  /** -i: keep stdin open. */
  interactive: boolean;
  /** -t: a TTY. */
  tty: boolean;
  /** -d: start and leave it running (otherwise the page opens its console). */
  detach: boolean;
  /** Duplicate / edit: the container's other settings, sent as the engine held them (carry.ts). */
  carried: Carried | null;
}

export function emptyForm(): CreateForm {
  return {
    image: '',
    name: '',
    cmd: null,
    entrypoint: null,
    workingDir: '',
    user: '',
    env: [],
    ports: [],
    mounts: [],
    restart: 'no',
    restartMax: 0,
    memory: '',
    cpus: '',
    network: '',
    labels: [],
    hostname: '',
    autoRemove: false,
    interactive: false,
    tty: false,
    detach: true,
    carried: null,
  };
}

export type FieldName =
  | 'image'
  | 'name'
  | 'cmd'
  | 'entrypoint'
  | 'workingDir'
  | 'user'
  | 'env'
  | 'ports'
  | 'mounts'
  | 'restart'
  | 'memory'
  | 'cpus'
  | 'network'
  | 'labels'
  | 'hostname'
  | 'general';

export type FieldErrors = Partial<Record<FieldName, string>>;

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** "256m" → 268435456 (docker's RAMInBytes: 1024-based, b/k/m/g/t, optional trailing b). "" → 0. null when unreadable. */
export function parseMemory(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === '') return 0;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)b?$/.exec(t) ?? /^(\d+(?:\.\d+)?)\s*(b)$/.exec(t);
  if (!m) return null;
  const bytes = Math.floor(Number(m[1]) * (UNITS[m[2] ?? ''] ?? 1));
  return Number.isFinite(bytes) ? bytes : null;
}

/** 268435456 → "256m"; the largest unit that divides it exactly. */
export function formatMemory(bytes: number): string {
  if (!bytes) return '';
  for (const [unit, size] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}b`;
}

/** "1.5" → 1500000000 NanoCpus; "" → 0; null when unreadable. */
export function parseCpus(text: string): number | null {
  const t = text.trim();
  if (t === '') return 0;
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(t)) return null;
  return Math.round(Number(t) * 1e9);
}

export function formatCpus(nano: number): string {
  if (!nano) return '';
  return String(Number((nano / 1e9).toFixed(9)));
}

const NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const ENV_KEY = /^[^=\s][^=]*$/;
const HOSTNAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
// Docker references: lower-case path components, optional registry host[:port], tag or digest.
const IMAGE = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

function portNumber(text: string): boolean {
  if (!/^\d+$/.test(text)) return false;
  const n = Number(text);
  return n >= 1 && n <= 65535;
}

/** Every check the form can make before sending; an empty object when all is well. */
export function validateForm(form: CreateForm): FieldErrors {
  const errors: FieldErrors = {};
  const image = form.image.trim();
  if (image === '') errors.image = 'Name an image, e.g. busybox:1 or nginx:1.27.';
  else if (!IMAGE.test(image) && !/^sha256:[a-f0-9]{12,64}$/.test(image) && !/^[a-f0-9]{12,64}$/.test(image)) {
    errors.image = `"${image}" is not an image reference (lower-case name, optional :tag or @sha256:digest).`;
  }
  if (form.name.trim() !== '' && !NAME.test(form.name.trim())) {
    errors.name = 'A name starts with a letter or digit and holds only letters, digits, _ . and -.';
  }
  if (form.cmd && form.cmd.length === 0) errors.cmd = 'An empty command: leave it unset to use the image’s CMD.';
  if (form.workingDir.trim() !== '' && !form.workingDir.trim().startsWith('/')) errors.workingDir = 'The working directory must be an absolute path (/app).';
  if (/\s/.test(form.user.trim())) errors.user = 'A user is a name or uid, optionally :group (no spaces).';
  const badEnv = form.env.find((row) => !ENV_KEY.test(row.key));
  if (badEnv) errors.env = badEnv.key === '' ? 'A variable has no name.' : `"${badEnv.key}" is not a variable name (no "=", no leading space).`;
  for (const [i, p] of form.ports.entries()) {
    if (!portNumber(p.containerPort.trim())) {
      errors.ports = `Port row ${i + 1}: the container port must be 1-65535.`;
      break;
    }
    if (p.hostPort.trim() !== '' && !portNumber(p.hostPort.trim())) {
      errors.ports = `Port row ${i + 1}: the host port must be 1-65535 (or empty for any free port).`;
      break;
    }
    if (p.hostIp.trim() !== '' && !/^[\d.]+$|^[0-9a-fA-F:]+$/.test(p.hostIp.trim())) {
      errors.ports = `Port row ${i + 1}: "${p.hostIp}" is not an IP address.`;
      break;
    }
  }
  const hostPorts = form.ports.filter((p) => p.hostPort.trim() !== '').map((p) => `${p.hostIp.trim()}:${p.hostPort.trim()}/${p.protocol}`);
  if (!errors.ports && new Set(hostPorts).size !== hostPorts.length) errors.ports = 'The same host port is published twice.';
  for (const [i, m] of form.mounts.entries()) {
    const target = m.target.trim();
    if (!target.startsWith('/')) {
      errors.mounts = `Mount ${i + 1}: the path in the container must be absolute.`;
      break;
    }
    if (m.type === 'bind' && !m.source.trim().startsWith('/')) {
      errors.mounts = `Mount ${i + 1}: a bind source must be an absolute path on the engine's host.`;
      break;
    }
    if (m.type === 'volume' && m.source.trim() !== '' && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(m.source.trim())) {
      errors.mounts = `Mount ${i + 1}: "${m.source}" is not a volume name.`;
      break;
    }
  }
  const targets = form.mounts.map((m) => m.target.trim());
  if (!errors.mounts && new Set(targets).size !== targets.length) errors.mounts = 'Two mounts share one path in the container.';
  if (!RESTART_NAMES.includes(form.restart)) errors.restart = `Unknown restart policy "${form.restart}".`;
  else if (form.restart !== 'on-failure' && form.restartMax > 0) errors.restart = 'A retry count only goes with on-failure.';
  else if (form.autoRemove && form.restart !== 'no') errors.restart = 'Auto-remove (--rm) and a restart policy exclude each other.';
  const memory = parseMemory(form.memory);
  if (memory === null) errors.memory = `"${form.memory}" is not a size: a number with b, k, m or g (256m, 1g).`;
  else if (memory > 0 && memory < 6 * 1024 * 1024) errors.memory = 'The engine needs at least 6m of memory.';
  const cpus = parseCpus(form.cpus);
  if (cpus === null) errors.cpus = `"${form.cpus}" is not a number of CPUs (2, 0.5).`;
  if (form.network.trim() !== '' && /\s/.test(form.network.trim())) errors.network = 'A network name has no spaces.';
  const badLabel = form.labels.find((row) => row.key.trim() === '');
  if (badLabel) errors.labels = 'A label has no key.';
  if (form.hostname.trim() !== '' && !HOSTNAME.test(form.hostname.trim())) errors.hostname = `"${form.hostname}" is not a host name.`;
  return errors;
}

export interface CreateRequest {
  /** The `name=` query parameter, absent when the engine should make one up. */
  name?: string;
  body: CreateBody;
  /** More networks to connect after create, before start (API 1.41 takes one network at create). */
  connect?: [string, EndpointCreate][];
}

export interface CreateBody {
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  WorkingDir?: string;
  User?: string;
  Env?: string[];
  Labels?: Record<string, string>;
  Hostname?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Tty: boolean;
  OpenStdin: boolean;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  StdinOnce: boolean;
  NetworkingConfig?: { EndpointsConfig: Record<string, EndpointCreate> };
  [carried: string]: unknown;
  HostConfig: {
    [carried: string]: unknown;
    PortBindings?: Record<string, { HostIp: string; HostPort: string }[]>;
    Mounts?: ({ Type: 'bind' | 'volume'; Source?: string; Target: string; ReadOnly: boolean } | Record<string, unknown>)[];
    RestartPolicy?: { Name: RestartName; MaximumRetryCount: number };
    Memory?: number;
    NanoCpus?: number;
    NetworkMode?: string;
    AutoRemove?: boolean;
  };
}

/**
 * The form as the engine wants it. Call validateForm first: unreadable sizes are left out here.
 * What Duplicate / edit carried goes under the form's own fields (the form wins where both speak);
 * `replacing` adds what only a replace keeps (fixed addresses, MAC, the old anonymous volumes).
 */
export function toCreateRequest(form: CreateForm, options: { replacing?: boolean } = {}): CreateRequest {
  const carried = form.carried;
  const replacing = options.replacing === true;
  const body: CreateBody = {
    ...(carried?.config ?? {}),
    ...(replacing ? carried?.replaceOnly.config : {}),
    Image: form.image.trim(),
    Tty: form.tty,
    OpenStdin: form.interactive,
    AttachStdin: false,
    AttachStdout: !form.detach,
    AttachStderr: !form.detach,
    StdinOnce: false,
    HostConfig: { ...(carried?.hostConfig ?? {}) },
  };
  if (form.cmd) body.Cmd = [...form.cmd];
  if (form.entrypoint) body.Entrypoint = [...form.entrypoint];
  if (form.workingDir.trim()) body.WorkingDir = form.workingDir.trim();
  if (form.user.trim()) body.User = form.user.trim();
  if (form.env.length) body.Env = form.env.map((row) => `${row.key}=${row.value}`);
  if (form.labels.length) body.Labels = Object.fromEntries(form.labels.map((row) => [row.key.trim(), row.value]));
  if (form.hostname.trim()) body.Hostname = form.hostname.trim();
  if (form.ports.length) {
    const exposed: Record<string, Record<string, never>> = {};
    const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
    for (const p of form.ports) {
      const key = `${p.containerPort.trim()}/${p.protocol}`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: p.hostIp.trim(), HostPort: p.hostPort.trim() });
    }
    body.ExposedPorts = { ...((carried?.config['ExposedPorts'] as Record<string, Record<string, never>> | undefined) ?? {}), ...exposed };
    body.HostConfig.PortBindings = bindings;
  }
  const targets = new Set(form.mounts.map((m) => m.target.trim()));
  const kept = replacing ? (carried?.replaceOnly.mounts ?? []).filter((m) => !targets.has(m.target)) : [];
  const mounts = [
    ...[...form.mounts, ...kept].map((m) => ({
      Type: m.type,
      ...(m.source.trim() ? { Source: m.source.trim() } : {}),
      Target: m.target.trim(),
      ReadOnly: m.readOnly,
    })),
    ...(carried?.extraMounts ?? []).filter((m) => !targets.has(String(m['Target'] ?? ''))),
  ];
  if (mounts.length) body.HostConfig.Mounts = mounts;
  if (form.restart !== 'no') body.HostConfig.RestartPolicy = { Name: form.restart, MaximumRetryCount: form.restart === 'on-failure' ? form.restartMax : 0 };
  const memory = parseMemory(form.memory);
  if (memory) body.HostConfig.Memory = memory;
  const cpus = parseCpus(form.cpus);
  if (cpus) body.HostConfig.NanoCpus = cpus;
  if (form.network.trim()) body.HostConfig.NetworkMode = form.network.trim();
  if (form.autoRemove) body.HostConfig.AutoRemove = true;
  let connect: [string, EndpointCreate][] | undefined;
  if (carried) {
    const endpoints = splitEndpoints(carried, form.network.trim(), replacing);
    if (Object.keys(endpoints.atCreate).length) body.NetworkingConfig = { EndpointsConfig: endpoints.atCreate };
    if (endpoints.connectAfter.length) connect = endpoints.connectAfter;
  }
  const name = form.name.trim().replace(/^\//, '');
  return { ...(name ? { name } : {}), body, ...(connect ? { connect } : {}) };
}

const FIELD_PATTERNS: readonly [RegExp, FieldName][] = [
  [/port is already allocated|external connectivity|address already in use|\bports?\b/i, 'ports'],
  [/bind|mount|volume|socket|--allow-bind/i, 'mounts'],
  [/memory|oom/i, 'memory'],
  [/cpu|nanocpus/i, 'cpus'],
  [/network/i, 'network'],
  [/container name|name .*already in use|invalid container name|Conflict\. The container name/i, 'name'],
  [/restart/i, 'restart'],
  [/no such image|pull access denied|repository does not exist|invalid reference format|image/i, 'image'],
  [/working dir|chdir|cwd/i, 'workingDir'],
  [/unable to find user|no matching entries in passwd|user/i, 'user'],
  [/entrypoint/i, 'entrypoint'],
  [/executable file not found|exec:|no such file or directory|permission denied/i, 'cmd'],
  [/hostname/i, 'hostname'],
  [/label/i, 'labels'],
  [/\benv\b|environment/i, 'env'],
];

/** The field an engine's or the proxy's refusal concerns ('general' when none fits: privileged, capabilities, …). */
export function fieldOfError(message: string): FieldName {
  for (const [pattern, field] of FIELD_PATTERNS) if (pattern.test(message)) return field;
  return 'general';
}

/**
 * The engine's "No such image" answer to a create → what to pull, like docker run does: repository
 * and tag (or digest) of the image the form names; null for any other refusal.
 */
export function missingImagePull(status: number, message: string, image: string): { repository: string; tag: string } | null {
  if (status !== 404 || !/no such image/i.test(message)) return null;
  const ref = image.trim();
  if (ref === '' || /^(sha256:)?[a-f0-9]{12,64}$/.test(ref)) return null; // an id cannot be pulled
  const at = ref.indexOf('@');
  if (at !== -1) return { repository: ref.slice(0, at), tag: ref.slice(at + 1) };
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repository: ref, tag: 'latest' };
}

/** Labels of the fields, for a message at the button that names where the problem is. */
export const FIELD_LABELS: Record<FieldName, string> = {
  image: 'Image', name: 'Name', cmd: 'Command', entrypoint: 'Entrypoint', workingDir: 'Working dir', user: 'User', env: 'Environment',
  ports: 'Ports', mounts: 'Mounts', restart: 'Restart', memory: 'Memory', cpus: 'CPUs', network: 'Network', labels: 'Labels', hostname: 'Hostname', general: '',
};

/** A pasted .env block → rows (comments, blank lines and `export ` dropped; quotes around values removed). */
export function parseEnvBlock(text: string): KeyValueRow[] {
  const rows: KeyValueRow[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      rows.push({ key: line, value: '' });
      continue;
    }
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) {
      const quote = value[0];
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    rows.push({ key: line.slice(0, eq).trim(), value });
  }
  return rows;
}

/** Rows with the same key: the last one wins, in the position of the first. */
export function mergeRows(rows: readonly KeyValueRow[], more: readonly KeyValueRow[]): KeyValueRow[] {
  const out = rows.map((row) => ({ ...row }));
  for (const row of more) {
    const existing = out.find((r) => r.key === row.key);
    if (existing) existing.value = row.value;
    else out.push({ ...row });
  }
  return out;
}
