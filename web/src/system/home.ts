// The engine's home page, as pure functions: the container counts it shows and where each event leads.
import type { LinkRoute } from '../routes/router';
import type { EventRow } from './eventLog';
import { healthFromStatus } from '../engine/containers';
import type { ContainerSummary } from '../engine/types';

export interface ContainerCounts {
  total: number;
  running: number;
  /** Not running and not about to: exited, created, dead. */
  stopped: number;
  paused: number;
  restarting: number;
  unhealthy: number;
}

export function countContainers(list: readonly ContainerSummary[]): ContainerCounts {
  const counts: ContainerCounts = { total: list.length, running: 0, stopped: 0, paused: 0, restarting: 0, unhealthy: 0 };
  for (const c of list) {
    if (c.State === 'running') counts.running++;
    else if (c.State === 'paused') counts.paused++;
    else if (c.State === 'restarting') counts.restarting++;
    else counts.stopped++;
    if (healthFromStatus(c.Status ?? '') === 'unhealthy') counts.unhealthy++;
  }
  return counts;
}

/** The page an event is about: the container, image, network or volume, or the list when it is gone. */
export function eventRoute(row: EventRow, engine: string): LinkRoute {
  const gone = ['destroy', 'delete', 'untag', 'remove'].includes(row.action);
  switch (row.type) {
    case 'container':
      return gone ? { name: 'containers', engine } : { name: 'container', engine, id: row.actorId };
    case 'image':
      return gone ? { name: 'images', engine } : { name: 'image', engine, id: row.actorId };
    case 'network':
      return gone ? { name: 'networks', engine } : { name: 'network', engine, id: row.actorId };
    case 'volume':
      return gone ? { name: 'volumes', engine } : { name: 'volume', engine, id: row.actorId };
    case 'service':
    case 'node':
    case 'secret':
    case 'config':
      return { name: 'swarm', engine };
    default:
      return { name: 'system', engine };
  }
}

/** Events worth a line on the home page: not the health checks and execs that repeat every few seconds. */
export function isNotableEvent(row: EventRow): boolean {
  return !row.action.startsWith('health_status') && !row.action.startsWith('exec_') && row.action !== 'top';
}
