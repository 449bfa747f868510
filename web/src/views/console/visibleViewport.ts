import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { compactConsole } from '../../console/viewportLayout';

export interface VisibleViewport {
  /** The console takes the whole visible screen (phone keyboard up, or a short phone screen). */
  compact: Accessor<boolean>;
  /** The visible part of the page, in layout-viewport pixels: where a fixed console goes. */
  top: Accessor<number>;
  height: Accessor<number>;
}

/** Follows the visual viewport (the keyboard opening, closing, the page scrolling under it) while mounted. */
export function createVisibleViewport(): VisibleViewport {
  const coarse = window.matchMedia('(pointer: coarse)');
  // The tallest height seen per layout width: a keyboard on Android shrinks the layout viewport too.
  const tallest = new Map<number, number>();
  const read = () => {
    const vv = window.visualViewport;
    const visualHeight = vv?.height ?? window.innerHeight;
    const width = window.innerWidth;
    tallest.set(width, Math.max(tallest.get(width) ?? 0, visualHeight));
    return {
      compact: compactConsole({ visualHeight, layoutHeight: window.innerHeight, tallest: tallest.get(width)!, width, coarse: coarse.matches }),
      top: vv?.offsetTop ?? 0,
      height: visualHeight,
    };
  };
  const [state, setState] = createSignal(read(), { equals: (a, b) => a.compact === b.compact && a.top === b.top && a.height === b.height });
  const update = () => setState(read());
  window.visualViewport?.addEventListener('resize', update);
  window.visualViewport?.addEventListener('scroll', update);
  window.addEventListener('resize', update);
  coarse.addEventListener('change', update);
  onCleanup(() => {
    window.visualViewport?.removeEventListener('resize', update);
    window.visualViewport?.removeEventListener('scroll', update);
    window.removeEventListener('resize', update);
    coarse.removeEventListener('change', update);
  });
  return { compact: () => state().compact, top: () => state().top, height: () => state().height };
}
