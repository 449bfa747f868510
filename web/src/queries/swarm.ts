/**
 * Swarm: the cluster (admin: it holds the join tokens), nodes, services, tasks, secrets and
 * configs, and what changes them. Task states have no events on these engines, so the lists
 * refresh on a short interval while the swarm page is open.
 */
import { queryOptions } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import { getJson, request } from '../api/http';
import type { EngineRef } from '../api/types';
import type { NamedObject, ServiceSpec, SwarmInspect, SwarmNode, SwarmService, SwarmTask } from '../swarm/swarm';
import { systemKeys, swarmKeys } from './keys';

const LIVE_MS = 2000;

export function swarmInspectOptions(engine: EngineRef) {
  return queryOptions({ queryKey: swarmKeys.inspect(engine.name), queryFn: ({ signal }) => getJson<SwarmInspect>(engineUrl(engine, '/swarm'), signal) });
}

export function nodesOptions(engine: EngineRef) {
  return queryOptions({ queryKey: swarmKeys.nodes(engine.name), queryFn: ({ signal }) => getJson<SwarmNode[]>(engineUrl(engine, '/nodes'), signal), refetchInterval: 5000 });
}

export function servicesOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: swarmKeys.services(engine.name),
    queryFn: ({ signal }) => getJson<SwarmService[]>(engineUrl(engine, '/services', { status: 'true' }), signal),
    refetchInterval: LIVE_MS,
  });
}

export function tasksOptions(engine: EngineRef) {
  return queryOptions({ queryKey: swarmKeys.tasks(engine.name), queryFn: ({ signal }) => getJson<SwarmTask[]>(engineUrl(engine, '/tasks'), signal), refetchInterval: LIVE_MS });
}

export function secretsOptions(engine: EngineRef) {
  return queryOptions({ queryKey: swarmKeys.secrets(engine.name), queryFn: ({ signal }) => getJson<NamedObject[]>(engineUrl(engine, '/secrets'), signal) });
}

export function configsOptions(engine: EngineRef) {
  return queryOptions({ queryKey: swarmKeys.configs(engine.name), queryFn: ({ signal }) => getJson<NamedObject[]>(engineUrl(engine, '/configs'), signal) });
}

/** Everything the swarm page shows, and /info's Swarm part, are stale after a change. */
export function swarmChanged(engine: string): { predicate: (query: { queryKey: readonly unknown[] }) => boolean } {
  const info = systemKeys.info(engine);
  return {
    predicate: (query) =>
      (query.queryKey[0] === engine && query.queryKey[1] === 'swarm') || (query.queryKey[0] === info[0] && query.queryKey[1] === info[1] && query.queryKey[2] === info[2]),
  };
}

export async function initSwarm(engine: EngineRef, listenAddr: string, advertiseAddr: string): Promise<string> {
  const body: Record<string, string> = { ListenAddr: listenAddr || '0.0.0.0:2377' };
  if (advertiseAddr) body['AdvertiseAddr'] = advertiseAddr;
  const response = await request(engineUrl(engine, '/swarm/init'), { method: 'POST', body });
  return (await response.json()) as string;
}

export async function leaveSwarm(engine: EngineRef, force: boolean): Promise<void> {
  await request(engineUrl(engine, '/swarm/leave', force ? { force: 'true' } : undefined), { method: 'POST' });
}

export async function updateNode(engine: EngineRef, node: SwarmNode, availability: SwarmNode['Spec']['Availability']): Promise<void> {
  await request(engineUrl(engine, `/nodes/${encodePathParam(node.ID)}/update`, { version: String(node.Version.Index) }), { method: 'POST', body: { ...node.Spec, Availability: availability } });
}

export async function createService(engine: EngineRef, spec: ServiceSpec): Promise<string> {
  const response = await request(engineUrl(engine, '/services/create'), { method: 'POST', body: spec });
  return ((await response.json()) as { ID: string }).ID;
}

export async function updateService(engine: EngineRef, service: SwarmService, spec: ServiceSpec): Promise<void> {
  await request(engineUrl(engine, `/services/${encodePathParam(service.ID)}/update`, { version: String(service.Version.Index) }), { method: 'POST', body: spec });
}

export async function removeService(engine: EngineRef, id: string): Promise<void> {
  await request(engineUrl(engine, `/services/${encodePathParam(id)}`), { method: 'DELETE' });
}

/** GET /services/ID/logs as a byte stream (multiplexed unless the service has a TTY). */
export async function openServiceLogs(engine: EngineRef, id: string, signal: AbortSignal): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  const response = await request(engineUrl(engine, `/services/${encodePathParam(id)}/logs`, { stdout: '1', stderr: '1', follow: '1', tail: '200', timestamps: '0' }), { signal });
  const reader = response.body?.getReader();
  if (!reader) throw new Error('the logs answer has no body');
  return reader;
}
