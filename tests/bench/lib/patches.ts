// Experiment only: loaded into a Porthole child with --import (experiments.ts, target "Porthole patched") to
// measure candidate fixes without touching proxy/. PORTHOLE_BENCH_PATCH lists the patches, comma-separated:
//   no-early-flush  responses do not send their headers ahead of the body (forward.ts flushes them on every
//                   proxied response; this approximates flushing only for streaming routes)
//   token-cache     TokenStore.check remembers a token's role for up to 1 s instead of a statSync and a
//                   SHA-256 per request
import http from 'node:http';
import { TokenStore, type Role } from '../../../proxy/src/auth.ts';

const patches = new Set((process.env.PORTHOLE_BENCH_PATCH ?? '').split(',').filter(Boolean));

if (patches.has('no-early-flush')) {
  http.ServerResponse.prototype.flushHeaders = function flushHeadersSkipped(): void {};
}

if (patches.has('token-cache')) {
  const check = TokenStore.prototype.check;
  const cache = new Map<string, Role | null>();
  let since = 0;
  TokenStore.prototype.check = function cachedCheck(this: TokenStore, token: string): Role | null {
    const t = Date.now();
    if (t - since > 1000) {
      cache.clear();
      since = t;
    }
    const hit = cache.get(token);
    if (hit !== undefined) return hit;
    const role = check.call(this, token);
    cache.set(token, role);
    return role;
  };
}

if (patches.size) process.stderr.write(`[bench patches] ${[...patches].join(', ')}\n`);
