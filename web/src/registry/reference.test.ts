import { expect, test } from 'vitest';
import { hubNamespace, parseRepository, registryBaseUrl, repositoryName, repositoryProblem, tagProblem } from './reference';

test.each([
  { ref: 'nginx', registry: 'docker.io', path: 'library/nginx', tag: null, name: 'nginx' },
  { ref: 'nginx:1.25', registry: 'docker.io', path: 'library/nginx', tag: '1.25', name: 'nginx' },
  { ref: 'someone/app:v1', registry: 'docker.io', path: 'someone/app', tag: 'v1', name: 'someone/app' },
  { ref: 'docker.io/library/busybox', registry: 'docker.io', path: 'library/busybox', tag: null, name: 'busybox' },
  { ref: 'index.docker.io/busybox', registry: 'docker.io', path: 'library/busybox', tag: null, name: 'busybox' },
  { ref: '127.0.0.1:5000/fixture/multi:1.0', registry: '127.0.0.1:5000', path: 'fixture/multi', tag: '1.0', name: '127.0.0.1:5000/fixture/multi' },
  { ref: 'localhost/app', registry: 'localhost', path: 'app', tag: null, name: 'localhost/app' },
  { ref: 'GHCR.io/o/r', registry: 'ghcr.io', path: 'o/r', tag: null, name: 'ghcr.io/o/r' },
])('parseRepository($ref)', ({ ref, registry, path, tag, name }) => {
  const parsed = parseRepository(ref);
  expect(parsed).toMatchObject({ registry, path, tag });
  expect(repositoryName(parsed)).toBe(name);
});

test.each([
  { registry: 'docker.io', insecure: false, url: 'https://registry-1.docker.io' },
  { registry: '127.0.0.1:5000', insecure: true, url: 'http://127.0.0.1:5000' },
  { registry: 'ghcr.io', insecure: false, url: 'https://ghcr.io' },
])('registryBaseUrl($registry, $insecure)', ({ registry, insecure, url }) => {
  expect(registryBaseUrl(registry, insecure)).toBe(url);
});

test.each([
  { path: 'library/nginx', want: { namespace: 'library', repository: 'nginx' } },
  { path: 'a/b/c', want: null },
])('hubNamespace($path)', ({ path, want }) => {
  expect(hubNamespace({ path })).toEqual(want);
});

test.each([
  { name: '127.0.0.1:5000/team/app', ok: true },
  { name: 'app', ok: true },
  { name: 'a__b/c-d.e', ok: true },
  { name: '', ok: false },
  { name: 'App', ok: false },
  { name: 'a/b:1', ok: false },
  { name: 'a//b', ok: false },
])('repositoryProblem($name) ok=$ok', ({ name, ok }) => {
  expect(repositoryProblem(name) === null).toBe(ok);
});

test.each([
  { tag: '1.0', ok: true },
  { tag: 'latest', ok: true },
  { tag: '.x', ok: false },
  { tag: '', ok: false },
  { tag: 'a'.repeat(129), ok: false },
])('tagProblem($tag) ok=$ok', ({ tag, ok }) => {
  expect(tagProblem(tag) === null).toBe(ok);
});
