#!/usr/bin/env node
// Makes sure the system tools the integration tests need are installed (Debian packages).
// Usage: node tests/tools/ensure-deps.mjs   (exit 0 when everything is there or got installed)
import { spawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const APT_PACKAGES = [
  'docker.io',
  'docker-registry',
  'busybox-static',
  'chromium',
  'iproute2',
  'util-linux',
  'mount',
  'apache2-utils',
  'systemd',
];

export const INSTALL_LINE = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}`;

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable named `name` in the given absolute paths or on PATH (plus the sbin dirs, which a non-root PATH lacks). */
function which(name, candidates = []) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const p of [...candidates, ...dirs.filter(Boolean).map((d) => join(d, name))]) if (isExecutable(p)) return p;
  return undefined;
}

/**
 * A dynamically linked /bin/busybox (Debian's `busybox` package) cannot run inside the fixture
 * images, which hold no libc: require an ELF without a PT_INTERP program header.
 */
function isStaticElf(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
    const h = Buffer.alloc(64);
    readSync(fd, h, 0, 64, 0);
    if (h.readUInt32BE(0) !== 0x7f454c46 || h[4] !== 2 || h[5] !== 1) return false; // ELF64 little-endian only
    const phoff = Number(h.readBigUInt64LE(32));
    const phentsize = h.readUInt16LE(54);
    const phnum = h.readUInt16LE(56);
    const ph = Buffer.alloc(phentsize * phnum);
    readSync(fd, ph, 0, ph.length, phoff);
    for (let i = 0; i < phnum; i++) if (ph.readUInt32LE(i * phentsize) === 3) return false; // PT_INTERP
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const CHECKS = [
  { what: 'dockerd', pkg: 'docker.io', ok: () => which('dockerd', ['/usr/sbin/dockerd']) !== undefined },
  { what: 'docker-registry', pkg: 'docker-registry', ok: () => which('docker-registry') !== undefined },
  { what: 'static /bin/busybox', pkg: 'busybox-static', ok: () => isStaticElf('/bin/busybox') },
  { what: '/usr/bin/chromium', pkg: 'chromium', ok: () => isExecutable('/usr/bin/chromium') },
  { what: 'nsenter', pkg: 'util-linux', ok: () => which('nsenter') !== undefined },
  { what: 'ip', pkg: 'iproute2', ok: () => which('ip') !== undefined },
  { what: 'umount', pkg: 'mount', ok: () => which('umount') !== undefined },
  { what: 'htpasswd', pkg: 'apache2-utils', ok: () => which('htpasswd') !== undefined },
  // The service's unit is checked with systemd-analyze verify (systemd need not run as PID 1).
  { what: 'systemd-analyze', pkg: 'systemd', ok: () => which('systemd-analyze') !== undefined },
];

/** Names of what is missing, e.g. ["dockerd (docker.io)"]; empty when all is there. */
export function missingDeps() {
  return CHECKS.filter((c) => !c.ok()).map((c) => `${c.what} (${c.pkg})`);
}

/** Installs what is missing when it can (root + apt-get); returns true when everything is there. */
export function ensureDeps({ log = (m) => process.stderr.write(m + '\n') } = {}) {
  let missing = missingDeps();
  if (missing.length === 0) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const aptGet = which('apt-get');
  if (!isRoot || !aptGet) {
    log(`Missing ${missing.join(', ')}: install them as root with: ${INSTALL_LINE}`);
    return false;
  }
  log(`[ensure-deps] missing ${missing.join(', ')}: installing with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync(aptGet, ['update'], { stdio: 'inherit', env });
  if (update.status !== 0) {
    log(`apt-get update failed (exit ${update.status}): check the network to the Debian mirror, then run: ${INSTALL_LINE}`);
    return false;
  }
  // Installing docker.io on a systemd machine may start the system docker service: harmless,
  // the tests run their own dockerd in their own network namespace and never touch it.
  const install = spawnSync(aptGet, ['install', '-y', '--no-install-recommends', ...APT_PACKAGES], { stdio: 'inherit', env });
  if (install.status !== 0) {
    log(`apt-get install failed (exit ${install.status}); fix the error above, then run: ${INSTALL_LINE}`);
    return false;
  }
  missing = missingDeps();
  if (missing.length > 0) {
    log(`Still missing after apt-get install: ${missing.join(', ')}; install them by hand with: ${INSTALL_LINE}`);
    return false;
  }
  log('[ensure-deps] all test dependencies installed');
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(ensureDeps() ? 0 : 1);
}
