// A console's output, engine → browser: the engine's bytes (raw for a TTY, Docker's multiplexed frames
// otherwise) packed into the bridge's binary messages [channel, ...bytes] as they arrive, in buffers that are
// reused once a message has been written. A 200 MB stream then allocates a handful of buffers instead of one
// per message, whose dead copies would wait for V8's next collection and inflate the RSS (docs/benchmarks.md).

/** Buffers of one size, kept for reuse up to a count; shared by every console of the process. */
export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(
    readonly size: number,
    private readonly keep: number,
  ) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  give(buffer: Buffer): void {
    if (buffer.length === this.size && this.free.length < this.keep) this.free.push(buffer);
  }

  /** Lets the kept buffers go (no console is open). */
  clear(): void {
    this.free.length = 0;
  }

  get kept(): number {
    return this.free.length;
  }
}

export interface PackerOptions {
  /** Docker's frames ([stream, 0, 0, 0, size BE] + payload, split anywhere); false: every byte is stdout (TTY). */
  multiplexed: boolean;
  /** Buffers of (largest payload per message + 1) bytes. */
  pool: BufferPool;
  /** Takes a finished message; `written` gives its buffer back, to be called once its bytes are written. */
  send: (message: Buffer, written: () => void) => void;
  /** An engine error frame (stream 3), whole, as text. */
  engineError: (text: string) => void;
}

// An error frame's text is shown to the user; more than this of it is dropped.
const MAX_ERROR = 4096;

export class OutputPacker {
  private current: Buffer | null = null;
  private channel = 0;
  /** Bytes used in `current`, its channel byte included. */
  private fill = 0;
  // The frame being read: its header (which may arrive in pieces), stream and payload bytes still to come.
  private readonly header = Buffer.alloc(8);
  private headerFill = 0;
  private stream = 0;
  private remaining = 0;
  private error: Buffer[] = [];
  private errorBytes = 0;

  constructor(private readonly opts: PackerOptions) {}

  /** Payload bytes packed but not sent yet (flush() sends them). */
  get pending(): number {
    return this.current ? this.fill - 1 : 0;
  }

  /** Takes engine bytes; `chunk` is only read during the call (it may be a reused read buffer). Full messages are sent at once. */
  push(chunk: Buffer): void {
    if (!this.opts.multiplexed) return this.copy(1, chunk, 0, chunk.length);
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining === 0 && this.headerFill < 8) {
        const n = chunk.copy(this.header, this.headerFill, i, Math.min(chunk.length, i + 8 - this.headerFill));
        this.headerFill += n;
        i += n;
        if (this.headerFill < 8) return;
        this.stream = this.header[0]!;
        this.remaining = this.header.readUInt32BE(4);
        if (this.remaining === 0) this.endFrame();
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - i);
      if (this.stream === 3) this.keepError(chunk, i, i + take);
      else this.copy(this.stream === 2 ? 2 : 1, chunk, i, i + take);
      this.remaining -= take;
      i += take;
      if (this.remaining === 0) this.endFrame();
    }
  }

  /** Sends what is packed. */
  flush(): void {
    const buffer = this.current;
    if (!buffer || this.fill <= 1) return;
    this.current = null;
    this.opts.send(buffer.subarray(0, this.fill), () => this.opts.pool.give(buffer));
  }

  /** The stream ended: the buffer being filled goes back (unsent bytes are dropped; flush() first to send them). */
  close(): void {
    if (this.current) this.opts.pool.give(this.current);
    this.current = null;
  }

  private endFrame(): void {
    this.headerFill = 0;
    if (this.stream !== 3) return;
    // Output before the error reaches the browser before it.
    this.flush();
    const text = Buffer.concat(this.error).toString();
    this.error = [];
    this.errorBytes = 0;
    this.opts.engineError(text);
  }

  private keepError(chunk: Buffer, start: number, end: number): void {
    const n = Math.min(end - start, MAX_ERROR - this.errorBytes);
    if (n <= 0) return;
    // A copy: the chunk may be a read buffer the next read overwrites.
    this.error.push(Buffer.from(chunk.subarray(start, start + n)));
    this.errorBytes += n;
  }

  private copy(channel: number, src: Buffer, start: number, end: number): void {
    const size = this.opts.pool.size;
    while (start < end) {
      if (this.current && this.channel !== channel) this.flush();
      if (!this.current) {
        this.current = this.opts.pool.take();
        this.current[0] = channel;
        this.channel = channel;
        this.fill = 1;
      }
      const n = src.copy(this.current, this.fill, start, Math.min(end, start + size - this.fill));
      this.fill += n;
      start += n;
      if (this.fill === size) this.flush();
    }
  }
}
