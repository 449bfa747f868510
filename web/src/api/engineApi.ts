import type { EngineRef, EngineStatus } from './types';

/**
 * A usable reference once the engine's API version is known. An engine that is down keeps the version it
 * last had, so its views still open on their cached inventory (marked as not current).
 */
export function toEngineRef(engine: EngineStatus): EngineRef | null {
  if (!engine.apiVersion) return null;
  return { name: engine.name, apiVersion: engine.apiVersion };
}

/**
 * Encodes a name or id for an Engine API path the way the docker CLI sends it: '/', ':'
 * and '@' stay as they are (library/nginx:1.25, sha256:…, repo@sha256:…), so the proxy's
 * policy sees the same paths the CLI would produce; everything else is escaped.
 */
export function encodePathParam(value: string): string {
  // No valid reference has '.' or '..' segments; keep them from climbing out of the path
  // (URLs resolve them, even percent-encoded) by escaping the slashes too.
  if (value.split('/').some((segment) => segment === '.' || segment === '..')) return encodeURIComponent(value);
  return encodeURIComponent(value).replace(/%2F/gi, '/').replace(/%3A/gi, ':').replace(/%40/gi, '@');
}

/**
 * URL of an Engine API path through the proxy, prefixed with the engine's own API
 * version (never a higher one, so older engines keep answering).
 * engineUrl(local, '/images/json') → /api/engines/local/v1.41/images/json
 */
export function engineUrl(engine: EngineRef, path: string, query?: Record<string, string>): string {
  const version = engine.apiVersion.replace(/^v/, '');
  const base = `/api/engines/${encodeURIComponent(engine.name)}/v${version}`;
  const search = query ? new URLSearchParams(query).toString() : '';
  return `${base}${path.startsWith('/') ? path : `/${path}`}${search ? `?${search}` : ''}`;
}
