import { describe, expect, test } from 'vitest';
import type { ImageHistoryItem } from '../engine/types';
import { layerSizes, parseCreatedBy, toImageHistory } from './history';
import fixture from './testdata/history-fixture.json';

// testdata/history-fixture.json: GET /images/fixture/history:1/history and its RootFS.Layers,
// as dockerd 20.10 answered for tests/harness/fixtures.ts.
const history = fixture.history as ImageHistoryItem[];
const layers = fixture.layers;

describe('parseCreatedBy', () => {
  test.each([
    { name: 'classic metadata step', by: '/bin/sh -c #(nop)  ENV FIXTURE=history GREETING=hello', text: 'ENV FIXTURE=history GREETING=hello', metadata: true },
    { name: 'classic CMD', by: '/bin/sh -c #(nop)  CMD ["sh"]', text: 'CMD ["sh"]', metadata: true },
    { name: 'classic COPY is #(nop) but not metadata', by: '/bin/sh -c #(nop) COPY file:11 in /data/data.txt ', text: 'COPY file:11 in /data/data.txt', metadata: false },
    { name: 'classic RUN', by: '/bin/sh -c echo "$GREETING" > /hello.txt', text: 'RUN echo "$GREETING" > /hello.txt', metadata: false },
    { name: 'classic RUN with build args', by: '|2 A=1 B=x /bin/sh -c make', text: 'RUN make', metadata: false },
    { name: 'BuildKit RUN', by: 'RUN /bin/sh -c apk add curl # buildkit', text: 'RUN apk add curl', metadata: false },
    { name: 'BuildKit RUN with args', by: 'RUN |1 V=2 /bin/sh -c make # buildkit', text: 'RUN make', metadata: false },
    { name: 'BuildKit metadata', by: 'WORKDIR /app', text: 'WORKDIR /app', metadata: true },
    { name: 'BuildKit COPY', by: 'COPY . . # buildkit', text: 'COPY . .', metadata: false },
    { name: 'imported root', by: '', text: '', metadata: false },
    { name: 'a commit command', by: 'sh -c touch /x', text: 'sh -c touch /x', metadata: false },
    { name: 'Windows shell', by: 'cmd /S /C #(nop)  ENV A=b', text: 'ENV A=b', metadata: true },
  ])('$name', ({ by, text, metadata }) => {
    const parsed = parseCreatedBy(by);
    expect(parsed.text).toBe(text);
    expect(parsed.metadata).toBe(metadata);
  });
});

describe('toImageHistory on fixture/history:1', () => {
  const result = toImageHistory(history, layers);

  test('the rule matches every layer: 6 steps make the 6 layers', () => {
    expect(result.exact).toBe(true);
    expect(result.layerSteps).toBe(6);
    expect(result.layerCount).toBe(6);
  });

  test.each([
    { index: 0, text: '', size: 1982606, layer: 0 },
    { index: 1, text: 'ENV FIXTURE=history GREETING=hello', size: 0, layer: null },
    { index: 2, text: 'RUN echo "$GREETING" > /hello.txt', size: 6, layer: 1 },
    { index: 3, text: expect.stringMatching(/^COPY file:[0-9a-f]+ in \/data\/data.txt$/), size: 30, layer: 2 },
    { index: 4, text: 'RUN dd if=/dev/zero of=/big.bin bs=1024 count=100', size: 102400, layer: 3 },
    { index: 5, text: 'RUN dd if=/dev/urandom of=/big.bin bs=1024 count=100', size: 102400, layer: 4 },
    { index: 6, text: 'RUN rm /hello.txt', size: 0, layer: 5 },
    { index: 7, text: 'LABEL org.porthole.fixture=history', size: 0, layer: null },
    { index: 8, text: 'CMD ["sh"]', size: 0, layer: null },
  ])('step $index: $text', ({ index, text, size, layer }) => {
    const row = result.rows[index];
    expect(row?.instruction.text).toEqual(text);
    expect(row?.size).toBe(size);
    expect(row?.layerIndex).toBe(layer);
    expect(row?.diffId).toBe(layer === null ? null : layers[layer]);
  });

  test('built here, every step is a local image, so no row is <missing>', () => {
    // Built locally with the classic builder, every step is a local (intermediate) image here.
    expect(result.rows.every((row) => row.id !== null)).toBe(true);
    expect(result.rows[0]?.tags).toEqual(['fixture/busybox:1']);
    expect(result.rows[8]?.tags).toEqual(['fixture/history:1']);
  });
});

describe('toImageHistory edge cases', () => {
  const item = (CreatedBy: string, Size: number, Id = '<missing>'): ImageHistoryItem => ({ Id, Created: 1, CreatedBy, Tags: null, Size, Comment: '' });

  test.each([
    { name: 'null history (no rows)', history: null, layers: [], exact: true, steps: 0 },
    { name: 'one more layer step than layers is inexact', history: [item('/bin/sh -c true', 0), item('', 5)], layers: ['L0'], exact: false, steps: 2 },
    { name: 'pulled image: <missing> rows and an ADD', history: [item('/bin/sh -c #(nop)  CMD ["sh"]', 0, 'sha256:top'), item('/bin/sh -c #(nop) ADD file:x in / ', 7)], layers: ['L0'], exact: true, steps: 1 },
  ])('$name', ({ history: rows, layers: ids, exact, steps }) => {
    const result = toImageHistory(rows, ids);
    expect(result.exact).toBe(exact);
    expect(result.layerSteps).toBe(steps);
    if (!exact) expect(result.rows.every((row) => row.layerIndex === null)).toBe(true);
  });

  test('missing rows are counted', () => {
    const result = toImageHistory([item('/bin/sh -c #(nop)  CMD ["sh"]', 0, 'sha256:top'), item('', 7)], ['L0']);
    expect(result.missingCount).toBe(1);
    expect(result.rows[1]?.id).toBe('sha256:top');
  });
});

describe('layerSizes', () => {
  test.each([
    { name: 'fixture/history:1, base first', history, layers, sizes: [1982606, 6, 30, 102400, 102400, 0] },
    { name: 'inexact history gives null', history: history.slice(1, 4), layers, sizes: null },
  ])('$name', ({ history: rows, layers: ids, sizes }) => {
    expect(layerSizes(rows, ids)).toEqual(sizes);
  });
});
