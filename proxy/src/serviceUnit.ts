// The systemd unit that runs Porthole at boot: a pure function of where node, the built proxy and the
// checkout are, who runs it and the proxy options given. Sandboxed as far as a socket proxy allows.

export const SERVICE_NAME = 'porthole';
/** What systemd's StateDirectory=porthole becomes for a system service (%S/porthole). */
export const SERVICE_STATE_DIR = '/var/lib/porthole';

export interface UnitInput {
  /** The account the proxy runs as: one that may use the engine socket (root or in its group). */
  user: string;
  /** Absolute path of the node binary (the one that ran the installer). */
  node: string;
  /** Absolute path of dist/proxy/main.js. */
  main: string;
  /** The checkout (working directory; dist/web is served from it). */
  root: string;
  /** Proxy options to pass on (--listen, --engine, --allow-bind...), without --state-dir. */
  args: string[];
  /** The port it listens on: below 1024 it needs CAP_NET_BIND_SERVICE. */
  port: number;
  /** Paths the proxy reads that may live in a home directory (node, the checkout, --allow-bind dirs). */
  readPaths: string[];
}

/**
 * How the proxy's node runs, as `npm start` (package.json) and the service run it; the benchmark's child too.
 * A 1 MiB young generation and two malloc arenas keep the RSS under load about 10-20 MiB lower; blocks of 32 KiB
 * and more (each connection's 64 KiB TLS read buffer, socket reads) mapped on their own go back to the system
 * when freed, where glibc kept them in its heap: 20 MiB less after 200 clients (docs/benchmarks.md, "Memory").
 */
export const NODE_FLAGS: string[] = ['--max-semi-space-size=1'];
export const NODE_ENV: Record<string, string> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '32768' };

const HOME_DIRS = /^\/(home|root|run\/user)(\/|$)/;

/** One ExecStart word: specifiers (%) and variables ($) taken literally, quoted when it holds spaces or quotes. */
export function unitWord(word: string): string {
  const escaped = word.replaceAll('%', '%%').replaceAll('$', '$$$$');
  return /[\s"'\\;]/.test(escaped) || escaped === '' ? `"${escaped.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : escaped;
}

export function serviceUnit(u: UnitInput): string {
  const exec = [u.node, ...NODE_FLAGS, u.main, '--state-dir', SERVICE_STATE_DIR, ...u.args].map(unitWord).join(' ');
  // Home directories stay hidden unless the proxy must read something there (node from nvm, a checkout in ~).
  const protectHome = u.readPaths.some((p) => HOME_DIRS.test(p)) ? 'read-only' : 'yes';
  const lowPort = u.port > 0 && u.port < 1024;
  return [
    '# Written by `npm start -- install-service`; `npm start -- uninstall-service` removes it.',
    '[Unit]',
    'Description=Porthole: Docker dashboard and authenticated engine proxy',
    `Documentation=file://${u.root.replaceAll('%', '%%')}/README.md`,
    'Wants=network-online.target',
    'After=network-online.target docker.service',
    '',
    '[Service]',
    'Type=exec',
    `User=${u.user}`,
    `WorkingDirectory=${u.root.replaceAll('%', '%%')}`,
    `ExecStart=${exec}`,
    ...Object.entries(NODE_ENV).map(([k, v]) => `Environment=${k}=${v}`),
    // Tokens, TLS files and registry credentials: /var/lib/porthole, owned by the user, owner-only.
    `StateDirectory=${SERVICE_NAME}`,
    'StateDirectoryMode=0700',
    'UMask=0077',
    'Restart=on-failure',
    'RestartSec=2s',
    // Output goes to the journal: journalctl -u porthole.
    'StandardOutput=journal',
    'StandardError=journal',
    `SyslogIdentifier=${SERVICE_NAME}`,
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    `ProtectHome=${protectHome}`,
    'PrivateTmp=yes',
    'PrivateDevices=yes',
    'ProtectKernelTunables=yes',
    'ProtectKernelModules=yes',
    'ProtectKernelLogs=yes',
    'ProtectControlGroups=yes',
    'ProtectClock=yes',
    'ProtectHostname=yes',
    'ProtectProc=invisible',
    // AF_NETLINK: node lists the host's addresses (certificate names, the phone URLs) over netlink.
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK',
    'RestrictNamespaces=yes',
    'RestrictRealtime=yes',
    'RestrictSUIDSGID=yes',
    'LockPersonality=yes',
    'SystemCallArchitectures=native',
    'SystemCallFilter=@system-service',
    'SystemCallErrorNumber=EPERM',
    // No MemoryDenyWriteExecute: V8's JIT writes code. No PrivateUsers: the docker group must stay mapped.
    ...(lowPort
      ? ['CapabilityBoundingSet=CAP_NET_BIND_SERVICE', 'AmbientCapabilities=CAP_NET_BIND_SERVICE']
      : ['CapabilityBoundingSet=']),
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** The proxy options of an `install-service` command line, to pass on to the service: all but the subcommand and --user. */
export function serviceArgs(argv: string[]): { user: string | null; args: string[] } {
  const args: string[] = [];
  let user: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === 'install-service') continue;
    if (a === '--user') user = argv[++i] ?? null;
    else args.push(a);
  }
  return { user, args };
}
