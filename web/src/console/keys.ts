/**
 * The keys a phone keyboard lacks, as the bytes a terminal sends for them, and the sticky Ctrl
 * modifier: tap Ctrl, then a key, and that key goes out as its control character.
 */

export type SpecialKey = 'Esc' | 'Tab' | 'Up' | 'Down' | 'Left' | 'Right' | 'Home' | 'End' | 'PageUp' | 'PageDown';

/** The key row, left to right: special keys, and characters that are hard to reach on phones. */
export const KEY_ROW: readonly ({ key: SpecialKey; label: string } | { text: string; label: string } | { ctrl: true; label: string })[] = [
  { key: 'Esc', label: 'Esc' },
  { key: 'Tab', label: 'Tab' },
  { ctrl: true, label: 'Ctrl' },
  { key: 'Left', label: '←' },
  { key: 'Up', label: '↑' },
  { key: 'Down', label: '↓' },
  { key: 'Right', label: '→' },
  { text: '|', label: '|' },
  { text: '~', label: '~' },
  { text: '/', label: '/' },
  { text: '-', label: '-' },
];

const ARROWS: Readonly<Record<'Up' | 'Down' | 'Right' | 'Left' | 'Home' | 'End', string>> = { Up: 'A', Down: 'B', Right: 'C', Left: 'D', Home: 'H', End: 'F' };

/**
 * The bytes for a special key. `applicationCursor` is the terminal's DECCKM mode (full-screen programs
 * such as vi and less turn it on): arrows are then ESC O x instead of ESC [ x. With Ctrl, arrows carry
 * the xterm modifier parameter (ESC [ 1 ; 5 x), which shells use to move by word.
 */
export function keySequence(key: SpecialKey, options: { applicationCursor?: boolean; ctrl?: boolean } = {}): string {
  switch (key) {
    case 'Esc':
      return '\x1b';
    case 'Tab':
      return '\t';
    case 'PageUp':
      return options.ctrl ? '\x1b[5;5~' : '\x1b[5~';
    case 'PageDown':
      return options.ctrl ? '\x1b[6;5~' : '\x1b[6~';
    default: {
      const final = ARROWS[key];
      if (options.ctrl) return `\x1b[1;5${final}`;
      return `${options.applicationCursor ? '\x1bO' : '\x1b['}${final}`;
    }
  }
}

/**
 * What typed text becomes with Ctrl held: the first character turns into its control character
 * (a → 0x01, [ → ESC, ? → DEL); characters without one go out unchanged.
 */
export function applyCtrl(data: string): string {
  if (data.length === 0) return data;
  const [first = '', ...rest] = Array.from(data);
  return controlChar(first) + rest.join('');
}

function controlChar(ch: string): string {
  if (ch === '?') return '\x7f';
  if (ch === ' ' || ch === '2') return '\x00';
  const upper = ch.toUpperCase();
  const code = upper.charCodeAt(0);
  // @ A … Z [ \ ] ^ _ → 0x00 … 0x1f
  if (upper.length === 1 && code >= 0x40 && code <= 0x5f) return String.fromCharCode(code & 0x1f);
  return ch;
}
