import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from './errors';
import { getJson, onUnauthorized, readChunks, relayFetch, request, type Method } from './http';
import { clearSessionEnded, sessionEndedWhy } from './sessionEnd';

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  fetchMock.mockReset();
  vi.unstubAllGlobals();
});

function lastInit(): RequestInit {
  const init = fetchMock.mock.calls.at(-1)?.[1];
  if (!init) throw new Error('fetch was not called');
  return init;
}

describe('request headers', () => {
  test.each<{ method: Method; csrf: boolean }>([
    { method: 'GET', csrf: false },
    { method: 'HEAD', csrf: false },
    { method: 'POST', csrf: true },
    { method: 'PUT', csrf: true },
    { method: 'DELETE', csrf: true },
  ])('$method carries X-Porthole: $csrf', async ({ method, csrf }) => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await request('/x', { method });
    const init = lastInit();
    expect(new Headers(init.headers).get('X-Porthole')).toBe(csrf ? '1' : null);
    expect(init.credentials).toBe('same-origin');
  });

  test('JSON bodies are serialised', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await request('/auth/login', { method: 'POST', body: { token: 't' } });
    const init = lastInit();
    expect(init.body).toBe('{"token":"t"}');
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/json');
  });
});

describe('errors', () => {
  test('a JSON error becomes an ApiError', async () => {
    fetchMock.mockResolvedValue(Response.json({ error: 'policy refused', hint: 'admin only' }, { status: 403 }));
    const error = await request('/api/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, message: 'policy refused', hint: 'admin only' });
  });

  test('a network failure is status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(request('/api/x')).rejects.toMatchObject({ status: 0, message: 'Failed to fetch' });
  });

  test('an abort stays an abort', async () => {
    fetchMock.mockRejectedValue(new DOMException('aborted', 'AbortError'));
    await expect(request('/api/x')).rejects.toMatchObject({ name: 'AbortError' });
  });

  test.each([
    { name: 'an API 401 raises the login', notify: undefined, calls: 1 },
    { name: 'the login form’s own 401 does not', notify: false, calls: 0 },
  ])('$name', async ({ notify, calls }) => {
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    fetchMock.mockResolvedValue(Response.json({ error: 'not logged in' }, { status: 401 }));
    await expect(request('/api/x', { notifyUnauthorized: notify })).rejects.toMatchObject({ status: 401 });
    stop();
    expect(listener).toHaveBeenCalledTimes(calls);
  });
});

test('getJson parses the body', async () => {
  fetchMock.mockResolvedValue(Response.json({ engines: [] }));
  await expect(getJson('/api/engines')).resolves.toEqual({ engines: [] });
});

describe('raw bodies and streams', () => {
  test('a Blob goes as it is, with its content type, the CSRF marker and extra headers', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 200 }));
    const tar = new Blob([new Uint8Array([1, 2, 3])]);
    await request('/api/engines/local/v1.41/build', { method: 'POST', body: tar, contentType: 'application/x-tar', headers: { 'X-Registry-Auth': 'abc' } });
    const init = lastInit();
    expect(init.body).toBe(tar);
    const headers = new Headers(init.headers);
    expect(headers.get('Content-Type')).toBe('application/x-tar');
    expect(headers.get('X-Porthole')).toBe('1');
    expect(headers.get('X-Registry-Auth')).toBe('abc');
  });

  test('readChunks hands over every chunk as it comes', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1]));
        controller.enqueue(new Uint8Array([2, 3]));
        controller.close();
      },
    });
    const seen: number[][] = [];
    await readChunks(new Response(stream), (chunk) => void seen.push([...chunk]));
    expect(seen).toEqual([[1], [2, 3]]);
  });

  test('a session that ends during a streamed pull raises the login with the reason', async () => {
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    fetchMock.mockResolvedValue(Response.json({ error: 'not logged in: your session ended (you logged out)' }, { status: 401 }));
    await expect(request('/api/engines/local/v1.41/images/create?fromImage=x', { method: 'POST' })).rejects.toMatchObject({ status: 401 });
    stop();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(sessionEndedWhy()).toBe('you logged out');
    clearSessionEnded();
  });
});

describe('relayFetch', () => {
  test("a registry's 401 (with its challenge) is the registry client's to answer", async () => {
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    fetchMock.mockResolvedValue(new Response('{}', { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="https://auth"' } }));
    expect((await relayFetch('/api/relay?url=x')).status).toBe(401);
    stop();
    expect(listener).not.toHaveBeenCalled();
  });

  test("the proxy's own 401 takes the common path", async () => {
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    fetchMock.mockResolvedValue(Response.json({ error: 'not logged in' }, { status: 401 }));
    await expect(relayFetch('/api/relay?url=x')).rejects.toMatchObject({ status: 401 });
    stop();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
