import { describe, expect, it } from 'vitest';
import { bearerRealm, RealmBook } from './relay.ts';

describe('bearerRealm', () => {
  it.each([
    ['Bearer realm="https://auth.docker.io/token",service="registry.docker.io"', 'https://auth.docker.io/token'],
    ['Bearer service="ghcr.io",realm="https://ghcr.io/token"', 'https://ghcr.io/token'],
    ['Basic realm="Registry Realm", Bearer realm="https://r.example/t",service="s"', 'https://r.example/t'],
  ])('%s → %s', (header, realm) => {
    expect(bearerRealm(header)?.href).toBe(realm);
  });

  it.each(['Basic realm="Registry Realm"', 'Bearer service="x"', 'Bearer realm="not a url"'])('%s has none', (header) => {
    expect(bearerRealm(header)).toBeNull();
  });
});

describe('RealmBook: only announced token endpoints are relayed', () => {
  it('knows Docker Hub\'s token endpoint from the start, and nothing else of its host', () => {
    const book = new RealmBook();
    expect(book.registryOf(new URL('https://auth.docker.io/token?service=registry.docker.io&scope=x'))).toBe('docker.io');
    expect(book.registryOf(new URL('https://auth.docker.io/admin'))).toBeUndefined();
  });

  it('allows the announced path of the announced host, not its other paths or other hosts', () => {
    const book = new RealmBook();
    book.announce(new URL('https://login.example:8443/v1/token'), 'registry.example');
    expect(book.registryOf(new URL('https://LOGIN.example:8443/v1/token?scope=a'))).toBe('registry.example');
    expect(book.registryOf(new URL('https://login.example:8443/v1/other'))).toBeUndefined();
    expect(book.registryOf(new URL('https://login.example/v1/token'))).toBeUndefined();
  });

  it('ignores plain-HTTP realms, and a later registry cannot take over an endpoint another announced', () => {
    const book = new RealmBook();
    book.announce(new URL('http://169.254.169.254/latest/meta-data'), 'evil.example');
    expect(book.registryOf(new URL('http://169.254.169.254/latest/meta-data'))).toBeUndefined();
    book.announce(new URL('https://ghcr.io/token'), 'ghcr.io');
    book.announce(new URL('https://ghcr.io/token'), 'evil.example');
    expect(book.registryOf(new URL('https://ghcr.io/token'))).toBe('ghcr.io');
  });
});
