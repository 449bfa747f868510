/**
 * xterm and its addons, loaded only when a console opens (this module is imported dynamically, and its
 * CSS comes with its chunk). Colours follow Porthole's tokens and the system's light or dark scheme.
 */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

export interface MountedTerminal {
  term: Terminal;
  search: SearchAddon;
  /** Fits the terminal to its element; false when the element has no size (a hidden tab). */
  fit(): boolean;
  dispose(): void;
}

const DARK_ANSI: ITheme = {
  black: '#1b2a3a', red: '#ff6b6b', green: '#3fcf80', yellow: '#f1b64e', blue: '#5ea8ff', magenta: '#d08cff', cyan: '#4fd6d6', white: '#d5dee8',
  brightBlack: '#6c8097', brightRed: '#ff8f8f', brightGreen: '#6fe3a2', brightYellow: '#ffd27a', brightBlue: '#8bc0ff', brightMagenta: '#e2b0ff', brightCyan: '#85ecec', brightWhite: '#ffffff',
};
const LIGHT_ANSI: ITheme = {
  black: '#0f1d2c', red: '#c62828', green: '#16803f', yellow: '#8a5a00', blue: '#1769d1', magenta: '#8e3bbf', cyan: '#0b7c86', white: '#5a6b7f',
  brightBlack: '#5a6b7f', brightRed: '#d03a3a', brightGreen: '#16924a', brightYellow: '#a86a0d', brightBlue: '#0f57b3', brightMagenta: '#a24fd1', brightCyan: '#0f8f99', brightWhite: '#0f1d2c',
};

function themeFrom(element: HTMLElement): ITheme {
  const style = getComputedStyle(element);
  const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  return {
    ...(dark ? DARK_ANSI : LIGHT_ANSI),
    background: token('--term-bg', dark ? '#081320' : '#fbfcfe'),
    foreground: token('--text', dark ? '#e3ebf4' : '#0f1d2c'),
    cursor: token('--accent', '#1769d1'),
    cursorAccent: token('--term-bg', dark ? '#081320' : '#fbfcfe'),
    selectionBackground: dark ? 'rgb(94 168 255 / 35%)' : 'rgb(23 105 209 / 25%)',
  };
}

/** Phones get a smaller font so a useful width (about 50 columns at 390 px) fits. */
function fontSize(): number {
  return window.matchMedia('(max-width: 479.98px)').matches ? 12 : 13;
}

export function mountTerminal(host: HTMLElement, handlers: { onCopyPaste?: (what: 'copy' | 'paste') => void } = {}): MountedTerminal {
  const term = new Terminal({
    cursorBlink: true,
    fontFamily: getComputedStyle(host).getPropertyValue('--font-mono').trim() || 'monospace',
    fontSize: fontSize(),
    scrollback: 5000,
    theme: themeFrom(host),
    allowProposedApi: false,
  });
  const fitAddon = new FitAddon();
  const search = new SearchAddon();
  term.loadAddon(fitAddon);
  term.loadAddon(search);
  term.loadAddon(new WebLinksAddon((event, uri) => {
    event.preventDefault();
    window.open(uri, '_blank', 'noopener,noreferrer');
  }));
  term.open(host);

  // Ctrl+Shift+C / Ctrl+Shift+V copy and paste (Ctrl+C stays the interrupt key); Cmd+C/V work natively.
  term.attachCustomKeyEventHandler((event) => {
    if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true;
    const key = event.key.toLowerCase();
    if (key === 'c') {
      handlers.onCopyPaste?.('copy');
      return false;
    }
    if (key === 'v') {
      handlers.onCopyPaste?.('paste');
      return false;
    }
    return true;
  });

  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  const narrow = window.matchMedia('(max-width: 479.98px)');
  const retheme = () => (term.options.theme = themeFrom(host));
  const refont = () => {
    term.options.fontSize = fontSize();
    fit();
  };
  scheme.addEventListener('change', retheme);
  narrow.addEventListener('change', refont);

  const fit = (): boolean => {
    if (host.clientWidth === 0 || host.clientHeight === 0) return false;
    const size = fitAddon.proposeDimensions();
    if (!size || !Number.isFinite(size.cols) || !Number.isFinite(size.rows)) return false;
    const cols = Math.max(size.cols, 10);
    const rows = Math.max(size.rows, 4);
    if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
    return true;
  };
  return {
    term,
    search,
    fit,
    dispose: () => {
      scheme.removeEventListener('change', retheme);
      narrow.removeEventListener('change', refont);
      term.dispose();
    },
  };
}
