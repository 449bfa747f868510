import { describe, expect, test } from 'vitest';
import { ApiError, describeError, errorFromResponse, shouldRetry } from './errors';

describe('errorFromResponse', () => {
  test.each([
    {
      name: 'proxy error with hint',
      status: 401,
      body: '{"error":"bad token","hint":"see the proxy log"}',
      header: null,
      expected: { message: 'bad token', hint: 'see the proxy log', retryAfter: undefined },
    },
    {
      name: 'proxy 429 with retryAfter',
      status: 429,
      body: '{"error":"too many attempts","retryAfter":42}',
      header: null,
      expected: { message: 'too many attempts', hint: undefined, retryAfter: 42 },
    },
    {
      name: '429 falls back to the Retry-After header',
      status: 429,
      body: '{"error":"slow down"}',
      header: '7',
      expected: { message: 'slow down', hint: undefined, retryAfter: 7 },
    },
    {
      name: 'engine message',
      status: 404,
      body: '{"message":"No such image: nope:latest"}',
      header: null,
      expected: { message: 'No such image: nope:latest', hint: undefined, retryAfter: undefined },
    },
    {
      name: 'plain text body',
      status: 502,
      body: 'Bad Gateway\n',
      header: null,
      expected: { message: 'Bad Gateway', hint: undefined, retryAfter: undefined },
    },
    {
      name: 'empty body uses the status text',
      status: 503,
      body: '',
      header: null,
      expected: { message: 'Service Unavailable', hint: undefined, retryAfter: undefined },
    },
    {
      name: 'JSON without a message uses the status text',
      status: 500,
      body: '{"error":""}',
      header: null,
      expected: { message: 'Service Unavailable', hint: undefined, retryAfter: undefined },
    },
  ])('$name', ({ status, body, header, expected }) => {
    const error = errorFromResponse(status, 'Service Unavailable', body, header);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(status);
    expect({ message: error.message, hint: error.hint, retryAfter: error.retryAfter }).toEqual(expected);
  });
});

test.each([
  { name: 'network, first failure', count: 0, error: new ApiError(0, 'offline'), retry: true },
  { name: 'engine unreachable', count: 1, error: new ApiError(502, 'down'), retry: true },
  { name: 'third attempt', count: 2, error: new ApiError(503, 'down'), retry: false },
  { name: 'refused', count: 0, error: new ApiError(403, 'no'), retry: false },
  { name: 'not signed in', count: 0, error: new ApiError(401, 'no'), retry: false },
  { name: 'not found', count: 0, error: new ApiError(404, 'no'), retry: false },
  { name: 'a bug', count: 0, error: new TypeError('x is undefined'), retry: false },
])('shouldRetry: $name', ({ count, error, retry }) => {
  expect(shouldRetry(count, error)).toBe(retry);
});

test.each([
  { status: 0, title: 'Cannot reach the Porthole proxy' },
  { status: 403, title: 'Refused by the proxy' },
  { status: 404, title: 'Not found' },
  { status: 502, title: 'Engine unreachable' },
  { status: 500, title: 'Server error' },
  { status: 418, title: 'Request failed (418)' },
])('describeError($status)', ({ status, title }) => {
  expect(describeError(new ApiError(status, 'msg', 'hint'))).toEqual({ title, message: 'msg', hint: 'hint' });
});
