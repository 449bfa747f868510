/**
 * Followed logs across a stop and a start of the container. The engine ends a followed logs stream
 * when the container stops; the page reconnects when it runs again and continues where it left off:
 * engine timestamps read as exact instants (seconds and nanoseconds, no float rounding), the `since=`
 * of the reconnect, the filter that drops lines already shown at the boundary, what an engine event
 * means for the waiting page, and what to do when a stream ends. Pure: no fetch, no Solid, no timers.
 */
import { eventAction, eventActorId, eventType } from '../engine/events';
import type { EngineEvent } from '../engine/types';
import { logsQuery, type LogOptions } from './logs';

/** A point in time as the engine writes it: unix seconds and nanoseconds (0…999 999 999). */
export interface LogInstant {
  seconds: number;
  nanos: number;
}

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/i;

/** "2024-01-02T03:04:05.123456789Z" (any offset, 0 to 9+ fraction digits) → instant; null when unreadable. */
export function parseLogTime(time: string | null | undefined): LogInstant | null {
  if (!time) return null;
  const m = RFC3339.exec(time.trim());
  if (!m) return null;
  const ms = Date.parse(`${m[1]}${(m[3] ?? 'Z').toUpperCase()}`);
  if (!Number.isFinite(ms)) return null;
  const nanos = Number((m[2] ?? '').slice(0, 9).padEnd(9, '0'));
  return { seconds: Math.floor(ms / 1000), nanos };
}

/** Negative when a is earlier than b, 0 when equal, positive when later. */
export function compareInstants(a: LogInstant, b: LogInstant): number {
  return a.seconds - b.seconds || a.nanos - b.nanos;
}

/** The later of two instants (null counts as "none yet"). */
export function laterOf(a: LogInstant | null, b: LogInstant | null): LogInstant | null {
  if (!a) return b;
  if (!b) return a;
  return compareInstants(b, a) > 0 ? b : a;
}

/** The engine's `since` for an instant: seconds with nine fraction digits, "1700000000.123456789". */
export function sinceValue(instant: LogInstant): string {
  return `${instant.seconds}.${String(instant.nanos).padStart(9, '0')}`;
}

/** Go's zero time ("0001-01-01T00:00:00Z") and anything before 1970 mean "never". */
export function isNever(instant: LogInstant | null): boolean {
  return instant === null || instant.seconds <= 0;
}

/**
 * The query of the reconnect. From a known instant: every line since it (tail=all), followed; the
 * engine includes lines at exactly `since`, which keepLine() then drops. Without one (no line was
 * shown and the stop time is unknown): the user's own options, followed.
 */
export function resumeQuery(options: LogOptions, from: LogInstant | null): Record<string, string> {
  if (from === null || isNever(from)) return logsQuery({ ...options, follow: true });
  return { ...logsQuery({ follow: true, tail: null, since: null }), since: sinceValue(from) };
}

/**
 * Whether a line of a reconnected stream is new: its time is after `boundary` (the newest one shown
 * before the reconnect). Lines without a readable timestamp are kept: they cannot be judged.
 */
export function keepLine(time: LogInstant | null, boundary: LogInstant | null): boolean {
  return boundary === null || time === null || compareInstants(time, boundary) > 0;
}

/** What an engine event means for a page following container `id`'s logs. */
export function followEvent(event: EngineEvent, id: string): 'started' | 'removed' | null {
  if (eventType(event) !== 'container' || eventActorId(event) !== id) return null;
  const action = eventAction(event);
  if (action === 'start') return 'started';
  if (action === 'destroy') return 'removed';
  return null;
}

/** A followed stream ended; what is known about the container at that moment. */
export interface EndFacts {
  /** A start event for the container arrived after this stream was opened. */
  startedSinceOpen: boolean;
  /** The container's state read right after the end; 'gone' on 404, null when it could not be read. */
  container: { running: boolean } | 'gone' | null;
  /** Streams in a row that ended within a moment of opening without a new line. */
  quickEmptyEnds: number;
}

/** At most this many quick empty ends in a row are answered by reconnecting at once. */
export const MAX_QUICK_RECONNECTS = 3;

/**
 * After a followed stream ends: 'resume' at once (the container runs again, or runs still and the
 * stream broke), 'wait' for its start event, or 'removed'. A container that reads as running but keeps
 * ending streams at once is waited for instead of being reconnected in a loop.
 */
export function afterEnd(facts: EndFacts): 'resume' | 'wait' | 'removed' {
  if (facts.container === 'gone') return 'removed';
  // Each start event answers with one reconnect at most: no loop there.
  if (facts.startedSinceOpen) return 'resume';
  if (facts.quickEmptyEnds >= MAX_QUICK_RECONNECTS) return 'wait';
  if (facts.container !== null && facts.container.running) return 'resume';
  return 'wait';
}
