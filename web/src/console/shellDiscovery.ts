/**
 * Finding a shell in a container without knowing its image: try each candidate as the console's own
 * command and read how it ends. An exec whose program does not exist still opens (the engine answers
 * 101), prints one line such as
 *   OCI runtime exec failed: exec failed: unable to start container process: exec: "bash":
 *   executable file not found in $PATH: unknown
 * and ends with code 126 (dockerd) or 127 (others). That output is held back while it may still be
 * such a line, so a failed candidate leaves nothing on screen.
 */

/** Tried in this order; the first that starts is the console's shell. */
export const SHELL_CANDIDATES: readonly (readonly string[])[] = [['bash'], ['sh'], ['ash']];

/** The static shell Porthole copies into containers that have none, and how to run it. */
export const STATIC_SHELL_DIR = '/.porthole';
export const STATIC_SHELL_PATH = '/.porthole/busybox';
export const STATIC_SHELL_CMD: readonly string[] = [STATIC_SHELL_PATH, 'sh'];
export const REMOVE_STATIC_SHELL_CMD: readonly string[] = [STATIC_SHELL_PATH, 'rm', '-rf', STATIC_SHELL_DIR];

/** How an exec failed to start: its program is not there, or is there but cannot run. */
export type StartFailure = 'missing' | 'not-executable';

const RUNTIME_PREFIXES = ['OCI runtime exec failed', 'exec failed'];
const MISSING = /no such file or directory|executable file not found|not found in \$PATH/i;
const NOT_EXECUTABLE = /permission denied|exec format error/i;

/**
 * Whether an exec that ended with `code` after printing `output` never started its program, and why;
 * null when the program ran (whatever its exit code).
 */
export function startFailure(code: number | null, output: string): StartFailure | null {
  if (code !== 126 && code !== 127) return null;
  const text = output.trimStart();
  if (!RUNTIME_PREFIXES.some((prefix) => text.startsWith(prefix))) return null;
  if (MISSING.test(text)) return 'missing';
  if (NOT_EXECUTABLE.test(text)) return 'not-executable';
  return null;
}

/** Longest runtime message worth holding back; anything longer is the program's own output. */
const MAX_HELD = 2048;

/**
 * While a candidate may still fail to start: 'hold' its output (it may be the runtime's message)
 * or 'show' it (it is the program's own, so the candidate started).
 */
export function probeOutput(held: string): 'hold' | 'show' {
  if (held.length > MAX_HELD) return 'show';
  const text = held.trimStart();
  if (text === '') return 'hold';
  return RUNTIME_PREFIXES.some((prefix) => prefix.startsWith(text) || text.startsWith(prefix)) ? 'hold' : 'show';
}

/** The command line as people read it: ["/.porthole/busybox","sh"] → /.porthole/busybox sh */
export function formatCommand(cmd: readonly string[]): string {
  return cmd.map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * Splits a typed command line into argv the way a shell would for simple cases: whitespace separates,
 * single and double quotes group, backslash escapes outside single quotes. Null when a quote is open.
 */
export function parseCommand(line: string): string[] | null {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) current += line[++i];
      else current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) return null;
  if (inWord) args.push(current);
  return args;
}
