import { queryOptions } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import { getJson, request } from '../api/http';
import type { EngineRef } from '../api/types';
import type { SystemDf, Volume, VolumeListResponse } from '../engine/types';
import type { VolumeCreateBody } from '../engine/volumeForms';
import { volumeKeys } from './keys';

export async function fetchVolumes(engine: EngineRef, signal?: AbortSignal): Promise<Volume[]> {
  const response = await getJson<VolumeListResponse>(engineUrl(engine, '/volumes'), signal);
  return response.Volumes ?? [];
}

export async function fetchVolume(engine: EngineRef, name: string, signal?: AbortSignal): Promise<Volume> {
  return getJson<Volume>(engineUrl(engine, `/volumes/${encodePathParam(name)}`), signal);
}

/** Only the volumes part of the answer is kept (it also lists every image and container). */
export async function fetchVolumeUsage(engine: EngineRef, signal?: AbortSignal): Promise<SystemDf> {
  const df = await getJson<SystemDf>(engineUrl(engine, '/system/df'), signal);
  return df.VolumeUsage ? { VolumeUsage: df.VolumeUsage } : { Volumes: df.Volumes ?? [] };
}

export function volumeListOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: volumeKeys.list(engine.name),
    queryFn: ({ signal }) => fetchVolumes(engine, signal),
  });
}

export function volumeUsageOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: volumeKeys.usage(engine.name),
    queryFn: ({ signal }) => fetchVolumeUsage(engine, signal),
    // /system/df walks every volume on disk: not on every event.
    staleTime: 60_000,
  });
}

export function volumeDetailOptions(engine: EngineRef, name: string) {
  return queryOptions({
    queryKey: volumeKeys.detail(engine.name, name),
    queryFn: ({ signal }) => fetchVolume(engine, name, signal),
  });
}

/** POST /volumes/create; the proxy's reason (host binds, network mounts) or the engine's comes back as an ApiError. */
export async function createVolume(engine: EngineRef, body: VolumeCreateBody): Promise<Volume> {
  const response = await request(engineUrl(engine, '/volumes/create'), { method: 'POST', body });
  return (await response.json()) as Volume;
}

export async function removeVolume(engine: EngineRef, name: string, force: boolean): Promise<void> {
  await request(engineUrl(engine, `/volumes/${encodePathParam(name)}`, force ? { force: '1' } : undefined), { method: 'DELETE' });
}
