// Who is asking: tokens (only their hashes are stored), browser sessions, login rate limits and the
// single-use tickets that WebSocket upgrades carry.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export type Role = 'viewer' | 'admin';

interface TokenFile {
  admin: string;
  viewer: string;
  /** Roles whose token a running proxy takes from its environment or command line, and from where. */
  fixedBy?: Partial<Record<Role, string>>;
}

/** A token set by the environment or a flag: given with where it comes from, so rotation can point there. */
export interface FixedToken {
  token: string;
  /** "PORTHOLE_TOKEN", "PORTHOLE_VIEWER_TOKEN" or "--viewer-token". */
  from: string;
}

/** rotate-token refused: the running proxy takes that role's token from elsewhere. */
export class TokenFixed extends Error {}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
export const newToken = (): string => randomBytes(24).toString('base64url');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Token hashes on disk (owner-only). A rotation by another process is noticed by the file's mtime. */
export class TokenStore {
  private hashes: TokenFile = { admin: '', viewer: '' };
  private mtimeMs = 0;
  private checkedAt = 0;
  private readonly file: string;

  constructor(
    stateDir: string,
    private readonly fixed: { admin: FixedToken | null; viewer: FixedToken | null },
  ) {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    this.file = join(stateDir, 'tokens.json');
  }

  /** Loads the hashes, generating what is missing. Returns the tokens generated now (shown once). */
  init(): Partial<Record<Role, string>> {
    const created: Partial<Record<Role, string>> = {};
    const stored = this.read();
    stored.fixedBy = {};
    for (const role of ['admin', 'viewer'] as const) {
      const fixed = this.fixed[role];
      if (fixed) {
        stored[role] = hashToken(fixed.token);
        // Written down so that `rotate-token` in another shell (without this environment) refuses too.
        stored.fixedBy[role] = fixed.from;
      } else if (!stored[role]) {
        created[role] = newToken();
        stored[role] = hashToken(created[role]!);
      }
    }
    this.write(stored);
    return created;
  }

  /**
   * A new token for `role`, whose hash replaces the old one (running proxies end the old token's sessions).
   * Refused when the token is fixed by the environment or a flag, here or in the proxy that last started
   * on this state dir: the printed token would not work.
   */
  rotate(role: Role): string {
    const stored = this.read();
    const from = this.fixed[role]?.from ?? stored.fixedBy?.[role];
    if (from) {
      throw new TokenFixed(
        `the ${role} token is set by ${from}, which overrides the state dir: a rotated token would not work. ` +
          `Change ${from} where the proxy is started (its environment, service file or command line) and restart it; ` +
          `sessions made with the old token then end.`,
      );
    }
    const token = newToken();
    stored[role] = hashToken(token);
    this.write(stored);
    return token;
  }

  /** The role a token grants, or null. */
  check(token: string): Role | null {
    this.reloadIfChanged();
    const h = hashToken(token);
    if (this.hashes.admin && sameHash(h, this.hashes.admin)) return 'admin';
    if (this.hashes.viewer && sameHash(h, this.hashes.viewer)) return 'viewer';
    return null;
  }

  /** Changes whenever a token is rotated, so sessions made with an old token end. */
  generation(role: Role): string {
    this.reloadIfChanged();
    return this.hashes[role];
  }

  private reloadIfChanged(): void {
    // A rotation by another process shows within a quarter second; no stat on every request.
    const now = Date.now();
    if (now - this.checkedAt < 250) return;
    this.checkedAt = now;
    try {
      const m = statSync(this.file).mtimeMs;
      if (m !== this.mtimeMs) {
        this.hashes = this.read();
        this.mtimeMs = m;
        for (const role of ['admin', 'viewer'] as const) {
          const fixed = this.fixed[role];
          if (fixed) this.hashes[role] = hashToken(fixed.token);
        }
      }
    } catch {
      // The file is gone: keep what we had rather than lock everyone out.
    }
  }

  private read(): TokenFile {
    if (!existsSync(this.file)) return { admin: '', viewer: '' };
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<TokenFile>;
    return { admin: parsed.admin ?? '', viewer: parsed.viewer ?? '', fixedBy: parsed.fixedBy ?? {} };
  }

  private write(hashes: TokenFile): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(hashes, null, 2) + '\n', { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
    this.hashes = hashes;
    this.mtimeMs = statSync(this.file).mtimeMs;
  }
}

interface Session {
  role: Role;
  expiresAt: number;
  generation: string;
}

export class Sessions {
  private readonly byId = new Map<string, Session>();
  /** Why recently ended sessions ended, so the next request with that cookie can say so. */
  private readonly endedWhy = new Map<string, string>();

  constructor(
    private readonly tokens: TokenStore,
    private readonly ttlMs: number,
  ) {}

  create(role: Role): { id: string; expiresAt: number } {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = Date.now() + this.ttlMs;
    this.byId.set(id, { role, expiresAt, generation: this.tokens.generation(role) });
    return { id, expiresAt };
  }

  get(id: string): Session | null {
    const s = this.byId.get(id);
    if (!s) return null;
    if (s.expiresAt <= Date.now()) this.end(id, 'the session expired (--session-hours)');
    else if (s.generation !== this.tokens.generation(s.role)) this.end(id, `the ${s.role} token was rotated`);
    else return s;
    return null;
  }

  /** Why the session `id` ended, if it did recently. */
  endReason(id: string): string | null {
    return this.endedWhy.get(id) ?? null;
  }

  revoke(id: string, reason = 'you logged out'): void {
    if (this.byId.has(id)) this.end(id, reason);
  }

  private end(id: string, reason: string): void {
    this.byId.delete(id);
    this.endedWhy.set(id, reason);
    if (this.endedWhy.size > 10_000) this.endedWhy.delete(this.endedWhy.keys().next().value!);
  }
}

/** Failed logins per client: after `limit` failures within `windowMs`, further attempts get 429. */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 60_000,
  ) {}

  /** Seconds to wait, or 0 if the client may try. */
  retryAfter(client: string, now = Date.now()): number {
    const recent = (this.failures.get(client) ?? []).filter((t) => now - t < this.windowMs);
    this.failures.set(client, recent);
    if (recent.length < this.limit) return 0;
    return Math.ceil((recent[0]! + this.windowMs - now) / 1000);
  }

  fail(client: string, now = Date.now()): void {
    const list = this.failures.get(client) ?? [];
    list.push(now);
    this.failures.set(client, list);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

}

/** Single-use, short-lived tickets: a WebSocket upgrade carries one instead of relying on the cookie alone. */
export class Tickets {
  private readonly byId = new Map<string, { role: Role; expiresAt: number }>();

  issue(role: Role, ttlMs = 30_000): string {
    const id = randomBytes(24).toString('base64url');
    this.byId.set(id, { role, expiresAt: Date.now() + ttlMs });
    if (this.byId.size > 1000) {
      for (const [k, v] of this.byId) if (v.expiresAt < Date.now()) this.byId.delete(k);
    }
    return id;
  }

  redeem(id: string): Role | null {
    const t = this.byId.get(id);
    this.byId.delete(id);
    return t && t.expiresAt > Date.now() ? t.role : null;
  }
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}
