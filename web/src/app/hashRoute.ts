import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { formatHash, parseHash, type LinkRoute, type Route } from '../routes/router';

export interface HashRoute {
  route: Accessor<Route>;
  /** replace: true leaves no history entry (redirects). */
  navigate: (route: LinkRoute, options?: { replace?: boolean }) => void;
}

/** The router's Solid side: a signal that follows location.hash. Call inside a component. */
export function createHashRoute(): HashRoute {
  const [route, setRoute] = createSignal<Route>(parseHash(window.location.hash));
  const sync = (): void => {
    setRoute(parseHash(window.location.hash));
  };
  window.addEventListener('hashchange', sync);
  onCleanup(() => window.removeEventListener('hashchange', sync));

  const navigate: HashRoute['navigate'] = (target, options) => {
    const hash = formatHash(target);
    if (options?.replace) {
      // replaceState fires no hashchange: update the signal ourselves.
      window.history.replaceState(window.history.state, '', hash);
      sync();
    } else {
      window.location.hash = hash;
    }
  };
  return { route, navigate };
}
