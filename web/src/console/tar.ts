/**
 * A ustar (POSIX.1-1988) writer, enough to hand the engine a few files: PUT /containers/ID/archive
 * takes an application/x-tar body and extracts it into a directory. Owners are 0:0; directories
 * come before what they hold.
 */
import { concatBytes } from '../engine/bytes';

export interface TarEntry {
  /** Relative path, e.g. ".porthole/busybox"; directories may end in "/". */
  name: string;
  type: 'file' | 'dir';
  /** Permission bits, e.g. 0o755. */
  mode: number;
  data?: Uint8Array;
  /** Seconds since the epoch. */
  mtime?: number;
}

const BLOCK = 512;
const encoder = new TextEncoder();

/** The bytes of a tar archive holding `entries`, in order, ended by two zero blocks. */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const data = entry.type === 'file' ? (entry.data ?? new Uint8Array(0)) : new Uint8Array(0);
    parts.push(header(entry, data.length));
    if (data.length) {
      parts.push(data);
      const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (pad) parts.push(new Uint8Array(pad));
    }
  }
  parts.push(new Uint8Array(BLOCK * 2));
  return concatBytes(parts);
}

function header(entry: TarEntry, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const [prefix, name] = splitName(entry.type === 'dir' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name);
  putString(h, 0, 100, name);
  putOctal(h, 100, 8, entry.mode & 0o7777);
  putOctal(h, 108, 8, 0); // uid
  putOctal(h, 116, 8, 0); // gid
  putOctal(h, 124, 12, size);
  putOctal(h, 136, 12, Math.floor(entry.mtime ?? 0));
  h.fill(0x20, 148, 156); // checksum counts as spaces while it is computed
  h[156] = entry.type === 'dir' ? 0x35 : 0x30; // '5' directory, '0' file
  putString(h, 257, 6, 'ustar'); // with its NUL
  putString(h, 263, 2, '00');
  putString(h, 265, 32, 'root');
  putString(h, 297, 32, 'root');
  putString(h, 345, 155, prefix);
  const sum = h.reduce((a, b) => a + b, 0);
  putString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** ustar keeps names over 100 bytes as prefix (≤155) + "/" + name (≤100). */
function splitName(path: string): [string, string] {
  const bytes = encoder.encode(path).length;
  if (bytes <= 100) return ['', path];
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const rest = path.slice(i + 1);
    if (encoder.encode(prefix).length <= 155 && rest !== '' && encoder.encode(rest).length <= 100) return [prefix, rest];
  }
  throw new Error(`tar: the path ${path} is too long for a ustar header`);
}

function putString(h: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = encoder.encode(text);
  if (bytes.length > length) throw new Error(`tar: "${text}" does not fit in ${length} bytes`);
  h.set(bytes, offset);
}

/** Zero-padded octal, NUL-terminated, filling the field. */
function putOctal(h: Uint8Array, offset: number, length: number, value: number): void {
  const text = value.toString(8).padStart(length - 1, '0');
  if (text.length > length - 1) throw new Error(`tar: ${value} does not fit in a ${length}-byte field`);
  putString(h, offset, length, `${text}\0`);
}

/** The archive Porthole copies into a container without a shell: `.porthole/` and `.porthole/busybox`, both 0755. */
export function staticShellTar(busybox: Uint8Array, mtime: number): Uint8Array {
  return writeTar([
    { name: '.porthole/', type: 'dir', mode: 0o755, mtime },
    { name: '.porthole/busybox', type: 'file', mode: 0o755, data: busybox, mtime },
  ]);
}
