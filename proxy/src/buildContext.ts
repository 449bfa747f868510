// A build context is a tar; its Dockerfile decides what the engine itself fetches (ADD <URL> runs in the
// engine's own network namespace, where the host's loopback services are). Find the Dockerfile in the first
// part of the stream and judge it before any byte reaches the engine.

export type ScanResult =
  | { state: 'need-more' }
  | { state: 'found'; dockerfile: string }
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
      return { state: 'found', dockerfile: buf.subarray(offset + 512, dataEnd).toString('utf8') };
    }
    offset = next;
  }
  return { state: 'need-more' };
}

/** Reason to refuse a Dockerfile, or null: ADD of a URL or git source makes the engine itself fetch it. */
export function judgeDockerfile(text: string): string | null {
  const escape = /^#\s*escape\s*=\s*`/im.test(text.split('\n').slice(0, 5).join('\n')) ? '`' : '\\';
  const joined = text.split(/\r?\n/).reduce<string[]>((lines, line) => {
    const last = lines.length ? lines[lines.length - 1]! : null;
    if (last !== null && last.endsWith(escape)) lines[lines.length - 1] = last.slice(0, -1) + ' ' + line;
    else lines.push(line);
    return lines;
  }, []);
  for (const line of joined) {
    if (/^\s*ADD\s/i.test(line) && /:\/\/|\bgit@/i.test(line)) {
      return `the Dockerfile ADDs a remote source (${line.trim().slice(0, 80)}): the engine would fetch it from its own network; download it into the context instead`;
    }
  }
  return null;
}
