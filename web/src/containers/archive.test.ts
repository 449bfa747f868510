import { expect, test } from 'vitest';
import { writeTar } from '../console/tar';
import { breadcrumbs, createDirListing, createFileExtractor, formatPermissions, joinPath, parentPath, parsePathStat, sortEntries } from './archive';

const data = (text: string) => new TextEncoder().encode(text);
const tar = writeTar([
  { name: 'etc/', type: 'dir', mode: 0o755 },
  { name: 'etc/hosts', type: 'file', mode: 0o644, data: data('127.0.0.1 localhost\n') },
  { name: 'etc/ssl/', type: 'dir', mode: 0o755 },
  { name: 'etc/ssl/certs/', type: 'dir', mode: 0o755 },
  { name: 'etc/ssl/certs/a.pem', type: 'file', mode: 0o644, data: data('x'.repeat(700)) },
  { name: 'etc/zz', type: 'file', mode: 0o600, data: data('z') },
]);

test('the first level of a folder, whatever the chunking', () => {
  for (const size of [1, 7, 512, 513, 100_000]) {
    const listing = createDirListing();
    for (let at = 0; at < tar.length; at += size) listing.push(tar.slice(at, at + size));
    expect(listing.done).toBe(true);
    expect(listing.entries.map((e) => [e.name, e.type, e.size, e.mode])).toEqual([
      ['hosts', 'file', 20, 0o644],
      ['ssl', 'dir', 0, 0o755],
      ['zz', 'file', 1, 0o600],
    ]);
  }
});

test('the root folder lists entries without a prefix', () => {
  const rootTar = writeTar([
    { name: './', type: 'dir', mode: 0o755 },
    { name: 'bin/', type: 'dir', mode: 0o755 },
    { name: 'bin/sh', type: 'file', mode: 0o755, data: data('#!') },
    { name: 'tmp/', type: 'dir', mode: 0o1777 },
  ]);
  const listing = createDirListing();
  listing.push(rootTar);
  expect(listing.entries.map((e) => e.name)).toEqual(['bin', 'tmp']);
});

test('a file extracted from its archive comes back byte for byte', () => {
  const bytes = new Uint8Array(1300).map((_, i) => (i * 7) % 256);
  const single = writeTar([{ name: 'blob.bin', type: 'file', mode: 0o644, data: bytes }]);
  for (const size of [1, 100, 512, 5000]) {
    const x = createFileExtractor();
    for (let at = 0; at < single.length; at += size) x.push(single.slice(at, at + size));
    expect(x.result()).toEqual(bytes);
  }
  expect(createFileExtractor().result()).toBeNull();
});

test.each([
  [{ name: 'etc', size: 4096, mode: 2147484141, mtime: '2024-01-01T00:00:00Z', linkTarget: '' }, { isDir: true, isLink: false }],
  [{ name: 'sh', size: 7, mode: 134218239, mtime: '', linkTarget: '/bin/busybox' }, { isDir: false, isLink: true }],
  [{ name: 'hosts', size: 20, mode: 0o644, mtime: '', linkTarget: '' }, { isDir: false, isLink: false }],
])('parsePathStat %#', (raw, flags) => {
  const header = Buffer.from(JSON.stringify(raw)).toString('base64');
  expect(parsePathStat(header, (t) => Buffer.from(t, 'base64').toString())).toMatchObject({ ...raw, ...flags });
});

test('parsePathStat of nothing or garbage', () => {
  expect(parsePathStat(null)).toBeNull();
  expect(parsePathStat('!!', () => 'not json')).toBeNull();
});

test.each([
  [0o755, 'rwxr-xr-x'],
  [0o644, 'rw-r--r--'],
  [0o1777, 'rwxrwxrwx'],
])('formatPermissions(%o)', (mode, text) => {
  expect(formatPermissions(mode)).toBe(text);
});

test.each([
  ['/', 'etc', '/etc'],
  ['/etc/', 'ssl', '/etc/ssl'],
  ['/etc', '..', '/'],
  ['/', '../..', '/'],
])('joinPath(%s, %s)', (dir, name, path) => {
  expect(joinPath(dir, name)).toBe(path);
});

test('parentPath and breadcrumbs', () => {
  expect(parentPath('/a/b')).toBe('/a');
  expect(parentPath('/')).toBe('/');
  expect(breadcrumbs('/a/b')).toEqual([
    { name: '/', path: '/' },
    { name: 'a', path: '/a' },
    { name: 'b', path: '/a/b' },
  ]);
});

test('folders first', () => {
  const e = (name: string, type: 'file' | 'dir') => ({ name, type, size: 0, mode: 0, linkTarget: '' });
  expect(sortEntries([e('b', 'file'), e('z', 'dir'), e('a', 'file'), e('c', 'dir')]).map((x) => x.name)).toEqual(['c', 'z', 'a', 'b']);
});
