// What keeps slow or numerous clients from using up the proxy: caps on open connections (per client
// address and in all) and deadlines for requests. A request that is not authenticated must arrive whole
// (headers and body) within seconds; an authenticated upload (build context, archive, image load) may take
// as long as it keeps moving. Pure bookkeeping with an injected clock; server.ts wires it to sockets.

export interface CapLimits {
  perClient: number;
  total: number;
}

/** Open connections counted by client address. Addresses in `shared` (trusted reverse proxies) count only in the total. */
export class ConnectionCaps {
  private readonly byClient = new Map<string, number>();
  private open = 0;

  constructor(
    private readonly limits: CapLimits,
    private readonly shared: ReadonlySet<string> = new Set(),
  ) {}

  /** Whether a new connection from `address` may stay open; a true answer must be paired with release(). */
  admit(address: string): boolean {
    const mine = this.byClient.get(address) ?? 0;
    if (this.open >= this.limits.total) return false;
    if (!this.shared.has(address) && mine >= this.limits.perClient) return false;
    this.byClient.set(address, mine + 1);
    this.open++;
    return true;
  }

  release(address: string): void {
    const mine = this.byClient.get(address) ?? 0;
    if (mine <= 1) this.byClient.delete(address);
    else this.byClient.set(address, mine - 1);
    this.open = Math.max(0, this.open - 1);
  }

  get total(): number {
    return this.open;
  }
}

export interface DeadlineLimits {
  unauthenticatedMs: number;
  uploadIdleMs: number;
}

/** A request as the deadlines see it. */
export interface Watched {
  /** The whole request has been received (headers and any body). */
  received(): boolean;
  /** A counter that grows while bytes arrive (the connection's bytes read). */
  progress(): number;
  /** Ends the request (and, on HTTP/1.1, its connection). */
  cut(why: string): void;
}

export interface Watch {
  /** The caller proved who it is: from now on only a stalled upload is cut. */
  authenticated(): void;
  /** The exchange is over: stop watching. */
  done(): void;
}

interface Entry {
  w: Watched;
  authenticated: boolean;
  deadline: number;
  lastProgress: number;
}

export class RequestDeadlines {
  private readonly entries = new Set<Entry>();

  constructor(
    private readonly limits: DeadlineLimits,
    private readonly now: () => number = Date.now,
  ) {}

  watch(w: Watched): Watch {
    const e: Entry = { w, authenticated: false, deadline: this.now() + this.limits.unauthenticatedMs, lastProgress: w.progress() };
    this.entries.add(e);
    return {
      authenticated: () => {
        e.authenticated = true;
        e.deadline = this.now() + this.limits.uploadIdleMs;
      },
      done: () => void this.entries.delete(e),
    };
  }

  /** Cuts what is past its deadline; returns how many were cut. Run it every second or so. */
  sweep(): number {
    const now = this.now();
    let cut = 0;
    for (const e of this.entries) {
      if (e.w.received()) {
        this.entries.delete(e);
        continue;
      }
      if (e.authenticated) {
        const p = e.w.progress();
        if (p !== e.lastProgress) {
          e.lastProgress = p;
          e.deadline = now + this.limits.uploadIdleMs;
        }
      }
      if (now < e.deadline) continue;
      this.entries.delete(e);
      cut++;
      e.w.cut(
        e.authenticated
          ? `the upload made no progress for ${Math.round(this.limits.uploadIdleMs / 1000)} s`
          : `the request was not complete within ${Math.round(this.limits.unauthenticatedMs / 1000)} s`,
      );
    }
    return cut;
  }

  get size(): number {
    return this.entries.size;
  }
}
