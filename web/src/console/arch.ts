/**
 * Architecture names: images and the proxy use Go's (amd64, arm64), `uname -m` and ELF tools use the
 * kernel's (x86_64, aarch64). Everything is compared in Go's names.
 */

const ALIASES: Readonly<Record<string, string>> = {
  x86_64: 'amd64',
  'x86-64': 'amd64',
  x64: 'amd64',
  amd64: 'amd64',
  aarch64: 'arm64',
  arm64: 'arm64',
  armv7l: 'arm',
  armv7: 'arm',
  armv6l: 'arm',
  armhf: 'arm',
  armel: 'arm',
  arm: 'arm',
  i386: '386',
  i686: '386',
  x86: '386',
  '386': '386',
  ppc64le: 'ppc64le',
  ppc64el: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

/** Go's name for an architecture, or the input lower-cased when unknown. */
export function normalizeArch(arch: string): string {
  const key = arch.trim().toLowerCase();
  return ALIASES[key] ?? key;
}

export interface StaticShellInfo {
  arch: string;
  size: number;
}

export type ShellChoice = { ok: true; shell: StaticShellInfo } | { ok: false; reason: string };

/** The proxy's static shell for a container whose image is built for `imageArch`, or why there is none. */
export function pickStaticShell(shells: readonly StaticShellInfo[], problems: readonly string[], imageArch: string): ShellChoice {
  const wanted = normalizeArch(imageArch);
  if (!wanted) return { ok: false, reason: 'The image does not say which architecture it is built for, so Porthole cannot tell which static shell would run.' };
  const shell = shells.find((s) => normalizeArch(s.arch) === wanted);
  if (shell) return { ok: true, shell };
  const have = shells.length ? `The proxy has static shells for ${shells.map((s) => s.arch).join(', ')} only.` : 'The proxy has no static shell at all.';
  const why = problems.length ? ` It reported: ${problems.join('; ')}.` : '';
  return {
    ok: false,
    reason: `This container is ${wanted}. ${have}${why} On the proxy's host, install busybox-static for ${wanted} and pass it with --static-shell PATH.`,
  };
}
