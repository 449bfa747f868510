import { describe, expect, test } from 'vitest';
import { replayLayers, type LayerInput } from './layerContents';
import type { TarHeader } from './tarStream';
import recorded from './testdata/history-layers.json';
import { computeWaste } from './waste';

// Headers of every layer of fixture/history:1, read from its docker save archive (dockerd 20.10).
const fixture = recorded as LayerInput[];

const file = (path: string, size = 0): TarHeader => ({ path, type: 'file', size, mode: 0o644, linkTarget: '' });
const layer = (...entries: TarHeader[]): LayerInput => ({ diffId: null, entries });
const waste = (layers: LayerInput[]) => computeWaste(replayLayers(layers), layers);

describe('computeWaste', () => {
  test.each([
    { name: 'nothing overwritten wastes nothing', layers: [layer(file('a', 5)), layer(file('b', 5))], wasted: 0, dive: 0, efficiency: 1 },
    { name: 'a file written twice wastes its first copy (dive counts both)', layers: [layer(file('a', 100)), layer(file('a', 100))], wasted: 100, dive: 200, efficiency: 0.5 },
    { name: 'a deleted file wastes all of it (dive counts the whiteout as a copy)', layers: [layer(file('a', 10), file('b', 30)), layer(file('.wh.a'))], wasted: 10, dive: 20, efficiency: 0.75 },
    { name: 'an empty image is fully efficient', layers: [], wasted: 0, dive: 0, efficiency: 1 },
  ])('$name', ({ layers, wasted, dive, efficiency }) => {
    const report = waste(layers);
    expect(report.wastedBytes).toBe(wasted);
    expect(report.diveWastedBytes).toBe(dive);
    expect(report.efficiency).toBeCloseTo(efficiency);
  });

  test('fixture/history:1: the 100 kB file overwritten and the deleted hello.txt', () => {
    const report = waste(fixture);
    expect(report.paths).toEqual([
      { path: 'big.bin', wasted: 102400, copies: 2, cumulative: 204800 },
      { path: 'hello.txt', wasted: 6, copies: 2, cumulative: 12 },
    ]);
    expect(report.wastedBytes).toBe(102406);
    expect(report.diveWastedBytes).toBe(204812);
    expect(report.storedBytes - report.visibleBytes).toBe(102406);
    expect(report.efficiency).toBeCloseTo(report.visibleBytes / report.storedBytes);
    expect(report.efficiency).toBeGreaterThan(0.9);
  });
});
