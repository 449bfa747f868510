/**
 * ANSI SGR colours in log lines, as spans: ESC [ … m sets bold, dim, italic, underline, the 16 colours,
 * the 256-colour palette and 24-bit colours (foreground and background); every other escape sequence
 * (cursor moves, erase, OSC titles) is dropped. Pure: text in, styled runs out.
 */

export interface AnsiStyle {
  fg: string | null;
  bg: string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
}

export interface AnsiSpan {
  text: string;
  style: AnsiStyle;
}

const PLAIN: AnsiStyle = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false };

/** Names of the 16 colours (0-7 normal, 8-15 bright); the page maps them to theme colours. */
export const ANSI_NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;

/** A 256-palette index as a colour: 0-15 by name ("ansi-red", "ansi-bright-red"), the rest as rgb(). */
export function paletteColour(n: number): string {
  if (n < 8) return `ansi-${ANSI_NAMES[n]}`;
  if (n < 16) return `ansi-bright-${ANSI_NAMES[n - 8]}`;
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
  }
  const grey = 8 + (n - 232) * 10;
  return `rgb(${grey}, ${grey}, ${grey})`;
}

/** Whether a line holds an escape at all: most do not, and skip the parser. */
export function hasAnsi(text: string): boolean {
  return text.includes('\x1b');
}

// CSI (ESC [ params final), OSC (ESC ] … BEL or ESC \), and two-character escapes.
const ESCAPE = /\x1b(?:\[([0-9;:?]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;

function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let s = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === 0) s = { ...PLAIN };
    else if (c === 1) s.bold = true;
    else if (c === 2) s.dim = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 22) s.bold = s.dim = false;
    else if (c === 23) s.italic = false;
    else if (c === 24) s.underline = false;
    else if (c >= 30 && c <= 37) s.fg = paletteColour(c - 30);
    else if (c >= 90 && c <= 97) s.fg = paletteColour(c - 90 + 8);
    else if (c >= 40 && c <= 47) s.bg = paletteColour(c - 40);
    else if (c >= 100 && c <= 107) s.bg = paletteColour(c - 100 + 8);
    else if (c === 39) s.fg = null;
    else if (c === 49) s.bg = null;
    else if (c === 38 || c === 48) {
      const mode = codes[i + 1];
      let colour: string | null = null;
      if (mode === 5 && codes[i + 2] !== undefined) {
        colour = paletteColour(Math.min(255, Math.max(0, codes[i + 2]!)));
        i += 2;
      } else if (mode === 2 && codes[i + 4] !== undefined) {
        const [r, g, b] = [codes[i + 2]!, codes[i + 3]!, codes[i + 4]!].map((v) => Math.min(255, Math.max(0, v)));
        colour = `rgb(${r}, ${g}, ${b})`;
        i += 4;
      } else break;
      if (c === 38) s.fg = colour;
      else s.bg = colour;
    }
  }
  return s;
}

/** The text without escapes: what search and JSON reading look at. */
export function stripAnsi(text: string): string {
  return hasAnsi(text) ? text.replace(ESCAPE, '') : text;
}

/** Styled runs of a line; adjacent text of one style is one run. */
export function parseAnsi(text: string): AnsiSpan[] {
  if (!hasAnsi(text)) return text ? [{ text, style: PLAIN }] : [];
  const spans: AnsiSpan[] = [];
  let style = PLAIN;
  let at = 0;
  const push = (chunk: string) => {
    if (!chunk) return;
    const last = spans[spans.length - 1];
    if (last && last.style === style) last.text += chunk;
    else spans.push({ text: chunk, style });
  };
  for (const m of text.matchAll(ESCAPE)) {
    push(text.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[2] === 'm') style = applySgr(style, m[1] ?? '');
  }
  push(text.slice(at));
  return spans;
}
