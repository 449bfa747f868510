// Containers for the container browser tests: unique names, made and removed on the test engine's socket.
import { inject } from 'vitest';
import { engineJson, engineRequest, type JsonValue } from '../harness/engine-client.ts';

export const BUSYBOX = 'fixture/busybox:1';

/** Names unique per run, so tests sharing the engine never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export interface ContainerInspectLite {
  Id: string;
  Name: string;
  State: { Status: string; Running: boolean; Paused: boolean };
  Config: { Image: string; Cmd: string[] | null; Env: string[] | null; Entrypoint: string[] | null; Tty: boolean; OpenStdin: boolean; Labels: Record<string, string> | null };
  HostConfig: {
    Memory: number;
    NanoCpus: number;
    PortBindings: Record<string, { HostIp: string; HostPort: string }[]> | null;
    Mounts?: { Type: string; Source: string; Target: string; ReadOnly?: boolean }[] | null;
    Binds: string[] | null;
    RestartPolicy: { Name: string };
  };
  Mounts: { Type: string; Source: string; Destination: string; RW: boolean; Name?: string }[];
}

/** Tracks what a test file made, and removes it all (with volumes) at the end. */
export function containerJanitor() {
  const socket = inject('testEnv').engineSocket;
  const names = new Set<string>();
  return {
    socket,
    track(nameOrId: string): string {
      names.add(nameOrId);
      return nameOrId;
    },
    async create(name: string, body: { [key: string]: JsonValue }, start = true): Promise<string> {
      names.add(name);
      const c = await engineJson<{ Id: string }>(socket, 'POST', `/containers/create?name=${encodeURIComponent(name)}`, { Image: BUSYBOX, ...body });
      if (start) await engineJson(socket, 'POST', `/containers/${c.Id}/start`);
      return c.Id;
    },
    async inspect(nameOrId: string): Promise<ContainerInspectLite | null> {
      const res = await engineRequest(socket, 'GET', `/containers/${encodeURIComponent(nameOrId)}/json`);
      return res.status === 200 ? (JSON.parse(res.body.toString()) as ContainerInspectLite) : null;
    },
    async cleanup(): Promise<void> {
      for (const name of names) await engineRequest(socket, 'DELETE', `/containers/${encodeURIComponent(name)}?force=1&v=1`).catch(() => undefined);
      names.clear();
    },
  };
}
