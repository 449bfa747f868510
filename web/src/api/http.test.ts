import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from './errors';
import { getJson, onUnauthorized, request, type Method } from './http';

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
