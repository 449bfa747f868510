import { describe, expect, test } from 'vitest';
import type { LogLine } from './logs';
import { LogMerger, colourSlot } from './mergeLogs';

let seq = 0;
const line = (time: string | null, text: string): LogLine => ({ seq: seq++, stream: 1, time, text });
const texts = (m: LogMerger) => m.lines().map((l) => l.line.text);

describe('LogMerger', () => {
  test('interleaves by time across containers, whatever order the batches come in', () => {
    const a = [line('2024-05-01T10:00:00.100000000Z', 'a1'), line('2024-05-01T10:00:00.300000000Z', 'a2'), line('2024-05-01T10:00:00.500000000Z', 'a3')];
    const b = [line('2024-05-01T10:00:00.200000000Z', 'b1'), line('2024-05-01T10:00:00.400000000Z', 'b2')];
    const m = new LogMerger();
    m.add(1, b);
    m.add(0, a);
    expect(texts(m)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
  });

  test("the engine's RFC 3339 nanoseconds drop trailing zeros: .1 is earlier than .123", () => {
    const m = new LogMerger();
    m.add(0, [line('2024-05-01T10:00:00.123Z', 'late')]);
    m.add(1, [line('2024-05-01T10:00:00.1Z', 'early')]);
    expect(texts(m)).toEqual(['early', 'late']);
  });

  test('lines offered again (the whole kept array of a stream) are taken once', () => {
    const m = new LogMerger();
    const kept = [line('2024-05-01T10:00:01Z', 'x1')];
    expect(m.add(0, kept)).toBe(true);
    kept.push(line('2024-05-01T10:00:02Z', 'x2'));
    expect(m.add(0, kept)).toBe(true);
    expect(m.add(0, kept)).toBe(false);
    expect(texts(m)).toEqual(['x1', 'x2']);
  });

  test('a live line that arrives late still goes in its place', () => {
    const m = new LogMerger();
    m.add(0, [line('2024-05-01T10:00:01Z', 'a1')]);
    m.add(1, [line('2024-05-01T10:00:03Z', 'b1')]);
    m.add(0, [line('2024-05-01T10:00:02Z', 'a2')]);
    expect(texts(m)).toEqual(['a1', 'a2', 'b1']);
  });

  test('the same instant: by container, then as received', () => {
    const t = '2024-05-01T10:00:01Z';
    const m = new LogMerger();
    m.add(1, [line(t, 'b1'), line(t, 'b2')]);
    m.add(0, [line(t, 'a1')]);
    expect(texts(m)).toEqual(['a1', 'b1', 'b2']);
  });

  test('a line without a time stays after its own container’s previous line', () => {
    const m = new LogMerger();
    m.add(0, [line('2024-05-01T10:00:01Z', 'a1')]);
    m.add(1, [line('2024-05-01T10:00:05Z', 'b1')]);
    m.add(0, [line(null, 'a-untimed')]);
    expect(texts(m).indexOf('a-untimed')).toBeGreaterThan(texts(m).indexOf('a1'));
  });

  test('keeps the newest `cap` lines; drop and clear forget', () => {
    const m = new LogMerger(3);
    m.add(0, [line('2024-05-01T10:00:01Z', '1'), line('2024-05-01T10:00:03Z', '3')]);
    m.add(1, [line('2024-05-01T10:00:02Z', '2'), line('2024-05-01T10:00:04Z', '4')]);
    expect(texts(m)).toEqual(['2', '3', '4']);
    m.drop(1);
    expect(texts(m)).toEqual(['3']);
    m.clear();
    expect(texts(m)).toEqual([]);
  });

  test('colour slots cycle', () => {
    expect([0, 1, 7, 8, 9].map(colourSlot)).toEqual([0, 1, 7, 0, 1]);
  });
});
