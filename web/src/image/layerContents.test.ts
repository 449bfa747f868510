import { describe, expect, test } from 'vitest';
import { formatMode, replayLayers, type FsNode, type LayerInput } from './layerContents';
import type { TarHeader } from './tarStream';
import recorded from './testdata/history-layers.json';
import { expectGolden } from './golden';

// Headers of every layer of fixture/history:1, read from its docker save archive (dockerd 20.10).
const fixture = recorded as LayerInput[];

const file = (path: string, size = 0): TarHeader => ({ path, type: 'file', size, mode: 0o644, linkTarget: '' });
const dir = (path: string, mode = 0o755): TarHeader => ({ path, type: 'dir', size: 0, mode, linkTarget: '' });
const layer = (...entries: TarHeader[]): LayerInput => ({ diffId: null, entries });

/** The merged tree as text: one line per node, indented, with size and the layer that wrote it. */
function renderFs(node: FsNode, depth = 0): string {
  const self = depth === 0 ? '' : `${'  '.repeat(depth - 1)}${node.name}${node.type === 'dir' ? '/' : ''} ${node.size} L${node.layer}\n`;
  return self + node.children.map((child) => renderFs(child, depth + 1)).join('');
}

describe('replayLayers', () => {
  test.each([
    {
      name: 'a later layer adds and modifies',
      layers: [layer(dir('etc'), file('etc/a', 10)), layer(dir('etc'), file('etc/a', 20), file('etc/b', 5))],
      changes: [['added etc', 'added etc/a'], ['modified etc/a', 'added etc/b']],
      removed: [{ path: 'etc/a', bytes: 10, how: 'overwritten' }],
    },
    {
      name: 'a whiteout deletes a file',
      layers: [layer(file('a', 7)), layer(file('.wh.a'))],
      changes: [['added a'], ['deleted a']],
      removed: [{ path: 'a', bytes: 7, how: 'deleted' }],
    },
    {
      name: 'a whiteout deletes a directory with what is below it',
      layers: [layer(dir('d'), file('d/x', 3), file('d/y', 4)), layer(file('.wh.d'))],
      changes: [['added d', 'added d/x', 'added d/y'], ['deleted d']],
      removed: [{ path: 'd', bytes: 7, how: 'deleted' }],
    },
    {
      name: 'an opaque directory hides earlier contents but keeps its own',
      layers: [layer(dir('d'), file('d/old', 9)), layer(dir('d'), file('d/.wh..wh..opq'), file('d/new', 1))],
      changes: [['added d', 'added d/old'], ['deleted d/old', 'added d/new']],
      removed: [{ path: 'd/old', bytes: 9, how: 'deleted' }],
    },
    {
      name: 'a directory listed again with another mode is modified',
      layers: [layer(dir('t', 0o755)), layer(dir('t', 0o1777))],
      changes: [['added t'], ['modified t']],
      removed: [],
    },
    {
      name: 'a whiteout of something absent is still listed',
      layers: [layer(file('.wh.ghost'))],
      changes: [['deleted ghost']],
      removed: [],
    },
    {
      name: 'parents missing from the tar are created',
      layers: [layer(file('a/b/c', 1))],
      changes: [['added a/b/c']],
      removed: [],
    },
  ])('$name', ({ layers, changes, removed }) => {
    const result = replayLayers(layers);
    expect(result.layers.map((l) => l.changes.map((c) => `${c.kind} ${c.path}`))).toEqual(changes);
    expect(result.removals.map(({ path, bytes, how }) => ({ path, bytes, how }))).toEqual(removed);
    expect(result.storedBytes).toBe(result.visibleBytes + result.removals.reduce((sum, r) => sum + r.bytes, 0));
  });

  test('fixture/history:1 merged filesystem', async () => {
    const result = replayLayers(fixture);
    await expectGolden(renderFs(result.root));
  });

  test('fixture/history:1 changes per layer', async () => {
    const result = replayLayers(fixture);
    expect(result.layers.map((l) => [l.added, l.modified, l.deleted])).toEqual([
      [43, 0, 0],
      [1, 0, 0],
      [2, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(result.layers[4]?.changes).toEqual([{ path: 'big.bin', kind: 'modified', type: 'file', size: 102400 }]);
    expect(result.layers[5]?.changes).toEqual([{ path: 'hello.txt', kind: 'deleted', type: 'file', size: 6 }]);
  });
});

describe('formatMode', () => {
  test.each([
    { type: 'dir' as const, mode: 0o755, text: 'drwxr-xr-x' },
    { type: 'file' as const, mode: 0o600, text: '-rw-------' },
    { type: 'symlink' as const, mode: 0o777, text: 'lrwxrwxrwx' },
  ])('$text', ({ type, mode, text }) => {
    expect(formatMode(type, mode)).toBe(text);
  });
});
