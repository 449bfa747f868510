import { describe, expect, test } from 'vitest';
import { baseImages, judgeDockerfile, scanForDockerfile, TarWatcher } from './buildContext.ts';

/** A minimal ustar archive. */
function tar(entries: { name: string; body: string; type?: string }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body);
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100);
    h.write('0000644\0', 100);
    h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write(e.type ?? '0', 156);
    h.write('ustar\0', 257);
    parts.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

describe('scanForDockerfile', () => {
  const ctx = tar([{ name: 'app.txt', body: 'x'.repeat(700) }, { name: './Dockerfile', body: 'FROM a\nRUN b\n' }]);
  test('finds the Dockerfile after other entries', () => {
    expect(scanForDockerfile(ctx, 'Dockerfile')).toMatchObject({ state: 'found', dockerfile: 'FROM a\nRUN b\n', end: 2560 });
  });
  test('asks for more while the entry is incomplete, at every cut', () => {
    for (const cut of [0, 100, 512, 1600, 2050]) expect(scanForDockerfile(ctx.subarray(0, cut), 'Dockerfile').state).toBe('need-more');
  });
  test('a custom Dockerfile path', () => {
    const c = tar([{ name: 'build/Containerfile', body: 'FROM z' }]);
    expect(scanForDockerfile(c, './build/Containerfile')).toMatchObject({ state: 'found', dockerfile: 'FROM z' });
  });
  test('a long name given by a GNU L entry', () => {
    const long = `${'d/'.repeat(60)}Dockerfile`;
    const c = tar([{ name: '././@LongLink', body: `${long}\0`, type: 'L' }, { name: 'ignored', body: 'FROM long' }]);
    expect(scanForDockerfile(c, long)).toMatchObject({ state: 'found', dockerfile: 'FROM long' });
  });
  test('no Dockerfile before the end of the archive', () => {
    expect(scanForDockerfile(tar([{ name: 'a', body: 'b' }]), 'Dockerfile')).toMatchObject({ state: 'refused' });
  });
  test('compressed contexts are refused', () => {
    expect(scanForDockerfile(Buffer.from([0x1f, 0x8b, 8, 0]), 'Dockerfile')).toMatchObject({ state: 'refused', reason: /compressed/ });
  });
});

describe('judgeDockerfile', () => {
  test.each([
    ['plain', 'FROM a\nCOPY x /x\nADD local.tar /\nRUN wget -O- http://example.com', null],
    ['ADD of a URL', 'FROM a\nADD http://127.0.0.1:2375/secret /s', /remote or variable source/],
    ['lower-case add of https', 'FROM a\nadd https://h/x /x', /remote or variable source/],
    ['ADD split over lines', 'FROM a\nADD \\\n  http://h/x \\\n  /x', /remote or variable source/],
    ['ADD JSON form', 'FROM a\nADD ["http://h/x", "/x"]', /remote or variable source/],
    ['ADD of a git repository', 'FROM a\nADD git@github.com:a/b.git /src', /remote or variable source/],
    ['backtick escape', '# escape=`\nFROM a\nADD `\n http://h/x /x', /remote or variable source/],
    ['ADD of a variable', 'FROM a\nARG U\nADD $U /x', /remote or variable source/],
    ['ADD of a braced variable', 'FROM a\nENV U=http://h\nADD ${U}/x /x', /remote or variable source/],
    ['instruction split inside its name', 'FROM a\nAD\\\nD http://h/x /x', /remote or variable source/],
    ['ONBUILD', 'FROM a\nONBUILD ADD http://h/x /x', /ONBUILD/],
    ['ADD with flags and a local source', 'FROM a\nADD --chown=1:1 app.tar /app', null],
  ])('%s', (_n, text, want) => {
    const r = judgeDockerfile(text);
    if (want) expect(r).toMatch(want);
    else expect(r).toBeNull();
  });
});

describe('baseImages', () => {
  test.each([
    ['single', 'FROM alpine:3', ['alpine:3']],
    ['platform flag and stages', 'FROM --platform=linux/amd64 golang AS build\nFROM build\nFROM scratch', ['golang']],
    ['variables are skipped', 'ARG B=x\nFROM $B', []],
  ])('%s', (_n, text, want) => expect(baseImages(text)).toEqual(want));
});

describe('TarWatcher', () => {
  const later = tar([{ name: 'a.txt', body: 'x'.repeat(600) }, { name: './Dockerfile', body: 'FROM evil' }]);
  test('a second Dockerfile entry ends the stream, wherever the chunks split', () => {
    for (const cut of [1, 511, 512, 1000, 1536, 1537]) {
      const w = new TarWatcher('Dockerfile');
      const first = w.push(later.subarray(0, cut));
      expect(first ?? w.push(later.subarray(cut))).toMatch(/second Dockerfile/);
    }
  });
  test('other entries pass', () => {
    expect(new TarWatcher('Dockerfile').push(tar([{ name: 'a', body: 'b' }, { name: 'Dockerfile.bak', body: 'c' }]))).toBeNull();
  });
});
