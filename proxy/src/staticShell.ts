// Static shells the browser may copy into a container that has none (e.g. Debian's busybox-static at
// /bin/busybox). The proxy only serves the file; the browser packs it and uploads it through the archive API.
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** Engine architecture names (GOARCH) by ELF e_machine. */
const MACHINES: Record<number, string> = { 62: 'amd64', 183: 'arm64', 40: 'arm', 3: '386', 21: 'ppc64le', 22: 's390x', 243: 'riscv64' };

export interface StaticShell {
  arch: string;
  path: string;
  size: number;
}

/** Reads an ELF header: the architecture, and whether the binary is static (no PT_INTERP program header). */
export function inspectElf(path: string): { arch: string; isStatic: boolean } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(64);
    if (readSync(fd, head, 0, 64, 0) < 64 || head.readUInt32BE(0) !== 0x7f454c46) return null;
    const is64 = head[4] === 2;
    const le = head[5] === 1;
    const u16 = (o: number) => (le ? head.readUInt16LE(o) : head.readUInt16BE(o));
    const arch = MACHINES[u16(18)];
    if (!arch) return null;
    const phoff = Number(is64 ? (le ? head.readBigUInt64LE(32) : head.readBigUInt64BE(32)) : le ? head.readUInt32LE(28) : head.readUInt32BE(28));
    const phentsize = u16(is64 ? 54 : 42);
    const phnum = u16(is64 ? 56 : 44);
    const table = Buffer.alloc(phentsize * phnum);
    readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) {
      const type = le ? table.readUInt32LE(i * phentsize) : table.readUInt32BE(i * phentsize);
      if (type === 3) return { arch, isStatic: false }; // PT_INTERP: needs a dynamic loader the container may lack
    }
    return { arch, isStatic: true };
  } finally {
    closeSync(fd);
  }
}

/** The static shells available, from --static-shell PATH options, or Debian's busybox-static if present. */
export function findStaticShells(paths: readonly string[]): { shells: StaticShell[]; problems: string[] } {
  const shells: StaticShell[] = [];
  const problems: string[] = [];
  for (const path of paths.length ? paths : ['/bin/busybox']) {
    const elf = inspectElf(path);
    if (!elf) problems.push(`${path}: not a readable ELF binary`);
    else if (!elf.isStatic) problems.push(`${path}: dynamically linked; install busybox-static (Debian) for a static one`);
    else if (!shells.some((s) => s.arch === elf.arch)) shells.push({ arch: elf.arch, path, size: statSync(path).size });
  }
  return { shells, problems };
}
