// Runs inside a test engine's network namespace (started with nsenter --net=…): accepts connections on a
// unix socket (on the shared filesystem) and connects each to a TCP address inside the namespace.
// Usage: node netnsForward.mjs UNIX_SOCKET HOST PORT
import net from 'node:net';
import { rmSync } from 'node:fs';

const [socketPath, host, port] = process.argv.slice(2);
rmSync(socketPath, { force: true });
net
  .createServer((client) => {
    const upstream = net.connect(Number(port), host);
    client.pipe(upstream).pipe(client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end);
    upstream.on('error', end);
  })
  .listen(socketPath, () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => process.exit(0));
