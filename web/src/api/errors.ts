/**
 * Errors from the proxy or an engine, in one shape for the views.
 * The proxy answers `{error, hint?, retryAfter?}`; an engine's own errors (forwarded as is)
 * are `{message}`. Network failures have status 0.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
    /** Seconds to wait before trying again (429). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export const NETWORK_ERROR = 0;

/** Builds an ApiError from a failed response's status and body text. */
export function errorFromResponse(
  status: number,
  statusText: string,
  body: string,
  retryAfterHeader?: string | null,
): ApiError {
  const parsed = parseErrorBody(body);
  // A plain-text body (from something in between) is the best message there is; JSON is not.
  const text = parsed.json ? '' : body.trim().slice(0, 300);
  const message = parsed.message ?? (text || statusText || `HTTP ${status}`);
  const retryAfter = parsed.retryAfter ?? parseRetryAfter(retryAfterHeader);
  return new ApiError(status, message, parsed.hint, retryAfter);
}

interface ParsedErrorBody {
  json: boolean;
  message?: string;
  hint?: string;
  retryAfter?: number;
}

function parseErrorBody(body: string): ParsedErrorBody {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { json: false };
  }
  if (typeof value !== 'object' || value === null) return { json: true };
  const record = value as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const field = record[key];
    return typeof field === 'string' && field.trim() !== '' ? field : undefined;
  };
  const retry = record['retryAfter'];
  return {
    json: true,
    message: text('error') ?? text('message'),
    hint: text('hint'),
    retryAfter: typeof retry === 'number' && Number.isFinite(retry) && retry >= 0 ? retry : undefined,
  };
}

/** Retry-After is either seconds or an HTTP date; only seconds are worth reading here. */
function parseRetryAfter(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header.trim());
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Client errors will not change by asking again; network and server trouble may. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isApiError(error)) return false;
  return error.status === NETWORK_ERROR || error.status === 502 || error.status === 503 || error.status === 504;
}

export interface ErrorText {
  title: string;
  message: string;
  hint?: string;
}

/** Words for people: what went wrong, the server's own message, and its hint. */
export function describeError(error: unknown): ErrorText {
  if (!isApiError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { title: 'Something went wrong', message };
  }
  const withHint = (title: string): ErrorText =>
    error.hint === undefined ? { title, message: error.message } : { title, message: error.message, hint: error.hint };
  switch (error.status) {
    case NETWORK_ERROR:
      return withHint('Cannot reach the Porthole proxy');
    case 401:
      return withHint('Not signed in');
    case 403:
      return withHint('Refused by the proxy');
    case 404:
      return withHint('Not found');
    case 409:
      return withHint('Conflict');
    case 429:
      return withHint('Too many requests');
    case 502:
    case 503:
    case 504:
      return withHint('Engine unreachable');
    default:
      return withHint(error.status >= 500 ? 'Server error' : `Request failed (${error.status})`);
  }
}
