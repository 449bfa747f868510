/**
 * What each layer does to the filesystem, replayed in order as the engine's overlay would:
 * files it adds, changes and deletes (whiteouts `.wh.NAME`, opaque directories
 * `.wh..wh..opq`), the merged filesystem after the last layer, and every time a later layer
 * hides bytes of an earlier one (what waste.ts sums up).
 */
import type { TarEntryType, TarHeader } from './tarStream';

export type ChangeKind = 'added' | 'modified' | 'deleted';

export interface FileChange {
  path: string;
  kind: ChangeKind;
  type: TarEntryType;
  /** The new size (added, modified), or the bytes removed (deleted). */
  size: number;
}

/** A file or directory of the merged filesystem. */
export interface FsNode {
  /** Unique: the full path ('' for the root). */
  key: string;
  name: string;
  path: string;
  type: TarEntryType;
  /** Files: their size; directories: everything below them. */
  size: number;
  mode: number;
  linkTarget: string;
  /** Index of the layer that last wrote it. */
  layer: number;
  children: FsNode[];
}

/** Bytes an earlier layer stored that a later one hid by overwriting or deleting them. */
export interface Removal {
  path: string;
  bytes: number;
  /** Layers that had stored them (the earliest first). */
  fromLayer: number;
  byLayer: number;
  how: 'overwritten' | 'deleted';
}

export interface LayerSummary {
  index: number;
  diffId: string | null;
  changes: FileChange[];
  added: number;
  modified: number;
  deleted: number;
  /** Bytes of the files this layer stores. */
  bytes: number;
}

export interface ImageContents {
  layers: LayerSummary[];
  root: FsNode;
  removals: Removal[];
  /** Bytes stored by all layers together. */
  storedBytes: number;
  /** Bytes of the merged filesystem. */
  visibleBytes: number;
}

export interface LayerInput {
  diffId: string | null;
  entries: readonly TarHeader[];
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** An FsNode while layers are replayed: children by name (null for non-directories), no key yet. */
type MutableNode = Omit<FsNode, 'key' | 'children'> & { children: Map<string, MutableNode> | null };

export function replayLayers(layers: readonly LayerInput[]): ImageContents {
  const root: MutableNode = { name: '', path: '', type: 'dir', size: 0, mode: 0o755, linkTarget: '', layer: 0, children: new Map() };
  const removals: Removal[] = [];
  let storedBytes = 0;

  const summaries = layers.map((input, index): LayerSummary => {
    const changes: FileChange[] = [];
    let bytes = 0;
    for (const entry of input.entries) {
      if (entry.path === '') continue;
      const slash = entry.path.lastIndexOf('/');
      const dirPath = slash === -1 ? '' : entry.path.slice(0, slash);
      const base = entry.path.slice(slash + 1);
      const parent = ensureDir(root, dirPath, index);

      if (base === OPAQUE) {
        // Everything earlier layers put in this directory is hidden; this layer's own entries stay.
        for (const [name, child] of parent.children ?? []) {
          if (child.layer >= index) continue;
          const removed = subtreeBytes(child);
          parent.children?.delete(name);
          changes.push({ path: child.path, kind: 'deleted', type: child.type, size: removed });
          if (removed > 0) removals.push({ path: child.path, bytes: removed, fromLayer: oldestLayer(child), byLayer: index, how: 'deleted' });
        }
        continue;
      }
      if (base.startsWith(WHITEOUT)) {
        const name = base.slice(WHITEOUT.length);
        const target = parent.children?.get(name);
        const path = dirPath === '' ? name : `${dirPath}/${name}`;
        const removed = target ? subtreeBytes(target) : 0;
        if (target) parent.children?.delete(name);
        changes.push({ path, kind: 'deleted', type: target?.type ?? 'file', size: removed });
        if (target && removed > 0) removals.push({ path, bytes: removed, fromLayer: oldestLayer(target), byLayer: index, how: 'deleted' });
        continue;
      }

      const existing = parent.children?.get(base);
      const node: MutableNode = {
        name: base,
        path: entry.path,
        type: entry.type,
        size: entry.type === 'file' ? entry.size : 0,
        mode: entry.mode,
        linkTarget: entry.linkTarget,
        layer: index,
        children: entry.type === 'dir' ? new Map() : null,
      };
      bytes += node.size;
      if (existing && existing.type === 'dir' && node.type === 'dir') {
        // A directory listed again carries the files below it; it only changed if its mode did.
        if (existing.mode !== node.mode) changes.push({ path: entry.path, kind: 'modified', type: 'dir', size: 0 });
        existing.mode = node.mode;
        existing.layer = index;
        continue;
      }
      if (existing) {
        const replaced = subtreeBytes(existing);
        if (replaced > 0) removals.push({ path: entry.path, bytes: replaced, fromLayer: oldestLayer(existing), byLayer: index, how: 'overwritten' });
        changes.push({ path: entry.path, kind: 'modified', type: node.type, size: node.size });
      } else {
        changes.push({ path: entry.path, kind: 'added', type: node.type, size: node.size });
      }
      parent.children?.set(base, node);
    }
    storedBytes += bytes;
    const count = (kind: ChangeKind): number => changes.filter((change) => change.kind === kind).length;
    return { index, diffId: input.diffId, changes, added: count('added'), modified: count('modified'), deleted: count('deleted'), bytes };
  });

  const merged = freeze(root);
  return { layers: summaries, root: merged, removals, storedBytes, visibleBytes: merged.size };
}

/** The directory at `path`, created (as written by `layer`) where missing. */
function ensureDir(root: MutableNode, path: string, layer: number): MutableNode {
  let node = root;
  if (path === '') return node;
  for (const name of path.split('/')) {
    let child = node.children?.get(name);
    if (!child || child.children === null) {
      // A file in the way is replaced, as the overlay would (tar writers list parents first).
      child = { name, path: node.path === '' ? name : `${node.path}/${name}`, type: 'dir', size: 0, mode: 0o755, linkTarget: '', layer, children: new Map() };
      node.children?.set(name, child);
    }
    node = child;
  }
  return node;
}

function subtreeBytes(node: MutableNode): number {
  if (node.children === null) return node.size;
  let total = 0;
  for (const child of node.children.values()) total += subtreeBytes(child);
  return total;
}

function oldestLayer(node: MutableNode): number {
  if (node.children === null) return node.layer;
  let oldest = node.layer;
  for (const child of node.children.values()) oldest = Math.min(oldest, oldestLayer(child));
  return oldest;
}

/** Sorted, immutable nodes with directory sizes summed. */
function freeze(node: MutableNode): FsNode {
  const children = node.children ? [...node.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(freeze) : [];
  const size = node.children ? children.reduce((sum, child) => sum + child.size, 0) : node.size;
  return { key: node.path, name: node.name, path: node.path, type: node.type, size, mode: node.mode, linkTarget: node.linkTarget, layer: node.layer, children };
}

/** `ls -l`-style permissions: drwxr-xr-x. */
export function formatMode(type: TarEntryType, mode: number): string {
  const kind = type === 'dir' ? 'd' : type === 'symlink' ? 'l' : type === 'chardev' ? 'c' : type === 'blockdev' ? 'b' : type === 'fifo' ? 'p' : '-';
  const bits = 'rwxrwxrwx';
  let text = '';
  for (let i = 0; i < 9; i++) text += mode & (1 << (8 - i)) ? bits[i] : '-';
  return kind + text;
}
