// The policy: one table of what may pass, narrow rows above broad ones, and no match means refused.
// Paths are matched after normalize.ts made them canonical and took off the /vX.Y prefix.
import type { Role } from './auth.ts';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

/** Names of the request checks in rules.ts. */
export type BodyRule =
  | 'containerCreate'
  | 'containerUpdate'
  | 'execCreate'
  | 'serviceSpec'
  | 'volumeCreate'
  | 'networkCreate'
  | 'swarmInit'
  | 'swarmSpec'
  | 'swarmJoin'
  | 'commitConfig'
  | 'json';
export type QueryRule = 'imageCreate' | 'build' | 'commit' | 'search';

export interface PolicyRow {
  method: Method;
  /** Regex source, anchored at both ends when compiled. */
  path: string;
  role: Role;
  /** JSON body parsed strictly, judged, and re-serialised. */
  body?: BodyRule;
  /** Query parameters judged. */
  query?: QueryRule;
  /** Body streamed through (tar archives) with a size cap instead of parsed. */
  rawBody?: boolean;
  /** Streamed tar body whose Dockerfile is found and judged before forwarding (build contexts). */
  dockerfile?: boolean;
  /** Long answer (events, logs, stats, pulls, wait, stop): headers sent on as soon as the engine sends them, no timeout. */
  stream?: boolean;
  /** The docker CLI's hijacked stream (`Connection: Upgrade`, `Upgrade: tcp`), bridged byte for byte (cliStreams.ts). */
  hijack?: 'attach' | 'exec';
  /** The proxy creates the exec itself: its session marker added, its id remembered, so only it can be started here. */
  createsExec?: boolean;
  /** A route clients use that Porthole does not serve: always refused, with this reason. */
  refused?: string;
  /** Attach X-Registry-Auth from the stored credentials of the image's registry (pull: fromImage; push: the path). */
  registryAuth?: 'fromImage' | 'path';
  /** Before forwarding, the container's bind sources are resolved again (a symlink may have been swapped in). */
  rejudgeBinds?: boolean;
  /** Reaches into the container's filesystem: refused for containers Porthole would not have created. */
  entersContainer?: boolean;
  /** For viewers: refuse when the container keeps stdin open (its logs may hold what a user typed). */
  viewerNotInteractive?: boolean;
  why: string;
}

const ID = '[A-Za-z0-9][A-Za-z0-9_.-]*';
// Image references carry a registry host:port, a path, a tag and a digest.
const IMAGE = '[A-Za-z0-9][A-Za-z0-9_.:@/-]*';

export const POLICY: readonly PolicyRow[] = [
  // Engine
  { method: 'GET', path: '/_ping', role: 'viewer', why: 'health' },
  { method: 'HEAD', path: '/_ping', role: 'viewer', why: 'health' },
  { method: 'GET', path: '/version', role: 'viewer', why: 'engine version' },
  { method: 'GET', path: '/info', role: 'viewer', why: 'engine info' },
  { method: 'GET', path: '/events', role: 'viewer', stream: true, why: 'live updates of every view' },
  { method: 'GET', path: '/system/df', role: 'viewer', why: 'disk use' },

  // Containers
  { method: 'GET', path: '/containers/json', role: 'viewer', why: 'list' },
  { method: 'POST', path: '/containers/create', role: 'admin', body: 'containerCreate', why: 'create (judged: no escalation)' },
  { method: 'POST', path: '/containers/prune', role: 'admin', stream: true, why: 'prune stopped containers' },
  { method: 'GET', path: `/containers/${ID}/json`, role: 'viewer', why: 'inspect' },
  { method: 'GET', path: `/containers/${ID}/top`, role: 'viewer', why: 'processes' },
  { method: 'GET', path: `/containers/${ID}/changes`, role: 'viewer', why: 'filesystem diff' },
  { method: 'GET', path: `/containers/${ID}/stats`, role: 'viewer', stream: true, why: 'live stats' },
  { method: 'GET', path: `/containers/${ID}/logs`, role: 'viewer', stream: true, viewerNotInteractive: true, why: 'logs' },
  { method: 'GET', path: `/containers/${ID}/archive`, role: 'admin', stream: true, entersContainer: true, why: 'download files (may hold secrets)' },
  { method: 'HEAD', path: `/containers/${ID}/archive`, role: 'admin', entersContainer: true, why: 'stat a path' },
  { method: 'PUT', path: `/containers/${ID}/archive`, role: 'admin', rawBody: true, entersContainer: true, why: 'upload files' },
  { method: 'GET', path: `/containers/${ID}/export`, role: 'admin', stream: true, why: 'export filesystem' },
  { method: 'POST', path: `/containers/${ID}/start`, role: 'admin', rejudgeBinds: true, why: 'lifecycle (bind sources resolved again)' },
  { method: 'POST', path: `/containers/${ID}/restart`, role: 'admin', rejudgeBinds: true, stream: true, why: 'lifecycle (bind sources resolved again; waits for the stop timeout)' },
  { method: 'POST', path: `/containers/${ID}/stop`, role: 'admin', stream: true, why: 'lifecycle (waits for the stop timeout)' },
  { method: 'POST', path: `/containers/${ID}/(kill|pause|unpause|rename)`, role: 'admin', why: 'lifecycle' },
  { method: 'POST', path: `/containers/${ID}/wait`, role: 'admin', stream: true, why: 'wait for the exit (docker run and wait: headers at once, the answer when it exits, hours later)' },
  { method: 'POST', path: `/containers/${ID}/attach`, role: 'admin', hijack: 'attach', entersContainer: true, why: 'docker attach, run and start -a (judged like a console)' },
  { method: 'POST', path: `/containers/${ID}/exec`, role: 'admin', body: 'execCreate', entersContainer: true, createsExec: true, why: 'docker exec: created by the proxy with its session marker (judged like a console)' },
  { method: 'POST', path: `/containers/${ID}/resize`, role: 'admin', why: 'console size' },
  { method: 'POST', path: `/containers/${ID}/update`, role: 'admin', body: 'containerUpdate', why: 'limits and restart policy (judged)' },
  { method: 'DELETE', path: `/containers/${ID}`, role: 'admin', why: 'remove' },
  { method: 'POST', path: '/commit', role: 'admin', query: 'commit', body: 'commitConfig', stream: true, why: 'commit a container to an image (the CLI sends null)' },

  // Exec: created by the proxy (the console's bridge.ts, or a POST /containers/ID/exec above), judged by
  // execCreate, and started only when the proxy created it: an exec id made elsewhere could be privileged.
  { method: 'POST', path: `/exec/${ID}/start`, role: 'admin', hijack: 'exec', why: 'docker exec (only execs the proxy created, cleaned up like a console)' },
  { method: 'GET', path: `/exec/${ID}/json`, role: 'admin', why: 'exit code of an exec' },
  { method: 'POST', path: `/exec/${ID}/resize`, role: 'admin', why: 'console size' },

  // Images
  { method: 'GET', path: '/images/json', role: 'viewer', why: 'list' },
  { method: 'GET', path: '/images/search', role: 'viewer', query: 'search', why: 'Docker Hub search through the engine (only Hub: a term naming another registry makes the engine contact any host:port)' },
  { method: 'POST', path: '/images/create', role: 'admin', query: 'imageCreate', rawBody: true, stream: true, registryAuth: 'fromImage', why: 'pull or import (no URL sources)' },
  { method: 'POST', path: '/images/load', role: 'admin', rawBody: true, stream: true, why: 'docker load' },
  { method: 'POST', path: '/images/prune', role: 'admin', stream: true, why: 'prune' },
  { method: 'GET', path: '/images/get', role: 'admin', stream: true, why: 'docker save of several images' },
  { method: 'GET', path: `/images/${IMAGE}/json`, role: 'viewer', why: 'inspect' },
  { method: 'GET', path: `/images/${IMAGE}/history`, role: 'viewer', why: 'history' },
  { method: 'GET', path: `/images/${IMAGE}/get`, role: 'admin', stream: true, why: 'docker save; layer contents read in the browser' },
  { method: 'POST', path: `/images/${IMAGE}/tag`, role: 'admin', why: 'tag' },
  { method: 'POST', path: `/images/${IMAGE}/push`, role: 'admin', stream: true, registryAuth: 'path', why: 'push' },
  { method: 'DELETE', path: `/images/${IMAGE}`, role: 'admin', stream: true, why: 'remove' },
  { method: 'GET', path: `/distribution/${IMAGE}/json`, role: 'admin', why: 'platforms of a tag (the engine contacts the registry named: any host:port, so not for viewers)' },
  { method: 'POST', path: '/build', role: 'admin', query: 'build', rawBody: true, dockerfile: true, stream: true, why: 'build from an uploaded context (no remote URL, no host network)' },
  { method: 'POST', path: '/build/prune', role: 'admin', stream: true, why: 'prune build cache' },
  { method: 'POST', path: '/session', role: 'admin', refused: 'BuildKit is not supported through Porthole (its /session stream cannot be judged); build with the classic builder: DOCKER_BUILDKIT=0 docker build ...', why: 'BuildKit session' },
  { method: 'POST', path: '/grpc', role: 'admin', refused: 'BuildKit (buildx) is not supported through Porthole (its gRPC stream cannot be judged); build with the classic builder: DOCKER_BUILDKIT=0 docker build ...', why: 'BuildKit gRPC' },

  // Registry login: the engine would check the password (and the CLI then keep it in its own config).
  { method: 'POST', path: '/auth', role: 'viewer', refused: 'docker login is not accepted through Porthole: registry credentials live on the proxy host; add them there (Registries page, or PUT /api/registries/HOST), and pulls and pushes through Porthole use them', why: 'docker login' },

  // Networks
  { method: 'GET', path: '/networks', role: 'viewer', why: 'list' },
  { method: 'POST', path: '/networks/create', role: 'admin', body: 'networkCreate', why: 'create (judged: bridge or overlay)' },
  { method: 'POST', path: '/networks/prune', role: 'admin', why: 'prune' },
  { method: 'GET', path: `/networks/${ID}`, role: 'viewer', why: 'inspect' },
  { method: 'POST', path: `/networks/${ID}/(connect|disconnect)`, role: 'admin', body: 'json', why: 'attach containers' },
  { method: 'DELETE', path: `/networks/${ID}`, role: 'admin', why: 'remove' },

  // Volumes
  { method: 'GET', path: '/volumes', role: 'viewer', why: 'list' },
  { method: 'POST', path: '/volumes/create', role: 'admin', body: 'volumeCreate', why: 'create (judged: bind options)' },
  { method: 'POST', path: '/volumes/prune', role: 'admin', stream: true, why: 'prune' },
  { method: 'GET', path: `/volumes/${ID}`, role: 'viewer', why: 'inspect' },
  { method: 'DELETE', path: `/volumes/${ID}`, role: 'admin', why: 'remove' },

  // Swarm
  { method: 'GET', path: '/swarm', role: 'admin', why: 'holds the join tokens (viewers read the swarm part of /info)' },
  { method: 'POST', path: '/swarm/init', role: 'admin', body: 'swarmInit', why: 'init' },
  { method: 'POST', path: '/swarm/join', role: 'admin', body: 'swarmJoin', why: 'join (refused: a foreign manager would control this engine)' },
  { method: 'POST', path: '/swarm/leave', role: 'admin', why: 'leave' },
  { method: 'POST', path: '/swarm/update', role: 'admin', body: 'swarmSpec', why: 'update settings (no external CAs or network log drivers)' },
  { method: 'GET', path: '/swarm/unlockkey', role: 'admin', why: 'unlock key' },
  { method: 'GET', path: '/nodes', role: 'viewer', why: 'list' },
  { method: 'GET', path: `/nodes/${ID}`, role: 'viewer', why: 'inspect' },
  { method: 'POST', path: `/nodes/${ID}/update`, role: 'admin', body: 'json', why: 'drain or activate' },
  { method: 'DELETE', path: `/nodes/${ID}`, role: 'admin', why: 'remove' },
  { method: 'GET', path: '/services', role: 'viewer', why: 'list' },
  { method: 'POST', path: '/services/create', role: 'admin', body: 'serviceSpec', why: 'create (judged like containers)' },
  { method: 'GET', path: `/services/${ID}`, role: 'viewer', why: 'inspect' },
  { method: 'POST', path: `/services/${ID}/update`, role: 'admin', body: 'serviceSpec', why: 'update (judged like containers)' },
  { method: 'GET', path: `/services/${ID}/logs`, role: 'viewer', stream: true, viewerNotInteractive: true, why: 'logs' },
  { method: 'DELETE', path: `/services/${ID}`, role: 'admin', why: 'remove' },
  { method: 'GET', path: '/tasks', role: 'viewer', why: 'list' },
  { method: 'GET', path: `/tasks/${ID}`, role: 'viewer', why: 'inspect' },
  { method: 'GET', path: '/secrets', role: 'viewer', why: 'names only; the engine never returns secret data' },
  { method: 'GET', path: '/configs', role: 'admin', why: 'configs carry their data' },
];

export interface CompiledRow extends PolicyRow {
  re: RegExp;
}

export const COMPILED: readonly CompiledRow[] = POLICY.map((row) => ({ ...row, re: new RegExp(`^${row.path}$`) }));

export type Decision =
  | { allowed: true; row: CompiledRow }
  | { allowed: false; status: 403 | 405; reason: string };

const ORDER: Record<Role, number> = { viewer: 0, admin: 1 };

// Every row starts with a literal first segment; a request is tested only against the rows of its own.
const BY_SEGMENT = new Map<string, CompiledRow[]>();
for (const row of COMPILED) {
  const segment = /^\/([A-Za-z_]+)(?:\/|$)/.exec(row.path)?.[1];
  if (!segment) throw new Error(`policy row ${row.method} ${row.path}: the path must start with a literal segment`);
  BY_SEGMENT.set(segment, [...(BY_SEGMENT.get(segment) ?? []), row]);
}

export function decide(method: string, path: string, role: Role): Decision {
  const rows = (BY_SEGMENT.get(path.split('/', 2)[1] ?? '') ?? []).filter((r) => r.re.test(path));
  if (!rows.length) return { allowed: false, status: 403, reason: `${path} is not in Porthole's policy (docs/policy.md lists what is)` };
  const row = rows.find((r) => r.method === method);
  if (!row) {
    return { allowed: false, status: 405, reason: `${method} ${path} is not allowed; allowed methods: ${[...new Set(rows.map((r) => r.method))].join(', ')}` };
  }
  if (ORDER[role] < ORDER[row.role]) {
    return { allowed: false, status: 403, reason: `${method} ${path} needs the ${row.role} role; this session is ${role}` };
  }
  return { allowed: true, row };
}
