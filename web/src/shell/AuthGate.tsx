import { useQuery } from '@tanstack/solid-query';
import { Match, Switch, type JSX } from 'solid-js';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { sessionOptions } from '../queries/session';
import { LoginPage } from '../views/login/LoginPage';
import { isUnreachable } from '../app/offline';
import { Shell } from './Shell';
import { createHashRoute } from '../app/hashRoute';
import { lazyView } from '../components/lazyView';
import '../styles/phone.css';

const PhonePage = lazyView(() => import('../views/phone/PhonePage'));

/**
 * The session decides: the app, the login page, or why neither could be shown. Offline
 * (the check fails with a network error, not a 401) the app opens on the session and the
 * inventories kept from the last visit.
 */
export function AuthGate(): JSX.Element {
  const session = useQuery(() => sessionOptions());
  const { route } = createHashRoute();
  const offlineWithSession = () => session.isError && isUnreachable(session.error) && !!session.data;
  return (
    <Switch fallback={<Loading label="Opening Porthole…" />}>
      <Match when={session.isError && !offlineWithSession()}>
        <main class="main">
          {/* Any failure here (a 502 from a dev proxy included) is the proxy's, not an engine's. */}
          <ErrorPanel
            title="Cannot reach the Porthole proxy"
            error={session.error}
            onRetry={() => void session.refetch()}
            retrying={session.isFetching}
          />
        </main>
      </Match>
      {/* "Add a phone" shows public data only: it opens signed out too (linked from the login page). */}
      <Match when={session.isSuccess && session.data === null && route().name === 'phone'}>
        <main class="phone-standalone">
          <PhonePage back={{ href: '#/', label: 'Log in' }} />
        </main>
      </Match>
      <Match when={session.isSuccess && session.data === null}>
        <LoginPage />
      </Match>
      <Match when={session.data}>{(current) => <Shell session={current()} />}</Match>
    </Switch>
  );
}
