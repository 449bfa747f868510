// The host-risk view's rows: every container and service the proxy's own judge (proxy/src/hostAccess.ts)
// finds a way into the host in. Pure: the query hands in what it fetched.
import { hostAccessOfContainer, hostAccessOfService, type HostAccess, type HostAccessFacts } from '../../../proxy/src/hostAccess';
import type { Json } from '../../../proxy/src/strictJson';
import type { ContainerInspect, Volume } from '../engine/types';

/** The proxy's bind rules as GET /api/engines sends them. */
export interface BindRules {
  allowBinds: string[];
  protectedPaths: string[];
  /** --unsafe-allow-all: the proxy refuses nothing, yet such containers still reach the host. */
  unsafeAllowAll: boolean;
}

export interface HostRiskRow {
  kind: 'container' | 'service';
  id: string;
  name: string;
  /** Container state (running, exited, created…); empty for services. */
  state: string;
  access: HostAccess[];
}

export interface HostRisks {
  rows: HostRiskRow[];
  /** How many containers and services were judged. */
  judged: number;
  /** The proxy lets admins into them anyway (--unsafe-allow-all). */
  unsafeAllowAll: boolean;
}

/** The facts the judge needs, as the browser knows them: no real paths (the proxy resolves those itself). */
export function browserFacts(binds: BindRules, volumes: readonly Volume[]): HostAccessFacts {
  const byName = new Map(volumes.map((v) => [v.Name, { driver: v.Driver, options: v.Options ?? null }]));
  return { allowBinds: binds.allowBinds, protectedPaths: binds.protectedPaths, realpath: () => null, volume: (name) => byName.get(name) ?? null };
}

const asJson = (value: unknown): Json => value as Json;

/** Rows for the containers and services with a way into the host, worst (most ways) first, then by name. */
export function judgeHostRisks(
  binds: BindRules,
  volumes: readonly Volume[],
  containers: readonly ContainerInspect[],
  services: readonly { ID: string; Spec?: { Name?: string } }[],
): HostRisks {
  const facts = browserFacts(binds, volumes);
  const rows: HostRiskRow[] = [];
  for (const c of containers) {
    const access = hostAccessOfContainer(asJson(c), facts);
    if (access.length) rows.push({ kind: 'container', id: c.Id, name: c.Name.replace(/^\//, ''), state: c.State?.Status ?? '', access });
  }
  for (const s of services) {
    const access = hostAccessOfService(asJson(s), facts);
    if (access.length) rows.push({ kind: 'service', id: s.ID, name: s.Spec?.Name ?? s.ID.slice(0, 12), state: '', access });
  }
  rows.sort((a, b) => b.access.length - a.access.length || a.name.localeCompare(b.name));
  return { rows, judged: containers.length + services.length, unsafeAllowAll: binds.unsafeAllowAll };
}

/** The rows with container `id` now in `state`, or without it when removed (null); the same object when nothing changed. */
export function patchHostRiskState(risks: HostRisks, id: string, state: string | null): HostRisks {
  const row = risks.rows.find((r) => r.kind === 'container' && r.id === id);
  if (!row || row.state === state) return risks;
  const rows = state === null ? risks.rows.filter((r) => r !== row) : risks.rows.map((r) => (r === row ? { ...r, state } : r));
  return { ...risks, rows };
}
