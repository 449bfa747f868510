import { engineOfPath, noteEngineAnswered } from './engineAnswers';
import { ApiError, NETWORK_ERROR, errorFromResponse } from './errors';
import { noteUnauthorized } from './sessionEnd';

/**
 * The one place that talks HTTP to the proxy. Same-origin cookies carry the session;
 * every state-changing request carries the X-Porthole CSRF marker the proxy requires.
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
  /** Serialised as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** False for /auth/login, whose 401 means "wrong token", not "session over". */
  notifyUnauthorized?: boolean;
}

export function needsCsrfHeader(method: Method): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** Sends a request; resolves with the response when it is 2xx, throws ApiError otherwise. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers = new Headers({ Accept: 'application/json' });
  if (needsCsrfHeader(method)) headers.set('X-Porthole', '1');
  let body: string | undefined;
  if (options.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.body);
  }

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
  const error = errorFromResponse(response.status, response.statusText, text, response.headers.get('Retry-After'));
  if (response.status === 401) noteUnauthorized(error.message);
  if (response.status === 401 && options.notifyUnauthorized !== false) {
    for (const listener of unauthorizedListeners) listener();
  }
  throw error;
}

/**
 * GET and parse JSON. The shape is trusted, not checked: engine types mark the fields
 * that vary between API versions as optional, and readers handle their absence.
 */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await request(path, { signal });
  return (await response.json()) as T;
}
