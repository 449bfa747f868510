/**
 * A container's logs straight from the engine into a file: every line it holds for the range (from
 * `since` when set; not only the lines the page keeps), read as a stream, demultiplexed and formatted
 * batch by batch, and written to a sink (streams/downloadSink.ts) as it comes.
 */
import { encodePathParam, engineUrl } from '../api/engineApi';
import { request } from '../api/http';
import type { EngineRef } from '../api/types';
import { formatDownload, splitTimestamp, type LogLine } from '../containers/logs';
import { createDemuxer, createLineSplitter } from '../engine/demux';
import type { DownloadSink } from '../api/downloadSink';

export interface DownloadRange {
  /** Unix seconds; null: from the first line the engine holds. */
  since: number | null;
  stdout: boolean;
  stderr: boolean;
}

export interface DownloadFormat {
  timestamps: boolean;
  /** "stdout"/"stderr" before each line (containers without a TTY). */
  streams: boolean;
}


/** The query of the download: the whole log (tail=all), with timestamps to keep or drop per line. */
export function downloadQuery(range: DownloadRange): Record<string, string> {
  const q: Record<string, string> = { stdout: range.stdout ? '1' : '0', stderr: range.stderr ? '1' : '0', timestamps: '1', tail: 'all' };
  if (range.since !== null) q['since'] = String(Math.floor(range.since));
  return q;
}

/** Reads the logs to their end into `sink`; `onProgress` hears the lines and bytes written so far. */
export async function downloadLogs(
  engine: EngineRef,
  id: string,
  tty: boolean,
  range: DownloadRange,
  format: DownloadFormat,
  sink: DownloadSink,
  onProgress: (lines: number, bytes: number) => void,
  signal?: AbortSignal,
): Promise<{ lines: number; bytes: number }> {
  const response = await request(engineUrl(engine, `/containers/${encodePathParam(id)}/logs`, downloadQuery(range)), { signal });
  const reader = response.body?.getReader();
  if (!reader) throw new Error('The browser gave no stream to read.');
  const demux = createDemuxer(tty);
  const splitter = createLineSplitter();
  const encoder = new TextEncoder();
  let lines = 0;
  let bytes = 0;
  let seq = 0;
  const write = async (batch: { stream: number; text: string }[]): Promise<void> => {
    if (batch.length === 0) return;
    const logLines: LogLine[] = batch.map((l) => ({ seq: seq++, stream: l.stream === 2 ? 2 : 1, ...splitTimestamp(l.text) }));
    const chunk = encoder.encode(formatDownload(logLines, format.timestamps, format.streams));
    await sink.write(chunk);
    lines += batch.length;
    bytes += chunk.byteLength;
    onProgress(lines, bytes);
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const batch: { stream: number; text: string }[] = [];
      for (const frame of demux.push(value)) {
        if (frame.stream === 3) throw new Error(new TextDecoder().decode(frame.data));
        batch.push(...splitter.push(frame));
      }
      await write(batch);
    }
    await write(splitter.end());
    await sink.close();
    return { lines, bytes };
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    await sink.abort();
    throw error;
  }
}
