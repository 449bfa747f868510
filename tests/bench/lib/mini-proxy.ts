// Experiment only (tests/bench/experiments.ts): the smallest proxies in front of the engine socket, to take
// Porthole's cost apart. Run as a child: node --import tsx mini-proxy.ts MODE TLS SOCKET
//   MODE http-proxy: http-proxy with a keep-alive agent (what forward.ts does, without Porthole's checks)
//   MODE pipe:       http.request on a keep-alive agent, response piped back (no http-proxy); answers carry
//                    x-upstream-ms, the engine's time as this proxy saw it
//   TLS  1 = HTTPS with a Porthole-style certificate, 0 = plain HTTP
// Prints "listening on PORT".
import http from 'node:http';
import httpProxy from 'http-proxy';
import { childServer } from './childServer.ts';

const [mode = 'http-proxy', tlsFlag = '1', socketPath = ''] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 32 });
const proxy = httpProxy.createProxyServer({ xfwd: false, ws: false, followRedirects: false, changeOrigin: false });
proxy.on('error', (_err, _req, res) => {
  const r = res as http.ServerResponse;
  if (typeof r.writeHead === 'function' && !r.headersSent) r.writeHead(502);
  r.end();
});

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (mode === 'pipe') {
    const t0 = performance.now();
    const up = http.request({ socketPath, agent, method: req.method, path: req.url, headers: { host: 'docker' } }, (r) => {
      // How long the engine took, seen from here (request written to response headers parsed).
      res.setHeader('x-upstream-ms', (performance.now() - t0).toFixed(3));
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
    return;
  }
  req.headers = { host: 'docker' };
  proxy.web(req, res, { target: { socketPath } as unknown as httpProxy.ProxyTarget, agent });
}

const server = childServer('mini', tlsFlag === '1', handle);
server.keepAliveTimeout = 60_000;
