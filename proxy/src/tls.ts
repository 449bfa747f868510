// HTTPS material: the owner's own certificate, or a local CA made once (kept in the state dir, served at
// /ca.crt so a phone can trust it) and a server certificate covering localhost, the host name and every
// LAN address. The server certificate is made again when the machine gains an address it does not cover.
// The CA carries X.509 name constraints: it can vouch only for the names the proxy serves and the networks
// of its addresses (and --allow-host names), so a phone that trusts it trusts nothing else.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isIPv4, isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  /** The CA certificate to offer at /ca.crt, or null when the owner brought their own certificate. */
  caCert: Buffer | null;
  /** Names and addresses the certificate covers (for the start message). */
  names: string[];
}

export function localNames(): { dns: string[]; ips: string[] } {
  const host = hostname().toLowerCase();
  const dns = [...new Set(['localhost', host, `${host}.local`])];
  const ips = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.address.startsWith('fe80')) ips.add(a.address);
  }
  return { dns, ips: [...ips] };
}

/** An address as bytes (IPv4: 4, IPv6: 8 groups as 16). */
function ipBytes(ip: string): number[] {
  if (isIPv4(ip)) return ip.split('.').map(Number);
  const [head = '', tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => {
    const n = parseInt(g || '0', 16);
    return [n >> 8, n & 255];
  });
}

function ipText(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

/** `IP:network/mask` of an address in its netmask, as a name constraint spells it. */
export function ipSubtree(address: string, netmask: string): string {
  const a = ipBytes(address);
  const m = ipBytes(netmask);
  return `IP:${ipText(a.map((b, i) => b & (m[i] ?? 0)))}/${ipText(m)}`;
}

/**
 * What the CA may vouch for: the proxy's names (and --allow-host ones) as DNS subtrees, and the networks of the
 * machine's addresses (a new DHCP address in the same network stays covered), loopback included.
 */
export function caConstraints(extraHosts: readonly string[] = []): string[] {
  const { dns } = localNames();
  const out = new Set<string>(['IP:127.0.0.0/255.0.0.0', `IP:${ipText(ipBytes('::1'))}/${ipText(ipBytes('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'))}`]);
  for (const d of [...dns, ...extraHosts.filter((h) => !isIP(h))]) out.add(`DNS:${d.toLowerCase()}`);
  for (const h of extraHosts.filter((x) => isIP(x))) out.add(ipSubtree(h, isIPv4(h) ? '255.255.255.255' : 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'));
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.address.startsWith('fe80')) out.add(ipSubtree(a.address, a.netmask));
  }
  return [...out].sort();
}

/**
 * A P-256 key as `openssl ecparam -genkey -noout` writes it (SEC1 PEM), made in this process: a process start
 * less at a first start, which takes seconds on a busy machine.
 */
function newKey(path: string): void {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  writeFileSync(path, privateKey.export({ type: 'sec1', format: 'pem' }), { mode: 0o600 });
}

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') {
      throw new Error('openssl is needed to make the local certificate: install it (apt-get install openssl) or pass --tls-cert and --tls-key');
    }
    throw new Error(`openssl ${args[0]} failed: ${err.stderr?.toString().trim() ?? err.message}`);
  }
}

export function loadOrCreateTls(stateDir: string, own: { cert: string | null; key: string | null }, extraHosts: readonly string[] = []): TlsMaterial {
  if (own.cert && own.key) {
    return { cert: readFileSync(own.cert), key: readFileSync(own.key), caCert: null, names: ['(your certificate)'] };
  }
  const dir = join(stateDir, 'tls');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = (n: string) => join(dir, n);
  const constraints = caConstraints(extraHosts);
  const held: string[] = existsSync(f('ca.constraints')) ? (JSON.parse(readFileSync(f('ca.constraints'), 'utf8')) as string[]) : [];
  const hadCa = existsSync(f('ca.key')) && existsSync(f('ca.crt'));
  if (!hadCa || !constraints.every((c) => held.includes(c))) {
    if (hadCa) {
      // A CA from before name constraints could sign for any site; one for other networks no longer fits.
      console.warn(held.length
        ? '  The local CA is made again: this machine now has names or networks it does not cover. Phones must install the new one from /ca.crt.'
        : '  The local CA is made again, now limited to this machine\'s names and networks (the old one could vouch for any site). Phones must install the new one from /ca.crt, and should remove the old one.');
    }
    newKey(f('ca.key'));
    openssl(['req', '-x509', '-new', '-key', f('ca.key'), '-sha256', '-days', '3650', '-subj', `/CN=Porthole local CA (${hostname()})`,
      '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      '-addext', 'extendedKeyUsage=serverAuth',
      '-addext', `nameConstraints=critical,${constraints.map((c) => `permitted;${c}`).join(',')}`, '-out', f('ca.crt')]);
    writeFileSync(f('ca.constraints'), JSON.stringify(constraints));
    rmSync(f('server.names'), { force: true });
  }
  const { dns: localDns, ips: localIps } = localNames();
  const dns = [...new Set([...localDns, ...extraHosts.filter((h) => !isIP(h)).map((h) => h.toLowerCase())])];
  const ips = [...new Set([...localIps, ...extraHosts.filter((h) => isIP(h))])];
  const names = [...dns, ...ips];
  const wanted = JSON.stringify(names.slice().sort());
  const covered = existsSync(f('server.names')) ? readFileSync(f('server.names'), 'utf8') : '';
  if (covered !== wanted || !existsSync(f('server.crt')) || !existsSync(f('server.key'))) {
    const san = [...dns.map((d) => `DNS:${d}`), ...ips.map((i) => `IP:${i}`)].join(',');
    const extensions = `subjectAltName=${san}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n`;
    newKey(f('server.key'));
    signServerCert(f, extensions);
    writeFileSync(f('server.names'), wanted);
  }
  return { cert: readFileSync(f('server.crt')), key: readFileSync(f('server.key')), caCert: readFileSync(f('ca.crt')), names };
}

/**
 * The server certificate for server.key, signed by the CA. OpenSSL 3 does it in one run (`req -x509 -CA`), with
 * a configuration of our own so the system's defaults add nothing; older ones refuse -CA on req and take two
 * (a request, then `x509 -req`). 397 days: browsers refuse longer-lived server certificates.
 */
function signServerCert(f: (name: string) => string, extensions: string): void {
  writeFileSync(f('server.cnf'), `[req]\ndistinguished_name = dn\n[dn]\n[server]\n${extensions}`);
  try {
    openssl(['req', '-x509', '-new', '-key', f('server.key'), '-subj', `/CN=${hostname()}`, '-CA', f('ca.crt'), '-CAkey', f('ca.key'),
      '-days', '397', '-sha256', '-config', f('server.cnf'), '-extensions', 'server', '-out', f('server.crt')]);
    return;
  } catch {
    // OpenSSL before 3.0: the two-step way below (a real failure fails there too, with its own message).
  }
  writeFileSync(f('server.ext'), extensions);
  openssl(['req', '-new', '-key', f('server.key'), '-subj', `/CN=${hostname()}`, '-config', f('server.cnf'), '-out', f('server.csr')]);
  openssl(['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial',
    '-days', '397', '-sha256', '-extfile', f('server.ext'), '-out', f('server.crt')]);
}
