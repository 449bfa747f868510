import { queryOptions } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import { getJson, request } from '../api/http';
import type { EngineRef } from '../api/types';
import type { ImageDeleteItem, RemovalChoices } from '../engine/imageRemoval';
import type { ImageInspect, ImageSummary } from '../engine/types';
import { imageKeys } from './keys';

export async function fetchImages(engine: EngineRef, signal?: AbortSignal): Promise<ImageSummary[]> {
  return getJson<ImageSummary[]>(engineUrl(engine, '/images/json'), signal);
}

/** `id` may be a full id, a short id or a name: the engine resolves all three. */
export async function fetchImage(engine: EngineRef, id: string, signal?: AbortSignal): Promise<ImageInspect> {
  return getJson<ImageInspect>(engineUrl(engine, `/images/${encodePathParam(id)}/json`), signal);
}

export function imageListOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: imageKeys.list(engine.name),
    queryFn: ({ signal }) => fetchImages(engine, signal),
  });
}

export function imageDetailOptions(engine: EngineRef, id: string) {
  return queryOptions({
    queryKey: imageKeys.detail(engine.name, id),
    queryFn: ({ signal }) => fetchImage(engine, id, signal),
  });
}

/**
 * DELETE /images/NAME: a tag untags, an id removes the image (see engine/imageRemoval.ts);
 * answers what the engine untagged and deleted.
 */
export async function removeImage(engine: EngineRef, name: string, choices: RemovalChoices): Promise<ImageDeleteItem[]> {
  const query: Record<string, string> = {};
  if (choices.force) query['force'] = '1';
  if (choices.noprune) query['noprune'] = '1';
  const response = await request(engineUrl(engine, `/images/${encodePathParam(name)}`, query), { method: 'DELETE' });
  return ((await response.json()) as ImageDeleteItem[] | null) ?? [];
}
