import { queryOptions } from '@tanstack/solid-query';
import { request } from '../api/http';
import type { PhoneInfo } from '../api/types';
import { proxyKeys } from './keys';

/** GET /phone.json: public, so the page works signed out (from the login page). */
export function phoneOptions() {
  return queryOptions({
    queryKey: proxyKeys.phone(),
    queryFn: async ({ signal }): Promise<PhoneInfo> =>
      (await (await request('/phone.json', { signal, notifyUnauthorized: false })).json()) as PhoneInfo,
  });
}
