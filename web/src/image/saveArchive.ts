/**
 * Reads a `docker save` archive (GET /images/{name}/get) as it streams in, keeping only what
 * describes the image: manifest.json (or the OCI index.json), the small JSON blobs (config,
 * manifests), and the header of every file in every layer (never file contents).
 *
 * Layouts: `<id>/layer.tar` (engines up to 24) or `blobs/sha256/<hex>` (OCI, 25+); a layer may
 * be gzip (decompressed with DecompressionStream). manifest.json may come after the layers (it
 * does on 20.10), so each layer's file list is kept by its path in the archive until the
 * manifest says which diff id it is.
 */
import { TarFormatError, TarStream, type TarEvent, type TarHeader } from './tarStream';
import { concatBytes } from '../engine/bytes';

export interface LayerFileList {
  /** The layer's diff id (from the config's rootfs.diff_ids), or null if the config is missing. */
  diffId: string | null;
  /** Where the layer sits in the archive. */
  source: string;
  compressed: boolean;
  /** Headers of its entries, in archive order. */
  entries: TarHeader[];
}

export interface SavedImage {
  repoTags: string[];
  /** Base first, one per manifest layer. */
  layers: LayerFileList[];
  /** The image config as saved (diff ids, history with empty_layer). */
  config: ImageConfigFile | null;
}

/** The parts of the image config file Porthole reads. */
export interface ImageConfigFile {
  rootfs?: { diff_ids?: string[] };
  history?: { created_by?: string; empty_layer?: boolean; comment?: string }[];
}

interface ManifestJsonEntry {
  Config?: string;
  RepoTags?: string[] | null;
  Layers?: string[];
}

interface OciDescriptor {
  digest?: string;
}

/** Progress is reported after at least this many more bytes (and at the end): a re-render per chunk costs more than the read. */
export const PROGRESS_STEP = 1024 * 1024;

export interface ReadOptions {
  /** Called with the bytes read so far, every PROGRESS_STEP bytes or so and once at the end. */
  onProgress?: (bytes: number) => void;
  signal?: AbortSignal;
}

/** JSON files larger than this are not metadata: they are not kept. */
const MAX_JSON = 8 * 1024 * 1024;
const SNIFF = 512;

type Sink =
  | { kind: 'sniff'; path: string; size: number; parts: Uint8Array[]; length: number }
  | { kind: 'json'; path: string; parts: Uint8Array[] }
  | { kind: 'tar'; list: LayerFileList; stream: TarStream }
  | { kind: 'gzip'; list: LayerFileList; writer: WritableStreamDefaultWriter<BufferSource>; pump: Promise<void> }
  | { kind: 'skip' };

export class SaveArchiveError extends Error {
  override readonly name = 'SaveArchiveError';
}

/** Reads the whole archive from `body`; resolves once it ended and the manifest was found. */
export async function readSaveArchive(body: ReadableStream<Uint8Array>, options: ReadOptions = {}): Promise<SavedImage> {
  const reader = new SaveArchiveReader();
  const source = body.getReader();
  const abort = (): void => {
    void source.cancel().catch(() => undefined);
  };
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    let bytes = 0;
    let reported = 0;
    for (;;) {
      const { done, value } = await source.read();
      if (done) break;
      bytes += value.length;
      await reader.push(value);
      if (bytes - reported >= PROGRESS_STEP) {
        reported = bytes;
        options.onProgress?.(bytes);
      }
    }
    if (reported !== bytes) options.onProgress?.(bytes);
    options.signal?.throwIfAborted();
    return await reader.finish();
  } finally {
    options.signal?.removeEventListener('abort', abort);
    source.releaseLock();
  }
}

/** The same reader, chunk by chunk (what readSaveArchive drives). */
export class SaveArchiveReader {
  private readonly outer = new TarStream();
  private sink: Sink = { kind: 'skip' };
  private readonly json = new Map<string, string>();
  private readonly layers = new Map<string, LayerFileList>();

  async push(chunk: Uint8Array): Promise<void> {
    for (const event of this.outer.push(chunk)) await this.handle(event);
  }

  async finish(): Promise<SavedImage> {
    this.outer.end();
    return this.assemble();
  }

  private async handle(event: TarEvent): Promise<void> {
    switch (event.kind) {
      case 'entry':
        this.sink =
          event.header.type === 'file' ? { kind: 'sniff', path: event.header.path, size: event.header.size, parts: [], length: 0 } : { kind: 'skip' };
        return;
      case 'data':
        await this.write(event.bytes);
        return;
      case 'entryEnd':
        await this.close();
        return;
    }
  }

  private async write(bytes: Uint8Array): Promise<void> {
    const sink = this.sink;
    switch (sink.kind) {
      case 'sniff':
        sink.parts.push(bytes.slice());
        sink.length += bytes.length;
        if (sink.length >= SNIFF) await this.decide(sink);
        return;
      case 'json':
        sink.parts.push(bytes.slice());
        return;
      case 'tar':
        this.pushTar(bytes);
        return;
      case 'gzip':
        // Back-pressure: wait while the inflater is busy, not for each chunk. (A copy: the
        // inflater takes ArrayBuffer-backed bytes only.)
        await sink.writer.ready;
        void sink.writer.write(bytes.slice()).catch(() => undefined);
        return;
      case 'skip':
        return;
    }
  }

  /** Picks what an entry is from its first bytes, then replays them into the chosen sink. */
  private async decide(sniff: Extract<Sink, { kind: 'sniff' }>): Promise<void> {
    const head = concatBytes(sniff.parts);
    const path = sniff.path;
    const first = head.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
    if ((first === 0x7b || first === 0x5b) && sniff.size <= MAX_JSON) {
      this.sink = { kind: 'json', path, parts: [head] };
      return;
    }
    if (head[0] === 0x1f && head[1] === 0x8b) {
      const list = this.newLayer(path, true);
      const inflate = new DecompressionStream('gzip');
      const stream = new TarStream({ data: false });
      const pump = (async () => {
        const inner = inflate.readable.getReader();
        try {
          for (;;) {
            const { done, value } = await inner.read();
            if (done) break;
            // Bytes after the inner end blocks are padding: TarStream ignores them.
            for (const event of stream.push(value)) if (event.kind === 'entry') list.entries.push(event.header);
          }
          stream.end();
        } catch (error) {
          // Unblocks the writer waiting on back-pressure, so the error reaches the caller.
          await inner.cancel(error).catch(() => undefined);
          throw error instanceof TypeError ? new SaveArchiveError(`Layer ${path} is not valid gzip: ${error.message}`) : error;
        }
      })();
      pump.catch(() => undefined);
      this.sink = { kind: 'gzip', list, writer: inflate.writable.getWriter(), pump };
      await this.write(head);
      return;
    }
    if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
      throw new SaveArchiveError(`Layer ${path} is zstd-compressed, which this browser cannot read yet.`);
    }
    if (isTarStart(head) || path.endsWith('layer.tar') || path.startsWith('blobs/')) {
      const list = this.newLayer(path, false);
      this.sink = { kind: 'tar', list, stream: new TarStream({ data: false }) };
      this.pushTar(head);
      return;
    }
    this.sink = { kind: 'skip' };
  }

  private pushTar(bytes: Uint8Array): void {
    if (this.sink.kind !== 'tar') return;
    const list = this.sink.list;
    for (const event of this.sink.stream.push(bytes)) if (event.kind === 'entry') list.entries.push(event.header);
  }

  private async close(): Promise<void> {
    const sink = this.sink;
    this.sink = { kind: 'skip' };
    switch (sink.kind) {
      case 'sniff':
        // Shorter than the sniff window: decide now, then close what was chosen.
        this.sink = sink;
        await this.decide(sink);
        await this.close();
        return;
      case 'json': {
        const text = new TextDecoder().decode(concatBytes(sink.parts));
        this.json.set(sink.path, text);
        return;
      }
      case 'tar':
        sink.stream.end();
        return;
      case 'gzip':
        await sink.writer.close();
        await sink.pump;
        return;
      case 'skip':
        return;
    }
  }

  private newLayer(path: string, compressed: boolean): LayerFileList {
    const list: LayerFileList = { diffId: null, source: path, compressed, entries: [] };
    this.layers.set(path, list);
    return list;
  }

  private assemble(): SavedImage {
    const parse = <T>(path: string): T | null => {
      const text = this.json.get(path);
      if (text === undefined) return null;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new SaveArchiveError(`${path} in the image archive is not valid JSON.`);
      }
    };
    let configPath: string | undefined;
    let layerPaths: string[] | undefined;
    let repoTags: string[] = [];
    const manifest = parse<ManifestJsonEntry[]>('manifest.json');
    if (manifest && manifest[0]) {
      configPath = manifest[0].Config;
      layerPaths = manifest[0].Layers ?? [];
      repoTags = manifest[0].RepoTags ?? [];
    } else {
      // OCI layout without manifest.json: index.json → image manifest blob → config and layers.
      const index = parse<{ manifests?: OciDescriptor[] }>('index.json');
      const imageManifest = index?.manifests?.[0]?.digest ? parse<{ config?: OciDescriptor; layers?: OciDescriptor[] }>(blobPath(index.manifests[0].digest)) : null;
      if (imageManifest) {
        configPath = imageManifest.config?.digest ? blobPath(imageManifest.config.digest) : undefined;
        layerPaths = (imageManifest.layers ?? []).map((layer) => blobPath(layer.digest ?? ''));
      }
    }
    if (layerPaths === undefined) {
      throw new SaveArchiveError('The image archive has no manifest.json or index.json: it is not a docker save archive.');
    }
    const config = configPath ? parse<ImageConfigFile>(configPath) : null;
    const diffIds = config?.rootfs?.diff_ids ?? [];
    const layers = layerPaths.map((path, index): LayerFileList => {
      const list = this.layers.get(path);
      if (!list) throw new SaveArchiveError(`The image archive names layer ${path}, but does not hold it.`);
      return { ...list, diffId: diffIds[index] ?? null };
    });
    return { repoTags, layers, config };
  }
}

function blobPath(digest: string): string {
  return `blobs/${digest.replace(':', '/')}`;
}

/** A tar's first block: "ustar" at 257, or an all-zero block (an empty layer). */
function isTarStart(head: Uint8Array): boolean {
  if (head.length < 512) return false;
  const magic = new TextDecoder().decode(head.subarray(257, 262));
  return magic === 'ustar' || head.subarray(0, 512).every((byte) => byte === 0);
}

export { TarFormatError };
