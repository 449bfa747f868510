import { QueryClient } from '@tanstack/solid-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whenQueriesSettle } from './settled';

describe('whenQueriesSettle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const deferred = () => {
    let resolve!: (value: string) => void;
    const promise = new Promise<string>((r) => (resolve = r));
    return { promise, resolve };
  };

  it('waits for every fetch, including one started by the answer of another', async () => {
    const client = new QueryClient();
    const first = deferred();
    const second = deferred();
    void client.fetchQuery({ queryKey: ['a'], queryFn: () => first.promise }).then(() => client.fetchQuery({ queryKey: ['b'], queryFn: () => second.promise }));
    let settled = false;
    void whenQueriesSettle(client, 60_000).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(settled).toBe(false);
    first.resolve('a');
    await vi.advanceTimersByTimeAsync(10);
    expect(settled).toBe(false);
    second.resolve('b');
    await vi.advanceTimersByTimeAsync(10);
    expect(settled).toBe(true);
  });

  it('resolves at once when nothing is fetching, and after maxMs when something never ends', async () => {
    const idle = new QueryClient();
    let settled = false;
    void whenQueriesSettle(idle, 60_000).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);

    const busy = new QueryClient();
    void busy.fetchQuery({ queryKey: ['never'], queryFn: () => new Promise<never>(() => undefined) });
    let gaveUp = false;
    void whenQueriesSettle(busy, 5_000).then(() => (gaveUp = true));
    await vi.advanceTimersByTimeAsync(4_000);
    expect(gaveUp).toBe(false);
    await vi.advanceTimersByTimeAsync(1_001);
    expect(gaveUp).toBe(true);
  });
});
