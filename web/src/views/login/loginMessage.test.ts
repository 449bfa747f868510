import { expect, test } from 'vitest';
import { ApiError } from '../../api/errors';
import { formatWait, loginMessage } from './loginMessage';

test.each([
  { seconds: 1, text: '1 second' },
  { seconds: 42, text: '42 seconds' },
  { seconds: 60, text: '1 minute' },
  { seconds: 61, text: '2 minutes' },
  { seconds: 600, text: '10 minutes' },
])('formatWait($seconds)', ({ seconds, text }) => {
  expect(formatWait(seconds)).toBe(text);
});

test.each([
  { name: 'no error', error: null, left: 0, expected: null },
  {
    name: 'bad token, with the proxy hint',
    error: new ApiError(401, 'invalid token', 'the token is in the proxy log'),
    left: 0,
    expected: { message: 'invalid token', hint: 'the token is in the proxy log' },
  },
  {
    name: 'too many attempts, counting down',
    error: new ApiError(429, 'too many attempts', undefined, 42),
    left: 42,
    expected: { message: 'Too many attempts. Try again in 42 seconds.' },
  },
  {
    name: 'too many attempts, wait over',
    error: new ApiError(429, 'too many attempts', undefined, 42),
    left: 0,
    expected: { message: 'You can try again now.' },
  },
  {
    name: 'proxy down',
    error: new ApiError(0, 'Failed to fetch'),
    left: 0,
    expected: { message: 'Cannot reach the Porthole proxy (Failed to fetch).' },
  },
  {
    name: 'server error',
    error: new ApiError(500, 'boom'),
    left: 0,
    expected: { message: 'Server error: boom' },
  },
])('$name', ({ error, left, expected }) => {
  expect(loginMessage(error, left)).toEqual(expected);
});
