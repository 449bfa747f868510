/**
 * The HTTP and exec calls behind the console page: container state, the no-shell fallback (copy a
 * static shell in, remove it again) and the container's filesystem diff. Decisions live in
 * web/src/console/ (pure); this file only talks to the proxy.
 */
import { queryOptions } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../../api/engineApi';
import { ApiError, isApiError, NETWORK_ERROR } from '../../api/errors';
import { getJson, request } from '../../api/http';
import type { EngineRef } from '../../api/types';
import type { ContainerInspect, ImageInspect } from '../../engine/types';
import type { ContainerChange } from '../../image/changes';
import { pickStaticShell, type StaticShellInfo } from '../../console/arch';
import { REMOVE_STATIC_SHELL_CMD, STATIC_SHELL_DIR } from '../../console/shellDiscovery';
import { staticShellTar } from '../../console/tar';
import { fetchContainer } from '../../queries/containers';
import { proxyKeys } from '../../queries/keys';
import { openExecStream } from '../../streams/execStream';

/** Whether the container's diff shows Porthole's static shell directory. */
export function hasStaticShell(changes: readonly ContainerChange[]): boolean {
  return changes.some((c) => c.Path === STATIC_SHELL_DIR && c.Kind !== 2);
}

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

/**
 * Removes /.porthole with the copied busybox itself (the proxy has no DELETE for archive paths), as root
 * and without a TTY, and checks its exit code.
 */
export async function removeStaticShell(engine: EngineRef, containerId: string): Promise<void> {
  const result = await new Promise<{ code: number | null | undefined; output: string; opened: boolean }>((resolve, reject) => {
    let code: number | null | undefined;
    let output = '';
    const decoder = new TextDecoder();
    openExecStream(
      { engine: engine.name, container: containerId, mode: 'exec', cmd: REMOVE_STATIC_SHELL_CMD, tty: false, user: '0' },
      {
        onOutput: (frame) => (output += decoder.decode(frame.data, { stream: true })),
        onControl: (message) => {
          if (message.type === 'exit') code = message.code;
          if (message.type === 'error') output += message.message;
        },
        onClose: (info) => resolve({ code, output, opened: info.opened }),
      },
    ).then(
      (stream) => stream.closeStdin(),
      (error: unknown) => reject(error),
    );
  });
  if (result.code === 0) return;
  if (!result.opened) throw new Error('The proxy refused the exec that removes the shell. Check that the container is running and that you are signed in as admin, then try again.');
  const said = result.output.trim();
  throw new Error(
    result.code === undefined
      ? `The connection dropped before the removal finished${said ? `: ${said}` : ''}. Try again.`
      : `Removing ${STATIC_SHELL_DIR} failed with exit code ${result.code ?? 'unknown'}${said ? `: ${said}` : ''}.`,
  );
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
