/**
 * One container's logs as a live, capped list of lines. This function owns the stream: it opens
 * when the key (engine, id, options) appears or changes, demultiplexes non-TTY output in the browser,
 * batches lines into the signal every FLUSH_MS, keeps at most LOG_CAP lines, and aborts in onCleanup.
 */
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { engineUrl, encodePathParam } from '../api/engineApi';
import { describeError } from '../api/errors';
import { request } from '../api/http';
import type { EngineRef } from '../api/types';
import { appendCapped, logsQuery, splitTimestamp, LOG_CAP, type LogLine, type LogOptions } from '../containers/logs';
import { createDemuxer, createLineSplitter } from '../engine/demux';

const FLUSH_MS = 100;

export type StreamStatus = 'idle' | 'connecting' | 'live' | 'ended' | 'error';

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
  clear(): void;
}

export function createLogStream(key: Accessor<LogStreamKey | null>): LogStream {
  const [lines, setLines] = createSignal<LogLine[]>([]);
  const [status, setStatus] = createSignal<StreamStatus>('idle');
  const [error, setError] = createSignal<string | null>(null);
  const [received, setReceived] = createSignal(0);
  let seq = 0;

  createEffect(
    on(
      () => {
        const k = key();
        return k ? JSON.stringify([k.engine.name, k.engine.apiVersion, k.id, k.tty, k.options]) : null;
      },
      (serialized) => {
        const k = key();
        setLines([]);
        setReceived(0);
        setError(null);
        if (!serialized || !k) {
          setStatus('idle');
          return;
        }
        const controller = new AbortController();
        let pending: LogLine[] = [];
        let timer: ReturnType<typeof setTimeout> | null = null;
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
          pending.push({ seq: seq++, stream: stream === 2 ? 2 : 1, time, text: rest });
          // Keep the pending batch bounded too when the page is in the background.
          if (pending.length > LOG_CAP) pending = pending.slice(pending.length - LOG_CAP);
          timer ??= setTimeout(flush, FLUSH_MS);
        };
        onCleanup(() => {
          controller.abort();
          if (timer !== null) clearTimeout(timer);
        });
        setStatus('connecting');
        void (async () => {
          try {
            const url = engineUrl(k.engine, `/containers/${encodePathParam(k.id)}/logs`, logsQuery(k.options));
            const response = await request(url, { signal: controller.signal });
            setStatus('live');
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
            setStatus('ended');
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

  return { lines, status, error, received, clear: () => setLines([]) };
}
