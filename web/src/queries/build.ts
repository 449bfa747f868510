/**
 * Build, load and save: the long-running image transfers of the Build page. Build posts a
 * packed context and streams the JSON lines back; load uploads a tar with progress; save streams
 * GET /images/NAME/get into a download, counting bytes. All through api/http.ts, so a 401 on the way
 * shows the login page like any other.
 */
import { encodePathParam, engineUrl } from '../api/engineApi';
import { isApiError } from '../api/errors';
import { readChunks, request, upload } from '../api/http';
import type { EngineRef } from '../api/types';
import { explainLoadError } from '../build/loadError';
import type { BuildMessage } from '../build/output';
import { createProgressDecoder } from '../engine/progress';
import type { DownloadSink } from '../api/downloadSink';

/** The proxy's or engine's refusal as one line, the hint in brackets, as the Build page shows it. */
function asLine(error: unknown): unknown {
  return isApiError(error) ? new Error(error.hint ? `${error.message} (${error.hint})` : error.message) : error;
}

/** POST /build with the tar as body; each decoded message goes to `onMessage` as it arrives. */
export async function runBuild(engine: EngineRef, query: Record<string, string>, context: Uint8Array, onMessage: (message: BuildMessage) => void, signal: AbortSignal): Promise<void> {
  const body = new Blob([context as Uint8Array<ArrayBuffer>], { type: 'application/x-tar' });
  const response = await request(engineUrl(engine, '/build', query), { method: 'POST', body, contentType: 'application/x-tar', signal }).catch((error: unknown) => {
    throw asLine(error);
  });
  const decoder = createProgressDecoder();
  await readChunks(response, (chunk) => {
    for (const message of decoder.push(chunk)) onMessage(message as BuildMessage);
  });
  for (const message of decoder.end()) onMessage(message as BuildMessage);
}

export interface LoadHandle {
  done: Promise<string[]>;
  abort(): void;
}

/** `docker load`: POST /images/load with the file as body; resolves with the engine's lines ("Loaded image: …"). */
export function loadImage(engine: EngineRef, file: Blob, onProgress: (sent: number, total: number) => void): LoadHandle {
  const controller = new AbortController();
  const done = (async () => {
    const text = await upload(engineUrl(engine, '/images/load', { quiet: '0' }), file, { contentType: 'application/x-tar', onProgress, signal: controller.signal }).catch((error: unknown) => {
      throw asLine(error);
    });
    const decoder = createProgressDecoder();
    const messages = [...decoder.push(new TextEncoder().encode(text)), ...decoder.end()] as BuildMessage[];
    const error = messages.find((m) => m.errorDetail?.message || m.error);
    if (error) throw new Error(explainLoadError(error.errorDetail?.message || error.error || 'the engine could not load the file'));
    return messages.map((m) => (m.stream ?? m.status ?? '').trim()).filter(Boolean);
  })();
  return { done, abort: () => controller.abort() };
}

/** `docker save NAME`: the tar, written to `sink` as it streams (to disk when the sink is a file), with bytes counted. */
export async function saveImage(engine: EngineRef, name: string, sink: DownloadSink, onProgress: (bytes: number) => void, signal: AbortSignal): Promise<number> {
  let bytes = 0;
  try {
    const response = await request(engineUrl(engine, `/images/${encodePathParam(name)}/get`), { signal });
    await readChunks(response, async (chunk) => {
      await sink.write(chunk);
      bytes += chunk.length;
      onProgress(bytes);
    });
  } catch (error) {
    await sink.abort();
    throw asLine(error);
  }
  await sink.close();
  return bytes;
}

/** "fixture/busybox:1" → "fixture_busybox_1.tar". */
export function saveFileName(name: string): string {
  return `${name.replace(/^sha256:/, '').slice(0, 64).replace(/[^A-Za-z0-9._-]+/g, '_')}.tar`;
}
