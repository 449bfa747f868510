/**
 * The HTTP calls behind the console page: the container's state after a session, why the proxy refuses a
 * console, and the no-shell fallback (plan and copy a static shell in; streams/consoleSession.ts removes it
 * again). Decisions live in web/src/console/ (pure); this file only talks to the proxy.
 */
import { queryOptions } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import { ApiError, isApiError, NETWORK_ERROR } from '../api/errors';
import { getJson, request } from '../api/http';
import type { EngineRef } from '../api/types';
import type { ContainerInspect, ImageInspect } from '../engine/types';
import { pickStaticShell, type StaticShellInfo } from '../console/arch';
import { staticShellTar } from '../console/tar';
import { fetchContainer } from './containers';
import { proxyKeys } from './keys';

export interface StaticShellsResponse {
  shells: StaticShellInfo[];
  problems: string[];
}

export function staticShellsOptions() {
  return queryOptions({
    queryKey: proxyKeys.staticShells(),
    queryFn: ({ signal }) => getJson<StaticShellsResponse>('/api/static-shells', signal),
    staleTime: 60_000,
  });
}

/** What a container lacking a shell needs before a static one can be copied in: its architecture and the proxy's shells. */
export interface StaticShellPlan {
  ok: boolean;
  /** Why it cannot be done (shown with the button disabled). */
  reason?: string;
  arch?: string;
  size?: number;
}

export async function planStaticShell(engine: EngineRef, container: ContainerInspect, signal?: AbortSignal): Promise<StaticShellPlan> {
  if (container.HostConfig?.ReadonlyRootfs) {
    return { ok: false, reason: 'The container’s root filesystem is read-only (--read-only), so nothing can be copied into it. Recreate it without --read-only, or with a writable volume, to get a console.' };
  }
  const [image, shells] = await Promise.all([
    getJson<ImageInspect>(engineUrl(engine, `/images/${encodePathParam(container.Image)}/json`), signal),
    getJson<StaticShellsResponse>('/api/static-shells', signal),
  ]);
  const choice = pickStaticShell(shells.shells, shells.problems, image.Architecture);
  return choice.ok ? { ok: true, arch: choice.shell.arch, size: choice.shell.size } : { ok: false, reason: choice.reason };
}

/** Fetches the proxy's static shell for `arch`, packs it as .porthole/busybox and extracts it at the container's root. */
export async function copyStaticShell(engine: EngineRef, containerId: string, arch: string): Promise<void> {
  const binary = new Uint8Array(await (await request(`/api/static-shells/${encodeURIComponent(arch)}`)).arrayBuffer());
  const tar = staticShellTar(binary, Math.floor(Date.now() / 1000));
  const url = engineUrl(engine, `/containers/${encodePathParam(containerId)}/archive`, { path: '/' });
  try {
    await request(url, { method: 'PUT', body: new Blob([tar.buffer as ArrayBuffer]), contentType: 'application/x-tar' });
  } catch (cause) {
    if (!isApiError(cause)) throw cause;
    if (cause.status === NETWORK_ERROR) throw new ApiError(NETWORK_ERROR, cause.message, 'Check the connection to the Porthole proxy, then try again.');
    if (cause.status === 403 && /read-?only/i.test(cause.message)) {
      throw new ApiError(403, `The container’s root filesystem is read-only: ${cause.message}`, 'Nothing can be copied into it. Recreate the container without --read-only to get a console.');
    }
    throw cause;
  }
}

/** Why the proxy refuses a console in this container (a refused upgrade tells the browser nothing), or null. */
export async function consoleRefusal(engine: EngineRef, id: string, mode: 'exec' | 'attach'): Promise<string | null> {
  try {
    await getJson(`/api/engines/${encodeURIComponent(engine.name)}/containers/${encodeURIComponent(id)}/${mode}`);
    return null;
  } catch (error) {
    return isApiError(error) && error.status !== NETWORK_ERROR ? `${error.message}${error.hint ? ` (${error.hint})` : ''}` : null;
  }
}

export interface ContainerNow {
  exists: boolean;
  running: boolean;
  exitCode?: number;
}

/**
 * The container as it is now, for explaining why a session ended: its state, `{ engineDown }` (the proxy's
 * words) when the proxy answered that the engine did not, or null when nobody said (the proxy unreachable).
 */
export async function containerNow(engine: EngineRef, id: string): Promise<ContainerNow | { engineDown: string } | null> {
  try {
    const c = await fetchContainer(engine, id);
    return { exists: true, running: c.State.Running, exitCode: c.State.Running ? undefined : c.State.ExitCode };
  } catch (error) {
    if (isApiError(error) && error.status === 404) return { exists: false, running: false };
    if (isApiError(error) && [502, 503, 504].includes(error.status)) return { engineDown: error.message };
    return null;
  }
}
