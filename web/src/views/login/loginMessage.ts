import { NETWORK_ERROR, describeError, isApiError } from '../../api/errors';

export interface LoginMessage {
  message: string;
  hint?: string;
}

/** "42 seconds", "1 second", "3 minutes". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** What the login form says after a failed attempt; `secondsLeft` counts down a 429. */
export function loginMessage(error: unknown, secondsLeft: number): LoginMessage | null {
  if (error === null || error === undefined) return null;
  if (!isApiError(error)) return describeError(error);
  const withHint = (message: string): LoginMessage =>
    error.hint === undefined ? { message } : { message, hint: error.hint };
  switch (error.status) {
    case 401:
      return withHint(error.message || 'That token was not accepted.');
    case 429:
      return withHint(
        secondsLeft > 0 ? `Too many attempts. Try again in ${formatWait(secondsLeft)}.` : 'You can try again now.',
      );
    case NETWORK_ERROR:
      return withHint(`Cannot reach the Porthole proxy (${error.message}).`);
    default: {
      const text = describeError(error);
      return withHint(`${text.title}: ${text.message}`);
    }
  }
}
