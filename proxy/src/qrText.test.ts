import jsQR from 'jsqr';
import { describe, expect, test } from 'vitest';
import { qrLines, qrModules } from './qrText.ts';

/** Scans the drawn lines as a camera would see them: each character two pixels high, `scale` times. */
function scan(lines: string[], inkIsDark: boolean): string | null {
  const plain = lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));
  const scale = 4;
  const width = plain[0]!.length * scale + 16 * scale;
  const height = plain.length * 2 * scale + 16 * scale;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(inkIsDark ? 255 : 0);
  plain.forEach((line, row) => [...line].forEach((ch, col) => {
    const halves = [ch === '█' || ch === '▀', ch === '█' || ch === '▄'];
    halves.forEach((ink, h) => {
      const v = ink === inkIsDark ? 0 : 255;
      for (let y = 0; y < scale; y++) for (let x = 0; x < scale; x++) {
        const i = (((row * 2 + h) * scale + y + 8 * scale) * width + col * scale + x + 8 * scale) * 4;
        rgba[i] = rgba[i + 1] = rgba[i + 2] = v;
      }
    });
  }));
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  return jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

describe('qr in the terminal', () => {
  const url = 'https://192.168.1.23:9443/';

  test('with ANSI colours (dark ink on light) it scans back to the URL', () => {
    const lines = qrLines(qrModules(url), { ansi: true });
    expect(lines.every((l) => l.startsWith('\x1b[30;107m') && l.endsWith('\x1b[0m'))).toBe(true);
    expect(scan(lines, true)).toBe(url);
  });

  test('without colours (light ink on a dark terminal) it scans back to the URL', () => {
    expect(scan(qrLines(qrModules(url), { ansi: false }), false)).toBe(url);
  });

  test('a long IPv6 URL still fits a small version', () => {
    const v6 = 'https://[2001:db8:1234:5678:9abc:def0:1234:5678]:9443/';
    const modules = qrModules(v6);
    expect(modules.length).toBeLessThanOrEqual(37); // version 5: 19 lines of text
    expect(scan(qrLines(modules, { ansi: false }), false)).toBe(v6);
  });
});
