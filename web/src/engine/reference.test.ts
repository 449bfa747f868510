import { expect, test } from 'vitest';
import { isNoneReference, parseReference } from './reference';

test.each([
  { ref: 'nginx:1.25', repository: 'nginx', tag: '1.25', digest: null },
  { ref: 'nginx', repository: 'nginx', tag: null, digest: null },
  { ref: 'library/nginx:latest', repository: 'library/nginx', tag: 'latest', digest: null },
  { ref: '127.0.0.1:5000/a/b:1.0', repository: '127.0.0.1:5000/a/b', tag: '1.0', digest: null },
  { ref: 'localhost:5000/app', repository: 'localhost:5000/app', tag: null, digest: null },
  { ref: '[::1]:5000/app:v2', repository: '[::1]:5000/app', tag: 'v2', digest: null },
  { ref: 'ghcr.io/o/r:sha-abc', repository: 'ghcr.io/o/r', tag: 'sha-abc', digest: null },
  {
    ref: 'nginx@sha256:0123abcd',
    repository: 'nginx',
    tag: null,
    digest: 'sha256:0123abcd',
  },
  {
    ref: 'reg:5000/a:1@sha256:0123abcd',
    repository: 'reg:5000/a',
    tag: '1',
    digest: 'sha256:0123abcd',
  },
  { ref: '<none>:<none>', repository: '<none>', tag: '<none>', digest: null },
])('$ref', ({ ref, repository, tag, digest }) => {
  expect(parseReference(ref)).toEqual({ repository, tag, digest });
});

test.each([
  { ref: '<none>:<none>', none: true },
  { ref: '<none>@<none>', none: true },
  { ref: 'nginx:<none>', none: false },
  { ref: 'nginx:latest', none: false },
])('isNoneReference($ref) = $none', ({ ref, none }) => {
  expect(isNoneReference(ref)).toBe(none);
});
