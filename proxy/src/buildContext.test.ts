import { describe, expect, test } from 'vitest';
import { baseImages, BuildContextGate, judgeDockerfile, type GateResult } from './buildContext.ts';

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
    h.write('        ', 148);
    h.write(`${h.reduce((sum, b) => sum + b, 0).toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** Feeds `chunks` to a fresh gate; the last result. */
function gateOver(chunks: Uint8Array[], name = 'Dockerfile', limit = 64 * 1024 * 1024) {
  const gate = new BuildContextGate(name, limit);
  let r: GateResult = { state: 'need-more' };
  for (const c of chunks) {
    r = gate.push(c);
    if (r.state === 'refused') return { r, gate };
  }
  if (r.state === 'need-more') r = gate.end();
  return { r, gate };
}

describe('BuildContextGate', () => {
  const ctx = tar([{ name: 'app.txt', body: 'x'.repeat(700) }, { name: './Dockerfile', body: 'FROM a\nRUN b\n' }]);
  test('finds the Dockerfile after other entries, split at every offset', () => {
    for (let cut = 0; cut <= ctx.length; cut++) {
      expect(gateOver([ctx.subarray(0, cut), ctx.subarray(cut)]).r, `cut at ${cut}`).toEqual({ state: 'found', dockerfile: 'FROM a\nRUN b\n' });
    }
  });
  test('asks for more while the entry is incomplete', () => {
    for (const cut of [0, 100, 512, 1600, 2050]) expect(new BuildContextGate('Dockerfile', 1 << 20).push(ctx.subarray(0, cut)).state).toBe('need-more');
  });
  test.each([
    ['a custom path', 'build/Containerfile', [{ name: 'build/Containerfile', body: 'FROM z' }]],
    ['a path given with ./ and ..', './x/../build/Containerfile', [{ name: 'build/Containerfile', body: 'FROM z' }]],
    ['an entry named with ./ and //', 'build/Containerfile', [{ name: './build//Containerfile', body: 'FROM z' }]],
    ['a long name given by a GNU L entry', `${'d/'.repeat(60)}Dockerfile`, [{ name: '././@LongLink', body: `${'d/'.repeat(60)}Dockerfile\0`, type: 'L' }, { name: 'ignored', body: 'FROM z' }]],
  ])('%s', (_n, name, entries) => {
    expect(gateOver([tar(entries)], name).r).toEqual({ state: 'found', dockerfile: 'FROM z' });
  });

  test.each([
    ['no Dockerfile before the end of the archive', [tar([{ name: 'a', body: 'b' }])], 400, /holds no Dockerfile/],
    ['a body cut short', [tar([{ name: 'a', body: 'b'.repeat(600) }]).subarray(0, 700)], 400, /not a valid tar: .*cut short/],
    ['bytes that are not a tar', [Buffer.alloc(1024, 65)], 400, /not a valid tar: .*checksum/],
    ['a form-encoded body', [Buffer.from('remote=http://127.0.0.1:1/&networkmode=host'.padEnd(600, '&'))], 400, /not a valid tar/],
    ['gzip', [Buffer.from([0x1f, 0x8b, 8, 0])], 403, /compressed/],
    ['zstd', [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0])], 403, /compressed/],
    ['a second Dockerfile', [tar([{ name: 'Dockerfile', body: 'FROM a' }, { name: 'x/../Dockerfile', body: 'FROM evil' }])], 403, /second Dockerfile/],
    ['a later symlink of that name', [tar([{ name: 'Dockerfile', body: 'FROM a' }, { name: 'Dockerfile', body: '', type: '2' }])], 403, /second Dockerfile/],
    ['a file written through a symlink', [tar([{ name: 'Dockerfile', body: 'FROM a' }, { name: 'd', body: '', type: '2' }, { name: 'd/Dockerfile', body: 'FROM evil' }])], 403, /through the symlink d/],
    ['a later entry replacing its directory', [tar([{ name: 'sub/Dockerfile', body: 'FROM a' }, { name: 'sub', body: '', type: '2' }])], 403, /replace a directory/, 'sub/Dockerfile'],
    ['an entry leading outside the context', [tar([{ name: '../Dockerfile', body: 'FROM a' }])], 400, /leads outside/],
  ])('refuses %s', (_n, chunks, status, reason, name = 'Dockerfile') => {
    expect(gateOver(chunks as Uint8Array[], name as string).r).toMatchObject({ state: 'refused', status, reason: expect.stringMatching(reason) });
  });

  test('a dockerfile parameter outside the context', () => {
    expect(gateOver([ctx], '../Dockerfile').r).toMatchObject({ state: 'refused', status: 400, reason: /not a path inside the build context/ });
  });

  test('later directory entries on its path are fine', () => {
    expect(gateOver([tar([{ name: 'sub/Dockerfile', body: 'FROM a' }, { name: 'sub/', body: '', type: '5' }, { name: 'sub/x', body: 'y' }])], 'sub/Dockerfile').r).toEqual({ state: 'found', dockerfile: 'FROM a' });
  });

  test('reads no further than the cap before the Dockerfile', () => {
    const big = tar([{ name: 'big', body: 'x'.repeat(5000) }, { name: 'Dockerfile', body: 'FROM a' }]);
    const chunks = Array.from({ length: Math.ceil(big.length / 512) }, (_, i) => big.subarray(i * 512, (i + 1) * 512));
    const { r, gate } = gateOver(chunks, 'Dockerfile', 2048);
    expect(r).toMatchObject({ state: 'refused', status: 413, reason: /within the first/ });
    expect(gate.examined).toBeLessThanOrEqual(2048 + 512);
  });

  // The old scan joined every chunk received so far and read them again: 8 MiB in 64 KiB chunks cost
  // ~256 MiB of reading. Each byte is examined once now, however the context is cut.
  test('each byte is examined once: work grows linearly with the context', () => {
    const size = 8 * 1024 * 1024;
    const big = tar([{ name: 'data.bin', body: 'x'.repeat(size) }, { name: 'Dockerfile', body: 'FROM a' }]);
    for (const chunk of [1024, 64 * 1024]) {
      const chunks = Array.from({ length: Math.ceil(big.length / chunk) }, (_, i) => big.subarray(i * chunk, (i + 1) * chunk));
      const { r, gate } = gateOver(chunks);
      expect(r).toEqual({ state: 'found', dockerfile: 'FROM a' });
      expect(gate.examined).toBeLessThanOrEqual(big.length);
      expect(gate.examined).toBeGreaterThanOrEqual(size);
    }
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
