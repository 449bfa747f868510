import { describe, expect, test } from 'vitest';
import { BufferPool, OutputPacker } from './outputPacker.ts';

const frame = (stream: number, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

/** A packer whose sent messages are recorded as [channel, text]; `write()` completes the writes so far. */
function setup(multiplexed: boolean, maxPayload = 64, keep = 4) {
  const pool = new BufferPool(maxPayload + 1, keep);
  const sent: [number, string][] = [];
  const errors: string[] = [];
  let unwritten: (() => void)[] = [];
  const packer = new OutputPacker({
    multiplexed,
    pool,
    send: (message, written) => {
      // Read now: the buffer is reused once written.
      sent.push([message[0]!, message.subarray(1).toString()]);
      unwritten.push(written);
    },
    engineError: (text) => errors.push(text),
  });
  const write = () => {
    for (const w of unwritten) w();
    unwritten = [];
  };
  return { packer, pool, sent, errors, write };
}

/** Feeds `data` to the packer in pieces of `piece` bytes through one reused buffer, as the engine socket's reads arrive. */
function feed(packer: OutputPacker, data: Buffer, piece: number): void {
  const read = Buffer.alloc(piece);
  for (let at = 0; at < data.length; at += piece) {
    const n = data.copy(read, 0, at, at + piece);
    packer.push(read.subarray(0, n));
    read.fill(0xee); // what the next read would overwrite
  }
}

describe('OutputPacker, multiplexed (non-TTY)', () => {
  const stream = Buffer.concat([frame(1, 'out line\n'), frame(2, 'err'), frame(1, ''), frame(0, 'echo'), frame(1, 'last')]);

  test('the same messages however the engine splits its writes, from one reused read buffer', () => {
    for (let piece = 1; piece <= stream.length; piece++) {
      const { packer, sent } = setup(true);
      feed(packer, stream, piece);
      packer.flush();
      expect(sent, `reads of ${piece} bytes`).toEqual([
        [1, 'out line\n'],
        [2, 'err'],
        [1, 'echolast'],
      ]);
    }
  });

  test('a message holds at most the largest payload; a frame crossing it is split where it falls', () => {
    const { packer, sent } = setup(true, 5);
    packer.push(Buffer.concat([frame(1, 'abc'), frame(1, 'defg'), frame(1, 'hijklmnopq'), frame(2, 'xy')]));
    packer.flush();
    expect(sent).toEqual([
      [1, 'abcde'],
      [1, 'fghij'],
      [1, 'klmno'],
      [1, 'pq'],
      [2, 'xy'],
    ]);
  });

  test('pending counts what waits for flush(); full messages leave at once', () => {
    const { packer, sent } = setup(true, 4);
    packer.push(frame(1, 'abcdef'));
    expect(sent).toEqual([[1, 'abcd']]);
    expect(packer.pending).toBe(2);
    packer.flush();
    expect(packer.pending).toBe(0);
    packer.flush();
    expect(sent).toEqual([
      [1, 'abcd'],
      [1, 'ef'],
    ]);
  });

  test('an engine error frame is reported whole, after the output before it, even split across reads', () => {
    const data = Buffer.concat([frame(1, 'before'), frame(3, 'exec failed: no such file'), frame(1, 'after')]);
    for (let piece = 1; piece <= data.length; piece++) {
      const events: string[] = [];
      const packer = new OutputPacker({
        multiplexed: true,
        pool: new BufferPool(65, 2),
        send: (m) => events.push(`out ${m.subarray(1).toString()}`),
        engineError: (t) => events.push(`error ${t}`),
      });
      feed(packer, data, piece);
      packer.flush();
      expect(events, `reads of ${piece} bytes`).toEqual(['out before', 'error exec failed: no such file', 'out after']);
    }
  });

  test('a huge error frame keeps only its first 4 KiB of text', () => {
    const { packer, errors } = setup(true);
    packer.push(frame(3, 'x'.repeat(100_000)));
    expect(errors.map((e) => e.length)).toEqual([4096]);
  });
});

describe('OutputPacker, raw (TTY)', () => {
  test('every byte is stdout, packed up to the largest payload', () => {
    const { packer, sent } = setup(false, 4);
    feed(packer, Buffer.from('\x01\x02\x03hello world'), 3);
    packer.flush();
    expect(sent).toEqual([
      [1, '\x01\x02\x03h'],
      [1, 'ello'],
      [1, ' wor'],
      [1, 'ld'],
    ]);
  });
});

describe('buffer reuse', () => {
  test('a written message gives its buffer back, and the next message uses it', () => {
    const { packer, pool, write } = setup(false, 4, 4);
    packer.push(Buffer.from('abcdefgh'));
    expect(pool.kept).toBe(0);
    write();
    expect(pool.kept).toBe(2);
    packer.push(Buffer.from('ijkl'));
    expect(pool.kept).toBe(1);
  });

  test('a message not yet written is never overwritten', () => {
    const messages: Buffer[] = [];
    const packer = new OutputPacker({ multiplexed: false, pool: new BufferPool(5, 4), send: (m) => messages.push(m), engineError: () => undefined });
    packer.push(Buffer.from('abcdefgh'));
    packer.push(Buffer.from('ijklmnop'));
    expect(messages.map((m) => m.subarray(1).toString())).toEqual(['abcd', 'efgh', 'ijkl', 'mnop']);
  });

  test('the pool keeps at most its count, and clear() lets them go', () => {
    const pool = new BufferPool(8, 2);
    const taken = [pool.take(), pool.take(), pool.take()];
    for (const b of taken) pool.give(b);
    expect(pool.kept).toBe(2);
    pool.give(Buffer.alloc(4)); // another size is not kept
    expect(pool.kept).toBe(2);
    pool.clear();
    expect(pool.kept).toBe(0);
  });

  test('close() gives back the buffer being filled', () => {
    const { packer, pool, sent } = setup(false, 8, 4);
    packer.push(Buffer.from('abc'));
    packer.close();
    expect(pool.kept).toBe(1);
    packer.flush();
    expect(sent).toEqual([]);
  });
});
