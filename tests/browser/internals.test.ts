// Image internals in Chromium: history, the layer tree of all images, layer contents read from
// the docker save stream, and container diffs, each checked against the engine itself.
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest, type ImageHistoryEntry } from '../harness/engine-client.ts';
import { VIEWER_TOKEN } from '../support/proxy.ts';
import { screenshots } from '../support/screenshots.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const containers: string[] = [];
const { proxy, login, reopenContext } = useProxyAndContext({
  cleanup: async () => {
    for (const id of containers) await engineRequest(env.engineSocket, 'DELETE', `/containers/${id}?force=1`);
  },
});

/** A container of fixture/busybox:1 with a unique name, removed after the file. */
async function createContainer(cmd: string[], start: boolean): Promise<string> {
  const name = `porthole-internals-${process.pid}-${containers.length}-${Date.now()}`;
  const { Id } = await engineJson<{ Id: string }>(env.engineSocket, 'POST', `/containers/create?name=${name}`, {
    Image: env.fixtures.plain.ref,
    Cmd: cmd,
  });
  containers.push(Id);
  if (start) {
    const res = await engineRequest(env.engineSocket, 'POST', `/containers/${Id}/start`);
    expect(res.status).toBe(204);
  }
  return Id;
}

/** Rows of the layer tree as [level, tags]. */
function treeRows(page: Page): Promise<{ level: number; tags: string[] }[]> {
  return page.getByTestId('layer-tree').locator('[role="treeitem"]').evaluateAll((items) =>
    items.map((item) => ({
      level: Number(item.getAttribute('aria-level')),
      tags: (item.querySelector('[data-testid="layer-node"]')?.getAttribute('data-tags') ?? '').split(' ').filter(Boolean),
    })),
  );
}

describe('history', () => {
  test('lists every step of fixture/history:1 with the engine sizes, and which made layers', async () => {
    const { id, layers } = env.fixtures.history;
    const history = await engineJson<ImageHistoryEntry[]>(env.engineSocket, 'GET', `/images/${id}/history`);
    const page = await login(`#/local/images/${id}/history`);
    await page.getByTestId('history-step').first().waitFor();
    const steps = await page.getByTestId('history-step').evaluateAll((items) =>
      items.map((item) => ({ size: Number(item.getAttribute('data-size')), layer: item.getAttribute('data-layer'), text: item.querySelector('.history-instruction')?.textContent ?? '' })),
    );
    // Newest first, like the engine.
    expect(steps.map((s) => s.size)).toEqual(history.map((h) => h.Size));
    expect(steps.filter((s) => s.layer !== '').length).toBe(layers.length);
    expect(await page.getByTestId('history-inexact').count()).toBe(0);
    const texts = steps.map((s) => s.text);
    expect(texts).toContain('ENV FIXTURE=history GREETING=hello');
    expect(texts).toContain('RUN rm /hello.txt');
    expect(texts).toContain('CMD ["sh"]');
    expect(texts.some((t) => t.startsWith('COPY file:') && t.endsWith(' in /data/data.txt'))).toBe(true);
    // The metadata steps made no layer; the RUN that only deletes made one of 0 bytes.
    const byText = new Map(steps.map((s) => [s.text, s]));
    expect(byText.get('LABEL org.porthole.fixture=history')?.layer).toBe('');
    expect(byText.get('RUN rm /hello.txt')?.layer).toBe(String(layers.length - 1));
    await page.close();
  });
});

describe('layer tree', () => {
  test('the busybox base shows once, with share-a, share-b and history below it', async () => {
    const page = await login('#/local/layers');
    await page.getByTestId('layer-node').first().waitFor();
    const rows = await treeRows(page);
    const base = rows.filter((r) => r.tags.includes(env.fixtures.plain.ref));
    expect(base).toHaveLength(1);
    const at = rows.findIndex((r) => r.tags.includes(env.fixtures.plain.ref));
    const baseLevel = rows[at]!.level;
    // Its subtree: the rows after it, until one at its level or above.
    const end = rows.findIndex((r, i) => i > at && r.level <= baseLevel);
    const below = rows.slice(at + 1, end === -1 ? undefined : end);
    for (const fixture of [env.fixtures.shareA, env.fixtures.shareB, env.fixtures.history]) {
      const row = below.find((r) => r.tags.includes(fixture.ref));
      expect(row, fixture.ref).toBeDefined();
      expect(row?.level).toBe(baseLevel + 1);
    }
    // noshell shares nothing with busybox: outside its subtree.
    expect(below.some((r) => r.tags.includes(env.fixtures.noShell.ref))).toBe(false);
    expect(rows.filter((r) => r.tags.includes(env.fixtures.noShell.ref))).toHaveLength(1);
    await page.close();
  });

  test('search keeps the ancestors; fold all leaves the roots; two images compare', async () => {
    const page = await login('#/local/layers?q=share-b');
    await page.getByTestId('layer-node').first().waitFor();
    await expect.poll(async () => (await treeRows(page)).map((r) => r.tags.join(' '))).toEqual([env.fixtures.plain.ref, env.fixtures.shareB.ref]);
    await page.getByTestId('layer-tree-filter').fill('');
    await page.getByTestId('layer-tree-fold-all').click();
    await expect.poll(async () => (await treeRows(page)).every((r) => r.level === 1)).toBe(true);
    await page.getByTestId('layer-tree-filter').fill('share-');
    const pick = (ref: string) => page.locator(`[data-testid="layer-node"][data-tags~="${ref}"] [data-testid="compare-pick"]`);
    await pick(env.fixtures.shareA.ref).check();
    await pick(env.fixtures.shareB.ref).check();
    await page.getByTestId('compare-link').click();
    await page.getByTestId('compare-result').waitFor();
    expect(await page.getByTestId('compare-result').getAttribute('data-relation')).toBe('fork');
    expect(await page.getByTestId('compare-shared').getAttribute('data-count')).toBe('1');
    expect(await page.getByTestId('compare-only-a').getAttribute('data-count')).toBe('2');
    expect(await page.getByTestId('compare-only-b').getAttribute('data-count')).toBe('1');
    await page.close();
  });
});

describe('layer contents', () => {
  test('fixture/history:1: files per layer and the ~100 kB wasted by the overwritten file', async () => {
    const page = await login(`#/local/images/${env.fixtures.history.id}/layers`);
    await page.getByTestId('layer-contents-start').click();
    await page.getByTestId('waste').waitFor({ timeout: 30_000 });
    const wasted = Number(await page.getByTestId('waste').getAttribute('data-wasted'));
    expect(wasted).toBe(102_400 + 6);
    expect(await page.getByTestId('waste-path').first().getAttribute('data-path')).toBe('big.bin');
    const changesOf = async (index: number) => {
      await page.locator(`[data-testid="layer-pick"][data-index="${index}"]`).click();
      await page.locator(`[data-testid="layer-change-list"][data-index="${index}"]`).waitFor();
      return page.getByTestId('layer-change').evaluateAll((items) => items.map((i) => `${i.getAttribute('data-kind')} ${i.getAttribute('data-path')} ${i.getAttribute('data-size')}`));
    };
    expect(await changesOf(1)).toEqual(['added hello.txt 6']);
    expect(await changesOf(2)).toEqual(['added data 0', 'added data/data.txt 30']);
    expect(await changesOf(3)).toEqual(['added big.bin 102400']);
    expect(await changesOf(4)).toEqual(['modified big.bin 102400']);
    expect(await changesOf(5)).toEqual(['deleted hello.txt 6']);
    expect(await changesOf(0)).toContain('added bin/busybox 1982256');
    // The merged filesystem: hello.txt is gone, data/ is there.
    const fsPaths = await page.getByTestId('fs-tree').locator('[data-path]').evaluateAll((items) => items.map((i) => i.getAttribute('data-path')));
    expect(fsPaths).toContain('data');
    expect(fsPaths).not.toContain('hello.txt');
    await page.close();
  });

  test('the viewer token is told that reading layers needs the admin token', async () => {
    const page = await login(`#/local/images/${env.fixtures.history.id}/layers`, VIEWER_TOKEN);
    await page.getByTestId('layer-contents-start').click();
    await expect.poll(() => page.getByTestId('error-panel').textContent()).toMatch(/admin token/);
    await page.close();
  });
});

describe('container diff', () => {
  test('touch /new and rm /bin/cat: A /new, D /bin/cat, C /bin', async () => {
    const id = await createContainer(['sh', '-c', 'touch /new; rm -f /bin/cat; sleep 600'], true);
    await expect.poll(async () => (await engineJson<{ Path: string }[] | null>(env.engineSocket, 'GET', `/containers/${id}/changes`))?.length ?? 0).toBeGreaterThanOrEqual(3);
    const page = await login(`#/local/containers/${id}/diff`);
    await page.getByTestId('diff-node').first().waitFor();
    const nodes = await page.getByTestId('diff-node').evaluateAll((items) => items.map((i) => `${i.getAttribute('data-kind')} ${i.getAttribute('data-path')}`));
    expect(nodes).toEqual(expect.arrayContaining(['added /new', 'deleted /bin/cat', 'modified /bin']));
    const counts = page.getByTestId('diff-counts');
    expect(await counts.getAttribute('data-added')).toBe('1');
    expect(await counts.getAttribute('data-deleted')).toBe('1');
    // Only deleted: /bin stays as the parent of /bin/cat, /new goes.
    await page.getByTestId('diff-kind-added').click();
    await page.getByTestId('diff-kind-modified').click();
    await expect.poll(() => page.getByTestId('diff-node').evaluateAll((items) => items.map((i) => i.getAttribute('data-path')))).toEqual(['/bin', '/bin/cat']);
    await page.close();
  });

  test('a container that changed nothing says so', async () => {
    const id = await createContainer(['true'], false);
    const page = await login(`#/local/containers/${id}/diff`);
    await page.getByTestId('diff-empty').waitFor();
    await page.close();
  });
});

screenshots(reopenContext, async (dir, suffix) => {
  const page = await login('#/local/layers');
  await page.getByTestId('layer-node').first().waitFor();
  await page.getByTestId('compare-pick').first().check();
  await page.screenshot({ path: `${dir}/layer-tree-${suffix}.png`, fullPage: true });
  await page.goto(`${proxy().origin}/#/local/images/${env.fixtures.history.id}/history`);
  await page.getByTestId('history-step').first().waitFor();
  await page.screenshot({ path: `${dir}/history-${suffix}.png`, fullPage: true });
  await page.goto(`${proxy().origin}/#/local/images/${env.fixtures.history.id}/layers`);
  await page.getByTestId('layer-contents-start').click();
  await page.getByTestId('waste').waitFor();
  await page.locator('[data-testid="layer-pick"][data-index="4"]').click();
  await page.screenshot({ path: `${dir}/layers-${suffix}.png`, fullPage: true });
  const id = await createContainer(['sh', '-c', 'touch /new; rm -f /bin/cat; mkdir -p /var/cache/app; echo a > /var/cache/app/a; sleep 600'], true);
  await expect.poll(async () => (await engineJson<unknown[] | null>(env.engineSocket, 'GET', `/containers/${id}/changes`))?.length ?? 0).toBeGreaterThanOrEqual(3);
  await page.goto(`${proxy().origin}/#/local/containers/${id}/diff`);
  await page.getByTestId('diff-node').first().waitFor();
  await page.screenshot({ path: `${dir}/diff-${suffix}.png`, fullPage: true });
  await page.close();
});
