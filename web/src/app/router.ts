/**
 * Hash routes, as pure functions: `#/ENGINE/images` and `#/ENGINE/images/ID`.
 * `#/` is home (the shell redirects it to the first engine). Anything else is not found.
 */

export type Route =
  | { name: 'home' }
  | { name: 'images'; engine: string }
  | { name: 'image'; engine: string; id: string }
  | { name: 'notFound'; path: string };

/** Routes a link can point to. */
export type LinkRoute = Exclude<Route, { name: 'notFound' }>;

/** The areas of an engine the navigation lists; only images exists so far. */
export type Section = 'images';

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/[?].*$/, '');
  const segments = path.split('/').filter((segment) => segment !== '');
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return { name: 'notFound', path };
  }
  const [engine, section, id, ...rest] = decoded;
  if (engine === undefined) return { name: 'home' };
  if (section === 'images' && rest.length === 0) {
    return id === undefined ? { name: 'images', engine } : { name: 'image', engine, id };
  }
  return { name: 'notFound', path };
}

/** Keeps ':' and '@' readable, so an image link reads #/local/images/sha256:4f…. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%3A/gi, ':').replace(/%40/gi, '@');
}

export function formatHash(route: LinkRoute): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'images':
      return `#/${encodeSegment(route.engine)}/images`;
    case 'image':
      return `#/${encodeSegment(route.engine)}/images/${encodeSegment(route.id)}`;
  }
}

export function routeEngine(route: Route): string | null {
  return route.name === 'images' || route.name === 'image' ? route.engine : null;
}

export function routeSection(route: Route): Section | null {
  return route.name === 'images' || route.name === 'image' ? 'images' : null;
}

/** The same view on another engine; views without an engine go to its images. */
export function withEngine(route: Route, engine: string): LinkRoute {
  switch (route.name) {
    case 'images':
      return { name: 'images', engine };
    case 'image':
      return { name: 'image', engine, id: route.id };
    default:
      return { name: 'images', engine };
  }
}
