import { describe, expect, test } from 'vitest';
import { createDemuxer, createLineSplitter, type Frame } from './demux';

const enc = new TextEncoder();
function frame(stream: number, text: string): Uint8Array {
  const data = enc.encode(text);
  const out = new Uint8Array(8 + data.length);
  out[0] = stream;
  new DataView(out.buffer).setUint32(4, data.length);
  out.set(data, 8);
  return out;
}
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};
const text = (frames: Frame[]): string[] => frames.map((f) => `${f.stream}:${new TextDecoder().decode(f.data)}`);

describe('createDemuxer', () => {
  const input = concat(frame(1, 'out line\n'), frame(2, 'err'), frame(1, ''), frame(1, 'ü done\n'));
  test.each(Array.from({ length: input.length + 1 }, (_, split) => ({ split })))('split at byte $split', ({ split }) => {
    const d = createDemuxer(false);
    const frames = [...d.push(input.slice(0, split)), ...d.push(input.slice(split))];
    // Payloads split at the boundary come out whole: frames are only emitted when complete.
    expect(text(frames)).toEqual(['1:out line\n', '2:err', '1:ü done\n']);
    expect(d.pending).toBe(0);
  });
  test('TTY: raw bytes are stdout', () => {
    expect(text(createDemuxer(true).push(enc.encode('raw')))).toEqual(['1:raw']);
  });
  test('an unfinished frame stays pending', () => {
    const d = createDemuxer(false);
    expect(d.push(frame(1, 'abc').slice(0, 9))).toEqual([]);
    expect(d.pending).toBe(9);
  });
});

test('createLineSplitter keeps partial lines per stream', () => {
  const s = createLineSplitter();
  const lines = [
    ...s.push({ stream: 1, data: enc.encode('a\nb') }),
    ...s.push({ stream: 2, data: enc.encode('x\n') }),
    ...s.push({ stream: 1, data: enc.encode('c\r\nd') }),
    ...s.end(),
  ];
  expect(lines).toEqual([
    { stream: 1, text: 'a' },
    { stream: 2, text: 'x' },
    { stream: 1, text: 'bc' },
    { stream: 1, text: 'd' },
  ]);
});
