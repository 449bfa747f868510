/**
 * A container's filesystem over GET/HEAD/PUT /containers/ID/archive: a folder's listing as it streams, a
 * download into a sink, an upload of picked files. The page (views/containers/ContainerFiles.tsx) only
 * shows; tar reading and the texts are pure (containers/archive.ts, containers/fileTransfers.ts).
 */
import { encodePathParam, engineUrl } from '../api/engineApi';
import { NETWORK_ERROR, describeError, isApiError } from '../api/errors';
import { readChunks, request, upload } from '../api/http';
import type { EngineRef } from '../api/types';
import type { DownloadSink } from '../api/downloadSink';
import { writeTar } from '../console/tar';
import { createDirListing, createFileExtractor, parsePathStat, sortEntries, type DirEntry, type PathStat } from '../containers/archive';
import { LIST_BUDGET, uploadEntries, uploadFailureText } from '../containers/fileTransfers';

export function archiveUrl(engine: EngineRef, id: string, path: string): string {
  return engineUrl(engine, `/containers/${encodePathParam(id)}/archive`, { path });
}

export interface Listing {
  stat: PathStat | null;
  entries: DirEntry[];
  state: 'loading' | 'done' | 'partial' | 'error';
  error?: string;
  scanned: number;
}

/**
 * Reads `path`: a file's stat only (HEAD: a file is not read at all, the engine holds the container's lock
 * while it sends an archive), a folder's first level as the tar streams, each step to `onListing`. Stops
 * quietly when `signal` aborts.
 */
export async function readFolder(engine: EngineRef, id: string, path: string, signal: AbortSignal, onListing: (listing: Listing) => void): Promise<void> {
  const url = archiveUrl(engine, id, path);
  try {
    const head = await request(url, { method: 'HEAD', signal }).catch(async (error: unknown) => {
      // A refused HEAD has no body to say why: the same GET is refused the same way, with its reason.
      if (isApiError(error) && error.status >= 400) {
        const again = await request(url, { signal });
        await again.body?.cancel();
      }
      throw error;
    });
    const stat = parsePathStat(head.headers.get('X-Docker-Container-Path-Stat'));
    if (stat && !stat.isDir) return onListing({ stat, entries: [], state: 'done', scanned: 0 });
    const response = await request(url, { signal });
    const reader = response.body?.getReader();
    if (!reader) throw new Error('The browser gave no stream to read.');
    const dir = createDirListing();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (dir.push(value).length) onListing({ stat, entries: sortEntries(dir.entries), state: 'loading', scanned: dir.scanned });
      if (dir.done) break;
      if (dir.scanned > LIST_BUDGET) {
        await reader.cancel().catch(() => undefined);
        return onListing({ stat, entries: sortEntries(dir.entries), state: 'partial', scanned: dir.scanned });
      }
    }
    onListing({ stat, entries: sortEntries(dir.entries), state: 'done', scanned: dir.scanned });
  } catch (cause) {
    if (signal.aborted) return;
    const text = describeError(cause);
    onListing({ stat: null, entries: [], state: 'error', error: `${text.title}: ${text.message}`, scanned: 0 });
  }
}

/**
 * Downloads `path` into `sink`: the tar the engine sends, or (`asFile`) the one file in it. `onReceived`
 * hears the bytes received so far; resolves with their total.
 */
export async function downloadPath(engine: EngineRef, id: string, path: string, asFile: boolean, sink: DownloadSink, onReceived: (received: number) => void): Promise<number> {
  const response = await request(archiveUrl(engine, id, path));
  const extractor = asFile ? createFileExtractor() : null;
  let received = 0;
  try {
    await readChunks(response, async (chunk) => {
      received += chunk.length;
      if (extractor) extractor.push(chunk);
      else await sink.write(chunk);
      onReceived(received);
    });
    if (extractor) {
      const bytes = extractor.result();
      if (!bytes) throw new Error('the archive held no file');
      await sink.write(bytes);
    }
  } catch (cause) {
    await sink.abort();
    throw cause;
  }
  await sink.close();
  return received;
}

/** Uploads picked files into folder `dir` as one tar; a failure is thrown as an Error whose message says why and what to do. */
export async function uploadFiles(engine: EngineRef, id: string, dir: string, files: readonly File[], onProgress: (sent: number, total: number) => void): Promise<void> {
  const picked = await Promise.all(files.map(async (file) => ({ name: file.name, data: new Uint8Array(await file.arrayBuffer()), lastModified: file.lastModified })));
  const tar = writeTar(uploadEntries(picked, Math.floor(Date.now() / 1000)));
  try {
    await upload(archiveUrl(engine, id, dir), new Blob([tar as BlobPart]), { method: 'PUT', contentType: 'application/x-tar', onProgress });
  } catch (cause) {
    const failure =
      isApiError(cause) && cause.status === NETWORK_ERROR
        ? ({ kind: 'network' } as const)
        : isApiError(cause)
          ? ({ kind: 'refused', status: cause.status, message: cause.message } as const)
          : ({ kind: 'other', message: describeError(cause).message } as const);
    throw new Error(uploadFailureText(failure));
  }
}
