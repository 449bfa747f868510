import { describe, expect, test } from 'vitest';
import { downloadName, downloadProgressText, uploadEntries, uploadFailureText, uploadProgressText } from './fileTransfers';

describe('file transfers', () => {
  test('a download is named after the last part of its path, the root "root"', () => {
    expect(downloadName('/etc/hosts')).toBe('hosts');
    expect(downloadName('/tmp')).toBe('tmp');
    expect(downloadName('/')).toBe('root');
  });

  test('progress says bytes so far, and of how many when the size is known', () => {
    expect(downloadProgressText('hosts', 2000, 4000)).toBe('Downloading hosts: 2kB of about 4kB…');
    expect(downloadProgressText('etc', 2000, null)).toBe('Downloading etc: 2kB…');
    expect(uploadProgressText('a.txt, b.txt', 500, 1000)).toBe('Uploading a.txt, b.txt: 50% of 1kB');
    // A total the browser did not know: no division by zero.
    expect(uploadProgressText('a.txt', 0, 0)).toBe('Uploading a.txt: 0% of 0B');
  });

  test('uploaded files become 0644 tar entries with their own mtime, or now when the browser does not know it', () => {
    const data = new Uint8Array([1, 2, 3]);
    expect(uploadEntries([{ name: 'a.bin', data, lastModified: 1_700_000_000_999 }, { name: 'b.bin', data, lastModified: 0 }], 42)).toEqual([
      { name: 'a.bin', type: 'file', mode: 0o644, data, mtime: 1_700_000_000 },
      { name: 'b.bin', type: 'file', mode: 0o644, data, mtime: 42 },
    ]);
  });

  test('a failed upload says what went wrong and what to check', () => {
    expect(uploadFailureText({ kind: 'network' })).toMatch(/did not reach the proxy: check the connection/);
    expect(uploadFailureText({ kind: 'refused', status: 403, message: 'read-only file system' })).toBe(
      'Upload refused (403): read-only file system. A read-only root filesystem or a missing folder refuses uploads.',
    );
    expect(uploadFailureText({ kind: 'other', message: 'boom' })).toBe('Upload failed: boom');
  });
});
