/** Words as a POSIX shell splits and quotes them: the lexer under `docker run` lines and commands. Pure. */

export interface SplitResult {
  words: string[];
  error?: string;
}

/** Shell-word splitting: 'single' quotes literal, "double" quotes with \" \\ \$ \`, backslash escapes, \⏎ continues. */
export function splitShellWords(line: string): SplitResult {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined) return { words, error: 'The line ends with a lone backslash.' };
      i += 2;
      if (next === '\n') continue;
      if (next === '\r' && line[i] === '\n') {
        i++;
        continue;
      }
      word += next;
      inWord = true;
      continue;
    }
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) return { words, error: 'A single quote is not closed.' };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      inWord = true;
      let closed = false;
      while (i < line.length) {
        const d = line[i] as string;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1] as string)) {
          if (line[i + 1] !== '\n') word += line[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      if (!closed) return { words, error: 'A double quote is not closed.' };
      continue;
    }
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  if (inWord) words.push(word);
  return { words };
}

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
  if (word === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function joinShellWords(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
