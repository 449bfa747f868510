/** Times written the way the docker CLI writes them (sizes: units.ts). */

/**
 * go-units HumanDuration: "Less than a second", "About a minute", "3 hours", "2 weeks"…
 * Hours are rounded, the rest truncated, exactly as the CLI does.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3_600_000) / 24 / 365)} years`;
}

let localDateTime: Intl.DateTimeFormat | null = null;

/**
 * The date and time in the browser's locale, as Date#toLocaleString() writes it, from one shared
 * formatter: toLocaleString() builds a new one per call, which costs a list row a fraction of a ms.
 */
export function formatLocalDateTime(date: Date): string {
  localDateTime ??= new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return localDateTime.format(date);
}

/** "3 minutes ago", like the CREATED column of `docker images`. */
export function formatAge(date: Date | null, now: Date): string {
  if (date === null) return 'unknown';
  return `${humanDuration(now.getTime() - date.getTime())} ago`;
}

/** Unix seconds (list endpoints) → Date. */
export function fromUnixSeconds(seconds: number): Date {
  return new Date(seconds * 1000);
}

/**
 * Engine timestamps (RFC 3339 with up to 9 fractional digits) → Date, or null for
 * missing, unparsable or Go's zero time (0001-01-01T00:00:00Z).
 */
export function parseEngineTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  // JavaScript dates keep milliseconds: drop the digits after the third.
  const trimmed = value.replace(/(\.\d{3})\d+/, '$1');
  const time = Date.parse(trimmed);
  if (Number.isNaN(time)) return null;
  const date = new Date(time);
  return date.getUTCFullYear() <= 1 ? null : date;
}
