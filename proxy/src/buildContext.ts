// A build context is a tar; its Dockerfile decides what the engine itself fetches (ADD <URL> runs in the
// engine's own network namespace, where the host's loopback services are). Find the Dockerfile in the first
// part of the stream and judge it before any byte reaches the engine.

export type ScanResult =
  | { state: 'need-more' }
  | { state: 'found'; dockerfile: string; end: number }
  | { state: 'refused'; reason: string };

function cString(buf: Buffer, start: number, length: number): string {
  const raw = buf.subarray(start, start + length);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul < 0 ? raw.length : nul).toString('utf8');
}

const clean = (name: string) => name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');

/** Scans the tar bytes received so far for the entry `name`. */
export function scanForDockerfile(buf: Buffer, name: string): ScanResult {
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return { state: 'refused', reason: 'compressed build contexts are not accepted: send a plain tar' };
  if (buf.length >= 3 && buf.subarray(0, 3).toString('latin1') === 'BZh') return { state: 'refused', reason: 'compressed build contexts are not accepted: send a plain tar' };
  if (buf.length >= 6 && buf.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]))) return { state: 'refused', reason: 'compressed build contexts are not accepted: send a plain tar' };
  const want = clean(name);
  let offset = 0;
  let longName: string | null = null;
  while (offset + 512 <= buf.length) {
    const header = buf.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) return { state: 'refused', reason: `the build context holds no ${want}` };
    const size = parseInt(cString(header, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) return { state: 'refused', reason: 'the build context is not a valid tar' };
    const type = String.fromCharCode(header[156] ?? 48);
    const prefix = cString(header, 345, 155);
    let entry = longName ?? (prefix ? `${prefix}/${cString(header, 0, 100)}` : cString(header, 0, 100));
    longName = null;
    const dataEnd = offset + 512 + size;
    const next = offset + 512 + Math.ceil(size / 512) * 512;
    if (type === 'L' || type === 'x') {
      if (dataEnd > buf.length) return { state: 'need-more' };
      const data = buf.subarray(offset + 512, dataEnd).toString('utf8');
      longName = type === 'L' ? data.replace(/\0+$/, '') : (/(?:^|\n)\d+ path=([^\n]*)\n/.exec(data)?.[1] ?? null);
      offset = next;
      continue;
    }
    entry = clean(entry);
    if (entry === want && (type === '0' || type === '\0')) {
      if (dataEnd > buf.length) return { state: 'need-more' };
      return { state: 'found', dockerfile: buf.subarray(offset + 512, dataEnd).toString('utf8'), end: next };
    }
    offset = next;
  }
  return { state: 'need-more' };
}

/** Dockerfile lines with continuations joined as the engine's parser joins them (escape and newline removed). */
function instructions(text: string): string[] {
  const escape = /^#\s*escape\s*=\s*`/im.test(text.split('\n').slice(0, 5).join('\n')) ? '`' : '\\';
  return text.split(/\r?\n/).reduce<string[]>((lines, line) => {
    const last = lines.length ? lines[lines.length - 1]! : null;
    if (last !== null && last.trimEnd().endsWith(escape)) lines[lines.length - 1] = last.trimEnd().slice(0, -1) + line;
    else lines.push(line);
    return lines;
  }, []);
}

/** An ADD the engine would fetch itself: a URL, a git source, or a variable that could expand to one. */
export function remoteAdd(instruction: string): boolean {
  return /^\s*ADD\s/i.test(instruction) && /:\/\/|\bgit@|\$/i.test(instruction.replace(/^\s*ADD\s+(--\S+\s+)*/i, ''));
}

/** Reason to refuse a Dockerfile, or null: ADD of a URL, git source or variable makes the engine fetch it;
 *  ONBUILD would plant such an ADD for later builds. */
export function judgeDockerfile(text: string): string | null {
  for (const line of instructions(text)) {
    if (/^\s*ONBUILD\s/i.test(line)) return 'ONBUILD triggers are not accepted: they would run in later builds, unjudged';
    if (remoteAdd(line)) {
      return `the Dockerfile ADDs a remote or variable source (${line.trim().slice(0, 80)}): the engine would fetch it from its own network; download it into the context and COPY it instead`;
    }
  }
  return null;
}

/** Base images named without variables (FROM lines), to check for inherited ONBUILD triggers. */
export function baseImages(text: string): string[] {
  const stages = new Set<string>();
  const out: string[] = [];
  for (const line of instructions(text)) {
    const m = /^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!m) continue;
    const image = m[1]!;
    if (!image.includes('$') && image !== 'scratch' && !stages.has(image.toLowerCase())) out.push(image);
    if (m[2]) stages.add(m[2].toLowerCase());
  }
  return out;
}

/**
 * Watches the rest of a build context as it streams: a second entry with the Dockerfile's name (a file,
 * or a symlink to another file) would replace the one that was judged, so it ends the upload instead.
 */
export class TarWatcher {
  private pending = Buffer.alloc(0);
  private skip = 0;
  private longName: string | null = null;
  private readonly want: string;

  constructor(name: string) {
    this.want = clean(name);
  }

  /** Feeds the next bytes; returns a reason to stop, or null. */
  push(chunk: Buffer): string | null {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      if (this.skip) {
        const n = Math.min(this.skip, buf.length);
        this.skip -= n;
        buf = buf.subarray(n);
        if (this.skip) break;
      }
      if (buf.length < 512) break;
      const header = buf.subarray(0, 512);
      if (header.every((b) => b === 0)) {
        buf = buf.subarray(512);
        continue;
      }
      const size = parseInt(cString(header, 124, 12).trim() || '0', 8) || 0;
      const type = String.fromCharCode(header[156] ?? 48);
      const padded = Math.ceil(size / 512) * 512;
      if (type === 'L' || type === 'x') {
        if (buf.length < 512 + size) break;
        const data = buf.subarray(512, 512 + size).toString('utf8');
        this.longName = type === 'L' ? data.replace(/\0+$/, '') : (/(?:^|\n)\d+ path=([^\n]*)\n/.exec(data)?.[1] ?? null);
        buf = buf.subarray(512);
        this.skip = padded;
        continue;
      }
      const prefix = cString(header, 345, 155);
      const name = clean(this.longName ?? (prefix ? `${prefix}/${cString(header, 0, 100)}` : cString(header, 0, 100)));
      this.longName = null;
      if (name === this.want) return `the build context holds a second ${this.want}; send one`;
      buf = buf.subarray(512);
      this.skip = padded;
    }
    this.pending = Buffer.from(buf);
    return null;
  }
}
