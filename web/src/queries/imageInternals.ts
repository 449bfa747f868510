import { queryOptions } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import { getJson, request } from '../api/http';
import type { EngineRef } from '../api/types';
import { isNoneReference } from '../engine/reference';
import type { ImageHistoryItem, ImageInspect, ImageSummary } from '../engine/types';
import { layerSizes } from '../image/history';
import { replayLayers, type ImageContents } from '../image/layerContents';
import { buildLayerTree, type LayerTree, type TreeImage } from '../image/layerTree';
import { readSaveArchive, type SavedImage } from '../image/saveArchive';
import { computeWaste, type WasteReport } from '../image/waste';
import { fetchImage, fetchImages } from './images';
import { imageKeys } from './keys';

export async function fetchImageHistory(engine: EngineRef, id: string, signal?: AbortSignal): Promise<ImageHistoryItem[]> {
  return (await getJson<ImageHistoryItem[] | null>(engineUrl(engine, `/images/${encodePathParam(id)}/history`), signal)) ?? [];
}

export function imageHistoryOptions(engine: EngineRef, id: string) {
  return queryOptions({
    queryKey: imageKeys.history(engine.name, id),
    queryFn: ({ signal }) => fetchImageHistory(engine, id, signal),
  });
}

/** Runs `work` over `items`, `limit` at a time, keeping the order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Every image with its layers (inspect) and layer sizes (history): two requests per image, six
 * at a time. The list gives neither.
 */
export async function fetchLayerTree(engine: EngineRef, signal?: AbortSignal): Promise<LayerTree> {
  const list: ImageSummary[] = await fetchImages(engine, signal);
  const images = await mapLimited(list, 6, async (summary): Promise<TreeImage> => {
    const [inspect, history]: [ImageInspect, ImageHistoryItem[]] = await Promise.all([
      fetchImage(engine, summary.Id, signal),
      fetchImageHistory(engine, summary.Id, signal),
    ]);
    const diffIds = inspect.RootFS.Layers ?? [];
    return {
      id: summary.Id,
      tags: (summary.RepoTags ?? []).filter((tag) => !isNoneReference(tag)),
      size: summary.Size,
      diffIds,
      layerSizes: layerSizes(history, diffIds),
    };
  });
  return buildLayerTree(images);
}

export function layerTreeOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: imageKeys.tree(engine.name),
    queryFn: ({ signal }) => fetchLayerTree(engine, signal),
  });
}

export interface ImageContentsResult {
  saved: SavedImage;
  contents: ImageContents;
  waste: WasteReport;
}

/**
 * Streams `docker save` of one image and reads its layers' file lists as they arrive (only
 * headers are kept). `onProgress` gets the bytes read so far.
 */
export async function fetchImageContents(
  engine: EngineRef,
  id: string,
  onProgress?: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<ImageContentsResult> {
  const response = await request(engineUrl(engine, `/images/${encodePathParam(id)}/get`), { signal });
  if (!response.body) throw new Error('The browser gave no stream for the image archive.');
  const saved = await readSaveArchive(response.body, { onProgress, signal });
  const contents = replayLayers(saved.layers);
  return { saved, contents, waste: computeWaste(contents, saved.layers) };
}

/** On demand (enabled by the caller); the result is headers only, so keeping it is cheap. */
export function imageContentsOptions(engine: EngineRef, id: string, onProgress?: (bytes: number) => void) {
  return queryOptions({
    queryKey: imageKeys.contents(engine.name, id),
    queryFn: ({ signal }) => fetchImageContents(engine, id, onProgress, signal),
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: false,
  });
}
