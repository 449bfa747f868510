import { queryOptions } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import { getJson, request } from '../api/http';
import type { EngineRef } from '../api/types';
import type { ConnectBody, NetworkCreateBody } from '../engine/networkForms';
import type { NetworkSummary } from '../engine/types';
import { networkKeys } from './keys';

export async function fetchNetworks(engine: EngineRef, signal?: AbortSignal): Promise<NetworkSummary[]> {
  return getJson<NetworkSummary[]>(engineUrl(engine, '/networks'), signal);
}

export async function fetchNetwork(engine: EngineRef, id: string, signal?: AbortSignal): Promise<NetworkSummary> {
  return getJson<NetworkSummary>(engineUrl(engine, `/networks/${encodePathParam(id)}`), signal);
}

export function networkListOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: networkKeys.list(engine.name),
    queryFn: ({ signal }) => fetchNetworks(engine, signal),
  });
}

export function networkDetailOptions(engine: EngineRef, id: string) {
  return queryOptions({
    queryKey: networkKeys.detail(engine.name, id),
    queryFn: ({ signal }) => fetchNetwork(engine, id, signal),
  });
}

/** POST /networks/create; answers the new network's id. The proxy's or engine's refusal is an ApiError. */
export async function createNetwork(engine: EngineRef, body: NetworkCreateBody): Promise<string> {
  const response = await request(engineUrl(engine, '/networks/create'), { method: 'POST', body });
  return ((await response.json()) as { Id: string }).Id;
}

export async function removeNetwork(engine: EngineRef, id: string): Promise<void> {
  await request(engineUrl(engine, `/networks/${encodePathParam(id)}`), { method: 'DELETE' });
}

export async function connectNetwork(engine: EngineRef, network: string, body: ConnectBody): Promise<void> {
  await request(engineUrl(engine, `/networks/${encodePathParam(network)}/connect`), { method: 'POST', body });
}

/** `Force`: leave even when the engine cannot reach the container's sandbox (it was stopped badly). */
export async function disconnectNetwork(engine: EngineRef, network: string, container: string, force = false): Promise<void> {
  await request(engineUrl(engine, `/networks/${encodePathParam(network)}/disconnect`), { method: 'POST', body: { Container: container, Force: force } });
}
