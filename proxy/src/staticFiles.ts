// Serves the built PWA. It holds no engine data, so it needs no login; paths never leave the web root.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { checkPath, splitTarget, TargetError } from './normalize.ts';
import { refuse } from './http.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

export function serveStatic(webRoot: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    refuse(req, res, 405, `${req.method} is not served here`, undefined, { allow: 'GET, HEAD' });
    return;
  }
  let path: string;
  try {
    path = splitTarget(req.url ?? '/').path;
    checkPath(path);
  } catch (e) {
    refuse(req, res, e instanceof TargetError ? e.status : 400, (e as Error).message);
    return;
  }
  if (path === '/') path = '/index.html';
  const file = join(webRoot, path);
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    if (path === '/index.html') {
      refuse(req, res, 503, 'the web app is not built', 'run `npm run build` (npm start does it for you)');
    } else refuse(req, res, 404, `${path} not found`);
    return;
  }
  const hashed = path.startsWith('/assets/');
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    // Hashed assets never change; the shell and the service worker must be checked every time.
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
