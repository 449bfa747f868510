import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { concatBytes } from '../engine/bytes';
import { TarStream } from '../image/tarStream';
import { paxRecord, staticShellTar, writeTar, type TarEntry } from './tar';

interface ReadEntry {
  name: string;
  type: string;
  mode: number;
  size: number;
  mtime: number;
  checksumOk: boolean;
  magic: string;
  data: Uint8Array;
}

/** A minimal reader, independent of the writer, to check the bytes. */
function readTar(bytes: Uint8Array): ReadEntry[] {
  const text = (o: number, n: number) => new TextDecoder().decode(bytes.subarray(o, o + n)).replace(/\0.*$/s, '');
  const entries: ReadEntry[] = [];
  for (let o = 0; o + 512 <= bytes.length; ) {
    if (bytes.subarray(o, o + 512).every((b) => b === 0)) break;
    const size = parseInt(text(o + 124, 12), 8);
    const sumField = parseInt(text(o + 148, 8).trim(), 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : bytes[o + i]!;
    const prefix = text(o + 345, 155);
    entries.push({
      name: prefix ? `${prefix}/${text(o, 100)}` : text(o, 100),
      type: String.fromCharCode(bytes[o + 156]!),
      mode: parseInt(text(o + 100, 8), 8),
      size,
      mtime: parseInt(text(o + 136, 12), 8),
      checksumOk: sum === sumField,
      magic: text(o + 257, 6),
      data: bytes.slice(o + 512, o + 512 + size),
    });
    o += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) % 256);

describe('writeTar', () => {
  test.each<{ name: string; entries: TarEntry[] }>([
    { name: 'empty archive', entries: [] },
    { name: 'one empty file', entries: [{ name: 'a', type: 'file', mode: 0o644 }] },
    { name: 'file of exactly one block', entries: [{ name: 'b', type: 'file', mode: 0o600, data: bytes(512) }] },
    { name: 'file over a block', entries: [{ name: 'c', type: 'file', mode: 0o755, data: bytes(513), mtime: 1_700_000_000 }] },
    { name: 'directory then file', entries: [{ name: 'd', type: 'dir', mode: 0o755 }, { name: 'd/e', type: 'file', mode: 0o755, data: bytes(10) }] },
    { name: 'long path split into prefix', entries: [{ name: `${'p'.repeat(120)}/${'n'.repeat(90)}`, type: 'file', mode: 0o644, data: bytes(3) }] },
  ])('$name', ({ entries }) => {
    const tar = writeTar(entries);
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(tar.length - 1024).every((b) => b === 0)).toBe(true);
    const read = readTar(tar);
    expect(read.map((e) => e.name)).toEqual(entries.map((e) => (e.type === 'dir' ? `${e.name.replace(/\/$/, '')}/` : e.name)));
    read.forEach((r, i) => {
      const e = entries[i]!;
      expect(r.checksumOk).toBe(true);
      expect(r.magic).toBe('ustar');
      expect(r.type).toBe(e.type === 'dir' ? '5' : '0');
      expect(r.mode).toBe(e.mode);
      expect(r.mtime).toBe(e.mtime ?? 0);
      expect(r.data).toEqual(e.type === 'file' ? (e.data ?? new Uint8Array(0)) : new Uint8Array(0));
    });
  });

  // Names ustar cannot hold go in a pax `path` record: the upload of a file with a long name works.
  test.each([
    ['a 150-character name with no folder', `${'n'.repeat(146)}.txt`],
    ['a 300-byte path', `${'d'.repeat(150)}/${'e'.repeat(149)}`],
    ['a long name of multi-byte characters', `${'é'.repeat(60)}.txt`],
  ])('%s is kept whole in a pax record', (_n, name) => {
    const data = bytes(700);
    const tar = writeTar([{ name, type: 'file', mode: 0o640, data, mtime: 1_700_000_000 }]);
    // Read back by the PWA's reader (the proxy's too), which reads pax as the engine's Go reader does.
    const events = new TarStream().push(tar);
    const entries = events.flatMap((e) => (e.kind === 'entry' ? [e.header] : []));
    expect(entries.map((h) => [h.path, h.type, h.size, h.mode])).toEqual([[name, 'file', 700, 0o640]]);
    expect(concatBytes(events.flatMap((e) => (e.kind === 'data' ? [e.bytes] : [])))).toEqual(data);
    // And by GNU tar, the file under its full name.
    const dir = mkdtempSync(join(tmpdir(), 'porthole-tar-'));
    try {
      writeFileSync(join(dir, 'a.tar'), tar);
      execFileSync('tar', ['-xf', 'a.tar', '--no-same-owner'], { cwd: dir });
      expect(Buffer.compare(readFileSync(join(dir, name)), data)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a pax record counts its length in bytes, its own digits included', () => {
    expect(paxRecord('path', 'abc')).toBe('12 path=abc\n');
    expect(paxRecord('path', 'é')).toBe('11 path=é\n'); // é is two bytes
    const long = paxRecord('path', 'x'.repeat(95)); // 100 or 101 bytes: the length's own digits tip it over
    expect(new TextEncoder().encode(long).length).toBe(Number(long.split(' ')[0]));
  });

  test('symlinks carry their target; a long target goes in a pax linkpath record', () => {
    const target = `/${'t'.repeat(120)}`;
    const events = new TarStream().push(writeTar([{ name: 'short', type: 'symlink', mode: 0o777, link: '/etc/hosts' }, { name: 'long', type: 'symlink', mode: 0o777, link: target }]));
    const entries = events.flatMap((e) => (e.kind === 'entry' ? [e.header] : []));
    expect(entries.map((h) => [h.path, h.type, h.linkTarget])).toEqual([
      ['short', 'symlink', '/etc/hosts'],
      ['long', 'symlink', target],
    ]);
  });
});

describe('staticShellTar', () => {
  test('holds .porthole/ and an executable .porthole/busybox', () => {
    const read = readTar(staticShellTar(bytes(1000), 1_700_000_000));
    expect(read.map((e) => [e.name, e.type, e.mode.toString(8), e.size])).toEqual([
      ['.porthole/', '5', '755', 0],
      ['.porthole/busybox', '0', '755', 1000],
    ]);
  });

  test('GNU tar extracts it with the same content and modes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'porthole-tar-'));
    try {
      const body = bytes(70_000);
      writeFileSync(join(dir, 'a.tar'), staticShellTar(body, 1_700_000_000));
      execFileSync('tar', ['-xf', 'a.tar', '--no-same-owner'], { cwd: dir });
      expect(Buffer.compare(readFileSync(join(dir, '.porthole/busybox')), body)).toBe(0);
      expect(statSync(join(dir, '.porthole/busybox')).mode & 0o777).toBe(0o755);
      expect(statSync(join(dir, '.porthole')).isDirectory()).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
