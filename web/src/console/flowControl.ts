/**
 * Flow control between the console socket and the terminal. xterm parses what write() hands it in
 * slices between frames and calls write's callback once a chunk is parsed; handing it data faster than
 * it parses grows its buffer without bound (and past 50 MB it drops data). So at most `highWater`
 * bytes are in xterm at a time; the rest waits here, merged into larger chunks, and nothing is dropped.
 *
 * `paused` tells the reader to stop reading from the socket. Where reading can stop (WebSocketStream),
 * the socket's buffers fill, TCP stops, and the proxy's own back-pressure pauses the process's output;
 * where it cannot (a plain WebSocket always delivers), the waiting data stays here until xterm catches up.
 */
import { concatBytes } from '../engine/bytes';

export interface FlowOptions {
  /** Bytes in xterm at most, and the total above which reading pauses. */
  highWater: number;
  /** Reading resumes once everything not yet parsed is below this. */
  lowWater: number;
  /** Largest chunk handed to xterm at once when merging waiting data. */
  maxChunk: number;
}

export const DEFAULT_FLOW: FlowOptions = { highWater: 256 * 1024, lowWater: 64 * 1024, maxChunk: 64 * 1024 };

export type Writer = (data: Uint8Array, done: () => void) => void;

export class WriteFlow {
  private inTerminal = 0;
  private readonly waiting: Uint8Array[] = [];
  private waitingBytes = 0;
  private isPaused = false;
  private readonly listeners = new Set<(paused: boolean) => void>();

  constructor(
    private readonly write: Writer,
    private readonly options: FlowOptions = DEFAULT_FLOW,
  ) {}

  /** Bytes received but not yet parsed by the terminal. */
  get buffered(): number {
    return this.inTerminal + this.waitingBytes;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Called with true when reading should stop, false when it may go on. */
  onPauseChange(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.waiting.length === 0 && this.inTerminal < this.options.highWater) this.hand(chunk);
    else {
      this.waiting.push(chunk);
      this.waitingBytes += chunk.length;
    }
    this.update();
  }

  private hand(chunk: Uint8Array): void {
    this.inTerminal += chunk.length;
    let called = false;
    this.write(chunk, () => {
      if (called) return;
      called = true;
      this.inTerminal -= chunk.length;
      this.drain();
      this.update();
    });
  }

  private drain(): void {
    while (this.waiting.length && this.inTerminal < this.options.highWater) {
      // Merge small waiting chunks: fewer writes, fewer callbacks.
      let size = 0;
      let count = 0;
      for (const c of this.waiting) {
        if (count > 0 && size + c.length > this.options.maxChunk) break;
        size += c.length;
        count++;
      }
      const parts = this.waiting.splice(0, count);
      this.waitingBytes -= size;
      this.hand(concatBytes(parts));
    }
  }

  private update(): void {
    const next = this.isPaused ? this.buffered > this.options.lowWater : this.buffered > this.options.highWater;
    if (next === this.isPaused) return;
    this.isPaused = next;
    for (const listener of this.listeners) listener(next);
  }
}
