import { describe, expect, test } from 'vitest';
import { WriteFlow, type FlowOptions } from './flowControl';

const options: FlowOptions = { highWater: 100, lowWater: 30, maxChunk: 60 };

/** A fake terminal: records writes, parses only when told. */
function harness() {
  const written: Uint8Array[] = [];
  const callbacks: (() => void)[] = [];
  const pauses: boolean[] = [];
  const flow = new WriteFlow((data, done) => {
    written.push(data);
    callbacks.push(done);
  }, options);
  flow.onPauseChange((p) => pauses.push(p));
  const parseOne = () => callbacks.shift()?.();
  const parseAll = () => {
    while (callbacks.length) parseOne();
  };
  return { flow, written, callbacks, pauses, parseOne, parseAll };
}

const chunk = (n: number, fill = 1) => new Uint8Array(n).fill(fill);
const total = (parts: Uint8Array[]) => parts.reduce((n, p) => n + p.length, 0);

describe('WriteFlow', () => {
  test.each([
    { name: 'small output goes straight through', sizes: [10, 20, 30], inTerminal: 3, paused: false },
    { name: 'above the high-water mark data waits', sizes: [60, 60, 60], inTerminal: 2, paused: true },
    { name: 'one huge chunk is handed whole', sizes: [1000], inTerminal: 1, paused: true },
  ])('$name', ({ sizes, inTerminal, paused }) => {
    const h = harness();
    for (const s of sizes) h.flow.push(chunk(s));
    expect(h.written.length).toBe(inTerminal);
    expect(h.flow.paused).toBe(paused);
    expect(h.flow.buffered).toBe(sizes.reduce((a, b) => a + b, 0));
  });

  test('nothing is dropped and order is kept when the terminal lags', () => {
    const h = harness();
    const sent: number[] = [];
    for (let i = 0; i < 200; i++) {
      const c = chunk(7 + (i % 13), i % 256);
      sent.push(...c);
      h.flow.push(c);
      if (i % 17 === 0) h.parseOne();
    }
    h.parseAll();
    expect(h.flow.buffered).toBe(0);
    expect(h.written.flatMap((w) => [...w])).toEqual(sent);
  });

  test('waiting chunks are merged up to maxChunk', () => {
    const h = harness();
    h.flow.push(chunk(100)); // fills the terminal
    for (let i = 0; i < 10; i++) h.flow.push(chunk(20));
    expect(h.written.length).toBe(1);
    h.parseOne();
    expect(h.written.slice(1).map((w) => w.length)).toEqual([60, 60]);
  });

  test('pauses above the high-water mark, resumes below the low-water mark', () => {
    const h = harness();
    h.flow.push(chunk(90));
    expect(h.pauses).toEqual([]);
    h.flow.push(chunk(50));
    expect(h.pauses).toEqual([true]);
    h.parseOne(); // 90 parsed, 50 handed: buffered 50 > lowWater
    expect(h.pauses).toEqual([true]);
    h.parseAll();
    expect(h.pauses).toEqual([true, false]);
    expect(total(h.written)).toBe(140);
  });

  test('a callback run twice counts once', () => {
    const h = harness();
    h.flow.push(chunk(10));
    const done = h.callbacks[0]!;
    done();
    done();
    expect(h.flow.buffered).toBe(0);
  });
});
