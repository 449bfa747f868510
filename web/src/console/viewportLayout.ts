/**
 * Whether the console takes the whole visible screen: with a phone's keyboard up (or a screen too short
 * for the full page) the app header, the console's title and its tabs would leave the terminal a sliver,
 * and the key row would sit under the keyboard. The visual viewport is what the user sees: iOS shrinks
 * only it when the keyboard opens; Android with `interactive-widget=resizes-content` shrinks the layout
 * viewport too, so the keyboard shows there only as the screen getting shorter than it was at this width.
 */

export interface ViewportSize {
  /** visualViewport.height (or innerHeight where there is no visualViewport). */
  visualHeight: number;
  /** window.innerHeight: the layout viewport. */
  layoutHeight: number;
  /** The tallest visible height seen at this width (this orientation) while the console was open. */
  tallest: number;
  width: number;
  /** A touch screen (pointer: coarse). */
  coarse: boolean;
}

/** Below this visible height the full console page (header, title, tabs, bar, terminal, keys) does not fit. */
export const COMPACT_HEIGHT = 540;
/** Narrower than this counts as a phone even with a mouse. */
export const PHONE_WIDTH = 640;
/** A keyboard hides at least this share of the screen. */
const KEYBOARD_SHARE = 0.25;

export function compactConsole(v: ViewportSize): boolean {
  if (!(v.visualHeight > 0)) return false;
  const phone = v.coarse || v.width < PHONE_WIDTH;
  if (!phone) return false;
  const full = Math.max(v.layoutHeight, v.tallest);
  const keyboard = full > 0 && v.visualHeight < full * (1 - KEYBOARD_SHARE);
  return keyboard || v.visualHeight < COMPACT_HEIGHT;
}
