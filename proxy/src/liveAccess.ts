// What a caller holds open (HTTP streams, consoles), by the grant that let it in: a browser session or a
// bearer token of one generation. When the grant ends (logout, expiry, rotation of the token, also by
// another process) everything it holds is closed at once, with the reason; on stop, everything is.

/** What let a request in, and whether it still does. */
export interface Grant {
  /** "session:<id>" or "bearer:<role>:<token generation>". */
  key: string;
  /** Null while valid; otherwise why it ended, in words for people. */
  ended(): string | null;
}

export type Closer = (reason: string) => void;

export class LiveAccess {
  private readonly byKey = new Map<string, { grant: Grant; closers: Set<Closer> }>();

  /** Registers something open under `grant`; returns its release (call it when it closes by itself). */
  hold(grant: Grant, close: Closer): () => void {
    let entry = this.byKey.get(grant.key);
    if (!entry) {
      entry = { grant, closers: new Set() };
      this.byKey.set(grant.key, entry);
    }
    const held = entry;
    held.closers.add(close);
    return () => {
      held.closers.delete(close);
      if (!held.closers.size && this.byKey.get(grant.key) === held) this.byKey.delete(grant.key);
    };
  }

  /** Closes everything held under `key`. */
  end(key: string, reason: string): number {
    const entry = this.byKey.get(key);
    if (!entry) return 0;
    this.byKey.delete(key);
    for (const close of entry.closers) close(reason);
    return entry.closers.size;
  }

  /** Closes what is held by grants that have ended since; run it a few times a second. */
  sweep(): number {
    let closed = 0;
    for (const [key, { grant }] of this.byKey) {
      const reason = grant.ended();
      if (reason) closed += this.end(key, reason);
    }
    return closed;
  }

  /** Closes everything (the proxy stops). */
  endAll(reason: string): number {
    let closed = 0;
    for (const key of [...this.byKey.keys()]) closed += this.end(key, reason);
    return closed;
  }

  get size(): number {
    let n = 0;
    for (const { closers } of this.byKey.values()) n += closers.size;
    return n;
  }
}
