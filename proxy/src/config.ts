// Every setting of the proxy, with its default. Defaults are closed: nothing is allowed that the owner
// did not ask for (no bind mounts, no unsafe bodies).
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
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
  };
  const args = [...argv];
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined || v.startsWith('--')) throw new ConfigError(`${flag} needs a value`);
    return v;
  };
  while (args.length) {
    const arg = args.shift()!;
    switch (arg) {
      case '--listen': {
        const { host, port } = parseListen(value(arg));
        config.listenHost = host || '0.0.0.0';
        config.listenPort = port;
        break;
      }
      case '--engine': {
        const v = value(arg);
        const eq = v.indexOf('=');
        const name = v.slice(0, eq);
        if (eq < 1 || !ENGINE_NAME.test(name)) {
          throw new ConfigError(`--engine ${v}: expected NAME=URL with NAME of lowercase letters, digits, - or _`);
        }
        if (config.engines.some((e) => e.name === name)) throw new ConfigError(`--engine ${name} given twice`);
        config.engines.push({ name, url: v.slice(eq + 1) });
        break;
      }
      case '--state-dir': config.stateDir = resolve(value(arg)); break;
      case '--tls-cert': config.tlsCert = resolve(value(arg)); break;
      case '--tls-key': config.tlsKey = resolve(value(arg)); break;
      case '--allow-bind': config.allowBinds.push(resolve(value(arg))); break;
      case '--allow-host': config.allowHosts.push(value(arg).toLowerCase()); break;
      case '--allow-origin': {
        const o = value(arg);
        if (!/^https?:\/\/[^/]+$/.test(o)) throw new ConfigError(`--allow-origin ${o}: expected scheme://host[:port]`);
        config.allowOrigins.push(o);
        break;
      }
      case '--trusted-proxy': {
        const a = value(arg);
        if (!isIP(a.replace(/^\[|\]$/g, ''))) throw new ConfigError(`--trusted-proxy ${a}: expected the reverse proxy's IP address`);
        config.trustedProxies.push(canonicalAddress(a));
        break;
      }
      case '--static-shell': config.staticShells.push(resolve(value(arg))); break;
      case '--unsafe-allow-all': config.unsafeAllowAll = true; break;
      case '--viewer-token':
        config.viewerToken = value(arg);
        config.tokenSources.viewer = '--viewer-token';
        break;
      case '--web-root': config.webRoot = resolve(value(arg)); break;
      case '--session-hours': {
        const h = Number(value(arg));
        if (!(h > 0 && h <= 24 * 30)) throw new ConfigError('--session-hours must be between 0 and 720');
        config.sessionTtlMs = h * 3600_000;
        break;
      }
      case '--max-json-body': {
        const n = Number(value(arg));
        if (!Number.isInteger(n) || n < 1024) throw new ConfigError('--max-json-body must be a whole number of bytes ≥ 1024');
        config.maxJsonBody = n;
        break;
      }
      case 'rotate-token': {
        const role = args.shift();
        if (role !== 'admin' && role !== 'viewer') throw new ConfigError('rotate-token needs a role: admin or viewer');
        config.rotate = role;
        break;
      }
      case 'install-service': config.service = 'install'; break;
      case 'uninstall-service': config.service = 'uninstall'; break;
      case '--user': config.serviceUser = value(arg); break;
      default:
        throw new ConfigError(`unknown argument ${arg}; see docs/security.md and README.md for the options`);
    }
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
