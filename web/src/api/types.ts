/** JSON the Porthole proxy itself answers (not the engines'). */
import type { BindRules } from '../system/hostRisk';

export type Role = 'admin' | 'viewer';

export interface Session {
  role: Role;
  /** ISO 8601. */
  expiresAt: string;
}

export interface EngineStatus {
  name: string;
  ok: boolean;
  apiVersion: string | null;
  version: string | null;
  os: string | null;
  arch: string | null;
  error: string | null;
}

export interface EnginesResponse {
  engines: EngineStatus[];
  /** The proxy's bind rules (--allow-bind, the engine sockets): what the host-risk view judges by. Absent from older proxies. */
  binds?: BindRules;
}

/** What engine-scoped requests need: the name to route by and the API version to speak. */
export interface EngineRef {
  name: string;
  apiVersion: string;
}

/** GET /phone.json (public): what the "Add a phone" page shows. */
export interface PhoneInfo {
  /** URLs a phone on the LAN may open, best first. */
  urls: string[];
  /** The local CA, or null when the proxy uses the owner's own certificate. */
  ca: { url: string; sha256: string; subject: string } | null;
}
