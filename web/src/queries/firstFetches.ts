import type { QueryClient } from '@tanstack/solid-query';
import { toEngineRef } from '../api/engineApi';
import { firstScreenList } from '../routes/firstScreen';
import type { Route } from '../routes/router';
import { containerListOptions } from './containers';
import { enginesOptions } from './engines';
import { imageListOptions } from './images';
import { sessionOptions } from './session';

/**
 * Starts what the first screen needs before the app renders: the session, then (signed in) the engines, then
 * the list the route opens on. Each starts the moment the one before answers, not when the stored inventory
 * is back and a component that needs it has rendered (a waterfall of four steps on a cold start). The views'
 * queries find these in the cache, or join them while they are in flight. Failures are the views' to show:
 * their queries fetch again.
 */
export function startFirstFetches(client: QueryClient, route: Route): void {
  const first = firstScreenList(route);
  const chain = async (): Promise<void> => {
    // Signed out: the login page, and no engine request that would only answer 401.
    if (!(await client.fetchQuery(sessionOptions()))) return;
    const engines = await client.fetchQuery(enginesOptions());
    const found = first && engines.find((engine) => engine.name === first.engine);
    const engine = found ? toEngineRef(found) : null;
    if (!first || !engine) return;
    if (first.list === 'containers') await client.prefetchQuery(containerListOptions(engine));
    else await client.prefetchQuery(imageListOptions(engine));
  };
  void chain().catch(() => undefined);
}
