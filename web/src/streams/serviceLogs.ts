/**
 * A swarm service's logs, followed: the engine's multiplexed stream (raw with a TTY) decoded into lines as
 * they come, until the signal aborts. The service page only shows the lines.
 */
import type { EngineRef } from '../api/types';
import { createDemuxer, createLineSplitter, type Frame } from '../engine/demux';
import { openServiceLogs } from '../queries/swarm';

export type ServiceLogLine = { stream: Frame['stream']; text: string };

/** Resolves when the stream ends; rejects with the error that stopped it (not when `signal` aborted it). */
export async function followServiceLogs(engine: EngineRef, id: string, tty: boolean, signal: AbortSignal, onLines: (lines: ServiceLogLine[]) => void): Promise<void> {
  const reader = await openServiceLogs(engine, id, signal);
  const demux = createDemuxer(tty);
  const splitter = createLineSplitter();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const out = demux.push(value).flatMap((frame) => splitter.push(frame));
    if (out.length) onLines(out);
  }
}
