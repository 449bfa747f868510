import { For, Show, createMemo, createSignal, onCleanup, onMount, type JSX } from 'solid-js';
import { computeWindow, sameWindow, type WindowRange } from './windowing';

interface VirtualListProps<T> {
  each: readonly T[];
  /** The element the rows sit in (a tbody or a div), once rendered. */
  container: () => HTMLElement | undefined;
  children: (item: T) => JSX.Element;
  /** 'tr' inside a tbody, 'div' inside a grid or block. */
  spacer?: 'tr' | 'div';
  overscan?: number;
  /** Lists this short render whole (default 40, about a window's worth: more would cost a keystroke that
   *  narrows a long list to a short one more than the window it replaces). */
  renderAllBelow?: number;
}

const EMPTY: WindowRange = { start: 0, end: 0, padTop: 0, padBottom: 0 };

/**
 * Renders only the rows near the viewport of a page that scrolls as a whole (no inner
 * scroll box: phones keep their native scrolling and address bar behaviour). Rows must
 * share one height; it is measured from the rendered rows, so CSS decides it per layout.
 * Place it directly inside the rows' container (a tbody or a div).
 */
export function VirtualList<T>(props: VirtualListProps<T>): JSX.Element {
  const [pitch, setPitch] = createSignal(0);
  const [gap, setGap] = createSignal(0);
  const [viewport, setViewport] = createSignal({ top: 0, height: 800 });
  const renderAllBelow = () => props.renderAllBelow ?? 40;

  const range = createMemo<WindowRange>(
    () =>
      computeWindow({
        count: props.each.length,
        rowHeight: pitch(),
        viewportTop: viewport().top,
        viewportHeight: viewport().height,
        overscan: props.overscan ?? 8,
        renderAllBelow: renderAllBelow(),
        initialRows: 40,
      }),
    EMPTY,
    { equals: sameWindow },
  );
  const visible = createMemo(() => {
    const { start, end } = range();
    return start === 0 && end === props.each.length ? props.each : props.each.slice(start, end);
  });

  /** The first row's distance to the next one (height plus any grid gap). */
  const measure = (): void => {
    let first = props.container()?.firstElementChild as HTMLElement | null | undefined;
    if (first?.classList.contains('vspacer')) first = first.nextElementSibling as HTMLElement | null;
    if (!first || first.classList.contains('vspacer')) return;
    const second = first.nextElementSibling as HTMLElement | null;
    const a = first.getBoundingClientRect();
    let next = a.height;
    let space = 0;
    if (second && !second.classList.contains('vspacer')) {
      const b = second.getBoundingClientRect();
      if (b.top > a.top) {
        next = b.top - a.top;
        space = Math.max(0, b.top - a.bottom);
      }
    }
    if (next > 0 && Math.abs(next - pitch()) > 0.5) setPitch(next);
    if (Math.abs(space - gap()) > 0.5) setGap(space);
  };

  let frame = 0;
  const update = (): void => {
    frame = 0;
    const container = props.container();
    if (!container) return;
    setViewport({ top: -container.getBoundingClientRect().top, height: window.innerHeight });
    measure();
  };
  const schedule = (): void => {
    if (frame === 0) frame = requestAnimationFrame(update);
  };

  onMount(() => {
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    update();
  });
  onCleanup(() => {
    window.removeEventListener('scroll', schedule);
    window.removeEventListener('resize', schedule);
    if (frame !== 0) cancelAnimationFrame(frame);
  });
  // Re-measure once rows are on screen (first render, a new layout, a filter).
  createMemo(() => {
    visible();
    if (props.each.length > renderAllBelow()) schedule();
  });

  const spacerHeight = (pixels: number): string => `${Math.max(0, pixels - gap())}px`;
  const Spacer = (p: { height: number }): JSX.Element =>
    props.spacer === 'tr' ? (
      <tr class="vspacer" aria-hidden="true">
        <td colSpan={99} style={{ height: spacerHeight(p.height), padding: '0', border: '0' }} />
      </tr>
    ) : (
      <div class="vspacer" aria-hidden="true" style={{ height: spacerHeight(p.height) }} />
    );

  return (
    <>
      <Show when={range().padTop > 0}>
        <Spacer height={range().padTop} />
      </Show>
      <For each={visible()}>{(item) => props.children(item)}</For>
      <Show when={range().padBottom > 0}>
        <Spacer height={range().padBottom} />
      </Show>
    </>
  );
}
