import { describe, expect, test } from 'vitest';
import { ConnectionCaps, RequestDeadlines, type Watched } from './connectionGuard.ts';

describe('ConnectionCaps', () => {
  test('per client, then in all; a released slot is free again', () => {
    const caps = new ConnectionCaps({ perClient: 2, total: 3 });
    expect(caps.admit('a')).toBe(true);
    expect(caps.admit('a')).toBe(true);
    expect(caps.admit('a')).toBe(false);
    expect(caps.admit('b')).toBe(true);
    expect(caps.admit('c')).toBe(false);
    caps.release('a');
    expect(caps.admit('c')).toBe(true);
    expect(caps.total).toBe(3);
  });

  test('a trusted reverse proxy counts only in the total', () => {
    const caps = new ConnectionCaps({ perClient: 1, total: 3 }, new Set(['proxy']));
    expect([caps.admit('proxy'), caps.admit('proxy'), caps.admit('proxy'), caps.admit('proxy')]).toEqual([true, true, true, false]);
  });
});

describe('RequestDeadlines', () => {
  function fake() {
    const state = { received: false, bytes: 0, cut: '' };
    const w: Watched = { received: () => state.received, progress: () => state.bytes, cut: (why) => void (state.cut = why) };
    return { state, w };
  }

  test('an unauthenticated request that is not complete in time is cut; a complete one is not', () => {
    let now = 0;
    const d = new RequestDeadlines({ unauthenticatedMs: 10_000, uploadIdleMs: 60_000 }, () => now);
    const slow = fake();
    const quick = fake();
    d.watch(slow.w);
    d.watch(quick.w);
    quick.state.received = true;
    now = 9_999;
    slow.state.bytes = 5; // trickling bytes buys an unauthenticated request nothing
    expect(d.sweep()).toBe(0);
    now = 10_000;
    expect(d.sweep()).toBe(1);
    expect(slow.state.cut).toMatch(/not complete within 10 s/);
    expect(quick.state.cut).toBe('');
    expect(d.size).toBe(0);
  });

  test('an authenticated upload lives as long as it moves, and is cut once it stalls', () => {
    let now = 0;
    const d = new RequestDeadlines({ unauthenticatedMs: 10_000, uploadIdleMs: 60_000 }, () => now);
    const up = fake();
    d.watch(up.w).authenticated();
    for (let i = 1; i <= 10; i++) {
      now = i * 50_000;
      up.state.bytes += 1000;
      expect(d.sweep()).toBe(0);
    }
    now += 59_999;
    expect(d.sweep()).toBe(0);
    now += 1;
    expect(d.sweep()).toBe(1);
    expect(up.state.cut).toMatch(/no progress for 60 s/);
  });

  test('done() stops watching', () => {
    let now = 0;
    const d = new RequestDeadlines({ unauthenticatedMs: 1000, uploadIdleMs: 1000 }, () => now);
    const a = fake();
    d.watch(a.w).done();
    now = 5000;
    expect(d.sweep()).toBe(0);
    expect(a.state.cut).toBe('');
  });
});
