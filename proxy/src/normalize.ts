// One canonical form of every request target, decided before any rule looks at it. Anything that could be
// read two ways (encoded separators, dot segments, odd version prefixes) is refused rather than repaired,
// so the policy and the engine always see the same path.

export interface ApiTarget {
  engine: string;
  /** Requested API version ("1.41"), or null when the path was unversioned. */
  version: string | null;
  /** The Engine API path without version, e.g. "/containers/abc/json". */
  path: string;
  query: URLSearchParams;
}

export class TargetError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// Names of containers, images (with registry host:port, tag and digest), volumes and networks need no more.
const PATH_CHARS = /^[A-Za-z0-9._\-/:@+=,~]*$/;
const VERSION_LIKE = /^v[0-9.]*$/i;
const VERSION = /^v([1-9][0-9]*\.(?:0|[1-9][0-9]*))$/;

export function splitTarget(rawUrl: string): { path: string; rawQuery: string } {
  if (!rawUrl.startsWith('/')) {
    throw new TargetError(400, 'absolute-form or empty request targets are not accepted; send a path starting with /');
  }
  const q = rawUrl.indexOf('?');
  return q < 0 ? { path: rawUrl, rawQuery: '' } : { path: rawUrl.slice(0, q), rawQuery: rawUrl.slice(q + 1) };
}

export function checkPath(path: string): void {
  if (!PATH_CHARS.test(path)) {
    throw new TargetError(400, 'the path holds characters Porthole does not accept (percent-encoding, backslash, spaces or control characters); send names unencoded');
  }
  if (path.includes('//')) throw new TargetError(400, 'the path holds an empty segment (//)');
  if (path.split('/').some((s) => s === '.' || s === '..')) throw new TargetError(400, 'the path holds a . or .. segment');
}

export function parseQuery(rawQuery: string): URLSearchParams {
  // Go's query parser drops pairs with ';' where URLSearchParams keeps them: refuse instead of guessing.
  if (rawQuery.includes(';')) throw new TargetError(400, 'the query holds a ";": separate parameters with &');
  if (/%(?![0-9A-Fa-f]{2})/.test(rawQuery)) throw new TargetError(400, 'the query holds a malformed percent-escape');
  return new URLSearchParams(rawQuery);
}

/** Parses `/api/engines/NAME/[vX.Y/]REST?QUERY`. */
export function parseApiTarget(rawUrl: string): ApiTarget {
  const { path, rawQuery } = splitTarget(rawUrl);
  checkPath(path);
  const m = /^\/api\/engines\/([^/]+)(\/.*)$/.exec(path);
  if (!m) throw new TargetError(404, 'not an engine path; use /api/engines/NAME/<Engine API path>');
  const engine = m[1]!;
  let rest = m[2]!;
  let version: string | null = null;
  const first = rest.split('/')[1] ?? '';
  if (VERSION_LIKE.test(first)) {
    const v = VERSION.exec(first);
    if (!v) throw new TargetError(400, `malformed API version prefix /${first}/; use the form /v1.41/`);
    version = v[1]!;
    rest = rest.slice(first.length + 1) || '/';
  }
  return { engine, version, path: rest, query: parseQuery(rawQuery) };
}
