import { Show, type JSX } from 'solid-js';
import type { LiveState } from '../streams/events';
import { createNow } from '../app/clock';
import { formatAsOf, formatStoredAge, isStored, isUnreachable } from '../app/offline';
import '../styles/inventory.css';

/** When this page opened: data older than this was restored from storage. */
const OPENED_AT = Date.now();

export interface LiveProps {
  live: LiveState;
  /** When the data shown was fetched (the query's dataUpdatedAt), 0 when there is none. */
  updatedAt: number;
  /** The query's last error, if its last fetch failed. */
  error: unknown;
}

/** Shown data is the last known one when the events stream is down or the last fetch could not get through. */
export function isOffline(props: LiveProps): boolean {
  return props.updatedAt > 0 && (props.live.status === 'down' || isUnreachable(props.error));
}

const LABELS = { live: 'Live', connecting: 'Connecting', down: 'Reconnecting', offline: 'Offline' } as const;

/**
 * A dot and a word in the page head: live, connecting, or offline. Stored data (from the last visit,
 * shown before the network answers) says its age here, in the badge's own place, so nothing moves
 * when the refresh replaces it.
 */
export function LiveBadge(props: LiveProps): JSX.Element {
  const now = createNow(15_000);
  const stored = () => !isOffline(props) && isStored(props.updatedAt, OPENED_AT);
  const state = () => (isOffline(props) ? 'offline' : stored() ? 'stored' : props.live.status);
  const title = () =>
    stored()
      ? `The list stored on this device, ${formatAsOf(props.updatedAt, now())}; refreshing from the engine…`
      : props.live.status === 'live'
      ? 'Live: changes on the engine show here as they happen'
      : props.live.status === 'connecting'
        ? 'Connecting to the engine’s events…'
        : `Not live: ${props.live.error ?? 'the engine cannot be reached'}`;
  return (
    <span class="live-badge" data-testid="live-status" data-state={state()} title={title()}>
      <span class="live-dot" aria-hidden="true" />
      <Show when={stored()} fallback={<span>{LABELS[state() as keyof typeof LABELS]}</span>}>
        <span data-testid="stored-notice" data-updated-at={props.updatedAt}>
          {formatStoredAge(props.updatedAt, now())}
        </span>
      </Show>
    </span>
  );
}

/** "Offline — as of 14:02, 3 minutes ago": the data shown is read-only and how old it is. */
export function OfflineBanner(props: LiveProps): JSX.Element {
  const now = createNow(15_000);
  return (
    <Show when={isOffline(props)}>
      <div class="notice notice-offline" role="status" data-testid="offline-banner" data-updated-at={props.updatedAt}>
        <span>
          <strong>Offline</strong> — {formatAsOf(props.updatedAt, now())}. Read-only: the last known state, updated
          by itself once the engine answers again.
        </span>
      </div>
    </Show>
  );
}
