import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { killScript, loadInstanceId, parseKillOutput, SessionReaper } from './sessionReaper.ts';

// Instance ids of this run: the kill script scans every process of the machine, so fixed ids would meet
// another run of this file (another checkout's suite) on the same machine.
const [A, B, C, D] = Array.from({ length: 4 }, () => randomBytes(6).toString('hex'));
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

describe('instance id and markers', () => {
  test('the instance id is made once per state dir and kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reaper-'));
    dirs.push(dir);
    const id = loadInstanceId(dir);
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(loadInstanceId(dir)).toBe(id);
    expect(readFileSync(join(dir, 'instance-id'), 'utf8').trim()).toBe(id);
    const other = mkdtempSync(join(tmpdir(), 'reaper-'));
    dirs.push(other);
    expect(loadInstanceId(other)).not.toBe(id);
  });

  test('markers carry the instance and this run, and differ per session', () => {
    const r = new SessionReaper('0123456789ab');
    const a = r.newMarker();
    expect(a).toMatch(new RegExp(`^0123456789ab-${r.run}-[0-9a-f]{16}$`));
    expect(r.newMarker()).not.toBe(a);
    expect(new SessionReaper('0123456789ab').run).not.toBe(r.run);
    expect(SessionReaper.envEntry(a)).toBe(`PORTHOLE_SESSION=${a}`);
  });
});

describe('the kill script', () => {
  test('its output says what was ended and whether none is left; no known line means it never ran', () => {
    expect(parseKillOutput('ended 12 sleep 5 \nended 13 sh \nclean 1\n')).toEqual({ ended: ['12 sleep 5', '13 sh'], clean: true });
    expect(parseKillOutput('clean 0\n')).toEqual({ ended: [], clean: true });
    expect(parseKillOutput('ended 9 x\nleft\n')).toEqual({ ended: ['9 x'], clean: false });
    expect(parseKillOutput('OCI runtime exec failed: exec: "sh": executable file not found in $PATH\r\n')).toBeNull();
  });

  /** A process that ignores HUP and TERM and keeps a child, with `marker` in its environment. */
  function marked(marker: string): ChildProcess {
    const c = spawn('sh', ['-c', "trap '' HUP TERM; sleep 300 & sleep 301 & wait"], { env: { PATH: process.env.PATH, PORTHOLE_SESSION: marker }, stdio: 'ignore' });
    children.push(c);
    return c;
  }
  const exited = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())));
  const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
  const run = async (...args: string[]) => (await promisify(execFile)('sh', ['-c', killScript(), 'porthole-end', ...args])).stdout;

  test('ends every process of a session, children included, and leaves other sessions', async () => {
    const mine = marked(`${A}-11111111-00000000000000a1`);
    const other = marked(`${A}-11111111-00000000000000a2`);
    // Wait until both shells started their sleeps (their children carry the marker too).
    const { stdout } = await promisify(execFile)('sh', ['-c', `until [ $(grep -ls PORTHOLE_SESSION=${A}- /proc/[0-9]*/environ | wc -l) -ge 6 ]; do :; done; echo ok`]);
    expect(stdout).toBe('ok\n');
    const out = parseKillOutput(await run('', '', `${A}-11111111-00000000000000a1`));
    expect(out?.clean).toBe(true);
    expect(out?.ended.length).toBe(3);
    await exited(mine);
    expect(alive(other)).toBe(true);
  });

  test('several sessions at once, and without grep (tr reads each environment)', async () => {
    const a = marked(`${D}-11111111-00000000000000d1`);
    const b = marked(`${D}-11111111-00000000000000d2`);
    const c = marked(`${D}-11111111-00000000000000d3`);
    await promisify(execFile)('sh', ['-c', `until [ $(grep -ls PORTHOLE_SESSION=${D}- /proc/[0-9]*/environ | wc -l) -ge 9 ]; do :; done`]);
    const out = parseKillOutput(await run('', '', `${D}-11111111-00000000000000d1`, `${D}-11111111-00000000000000d2`));
    expect(out?.ended.length).toBe(6);
    await Promise.all([exited(a), exited(b)]);
    expect(alive(c)).toBe(true);
    const noGrep = mkdtempSync(join(tmpdir(), 'reaper-bin-'));
    dirs.push(noGrep);
    symlinkSync('/bin/busybox', join(noGrep, 'tr'));
    const { stdout } = await promisify(execFile)('/bin/dash', ['-c', killScript(), 'porthole-end', '', '', `${D}-11111111-00000000000000d3`], { env: { PATH: noGrep } });
    expect(parseKillOutput(stdout)?.ended.length).toBe(3);
    await exited(c);
    // Without grep it forks a tr per process of this whole machine: slow on a busy one.
  }, 120_000);

  test('an instance prefix ends every earlier run, and a run given as kept is left alone', async () => {
    const earlier = marked(`${B}-11111111-00000000000000b1`);
    const current = marked(`${B}-22222222-00000000000000b2`);
    const foreign = marked(`${C}-11111111-00000000000000c1`);
    await promisify(execFile)('sh', ['-c', `until [ $(grep -lsE "PORTHOLE_SESSION=(${B}|${C})-" /proc/[0-9]*/environ | wc -l) -ge 9 ]; do :; done`]);
    const out = parseKillOutput(await run('', `${B}-22222222-`, `${B}-`));
    expect(out).toMatchObject({ clean: true });
    expect(out?.ended.length).toBe(3);
    await exited(earlier);
    expect(alive(current)).toBe(true);
    expect(alive(foreign)).toBe(true);
  });
});
