import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, DEFAULT_LIMITS, parseArgs, usage } from './config.ts';

const env = { HOME: '/home/owner' };
const parse = (...argv: string[]) => parseArgs(argv, env);

describe('parseArgs', () => {
  test('defaults are closed: no binds, no unsafe bodies, the local engine', () => {
    const c = parse();
    expect(c).toMatchObject({
      listenHost: '0.0.0.0',
      listenPort: 9443,
      engines: [{ name: 'local', url: 'unix:///var/run/docker.sock' }],
      stateDir: '/home/owner/.local/state/porthole',
      tlsCert: null,
      tlsKey: null,
      allowBinds: [],
      allowHosts: [],
      allowOrigins: [],
      staticShells: [],
      unsafeAllowAll: false,
      viewerToken: null,
      adminToken: null,
      tokenSources: {},
      sessionTtlMs: 12 * 3600_000,
      maxJsonBody: 1024 * 1024,
      trustedProxies: [],
      limits: DEFAULT_LIMITS,
      rotate: null,
      service: null,
      serviceUser: null,
      help: false,
    });
    expect(c.webRoot).toMatch(/dist\/web$/);
  });

  test('the environment: DOCKER_HOST, XDG_STATE_HOME and the tokens', () => {
    const c = parseArgs([], { DOCKER_HOST: 'tcp://10.0.0.2:2375', XDG_STATE_HOME: '/state', PORTHOLE_TOKEN: 'a'.repeat(20), PORTHOLE_VIEWER_TOKEN: 'v'.repeat(20) });
    expect(c.engines).toEqual([{ name: 'local', url: 'tcp://10.0.0.2:2375' }]);
    expect(c.stateDir).toBe('/state/porthole');
    expect(c.adminToken).toBe('a'.repeat(20));
    expect(c.tokenSources).toEqual({ admin: 'PORTHOLE_TOKEN', viewer: 'PORTHOLE_VIEWER_TOKEN' });
  });

  test('every flag', () => {
    const c = parse(
      '--listen', '[::1]:8443', '--engine', 'a=unix:///a.sock', '--engine', 'b-2=tcp://h:2376', '--state-dir', 'rel/state',
      '--tls-cert', 'c.pem', '--tls-key', 'k.pem', '--allow-bind', '/srv/data', '--allow-host', 'Box.LAN', '--allow-origin', 'http://localhost:5173',
      '--trusted-proxy', '::ffff:10.0.0.1', '--static-shell', '/opt/busybox', '--unsafe-allow-all', '--viewer-token', 'view-0123456789',
      '--web-root', 'web', '--session-hours', '0.5', '--max-json-body', '2048',
    );
    expect(c).toMatchObject({
      listenHost: '::1',
      listenPort: 8443,
      engines: [{ name: 'a', url: 'unix:///a.sock' }, { name: 'b-2', url: 'tcp://h:2376' }],
      stateDir: resolve('rel/state'),
      tlsCert: resolve('c.pem'),
      tlsKey: resolve('k.pem'),
      allowBinds: ['/srv/data'],
      allowHosts: ['box.lan'],
      allowOrigins: ['http://localhost:5173'],
      trustedProxies: ['10.0.0.1'],
      staticShells: ['/opt/busybox'],
      unsafeAllowAll: true,
      viewerToken: 'view-0123456789',
      tokenSources: { viewer: '--viewer-token' },
      webRoot: resolve('web'),
      sessionTtlMs: 1800_000,
      maxJsonBody: 2048,
    });
  });

  test('--listen with an empty host listens everywhere; --flag=value works too', () => {
    expect(parse('--listen', ':9000')).toMatchObject({ listenHost: '0.0.0.0', listenPort: 9000 });
    expect(parse('--listen=127.0.0.1:0')).toMatchObject({ listenHost: '127.0.0.1', listenPort: 0 });
  });

  test('subcommands', () => {
    expect(parse('rotate-token', 'viewer', '--state-dir', '/s')).toMatchObject({ rotate: 'viewer', stateDir: '/s' });
    expect(parse('install-service', '--user', 'porthole')).toMatchObject({ service: 'install', serviceUser: 'porthole' });
    expect(parse('uninstall-service').service).toBe('uninstall');
    expect(parse('--help').help).toBe(true);
  });

  test.each([
    [['--listen', 'nowhere'], '--listen nowhere: expected HOST:PORT, e.g. 0.0.0.0:9443'],
    [['--listen', '1.2.3.4:70000'], '--listen 1.2.3.4:70000: expected HOST:PORT, e.g. 0.0.0.0:9443'],
    [['--engine', 'Bad=unix:///x'], '--engine Bad=unix:///x: expected NAME=URL with NAME of lowercase letters, digits, - or _'],
    [['--engine', 'nourl'], '--engine nourl: expected NAME=URL with NAME of lowercase letters, digits, - or _'],
    [['--engine', 'a=x', '--engine', 'a=y'], '--engine a given twice'],
    [['--allow-origin', 'localhost:5173'], '--allow-origin localhost:5173: expected scheme://host[:port]'],
    [['--trusted-proxy', 'proxy.lan'], "--trusted-proxy proxy.lan: expected the reverse proxy's IP address"],
    [['--session-hours', '0'], '--session-hours must be between 0 and 720'],
    [['--session-hours', '721'], '--session-hours must be between 0 and 720'],
    [['--max-json-body', '100'], '--max-json-body must be a whole number of bytes ≥ 1024'],
    [['--max-json-body', '2048.5'], '--max-json-body must be a whole number of bytes ≥ 1024'],
    [['rotate-token'], 'rotate-token needs a role: admin or viewer'],
    [['rotate-token', 'root'], 'rotate-token needs a role: admin or viewer'],
    [['--user', 'bob'], '--user goes with install-service'],
    [['install-service', '--state-dir', '/s'], "install-service: the service keeps its state in /var/lib/porthole (systemd's StateDirectory); leave out --state-dir"],
    [['--tls-cert', 'c.pem'], '--tls-cert and --tls-key go together'],
    [['--state-dir'], '--state-dir needs a value'],
    [['--engine', '--listen', '1:2'], '--engine needs a value'],
    [['--bogus'], 'unknown argument --bogus; see docs/security.md and README.md for the options'],
    [['--bogus=1'], 'unknown argument --bogus=1; see docs/security.md and README.md for the options'],
    [['-l'], 'unknown argument -l; see docs/security.md and README.md for the options'],
    [['start'], 'unknown argument start; see docs/security.md and README.md for the options'],
    [['--unsafe-allow-all=yes'], 'unknown argument --unsafe-allow-all=yes; see docs/security.md and README.md for the options'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parse(...argv)).toThrow(new ConfigError(message));
  });

  test('--help lists every flag with what it does', () => {
    const text = usage();
    for (const flag of ['--listen', '--engine', '--state-dir', '--tls-cert', '--tls-key', '--allow-bind', '--allow-host', '--allow-origin', '--trusted-proxy', '--static-shell', '--unsafe-allow-all', '--viewer-token', '--web-root', '--session-hours', '--max-json-body', '--user', 'rotate-token', 'install-service', 'uninstall-service']) {
      expect(text).toContain(flag);
    }
  });
});
