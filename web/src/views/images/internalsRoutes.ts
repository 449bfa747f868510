import type { Route } from '../../routes/router';

/** The image-internals views with routes of their own: layer tree, compare, container diff. */
export type InternalsRoute = Extract<Route, { name: 'layerTree' | 'imageCompare' | 'containerDiff' }>;

const NAMES: readonly Route['name'][] = ['layerTree', 'imageCompare', 'containerDiff'];

/** The route when it is one of these views, else null (pure: Shell imports it without the views). */
export function internalsRoute(route: Route): InternalsRoute | null {
  return NAMES.includes(route.name) ? (route as InternalsRoute) : null;
}
