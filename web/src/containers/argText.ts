/**
 * A command's arguments as the create form edits them: shell words on one line, one argument per line,
 * or the string of `sh -c`. Pure.
 */
import { joinShellWords, splitShellWords } from './shellWords';

export type ArgMode = 'words' | 'lines' | 'sh';

const isShC = (args: readonly string[] | null): boolean => args?.length === 3 && args[0] === 'sh' && args[1] === '-c';

/** Arguments as text in a mode. */
export function argsToText(args: readonly string[] | null, mode: ArgMode): string {
  if (!args) return '';
  if (mode === 'lines') return args.join('\n');
  if (mode === 'sh' && isShC(args)) return args[2] ?? '';
  return joinShellWords(args);
}

/** Text in a mode back to arguments (null: empty, the image's own), or why it cannot be read. */
export function textToArgs(text: string, mode: ArgMode): { args: string[] | null; error?: string } {
  if (text.trim() === '') return { args: null };
  if (mode === 'lines') return { args: text.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1) };
  if (mode === 'sh') return { args: ['sh', '-c', text] };
  const split = splitShellWords(text);
  return split.error ? { args: null, error: split.error } : { args: split.words };
}

/** The mode a filled-in command reads best in: `sh -c STRING` as the string, else lines if chosen, else words. */
export function modeFor(args: readonly string[] | null, current: ArgMode): ArgMode {
  if (isShC(args)) return 'sh';
  return current === 'lines' ? 'lines' : 'words';
}
