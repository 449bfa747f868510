/**
 * "Engine X answered": any successful answer from an engine (a list, a console's check, the events stream)
 * tells whoever waits for it to come back (a down events stream, a console waiting to reconnect) at once, in
 * this tab and in the app's other tabs, instead of each waiting out its own backoff.
 */
type Listener = (engine: string) => void;

const listeners = new Set<Listener>();
const CHANNEL = 'porthole-engine-answered';
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
/** Other tabs hear of an engine at most this often (every answer would be many messages a second). */
const BROADCAST_EVERY_MS = 1000;
const lastBroadcast = new Map<string, number>();

channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (typeof event.data === 'string') notify(event.data);
});

function notify(engine: string): void {
  for (const listener of [...listeners]) listener(engine);
}

/** The engine of a proxy path (/api/engines/NAME/...), or null. */
export function engineOfPath(path: string): string | null {
  const m = /^(?:https?:\/\/[^/]+)?\/api\/engines\/([^/?#]+)\//.exec(path);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** Called on every successful answer from `engine`. */
export function noteEngineAnswered(engine: string, now: number = Date.now()): void {
  notify(engine);
  if (now - (lastBroadcast.get(engine) ?? 0) < BROADCAST_EVERY_MS) return;
  lastBroadcast.set(engine, now);
  channel?.postMessage(engine);
}

/** Calls `listener` with the engine's name whenever one answered; returns the unsubscribe. */
export function onEngineAnswered(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Resolves on `engine`'s next answer, or after `ms` (whichever comes first). */
export function nextAnswerOrAfter(engine: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const off = onEngineAnswered((name) => name === engine && done());
  });
}
