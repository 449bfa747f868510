import { describe, expect, test } from 'vitest';
import { controlMessage, outputFrame, resizeMessage, stdinFrame, streamUrl, type StreamTarget } from './protocol';

describe('streamUrl', () => {
  test.each<{ name: string; target: StreamTarget; path: string; params: Record<string, string> }>([
    {
      name: 'a shell with its size',
      target: { engine: 'local', container: 'abc', mode: 'exec', cmd: ['sh'], cols: 120, rows: 40 },
      path: '/api/engines/local/containers/abc/exec',
      params: { ticket: 'T', cmd: '["sh"]', tty: '1', cols: '120', rows: '40' },
    },
    {
      name: 'a command as root without a TTY',
      target: { engine: 'nas', container: 'web-1', mode: 'exec', cmd: ['/.porthole/busybox', 'rm', '-rf', '/.porthole'], tty: false, user: '0', workdir: '/srv' },
      path: '/api/engines/nas/containers/web-1/exec',
      params: { ticket: 'T', cmd: '["/.porthole/busybox","rm","-rf","/.porthole"]', tty: '0', user: '0', workdir: '/srv' },
    },
    {
      name: 'attach takes no exec parameters',
      target: { engine: 'local', container: 'abc', mode: 'attach', cmd: ['sh'], cols: 80 },
      path: '/api/engines/local/containers/abc/attach',
      params: { ticket: 'T' },
    },
  ])('$name', ({ target, path, params }) => {
    const url = new URL(streamUrl('https://porthole.lan:9443', target, 'T'));
    expect(url.protocol).toBe('wss:');
    expect(url.host).toBe('porthole.lan:9443');
    expect(url.pathname).toBe(path);
    expect(Object.fromEntries(url.searchParams)).toEqual(params);
  });

  test('plain http pages get ws:', () => {
    expect(streamUrl('http://localhost:5173', { engine: 'local', container: 'a', mode: 'attach' }, 'T')).toMatch(/^ws:\/\/localhost:5173\//);
  });
});

describe('frames', () => {
  test('stdin is channel 0 then the UTF-8 bytes', () => {
    expect([...stdinFrame('é\n')]).toEqual([0, 0xc3, 0xa9, 0x0a]);
    expect([...stdinFrame(new Uint8Array([1, 2]))]).toEqual([0, 1, 2]);
  });

  test.each([
    { bytes: [1, 104, 105], channel: 1, data: [104, 105] },
    { bytes: [2, 33], channel: 2, data: [33] },
    { bytes: [1], channel: 1, data: [] },
  ])('output $bytes', ({ bytes, channel, data }) => {
    const f = outputFrame(new Uint8Array(bytes));
    expect(f?.channel).toBe(channel);
    expect([...(f?.data ?? [])]).toEqual(data);
  });

  test('an empty message is no frame', () => {
    expect(outputFrame(new Uint8Array(0))).toBeNull();
  });

  test('resize rounds', () => {
    expect(JSON.parse(resizeMessage(80.4, 23.6))).toEqual({ type: 'resize', cols: 80, rows: 24 });
  });
});

describe('controlMessage', () => {
  test.each([
    { text: '{"type":"started","id":"e1","tty":true}', expected: { type: 'started', id: 'e1', tty: true } },
    { text: '{"type":"exit","code":3}', expected: { type: 'exit', code: 3 } },
    { text: '{"type":"exit","code":null}', expected: { type: 'exit', code: null } },
    { text: '{"type":"error","message":"boom"}', expected: { type: 'error', message: 'boom' } },
    { text: '{"type":"other"}', expected: null },
    { text: 'not json', expected: null },
    { text: '42', expected: null },
  ])('$text', ({ text, expected }) => {
    expect(controlMessage(text)).toEqual(expected);
  });
});
