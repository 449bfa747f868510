/**
 * Porthole's one tar writer: file uploads (PUT /containers/ID/archive), build contexts, the static shell and
 * the test fixtures. ustar headers, with a pax extended header (POSIX.1-2001) in front of an entry whose
 * name or link does not fit ustar (a name part over 100 bytes, or over 255 in all) or whose size needs more
 * than 11 octal digits, as Go's archive/tar in the engine reads it. Owners are 0:0; directories come before
 * what they hold.
 */
import { concatBytes } from '../engine/bytes';

export interface TarEntry {
  /** Relative path, e.g. ".porthole/busybox"; directories may end in "/". */
  name: string;
  type: 'file' | 'dir' | 'symlink';
  /** Permission bits, e.g. 0o755. */
  mode: number;
  data?: Uint8Array;
  /** What a symlink points to. */
  link?: string;
  /** Seconds since the epoch. */
  mtime?: number;
}

const BLOCK = 512;
// 11 octal digits: sizes from 8 GiB on go in a pax record.
const MAX_OCTAL_SIZE = 0o77777777777;
const encoder = new TextEncoder();

/** The bytes of a tar archive holding `entries`, in order, ended by two zero blocks. */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const data = entry.type === 'file' ? (entry.data ?? new Uint8Array(0)) : new Uint8Array(0);
    const path = entry.type === 'dir' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
    const link = entry.type === 'symlink' ? (entry.link ?? '') : '';
    const split = splitName(path);
    const records = [
      split ? '' : paxRecord('path', path),
      encoder.encode(link).length > 100 ? paxRecord('linkpath', link) : '',
      data.length > MAX_OCTAL_SIZE ? paxRecord('size', String(data.length)) : '',
    ].join('');
    if (records) {
      const body = encoder.encode(records);
      parts.push(header({ prefix: '', name: 'PaxHeader', flag: 'x', mode: 0o644, size: body.length, mtime: entry.mtime }), ...padded(body));
    }
    const [prefix, name] = split ?? ['', cut(path, 100)];
    const flag = entry.type === 'dir' ? '5' : entry.type === 'symlink' ? '2' : '0';
    parts.push(header({ prefix, name, flag, mode: entry.mode, size: data.length, mtime: entry.mtime, link: cut(link, 100) }), ...padded(data));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  return concatBytes(parts);
}

/** One pax record, "LENGTH key=value\n", its length in bytes counting its own digits. */
export function paxRecord(key: string, value: string): string {
  const rest = encoder.encode(` ${key}=${value}\n`).length;
  let length = rest + 1;
  while (String(length).length + rest !== length) length = String(length).length + rest;
  return `${length} ${key}=${value}\n`;
}

/** Data blocks: the bytes, padded with zeros to a whole block. */
function padded(data: Uint8Array): Uint8Array[] {
  const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
  if (!data.length) return [];
  return pad ? [data, new Uint8Array(pad)] : [data];
}

interface HeaderFields {
  prefix: string;
  name: string;
  flag: string;
  mode: number;
  size: number;
  mtime?: number | undefined;
  link?: string;
}

function header(f: HeaderFields): Uint8Array {
  const h = new Uint8Array(BLOCK);
  putString(h, 0, 100, f.name);
  putOctal(h, 100, 8, f.mode & 0o7777);
  putOctal(h, 108, 8, 0); // uid
  putOctal(h, 116, 8, 0); // gid
  putOctal(h, 124, 12, Math.min(f.size, MAX_OCTAL_SIZE)); // a larger size is in the pax record
  putOctal(h, 136, 12, Math.floor(f.mtime ?? 0));
  h.fill(0x20, 148, 156); // checksum counts as spaces while it is computed
  putString(h, 156, 1, f.flag); // '0' file, '2' symlink, '5' directory, 'x' pax header
  putString(h, 157, 100, f.link ?? '');
  putString(h, 257, 6, 'ustar'); // with its NUL
  putString(h, 263, 2, '00');
  putString(h, 265, 32, 'root');
  putString(h, 297, 32, 'root');
  putString(h, 345, 155, f.prefix);
  const sum = h.reduce((a, b) => a + b, 0);
  putString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** ustar keeps names over 100 bytes as prefix (≤155) + "/" + name (≤100); null when no split fits. */
function splitName(path: string): [string, string] | null {
  const bytes = encoder.encode(path).length;
  if (bytes <= 100) return ['', path];
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const rest = path.slice(i + 1);
    if (encoder.encode(prefix).length <= 155 && rest !== '' && encoder.encode(rest).length <= 100) return [prefix, rest];
  }
  return null;
}

/** The longest start of `text` that fits in `max` bytes (the ustar field of a name a pax record holds whole). */
function cut(text: string, max: number): string {
  let out = text;
  while (encoder.encode(out).length > max) out = out.slice(0, -1);
  return out;
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
