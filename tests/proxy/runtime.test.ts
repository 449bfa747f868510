// The built proxy as `npm start` and the service run it: the start banner (every LAN URL, a QR code that
// scans to the first) and the systemd unit install-service writes, checked by systemd-analyze.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { lanUrls } from '../../proxy/src/lan.ts';
import { serviceUnit } from '../../proxy/src/serviceUnit.ts';
import { builtProxy } from '../support/built.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
const tempDir = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function getStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https.get(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

/** Reads the banner's QR code (light ink, no ANSI: stdout is a pipe) as a camera would. */
function scanBanner(lines: string[]): string | null {
  const rows = lines.map((l) => l.slice(4));
  const scale = 4;
  const pad = 8 * scale;
  const width = rows[0]!.length * scale + 2 * pad;
  const height = rows.length * 2 * scale + 2 * pad;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(0);
  rows.forEach((line, row) => [...line].forEach((ch, col) => {
    [ch === '█' || ch === '▀', ch === '█' || ch === '▄'].forEach((light, h) => {
      if (!light) return;
      for (let y = 0; y < scale; y++) for (let x = 0; x < scale; x++) {
        const i = (((row * 2 + h) * scale + y + pad) * width + col * scale + x + pad) * 4;
        rgba[i] = rgba[i + 1] = rgba[i + 2] = 255;
      }
    });
  }));
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  return jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

describe('start banner', () => {
  test('lists a URL for every LAN address, each serves, and the QR code scans to the first', async () => {
    const env = inject('testEnv');
    const dir = tempDir('porthole-banner-');
    const child = spawn(process.execPath, [builtProxy(), '--listen', '0.0.0.0:0', '--engine', `local=unix://${env.engineSocket}`, '--state-dir', dir], {
      cwd: ROOT,
      env: { ...process.env, PORTHOLE_TOKEN: 'banner-token-0123456789' },
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (/Policy: \d+ rows/.test(out)) resolve();
        });
        child.on('exit', (code) => reject(new Error(`proxy exited ${code}: ${out}`)));
      });
      const port = Number(/listening on https:\/\/localhost:(\d+)\//.exec(out)?.[1]);
      const expected = lanUrls(networkInterfaces(), '0.0.0.0', port).map((u) => u.url);
      expect(expected.length).toBeGreaterThan(0); // the test host has a LAN address (192.0.2.2 here)
      const listed = [...out.matchAll(/^ {4}(https:\/\/\S+)\s+\(\S+\)$/gm)].map((m) => m[1]);
      expect(listed).toEqual(expected);
      expect(listed.some((u) => u!.includes('127.0.0.1') || u!.includes('localhost'))).toBe(false);
      for (const url of expected) expect(await getStatus(`${url}healthz`)).toBe(200);

      const qr = out.split('\n').filter((l) => /^ {4}[█▀▄ ]{20,}$/.test(l));
      expect(scanBanner(qr)).toBe(expected[0]);
      expect(out).toContain(`${expected[0]}ca.crt`);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('service', () => {
  test('the unit install-service writes passes systemd-analyze verify', () => {
    const dir = tempDir('porthole-unit-');
    const file = join(dir, 'porthole.service');
    for (const variant of [{ port: 9443, readPaths: [ROOT] }, { port: 443, readPaths: ['/home/alice/porthole'] }]) {
      writeFileSync(file, serviceUnit({
        user: 'root',
        node: process.execPath,
        main: builtProxy(),
        root: ROOT,
        args: ['--listen', `0.0.0.0:${variant.port}`, '--allow-bind', '/srv/my data'],
        ...variant,
      }));
      const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      expect(r.error).toBeUndefined();
      // verify only warns (exit 0) about lines it cannot parse: none may mention the unit.
      expect(r.stderr.split('\n').filter((l) => l.includes('porthole.service'))).toEqual([]);
      expect(r.status).toBe(0);
    }
  });

  test('install-service writes the unit and the first tokens (in a private mount namespace: the host keeps its /etc and /var/lib)', () => {
    const env = inject('testEnv');
    // tmpfs over the unit folder and /var/lib, seen by this one command only; systemd is not PID 1 here, so the
    // service is enabled for the next boot, not started.
    const script = [
      'set -e',
      'mount -t tmpfs tmpfs /etc/systemd/system',
      'mount -t tmpfs tmpfs /var/lib',
      `"${process.execPath}" "${builtProxy()}" install-service --user root --engine local=unix://${env.engineSocket} --listen 0.0.0.0:9443`,
      'echo "--- unit"', 'cat /etc/systemd/system/porthole.service',
      'echo "--- verify"', 'systemd-analyze verify /etc/systemd/system/porthole.service 2>&1 || true',
      'echo "--- state"', 'stat -c "%a %U" /var/lib/porthole /var/lib/porthole/tokens.json',
    ].join('\n');
    const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/porthole:/);
    expect(r.status).toBe(0);
    const [install, unit, verify, state] = r.stdout.split(/^--- \w+$/m);
    expect(install).toMatch(/Admin token \(shown once, only its hash is kept\):\s+\S{20,}/);
    expect(install).toContain('Viewer token');
    expect(unit).toContain(`ExecStart=${process.execPath} --max-semi-space-size=1 ${builtProxy()} --state-dir /var/lib/porthole --engine local=unix://${env.engineSocket} --listen 0.0.0.0:9443`);
    expect(unit).toContain('User=root');
    expect(verify!.split('\n').filter((l) => l.includes('porthole.service'))).toEqual([]);
    expect(state!.trim().split('\n')).toEqual(['700 root', '600 root']);
  });

  test('install-service refuses --state-dir, and --user goes with it only', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [builtProxy(), ...args], { encoding: 'utf8' });
    const a = run(['install-service', '--state-dir', '/tmp/x']);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('/var/lib/porthole');
    const b = run(['--user', 'nobody']);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('--user goes with install-service');
  });
});
