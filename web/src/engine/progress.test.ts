import { describe, expect, test } from 'vitest';
import {
  EMPTY_TRANSFER,
  applyProgress,
  createProgressDecoder,
  explainTransferError,
  layerFraction,
  overallProgress,
  type ProgressMessage,
  type TransferState,
} from './progress';

const enc = new TextEncoder();

/** What the engine sent for a pull of a one-layer image and an already present one, recorded by hand. */
const PULL: ProgressMessage[] = [
  { status: 'Pulling from fixture/single', id: '1.0' },
  { status: 'Already exists', progressDetail: {}, id: 'aaa' },
  { status: 'Pulling fs layer', progressDetail: {}, id: 'bbb' },
  { status: 'Waiting', progressDetail: {}, id: 'bbb' },
  { status: 'Downloading', progressDetail: { current: 500, total: 1000 }, progress: '[=====>     ]     500B/1kB', id: 'bbb' },
  { status: 'Downloading', progressDetail: { current: 1000, total: 1000 }, id: 'bbb' },
  { status: 'Verifying Checksum', progressDetail: {}, id: 'bbb' },
  { status: 'Download complete', progressDetail: {}, id: 'bbb' },
  { status: 'Extracting', progressDetail: { current: 2048, total: 4096 }, id: 'bbb' },
  { status: 'Pull complete', progressDetail: {}, id: 'bbb' },
  { status: 'Digest: sha256:' + 'c'.repeat(64) },
  { status: 'Status: Downloaded newer image for 127.0.0.1:5000/fixture/single:1.0' },
];

function ndjson(messages: ProgressMessage[]): string {
  return messages.map((m) => JSON.stringify(m)).join('\r\n') + '\r\n';
}

describe('createProgressDecoder', () => {
  const text = ndjson([{ status: 'Pulling from x', id: 'é' }, { id: 'l1', status: 'Downloading', progressDetail: { current: 1, total: 2 } }, { error: 'boom', errorDetail: { message: 'boom' } }]);
  const bytes = enc.encode(text);

  test.each(Array.from({ length: bytes.length + 1 }, (_, at) => ({ at })))('split at byte $at', ({ at }) => {
    const decoder = createProgressDecoder();
    const out = [...decoder.push(bytes.slice(0, at)), ...decoder.push(bytes.slice(at)), ...decoder.end()];
    expect(out).toEqual([{ status: 'Pulling from x', id: 'é' }, { id: 'l1', status: 'Downloading', progressDetail: { current: 1, total: 2 } }, { error: 'boom', errorDetail: { message: 'boom' } }]);
  });

  test.each([
    { name: 'byte by byte', chunks: Array.from(enc.encode('{"status":"a"}\n{"status":"b"}\n')).map((b) => Uint8Array.of(b)) },
    { name: 'last line without newline', chunks: [enc.encode('{"status":"a"}\n{"status":"b"}')] },
    { name: 'blank lines', chunks: [enc.encode('\n{"status":"a"}\n\n{"status":"b"}\n\n')] },
  ])('$name', ({ chunks }) => {
    const decoder = createProgressDecoder();
    const out = [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
    expect(out.map((m) => m.status)).toEqual(['a', 'b']);
  });

  test('a plain-text line becomes a status', () => {
    const decoder = createProgressDecoder();
    expect([...decoder.push(enc.encode('proxy says no\n')), ...decoder.end()]).toEqual([{ status: 'proxy says no' }]);
  });
});

function fold(messages: ProgressMessage[], step = 100): TransferState {
  return messages.reduce((state, message, i) => applyProgress(state, message, i * step), EMPTY_TRANSFER);
}

describe('applyProgress', () => {
  test('a pull: layers in order, phases, header lines, digest and result', () => {
    const state = fold(PULL);
    expect(state.layers.map((l) => [l.id, l.status, l.phase])).toEqual([
      ['aaa', 'Already exists', 'exists'],
      ['bbb', 'Pull complete', 'complete'],
    ]);
    expect(state.lines).toEqual(['Pulling from fixture/single']);
    expect(state.digest).toBe('sha256:' + 'c'.repeat(64));
    expect(state.result).toBe('Downloaded newer image for 127.0.0.1:5000/fixture/single:1.0');
    expect(state.error).toBeNull();
    expect(state.layers[1]?.transferTotal).toBe(1000);
  });

  test.each([
    { upTo: 3, phase: 'waiting', fraction: 0 },
    { upTo: 5, phase: 'downloading', fraction: 0.25 },
    { upTo: 7, phase: 'verifying', fraction: 0.5 },
    { upTo: 8, phase: 'downloaded', fraction: 0.5 },
    { upTo: 9, phase: 'extracting', fraction: 0.75 },
    { upTo: 10, phase: 'complete', fraction: 1 },
  ])('after $upTo messages layer bbb is $phase ($fraction)', ({ upTo, phase, fraction }) => {
    const layer = fold(PULL.slice(0, upTo)).layers.find((l) => l.id === 'bbb');
    expect(layer?.phase).toBe(phase);
    expect(layer && layerFraction(layer)).toBe(fraction);
  });

  test('overall: mean of layers, bytes of known sizes', () => {
    const mid = overallProgress(fold(PULL.slice(0, 5)));
    expect(mid).toMatchObject({ fraction: (1 + 0.25) / 2, layersDone: 1, layers: 2, bytes: 500, totalBytes: 1000 });
    expect(overallProgress(fold(PULL))).toMatchObject({ fraction: 1, layersDone: 2, bytes: 1000, totalBytes: 1000 });
    expect(overallProgress(EMPTY_TRANSFER).fraction).toBe(0);
  });

  test('speed: bytes over the window, per layer and summed', () => {
    const messages: ProgressMessage[] = [
      { id: 'x', status: 'Downloading', progressDetail: { current: 0, total: 10_000 } },
      { id: 'x', status: 'Downloading', progressDetail: { current: 1000, total: 10_000 } },
      { id: 'x', status: 'Downloading', progressDetail: { current: 3000, total: 10_000 } },
    ];
    let state = EMPTY_TRANSFER;
    state = applyProgress(state, messages[0]!, 0);
    state = applyProgress(state, messages[1]!, 200);
    expect(state.layers[0]?.speed).toBeNull();
    state = applyProgress(state, messages[2]!, 1000);
    expect(state.layers[0]?.speed).toBe(3000);
    expect(overallProgress(state).speed).toBe(3000);
    state = applyProgress(state, { id: 'x', status: 'Download complete', progressDetail: {} }, 1100);
    expect(state.layers[0]?.speed).toBeNull();
  });

  test('an error message is kept and nothing else changes', () => {
    const state = fold([...PULL.slice(0, 2), { errorDetail: { message: 'manifest unknown' }, error: 'manifest unknown' }]);
    expect(state.error).toBe('manifest unknown');
    expect(state.layers).toHaveLength(1);
  });

  test('a push: Preparing, Pushing, Pushed, Layer already exists, the digest line and aux', () => {
    const state = fold([
      { status: 'The push refers to repository [127.0.0.1:5000/team/app]' },
      { status: 'Preparing', progressDetail: {}, id: 'l1' },
      { status: 'Preparing', progressDetail: {}, id: 'l2' },
      { status: 'Layer already exists', progressDetail: {}, id: 'l2' },
      { status: 'Pushing', progressDetail: { current: 512, total: 2048 }, id: 'l1' },
      { status: 'Pushed', progressDetail: {}, id: 'l1' },
      { status: '1.0: digest: sha256:' + 'd'.repeat(64) + ' size: 527' },
      { progressDetail: {}, aux: { Tag: '1.0', Digest: 'sha256:' + 'd'.repeat(64), Size: 527 } },
    ]);
    expect(state.layers.map((l) => l.phase)).toEqual(['complete', 'exists']);
    expect(state.digest).toBe('sha256:' + 'd'.repeat(64));
    expect(state.result).toMatch(/^1\.0: digest: sha256:d+ size: 527$/);
    expect(state.lines).toEqual(['The push refers to repository [127.0.0.1:5000/team/app]']);
  });
});

describe('explainTransferError', () => {
  test.each([
    { error: 'manifest for 127.0.0.1:5000/fixture/single:nope not found: manifest unknown: manifest unknown', title: 'Tag or repository not found' },
    { error: 'no matching manifest for linux/s390x in the manifest list entries', title: 'No image for this platform' },
    { error: 'Head "http://127.0.0.1:5001/v2/private/app/manifests/1.0": no basic auth credentials', title: '127.0.0.1:5001 refused the credentials' },
    { error: 'unauthorized: authentication required', title: '127.0.0.1:5001 refused the credentials' },
    { error: 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.0.0.1:53: no such host', title: 'The engine cannot reach 127.0.0.1:5001' },
    { error: 'pull access denied for nope, repository does not exist or may require \'docker login\'', title: 'Repository not found, or private' },
    { error: 'something else entirely', title: 'Pull failed' },
  ])('$title ← $error', ({ error, title }) => {
    const text = explainTransferError(error, 'pull', '127.0.0.1:5001');
    expect(text.title).toBe(title);
    expect(text.message).toBe(error);
    expect(text.hint.length).toBeGreaterThan(10);
  });
});
