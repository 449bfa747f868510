import type { QueryClient } from '@tanstack/solid-query';
import { toEngineRef } from '../api/engineApi';
import { firstScreenList } from '../routes/firstScreen';
import type { Route } from '../routes/router';
import { containerListOptions } from './containers';
import { earlyEnginesOptions } from './engines';
import { imageListOptions } from './images';
import { sessionOptions } from './session';

/**
 * Starts what the first screen needs before the app renders: the session and the engines together, then (signed
 * in) the list the route opens on, the moment the engines answer (its path needs the engine's API version). Not
 * when the stored inventory is back and a component that needs each has rendered: that was a waterfall of four
 * steps on a cold start. The views' queries find these in the cache, or join them while they are in flight.
 * Failures are the views' to show: their queries fetch again.
 */
export function startFirstFetches(client: QueryClient, route: Route): void {
  const first = firstScreenList(route);
  const chain = async (): Promise<void> => {
    const session = client.fetchQuery(sessionOptions());
    const early = client.fetchQuery(earlyEnginesOptions());
    early.catch(() => undefined);
    // Signed out: the login page.
    if (!(await session)) return;
    const engines = await early;
    const found = first && engines.find((engine) => engine.name === first.engine);
    const engine = found ? toEngineRef(found) : null;
    if (!first || !engine) return;
    if (first.list === 'containers') await client.prefetchQuery(containerListOptions(engine));
    else await client.prefetchQuery(imageListOptions(engine));
  };
  void chain().catch(() => undefined);
}
