// Every setting of the proxy, with its default. Defaults are closed: nothing is allowed that the owner
// did not ask for (no bind mounts, no unsafe bodies).
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs as nodeParseArgs } from 'node:util';
import type { FixedToken } from './auth.ts';
import { canonicalAddress } from './clientAddress.ts';

export interface EngineSpec {
  name: string;
  url: string;
}

export interface Config {
  /** --listen HOST:PORT. Default 0.0.0.0:9443 so phones on the LAN can reach it. */
  listenHost: string;
  listenPort: number;
  /** --engine NAME=URL (repeatable). Default: `local` from DOCKER_HOST or the standard socket. */
  engines: EngineSpec[];
  /** --state-dir DIR. Default $XDG_STATE_HOME/porthole or ~/.local/state/porthole. Holds token hashes, TLS files. */
  stateDir: string;
  /** --tls-cert/--tls-key: use these instead of the generated local CA and server certificate. */
  tlsCert: string | null;
  tlsKey: string | null;
  /** --allow-bind DIR (repeatable): bind mounts are allowed only below these directories. Default none. */
  allowBinds: string[];
  /** --allow-host NAME (repeatable): extra Host header names to serve (a reverse proxy's name, say). */
  allowHosts: string[];
  /** --allow-origin ORIGIN (repeatable): another origin whose pages may call the API (the Vite dev server). */
  allowOrigins: string[];
  /** --static-shell PATH (repeatable): static shell binaries (one per architecture) the browser may copy into
   *  containers that have no shell. Default: /bin/busybox when it is static (Debian's busybox-static). */
  staticShells: string[];
  /** --unsafe-allow-all: lift the request body rules (privileged, host namespaces, binds...). */
  unsafeAllowAll: boolean;
  /** --viewer-token TOKEN, or PORTHOLE_VIEWER_TOKEN: a read-only token. Generated at first start if absent. */
  viewerToken: string | null;
  /** PORTHOLE_TOKEN: the admin token. Generated at first start if absent (only its hash is stored). */
  adminToken: string | null;
  /** Where adminToken and viewerToken came from (rotate-token refuses to replace those). */
  tokenSources: { admin?: string; viewer?: string };
  /** --session-hours N: how long a browser session lasts. Default 12. */
  sessionTtlMs: number;
  /** --web-root DIR: the built PWA. Default dist/web of this checkout. */
  webRoot: string;
  /** --max-json-body BYTES: JSON request bodies above this are refused with 413. Default 1 MiB. */
  maxJsonBody: number;
  /** --trusted-proxy ADDR (repeatable): reverse proxies whose X-Forwarded-For / Forwarded name the client.
   *  Without it those headers are ignored (anyone could write them). */
  trustedProxies: string[];
  /** Deadlines and caps on connections; not options, tests shorten them. */
  limits: ConnectionLimits;
  /** Subcommand: `rotate-token admin|viewer` prints a new token and exits; running proxies pick it up. */
  rotate: 'admin' | 'viewer' | null;
  /** Subcommands `install-service [--user NAME]` and `uninstall-service`: the systemd unit (proxy/src/service.ts). */
  service: 'install' | 'uninstall' | null;
  serviceUser: string | null;
  /** --help: print the flags and exit. */
  help: boolean;
}

export interface ConnectionLimits {
  /** Headers, and the body of a request not yet authenticated, must arrive within this. */
  unauthenticatedMs: number;
  /** An authenticated upload (build context, archive, image load) is cut after this long without progress. */
  uploadIdleMs: number;
  /** Open connections per client address, and in all. */
  perClient: number;
  total: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = { unauthenticatedMs: 10_000, uploadIdleMs: 120_000, perClient: 128, total: 4096 };

export class ConfigError extends Error {}

const projectRoot = resolve(import.meta.dirname, '..', '..');

export function defaultStateDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'porthole');
}

export function defaultEngineUrl(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new ConfigError(`--listen ${value}: expected HOST:PORT, e.g. 0.0.0.0:9443`);
  return { host: m[1] ?? m[2] ?? '', port };
}

const ENGINE_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

interface Flag {
  /** What the value is, in the help text; absent for switches. */
  value?: string;
  help: string;
  set(config: Config, value: string): void;
}

/** Every flag, its help text, and what it sets (checked as it is read). */
const FLAGS: Record<string, Flag> = {
  listen: {
    value: 'HOST:PORT',
    help: 'where to listen (default 0.0.0.0:9443, so phones on the LAN can reach it)',
    set: (c, v) => {
      const { host, port } = parseListen(v);
      c.listenHost = host || '0.0.0.0';
      c.listenPort = port;
    },
  },
  engine: {
    value: 'NAME=URL',
    help: 'an engine to serve (repeatable): unix:///path, tcp://host:port, tcp+tls://host:port?certs=DIR. Default: local, from DOCKER_HOST or /var/run/docker.sock',
    set: (c, v) => {
      const eq = v.indexOf('=');
      const name = v.slice(0, eq);
      if (eq < 1 || !ENGINE_NAME.test(name)) throw new ConfigError(`--engine ${v}: expected NAME=URL with NAME of lowercase letters, digits, - or _`);
      if (c.engines.some((e) => e.name === name)) throw new ConfigError(`--engine ${name} given twice`);
      c.engines.push({ name, url: v.slice(eq + 1) });
    },
  },
  'state-dir': { value: 'DIR', help: 'token hashes, TLS files, registries (default $XDG_STATE_HOME/porthole or ~/.local/state/porthole)', set: (c, v) => void (c.stateDir = resolve(v)) },
  'tls-cert': { value: 'FILE', help: 'your own certificate instead of the local CA (with --tls-key)', set: (c, v) => void (c.tlsCert = resolve(v)) },
  'tls-key': { value: 'FILE', help: 'the key of --tls-cert', set: (c, v) => void (c.tlsKey = resolve(v)) },
  'allow-bind': { value: 'DIR', help: 'allow bind mounts below DIR (repeatable; default none)', set: (c, v) => void c.allowBinds.push(resolve(v)) },
  'allow-host': { value: 'NAME', help: "another Host name to serve, such as a reverse proxy's (repeatable)", set: (c, v) => void c.allowHosts.push(v.toLowerCase()) },
  'allow-origin': {
    value: 'ORIGIN',
    help: 'another origin whose pages may call the API, such as the Vite dev server (repeatable)',
    set: (c, v) => {
      if (!/^https?:\/\/[^/]+$/.test(v)) throw new ConfigError(`--allow-origin ${v}: expected scheme://host[:port]`);
      c.allowOrigins.push(v);
    },
  },
  'trusted-proxy': {
    value: 'ADDR',
    help: 'a reverse proxy whose X-Forwarded-For / Forwarded name the client (repeatable)',
    set: (c, v) => {
      if (!isIP(v.replace(/^\[|\]$/g, ''))) throw new ConfigError(`--trusted-proxy ${v}: expected the reverse proxy's IP address`);
      c.trustedProxies.push(canonicalAddress(v));
    },
  },
  'static-shell': { value: 'PATH', help: 'a static shell the browser may copy into containers without one (repeatable; default /bin/busybox when static)', set: (c, v) => void c.staticShells.push(resolve(v)) },
  'unsafe-allow-all': { help: 'lift the request body rules (privileged, host namespaces, binds...): root on the host for the admin token', set: (c) => void (c.unsafeAllowAll = true) },
  'viewer-token': {
    value: 'TOKEN',
    help: 'a fixed read-only token (or PORTHOLE_VIEWER_TOKEN); default: made at first start',
    set: (c, v) => {
      c.viewerToken = v;
      c.tokenSources.viewer = '--viewer-token';
    },
  },
  'web-root': { value: 'DIR', help: 'the built PWA (default dist/web of this checkout)', set: (c, v) => void (c.webRoot = resolve(v)) },
  'session-hours': {
    value: 'N',
    help: 'how long a browser session lasts (default 12)',
    set: (c, v) => {
      const h = Number(v);
      if (!(h > 0 && h <= 24 * 30)) throw new ConfigError('--session-hours must be between 0 and 720');
      c.sessionTtlMs = h * 3600_000;
    },
  },
  'max-json-body': {
    value: 'BYTES',
    help: 'JSON request bodies above this are refused with 413 (default 1 MiB)',
    set: (c, v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1024) throw new ConfigError('--max-json-body must be a whole number of bytes ≥ 1024');
      c.maxJsonBody = n;
    },
  },
  user: { value: 'NAME', help: 'with install-service: the user the service runs as', set: (c, v) => void (c.serviceUser = v) },
  help: { help: 'print this help', set: (c) => void (c.help = true) },
};

const SUBCOMMANDS = [
  ['rotate-token admin|viewer', "print a new token for the role and end the old one's sessions (running proxies pick it up)"],
  ['install-service [--user NAME]', 'install and start the systemd unit'],
  ['uninstall-service', 'stop and remove the systemd unit'],
] as const;

/** The --help text: every flag and subcommand with what it does. */
export function usage(): string {
  const rows: [string, string][] = [
    ...SUBCOMMANDS.map(([name, help]): [string, string] => [name, help]),
    ...Object.entries(FLAGS).map(([name, f]): [string, string] => [`--${name}${f.value ? ` ${f.value}` : ''}`, f.help]),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return ['usage: porthole [subcommand] [options]', '', ...rows.map(([name, help]) => `  ${name.padEnd(width)}  ${help}`), '', 'Environment: PORTHOLE_TOKEN (the admin token), PORTHOLE_VIEWER_TOKEN, DOCKER_HOST. See README.md and docs/security.md.'].join('\n');
}

const unknown = (arg: string) => new ConfigError(`unknown argument ${arg}; see docs/security.md and README.md for the options`);

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Config {
  const config: Config = {
    listenHost: '0.0.0.0',
    listenPort: 9443,
    engines: [],
    stateDir: defaultStateDir(env),
    tlsCert: null,
    tlsKey: null,
    allowBinds: [],
    allowHosts: [],
    allowOrigins: [],
    staticShells: [],
    unsafeAllowAll: false,
    viewerToken: env.PORTHOLE_VIEWER_TOKEN || null,
    adminToken: env.PORTHOLE_TOKEN || null,
    tokenSources: {
      ...(env.PORTHOLE_TOKEN ? { admin: 'PORTHOLE_TOKEN' } : {}),
      ...(env.PORTHOLE_VIEWER_TOKEN ? { viewer: 'PORTHOLE_VIEWER_TOKEN' } : {}),
    },
    sessionTtlMs: 12 * 3600_000,
    webRoot: join(projectRoot, 'dist', 'web'),
    maxJsonBody: 1024 * 1024,
    trustedProxies: [],
    limits: { ...DEFAULT_LIMITS },
    rotate: null,
    service: null,
    serviceUser: null,
    help: false,
  };
  // node:util splits the words (--flag value, --flag=value, subcommands); the checks and messages are ours.
  const options = Object.fromEntries(Object.entries(FLAGS).map(([name, f]) => [name, { type: f.value ? ('string' as const) : ('boolean' as const) }]));
  const { tokens } = nodeParseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'option-terminator') throw unknown('--');
    if (t.kind === 'positional') {
      if (t.value === 'install-service') config.service = 'install';
      else if (t.value === 'uninstall-service') config.service = 'uninstall';
      else if (t.value === 'rotate-token') {
        const role = tokens[i + 1];
        if (role?.kind !== 'positional' || (role.value !== 'admin' && role.value !== 'viewer')) throw new ConfigError('rotate-token needs a role: admin or viewer');
        config.rotate = role.value;
        i++;
      } else throw unknown(t.value);
      continue;
    }
    const flag = FLAGS[t.name];
    if (!flag || t.rawName !== `--${t.name}` || (!flag.value && t.value !== undefined)) throw unknown(argv[t.index]!);
    // A value that is the next flag means this one's value is missing.
    if (flag.value && (t.value === undefined || (!t.inlineValue && t.value.startsWith('--')))) throw new ConfigError(`--${t.name} needs a value`);
    flag.set(config, t.value ?? '');
  }
  if (config.serviceUser !== null && config.service !== 'install') throw new ConfigError('--user goes with install-service');
  if (config.service === 'install' && argv.includes('--state-dir')) {
    throw new ConfigError('install-service: the service keeps its state in /var/lib/porthole (systemd\'s StateDirectory); leave out --state-dir');
  }
  if (!config.engines.length) config.engines.push({ name: 'local', url: defaultEngineUrl(env) });
  if ((config.tlsCert === null) !== (config.tlsKey === null)) {
    throw new ConfigError('--tls-cert and --tls-key go together');
  }
  return config;
}

/** The tokens the environment or flags fix, with where each comes from. */
export function fixedTokens(config: Config): { admin: FixedToken | null; viewer: FixedToken | null } {
  const fixed = (token: string | null, from: string | undefined): FixedToken | null => (token ? { token, from: from ?? 'the command line' } : null);
  return { admin: fixed(config.adminToken, config.tokenSources.admin), viewer: fixed(config.viewerToken, config.tokenSources.viewer) };
}
