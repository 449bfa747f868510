import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { NODE_ENV, NODE_FLAGS, serviceArgs, serviceUnit, unitWord, type UnitInput } from './serviceUnit.ts';

const input: UnitInput = {
  user: 'alice',
  node: '/usr/bin/node',
  main: '/srv/porthole/dist/proxy/main.js',
  root: '/srv/porthole',
  args: ['--listen', '0.0.0.0:9443', '--allow-bind', '/srv/data'],
  port: 9443,
  readPaths: ['/usr/bin/node', '/srv/porthole', '/srv/data'],
};

const lines = (unit: string): string[] => unit.split('\n');

describe('serviceUnit', () => {
  test('runs the built proxy with node directly, as the user, with its state in StateDirectory', () => {
    const unit = lines(serviceUnit(input));
    expect(unit).toContain('ExecStart=/usr/bin/node --max-semi-space-size=1 /srv/porthole/dist/proxy/main.js --state-dir /var/lib/porthole --listen 0.0.0.0:9443 --allow-bind /srv/data');
    expect(unit).toContain('Environment=MALLOC_ARENA_MAX=2');
    expect(unit).toContain('Environment=MALLOC_MMAP_THRESHOLD_=32768');
    expect(unit).toContain('User=alice');
    expect(unit).toContain('StateDirectory=porthole');
    expect(unit).toContain('WorkingDirectory=/srv/porthole');
    expect(unit).toContain('Restart=on-failure');
    expect(unit).toContain('WantedBy=multi-user.target');
  });

  test('sandboxed: no new privileges, read-only system, hidden homes, private /tmp, only the socket families it uses', () => {
    const unit = lines(serviceUnit(input));
    for (const l of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'ProtectKernelTunables=yes',
      'ProtectKernelModules=yes', 'ProtectControlGroups=yes', 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK', 'CapabilityBoundingSet=']) {
      expect(unit).toContain(l);
    }
    expect(unit.some((l) => l.startsWith('MemoryDenyWriteExecute'))).toBe(false);
  });

  test('homes are read-only, not hidden, when node or the checkout lives in one', () => {
    expect(lines(serviceUnit({ ...input, readPaths: ['/root/.nvm/versions/node/v24.1.0/bin/node'] }))).toContain('ProtectHome=read-only');
    expect(lines(serviceUnit({ ...input, readPaths: ['/home/alice/porthole'] }))).toContain('ProtectHome=read-only');
  });

  test('a port below 1024 gets CAP_NET_BIND_SERVICE and nothing more', () => {
    const unit = lines(serviceUnit({ ...input, port: 443 }));
    expect(unit).toContain('AmbientCapabilities=CAP_NET_BIND_SERVICE');
    expect(unit).toContain('CapabilityBoundingSet=CAP_NET_BIND_SERVICE');
  });

  test('words with spaces, % and $ reach the proxy as given', () => {
    expect(unitWord('/srv/my data')).toBe('"/srv/my data"');
    expect(unitWord('50%')).toBe('50%%');
    expect(unitWord('$HOME')).toBe('$$HOME');
    expect(unitWord('a"b')).toBe('"a\\"b"');
  });
});

describe('serviceArgs', () => {
  test('passes on the proxy options, without the subcommand and --user', () => {
    expect(serviceArgs(['install-service', '--user', 'bob', '--listen', '0.0.0.0:8443'])).toEqual({ user: 'bob', args: ['--listen', '0.0.0.0:8443'] });
    expect(serviceArgs(['--engine', 'x=unix:///s', 'install-service'])).toEqual({ user: null, args: ['--engine', 'x=unix:///s'] });
  });
});

test('npm start runs node with the same flags and environment as the service', () => {
  const start = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
  for (const [k, v] of Object.entries(NODE_ENV)) expect(start).toContain(`${k}=${v} `);
  for (const flag of NODE_FLAGS) expect(start).toContain(` ${flag} `);
});
