import { describe, expect, test } from 'vitest';
import type { EndReason } from './exitReason';
import { ATTACH_SESSION, endedBySignal, hasStaticShell, MAX_NOT_RUNNING, OutputProbe, reconnectWait, SHELL_SESSION, sessionCandidates, sessionCommand, shellRemovalFailure, tabLabel, tabState } from './session';
import { SHELL_CANDIDATES, STATIC_SHELL_CMD } from './shellDiscovery';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunks: Uint8Array[]) => chunks.map((c) => new TextDecoder().decode(c)).join('');

describe('what a session tries', () => {
  test('a shell session tries each candidate; a command only itself; attach no command', () => {
    expect(sessionCandidates(SHELL_SESSION)).toBe(SHELL_CANDIDATES);
    expect(sessionCandidates({ ...SHELL_SESSION, cmd: STATIC_SHELL_CMD })).toEqual([STATIC_SHELL_CMD]);
    expect(sessionCandidates(ATTACH_SESSION)).toEqual([[]]);
    expect(sessionCommand(ATTACH_SESSION, [])).toBe('attach');
    expect(sessionCommand(SHELL_SESSION, ['top', '-d', '1'])).toBe('top -d 1');
  });
});

describe('OutputProbe', () => {
  test('the runtime saying the program is missing is held back, and the end names the failure', () => {
    const probe = new OutputProbe(true);
    expect(probe.push(bytes('OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": '))).toEqual({ show: [], proven: false });
    expect(probe.push(bytes('executable file not found in $PATH: unknown\r\n'))).toEqual({ show: [], proven: false });
    expect(probe.end(127)).toBe('missing');
  });

  test("the program's own output shows at once, everything held with it, and proves it runs", () => {
    const probe = new OutputProbe(true);
    expect(probe.push(bytes('  '))).toEqual({ show: [], proven: false });
    const out = probe.push(bytes('/ # '));
    expect(out.proven).toBe(true);
    expect(text(out.show)).toBe('  / # ');
    expect(probe.active).toBe(false);
    // Once proven, output passes straight through, and the end is no start failure.
    expect(text(probe.push(bytes('ls\r\n')).show)).toBe('ls\r\n');
    expect(probe.end(127)).toBeNull();
  });

  test('a held text that was not a start failure is released at the end', () => {
    const probe = new OutputProbe(true);
    probe.push(bytes('exec failed'));
    expect(probe.end(0)).toBeNull();
    expect(text(probe.release())).toBe('exec failed');
  });

  test('without probing nothing is held', () => {
    const probe = new OutputProbe(false);
    expect(text(probe.push(bytes('OCI runtime exec failed')).show)).toBe('OCI runtime exec failed');
    expect(probe.end(127)).toBeNull();
  });
});

describe('waiting and ending', () => {
  test('an end by a signal or without a code asks about the container again', () => {
    expect(endedBySignal(undefined)).toBe(true);
    expect(endedBySignal(null)).toBe(true);
    expect(endedBySignal(137)).toBe(true);
    expect(endedBySignal(0)).toBe(false);
    expect(endedBySignal(1)).toBe(false);
  });

  test('waiting for an engine backs off to 3 s; a container not running yet is asked about each second', () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => reconnectWait(attempt, 0).ms)).toEqual([500, 1000, 2000, 3000, 3000, 3000]);
    expect(reconnectWait(0, 0).kind).toBe('next-answer');
    expect(reconnectWait(3, 1)).toEqual({ kind: 'pause', ms: 1000 });
    expect(MAX_NOT_RUNNING).toBeGreaterThan(1);
  });
});

describe('tabs', () => {
  const ended: EndReason = { kind: 'exited', title: 'Ended', message: '', canReconnect: true } as EndReason;
  test("a tab is labelled with its number and its program's name", () => {
    expect(tabLabel(SHELL_SESSION, undefined, 0)).toBe('1 · shell');
    expect(tabLabel(SHELL_SESSION, { phase: 'open', command: '/bin/bash -l' }, 1)).toBe('2 · bash');
    expect(tabLabel(ATTACH_SESSION, { phase: 'open', command: 'attach' }, 2)).toBe('3 · attach');
  });

  test("a tab's dot: starting until open, ended when it ended or found no shell", () => {
    expect(tabState(undefined)).toBe('starting');
    expect(tabState({ phase: 'connecting', command: 'sh' })).toBe('starting');
    expect(tabState({ phase: 'open', command: 'sh' })).toBe('open');
    expect(tabState({ phase: 'no-shell', tried: ['bash'] })).toBe('ended');
    expect(tabState({ phase: 'ended', command: 'sh', reason: ended })).toBe('ended');
  });
});

describe('the static shell', () => {
  test("the container's diff shows whether it is there (added or changed, not deleted)", () => {
    expect(hasStaticShell([{ Path: '/.porthole', Kind: 1 }])).toBe(true);
    expect(hasStaticShell([{ Path: '/.porthole', Kind: 2 }])).toBe(false);
    expect(hasStaticShell([{ Path: '/tmp', Kind: 1 }])).toBe(false);
  });

  test('a failed removal says why and what to do', () => {
    expect(shellRemovalFailure({ code: 0, output: '', opened: true })).toBeNull();
    expect(shellRemovalFailure({ code: undefined, output: '', opened: false })).toMatch(/refused the exec.*signed in as admin/);
    expect(shellRemovalFailure({ code: undefined, output: 'eof', opened: true })).toBe('The connection dropped before the removal finished: eof. Try again.');
    expect(shellRemovalFailure({ code: 1, output: 'busy\n', opened: true })).toBe('Removing /.porthole failed with exit code 1: busy.');
  });
});
