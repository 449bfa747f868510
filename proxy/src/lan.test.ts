import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, test } from 'vitest';
import { lanUrls } from './lan.ts';

const v4 = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: `${address}/24` });
const v6 = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, family: 'IPv6', internal, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: `${address}/64`, scopeid: 0 });

const host = {
  lo: [v4('127.0.0.1', true), v6('::1', true)],
  docker0: [v4('172.17.0.1')],
  'br-0a1b2c3d4e5f': [v4('172.18.0.1')],
  eth0: [v4('203.0.113.7'), v6('fe80::1'), v6('2001:db8::7')],
  wlan0: [v4('192.168.1.23'), v6('fd12::23'), v4('169.254.3.4')],
};

describe('lanUrls', () => {
  test('on 0.0.0.0: the IPv4 LAN addresses, private first; no loopback, link-local or engine bridges', () => {
    expect(lanUrls(host, '0.0.0.0', 9443).map((u) => u.url)).toEqual(['https://192.168.1.23:9443/', 'https://203.0.113.7:9443/']);
  });

  test('on :: also IPv6 (bracketed), unique local before global', () => {
    expect(lanUrls(host, '::', 9443).map((u) => u.url)).toEqual([
      'https://192.168.1.23:9443/', 'https://203.0.113.7:9443/', 'https://[fd12::23]:9443/', 'https://[2001:db8::7]:9443/',
    ]);
  });

  test('on one address: that one; on loopback: none', () => {
    expect(lanUrls(host, '203.0.113.7', 8443)).toEqual([{ url: 'https://203.0.113.7:8443/', address: '203.0.113.7', iface: 'eth0' }]);
    expect(lanUrls(host, '127.0.0.1', 8443)).toEqual([]);
  });

  test('an address on two interfaces is listed once', () => {
    expect(lanUrls({ a: [v4('10.0.0.5')], b: [v4('10.0.0.5')] }, '0.0.0.0', 1)).toHaveLength(1);
  });
});
