import jsQR from 'jsqr';
import { describe, expect, test } from 'vitest';
import { phoneTarget, qrSvg } from './qrSvg';

/** Paints the path's modules (M x y h1v1h-1z) at 4 px each and scans them as a camera would. */
function scan({ size, path }: { size: number; path: string }): string | null {
  const scale = 4;
  const width = size * scale;
  const rgba = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const m of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const [x, y] = [Number(m[1]), Number(m[2])];
    for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) {
      const i = ((y * scale + dy) * width + x * scale + dx) * 4;
      rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
    }
  }
  return jsQR(rgba, width, width, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

describe('qrSvg', () => {
  test('the path scans back to the URL, with a quiet zone', () => {
    const qr = qrSvg('https://192.168.1.23:9443/');
    expect(scan(qr)).toBe('https://192.168.1.23:9443/');
    expect(qr.path).not.toMatch(/M[0-3] /); // nothing in the 4-module margin
  });
});

describe('phoneTarget', () => {
  const urls = ['https://192.168.1.23:9443/', 'https://10.0.0.2:9443/'];
  test('this page when a phone can open it, else the first LAN URL', () => {
    expect(phoneTarget(urls, 'https://10.0.0.2:9443')).toEqual({ url: 'https://10.0.0.2:9443/', lan: true });
    expect(phoneTarget(urls, 'https://localhost:9443')).toEqual({ url: 'https://192.168.1.23:9443/', lan: true });
    expect(phoneTarget([], 'https://localhost:9443')).toEqual({ url: 'https://localhost:9443/', lan: false });
  });
});
