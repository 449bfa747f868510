/**
 * The engine's container Status ("Up 5 minutes (healthy)", "Exited (0) 3 hours ago") is a duration as of
 * the moment the list was fetched; the list is then kept live by events, not refetched, so the text would
 * stand still. These read the duration back and say it again for a later moment, in the engine's own words
 * (go-units HumanDuration), so the list ticks like `docker ps` run again.
 */
import { humanDuration } from './format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: Record<string, number> = { second: SECOND, minute: MINUTE, hour: HOUR, day: DAY, week: 7 * DAY, month: 30 * DAY, year: 365 * DAY };

/** The duration HumanDuration wrote, at the start of its range; null for words it never writes. */
export function parseHumanDuration(text: string): number | null {
  if (text === 'Less than a second') return 0;
  if (text === 'About a minute') return MINUTE;
  if (text === 'About an hour') return HOUR;
  const m = /^(\d+) (second|minute|hour|day|week|month|year)s?$/.exec(text);
  return m ? Number(m[1]) * UNITS[m[2]!]! : null;
}

// "Up 5 minutes", "Up 5 minutes (healthy)", "Up 2 hours (Paused)"; "Exited (0) 3 hours ago", "Restarting (1) 5 seconds ago"
const UP = /^Up (.+?)( \((?:healthy|unhealthy|health: starting|Paused)\))?$/;
const AGO = /^((?:Exited|Restarting) \(-?\d+\)) (.+) ago$/;

/**
 * `status` as the engine would word it at `now`, given that it was true at `observedAt` (ms). Anything
 * it does not recognise, or a clock that went backwards, leaves the engine's text as it was.
 */
export function statusAt(status: string, observedAt: number, now: number): string {
  if (now <= observedAt) return status;
  const up = UP.exec(status);
  if (up) {
    const since = parseHumanDuration(up[1]!);
    return since === null ? status : `Up ${humanDuration(since + now - observedAt)}${up[2] ?? ''}`;
  }
  const ago = AGO.exec(status);
  if (ago) {
    const since = parseHumanDuration(ago[2]!);
    return since === null ? status : `${ago[1]} ${humanDuration(since + now - observedAt)} ago`;
  }
  return status;
}
