// Who is calling, and whether a route's row lets them in: bearer token or session cookie, the login
// throttle, the role the row asks for, and the browser's own guards (CSRF marker on cookie writes; same
// Origin and a single-use ticket on WebSockets). Every unauthenticated request gets the same refusal.
import type { IncomingMessage } from 'node:http';
import { LoginLimiter, parseCookies, type Sessions, Tickets, type Role, type TokenStore } from './auth.ts';
import { clientOf, type Refusal } from './http.ts';
import type { Grant } from './liveAccess.ts';
import { csrfOk, sameOrigin } from './origin.ts';
import { RANK, type Route } from './routes.ts';

export const SESSION_COOKIE = '__Host-porthole';

export interface Caller {
  role: Role;
  via: 'bearer' | 'cookie';
  /** What let it in; streams and consoles it opens close when this ends. */
  grant: Grant;
}

export type Admission = { caller: Caller | null; refusal?: undefined } | { refusal: Refusal };

export class Callers {
  readonly limiter = new LoginLimiter();
  readonly tickets = new Tickets();

  constructor(
    private readonly tokens: TokenStore,
    readonly sessions: Sessions,
    private readonly allowOrigins: readonly string[],
  ) {}

  /** The role of a token, or null. */
  check(token: string): Role | null {
    return this.tokens.check(token);
  }

  /** The session id in the request's cookie, if any. */
  sessionId(req: IncomingMessage): string | undefined {
    return parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  }

  authenticate(req: IncomingMessage): Caller | 'rate-limited' | null {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      // The right token always passes: only failures are throttled, so a neighbour's (or an attacker's)
      // wrong guesses from the same address never lock the owner out. Brute force stays hopeless by the
      // token's entropy (docs/security.md), not by this limit.
      const m = /^Bearer ([A-Za-z0-9._~+/=-]{8,256})$/.exec(auth);
      const role = m ? this.tokens.check(m[1]!) : null;
      if (role) return { role, via: 'bearer', grant: this.bearerGrant(role) };
      const client = clientOf(req);
      if (this.limiter.retryAfter(client)) return 'rate-limited';
      this.limiter.fail(client);
      return null;
    }
    const id = this.sessionId(req);
    const session = id ? this.sessions.get(id) : null;
    return session && id ? { role: session.role, via: 'cookie', grant: this.sessionGrant(id) } : null;
  }

  /** The one refusal of a request without valid credentials, on every route, HTTP or socket. */
  unauthenticated(req: IncomingMessage): Refusal {
    const id = this.sessionId(req);
    const ended = id ? this.sessions.endReason(id) : null;
    if (ended) return { status: 401, error: `not logged in: your session ended (${ended})`, hint: 'log in again with your Porthole token' };
    return { status: 401, error: 'not logged in', hint: 'log in with your Porthole token, or send Authorization: Bearer TOKEN' };
  }

  /** Lets a request in by its route's row: the caller (null on public rows) or the refusal to send. */
  admit(req: IncomingMessage, route: Pick<Route, 'access' | 'transport' | 'needs'>, label: string): Admission {
    if (route.access === 'anyone') return { caller: null };
    const caller = this.authenticate(req);
    if (caller === 'rate-limited') return { refusal: { status: 429, error: 'too many failed attempts; wait before trying again' } };
    if (!caller) return { refusal: this.unauthenticated(req) };
    if (RANK[caller.role] < RANK[route.access]) {
      return { refusal: { status: 403, error: `${route.needs ?? `${label} needs the ${route.access} role`}; this session is ${caller.role}` } };
    }
    if (route.transport === 'websocket') {
      if (!sameOrigin(req, this.allowOrigins)) return { refusal: { status: 403, error: 'WebSocket Origin must be this Porthole page' } };
      const ticket = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('ticket') ?? '';
      if (!ticket || !this.tickets.redeem(ticket)) return { refusal: { status: 401, error: 'a WebSocket needs a fresh single-use ticket from POST /auth/ticket' } };
    } else if (route.transport === 'http' && caller.via === 'cookie' && req.method !== 'GET' && req.method !== 'HEAD' && !csrfOk(req, this.allowOrigins)) {
      return { refusal: { status: 403, error: 'a state-changing request from the browser must come from the Porthole page (X-Porthole header, same Origin)' } };
    }
    return { caller };
  }

  private bearerGrant(role: Role): Grant {
    const generation = this.tokens.generation(role);
    return { key: `bearer:${role}:${generation}`, ended: () => (this.tokens.generation(role) === generation ? null : `the ${role} token was rotated`) };
  }

  private sessionGrant(id: string): Grant {
    return { key: `session:${id}`, ended: () => (this.sessions.get(id) ? null : (this.sessions.endReason(id) ?? 'the session ended')) };
  }
}
