// HTTPS material: the owner's own certificate, or a local CA made once (kept in the state dir, served at
// /ca.crt so a phone can trust it) and a server certificate covering localhost, the host name and every
// LAN address. The server certificate is made again when the machine gains an address it does not cover.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

export function loadOrCreateTls(stateDir: string, own: { cert: string | null; key: string | null }): TlsMaterial {
  if (own.cert && own.key) {
    return { cert: readFileSync(own.cert), key: readFileSync(own.key), caCert: null, names: ['(your certificate)'] };
  }
  const dir = join(stateDir, 'tls');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = (n: string) => join(dir, n);
  if (!existsSync(f('ca.key')) || !existsSync(f('ca.crt'))) {
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('ca.key')]);
    openssl(['req', '-x509', '-new', '-key', f('ca.key'), '-sha256', '-days', '3650', '-subj', `/CN=Porthole local CA (${hostname()})`,
      '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', f('ca.crt')]);
  }
  const { dns, ips } = localNames();
  const names = [...dns, ...ips];
  const wanted = JSON.stringify(names.slice().sort());
  const covered = existsSync(f('server.names')) ? readFileSync(f('server.names'), 'utf8') : '';
  if (covered !== wanted || !existsSync(f('server.crt')) || !existsSync(f('server.key'))) {
    const san = [...dns.map((d) => `DNS:${d}`), ...ips.map((i) => `IP:${i}`)].join(',');
    writeFileSync(f('server.ext'), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n`);
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('server.key')]);
    openssl(['req', '-new', '-key', f('server.key'), '-subj', `/CN=${hostname()}`, '-out', f('server.csr')]);
    // 397 days: browsers refuse longer-lived server certificates.
    openssl(['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial',
      '-days', '397', '-sha256', '-extfile', f('server.ext'), '-out', f('server.crt')]);
    writeFileSync(f('server.names'), wanted);
  }
  return { cert: readFileSync(f('server.crt')), key: readFileSync(f('server.key')), caCert: readFileSync(f('ca.crt')), names };
}
