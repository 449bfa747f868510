// A second private engine that listens on TCP with TLS client certificates (the DOCKER_CERT_PATH layout),
// reached from the host at 127.0.0.1:PORT: a host listener → a unix socket → a forwarder inside the engine's
// network namespace → the engine's TCP listener there. The TLS handshake passes through untouched.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine, type TestEngine } from './engine.ts';
import { freePort, run } from './sys.ts';

export interface TlsTestEngine {
  engine: TestEngine;
  /** What the proxy's --engine takes: tcp+tls://127.0.0.1:PORT?certs=DIR */
  url: string;
  certsDir: string;
  port: number;
  stop(): Promise<void>;
}

async function openssl(args: string[]): Promise<void> {
  await run('openssl', args);
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, as ca.pem, cert.pem, key.pem (client). */
async function makeCerts(dir: string): Promise<void> {
  const f = (n: string) => join(dir, n);
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('ca-key.pem')]);
  await openssl(['req', '-x509', '-new', '-key', f('ca-key.pem'), '-days', '2', '-subj', '/CN=porthole test CA', '-out', f('ca.pem')]);
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n'],
    ['client', 'extendedKeyUsage=clientAuth\n'],
  ] as const) {
    writeFileSync(f(`${name}.ext`), ext);
    await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f(`${name}-key.pem`)]);
    await openssl(['req', '-new', '-key', f(`${name}-key.pem`), '-subj', `/CN=${name}`, '-out', f(`${name}.csr`)]);
    await openssl(['x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca-key.pem'), '-CAcreateserial', '-days', '2', '-extfile', f(`${name}.ext`), '-out', f(`${name}-cert.pem`)]);
  }
  // The client side in the DOCKER_CERT_PATH layout.
  await run('cp', [f('client-cert.pem'), f('cert.pem')]);
  await run('cp', [f('client-key.pem'), f('key.pem')]);
}

export async function startTlsEngine(): Promise<TlsTestEngine> {
  const certsDir = mkdtempSync(join(tmpdir(), 'porthole-tls-certs-'));
  await makeCerts(certsDir);
  const port = await freePort();
  const engine = await startEngine({
    name: 'tls',
    extraArgs: ['-H', `tcp://127.0.0.1:${port}`, '--tlsverify', '--tlscacert', join(certsDir, 'ca.pem'),
      '--tlscert', join(certsDir, 'server-cert.pem'), '--tlskey', join(certsDir, 'server-key.pem')],
  });
  const bridgeSocket = join(engine.dir, 'tcp-bridge.sock');
  let forwarder: ChildProcess | undefined;
  let server: net.Server | undefined;
  try {
    forwarder = spawn('nsenter', [`--net=${engine.netnsPath}`, process.execPath, join(import.meta.dirname, 'netnsForward.mjs'), bridgeSocket, '127.0.0.1', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      forwarder!.stdout!.once('data', () => resolve());
      forwarder!.once('exit', (code) => reject(new Error(`the netns forwarder exited with ${code}`)));
    });
    server = net.createServer((client) => {
      const upstream = net.connect(bridgeSocket);
      client.pipe(upstream).pipe(client);
      const end = () => (client.destroy(), upstream.destroy());
      client.on('error', end);
      upstream.on('error', end);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
  } catch (e) {
    forwarder?.kill('SIGKILL');
    await engine.stop();
    throw e;
  }
  return {
    engine,
    url: `tcp+tls://127.0.0.1:${port}?certs=${certsDir}`,
    certsDir,
    port,
    stop: async () => {
      server?.close();
      forwarder?.kill('SIGTERM');
      await engine.stop();
      rmSync(certsDir, { recursive: true, force: true });
    },
  };
}
