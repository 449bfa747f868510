/**
 * Everything a prune preview reads from the engine, asked through the caller's `get` (the
 * page's HTTP client, or a test's socket client), so the page and the tests share one path:
 * the lists, then only the details the rules need (who is on each network, the fraction of a
 * second of what was created in the cut-off's second, the layers and their sizes of the
 * images the prune would delete and of those it keeps).
 */
import type { ContainerInspect, ContainerSummary, ImageHistoryItem, ImageInspect, ImageSummary, NetworkSummary, VolumeListResponse } from '../engine/types';
import type { RawDiskUsage } from './df';
import { normalizeDiskUsage } from './df';
import { planAll, rfc3339Seconds, type PruneInputs, type PruneKind, type PruneOptions } from './prune';
import { layerSizesFromHistory } from './pruneImages';

export type EngineGet = <T>(path: string, query?: Record<string, string>) => Promise<T>;

const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none']);

/** Runs `work` over `items`, at most `limit` at once. */
async function eachLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const path = (kind: string, id: string, rest = ''): string => `/${kind}/${encodeURIComponent(id).replace(/%3A/gi, ':')}${rest}`;

export async function gatherPruneInputs(get: EngineGet, kinds: readonly PruneKind[], options: PruneOptions): Promise<PruneInputs> {
  const need = (kind: PruneKind) => kinds.includes(kind);
  const [containers, images, volumes, networks, df] = await Promise.all([
    get<ContainerSummary[]>('/containers/json', need('containers') ? { all: '1', size: '1' } : { all: '1' }),
    need('images') ? get<ImageSummary[]>('/images/json', { all: '1' }) : Promise.resolve([] as ImageSummary[]),
    need('volumes') ? get<VolumeListResponse>('/volumes').then((r) => r.Volumes ?? []) : Promise.resolve([]),
    need('networks') ? get<NetworkSummary[]>('/networks') : Promise.resolve([] as NetworkSummary[]),
    need('buildCache') || need('volumes') ? get<RawDiskUsage>('/system/df', { verbose: '1' }) : Promise.resolve(null),
  ]);

  // The lists give whole seconds; the engine compares to the nanosecond. Only what was made in
  // the cut-off's own second can go either way: ask for its exact time.
  const until = options.until ?? null;
  const boundary = (created: number) => until !== null && Math.floor(created) === until;
  const exactContainers = await eachLimited(containers.filter((c) => boundary(c.Created)), 4, async (c) => {
    const full = await get<ContainerInspect>(path('containers', c.Id, '/json'));
    return [c.Id, full.Created ? rfc3339Seconds(full.Created) : c.Created] as const;
  });
  const exactImages = await eachLimited(images.filter((i) => boundary(i.Created)), 4, async (i) => {
    const full = await get<ImageInspect>(path('images', i.Id, '/json'));
    return [i.Id, full.Created ? rfc3339Seconds(full.Created) : i.Created] as const;
  });
  const containerTimes = new Map(exactContainers);
  const imageTimes = new Map(exactImages);

  // The list does not say who is attached: ask each user-defined network.
  const withEndpoints = await eachLimited(
    networks.filter((n) => !BUILT_IN_NETWORKS.has(n.Name)),
    4,
    async (n) => {
      const full = await get<NetworkSummary & { ConfigOnly?: boolean }>(path('networks', n.Id));
      return { Id: n.Id, Name: n.Name, Driver: n.Driver, Labels: n.Labels ?? null, endpoints: Object.keys(full.Containers ?? {}).length, Created: full.Created ?? n.Created, ConfigOnly: full.ConfigOnly === true };
    },
  );
  const usage = normalizeDiskUsage(df);
  const volumeSizes = new Map((usage.categories.find((c) => c.kind === 'volumes')?.items ?? []).map((i) => [i.id, i.size] as const));
  const inputs: PruneInputs = {
    containers: containers.map((c) => (containerTimes.has(c.Id) ? { ...c, Created: containerTimes.get(c.Id)! } : c)),
    images: images.map((i) => (imageTimes.has(i.Id) ? { ...i, Created: imageTimes.get(i.Id)! } : i)),
    volumes: volumes.map((v) => {
      const size = volumeSizes.get(v.Name);
      return size === undefined || size === null ? v : { ...v, UsageData: { Size: size, RefCount: 0 } };
    }),
    networks: withEndpoints,
    buildCache: (df?.BuildCache ?? df?.BuildCacheDiskUsage?.Items ?? []) as PruneInputs['buildCache'],
  };
  if (!need('images')) return inputs;

  // The space an image prune frees is in layers: the layers of every image (what stays holds
  // them), and the sizes of those of the images that go.
  const going = new Set(planAll(kinds, inputs, options).find((p) => p.kind === 'images')?.items.map((i) => i.id) ?? []);
  if (going.size === 0) return inputs;
  const details = await eachLimited(images, 6, async (image) => {
    const full = await get<ImageInspect>(path('images', image.Id, '/json'));
    const layers = full.RootFS.Layers ?? [];
    let layerSizes: number[] | null = null;
    if (going.has(image.Id)) {
      layerSizes = layers.length === 1 ? [full.Size] : layerSizesFromHistory(await get<ImageHistoryItem[]>(path('images', image.Id, '/history')), layers.length);
    }
    return [image.Id, { layers, layerSizes }] as const;
  });
  return { ...inputs, imageLayers: new Map(details) };
}
