import { describe, expect, test } from 'vitest';
import { Demuxer } from './demux.ts';

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
