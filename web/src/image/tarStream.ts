/**
 * A streaming tar reader: Uint8Array chunks in, entry events out, never holding more than one
 * 512-byte header (plus a pax or GNU long-name record) in memory. File data is handed on as
 * views into the chunks it arrived in, or skipped.
 *
 * Reads ustar (name + prefix), pax extended headers (`path`, `linkpath`, `size`; per entry `x`
 * and global `g`), GNU long names (`L`, `K`) and base-256 sizes. Stops at the end-of-archive
 * block and ignores whatever padding follows.
 */
import { concatBytes } from '../engine/bytes';

export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'chardev' | 'blockdev' | 'dir' | 'fifo' | 'other';

export interface TarHeader {
  /** Without a leading "./" or "/"; directories without their trailing "/". */
  path: string;
  type: TarEntryType;
  size: number;
  mode: number;
  linkTarget: string;
}

export type TarEvent =
  | { kind: 'entry'; header: TarHeader }
  | { kind: 'data'; bytes: Uint8Array }
  | { kind: 'entryEnd' };

export class TarFormatError extends Error {
  override readonly name = 'TarFormatError';
}

const BLOCK = 512;
const decoder = new TextDecoder();
/** pax and GNU long-name records are kept in memory: refuse absurd ones. */
const MAX_META = 1024 * 1024;

type State =
  | { kind: 'header' }
  | { kind: 'data'; remaining: number; padding: number; emit: boolean }
  | { kind: 'meta'; type: 'x' | 'g' | 'L' | 'K'; remaining: number; padding: number; parts: Uint8Array[] }
  | { kind: 'padding'; remaining: number }
  | { kind: 'done' };

export interface TarStreamOptions {
  /** Hand file data on as `data` events (default true); false skips it. */
  data?: boolean;
}

export class TarStream {
  private state: State = { kind: 'header' };
  private header = new Uint8Array(BLOCK);
  private headerFill = 0;
  private offset = 0;
  private pax: Record<string, string> = {};
  private globalPax: Record<string, string> = {};
  private longName: string | null = null;
  private longLink: string | null = null;
  private readonly emitData: boolean;

  constructor(options: TarStreamOptions = {}) {
    this.emitData = options.data ?? true;
  }

  /** True once the end-of-archive block was read. */
  get done(): boolean {
    return this.state.kind === 'done';
  }

  /** Bytes consumed so far. */
  get position(): number {
    return this.offset;
  }

  /** Feeds a chunk; returns the events it completes, in order. */
  push(chunk: Uint8Array): TarEvent[] {
    const events: TarEvent[] = [];
    let at = 0;
    while (at < chunk.length && this.state.kind !== 'done') {
      const state = this.state;
      switch (state.kind) {
        case 'header': {
          const take = Math.min(BLOCK - this.headerFill, chunk.length - at);
          this.header.set(chunk.subarray(at, at + take), this.headerFill);
          this.headerFill += take;
          at += take;
          if (this.headerFill === BLOCK) {
            this.headerFill = 0;
            this.readHeader(events);
          }
          break;
        }
        case 'data': {
          const take = Math.min(state.remaining, chunk.length - at);
          if (state.emit && take > 0) events.push({ kind: 'data', bytes: chunk.subarray(at, at + take) });
          state.remaining -= take;
          at += take;
          if (state.remaining === 0) {
            if (state.emit) events.push({ kind: 'entryEnd' });
            this.state = state.padding > 0 ? { kind: 'padding', remaining: state.padding } : { kind: 'header' };
          }
          break;
        }
        case 'meta': {
          const take = Math.min(state.remaining, chunk.length - at);
          state.parts.push(chunk.slice(at, at + take));
          state.remaining -= take;
          at += take;
          if (state.remaining === 0) {
            this.readMeta(state.type, concatBytes(state.parts));
            this.state = state.padding > 0 ? { kind: 'padding', remaining: state.padding } : { kind: 'header' };
          }
          break;
        }
        case 'padding': {
          const take = Math.min(state.remaining, chunk.length - at);
          state.remaining -= take;
          at += take;
          if (state.remaining === 0) this.state = { kind: 'header' };
          break;
        }
      }
    }
    this.offset += at;
    return events;
  }

  /** Call when the input ends: throws when it ended inside the archive. */
  end(): void {
    if (this.state.kind === 'done') return;
    // Some writers omit the end blocks: ending cleanly between entries is accepted.
    if (this.state.kind === 'header' && this.headerFill === 0) {
      this.state = { kind: 'done' };
      return;
    }
    throw new TarFormatError(`The archive was cut short at byte ${this.offset + this.headerFill}.`);
  }

  private readHeader(events: TarEvent[]): void {
    const block = this.header;
    if (block.every((byte) => byte === 0)) {
      this.state = { kind: 'done' };
      return;
    }
    const at = this.offset;
    const stored = readOctal(block, 148, 8);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] ?? 0);
    if (stored !== sum) throw new TarFormatError(`Not a tar archive: bad header checksum near byte ${at}.`);

    const flag = String.fromCharCode(block[156] ?? 0);
    const size = readSize(block);
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size > MAX_META) throw new TarFormatError(`A ${size}-byte extended header near byte ${at} is too large.`);
      this.state = size > 0 ? { kind: 'meta', type: flag, remaining: size, padding, parts: [] } : { kind: 'header' };
      return;
    }

    const magic = readString(block, 257, 6);
    const prefix = magic.startsWith('ustar') ? readString(block, 345, 155) : '';
    const name = readString(block, 0, 100);
    const rawPath = this.longName ?? this.pax['path'] ?? this.globalPax['path'] ?? (prefix ? `${prefix}/${name}` : name);
    const linkTarget = this.longLink ?? this.pax['linkpath'] ?? this.globalPax['linkpath'] ?? readString(block, 157, 100);
    const paxSize = this.pax['size'] ?? this.globalPax['size'];
    const entrySize = paxSize !== undefined && /^\d+$/.test(paxSize) ? Number(paxSize) : size;
    const type = entryType(flag, rawPath);
    const header: TarHeader = {
      path: cleanPath(rawPath),
      type,
      size: type === 'file' ? entrySize : 0,
      mode: readOctal(block, 100, 8) & 0o7777,
      linkTarget,
    };
    this.pax = {};
    this.longName = null;
    this.longLink = null;
    // Only regular files carry data; links, dirs and devices carry none whatever size says,
    // except for writers that do store hard-link data: skip what the size field says.
    const dataSize = flag === '0' || flag === '\0' || flag === '7' || type === 'other' ? entrySize : flag === '1' ? size : 0;
    const dataPadding = (BLOCK - (dataSize % BLOCK)) % BLOCK;
    events.push({ kind: 'entry', header });
    if (dataSize > 0) {
      this.state = { kind: 'data', remaining: dataSize, padding: dataPadding, emit: this.emitData };
    } else {
      if (this.emitData) events.push({ kind: 'entryEnd' });
      this.state = { kind: 'header' };
    }
  }

  private readMeta(type: 'x' | 'g' | 'L' | 'K', bytes: Uint8Array): void {
    if (type === 'L') this.longName = decodeCString(bytes);
    else if (type === 'K') this.longLink = decodeCString(bytes);
    else Object.assign(type === 'x' ? this.pax : this.globalPax, parsePax(bytes));
  }
}

/** pax records: "LEN key=value\n", LEN counting the whole record in bytes. */
export function parsePax(bytes: Uint8Array): Record<string, string> {
  const result: Record<string, string> = {};
  let at = 0;
  while (at < bytes.length) {
    let space = at;
    while (space < bytes.length && bytes[space] !== 0x20) space++;
    const length = Number(decoder.decode(bytes.subarray(at, space)));
    if (!Number.isInteger(length) || length <= 0 || at + length > bytes.length) {
      throw new TarFormatError('A pax extended header is malformed.');
    }
    const record = decoder.decode(bytes.subarray(space + 1, at + length - 1));
    const equals = record.indexOf('=');
    if (equals > 0) result[record.slice(0, equals)] = record.slice(equals + 1);
    at += length;
  }
  return result;
}

function entryType(flag: string, path: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
      // Old tars mark directories only by the trailing slash.
      return path.endsWith('/') ? 'dir' : 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '3':
      return 'chardev';
    case '4':
      return 'blockdev';
    case '5':
      return 'dir';
    case '6':
      return 'fifo';
    default:
      return 'other';
  }
}

function cleanPath(path: string): string {
  let result = path;
  while (result.startsWith('./')) result = result.slice(2);
  result = result.replace(/^\/+/, '').replace(/\/+$/, '');
  return result === '.' ? '' : result;
}

function readString(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

function readOctal(block: Uint8Array, start: number, length: number): number {
  const text = readString(block, start, length).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** Octal, or base-256 (first byte's high bit set) for sizes of 8 GiB and more. */
function readSize(block: Uint8Array): number {
  const first = block[124] ?? 0;
  if ((first & 0x80) === 0) return readOctal(block, 124, 12);
  let value = first & 0x7f;
  for (let i = 125; i < 136; i++) value = value * 256 + (block[i] ?? 0);
  return value;
}

function decodeCString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

