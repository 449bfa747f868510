// Engine-side helpers for the inventory browser tests: containers, networks and volumes made
// directly on the engine socket (as the CLI would), each with a unique name, removed after.
import { randomBytes } from 'node:crypto';
import { engineJson, engineRequest, type ContainerCreated } from '../harness/engine-client.ts';

export const INVENTORY_LABEL = 'porthole.test.inventory';

export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface CreateOptions {
  name: string;
  image: string;
  cmd?: string[];
  labels?: Record<string, string>;
  env?: string[];
  volume?: string;
  network?: string;
}

export async function createContainer(socket: string, o: CreateOptions): Promise<string> {
  const body = {
    Image: o.image,
    Cmd: o.cmd ?? ['sleep', '3600'],
    Env: o.env ?? [],
    Labels: { [INVENTORY_LABEL]: '1', ...o.labels },
    HostConfig: {
      NetworkMode: o.network ?? 'bridge',
      Binds: o.volume ? [`${o.volume}:/data`] : [],
      Memory: 64 * 1024 * 1024,
    },
  };
  const created = await engineJson<ContainerCreated>(socket, 'POST', `/containers/create?name=${o.name}`, body);
  return created.Id;
}

export const startContainer = (socket: string, id: string): Promise<unknown> => engineJson(socket, 'POST', `/containers/${id}/start`);
export const stopContainer = (socket: string, id: string): Promise<unknown> => engineJson(socket, 'POST', `/containers/${id}/stop?t=0`);
export async function removeContainer(socket: string, id: string): Promise<void> {
  const res = await engineRequest(socket, 'DELETE', `/containers/${id}?force=1&v=0`);
  if (res.status !== 204 && res.status !== 404) throw new Error(`remove ${id}: ${res.status} ${res.body.toString()}`);
}

/** Removes every container the inventory tests made (labelled), then the named volumes and networks. */
export async function cleanupInventory(socket: string, volumes: string[] = [], networks: string[] = []): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ label: [INVENTORY_LABEL] }));
  const list = await engineJson<{ Id: string }[]>(socket, 'GET', `/containers/json?all=1&filters=${filters}`);
  for (const c of list) await removeContainer(socket, c.Id);
  for (const v of volumes) await engineRequest(socket, 'DELETE', `/volumes/${v}`);
  for (const n of networks) await engineRequest(socket, 'DELETE', `/networks/${n}`);
}

/**
 * Resolves once the page's stored inventory (IndexedDB `porthole`/`query-cache`, one entry per query, written
 * when the page is idle) holds `text` (a container name): what a reload with no network will then show.
 */
export async function storedInventoryHolds(page: import('playwright-core').Page, text: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (needle) =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open('porthole');
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('query-cache')) return resolve(false);
          const get = db.transaction('query-cache').objectStore('query-cache').getAll();
          get.onsuccess = () => resolve(JSON.stringify(get.result ?? null).includes(needle));
          get.onerror = () => resolve(false);
        };
      }),
    text,
    { polling: 100, timeout },
  );
}
