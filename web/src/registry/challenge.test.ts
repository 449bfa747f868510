import { describe, expect, test } from 'vitest';
import { bearerChallenge, parseChallenges, readToken, tokenUrl, wantsBasic } from './challenge';

describe('bearerChallenge', () => {
  test.each([
    {
      name: 'Docker Hub order',
      header: 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      want: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
    },
    {
      name: 'scope first, spaces after commas',
      header: 'Bearer scope="repository:a/b:pull", service="ghcr.io", realm="https://ghcr.io/token"',
      want: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:a/b:pull' },
    },
    {
      name: 'lower-case scheme and names, no scope',
      header: 'bearer REALM="https://r.example/token",Service="r.example"',
      want: { realm: 'https://r.example/token', service: 'r.example', scope: null },
    },
    {
      name: 'a scope with a comma inside quotes (several actions)',
      header: 'Bearer realm="https://r.example/t",scope="repository:a:pull,push"',
      want: { realm: 'https://r.example/t', service: null, scope: 'repository:a:pull,push' },
    },
    {
      name: 'escaped quote',
      header: 'Bearer realm="https://r.example/t",service="a\\"b"',
      want: { realm: 'https://r.example/t', service: 'a"b', scope: null },
    },
    {
      name: 'Basic then Bearer',
      header: 'Basic realm="Registry", Bearer realm="https://r.example/t",service="s"',
      want: { realm: 'https://r.example/t', service: 's', scope: null },
    },
    { name: 'Basic only', header: 'Basic realm="Registry Realm"', want: null },
    { name: 'empty', header: '', want: null },
    { name: 'missing', header: null, want: null },
    { name: 'Bearer without realm', header: 'Bearer service="x"', want: null },
  ])('$name', ({ header, want }) => {
    expect(bearerChallenge(header)).toEqual(want);
  });
});

test.each([
  { header: 'Basic realm="Registry Realm"', basic: true },
  { header: 'Bearer realm="https://x/t"', basic: false },
  { header: 'Basic realm=bare, Bearer realm="https://x/t"', basic: true },
])('wantsBasic($header) = $basic', ({ header, basic }) => {
  expect(wantsBasic(header)).toBe(basic);
});

test('parseChallenges keeps bare values', () => {
  expect(parseChallenges('Basic realm=private')).toEqual([{ scheme: 'basic', params: { realm: 'private' } }]);
});

test.each([
  {
    name: 'service and scope added',
    challenge: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
    fallback: undefined,
    url: 'https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fnginx%3Apull',
  },
  {
    name: 'a realm query is kept, the fallback scope used',
    challenge: { realm: 'https://r.example/t?x=1', service: null, scope: null },
    fallback: 'registry:catalog:*',
    url: 'https://r.example/t?x=1&scope=registry%3Acatalog%3A*',
  },
])('tokenUrl: $name', ({ challenge, fallback, url }) => {
  expect(tokenUrl(challenge, fallback)).toBe(url);
});

test.each([
  { body: { token: 'a' }, token: 'a' },
  { body: { access_token: 'b' }, token: 'b' },
  { body: { token: '', access_token: 'c' }, token: 'c' },
  { body: { other: 1 }, token: null },
  { body: null, token: null },
  { body: 'x', token: null },
])('readToken($body)', ({ body, token }) => {
  expect(readToken(body)).toBe(token);
});
