import { describe, expect, test } from 'vitest';
import { formatCommand, parseCommand, probeOutput, startFailure } from './shellDiscovery';

const DOCKERD_MISSING =
  'OCI runtime exec failed: exec failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown\r\n';
const PATH_MISSING =
  'OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown\r\n';
const NOEXEC =
  'OCI runtime exec failed: exec failed: unable to start container process: exec: "/.porthole/busybox": permission denied: unknown\r\n';

describe('startFailure', () => {
  test.each([
    { name: 'dockerd, absolute path missing', code: 126, output: DOCKERD_MISSING, expected: 'missing' },
    { name: 'name not in PATH, code 127', code: 127, output: PATH_MISSING, expected: 'missing' },
    { name: 'shorter runtime wording', code: 126, output: 'exec failed: no such file or directory', expected: 'missing' },
    { name: 'noexec mount', code: 126, output: NOEXEC, expected: 'not-executable' },
    { name: 'wrong architecture', code: 126, output: 'OCI runtime exec failed: exec format error: unknown', expected: 'not-executable' },
    { name: 'leading blank line', code: 126, output: `\r\n${DOCKERD_MISSING}`, expected: 'missing' },
    { name: 'shell ran and exited 127 itself', code: 127, output: '/ # nope\r\nsh: nope: not found\r\n/ # exit\r\n', expected: null },
    { name: 'program printed the words itself', code: 1, output: DOCKERD_MISSING, expected: null },
    { name: 'clean exit', code: 0, output: '', expected: null },
    { name: 'unknown exit code', code: null, output: DOCKERD_MISSING, expected: null },
    { name: 'runtime message about something else', code: 126, output: 'OCI runtime exec failed: cgroup is gone', expected: null },
  ])('$name', ({ code, output, expected }) => {
    expect(startFailure(code, output)).toBe(expected);
  });
});

describe('probeOutput', () => {
  test.each([
    { name: 'nothing yet', held: '', expected: 'hold' },
    { name: 'whitespace only', held: '\r\n', expected: 'hold' },
    { name: 'start of the runtime message', held: 'OCI run', expected: 'hold' },
    { name: 'whole runtime message', held: DOCKERD_MISSING, expected: 'hold' },
    { name: 'a prompt', held: '/ # ', expected: 'show' },
    { name: 'bash prompt', held: 'root@c0ffee:/# ', expected: 'show' },
    { name: 'an O that is not the message', held: 'Ok', expected: 'show' },
    { name: 'too long to be the message', held: `OCI runtime exec failed${'x'.repeat(3000)}`, expected: 'show' },
  ])('$name', ({ held, expected }) => {
    expect(probeOutput(held)).toBe(expected);
  });
});

describe('parseCommand', () => {
  test.each([
    { line: 'sh', expected: ['sh'] },
    { line: '  ls   -la /  ', expected: ['ls', '-la', '/'] },
    { line: `sh -c 'echo "hi there"'`, expected: ['sh', '-c', 'echo "hi there"'] },
    { line: 'echo "a \\"b\\" c"', expected: ['echo', 'a "b" c'] },
    { line: 'echo a\\ b', expected: ['echo', 'a b'] },
    { line: `echo ''`, expected: ['echo', ''] },
    { line: '', expected: [] },
    { line: `echo 'open`, expected: null },
  ])('$line', ({ line, expected }) => {
    expect(parseCommand(line)).toEqual(expected);
  });
});

describe('formatCommand', () => {
  test.each([
    { cmd: ['/.porthole/busybox', 'sh'], expected: '/.porthole/busybox sh' },
    { cmd: ['sh', '-c', 'echo hi'], expected: `sh -c 'echo hi'` },
    { cmd: ['echo', "it's"], expected: `echo 'it'\\''s'` },
  ])('$expected', ({ cmd, expected }) => {
    expect(formatCommand(cmd)).toBe(expected);
    expect(parseCommand(expected)).toEqual(cmd);
  });
});
