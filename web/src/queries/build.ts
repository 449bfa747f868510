/**
 * Build, load and save: the long-running image transfers of the Build page. Build posts a
 * packed context and streams the JSON lines back; load uploads a tar with XHR (fetch has no
 * upload progress); save streams GET /images/NAME/get into a download, counting bytes.
 */
import { encodePathParam, engineUrl } from '../api/engineApi';
import { errorFromResponse } from '../api/errors';
import type { EngineRef } from '../api/types';
import { explainLoadError } from '../build/loadError';
import type { BuildMessage } from '../build/output';
import { createProgressDecoder } from '../engine/progress';

async function failure(response: Response): Promise<Error> {
  const error = errorFromResponse(response.status, response.statusText, await response.text().catch(() => ''), response.headers.get('Retry-After'));
  return new Error(error.hint ? `${error.message} (${error.hint})` : error.message);
}

/** POST /build with the tar as body; each decoded message goes to `onMessage` as it arrives. */
export async function runBuild(engine: EngineRef, query: Record<string, string>, context: Uint8Array, onMessage: (message: BuildMessage) => void, signal: AbortSignal): Promise<void> {
  const response = await fetch(engineUrl(engine, '/build', query), {
    method: 'POST',
    headers: { 'X-Porthole': '1', 'Content-Type': 'application/x-tar', Accept: 'application/json' },
    body: new Blob([context as Uint8Array<ArrayBuffer>], { type: 'application/x-tar' }),
    credentials: 'same-origin',
    signal,
  });
  if (!response.ok) throw await failure(response);
  const reader = response.body?.getReader();
  if (!reader) return;
  const decoder = createProgressDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    for (const message of done ? decoder.end() : decoder.push(value)) onMessage(message as BuildMessage);
    if (done) break;
  }
}

export interface LoadHandle {
  done: Promise<string[]>;
  abort(): void;
}

/** `docker load`: POST /images/load with the file as body; resolves with the engine's lines ("Loaded image: …"). */
export function loadImage(engine: EngineRef, file: Blob, onProgress: (sent: number, total: number) => void): LoadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<string[]>((resolve, reject) => {
    xhr.open('POST', engineUrl(engine, '/images/load', { quiet: '0' }));
    xhr.withCredentials = true;
    xhr.setRequestHeader('X-Porthole', '1');
    xhr.setRequestHeader('Content-Type', 'application/x-tar');
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onerror = () => reject(new Error('The upload broke off: check the connection to the proxy and try again.'));
    xhr.onabort = () => reject(new DOMException('cancelled', 'AbortError'));
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        const error = errorFromResponse(xhr.status, xhr.statusText, xhr.responseText, xhr.getResponseHeader('Retry-After'));
        reject(new Error(error.hint ? `${error.message} (${error.hint})` : error.message));
        return;
      }
      const decoder = createProgressDecoder();
      const messages = [...decoder.push(new TextEncoder().encode(xhr.responseText)), ...decoder.end()] as BuildMessage[];
      const error = messages.find((m) => m.errorDetail?.message || m.error);
      if (error) reject(new Error(explainLoadError(error.errorDetail?.message || error.error || 'the engine could not load the file')));
      else resolve(messages.map((m) => (m.stream ?? m.status ?? '').trim()).filter(Boolean));
    };
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

/** `docker save NAME`: the tar, read as it streams, with bytes counted; `expected` is a rough total for the bar. */
export async function saveImage(engine: EngineRef, name: string, onProgress: (bytes: number) => void, signal: AbortSignal): Promise<Blob> {
  const response = await fetch(engineUrl(engine, `/images/${encodePathParam(name)}/get`), { credentials: 'same-origin', signal });
  if (!response.ok) throw await failure(response);
  const reader = response.body?.getReader();
  if (!reader) return response.blob();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    bytes += value.length;
    onProgress(bytes);
  }
  return new Blob(parts, { type: 'application/x-tar' });
}

/** "fixture/busybox:1" → "fixture_busybox_1.tar". */
export function saveFileName(name: string): string {
  return `${name.replace(/^sha256:/, '').slice(0, 64).replace(/[^A-Za-z0-9._-]+/g, '_')}.tar`;
}
