import { describe, expect, test } from 'vitest';
import { normalizeArch, pickStaticShell } from './arch';

describe('normalizeArch', () => {
  test.each([
    ['x86_64', 'amd64'],
    ['amd64', 'amd64'],
    ['AMD64', 'amd64'],
    ['aarch64', 'arm64'],
    ['arm64', 'arm64'],
    ['armv7l', 'arm'],
    ['i686', '386'],
    ['ppc64el', 'ppc64le'],
    ['mips64', 'mips64'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeArch(input)).toBe(expected);
  });
});

describe('pickStaticShell', () => {
  const amd = { arch: 'amd64', size: 2_000_000 };
  const arm = { arch: 'arm64', size: 1_800_000 };
  test.each<{ name: string; shells: { arch: string; size: number }[]; problems: string[]; image: string; pick?: string; reason?: RegExp }>([
    { name: 'same name', shells: [amd, arm], problems: [], image: 'amd64', pick: 'amd64' },
    { name: 'kernel name in the image', shells: [amd, arm], problems: [], image: 'aarch64', pick: 'arm64' },
    { name: 'no shell for the arch', shells: [amd], problems: [], image: 'arm64', reason: /container is arm64.*amd64 only.*--static-shell/ },
    { name: 'no shells at all, with the problem', shells: [], problems: ['/bin/busybox: not a readable ELF binary'], image: 'amd64', reason: /no static shell at all.*not a readable ELF/ },
    { name: 'image without an architecture', shells: [amd], problems: [], image: '', reason: /does not say/ },
  ])('$name', ({ shells, problems, image, pick, reason }) => {
    const choice = pickStaticShell(shells, problems, image);
    if (pick) expect(choice).toEqual({ ok: true, shell: shells.find((s) => s.arch === pick) });
    else {
      expect(choice.ok).toBe(false);
      if (!choice.ok) expect(choice.reason).toMatch(reason!);
    }
  });
});
