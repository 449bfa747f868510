/**
 * One container's logs as a live, capped list of lines. This function owns the stream: it opens
 * when the key (engine, id, options) appears or changes, demultiplexes non-TTY output in the browser,
 * batches lines into the signal every FLUSH_MS, keeps at most LOG_CAP lines, and aborts in onCleanup.
 *
 * Followed logs outlive a stop of the container: the engine ends the stream, this waits for the
 * container's start event on the engine's events stream (streams/events.ts, no polling), then reads
 * again from the newest line shown (`since=`), dropping lines at or before it (containers/logResume.ts).
 */
import { createEffect, createMemo, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { engineUrl, encodePathParam } from '../api/engineApi';
import { describeError, isApiError } from '../api/errors';
import { request } from '../api/http';
import type { EngineRef } from '../api/types';
import { afterEnd, followEvent, keepLine, laterOf, parseLogTime, resumeQuery, type LogInstant } from '../containers/logResume';
import { appendCapped, logsQuery, splitTimestamp, LOG_CAP, type LogLine, type LogOptions } from '../containers/logs';
import { createDemuxer, createLineSplitter } from '../engine/demux';
import { fetchContainer } from '../queries/containers';
import { useEngineEvents } from './events';

const FLUSH_MS = 100;
/** A followed stream that ends sooner than this without a line counts as a quick empty end. */
const QUICK_END_MS = 2000;
/** How long "reconnected" stays up. */
const RECONNECTED_SHOWN_MS = 15_000;

/** waiting: followed logs of a stopped container, until it starts again; removed: it was deleted. */
export type StreamStatus = 'idle' | 'connecting' | 'live' | 'ended' | 'error' | 'waiting' | 'removed';

export interface LogStreamKey {
  engine: EngineRef;
  id: string;
  tty: boolean;
  options: LogOptions;
}

export interface LogStream {
  lines: Accessor<LogLine[]>;
  status: Accessor<StreamStatus>;
  error: Accessor<string | null>;
  /** Lines received in total (the kept ones are capped). */
  received: Accessor<number>;
  /** When followed logs came back after the container ran again (ms), for a while; else null. */
  reconnectedAt: Accessor<number | null>;
  clear(): void;
}

export function createLogStream(key: Accessor<LogStreamKey | null>): LogStream {
  const [lines, setLines] = createSignal<LogLine[]>([]);
  const [status, setStatus] = createSignal<StreamStatus>('idle');
  const [error, setError] = createSignal<string | null>(null);
  const [received, setReceived] = createSignal(0);
  const [reconnectedAt, setReconnectedAt] = createSignal<number | null>(null);
  let seq = 0;

  // By value: a refetched container or engine object with the same fields keeps the stream (and its lines).
  const serializedKey = createMemo(() => {
    const k = key();
    return k ? JSON.stringify([k.engine.name, k.engine.apiVersion, k.id, k.tty, k.options]) : null;
  });

  createEffect(
    on(
      serializedKey,
      (serialized) => {
        const k = key();
        setLines([]);
        setReceived(0);
        setError(null);
        setReconnectedAt(null);
        if (!serialized || !k) {
          setStatus('idle');
          return;
        }
        const controller = new AbortController();
        let pending: LogLine[] = [];
        let timer: ReturnType<typeof setTimeout> | null = null;
        let shownTimer: ReturnType<typeof setTimeout> | null = null;
        /** The newest timestamp received, where a reconnect continues. */
        let newest: LogInstant | null = null;
        /** Lines at or before this are already shown (set for a reconnect). */
        let boundary: LogInstant | null = null;
        let linesThisStream = 0;
        /** Start events of the container heard so far, and whether it was removed. */
        let starts = 0;
        let removed = false;
        let wake: (() => void) | null = null;

        const flush = (): void => {
          timer = null;
          if (pending.length === 0) return;
          const batch = pending;
          pending = [];
          setReceived((n) => n + batch.length);
          setLines((kept) => appendCapped(kept, batch, LOG_CAP));
        };
        const add = (stream: number, text: string): void => {
          const { time, text: rest } = splitTimestamp(text);
          if (k.options.follow) {
            const instant = parseLogTime(time);
            if (!keepLine(instant, boundary)) return;
            newest = laterOf(newest, instant);
          }
          linesThisStream++;
          pending.push({ seq: seq++, stream: stream === 2 ? 2 : 1, time, text: rest });
          // Keep the pending batch bounded too when the page is in the background.
          if (pending.length > LOG_CAP) pending = pending.slice(pending.length - LOG_CAP);
          timer ??= setTimeout(flush, FLUSH_MS);
        };
        onCleanup(() => {
          controller.abort();
          wake?.();
          if (timer !== null) clearTimeout(timer);
          if (shownTimer !== null) clearTimeout(shownTimer);
        });
        if (k.options.follow) {
          // The app's events stream (shared with the other views) tells when the container runs again.
          useEngineEvents(k.engine, (event) => {
            const meaning = followEvent(event, k.id);
            if (meaning === 'started') starts++;
            else if (meaning === 'removed') removed = true;
            if (meaning !== null) wake?.();
          });
        }

        /** Reads one logs stream to its end; false when the page went away. */
        const readOnce = async (query: Record<string, string>, resumed: boolean): Promise<boolean> => {
          const url = engineUrl(k.engine, `/containers/${encodePathParam(k.id)}/logs`, query);
          const response = await request(url, { signal: controller.signal });
          setStatus('live');
          if (resumed) {
            setReconnectedAt(Date.now());
            if (shownTimer !== null) clearTimeout(shownTimer);
            shownTimer = setTimeout(() => setReconnectedAt(null), RECONNECTED_SHOWN_MS);
          }
          const demux = createDemuxer(k.tty);
          const splitter = createLineSplitter();
          const reader = response.body?.getReader();
          if (!reader) throw new Error('The browser gave no stream to read.');
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            for (const frame of demux.push(value)) {
              if (frame.stream === 3) {
                setError(new TextDecoder().decode(frame.data));
                continue;
              }
              for (const line of splitter.push(frame)) add(line.stream, line.text);
            }
          }
          for (const line of splitter.end()) add(line.stream, line.text);
          flush();
          return !controller.signal.aborted;
        };

        /** Running, gone (404), or unknown; and when it stopped, for a reconnect without any line shown. */
        const readState = async (): Promise<{ container: { running: boolean } | 'gone' | null; finishedAt: LogInstant | null }> => {
          try {
            const inspect = await fetchContainer(k.engine, k.id, controller.signal);
            return { container: { running: inspect.State?.Running === true }, finishedAt: parseLogTime(inspect.State?.FinishedAt) };
          } catch (cause) {
            return { container: isApiError(cause) && cause.status === 404 ? 'gone' : null, finishedAt: null };
          }
        };

        const waitForStart = (seen: number): Promise<void> =>
          new Promise((resolve) => {
            const check = (): void => {
              if (starts > seen || removed || controller.signal.aborted) {
                wake = null;
                resolve();
              }
            };
            wake = check;
            check();
          });

        setStatus('connecting');
        void (async () => {
          let query = logsQuery(k.options);
          let resumed = false;
          let quickEmptyEnds = 0;
          try {
            for (;;) {
              const openedAt = Date.now();
              const startsAtOpen = starts;
              linesThisStream = 0;
              if (!(await readOnce(query, resumed))) return;
              if (!k.options.follow) {
                setStatus('ended');
                return;
              }
              // The engine ended a followed stream: the container stopped (or the connection broke).
              quickEmptyEnds = linesThisStream === 0 && Date.now() - openedAt < QUICK_END_MS ? quickEmptyEnds + 1 : 0;
              const state = await readState();
              if (controller.signal.aborted) return;
              let decision = removed ? 'removed' : afterEnd({ startedSinceOpen: starts > startsAtOpen, container: state.container, quickEmptyEnds });
              if (decision === 'wait') {
                setStatus('waiting');
                setReconnectedAt(null);
                await waitForStart(startsAtOpen);
                if (controller.signal.aborted) return;
                decision = removed ? 'removed' : 'resume';
              }
              if (decision === 'removed') {
                setStatus('removed');
                return;
              }
              const from = newest ?? state.finishedAt;
              boundary = from;
              query = resumeQuery(k.options, from);
              resumed = true;
              setStatus('connecting');
            }
          } catch (cause) {
            if (controller.signal.aborted) return;
            flush();
            const text = describeError(cause);
            setError(`${text.title}: ${text.message}`);
            setStatus('error');
          }
        })();
      },
    ),
  );

  return { lines, status, error, received, reconnectedAt, clear: () => setLines([]) };
}
