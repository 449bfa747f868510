import type { Route } from '../../routes/router';

/** The engine-wide views: system (info, disk use, events), build, engines, swarm. */
export type SystemRoute = Extract<Route, { name: 'system' | 'build' | 'engines' | 'swarm' | 'hostRisks' | 'engineHome' }>;

const NAMES: readonly Route['name'][] = ['system', 'build', 'engines', 'swarm', 'hostRisks', 'engineHome'];

/** The route when it is one of these views, else null (pure: Shell imports it without the views). */
export function systemRoute(route: Route): SystemRoute | null {
  return NAMES.includes(route.name) ? (route as SystemRoute) : null;
}
