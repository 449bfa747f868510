import { describe, expect, test } from 'vitest';
import { phoneBanner } from './banner.ts';

describe('phoneBanner', () => {
  const urls = [
    { url: 'https://192.168.1.23:9443/', address: '192.168.1.23', iface: 'wlan0' },
    { url: 'https://203.0.113.7:9443/', address: '203.0.113.7', iface: 'eth0' },
  ];

  test('lists every URL, then a QR code of the first and where the CA is', () => {
    const lines = phoneBanner(urls, { ansi: false, listenHost: '0.0.0.0', caCert: true });
    expect(lines).toContain('    https://192.168.1.23:9443/  (wlan0)');
    expect(lines).toContain('    https://203.0.113.7:9443/  (eth0)');
    expect(lines).toContain('  Scan to open https://192.168.1.23:9443/ on a phone:');
    expect(lines.filter((l) => /^ {4}[█▀▄ ]+$/.test(l)).length).toBeGreaterThan(10);
    expect(lines.at(-1)).toContain('https://192.168.1.23:9443/ca.crt');
  });

  test('no CA line with the owner\'s own certificate; a hint when only loopback is served', () => {
    expect(phoneBanner(urls, { ansi: false, listenHost: '0.0.0.0', caCert: false }).some((l) => l.includes('ca.crt'))).toBe(false);
    expect(phoneBanner([], { ansi: false, listenHost: '127.0.0.1', caCert: true })).toEqual([
      '  Phones: no LAN address is served (listening on 127.0.0.1); start with --listen 0.0.0.0:PORT to open it from a phone.',
    ]);
  });
});
