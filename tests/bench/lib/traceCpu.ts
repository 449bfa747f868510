// CPU time of Chromium's threads from a trace, split at the page's own performance marks: what the main thread
// (and the display compositor) spent per keystroke or per scrolled frame, whatever else the machine was doing.
// Wall-clock figures on this shared 2-CPU machine move with the load; thread CPU time (a trace event's `tdur`) does not.
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  ph: string;
  name: string;
  cat?: string;
  pid: number;
  tid: number;
  /** Microseconds on the trace clock. */
  ts: number;
  dur?: number;
  /** Thread CPU time, microseconds. */
  tdur?: number;
  args?: { name?: string };
}

/** Enough to see every task and the page's marks, little enough not to slow the page much. */
const CATEGORIES = 'toplevel,blink.user_timing,disabled-by-default-devtools.timeline';

/** Runs `work` while Chromium traces; returns its result and the trace's events. */
export async function traced<T>(cdp: CDPSession, work: () => Promise<T>): Promise<{ result: T; events: TraceEvent[] }> {
  const events: TraceEvent[] = [];
  // The protocol types the events as plain objects; these are Chromium's trace events.
  const collect = (data: { value: object[] }): void => void events.push(...(data.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  try {
    const result = await work();
    return { result, events };
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
}

/** Timestamps (µs, trace clock) of the page's `performance.mark(name)` calls, in order. */
export function markTimes(events: readonly TraceEvent[], name: string): number[] {
  return events
    .filter((e) => e.name === name && e.cat?.includes('blink.user_timing') && e.ph !== 'e')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
}

/**
 * CPU ms of one thread (by its name; the busiest if several share it) between consecutive marks: window i runs from
 * marks[i] to marks[i + 1] (the last to `end`). Only outermost events count, so nested ones are not counted twice.
 */
export function cpuPerWindow(events: readonly TraceEvent[], threadName: string, marks: readonly number[], end: number): number[] {
  const threads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === threadName).map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.tdur !== 'number' || typeof e.dur !== 'number') continue;
    const key = `${e.pid}:${e.tid}`;
    if (!threads.has(key)) continue;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  let best: number[] = marks.map(() => 0);
  let bestTotal = -1;
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const sums = marks.map(() => 0);
    let outerEnd = -Infinity;
    let window = 0;
    for (const e of list) {
      if (e.ts < outerEnd) continue; // inside an outer event already counted
      outerEnd = e.ts + (e.dur ?? 0);
      if (e.ts < (marks[0] ?? Infinity) || e.ts >= end) continue;
      while (window + 1 < marks.length && e.ts >= marks[window + 1]!) window++;
      sums[window]! += (e.tdur ?? 0) / 1000;
    }
    const total = sums.reduce((a, b) => a + b, 0);
    if (total > bestTotal) {
      bestTotal = total;
      best = sums;
    }
  }
  return best;
}
