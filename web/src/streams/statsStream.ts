/**
 * A container's live stats: GET /containers/ID/stats?stream=1 (one JSON per line, about one a
 * second), decoded incrementally into a capped history of samples. Opens while `key` gives an id,
 * closes when it goes null or in onCleanup. Streams never poll.
 */
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { engineUrl, encodePathParam } from '../api/engineApi';
import { describeError } from '../api/errors';
import { request } from '../api/http';
import type { EngineRef } from '../api/types';
import { createJsonLineDecoder, pushSample, toSample, type StatsJson, type StatsSample } from '../containers/stats';
import type { StreamStatus } from './logStream';

export interface StatsStream {
  history: Accessor<StatsSample[]>;
  status: Accessor<StreamStatus>;
  error: Accessor<string | null>;
}

export function createStatsStream(key: Accessor<{ engine: EngineRef; id: string } | null>, cap?: number): StatsStream {
  const [history, setHistory] = createSignal<StatsSample[]>([]);
  const [status, setStatus] = createSignal<StreamStatus>('idle');
  const [error, setError] = createSignal<string | null>(null);
  createEffect(
    on(
      () => {
        const k = key();
        return k ? `${k.engine.name}\n${k.engine.apiVersion}\n${k.id}` : null;
      },
      (serialized) => {
        const k = key();
        setHistory([]);
        setError(null);
        if (!serialized || !k) {
          setStatus('idle');
          return;
        }
        const controller = new AbortController();
        onCleanup(() => controller.abort());
        setStatus('connecting');
        void (async () => {
          try {
            const url = engineUrl(k.engine, `/containers/${encodePathParam(k.id)}/stats`, { stream: '1' });
            const response = await request(url, { signal: controller.signal });
            setStatus('live');
            const reader = response.body?.getReader();
            if (!reader) throw new Error('The browser gave no stream to read.');
            const decoder = createJsonLineDecoder<StatsJson>();
            for (;;) {
              const { done, value } = await reader.read();
              if (done) break;
              const now = Date.now();
              const samples = decoder.push(value).map((json) => toSample(json, now));
              if (samples.length) setHistory((h) => samples.reduce((acc, s) => pushSample(acc, s, cap), h));
            }
            setStatus('ended');
          } catch (cause) {
            if (controller.signal.aborted) return;
            const text = describeError(cause);
            setError(`${text.title}: ${text.message}`);
            setStatus('error');
          }
        })();
      },
    ),
  );
  return { history, status, error };
}

/**
 * At most `cap` list rows stream at once (browsers open about six HTTP/1.1 connections per origin;
 * the events stream and queries need some). A row takes a slot when it appears and gives it back
 * when it scrolls away; rows that get none show no sparkline until a slot frees.
 */
export function createSlots(cap: number) {
  const [used, setUsed] = createSignal<ReadonlySet<string>>(new Set());
  const waiting: string[] = [];
  const refill = (set: Set<string>): void => {
    while (set.size < cap && waiting.length) set.add(waiting.shift() as string);
  };
  return {
    has: (id: string): boolean => used().has(id),
    acquire(id: string): void {
      const set = new Set(used());
      if (set.has(id) || waiting.includes(id)) return;
      if (set.size < cap) set.add(id);
      else waiting.push(id);
      setUsed(set);
    },
    release(id: string): void {
      const set = new Set(used());
      const at = waiting.indexOf(id);
      if (at !== -1) waiting.splice(at, 1);
      set.delete(id);
      refill(set);
      setUsed(set);
    },
  };
}
