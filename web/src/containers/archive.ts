/**
 * A container's filesystem through GET /containers/ID/archive: a folder's first level read from the
 * tar headers as they stream (file data skipped, never kept), the X-Docker-Container-Path-Stat header,
 * and paths. Pure.
 */
import { TarStream, type TarEntryType } from '../image/tarStream';
import { concatBytes } from '../engine/bytes';

export interface DirEntry {
  name: string;
  type: TarEntryType;
  size: number;
  mode: number;
  linkTarget: string;
}

/**
 * Reads a `GET archive?path=DIR` tar: the first entry is DIR itself, its children are the entries one
 * level below. The engine walks depth-first, so the first level is only known complete at the end; the
 * caller may stop early (a byte budget) and say the list is partial.
 */
export function createDirListing() {
  const tar = new TarStream({ data: false });
  let root: string | null = null;
  const entries: DirEntry[] = [];
  return {
    push(chunk: Uint8Array): DirEntry[] {
      const found: DirEntry[] = [];
      for (const event of tar.push(chunk)) {
        if (event.kind !== 'entry') continue;
        const { path, type, size, mode, linkTarget } = event.header;
        if (root === null) {
          root = path;
          continue;
        }
        const prefix = root === '' ? '' : `${root}/`;
        if (!path.startsWith(prefix)) continue;
        const rest = path.slice(prefix.length);
        if (rest === '' || rest.includes('/')) continue;
        const entry = { name: rest, type, size, mode, linkTarget };
        entries.push(entry);
        found.push(entry);
      }
      return found;
    },
    get done(): boolean {
      return tar.done;
    },
    get scanned(): number {
      return tar.position;
    },
    get entries(): readonly DirEntry[] {
      return entries;
    },
  };
}

/** The bytes of the first regular file in a tar (a single file's archive), fed chunk by chunk. */
export function createFileExtractor() {
  const tar = new TarStream();
  const parts: Uint8Array[] = [];
  let state: 'before' | 'in' | 'after' = 'before';
  return {
    push(chunk: Uint8Array): void {
      for (const event of tar.push(chunk)) {
        if (event.kind === 'entry' && state === 'before' && event.header.type === 'file') state = 'in';
        else if (event.kind === 'data' && state === 'in') parts.push(event.bytes.slice());
        else if (event.kind === 'entryEnd' && state === 'in') state = 'after';
      }
    },
    result(): Uint8Array | null {
      if (state === 'before') return null;
      return concatBytes(parts);
    },
  };
}

export interface PathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
  isDir: boolean;
  isLink: boolean;
}

// Go's os.FileMode type bits.
const MODE_DIR = 2 ** 31;
const MODE_SYMLINK = 2 ** 27;

/** X-Docker-Container-Path-Stat: base64 of {name, size, mode, mtime, linkTarget}; null when absent or unreadable. */
export function parsePathStat(header: string | null, decodeBase64: (text: string) => string = atob): PathStat | null {
  if (!header) return null;
  try {
    const raw = JSON.parse(decodeBase64(header)) as { name?: string; size?: number; mode?: number; mtime?: string; linkTarget?: string };
    const mode = raw.mode ?? 0;
    return {
      name: raw.name ?? '',
      size: raw.size ?? 0,
      mode,
      mtime: raw.mtime ?? '',
      linkTarget: raw.linkTarget ?? '',
      isDir: Math.floor(mode / MODE_DIR) % 2 === 1,
      isLink: Math.floor(mode / MODE_SYMLINK) % 2 === 1,
    };
  } catch {
    return null;
  }
}

/** "rwxr-xr-x" from permission bits. */
export function formatPermissions(mode: number): string {
  const chars = 'rwxrwxrwx';
  let out = '';
  for (let i = 0; i < 9; i++) out += mode & (1 << (8 - i)) ? chars[i] : '-';
  return out;
}

/** "/etc" + "ssl" → "/etc/ssl"; normalises slashes, never climbs above "/". */
export function joinPath(dir: string, name: string): string {
  return normalizePath(`${dir}/${name}`);
}

export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function parentPath(path: string): string {
  return normalizePath(`${path}/..`);
}

/** "/a/b/c" → [{name:'/', path:'/'}, {a, /a}, {b, /a/b}, {c, /a/b/c}]. */
export function breadcrumbs(path: string): { name: string; path: string }[] {
  const out = [{ name: '/', path: '/' }];
  let at = '';
  for (const part of normalizePath(path).split('/').filter(Boolean)) {
    at += `/${part}`;
    out.push({ name: part, path: at });
  }
  return out;
}

/** Folders first, then by name. */
export function sortEntries(entries: readonly DirEntry[]): DirEntry[] {
  return [...entries].sort((a, b) => (a.type === 'dir') === (b.type === 'dir') ? a.name.localeCompare(b.name) : a.type === 'dir' ? -1 : 1);
}
