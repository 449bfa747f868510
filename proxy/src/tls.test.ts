import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { caConstraints, ipSubtree, loadOrCreateTls } from './tls.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const stateDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'porthole-tls-'));
  dirs.push(d);
  return d;
};
const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** A certificate for `san` signed by the CA in `dir`, as anyone holding its key could make. */
function signed(dir: string, san: string): string {
  const f = (n: string) => join(dir, 'tls', n);
  ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('other.key'));
  ssl('req', '-new', '-key', f('other.key'), '-subj', '/CN=other', '-out', f('other.csr'));
  writeFileSync(f('other.ext'), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  ssl('x509', '-req', '-in', f('other.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', f('other.ext'), '-out', f('other.crt'));
  return f('other.crt');
}
const verify = (dir: string, cert: string) => spawnSync('openssl', ['verify', '-CAfile', join(dir, 'tls', 'ca.crt'), cert], { encoding: 'utf8' });

describe('the local CA cannot sign for the world', () => {
  test('ours verifies; a certificate for another name or address, signed by the same CA, does not', () => {
    const dir = stateDir();
    loadOrCreateTls(dir, { cert: null, key: null }, ['porthole.example.lan']);
    expect(ssl('x509', '-in', join(dir, 'tls', 'ca.crt'), '-noout', '-text')).toMatch(/X509v3 Name Constraints: critical\s+Permitted:/);
    expect(verify(dir, join(dir, 'tls', 'server.crt')).status).toBe(0);
    expect(verify(dir, signed(dir, 'DNS:porthole.example.lan')).status).toBe(0);
    for (const other of ['DNS:www.bank.example', 'DNS:accounts.google.com', 'IP:8.8.8.8', 'IP:2606:4700::1111']) {
      const r = verify(dir, signed(dir, other));
      expect(r.status, other).not.toBe(0);
      expect(r.stdout + r.stderr, other).toMatch(/permitted subtree violation/);
    }
    // openssl runs a dozen times: seconds on a busy machine.
  }, 60_000);

  test('a CA from before the constraints is made again, and the start says so', () => {
    const dir = stateDir();
    const f = (n: string) => join(dir, 'tls', n);
    mkdirSync(join(dir, 'tls'), { recursive: true });
    ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('ca.key'));
    ssl('req', '-x509', '-new', '-key', f('ca.key'), '-days', '10', '-subj', '/CN=old', '-addext', 'basicConstraints=critical,CA:TRUE', '-out', f('ca.crt'));
    const old = readFileSync(f('ca.crt'), 'utf8');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const tls = loadOrCreateTls(dir, { cert: null, key: null });
    expect(warn.mock.calls.join('\n')).toMatch(/local CA is made again, now limited to this machine's names and networks/);
    warn.mockRestore();
    expect(tls.caCert?.toString()).not.toBe(old);
    expect(ssl('x509', '-in', f('ca.crt'), '-noout', '-text')).toMatch(/Name Constraints/);
    expect(verify(dir, signed(dir, 'DNS:evil.example')).status).not.toBe(0);
    // The next start keeps it.
    expect(loadOrCreateTls(dir, { cert: null, key: null }).caCert?.toString()).toBe(tls.caCert?.toString());
  }, 60_000);

  test('the server certificate: this machine\'s names, a server\'s usages, no CA; keys private to the owner', () => {
    const dir = stateDir();
    const tls = loadOrCreateTls(dir, { cert: null, key: null }, ['nas.lan']);
    const text = ssl('x509', '-in', join(dir, 'tls', 'server.crt'), '-noout', '-text');
    expect(text).toMatch(/DNS:localhost.*DNS:nas\.lan.*IP Address:127\.0\.0\.1/s);
    expect(text).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature/);
    expect(text).toMatch(/Basic Constraints:\s+CA:FALSE/);
    expect(verify(dir, join(dir, 'tls', 'server.crt')).status).toBe(0);
    expect(tls.key.toString()).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    for (const k of ['ca.key', 'server.key']) expect(statSync(join(dir, 'tls', k)).mode & 0o077, k).toBe(0);
  }, 60_000);

  test('an OpenSSL without `req -CA` (before 3.0) still gets its server certificate, in two steps', () => {
    const bin = stateDir();
    const real = execFileSync('sh', ['-c', 'command -v openssl'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'openssl'), `#!/bin/sh\ncase " $* " in *" req "*" -CA "*) echo 'req: Unrecognized flag CA' >&2; exit 1;; esac\nexec ${real} "$@"\n`, { mode: 0o755 });
    const dir = stateDir();
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      loadOrCreateTls(dir, { cert: null, key: null });
    } finally {
      process.env.PATH = path;
    }
    expect(existsSync(join(dir, 'tls', 'server.csr'))).toBe(true); // the two-step way ran
    expect(verify(dir, join(dir, 'tls', 'server.crt')).status).toBe(0);
    expect(ssl('x509', '-in', join(dir, 'tls', 'server.crt'), '-noout', '-text')).toMatch(/Basic Constraints:\s+CA:FALSE/);
  }, 60_000);

  test('constraints: names exact, addresses by their network, loopback', () => {
    expect(ipSubtree('192.168.1.37', '255.255.255.0')).toBe('IP:192.168.1.0/255.255.255.0');
    expect(ipSubtree('2001:db8::5', 'ffff:ffff:ffff:ffff::')).toBe('IP:2001:db8:0:0:0:0:0:0/ffff:ffff:ffff:ffff:0:0:0:0');
    const c = caConstraints(['nas.lan', '10.1.2.3']);
    expect(c).toEqual(expect.arrayContaining(['DNS:localhost', 'DNS:nas.lan', 'IP:127.0.0.0/255.0.0.0', 'IP:10.1.2.3/255.255.255.255']));
  });
});
