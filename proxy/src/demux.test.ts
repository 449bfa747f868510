import { describe, expect, test } from 'vitest';
import { Demuxer, packMessages } from './demux.ts';

const frame = (stream: number, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('Demuxer', () => {
  const stream = Buffer.concat([frame(1, 'out line\n'), frame(2, 'err'), frame(1, ''), frame(1, 'last')]);
  test('decodes the same frames however the stream is split', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const d = new Demuxer();
      const frames = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
      expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([[1, 'out line\n'], [2, 'err'], [1, ''], [1, 'last']]);
      expect(d.buffered).toBe(0);
    }
  });
  test('holds a partial frame back', () => {
    const d = new Demuxer();
    expect(d.push(frame(1, 'abcdef').subarray(0, 10))).toEqual([]);
    expect(d.buffered).toBe(10);
  });
});

describe('packMessages', () => {
  const f = (stream: number, text: string) => ({ stream, payload: Buffer.from(text) });
  test('joins consecutive frames of one channel and keeps channel order', () => {
    const out = packMessages([f(1, 'a'), f(1, 'b'), f(2, 'c'), f(1, 'd')], 64);
    expect(out.map((m) => [m.channel, m.message.subarray(1).toString(), m.message[0]])).toEqual([[1, 'ab', 1], [2, 'c', 2], [1, 'd', 1]]);
  });
  test('splits what is larger than the cap', () => {
    const out = packMessages([f(1, 'abcdefg')], 3);
    expect(out.map((m) => m.message.subarray(1).toString())).toEqual(['abc', 'def', 'g']);
  });
  test('frames crossing the cap are split where the cap falls', () => {
    const out = packMessages([f(1, 'abc'), f(1, 'defg'), f(1, ''), f(2, 'xy')], 5);
    expect(out.map((m) => [m.channel, m.message.subarray(1).toString()])).toEqual([[1, 'abcde'], [1, 'fg'], [2, 'xy']]);
  });
  test('empty frames make no message', () => {
    expect(packMessages([f(1, '')], 3)).toEqual([]);
  });
});
