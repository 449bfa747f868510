import { describe, expect, test } from 'vitest';
import { canonicalAddress, clientAddress, forwardedFor } from './clientAddress.ts';

const trusted = new Set(['10.0.0.1', '10.0.0.2']);

describe('clientAddress', () => {
  test('without a trusted proxy the socket address wins, whatever the headers say', () => {
    expect(clientAddress('192.168.1.9', { 'x-forwarded-for': '1.2.3.4', forwarded: 'for=5.6.7.8' }, new Set())).toBe('192.168.1.9');
    expect(clientAddress('::ffff:192.168.1.9', {}, trusted)).toBe('192.168.1.9');
  });

  test('behind a trusted proxy: the last hop it appended to X-Forwarded-For', () => {
    expect(clientAddress('10.0.0.1', { 'x-forwarded-for': '6.6.6.6, 192.168.1.9' }, trusted)).toBe('192.168.1.9');
  });

  test('a client cannot hide behind an address it wrote itself: trusted hops are skipped, nothing more', () => {
    expect(clientAddress('10.0.0.1', { 'x-forwarded-for': '6.6.6.6, 192.168.1.9, 10.0.0.2' }, trusted)).toBe('192.168.1.9');
  });

  test('Forwarded is preferred and parsed (quotes, IPv6 brackets, ports)', () => {
    expect(clientAddress('10.0.0.1', { forwarded: 'for=6.6.6.6, for="[2001:db8::1]:4711";proto=https', 'x-forwarded-for': '7.7.7.7' }, trusted)).toBe('2001:db8::1');
    expect(forwardedFor('for=192.0.2.60:8080;proto=http;by=203.0.113.43')).toEqual(['192.0.2.60']);
  });

  test('a trusted proxy that sends no header is the client', () => {
    expect(clientAddress('10.0.0.1', {}, trusted)).toBe('10.0.0.1');
  });

  test('canonical forms', () => {
    expect(canonicalAddress('[::1]')).toBe('::1');
    expect(canonicalAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });
});
