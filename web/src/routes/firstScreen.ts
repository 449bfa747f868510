/**
 * The engine list a route opens on, so its fetch can start before the app renders (main.tsx): the
 * session, the engines and that list then travel one after the other as soon as the page runs, instead
 * of each waiting for the stored inventory's restore and the render that needs the one before.
 */
import type { Route } from './router';

export interface FirstScreenList {
  list: 'containers' | 'images';
  engine: string;
}

export function firstScreenList(route: Route): FirstScreenList | null {
  if (route.name === 'containers' || route.name === 'images') return { list: route.name, engine: route.engine };
  return null;
}
