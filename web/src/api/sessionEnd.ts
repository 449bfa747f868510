/**
 * Why the session ended, when the proxy said so (logout in another tab, token rotation, expiry): its
 * 401 reads "not logged in: your session ended (REASON)". The login page shows it.
 */
import { createSignal } from 'solid-js';

/** The reason in a 401's message, or null when it is a plain "not logged in". */
export function sessionEndReason(message: string): string | null {
  const m = /your session ended \((.+)\)$/.exec(message);
  return m ? m[1]! : null;
}

const [endedWhy, setEndedWhy] = createSignal<string | null>(null);

export const sessionEndedWhy = endedWhy;

/** Called with every 401's message. */
export function noteUnauthorized(message: string): void {
  const reason = sessionEndReason(message);
  if (reason) setEndedWhy(reason);
}

export function clearSessionEnded(): void {
  setEndedWhy(null);
}
