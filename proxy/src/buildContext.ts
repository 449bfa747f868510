// A build context is a tar; its Dockerfile decides what the engine itself fetches (ADD <URL> runs in the
// engine's own network namespace, where the host's loopback services are). Find the Dockerfile in the first
// part of the stream and judge it before any byte reaches the engine. Pure: no Node API.
import { concatBytes } from '../../web/src/engine/bytes.ts';
import { TarStream, type TarHeader } from '../../web/src/image/tarStream.ts';

export type GateResult =
  | { state: 'need-more' }
  | { state: 'found'; dockerfile: string }
  | { state: 'refused'; status: 400 | 403 | 413; reason: string };

const COMPRESSED: readonly (readonly number[])[] = [
  [0x1f, 0x8b], // gzip
  [0x42, 0x5a, 0x68], // bzip2
  [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], // xz
  [0x28, 0xb5, 0x2f, 0xfd], // zstd
];

/** A path as the engine's unpacker resolves it inside the context: `.`, `..` and repeated slashes folded. */
export function contextPath(name: string): string | null {
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!out.length) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/**
 * Judges a build context as it streams, in one pass that keeps its state between chunks (the shared
 * TarStream reads the tar as the engine's Go unpacker does). Before the Dockerfile it collects the
 * Dockerfile's bytes, up to `limit` bytes into the stream; after it, it watches for entries that would
 * change the file the engine then reads: a second entry of that name, an entry replacing a directory
 * on its path, or any entry written through a symlink (which could land on it). The bytes it examined
 * are counted, so a test can tell that each is read once.
 */
export class BuildContextGate {
  private readonly tar = new TarStream();
  private readonly want: string;
  private readonly ancestors: Set<string>;
  private readonly symlinks = new Set<string>();
  private current: 'dockerfile' | 'other' = 'other';
  private parts: Uint8Array[] = [];
  private found: string | null = null;
  private refusal: GateResult | null = null;
  private first = true;
  /** Bytes the tar reader consumed so far: each once, however the stream was cut. */
  get examined(): number {
    return this.tar.position;
  }

  constructor(
    name: string,
    private readonly limit: number,
  ) {
    const want = contextPath(name);
    if (want === null || want === '' || name.includes('\0')) {
      this.refusal = { state: 'refused', status: 400, reason: `the dockerfile parameter ${JSON.stringify(name)} is not a path inside the build context` };
    }
    this.want = want ?? '';
    const parts = this.want.split('/');
    this.ancestors = new Set(parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/')));
  }

  /** Feeds the next bytes of the context. */
  push(chunk: Uint8Array): GateResult {
    if (this.refusal) return this.refusal;
    if (this.first && chunk.length) {
      this.first = false;
      if (COMPRESSED.some((magic) => magic.every((b, i) => chunk[i] === b))) {
        return this.refuse(403, 'compressed build contexts are not accepted: send a plain tar');
      }
    }
    let events;
    try {
      events = this.tar.push(chunk);
    } catch (e) {
      return this.refuse(400, `the build context is not a valid tar: ${(e as Error).message}`);
    }
    for (const event of events) {
      const r = event.kind === 'entry' ? this.entry(event.header) : this.data(event);
      if (r) return r;
    }
    if (this.found !== null) return { state: 'found', dockerfile: this.found };
    if (this.tar.done) return this.refuse(400, `the build context holds no ${this.want}`);
    if (this.tar.position > this.limit) {
      return this.refuse(413, `no ${this.want} within the first ${Math.round(this.limit / 1024 ** 2)} MiB of the build context: put it first`);
    }
    return { state: 'need-more' };
  }

  /** The context ended. */
  end(): GateResult {
    if (this.refusal) return this.refusal;
    if (this.found !== null) return { state: 'found', dockerfile: this.found };
    try {
      this.tar.end();
    } catch (e) {
      return this.refuse(400, `the build context is not a valid tar: ${(e as Error).message}`);
    }
    return this.refuse(400, `the build context holds no ${this.want}`);
  }

  private refuse(status: 400 | 403 | 413, reason: string): GateResult {
    this.refusal = { state: 'refused', status, reason };
    return this.refusal;
  }

  private entry(header: TarHeader): GateResult | null {
    const path = contextPath(header.path);
    if (path === null) return this.refuse(400, `the build context entry ${JSON.stringify(header.path.slice(0, 200))} leads outside the context`);
    const dirs = path.split('/');
    for (let i = 1; i < dirs.length; i++) {
      const dir = dirs.slice(0, i).join('/');
      if (this.symlinks.has(dir)) {
        return this.refuse(403, `the build context entry ${path.slice(0, 200)} is written through the symlink ${dir}; send the files themselves`);
      }
    }
    if (header.type === 'symlink') this.symlinks.add(path);
    this.current = 'other';
    if (this.found !== null) {
      if (path === this.want) return this.refuse(403, `the build context holds a second ${this.want}; send one`);
      if (this.ancestors.has(path) && header.type !== 'dir') {
        return this.refuse(403, `the build context entry ${path} would replace a directory holding the judged ${this.want}`);
      }
      return null;
    }
    if (path === this.want && header.type === 'file') {
      this.current = 'dockerfile';
      this.parts = [];
      if (header.size === 0) this.found = '';
    }
    return null;
  }

  private data(event: { kind: 'data'; bytes: Uint8Array } | { kind: 'entryEnd' }): GateResult | null {
    if (this.current !== 'dockerfile') return null;
    if (event.kind === 'data') {
      // A view into the chunk: copy, the caller may reuse its buffers.
      this.parts.push(event.bytes.slice());
      return null;
    }
    this.found = new TextDecoder().decode(concatBytes(this.parts));
    this.parts = [];
    this.current = 'other';
    return null;
  }
}

/** Dockerfile lines with continuations joined as the engine's parser joins them (escape and newline removed). */
function instructions(text: string): string[] {
  // biome-ignore lint/suspicious/noShadowRestrictedNames: the Dockerfile directive's own name
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
