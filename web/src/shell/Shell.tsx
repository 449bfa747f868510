import { useQuery } from '@tanstack/solid-query';
import { Match, Switch, createEffect, createMemo, type JSX } from 'solid-js';
import type { Session } from '../api/types';
import { Loading } from '../components/Loading';
import { QueryBoundary } from '../components/QueryBoundary';
import { enginesOptions } from '../queries/engines';
import { useLogout } from '../queries/session';
import { ImageList } from '../views/images/ImageList';
import { ImagePage } from '../views/images/ImagePage';
import { internalsRoute } from '../views/images/internalsRoutes';
import { NotFound } from '../views/NotFound';
import { InventoryRoutes, inventoryRoute } from '../views/InventoryRoutes';
import { systemRoute } from '../views/system/routes';
import { TransfersTray } from '../views/pulls/TransfersTray';
import { RegistriesPage } from '../views/registries/RegistriesPage';
import { RepositoryPage } from '../views/registries/RepositoryPage';
import { EngineGate } from '../components/EngineGate';
import { Header } from './Header';
import { RoleProvider } from '../app/role';
import { Shortcuts } from './Shortcuts';
import { createHashRoute } from '../app/hashRoute';
import { formatHash, routeEngine, routeSection, withEngine, type Route } from '../routes/router';
import { AdminNeeded } from '../components/AdminNeeded';
import { lazyView } from '../components/lazyView';

// xterm and the console live in their own chunks, loaded when a console opens.
const ConsolePage = lazyView(() => import('../views/console/ConsolePage'));
// Layer tree, image compare and container diff: their own chunks too.
const InternalsRoutes = lazyView(() => import('../views/images/InternalsRoutes'));

// "Add a phone" (with its QR encoder): its own chunk, shared with the signed-out page.
const PhonePage = lazyView(() => import('../views/phone/PhonePage'));

// System, build, engines and swarm: their own chunks, loaded on first visit.
const SystemRoutes = lazyView(() => import('../views/system/SystemRoutes'));

type Narrow<N extends Route['name']> = Extract<Route, { name: N }>;

/** The signed-in app: header, and the view the hash names. */
export function Shell(props: { session: Session }): JSX.Element {
  performance.mark('porthole:shell');
  const { route, navigate } = createHashRoute();
  const engines = useQuery(() => enginesOptions());
  const logout = useLogout();

  const firstEngine = () => engines.data?.[0]?.name ?? null;
  const engineName = () => routeEngine(route()) ?? firstEngine();

  // #/ opens the first engine's home, without leaving #/ in the history.
  createEffect(() => {
    const first = firstEngine();
    if (route().name === 'home' && first !== null) navigate({ name: 'engineHome', engine: first }, { replace: true });
  });

  const match = <N extends Route['name']>(name: N) =>
    createMemo(() => {
      const current = route();
      return current.name === name ? (current as Narrow<N>) : null;
    });
  const imagesRoute = match('images');
  const imageRoute = match('image');
  const notFoundRoute = match('notFound');
  const registriesRoute = match('registries');
  const repositoryRoute = match('repository');
  const consoleRoute = match('console');

  return (
    <RoleProvider role={props.session.role}>
      <div class="app">
        <Header
          engines={engines.data}
          engine={engineName()}
          section={routeSection(route())}
          role={props.session.role}
          onSelectEngine={(name) => navigate(withEngine(route(), name))}
          onLogout={() => logout.mutate()}
          loggingOut={logout.isPending}
        />
        <main class="main" id="main">
          <Switch>
            <Match when={imagesRoute()}>
              {(current) => (
                <EngineGate engines={engines} name={current().engine}>
                  {(engine) => (
                    <ImageList
                      engine={engine}
                      filter={current().filter ?? ''}
                      sort={current().sort}
                      onParamsChange={(params) =>
                        navigate({ name: 'images', engine: engine.name, ...params }, { replace: true })
                      }
                    />
                  )}
                </EngineGate>
              )}
            </Match>
            <Match when={imageRoute()}>
              {(current) => (
                <EngineGate engines={engines} name={current().engine}>
                  {(engine) => <ImagePage engine={engine} id={current().id} tab={current().tab} />}
                </EngineGate>
              )}
            </Match>
            <Match when={consoleRoute()}>
              {(current) => (
                <EngineGate engines={engines} name={current().engine}>
                  {(engine) =>
                    props.session.role === 'admin' ? (
                      <ConsolePage engine={engine} id={current().id} />
                    ) : (
                      <AdminNeeded what="A console" backHref={formatHash({ name: 'container', engine: engine.name, id: current().id })} backLabel="Back to the container" />
                    )
                  }
                </EngineGate>
              )}
            </Match>
            <Match when={registriesRoute()}>
              {(current) => (
                <EngineGate engines={engines} name={current().engine}>
                  {(engine) => (
                    <RegistriesPage
                      engine={engine}
                      role={props.session.role}
                      term={current().term ?? ''}
                      onTermChange={(term) => navigate({ name: 'registries', engine: engine.name, term }, { replace: true })}
                    />
                  )}
                </EngineGate>
              )}
            </Match>
            <Match when={repositoryRoute()}>
              {(current) => (
                <EngineGate engines={engines} name={current().engine}>
                  {(engine) => (
                    <RepositoryPage
                      engine={engine}
                      status={engines.data?.find((candidate) => candidate.name === engine.name)}
                      role={props.session.role}
                      repo={current().repo}
                    />
                  )}
                </EngineGate>
              )}
            </Match>
            <Match when={inventoryRoute(route())}>
              {(current) => <InventoryRoutes route={current()} engines={engines} navigate={navigate} role={props.session.role} />}
            </Match>
            <Match when={internalsRoute(route())}>
              {(current) => <InternalsRoutes route={current()} engines={engines} navigate={navigate} />}
            </Match>
            <Match when={systemRoute(route())}>
              {(current) => <SystemRoutes route={current()} engines={engines} role={props.session.role} navigate={navigate} />}
            </Match>
            <Match when={notFoundRoute()}>{(current) => <NotFound path={current().path} />}</Match>
            <Match when={route().name === 'phone'}>
              <PhonePage back={{ href: formatHash({ name: 'home' }), label: 'Back to Porthole' }} />
            </Match>
            <Match when={route().name === 'home'}>
              {/* Until the redirect above happens: loading, error or "no engines". */}
              <QueryBoundary
                query={engines}
                loadingLabel="Looking for engines…"
                isEmpty={(list) => list.length === 0}
                empty={
                  <div class="state" role="status">
                    <p class="state-title">No engines</p>
                    <p class="state-message">The proxy has no Docker engine configured.</p>
                  </div>
                }
              >
                {() => <Loading />}
              </QueryBoundary>
            </Match>
          </Switch>
        </main>
        <Shortcuts engine={engineName()} navigate={(target) => navigate(target)} />
        <TransfersTray />
      </div>
    </RoleProvider>
  );
}
