import { describe, expect, test } from 'vitest';
import { shellQuote, splitShellWords } from './shellWords';

describe('splitShellWords', () => {
  test.each([
    ['plain words', 'a b  c', ['a', 'b', 'c']],
    ['single quotes keep everything', `sh -c 'echo "$HOME" \\n'`, ['sh', '-c', 'echo "$HOME" \\n']],
    ['double quotes with escapes', `"a \\"b\\" \\\\ c"`, ['a "b" \\ c']],
    ['backslash escapes a space', 'a\\ b c', ['a b', 'c']],
    ['line continuation', 'docker run \\\n  -d busybox', ['docker', 'run', '-d', 'busybox']],
    ['empty quoted word', `-e A='' x`, ['-e', 'A=', 'x']],
    ['adjacent quoted parts', `a'b'"c"d`, ['abcd']],
  ])('%s', (_name, line, words) => {
    expect(splitShellWords(line)).toEqual({ words });
  });
  test.each([
    ['open single quote', "a 'b"],
    ['open double quote', 'a "b'],
    ['trailing backslash', 'a \\'],
  ])('%s is an error', (_name, line) => {
    expect(splitShellWords(line).error).toBeTruthy();
  });
});

test.each([
  ['', "''"],
  ['abc', 'abc'],
  ['a b', "'a b'"],
  ["it's", `'it'\\''s'`],
  ['KEY=v/1:2', 'KEY=v/1:2'],
  ['$HOME', "'$HOME'"],
])('shellQuote(%j) = %s', (word, quoted) => {
  expect(shellQuote(word)).toBe(quoted);
  expect(splitShellWords(quoted).words).toEqual([word]);
});
