/**
 * How many rows and columns of terminal cells fit a box. The box is the element's content box: its
 * size without border and padding (the fit addon took the border box's height, so with padding the
 * last row hung below the edge, and the status line of vi, top and less was half hidden).
 */

export interface ContentBox {
  /** The size inside the border, padding included. */
  innerWidth: number;
  innerHeight: number;
  padding: { top: number; right: number; bottom: number; left: number };
}

export interface CellSize {
  width: number;
  height: number;
}

export interface Geometry {
  cols: number;
  rows: number;
}

export const MIN_COLS = 10;
export const MIN_ROWS = 4;

/** The width and height cells may use: the content box, less the scrollbar xterm draws at the right. */
export function usableArea(box: ContentBox, scrollbarWidth: number): { width: number; height: number } {
  return {
    width: Math.max(0, box.innerWidth - box.padding.left - box.padding.right - scrollbarWidth),
    height: Math.max(0, box.innerHeight - box.padding.top - box.padding.bottom),
  };
}

/**
 * Rows and columns such that rows × cell height and cols × cell width fit the usable area; null when the
 * box has no size (a hidden tab) or the cell is not measured yet. A tiny box still gets the minimum.
 */
export function fitGeometry(box: ContentBox, cell: CellSize, scrollbarWidth: number): Geometry | null {
  if (box.innerWidth <= 0 || box.innerHeight <= 0) return null;
  if (!(cell.width > 0) || !(cell.height > 0) || !Number.isFinite(cell.width) || !Number.isFinite(cell.height)) return null;
  const area = usableArea(box, scrollbarWidth);
  // A hair of tolerance: 20 rows of 17.0000001 px are still 20 rows in a 340 px box.
  const epsilon = 1e-6;
  return {
    cols: Math.max(MIN_COLS, Math.floor(area.width / cell.width + epsilon)),
    rows: Math.max(MIN_ROWS, Math.floor(area.height / cell.height + epsilon)),
  };
}
