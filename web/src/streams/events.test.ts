import { QueryClient } from '@tanstack/solid-query';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { ContainerSummary } from '../engine/types';
import { eventEffects } from '../engine/events';
import type { HostRisks } from '../system/hostRisk';
import { createInvalidationBatch, createRowRefresh, patchNow } from './events';
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
    // The container's row is refreshed by itself (createRowRefresh), not by fetching the whole list.
    [containerKeys.detail('local', 'a'), imageKeys.list('local')].map((k) => JSON.stringify(k)).sort(),
  );
  batch.dispose();
});

test('a container made, removed or reconfigured judges the host risks again; a state change patches their row at once', async () => {
  const risks: HostRisks = {
    rows: [{ kind: 'container', id: 'a', name: 'a', state: 'running', access: [] }],
    judged: 2,
    unsafeAllowAll: false,
  };
  client.setQueryData(containerKeys.hostRisk('local'), risks);
  const spy = vi.spyOn(client, 'invalidateQueries');
  const batch = createInvalidationBatch(client, 'local');
  for (const effect of eventEffects({ Type: 'container', Action: 'create', Actor: { ID: 'b' } })) {
    if (effect.kind === 'invalidate') batch.add(effect);
  }
  await vi.advanceTimersByTimeAsync(200);
  expect(spy.mock.calls.map((call) => JSON.stringify(call[0]?.queryKey))).toContain(JSON.stringify(containerKeys.hostRisk('local')));
  batch.dispose();

  patchNow(client, 'local', { kind: 'containerState', id: 'a', state: 'exited', status: 'Exited' });
  expect(client.getQueryData<HostRisks>(containerKeys.hostRisk('local'))?.rows.map((r) => `${r.id} ${r.state}`)).toEqual(['a exited']);
  patchNow(client, 'local', { kind: 'containerRemoved', id: 'a' });
  expect(client.getQueryData<HostRisks>(containerKeys.hostRisk('local'))?.rows).toEqual([]);
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

const engine = { name: 'local', apiVersion: '1.41' };

test('changed containers refresh their own rows: one filtered listing for a burst, put into the cached list', async () => {
  client.setQueryData(containerKeys.list('local'), [summary('a', 'running'), summary('b', 'running')]);
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(decodeURIComponent(String(url)));
    return new Response(JSON.stringify([summary('a', 'exited'), summary('c', 'created')]), { headers: { 'content-type': 'application/json' } });
  });
  try {
    const rows = createRowRefresh(client, engine);
    rows.add('a');
    rows.add('c');
    rows.add('b');
    await vi.advanceTimersByTimeAsync(100);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('/containers/json');
    expect(asked[0]).toContain('"id":["a","c","b"]');
    // a changed, c is new (first), b is gone (asked for, not listed).
    expect(client.getQueryData<ContainerSummary[]>(containerKeys.list('local'))?.map((c) => `${c.Id} ${c.State}`)).toEqual(['c created', 'a exited']);
    rows.dispose();
  } finally {
    vi.unstubAllGlobals();
  }
});

test('a failed row refresh falls back to fetching the whole list; nothing listed yet asks nothing', async () => {
  const spy = vi.spyOn(client, 'invalidateQueries');
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(String(url));
    return new Response('{"message":"boom"}', { status: 500, headers: { 'content-type': 'application/json' } });
  });
  try {
    const rows = createRowRefresh(client, engine);
    rows.add('a');
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(0);
    client.setQueryData(containerKeys.list('local'), [summary('a', 'running')]);
    rows.add('a');
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(1);
    expect(spy.mock.calls.map((call) => JSON.stringify(call[0]?.queryKey))).toContain(JSON.stringify(containerKeys.list('local')));
    rows.dispose();
  } finally {
    vi.unstubAllGlobals();
  }
});
