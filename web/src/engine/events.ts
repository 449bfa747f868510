/**
 * GET /events: newline-delimited JSON, one event per line, decoded incrementally (chunks
 * split lines, and UTF-8 characters, anywhere), and what each event means for the views.
 * No fetch, no timers, no query client here: streams/events.ts does the I/O.
 */
import type { EngineEvent } from './types';

export interface EventDecoder {
  /** Decodes a chunk; returns the events whose line is complete. */
  push(chunk: Uint8Array | string): EngineEvent[];
  /** Ends the stream: a last line without a newline is decoded too. */
  end(): EngineEvent[];
  /** Lines that were not JSON objects (skipped), for diagnostics. */
  readonly skipped: number;
}

export function createEventDecoder(): EventDecoder {
  const text = new TextDecoder();
  let buffer = '';
  let skipped = 0;

  const parse = (line: string, out: EngineEvent[]): void => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    try {
      const value: unknown = JSON.parse(trimmed);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) out.push(value as EngineEvent);
      else skipped++;
    } catch {
      skipped++;
    }
  };

  const take = (): EngineEvent[] => {
    const out: EngineEvent[] = [];
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      parse(buffer.slice(0, newline), out);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
    return out;
  };

  return {
    push(chunk) {
      buffer += typeof chunk === 'string' ? chunk : text.decode(chunk, { stream: true });
      return take();
    },
    end() {
      buffer += text.decode();
      const out = take();
      parse(buffer, out);
      buffer = '';
      return out;
    },
    get skipped() {
      return skipped;
    },
  };
}

/** Action and actor id, from the current fields or the deprecated ones. */
export function eventAction(event: EngineEvent): string {
  return event.Action ?? event.status ?? '';
}

export function eventActorId(event: EngineEvent): string {
  return event.Actor?.ID ?? event.id ?? '';
}

export function eventType(event: EngineEvent): string {
  // Engines before 1.22 sent container events with only status/id/from.
  return event.Type ?? (event.from !== undefined ? 'container' : '');
}

/**
 * The `since` value for a reconnect: the last event's time with nanoseconds
 * ("1700000000.123456789"), so nothing after it is missed and little is repeated.
 */
export function sinceParam(event: EngineEvent | null): string | null {
  if (!event) return null;
  if (typeof event.timeNano === 'number' && Number.isFinite(event.timeNano) && event.timeNano > 0) {
    const nanos = BigInt(Math.trunc(event.timeNano));
    const seconds = nanos / 1_000_000_000n;
    const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0');
    return `${seconds}.${fraction}`;
  }
  if (typeof event.time === 'number' && Number.isFinite(event.time) && event.time > 0) return String(event.time);
  return null;
}

/** Wait before reconnect attempt n (0-based): 0.5 s doubling to 15 s, with up to 20% jitter. */
export function reconnectDelay(attempt: number, random: number = Math.random()): number {
  const base = Math.min(15_000, 500 * 2 ** Math.max(0, Math.min(attempt, 10)));
  return Math.round(base * (1 + 0.2 * random));
}

// What an event changes

/** `hostRisk`: which containers exist, or how one is configured, changed: the host-risk judgement is made again. */
export type Area = 'containers' | 'images' | 'networks' | 'volumes' | 'volumeUsage' | 'hostRisk';

export type EventEffect =
  /** Patch the container's row in the list at once (the refetch that follows fills in the rest). */
  | { kind: 'containerState'; id: string; state: string; status: string; health?: string; exitCode?: number }
  | { kind: 'containerRemoved'; id: string }
  /** Refetch the area's list (debounced), and the page of `id` when given. */
  | { kind: 'invalidate'; area: Area; id?: string };

const STATE_BY_ACTION: Record<string, { state: string; status: string }> = {
  start: { state: 'running', status: 'Up Less than a second' },
  restart: { state: 'running', status: 'Up Less than a second' },
  unpause: { state: 'running', status: 'Up' },
  pause: { state: 'paused', status: 'Up (Paused)' },
  die: { state: 'exited', status: 'Exited' },
};

/** Container events that change nothing a view shows. */
const QUIET_CONTAINER_ACTIONS = new Set([
  'attach',
  'detach',
  'resize',
  'top',
  'export',
  'copy',
  'archive-path',
  'extract-to-dir',
]);

/** Container events that change what the host-risk view judges: the set of containers or a container's configuration. */
const CONFIG_ACTIONS = new Set(['create', 'destroy', 'rename', 'update']);

/**
 * The cache changes one event calls for. Exec events ("exec_create: sh") and other
 * chatter change nothing; unknown types change nothing.
 */
export function eventEffects(event: EngineEvent): EventEffect[] {
  const type = eventType(event);
  const action = eventAction(event);
  const id = eventActorId(event);
  switch (type) {
    case 'container':
      return containerEffects(action, id, event);
    case 'image':
      return [{ kind: 'invalidate', area: 'images', id }];
    case 'network': {
      const effects: EventEffect[] = [{ kind: 'invalidate', area: 'networks', id }];
      const container = event.Actor?.Attributes?.['container'];
      // connect/disconnect change the container's networks and addresses.
      if ((action === 'connect' || action === 'disconnect') && container) {
        effects.push({ kind: 'invalidate', area: 'containers', id: container });
      }
      return effects;
    }
    case 'volume':
      // mount/unmount come with every start/stop of a container that uses the volume; the
      // container's own events already refresh who uses it.
      if (action === 'mount' || action === 'unmount') return [];
      return [
        { kind: 'invalidate', area: 'volumes', id },
        { kind: 'invalidate', area: 'volumeUsage' },
      ];
    default:
      return [];
  }
}

function containerEffects(action: string, id: string, event: EngineEvent): EventEffect[] {
  if (id === '') return [];
  // "exec_create: sh -c …", "exec_start: …", "exec_die"
  if (action.startsWith('exec_') || QUIET_CONTAINER_ACTIONS.has(action)) return [];
  // A commit (docker commit, each step of a classic build) makes an image and sends no image event.
  if (action === 'commit') return [{ kind: 'invalidate', area: 'images' }];
  const refresh: EventEffect = { kind: 'invalidate', area: 'containers', id };
  if (action === 'destroy') {
    return [
      { kind: 'containerRemoved', id },
      refresh,
      // Its volumes and image lose a user.
      { kind: 'invalidate', area: 'volumeUsage' },
      { kind: 'invalidate', area: 'hostRisk' },
    ];
  }
  if (action.startsWith('health_status')) {
    // "health_status: healthy"
    const health = action.slice('health_status'.length).replace(/^:\s*/, '').trim();
    return [{ kind: 'containerState', id, state: 'running', status: '', health }, refresh];
  }
  const known = STATE_BY_ACTION[action];
  if (known) {
    const exitCode = event.Actor?.Attributes?.['exitCode'];
    const status = action === 'die' && exitCode !== undefined ? `Exited (${exitCode}) Less than a second ago` : known.status;
    const code = action === 'die' && exitCode !== undefined && /^-?\d+$/.test(exitCode) ? Number(exitCode) : undefined;
    return [{ kind: 'containerState', id, state: known.state, status, ...(code === undefined ? {} : { exitCode: code }) }, refresh];
  }
  // create, rename, update, kill, stop, oom, …: the refetch tells.
  return CONFIG_ACTIONS.has(action) ? [refresh, { kind: 'invalidate', area: 'hostRisk' }] : [refresh];
}

/** What an event means for a container page opened as `openedAs` (a name, a short id or the full id). */
export interface ContainerFollow {
  /** The page's data changed: fetch it again. */
  refresh: boolean;
  /** Renamed and the page was opened by the old name: the URL moves to this one. */
  renamedTo: string | null;
}

/**
 * The events stream refreshes pages by full id; a page opened by name keeps its data under that
 * name, so it follows its container's events itself, and moves with a rename.
 */
export function followContainer(event: EngineEvent, page: { openedAs: string; id: string }): ContainerFollow {
  const none = { refresh: false, renamedTo: null };
  if (eventType(event) !== 'container' || eventActorId(event) !== page.id || page.id === '') return none;
  const action = eventAction(event);
  if (action.startsWith('exec_') || QUIET_CONTAINER_ACTIONS.has(action) || action === 'commit') return none;
  const refresh = page.openedAs !== page.id;
  if (action === 'rename') {
    const oldName = (event.Actor?.Attributes?.['oldName'] ?? '').replace(/^\//, '');
    const newName = (event.Actor?.Attributes?.['name'] ?? '').replace(/^\//, '');
    if (oldName && newName && oldName === page.openedAs) return { refresh, renamedTo: newName };
  }
  return { refresh, renamedTo: null };
}
