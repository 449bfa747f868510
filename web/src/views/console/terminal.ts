/**
 * xterm and its addons, loaded only when a console opens (this module is imported dynamically, and its
 * CSS comes with its chunk). Colours follow Porthole's tokens and the system's light or dark scheme.
 */
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { fitGeometry, type CellSize } from '../../console/geometry';
import type { MountedTerminal } from '../../streams/consoleSession';

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

/** xterm draws its scrollbar over the right edge of the cells' area; this much width is kept for it. */
const SCROLLBAR_WIDTH = 14;

/**
 * The size of one cell in CSS pixels. xterm has no public API for it (the fit addon reads the same private
 * field); when that is missing, the drawn screen divided by the grid gives it.
 */
function cellSize(term: Terminal): CellSize | null {
  const core = (term as unknown as { _core?: { _renderService?: { dimensions?: { css?: { cell?: CellSize } } } } })._core;
  const cell = core?._renderService?.dimensions?.css?.cell;
  if (cell && cell.width > 0 && cell.height > 0) return { width: cell.width, height: cell.height };
  const screen = term.element?.querySelector('.xterm-screen');
  if (!screen) return null;
  const rect = screen.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0 ? { width: rect.width / term.cols, height: rect.height / term.rows } : null;
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
  const search = new SearchAddon();
  term.loadAddon(search);
  term.loadAddon(new WebLinksAddon((event, uri) => {
    event.preventDefault();
    window.open(uri, '_blank', 'noopener,noreferrer');
  }));
  term.open(host);

  // Ctrl+Shift+C copies (Ctrl+C stays the interrupt key); Cmd+C/V work natively. Ctrl+Shift+V is the
  // browser's own "paste as plain text": its paste event reaches xterm's textarea and xterm pastes it, so
  // the key is only kept from xterm here (pasting from the handler too sent the text twice).
  term.attachCustomKeyEventHandler((event) => {
    if (!event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey) return true;
    const key = event.key.toLowerCase();
    if (key === 'c') {
      if (event.type === 'keydown') handlers.onCopyPaste?.('copy');
      return false;
    }
    return key !== 'v';
  });

  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  const narrow = window.matchMedia('(max-width: 479.98px)');
  const retheme = () => (term.options.theme = themeFrom(host));
  const refont = () => {
    term.options.fontSize = fontSize();
    // biome-ignore lint/suspicious/noFocusedTests: the fit addon's fit(), not a focused test
    fit();
  };
  scheme.addEventListener('change', retheme);
  narrow.addEventListener('change', refont);

  // Rows × cell height must fit the host's content box (inside its padding), so the last row shows whole.
  const fit = (): boolean => {
    const cell = cellSize(term);
    if (!cell) return false;
    const style = getComputedStyle(host);
    const px = (name: string) => parseFloat(style.getPropertyValue(name)) || 0;
    // The bounding box less the borders: clientWidth/Height round to whole pixels, possibly up.
    const rect = host.getBoundingClientRect();
    const size = fitGeometry(
      {
        innerWidth: rect.width - px('border-left-width') - px('border-right-width'),
        innerHeight: rect.height - px('border-top-width') - px('border-bottom-width'),
        padding: { top: px('padding-top'), right: px('padding-right'), bottom: px('padding-bottom'), left: px('padding-left') },
      },
      cell,
      SCROLLBAR_WIDTH,
    );
    if (!size) return false;
    if (size.cols !== term.cols || size.rows !== term.rows) term.resize(size.cols, size.rows);
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
