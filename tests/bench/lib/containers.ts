// The workload: N running containers (busybox `sleep`), so /containers/json has real work to do.
import { engineJson, engineRequest, type ContainerCreated } from '../../harness/engine-client.ts';

export const BENCH_LABEL = 'porthole.bench';

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** Creates and starts `count` sleeping containers; resolves their ids. */
export async function startSleepers(socket: string, image: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  const names = Array.from({ length: count }, (_, i) => `porthole-bench-${i}`);
  await pool(names, 4, async (name) => {
    const c = await engineJson<ContainerCreated>(socket, 'POST', `/containers/create?name=${name}`, {
      Image: image,
      Cmd: ['sleep', '100000'],
      Labels: { [BENCH_LABEL]: '1' },
      HostConfig: { NetworkMode: 'none' },
    });
    ids.push(c.Id);
    await engineJson(socket, 'POST', `/containers/${c.Id}/start`);
  });
  return ids;
}

/** Removes every container carrying the bench label (force: they are running). */
export async function removeBenchContainers(socket: string): Promise<number> {
  const filters = encodeURIComponent(JSON.stringify({ label: [BENCH_LABEL] }));
  const list = await engineJson<{ Id: string }[]>(socket, 'GET', `/containers/json?all=1&filters=${filters}`);
  await pool(list, 4, async (c) => {
    await engineRequest(socket, 'DELETE', `/containers/${c.Id}?force=1`);
  });
  return list.length;
}
