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

/**
 * Packs payloads for the browser: each message is [channel, ...bytes] of at most `max` bytes of payload.
 * Consecutive frames of one channel share a message, so a chunk of many small engine frames costs one
 * WebSocket message (and one TLS record) instead of one each.
 */
export function packMessages(frames: readonly Frame[], max: number): { channel: number; message: Buffer }[] {
  const out: { channel: number; message: Buffer }[] = [];
  let i = 0;
  let offset = 0; // bytes of frames[i] already packed
  while (i < frames.length) {
    const channel = frames[i]!.stream;
    // Size of this message: the rest of this channel's run of frames, capped.
    let size = 0;
    for (let j = i, o = offset; j < frames.length && frames[j]!.stream === channel && size < max; j++, o = 0) {
      size += frames[j]!.payload.length - o;
    }
    size = Math.min(size, max);
    if (size === 0) {
      while (i < frames.length && frames[i]!.stream === channel && frames[i]!.payload.length === offset) (i++, (offset = 0));
      continue;
    }
    const message = Buffer.allocUnsafe(size + 1);
    message[0] = channel;
    let at = 1;
    // One copy per byte, straight from the engine's frames into the message.
    while (at < size + 1) {
      const payload = frames[i]!.payload;
      const n = payload.copy(message, at, offset, Math.min(payload.length, offset + size + 1 - at));
      at += n;
      offset += n;
      if (offset >= payload.length) {
        i++;
        offset = 0;
      }
    }
    out.push({ channel, message });
  }
  return out;
}
