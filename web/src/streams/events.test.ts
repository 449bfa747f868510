import { QueryClient } from '@tanstack/solid-query';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { ContainerSummary } from '../engine/types';
import { createInvalidationBatch, patchNow } from './events';
import { containerKeys, imageKeys } from '../queries/keys';

const summary = (Id: string, State: string): ContainerSummary => ({ Id, Names: [`/${Id}`], Image: 'x', ImageID: 'y', Created: 0, State, Status: State });

let client: QueryClient;
beforeEach(() => {
  vi.useFakeTimers();
  client = new QueryClient();
});
afterEach(() => {
  client.clear();
  vi.useRealTimers();
});

test('patchNow changes the cached list and sizes at once, and removes rows', () => {
  client.setQueryData(containerKeys.list('local'), [summary('a', 'exited'), summary('b', 'running')]);
  client.setQueryData(containerKeys.sizes('local'), [summary('a', 'exited')]);
  patchNow(client, 'local', { kind: 'containerState', id: 'a', state: 'running', status: 'Up' });
  patchNow(client, 'local', { kind: 'containerRemoved', id: 'b' });
  expect(client.getQueryData<ContainerSummary[]>(containerKeys.list('local'))?.map((c) => `${c.Id} ${c.State}`)).toEqual(['a running']);
  expect(client.getQueryData<ContainerSummary[]>(containerKeys.sizes('local'))?.[0]?.State).toBe('running');
  // Another engine's cache is left alone, and no cache is created.
  patchNow(client, 'other', { kind: 'containerRemoved', id: 'a' });
  expect(client.getQueryData(containerKeys.list('other'))).toBeUndefined();
});

test('invalidations wait for a burst to end, then go once per key', async () => {
  const spy = vi.spyOn(client, 'invalidateQueries');
  const batch = createInvalidationBatch(client, 'local');
  batch.add({ kind: 'invalidate', area: 'containers', id: 'a' });
  batch.add({ kind: 'invalidate', area: 'containers', id: 'a' });
  batch.add({ kind: 'invalidate', area: 'images' });
  expect(spy).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(200);
  const keys = spy.mock.calls.map((call) => JSON.stringify(call[0]?.queryKey));
  expect(keys.sort()).toEqual(
    [containerKeys.list('local'), containerKeys.detail('local', 'a'), imageKeys.list('local')].map((k) => JSON.stringify(k)).sort(),
  );
  batch.dispose();
});

test('a steady stream of events still flushes within the maximum wait', async () => {
  const spy = vi.spyOn(client, 'invalidateQueries');
  const batch = createInvalidationBatch(client, 'local');
  for (let t = 0; t < 1500; t += 50) {
    batch.add({ kind: 'invalidate', area: 'volumes' });
    await vi.advanceTimersByTimeAsync(50);
  }
  expect(spy.mock.calls.length).toBeGreaterThanOrEqual(1);
  batch.dispose();
});

test('a list being fetched is not interrupted: it is invalidated once that fetch ends', async () => {
  let resolve: (value: ContainerSummary[]) => void = () => undefined;
  const pending = client.fetchQuery({ queryKey: containerKeys.list('local'), queryFn: () => new Promise<ContainerSummary[]>((r) => (resolve = r)) });
  const spy = vi.spyOn(client, 'invalidateQueries');
  const batch = createInvalidationBatch(client, 'local');
  batch.add({ kind: 'invalidate', area: 'containers' });
  await vi.advanceTimersByTimeAsync(300);
  expect(spy).not.toHaveBeenCalled();
  resolve([]);
  await pending;
  await vi.advanceTimersByTimeAsync(300);
  expect(spy).toHaveBeenCalledTimes(1);
  batch.dispose();
});
