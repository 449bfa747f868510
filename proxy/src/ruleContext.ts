// What the body rules (rules.ts) need from the host and the engine: allowed bind directories, the paths no
// container may reach (engine sockets), real paths on this host, the engine's host networks and volumes.
import { realpathSync } from 'node:fs';
import { engineRequest, type EngineTarget } from './engines.ts';
import type { RuleContext } from './rules.ts';

/**
 * The real path of `p` even when its end does not exist yet: the engine creates missing bind sources with
 * MkdirAll, following any symlink on the way, so resolve the deepest existing ancestor and append the rest.
 */
export function realpathDeep(p: string): string | null {
  const rest: string[] = [];
  let head = p;
  for (;;) {
    try {
      return [realpathSync(head), ...rest].join('/').replace(/\/+/g, '/');
    } catch {
      const cut = head.lastIndexOf('/');
      if (cut < 0 || head === '/') return null;
      rest.unshift(head.slice(cut + 1));
      head = cut === 0 ? '/' : head.slice(0, cut);
    }
  }
}

/** Engine sockets no bind mount may reach: the engines' own, and the usual places of Docker's and containerd's. */
export function protectedPaths(engines: Iterable<EngineTarget>): string[] {
  const own = [...engines].flatMap((e) => (e.target.socketPath ? [e.target.socketPath] : []));
  return [...own, '/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock'];
}

/** The rule context of one engine (undefined: a request for an engine that does not exist, judged without one). */
export function ruleContextFor(allowBinds: string[], protectedPaths: string[]): (engine: EngineTarget | undefined) => RuleContext {
  return (engine) => ({
    allowBinds,
    protectedPaths,
    realpath: realpathDeep,
    hostNetworks: async () => {
      if (!engine) return [];
      const filters = encodeURIComponent(JSON.stringify({ driver: ['host'] }));
      const r = await engineRequest(engine, 'GET', `/v${engine.apiVersion}/networks?filters=${filters}`);
      if (r.status !== 200) throw new Error(`cannot list the engine's networks (${r.status})`);
      return (JSON.parse(r.body.toString()) as { Id: string; Name: string }[]).map((n) => ({ id: n.Id, name: n.Name }));
    },
    volume: async (name) => {
      if (!engine) return null;
      const r = await engineRequest(engine, 'GET', `/v${engine.apiVersion}/volumes/${encodeURIComponent(name)}`);
      if (r.status === 404) return null;
      if (r.status !== 200) throw new Error(`cannot inspect volume ${name} (${r.status})`);
      const v = JSON.parse(r.body.toString()) as { Driver: string; Options: Record<string, string> | null };
      return { driver: v.Driver, options: v.Options };
    },
  });
}
