/**
 * WWW-Authenticate challenges of registries (RFC 7235): `Bearer realm="…",service="…",scope="…"`
 * or `Basic realm="…"`. Parameters come in any order, values quoted or bare, with \" escapes.
 */

export interface Challenge {
  /** Lower case: "bearer", "basic". */
  scheme: string;
  /** Parameter names in lower case. */
  params: Record<string, string>;
}

const PARAM = /\s*([A-Za-z0-9_.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/y;

/** Every challenge in the header (a registry may offer Bearer and Basic together). */
export function parseChallenges(header: string | null | undefined): Challenge[] {
  if (!header) return [];
  const challenges: Challenge[] = [];
  let rest = header.trim();
  while (rest !== '') {
    const scheme = /^([A-Za-z][A-Za-z0-9_.-]*)\s*/.exec(rest);
    if (!scheme?.[1]) break;
    const challenge: Challenge = { scheme: scheme[1].toLowerCase(), params: {} };
    let index = scheme[0].length;
    for (;;) {
      PARAM.lastIndex = index;
      const match = PARAM.exec(rest);
      // A bare token after a comma starts the next challenge, not a parameter.
      if (!match || !match[1]) break;
      challenge.params[match[1].toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
      index = PARAM.lastIndex;
    }
    challenges.push(challenge);
    rest = rest.slice(index).replace(/^[\s,]+/, '');
  }
  return challenges;
}

export interface BearerChallenge {
  realm: string;
  service: string | null;
  scope: string | null;
}

/** The Bearer challenge a token can be fetched for, or null (Basic only, or no realm). */
export function bearerChallenge(header: string | null | undefined): BearerChallenge | null {
  const bearer = parseChallenges(header).find((c) => c.scheme === 'bearer' && c.params['realm']);
  if (!bearer?.params['realm']) return null;
  return { realm: bearer.params['realm'], service: bearer.params['service'] ?? null, scope: bearer.params['scope'] ?? null };
}

/** True when the registry asks for a user name and password (HTTP Basic). */
export function wantsBasic(header: string | null | undefined): boolean {
  return parseChallenges(header).some((c) => c.scheme === 'basic');
}

/** realm?service=…&scope=…; a realm that already has a query keeps it. */
export function tokenUrl(challenge: BearerChallenge, fallbackScope?: string): string {
  const url = new URL(challenge.realm);
  if (challenge.service !== null) url.searchParams.set('service', challenge.service);
  const scope = challenge.scope ?? fallbackScope;
  if (scope) url.searchParams.set('scope', scope);
  return url.toString();
}

/** The token from a token endpoint's JSON: `token`, or the OAuth-style `access_token`. */
export function readToken(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  for (const key of ['token', 'access_token']) {
    const value = record[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}
