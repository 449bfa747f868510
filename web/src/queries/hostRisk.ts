/**
 * The host-risk view's data: every container inspected and judged by the proxy's own rules
 * (proxy/src/hostAccess.ts), and the swarm's services when this engine manages one. Only the verdicts are
 * kept (names, reasons), never the inspects: those carry environments, which must not be cached.
 * Kept under the container list's key, so container events refresh it and it is stored for offline.
 */
import { queryOptions } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import { getJson } from '../api/http';
import type { EngineRef, EnginesResponse } from '../api/types';
import { judgeHostRisks, type HostRisks } from '../system/hostRisk';
import type { ContainerInspect } from '../engine/types';
import type { EngineInfo } from '../system/info';
import { fetchContainers } from './containers';
import { mapLimited } from './imageInternals';
import { fetchVolumes } from './volumes';
import { containerKeys } from './keys';

export async function fetchHostRisks(engine: EngineRef, signal?: AbortSignal): Promise<HostRisks> {
  const [proxy, summaries, volumes, info] = await Promise.all([
    getJson<EnginesResponse>('/api/engines', signal),
    fetchContainers(engine, signal),
    fetchVolumes(engine, signal),
    getJson<EngineInfo>(engineUrl(engine, '/info'), signal),
  ]);
  const binds = proxy.binds ?? { allowBinds: [], protectedPaths: ['/var/run/docker.sock', '/run/docker.sock'], unsafeAllowAll: false };
  // A container removed between the list and its inspect is simply gone.
  const inspects = await mapLimited(summaries, 6, (c) =>
    getJson<ContainerInspect>(engineUrl(engine, `/containers/${encodePathParam(c.Id)}/json`), signal).catch(() => null),
  );
  const swarmManager = info.Swarm?.LocalNodeState === 'active' && info.Swarm.ControlAvailable === true;
  const services = swarmManager ? await getJson<{ ID: string; Spec?: { Name?: string } }[]>(engineUrl(engine, '/services'), signal) : [];
  return judgeHostRisks(binds, volumes, inspects.filter((c): c is ContainerInspect => c !== null), services);
}

export function hostRiskOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: containerKeys.hostRisk(engine.name),
    queryFn: ({ signal }) => fetchHostRisks(engine, signal),
  });
}
