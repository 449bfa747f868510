import { describe, expect, test } from 'vitest';
import { findStaticShells, inspectElf } from './staticShell.ts';

describe('static shells', () => {
  test('Debian busybox-static is a static amd64 binary', () => {
    expect(inspectElf('/bin/busybox')).toEqual({ arch: 'amd64', isStatic: true });
  });
  test('node itself is dynamically linked and is not offered', () => {
    const { shells, problems } = findStaticShells([process.execPath]);
    expect(shells).toEqual([]);
    expect(problems[0]).toMatch(/dynamically linked/);
  });
  test('a file that is not ELF is reported', () => {
    expect(findStaticShells(['/etc/hostname']).problems[0]).toMatch(/not a readable ELF/);
  });
});
