/**
 * Docker's multiplexed stream (logs and attach of containers without a TTY, service logs):
 * frames of an 8-byte header [stream, 0, 0, 0, size uint32 BE] and `size` bytes; stream 0
 * stdin, 1 stdout, 2 stderr, 3 an engine error. Decoded incrementally: headers and payloads
 * split across chunks anywhere. With a TTY the bytes are raw: everything is stdout.
 */

export interface Frame {
  stream: 0 | 1 | 2 | 3;
  data: Uint8Array;
}

export interface Demuxer {
  push(chunk: Uint8Array): Frame[];
  /** Bytes of an unfinished frame left at the end (0 when the stream ended cleanly). */
  readonly pending: number;
}

export function createDemuxer(tty: boolean): Demuxer {
  let buffer = new Uint8Array(0);
  return {
    push(chunk) {
      if (tty) return chunk.length ? [{ stream: 1, data: chunk }] : [];
      const joined = new Uint8Array(buffer.length + chunk.length);
      joined.set(buffer, 0);
      joined.set(chunk, buffer.length);
      const frames: Frame[] = [];
      let offset = 0;
      while (joined.length - offset >= 8) {
        const type = joined[offset] ?? 1;
        const size = (((joined[offset + 4] ?? 0) << 24) >>> 0) + ((joined[offset + 5] ?? 0) << 16) + ((joined[offset + 6] ?? 0) << 8) + (joined[offset + 7] ?? 0);
        if (joined.length - offset - 8 < size) break;
        const stream = (type <= 3 ? type : 1) as Frame['stream'];
        if (size > 0) frames.push({ stream, data: joined.slice(offset + 8, offset + 8 + size) });
        offset += 8 + size;
      }
      buffer = joined.slice(offset);
      return frames;
    },
    get pending() {
      return buffer.length;
    },
  };
}

/** Frames → text lines per stream, keeping a partial last line until its newline comes. */
export function createLineSplitter() {
  const decoders = new Map<number, InstanceType<typeof TextDecoder>>();
  const partial = new Map<number, string>();
  return {
    push(frame: Frame): { stream: Frame['stream']; text: string }[] {
      let decoder = decoders.get(frame.stream);
      if (!decoder) {
        decoder = new TextDecoder();
        decoders.set(frame.stream, decoder);
      }
      const text = (partial.get(frame.stream) ?? '') + decoder.decode(frame.data, { stream: true });
      const parts = text.split('\n');
      partial.set(frame.stream, parts.pop() ?? '');
      return parts.map((line) => ({ stream: frame.stream, text: line.replace(/\r$/, '') }));
    },
    end(): { stream: Frame['stream']; text: string }[] {
      const out: { stream: Frame['stream']; text: string }[] = [];
      for (const [stream, text] of partial) if (text) out.push({ stream: stream as Frame['stream'], text });
      partial.clear();
      return out;
    },
  };
}
