import type { EngineRef, EngineStatus } from './types';

/** A usable reference when the engine answered and told its API version. */
export function toEngineRef(engine: EngineStatus): EngineRef | null {
  if (!engine.ok || !engine.apiVersion) return null;
  return { name: engine.name, apiVersion: engine.apiVersion };
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
