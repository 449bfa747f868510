import { expect, test } from 'vitest';
import { LiveAccess, type Grant } from './liveAccess.ts';

function grant(key: string): Grant & { end(reason: string): void } {
  let reason: string | null = null;
  return { key, ended: () => reason, end: (r) => void (reason = r) };
}

test('a grant that ends closes everything it holds, with its reason; others stay', () => {
  const live = new LiveAccess();
  const a = grant('session:a');
  const b = grant('session:b');
  const closed: string[] = [];
  live.hold(a, (r) => closed.push(`a1 ${r}`));
  live.hold(a, (r) => closed.push(`a2 ${r}`));
  live.hold(b, (r) => closed.push(`b ${r}`));
  expect(live.sweep()).toBe(0);
  a.end('the admin token was rotated');
  expect(live.sweep()).toBe(2);
  expect(closed).toEqual(['a1 the admin token was rotated', 'a2 the admin token was rotated']);
  expect(live.size).toBe(1);
});

test('released holds are not closed; end() and endAll() close the rest', () => {
  const live = new LiveAccess();
  const a = grant('session:a');
  const closed: string[] = [];
  const release = live.hold(a, () => closed.push('gone'));
  release();
  expect(live.end('session:a', 'you logged out')).toBe(0);
  live.hold(a, (r) => closed.push(r));
  live.hold(grant('bearer:admin:x'), (r) => closed.push(r));
  expect(live.endAll('the proxy is stopping')).toBe(2);
  expect(closed).toEqual(['the proxy is stopping', 'the proxy is stopping']);
  expect(live.size).toBe(0);
});
