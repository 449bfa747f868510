import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { SaveArchiveError, SaveArchiveReader, readSaveArchive, PROGRESS_STEP } from './saveArchive';
import { createTestTar, type TestTarEntry } from './testTar';

const enc = new TextEncoder();
const DIFF = ['sha256:d0', 'sha256:d1'];
const LAYER0 = createTestTar([
  { type: 'dir', path: 'bin' },
  { type: 'file', path: 'bin/busybox', size: 3000, mode: 0o755 },
  { type: 'symlink', path: 'bin/sh', target: 'busybox' },
]);
const LAYER1 = createTestTar([
  { type: 'file', path: 'big.bin', size: 1024 },
  { type: 'file', path: '.wh.hello.txt', content: '' },
]);
const CONFIG = JSON.stringify({ rootfs: { type: 'layers', diff_ids: DIFF }, history: [{ created_by: 'x' }] });

/** A docker save archive of 20.10: layer folders first, manifest.json last. */
function legacyArchive(gzipLayers = false): Uint8Array {
  const layer = (tar: Uint8Array): Uint8Array => (gzipLayers ? new Uint8Array(gzipSync(tar)) : tar);
  const entries: TestTarEntry[] = [
    { type: 'dir', path: 'aaa' },
    { type: 'file', path: 'aaa/VERSION', content: '1.0' },
    { type: 'file', path: 'aaa/json', content: '{"id":"aaa"}' },
    { type: 'file', path: 'aaa/layer.tar', content: layer(LAYER1) },
    { type: 'file', path: 'cfg.json', content: CONFIG },
    { type: 'dir', path: 'zzz' },
    { type: 'file', path: 'zzz/layer.tar', content: layer(LAYER0) },
    { type: 'file', path: 'manifest.json', content: JSON.stringify([{ Config: 'cfg.json', RepoTags: ['fixture/x:1'], Layers: ['zzz/layer.tar', 'aaa/layer.tar'] }]) },
  ];
  return createTestTar(entries);
}

/** The OCI layout of newer engines, without manifest.json. */
function ociArchive(): Uint8Array {
  const manifest = JSON.stringify({ config: { digest: 'sha256:c0' }, layers: [{ digest: 'sha256:b0' }, { digest: 'sha256:b1' }] });
  return createTestTar([
    { type: 'file', path: 'blobs/sha256/b1', content: new Uint8Array(gzipSync(LAYER1)) },
    { type: 'file', path: 'blobs/sha256/b0', content: LAYER0 },
    { type: 'file', path: 'blobs/sha256/c0', content: CONFIG },
    { type: 'file', path: 'blobs/sha256/m0', content: manifest },
    { type: 'file', path: 'index.json', content: JSON.stringify({ manifests: [{ digest: 'sha256:m0' }] }) },
    { type: 'file', path: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
  ]);
}

async function readChunks(chunks: readonly Uint8Array[]) {
  const reader = new SaveArchiveReader();
  for (const chunk of chunks) await reader.push(chunk);
  return reader.finish();
}

const summary = (image: Awaited<ReturnType<typeof readChunks>>) =>
  image.layers.map((layer) => ({ diffId: layer.diffId, paths: layer.entries.map((e) => `${e.type} ${e.path} ${e.size}`) }));
const EXPECTED = [
  { diffId: 'sha256:d0', paths: ['dir bin 0', 'file bin/busybox 3000', 'symlink bin/sh 0'] },
  { diffId: 'sha256:d1', paths: ['file big.bin 1024', 'file .wh.hello.txt 0'] },
];

describe('readSaveArchive', () => {
  test.each([
    { name: 'legacy layout, manifest.json after the layers', archive: legacyArchive() },
    { name: 'legacy layout with gzip layers', archive: legacyArchive(true) },
    { name: 'OCI layout: blobs, index.json, gzip and plain layers', archive: ociArchive() },
  ])('$name', async ({ archive }) => {
    expect(summary(await readChunks([archive]))).toEqual(EXPECTED);
  });

  test('split at every 97th byte offset, gzip layers included', async () => {
    const archive = legacyArchive(true);
    for (let cut = 1; cut < archive.length; cut += 97) {
      expect(summary(await readChunks([archive.subarray(0, cut), archive.subarray(cut)])), `split at ${cut}`).toEqual(EXPECTED);
    }
  });

  test('reads a ReadableStream in small chunks and reports progress', async () => {
    const archive = legacyArchive();
    const progress: number[] = [];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < archive.length; at += 1000) controller.enqueue(archive.subarray(at, at + 1000));
        controller.close();
      },
    });
    const image = await readSaveArchive(body, { onProgress: (bytes) => progress.push(bytes) });
    expect(image.repoTags).toEqual(['fixture/x:1']);
    expect(image.config?.rootfs?.diff_ids).toEqual(DIFF);
    expect(progress.at(-1)).toBe(archive.length);
  });

  test('progress comes every PROGRESS_STEP bytes, not every chunk, and once at the end', async () => {
    const archive = legacyArchive();
    const step = 4096;
    const padded = new Uint8Array(PROGRESS_STEP * 3 + 100);
    padded.set(archive);
    const progress: number[] = [];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < padded.length; at += step) controller.enqueue(padded.subarray(at, at + step));
        controller.close();
      },
    });
    await readSaveArchive(body, { onProgress: (bytes) => progress.push(bytes) });
    expect(progress).toHaveLength(4);
    expect(progress.at(-1)).toBe(padded.length);
  });

  test.each([
    { name: 'no manifest', archive: createTestTar([{ type: 'file', path: 'x/layer.tar', content: LAYER0 }]), error: /no manifest.json/ },
    {
      name: 'a layer the manifest names is absent',
      archive: createTestTar([{ type: 'file', path: 'manifest.json', content: '[{"Config":"c.json","Layers":["gone/layer.tar"]}]' }]),
      error: /does not hold it/,
    },
    {
      name: 'a broken gzip layer',
      archive: createTestTar([{ type: 'file', path: 'x/layer.tar', content: enc.encode('\u001f\u008bnot gzip at all') }]),
      error: /./,
    },
  ])('$name is an error that says so', async ({ archive, error }) => {
    await expect(readChunks([archive])).rejects.toThrow(error);
  });

  test('errors are SaveArchiveError', async () => {
    await expect(readChunks([createTestTar([])])).rejects.toBeInstanceOf(SaveArchiveError);
  });
});
