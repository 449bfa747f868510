import { describe, expect, test } from 'vitest';
import { downloadQuery } from './logDownload';

describe('downloadQuery', () => {
  test('the whole log (tail=all) with timestamps, both streams', () => {
    expect(downloadQuery({ since: null, stdout: true, stderr: true })).toEqual({ stdout: '1', stderr: '1', timestamps: '1', tail: 'all' });
  });
  test('from since, one stream', () => {
    expect(downloadQuery({ since: 1700000000.9, stdout: false, stderr: true })).toEqual({ stdout: '0', stderr: '1', timestamps: '1', tail: 'all', since: '1700000000' });
  });
});
