/**
 * The space an image wastes: bytes earlier layers store that later layers overwrite or delete,
 * so they are downloaded and kept on disk but never seen.
 *
 * wastedBytes counts only the hidden copies: a 100 kB file written twice wastes 100 kB.
 * dive's "wasted bytes" adds up every copy of a path found in more than one layer, the kept
 * one included (200 kB for that file); `diveWastedBytes` gives that number for comparison.
 * The efficiency score is the share of stored bytes that are visible: 1 when nothing is wasted.
 */
import type { ImageContents, LayerInput } from './layerContents';

export interface WastedPath {
  path: string;
  /** Hidden bytes. */
  wasted: number;
  /** Layers the path appears in (written, overwritten or deleted). */
  copies: number;
  /** Bytes of all its copies, the way dive lists them. */
  cumulative: number;
}

export interface WasteReport {
  storedBytes: number;
  visibleBytes: number;
  wastedBytes: number;
  diveWastedBytes: number;
  /** visible / stored, 0..1. */
  efficiency: number;
  /** Most wasted first. */
  paths: WastedPath[];
}

export function computeWaste(contents: ImageContents, layers: readonly LayerInput[]): WasteReport {
  const wasted = new Map<string, number>();
  for (const removal of contents.removals) wasted.set(removal.path, (wasted.get(removal.path) ?? 0) + removal.bytes);

  // Every copy of each path, as dive counts them: files by their size, whiteouts by what they hid.
  const copies = new Map<string, { count: number; bytes: number }>();
  const add = (path: string, bytes: number): void => {
    const entry = copies.get(path) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += bytes;
    copies.set(path, entry);
  };
  layers.forEach((layer) => {
    for (const entry of layer.entries) {
      if (entry.type === 'dir' || entry.path === '') continue;
      const slash = entry.path.lastIndexOf('/');
      const base = entry.path.slice(slash + 1);
      if (base.startsWith('.wh.') && base !== '.wh..wh..opq') add(`${entry.path.slice(0, slash + 1)}${base.slice(4)}`, 0);
      else if (!base.startsWith('.wh.')) add(entry.path, entry.size);
    }
  });
  for (const removal of contents.removals) {
    if (removal.how !== 'deleted') continue;
    const entry = copies.get(removal.path);
    // The whiteout counts as a copy the size of what it deleted (dive's rule).
    if (entry) entry.bytes += removal.bytes;
    else copies.set(removal.path, { count: 2, bytes: removal.bytes * 2 });
  }

  const paths: WastedPath[] = [...wasted].map(([path, bytes]) => {
    const seen = copies.get(path);
    return { path, wasted: bytes, copies: seen?.count ?? 2, cumulative: seen?.bytes ?? bytes };
  });
  paths.sort((a, b) => b.wasted - a.wasted || (a.path < b.path ? -1 : 1));
  let diveWastedBytes = 0;
  for (const entry of copies.values()) if (entry.count > 1) diveWastedBytes += entry.bytes;
  const wastedBytes = paths.reduce((sum, path) => sum + path.wasted, 0);
  const stored = contents.storedBytes;
  return {
    storedBytes: stored,
    visibleBytes: contents.visibleBytes,
    wastedBytes,
    diveWastedBytes,
    efficiency: stored === 0 ? 1 : contents.visibleBytes / stored,
    paths,
  };
}
