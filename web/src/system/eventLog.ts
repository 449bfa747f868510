/**
 * The engine's live events as a log: one row per event, newest first, capped, with a filter
 * on type, action and actor (`type:container action:die web`). Pure; the stream that feeds it
 * lives in queries/system.ts.
 */
import { eventAction, eventActorId, eventType } from '../engine/events';
import type { EngineEvent } from '../engine/types';

export interface EventRow {
  /** Unique in one log. */
  key: string;
  /** ms since the epoch. */
  at: number;
  type: string;
  action: string;
  actorId: string;
  /** The actor's name, image or other telling attribute. */
  actor: string;
  attributes: [string, string][];
  scope: string;
}

export const EVENT_LOG_CAP = 500;

let counter = 0;

export function toEventRow(event: EngineEvent): EventRow {
  const attributes = Object.entries(event.Actor?.Attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const attrs = event.Actor?.Attributes ?? {};
  const id = eventActorId(event);
  const actor = attrs['name'] ?? attrs['image'] ?? attrs['container'] ?? (id.length > 24 ? id.replace(/^sha256:/, '').slice(0, 12) : id);
  const at = typeof event.timeNano === 'number' && event.timeNano > 0 ? Math.floor(event.timeNano / 1e6) : (event.time ?? 0) * 1000;
  counter++;
  return { key: `${at}-${counter}`, at, type: eventType(event) || 'unknown', action: eventAction(event), actorId: id, actor, attributes, scope: event.scope ?? '' };
}

/** New rows in front, the oldest dropped past `cap`. */
export function appendEvents(log: readonly EventRow[], events: readonly EventRow[], cap = EVENT_LOG_CAP): EventRow[] {
  if (events.length === 0) return log as EventRow[];
  const next = [...[...events].reverse(), ...log];
  return next.length > cap ? next.slice(0, cap) : next;
}

export interface EventFilter {
  types: string[];
  actions: string[];
  words: string[];
}

export function parseEventFilter(text: string): EventFilter {
  const filter: EventFilter = { types: [], actions: [], words: [] };
  for (const part of text.trim().toLowerCase().split(/\s+/)) {
    if (part === '') continue;
    if (part.startsWith('type:') && part.length > 5) filter.types.push(part.slice(5));
    else if (part.startsWith('action:') && part.length > 7) filter.actions.push(part.slice(7));
    else filter.words.push(part);
  }
  return filter;
}

/** Types: any of them; actions: any (prefix, so `exec` finds exec_start); words: all, in actor, id or attributes. */
export function matchesEvent(row: EventRow, filter: EventFilter): boolean {
  if (filter.types.length && !filter.types.includes(row.type.toLowerCase())) return false;
  if (filter.actions.length && !filter.actions.some((a) => row.action.toLowerCase().startsWith(a))) return false;
  if (filter.words.length) {
    const text = [row.actor, row.actorId, row.action, row.type, ...row.attributes.map(([k, v]) => `${k}=${v}`)].join(' ').toLowerCase();
    return filter.words.every((word) => text.includes(word));
  }
  return true;
}

export function filterEvents(rows: readonly EventRow[], text: string): EventRow[] {
  const filter = parseEventFilter(text);
  return rows.filter((row) => matchesEvent(row, filter));
}
