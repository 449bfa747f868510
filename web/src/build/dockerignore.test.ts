import { describe, expect, test } from 'vitest';
import { cleanPath, isIgnored, parseDockerignore } from './dockerignore';

describe('isIgnored', () => {
  test.each([
    { name: 'plain name', ignore: 'node_modules', path: 'node_modules/a/b.js', ignored: true },
    { name: 'only at the root', ignore: 'node_modules', path: 'web/node_modules/a.js', ignored: false },
    { name: 'leading slash is the root', ignore: '/secret.txt', path: 'secret.txt', ignored: true },
    { name: '* stays in one segment', ignore: '*.log', path: 'logs/a.log', ignored: false },
    { name: '* at the root', ignore: '*.log', path: 'a.log', ignored: true },
    { name: '*/ one level down', ignore: '*/*.tmp', path: 'a/b.tmp', ignored: true },
    { name: '** any depth', ignore: '**/*.log', path: 'a/b/c.log', ignored: true },
    { name: '** also zero dirs', ignore: '**/*.log', path: 'c.log', ignored: true },
    { name: 'trailing ** inside a dir', ignore: 'build/**', path: 'build/x/y', ignored: true },
    { name: '? one character', ignore: 'file?.txt', path: 'file1.txt', ignored: true },
    { name: '? not two', ignore: 'file?.txt', path: 'file12.txt', ignored: false },
    { name: 'character class', ignore: 'f[0-9].txt', path: 'f7.txt', ignored: true },
    { name: 'negated class', ignore: 'f[!0-9].txt', path: 'fa.txt', ignored: true },
    { name: 'exception after a rule', ignore: '*.md\n!README.md', path: 'README.md', ignored: false },
    { name: 'last rule wins', ignore: '!README.md\n*.md', path: 'README.md', ignored: true },
    { name: 'comments and blanks', ignore: '# secret.txt\n\n', path: 'secret.txt', ignored: false },
    { name: 'dot segments cleaned', ignore: './a/../b', path: 'b/c', ignored: true },
    { name: 'escaped star is literal', ignore: 'a\\*b', path: 'a*b', ignored: true },
    { name: 'escaped star not a wildcard', ignore: 'a\\*b', path: 'axxb', ignored: false },
    { name: 'dots are literal', ignore: 'a.b', path: 'axb', ignored: false },
  ])('$name', ({ ignore, path, ignored }) => {
    expect(isIgnored(path, parseDockerignore(ignore))).toBe(ignored);
  });
});

test.each([
  { path: '/a//b/./c/', clean: 'a/b/c' },
  { path: 'a/../../b', clean: 'b' },
  { path: 'a\\b/c', clean: 'a\\b/c' },
])('cleanPath($path)', ({ path, clean }) => {
  expect(cleanPath(path)).toBe(clean);
});
