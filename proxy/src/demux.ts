// Docker's multiplexed stream (non-TTY exec, attach and logs): frames of an 8-byte header
// [stream, 0, 0, 0, size uint32 BE] then `size` bytes. Headers and payloads split across chunks.

export interface Frame {
  /** 0 stdin, 1 stdout, 2 stderr, 3 engine error. */
  stream: number;
  payload: Buffer;
}

export class Demuxer {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds a chunk, returns the frames it completes (payload pieces are emitted as they arrive). */
  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (buf.length >= 8) {
      const size = buf.readUInt32BE(4);
      if (buf.length < 8 + size) break;
      frames.push({ stream: buf[0]!, payload: buf.subarray(8, 8 + size) });
      buf = buf.subarray(8 + size);
    }
    // A view, not a copy: socket chunks are never reused, and most calls leave nothing pending.
    this.pending = buf;
    return frames;
  }

  /** Bytes held back waiting for the rest of a frame. */
  get buffered(): number {
    return this.pending.length;
  }
}
