import { describe, expect, test } from 'vitest';
import { argsToText, modeFor, textToArgs } from './argText';

describe('arguments as text', () => {
  test('each mode writes and reads the same arguments back', () => {
    const args = ['echo', 'two words', '', 'last'];
    for (const mode of ['words', 'lines'] as const) expect(textToArgs(argsToText(args, mode), mode).args).toEqual(args);
    expect(argsToText(['sh', '-c', 'echo $HOME && ls'], 'sh')).toBe('echo $HOME && ls');
    // One per line: a last empty line is the end of the text, not an argument.
    expect(textToArgs('ls\n', 'lines').args).toEqual(['ls']);
    expect(textToArgs('echo $HOME && ls', 'sh').args).toEqual(['sh', '-c', 'echo $HOME && ls']);
  });

  test('sh mode shows other commands as shell words; empty text is the image default', () => {
    expect(argsToText(['ls', '-l'], 'sh')).toBe('ls -l');
    expect(argsToText(null, 'words')).toBe('');
    expect(textToArgs('   ', 'words')).toEqual({ args: null });
  });

  test('an open quote is an error, not arguments', () => {
    const read = textToArgs('echo "open', 'words');
    expect(read.args).toBeNull();
    expect(read.error).toMatch(/quote/i);
  });

  test('a filled-in command picks the mode it reads best in', () => {
    expect(modeFor(['sh', '-c', 'x'], 'words')).toBe('sh');
    expect(modeFor(['ls'], 'lines')).toBe('lines');
    expect(modeFor(['ls'], 'sh')).toBe('words');
    expect(modeFor(null, 'words')).toBe('words');
  });
});
