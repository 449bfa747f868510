/**
 * Test helper: writes small tar archives in memory (ustar, with pax or GNU records for long
 * names), so the readers are tested on bytes built here rather than on binary files.
 */
import { concatBytes } from '../engine/bytes';

export type TestTarEntry =
  | { type: 'file'; path: string; content?: string | Uint8Array; size?: number; mode?: number }
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'hardlink'; path: string; target: string };

export interface TestTarOptions {
  /** How names over 100 bytes are written: a pax `path` record (default), GNU `L`, or the ustar prefix. */
  longNames?: 'pax' | 'gnu' | 'prefix';
  /** Leave out the two end-of-archive blocks. */
  noEnd?: boolean;
}

const encoder = new TextEncoder();

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0');
}

function header(name: string, flag: string, size: number, mode: number, link = '', prefix = ''): Uint8Array {
  return rawHeader({ name, flag, size: octal(size, 12), mode, link, prefix });
}

/** One header block with its fields given as they are written (an odd size field, another magic). */
export function rawHeader(f: { name: string; flag: string; size: string; mode?: number; link?: string; prefix?: string; magic?: string; trailer?: string }): Uint8Array {
  const block = new Uint8Array(512);
  const put = (text: string, at: number, max: number): void => {
    block.set(encoder.encode(text).subarray(0, max), at);
  };
  put(f.name, 0, 100);
  put(octal(f.mode ?? 0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(f.size, 124, 12);
  put(octal(1_700_000_000, 12), 136, 12);
  put('        ', 148, 8);
  put(f.flag, 156, 1);
  put(f.link ?? '', 157, 100);
  put(f.magic ?? 'ustar\u000000', 257, 8);
  put(f.prefix ?? '', 345, 155);
  if (f.trailer) put(f.trailer, 508, 4);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${octal(sum, 7)}\u0000 `, 148, 8);
  return block;
}

/** Data blocks: the bytes, padded to 512. */
export function padded(data: Uint8Array): Uint8Array[] {
  const pad = (512 - (data.length % 512)) % 512;
  return pad > 0 ? [data, new Uint8Array(pad)] : [data];
}

export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return `${length}${body}`;
}

export function createTestTar(entries: readonly TestTarEntry[], options: TestTarOptions = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const path = entry.type === 'dir' && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path;
    let name = path;
    let prefix = '';
    if (encoder.encode(path).length > 100) {
      if (options.longNames === 'gnu') {
        const data = encoder.encode(`${path}\u0000`);
        parts.push(header('././@LongLink', 'L', data.length, 0), ...padded(data));
        name = path.slice(0, 100);
      } else if (options.longNames === 'prefix') {
        const cut = path.lastIndexOf('/', path.length - 2);
        prefix = path.slice(0, cut);
        name = path.slice(cut + 1);
      } else {
        const data = encoder.encode(paxRecord('path', path));
        parts.push(header('PaxHeaders/x', 'x', data.length, 0o644), ...padded(data));
        name = path.slice(0, 100);
      }
    }
    switch (entry.type) {
      case 'dir':
        parts.push(header(name, '5', 0, entry.mode ?? 0o755, '', prefix));
        break;
      case 'symlink':
        parts.push(header(name, '2', 0, 0o777, entry.target, prefix));
        break;
      case 'hardlink':
        parts.push(header(name, '1', 0, 0o644, entry.target, prefix));
        break;
      case 'file': {
        const content = typeof entry.content === 'string' ? encoder.encode(entry.content) : (entry.content ?? new Uint8Array(entry.size ?? 0));
        parts.push(header(name, '0', content.length, entry.mode ?? 0o644, '', prefix), ...padded(content));
        break;
      }
    }
  }
  if (!options.noEnd) parts.push(new Uint8Array(1024));
  return concatBytes(parts);
}
