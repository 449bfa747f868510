import { describe, expect, test } from 'vitest';
import { endReason, type SessionEnd } from './exitReason';

const base: SessionEnd = {
  mode: 'exec',
  command: 'sh',
  opened: true,
  errors: [],
  closeCode: 1000,
  closedByPage: false,
  startFailure: null,
  container: { exists: true, running: true },
  online: true,
};

describe('endReason', () => {
  test.each<{ name: string; end: Partial<SessionEnd>; kind: string; title: RegExp; reconnect: boolean }>([
    { name: 'the shell exited', end: { exitCode: 3 }, kind: 'exited', title: /^sh exited with code 3$/, reconnect: true },
    { name: 'exit code unknown', end: { exitCode: null }, kind: 'exited', title: /unknown code/, reconnect: true },
    { name: 'attach ended', end: { mode: 'attach', exitCode: 0 }, kind: 'exited', title: /main process ended/, reconnect: true },
    { name: 'container stopped under the shell', end: { exitCode: 137, container: { exists: true, running: false, exitCode: 137 } }, kind: 'container-stopped', title: /container stopped/, reconnect: true },
    { name: 'container removed', end: { exitCode: null, container: { exists: false, running: false } }, kind: 'container-gone', title: /removed/, reconnect: false },
    { name: 'network dropped', end: { closeCode: 1006 }, kind: 'network', title: /connection dropped/, reconnect: true },
    { name: 'device offline', end: { closeCode: 1006, online: false }, kind: 'network', title: /connection dropped/, reconnect: true },
    { name: 'engine unknown after a drop', end: { closeCode: 1006, container: null }, kind: 'network', title: /connection dropped/, reconnect: true },
    { name: 'refused upgrade, container stopped', end: { opened: false, closeCode: 1006, container: { exists: true, running: false } }, kind: 'container-stopped', title: /not running/, reconnect: true },
    { name: 'refused upgrade, reason unknown', end: { opened: false, closeCode: 1006 }, kind: 'refused', title: /Could not open/, reconnect: true },
    { name: 'custom command missing', end: { exitCode: 126, startFailure: 'missing', command: 'htop' }, kind: 'missing', title: /^htop is not in this container$/, reconnect: false },
    { name: 'noexec', end: { exitCode: 126, startFailure: 'not-executable', command: '/.porthole/busybox sh' }, kind: 'not-executable', title: /cannot run/, reconnect: false },
    { name: 'the session ended (logout, rotation, expiry)', end: { endedBy: { by: 'session', message: 'your session ended: you logged out' }, closeCode: 4401 }, kind: 'session-ended', title: /^Your session ended$/, reconnect: false },
    { name: 'the proxy stops', end: { endedBy: { by: 'proxy', message: 'the Porthole proxy is stopping' }, closeCode: 1001 }, kind: 'proxy-stopped', title: /proxy stopped/, reconnect: true },
    { name: 'the engine went away: named, and it comes back by itself', end: { engine: 'nas', endedBy: { by: 'engine', message: 'engine nas stopped answering (connect ENOENT)' }, closeCode: 1011, container: null }, kind: 'engine-gone', title: /^Engine nas stopped answering$/, reconnect: true },
    { name: 'the engine stopped its containers, then did not answer', end: { engine: 'nas', exitCode: 137, container: null, engineDown: 'engine nas did not answer: connect ENOENT' }, kind: 'engine-gone', title: /^Engine nas stopped answering$/, reconnect: true },
    { name: 'closed by the page wins', end: { closedByPage: true, closeCode: 1000, container: { exists: true, running: false } }, kind: 'closed', title: /closed/, reconnect: true },
  ])('$name', ({ end, kind, title, reconnect }) => {
    const reason = endReason({ ...base, ...end });
    expect(reason.kind).toBe(kind);
    expect(reason.title).toMatch(title);
    expect(reason.canReconnect).toBe(reconnect);
    expect(reason.message.length).toBeGreaterThan(10);
  });

  test('the device being offline is said', () => {
    expect(endReason({ ...base, closeCode: 1006, online: false }).message).toMatch(/offline/);
  });

  test('the proxy’s error message is shown', () => {
    expect(endReason({ ...base, exitCode: 1, errors: ['container paused'] }).message).toMatch(/container paused/);
  });
});

test('an engine that went away is named, not "the proxy", and the console says it reconnects by itself', () => {
  const r = endReason({ ...base, engine: 'local', endedBy: { by: 'engine', message: 'engine local stopped answering (socket hang up)' }, closeCode: 1011, container: null });
  expect(r.message).toMatch(/Engine local stopped answering \(socket hang up\)\. This console reconnects by itself, with a new session, as soon as local answers again/);
  expect(r.message).not.toMatch(/proxy/);
  expect(r.reconnectsItself).toBe(true);
  // A session that ended with a code while the engine stopped: the engine is named, not the code or the proxy.
  const stopped = endReason({ ...base, engine: 'local', exitCode: 137, closeCode: 1000, container: null, engineDown: 'engine local (unix:///run/docker.sock) did not answer: connect ENOENT' });
  expect(stopped.title).toBe('Engine local stopped answering');
  expect(stopped.message).toMatch(/^Engine local stopped answering \(engine local .*connect ENOENT\)\. This console reconnects by itself/);
  expect(stopped.reconnectsItself).toBe(true);
});
