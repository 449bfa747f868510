// Runs inside a test engine's network namespace (started with nsenter --net=…): listens on a TCP port
// there and connects each connection to a unix socket (on the shared filesystem) served from the host.
// The reverse of netnsForward.mjs. Usage: node netnsListen.mjs PORT UNIX_SOCKET
import net from 'node:net';

const [port, socketPath] = process.argv.slice(2);
net
  .createServer((client) => {
    const upstream = net.connect(socketPath);
    client.pipe(upstream).pipe(client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end);
    upstream.on('error', end);
  })
  .listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => process.exit(0));
