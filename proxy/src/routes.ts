// The proxy's own routes as one table: method, path, who may call it, what body it takes and how long it may
// last. server.ts serves what a row names and nothing else, so a route cannot exist without its row, and
// docs/policy.md lists every row. Engine API paths are one row here and judged by policy.ts.
import type { Role } from './auth.ts';

/** Who may call a route: anyone (the login page, the CA, static files), or a token of at least this role. */
export type Access = 'anyone' | Role;

/** How the request arrives: plain HTTP, a WebSocket upgrade, or another Upgrade (the docker CLI's tcp, BuildKit's h2c). */
export type Transport = 'http' | 'websocket' | 'hijack';

/** What body the route takes: none, a small JSON object (read and parsed before the handler runs), or what the Engine API row says. */
export type RouteBody = 'none' | 'json' | 'engine';

/** How long an admitted exchange may last (before it, the request deadlines of connectionGuard.ts apply). */
export type Deadline = 'local' | 'engine' | 'registry' | 'stream';

/** Handlers of plain requests (server.ts has one per name). */
export type HttpRouteName =
  | 'health' | 'caCert' | 'phoneInfo' | 'login' | 'session' | 'ticket' | 'logout'
  | 'engines' | 'staticShells' | 'staticShell' | 'registries' | 'registryPut' | 'registryDelete'
  | 'relay' | 'consolePreflight' | 'engineApi' | 'notARoute' | 'staticFile';
/** Handlers of upgrades. */
export type UpgradeRouteName = 'console' | 'cliStream' | 'buildkit' | 'notAWebSocket';

export type RouteMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'ANY';

interface RouteFields {
  method: RouteMethod;
  /** Regex source, anchored at both ends; matched against the path after normalize.ts's checks. */
  path: string;
  access: Access;
  body: RouteBody;
  /** Bytes a `json` body may have. */
  maxBody?: number;
  /** The shape a `json` body must have, as the refusal of a malformed one says. */
  shape?: string;
  deadline: Deadline;
  /** Considered only when no other row's path matches (catch-alls). */
  fallback?: boolean;
  /** What the refusal says when the caller's role is too low (default: METHOD PATH needs the ROLE role). */
  needs?: string;
  /** A path this row serves, for the docs and the tests that walk every row. */
  example: string;
  why: string;
}

/** A row: its handler's name goes with its transport. */
export type Route = RouteFields & ({ transport: 'http'; name: HttpRouteName } | { transport: 'websocket' | 'hijack'; name: UpgradeRouteName });

const ENGINE = '[a-z0-9][a-z0-9_-]*';
const ID = '[A-Za-z0-9][A-Za-z0-9_.-]*';
const CONSOLE_PATH = `/api/engines/${ENGINE}/containers/${ID}/(exec|attach)`;

export const ROUTES: readonly Route[] = [
  // Public: what a browser needs before it has logged in. Nothing here holds engine data.
  { name: 'health', method: 'GET', path: '/healthz', transport: 'http', access: 'anyone', body: 'none', deadline: 'local', example: '/healthz', why: 'liveness for service managers' },
  { name: 'caCert', method: 'GET', path: '/ca.crt', transport: 'http', access: 'anyone', body: 'none', deadline: 'local', example: '/ca.crt', why: 'the local CA, for phones to trust (404 with an owner\'s certificate)' },
  { name: 'phoneInfo', method: 'GET', path: '/phone.json', transport: 'http', access: 'anyone', body: 'none', deadline: 'local', example: '/phone.json', why: 'LAN URLs and the CA fingerprint for the "Add a phone" page' },
  { name: 'login', method: 'POST', path: '/auth/login', transport: 'http', access: 'anyone', body: 'json', maxBody: 4096, shape: '{"token": "..."}', deadline: 'local', example: '/auth/login', why: 'a token for a session cookie (failures throttled per client)' },

  // Session
  { name: 'session', method: 'GET', path: '/auth/session', transport: 'http', access: 'viewer', body: 'none', deadline: 'local', example: '/auth/session', why: 'who is logged in' },
  { name: 'ticket', method: 'POST', path: '/auth/ticket', transport: 'http', access: 'viewer', body: 'none', deadline: 'local', example: '/auth/ticket', why: 'a single-use ticket for one WebSocket' },
  { name: 'logout', method: 'POST', path: '/auth/logout', transport: 'http', access: 'viewer', body: 'none', deadline: 'local', example: '/auth/logout', why: 'ends the session and its streams and consoles' },

  // Proxy state the PWA reads
  { name: 'engines', method: 'GET', path: '/api/engines', transport: 'http', access: 'viewer', body: 'none', deadline: 'engine', example: '/api/engines', why: 'the engines, whether each answers, the bind rules' },
  { name: 'staticShells', method: 'GET', path: '/api/static-shells', transport: 'http', access: 'viewer', body: 'none', deadline: 'local', example: '/api/static-shells', why: 'which static shells the proxy can copy into containers' },
  { name: 'staticShell', method: 'GET', path: '/api/static-shells/[^/]+', transport: 'http', access: 'admin', body: 'none', deadline: 'local', needs: 'copying a shell into a container needs the admin role', example: '/api/static-shells/amd64', why: 'a static shell binary, for a container without one' },
  { name: 'registries', method: 'GET', path: '/api/registries', transport: 'http', access: 'viewer', body: 'none', deadline: 'local', example: '/api/registries', why: 'registries added, without their passwords' },
  { name: 'registryPut', method: 'PUT', path: '/api/registries/[^/]+', transport: 'http', access: 'admin', body: 'json', maxBody: 16 * 1024, shape: '{"username": "...", "password": "...", "insecure": false}', deadline: 'local', needs: 'registry credentials need the admin role', example: '/api/registries/registry.example:5000', why: 'store credentials (written, never read back)' },
  { name: 'registryDelete', method: 'DELETE', path: '/api/registries/[^/]+', transport: 'http', access: 'admin', body: 'none', deadline: 'local', needs: 'registry credentials need the admin role', example: '/api/registries/registry.example:5000', why: 'forget a registry' },
  { name: 'relay', method: 'GET', path: '/api/relay', transport: 'http', access: 'viewer', body: 'none', deadline: 'registry', example: '/api/relay?url=https://ghcr.io/v2/', why: 'registry reads the browser cannot make (no CORS); relay.ts judges every hop' },
  { name: 'relay', method: 'HEAD', path: '/api/relay', transport: 'http', access: 'viewer', body: 'none', deadline: 'registry', example: '/api/relay?url=https://ghcr.io/v2/', why: 'the same, headers only' },

  // Engines
  { name: 'consolePreflight', method: 'GET', path: CONSOLE_PATH, transport: 'http', access: 'viewer', body: 'none', deadline: 'engine', example: '/api/engines/local/containers/web/exec', why: 'why a console would be refused (a browser cannot read a refused upgrade)' },
  { name: 'engineApi', method: 'ANY', path: '/api/engines/[^/]+/.*', transport: 'http', access: 'viewer', body: 'engine', deadline: 'engine', example: '/api/engines/local/v1.41/containers/json', why: 'the Engine API, each call judged by its row in the table below' },
  { name: 'console', method: 'GET', path: CONSOLE_PATH, transport: 'websocket', access: 'admin', body: 'none', deadline: 'stream', needs: 'consoles need the admin role', example: '/api/engines/local/containers/web/exec?ticket=T&cmd=["sh"]&tty=1', why: 'the console: exec or attach bridged to a WebSocket (bridge.ts)' },
  { name: 'cliStream', method: 'POST', path: '/api/engines/[^/]+/.+', transport: 'hijack', access: 'viewer', body: 'engine', deadline: 'stream', example: '/api/engines/local/v1.41/exec/abc/start', why: 'the docker CLI\'s attach and exec streams (Upgrade: tcp), judged by the Engine API rows (cliStreams.ts)' },
  { name: 'buildkit', method: 'POST', path: '/(session|grpc)', transport: 'hijack', access: 'anyone', body: 'none', deadline: 'local', example: '/session', why: 'BuildKit dials these at the root: always refused, naming BuildKit' },

  // Catch-alls
  { name: 'notARoute', method: 'ANY', path: '/api/.*', transport: 'http', access: 'viewer', body: 'none', deadline: 'local', fallback: true, example: '/api/nothing', why: 'no such API route (404 only after login)' },
  { name: 'notAWebSocket', method: 'GET', path: '/api/.*', transport: 'websocket', access: 'viewer', body: 'none', deadline: 'local', fallback: true, example: '/api/engines/local/v1.41/containers/json', why: 'no other WebSocket routes (404 only after login)' },
  { name: 'staticFile', method: 'GET', path: '/.*', transport: 'http', access: 'anyone', body: 'none', deadline: 'local', fallback: true, example: '/index.html', why: 'the PWA\'s files (no engine data); paths never leave the web root' },
  { name: 'staticFile', method: 'HEAD', path: '/.*', transport: 'http', access: 'anyone', body: 'none', deadline: 'local', fallback: true, example: '/index.html', why: 'the same, headers only' },
];

type CompiledRoute = Route & { re: RegExp };

const COMPILED: readonly CompiledRoute[] = ROUTES.map((r) => ({ ...r, re: new RegExp(`^${r.path}$`) }));

export const RANK: Record<Access, number> = { anyone: 0, viewer: 1, admin: 2 };

export type RouteMatch =
  | { route: Route }
  /** The path is served, not with this method: refuse after the caller passes `access` (the least of its rows). */
  | { route: null; allowed: string[]; access: Access };

/** `GET, HEAD` → "only GET and HEAD". */
export function methodList(methods: readonly string[]): string {
  return methods.length < 2 ? `only ${methods.join('')}` : `only ${methods.slice(0, -1).join(', ')} and ${methods.at(-1)}`;
}

/**
 * The row for a request: the first whose path and method match, narrow rows above broad ones; catch-alls
 * only when no other row has the path. Null when no row of this transport has the path at all.
 */
export function matchRoute(method: string, path: string, transport: Transport): RouteMatch | null {
  const rows = COMPILED.filter((r) => r.transport === transport && r.re.test(path));
  const specific = rows.filter((r) => !r.fallback);
  const candidates = specific.length ? specific : rows;
  if (!candidates.length) return null;
  const route = candidates.find((r) => r.method === method || r.method === 'ANY');
  if (route) return { route };
  const least = candidates.reduce((a, r) => (RANK[r.access] < RANK[a] ? r.access : a), 'admin' as Access);
  return { route: null, allowed: [...new Set(candidates.map((r) => r.method))], access: least };
}
