/**
 * `docker stats` for every running container: one-shot reads (`stream=false&one-shot=true`, no wait for a
 * second sample) of all of them on one shared cadence, a few at a time, instead of one endless stream per
 * container. Why: a stream per container holds a connection each for as long as the page is open (over
 * HTTP/1.1 the browser has six per origin, which the events stream and the other views also need; even over
 * HTTP/2 a hundred containers are a hundred engine goroutines sampling cgroups every second), while a
 * one-shot read answers at once and frees its connection. The set of containers follows the engine's
 * events (the list query), not a poll; reading pauses while the page is hidden.
 */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { encodePathParam, engineUrl } from '../api/engineApi';
import { describeError } from '../api/errors';
import { getJson } from '../api/http';
import type { EngineRef } from '../api/types';
import type { StatsJson } from '../containers/stats';
import { statsRow, type StatsRow } from '../containers/statsTable';

export const SAMPLE_EVERY_MS = 2000;
const AT_ONCE = 4;

export interface StatsSampler {
  rows: Accessor<StatsRow[]>;
  /** Rounds of reads done. */
  rounds: Accessor<number>;
  error: Accessor<string | null>;
}

export function createStatsSampler(engine: Accessor<EngineRef>, containers: Accessor<readonly { id: string; name: string }[]>): StatsSampler {
  const [rows, setRows] = createSignal<StatsRow[]>([]);
  const [rounds, setRounds] = createSignal(0);
  const [error, setError] = createSignal<string | null>(null);
  const previous = new Map<string, StatsJson>();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;

  const round = async (): Promise<void> => {
    running = true;
    const list = [...containers()];
    const got = new Map<string, StatsRow>();
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < list.length && !controller.signal.aborted) {
        const c = list[next++]!;
        try {
          const json = await getJson<StatsJson>(engineUrl(engine(), `/containers/${encodePathParam(c.id)}/stats`, { stream: 'false', 'one-shot': 'true' }), controller.signal);
          got.set(c.id, statsRow(c.id, c.name, json, previous.get(c.id) ?? null, Date.now()));
          previous.set(c.id, json);
        } catch (cause) {
          // A container that stopped between the list and the read is simply left out.
          if (!controller.signal.aborted) failures.push(`${c.name}: ${describeError(cause).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, list.length) }, worker));
    if (controller.signal.aborted) return;
    for (const id of previous.keys()) if (!list.some((c) => c.id === id)) previous.delete(id);
    setRows(list.map((c) => got.get(c.id)).filter((r): r is StatsRow => !!r));
    setError(failures.length && got.size === 0 ? failures.join('; ') : null);
    setRounds((n) => n + 1);
    running = false;
    schedule();
  };
  const schedule = () => {
    if (controller.signal.aborted) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (document.visibilityState === 'hidden') return; // resumed by visibilitychange
      void round();
    }, SAMPLE_EVERY_MS);
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible' && timer === null && !running) void round();
  };
  document.addEventListener('visibilitychange', onVisible);
  // A new set of containers is read at once rather than at the next tick.
  createEffect(() => {
    containers();
    if (!running) void round();
  });
  onCleanup(() => {
    controller.abort();
    if (timer !== null) clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  });
  return { rows, rounds, error };
}
