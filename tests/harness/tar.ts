// A tiny ustar writer: enough for image roots, build contexts and archive uploads.
export type TarEntry =
  | { type: 'file'; path: string; content: Buffer | string; mode?: number }
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'symlink'; path: string; target: string };

// A fixed mtime keeps archives byte-identical between runs, so layer digests are stable.
const MTIME = 1_700_000_000;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function splitName(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  // ustar: a path up to 255 bytes is split at a '/' into prefix (155) and name (100).
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`tar: path too long for ustar: ${path}`);
}

function header(path: string, typeflag: string, size: number, mode: number, linkname = ''): Buffer {
  const h = Buffer.alloc(512);
  const { name, prefix } = splitName(path);
  h.write(name, 0, 100);
  h.write(octal(mode, 8), 100);
  h.write(octal(0, 8), 108); // uid
  h.write(octal(0, 8), 116); // gid
  h.write(octal(size, 12), 124);
  h.write(octal(MTIME, 12), 136);
  h.write('        ', 148); // checksum is computed with this field as spaces
  h.write(typeflag, 156);
  h.write(linkname, 157, 100);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write('root', 265, 32);
  h.write('root', 297, 32);
  h.write(prefix, 345, 155);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/** Builds a complete tar archive (with the two zero end blocks) in memory. */
export function createTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const path = e.path.replace(/^\/+/, '');
    if (e.type === 'dir') {
      parts.push(header(path.endsWith('/') ? path : path + '/', '5', 0, e.mode ?? 0o755));
    } else if (e.type === 'symlink') {
      if (Buffer.byteLength(e.target) > 100) throw new Error(`tar: symlink target too long: ${e.target}`);
      parts.push(header(path, '2', 0, 0o777, e.target));
    } else {
      const data = Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content);
      parts.push(header(path, '0', data.length, e.mode ?? 0o644), data);
      const pad = (512 - (data.length % 512)) % 512;
      if (pad > 0) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
