import { engineOfPath, noteEngineAnswered } from './engineAnswers';
import { ApiError, NETWORK_ERROR, errorFromResponse } from './errors';
import { noteUnauthorized } from './sessionEnd';

/**
 * The one place that talks HTTP to the proxy: JSON calls, streamed answers (pulls, builds, saves,
 * logs) and uploads with progress. Same-origin cookies carry the session; every state-changing
 * request carries the X-Porthole CSRF marker the proxy requires; every 401 takes the same path
 * (the reason noted, the login page shown), whichever kind of request met it.
 */

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called whenever a request answers 401, so the app can show the login page. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  /** Serialised as JSON, unless it is raw bytes (a Blob or Uint8Array, sent as `contentType`). */
  body?: unknown;
  /** The type of a raw body (default application/octet-stream). */
  contentType?: string;
  /** More headers (X-Registry-Auth). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** False for /auth/login, whose 401 means "wrong token", not "session over". */
  notifyUnauthorized?: boolean;
}

/** Raw bytes to send as they are. */
function isRawBody(body: unknown): body is Blob | Uint8Array {
  return body instanceof Blob || body instanceof Uint8Array;
}

function requestHeaders(method: Method, options: RequestOptions): Headers {
  const headers = new Headers({ Accept: 'application/json', ...options.headers });
  if (needsCsrfHeader(method)) headers.set('X-Porthole', '1');
  if (options.body !== undefined) headers.set('Content-Type', isRawBody(options.body) ? (options.contentType ?? 'application/octet-stream') : 'application/json');
  return headers;
}

/** The error of a failed answer; a 401 also notes why the session ended and tells the app. */
function failed(status: number, statusText: string, text: string, retryAfter: string | null, notify: boolean | undefined): ApiError {
  const error = errorFromResponse(status, statusText, text, retryAfter);
  if (status === 401) noteUnauthorized(error.message);
  if (status === 401 && notify !== false) {
    for (const listener of unauthorizedListeners) listener();
  }
  return error;
}

export function needsCsrfHeader(method: Method): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** Sends a request; resolves with the response when it is 2xx (its body unread, to stream), throws ApiError otherwise. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers = requestHeaders(method, options);
  const body = options.body === undefined ? undefined : isRawBody(options.body) ? (options.body as BodyInit) : JSON.stringify(options.body);

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (cause) {
    // Aborts are the query layer's business, not an error to show.
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    const message = cause instanceof Error ? cause.message : 'Network error';
    throw new ApiError(NETWORK_ERROR, message);
  }

  if (response.ok) {
    // Whoever waits for this engine to come back (a down events stream, a console) tries again now.
    const engine = engineOfPath(path);
    if (engine) noteEngineAnswered(engine);
    return response;
  }
  const text = await response.text().catch(() => '');
  throw failed(response.status, response.statusText, text, response.headers.get('Retry-After'), options.notifyUnauthorized);
}

/** Reads a streamed answer to its end, each chunk to `onChunk` as it arrives (pull and build progress, saves, logs). */
export async function readChunks(response: Response, onChunk: (chunk: Uint8Array<ArrayBuffer>) => void | Promise<void>): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) {
    await onChunk(new Uint8Array(await response.arrayBuffer()));
    return;
  }
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      await onChunk(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
}

/**
 * fetch for the registry relay (/api/relay), whose answers are the registry's own: a registry's 401
 * carries its challenge (WWW-Authenticate) and is the registry client's to answer; the proxy's own
 * 401 (the session is over) has none and takes the common path.
 */
export async function relayFetch(input: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, { ...init, credentials: 'same-origin' });
  if (response.status === 401 && !response.headers.has('WWW-Authenticate')) {
    throw failed(401, response.statusText, await response.text().catch(() => ''), null, true);
  }
  return response;
}

export interface UploadOptions {
  method?: 'POST' | 'PUT';
  contentType: string;
  /** Bytes sent so far and the total, as the upload goes (fetch cannot tell, so this is XHR). */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

/** Uploads `body` with progress; resolves with the answer's text when it is 2xx, throws ApiError otherwise (401 as in request()). */
export function upload(path: string, body: Blob, options: UploadOptions): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    if (options.signal?.aborted) {
      reject(new DOMException('cancelled', 'AbortError'));
      return;
    }
    options.signal?.addEventListener('abort', abort, { once: true });
    const settle = () => options.signal?.removeEventListener('abort', abort);
    xhr.open(options.method ?? 'POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('X-Porthole', '1');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', options.contentType);
    xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : body.size);
    xhr.onerror = () => {
      settle();
      reject(new ApiError(NETWORK_ERROR, 'The upload broke off: check the connection to the proxy and try again.'));
    };
    xhr.onabort = () => {
      settle();
      reject(new DOMException('cancelled', 'AbortError'));
    };
    xhr.onload = () => {
      settle();
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.responseText);
      else reject(failed(xhr.status, xhr.statusText, xhr.responseText, xhr.getResponseHeader('Retry-After'), true));
    };
    xhr.send(body);
  });
}

/**
 * GET and parse JSON. The shape is trusted, not checked: engine types mark the fields
 * that vary between API versions as optional, and readers handle their absence.
 */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await request(path, { signal });
  return (await response.json()) as T;
}
