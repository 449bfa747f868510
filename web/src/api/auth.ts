import { ApiError } from './errors';
import { request } from './http';
import type { Session } from './types';

/** Exchanges the access token for a session cookie. Throws ApiError (401 bad token, 429 wait). */
export async function login(token: string): Promise<void> {
  await request('/auth/login', { method: 'POST', body: { token }, notifyUnauthorized: false });
}

/** The current session, or null when not signed in. */
export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    return await getJsonQuietly<Session>('/auth/session', signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function logout(): Promise<void> {
  await request('/auth/logout', { method: 'POST', notifyUnauthorized: false });
}

/** A GET whose 401 is an answer (signed out), not a reason to raise the login page. */
async function getJsonQuietly<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await request(path, { signal, notifyUnauthorized: false });
  return (await response.json()) as T;
}
