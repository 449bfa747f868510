import { expect, test } from 'vitest';
import { nextLink } from './link';

const REQ = 'http://127.0.0.1:5000/v2/_catalog?n=2';

test.each([
  { name: 'relative path', header: '</v2/_catalog?last=b&n=2>; rel="next"', next: 'http://127.0.0.1:5000/v2/_catalog?last=b&n=2' },
  { name: 'unquoted rel', header: '</v2/_catalog?last=b&n=2>;rel=next', next: 'http://127.0.0.1:5000/v2/_catalog?last=b&n=2' },
  { name: 'absolute target', header: '<https://other.example/v2/_catalog?last=c>; rel="next"', next: 'https://other.example/v2/_catalog?last=c' },
  {
    name: 'several links, next second',
    header: '</v2/a/tags/list?n=1>; rel="first", </v2/a/tags/list?last=x&n=1>; rel="next"',
    next: 'http://127.0.0.1:5000/v2/a/tags/list?last=x&n=1',
  },
  { name: 'rel with several values', header: '</p2>; rel="prefetch next"', next: 'http://127.0.0.1:5000/p2' },
  { name: 'relative to the path', header: '<tags/list?last=x>; rel="next"', next: 'http://127.0.0.1:5000/v2/tags/list?last=x' },
  { name: 'only prev', header: '</v2/_catalog?n=2>; rel="prev"', next: null },
  { name: 'no header', header: null, next: null },
  { name: 'garbage', header: 'not a link', next: null },
])('$name', ({ header, next }) => {
  expect(nextLink(header, REQ)).toBe(next);
});
