/**
 * Desktop keyboard shortcuts as a pure reader: keys in, actions out. `g` then a letter
 * (within 1.5 s) goes to a section, `/` focuses the filter, `?` shows the list.
 * Keys typed into a field, or with Ctrl/Alt/Meta held, are never shortcuts.
 */

export type GoTarget = 'containers' | 'images' | 'networks' | 'volumes';

export type ShortcutAction =
  | { kind: 'focusFilter' }
  | { kind: 'help' }
  | { kind: 'close' }
  | { kind: 'go'; section: GoTarget };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** The key went to an input, textarea, select or contenteditable. */
  inField?: boolean;
  /** Milliseconds, for the `g` sequence timeout. */
  time: number;
}

export const SEQUENCE_MS = 1500;

const GO: Record<string, GoTarget> = { c: 'containers', i: 'images', n: 'networks', v: 'volumes' };

/** The shortcuts, for the help dialog. */
export const SHORTCUTS: readonly { keys: string[]; what: string }[] = [
  { keys: ['/'], what: 'Filter the list' },
  { keys: ['g', 'c'], what: 'Go to containers' },
  { keys: ['g', 'i'], what: 'Go to images' },
  { keys: ['g', 'n'], what: 'Go to networks' },
  { keys: ['g', 'v'], what: 'Go to volumes' },
  { keys: ['?'], what: 'Show these shortcuts' },
  { keys: ['Esc'], what: 'Close this list, leave the filter' },
];

export interface ShortcutReader {
  press(input: KeyInput): ShortcutAction | null;
}

export function createShortcutReader(): ShortcutReader {
  let pendingG: number | null = null;
  return {
    press(input) {
      if (input.key === 'Escape') {
        pendingG = null;
        return { kind: 'close' };
      }
      if (input.ctrlKey || input.altKey || input.metaKey || input.inField) {
        pendingG = null;
        return null;
      }
      if (pendingG !== null && input.time - pendingG <= SEQUENCE_MS) {
        pendingG = null;
        const section = GO[input.key.toLowerCase()];
        if (section) return { kind: 'go', section };
        // Not a sequence after all: read the key on its own.
      }
      pendingG = null;
      switch (input.key) {
        case 'g':
          pendingG = input.time;
          return null;
        case '/':
          return { kind: 'focusFilter' };
        case '?':
          return { kind: 'help' };
        default:
          return null;
      }
    },
  };
}
