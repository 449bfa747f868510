import type { UseQueryResult } from '@tanstack/solid-query';
import { Match, Switch, type JSX } from 'solid-js';
import { EngineGate } from '../components/EngineGate';
import { formatHash, type LinkRoute, type ListParams, type Route } from '../routes/router';
import { AdminNeeded } from '../components/AdminNeeded';
import type { EngineStatus, Role } from '../api/types';
import '../styles/inventory.css';
import { lazyView } from '../components/lazyView';
import { ContainerList } from './containers/ContainerList';

// The container list is in the main bundle: the installed app opens on it and shows the stored rows at once;
// as a chunk of its own it was fetched only after the main bundle had run, a wait in series before the first
// row (0.3-1.2 s on a busy machine). The rest load when first opened, and are precached by the service
// worker like the rest of the app, so they open offline too.
const ContainerPage = lazyView(() => import('./containers/ContainerPage').then((m) => ({ default: m.ContainerPage })));
const CreateContainer = lazyView(() => import('./containers/CreateContainer'));
const ContainerLogs = lazyView(() => import('./containers/ContainerLogs'));
const ContainerFiles = lazyView(() => import('./containers/ContainerFiles'));
const ComposeProjectPage = lazyView(() => import('./compose/ComposeProjectPage'));
const StatsTable = lazyView(() => import('./containers/StatsTable'));
const MergedLogs = lazyView(() => import('./containers/MergedLogs'));
const NetworkList = lazyView(() => import('./networks/NetworkList').then((m) => ({ default: m.NetworkList })));
const NetworkPage = lazyView(() => import('./networks/NetworkPage').then((m) => ({ default: m.NetworkPage })));
const VolumeList = lazyView(() => import('./volumes/VolumeList').then((m) => ({ default: m.VolumeList })));
const VolumePage = lazyView(() => import('./volumes/VolumePage').then((m) => ({ default: m.VolumePage })));

export type InventoryRoute = Extract<
  Route,
  { name: 'containers' | 'container' | 'containerNew' | 'containerLogs' | 'containerFiles' | 'composeProject' | 'mergedLogs' | 'statsTable' | 'networks' | 'network' | 'volumes' | 'volume' }
>;

const NAMES: readonly Route['name'][] = ['containers', 'container', 'containerNew', 'containerLogs', 'containerFiles', 'composeProject', 'mergedLogs', 'statsTable', 'networks', 'network', 'volumes', 'volume'];

/** The route when it is one of these views, else null. */
export function inventoryRoute(route: Route): InventoryRoute | null {
  return NAMES.includes(route.name) ? (route as InventoryRoute) : null;
}

interface InventoryRoutesProps {
  route: InventoryRoute;
  engines: UseQueryResult<EngineStatus[], Error>;
  navigate: (route: LinkRoute, options?: { replace?: boolean }) => void;
  /** Viewers get no buttons that change anything (the proxy would refuse them). */
  role?: Role;
}

/** Containers, networks and volumes: each a list and a page. */
export function InventoryRoutes(props: InventoryRoutesProps): JSX.Element {
  const list = (name: 'containers' | 'networks' | 'volumes') => {
    const current = props.route;
    return current.name === name ? current : null;
  };
  const page = (name: 'container' | 'network' | 'volume') => {
    const current = props.route;
    return current.name === name ? current : null;
  };
  const is = <N extends 'containerNew' | 'containerLogs' | 'containerFiles' | 'composeProject' | 'mergedLogs' | 'statsTable'>(name: N) => {
    const current = props.route;
    return current.name === name ? (current as Extract<InventoryRoute, { name: N }>) : null;
  };
  const params = (route: ListParams): ListParams => ({ filter: route.filter, sort: route.sort, state: route.state, group: route.group });
  return (
    <EngineGate engines={props.engines} name={props.route.engine}>
      {(engine) => (
        <Switch>
          <Match when={list('containers')}>
            {(current) => (
              <ContainerList
                engine={engine}
                params={params(current())}
                readOnly={props.role === 'viewer'}
                onParamsChange={(next) => props.navigate({ name: 'containers', engine: engine.name, ...next }, { replace: true })}
              />
            )}
          </Match>
          <Match when={page('container')}>{(current) => <ContainerPage engine={engine} id={current().id} readOnly={props.role === 'viewer'} />}</Match>
          <Match when={props.role !== 'admin' && (is('containerNew') ?? is('containerFiles'))}>
            {(current) => (
              <AdminNeeded
                what={current().name === 'containerNew' ? 'Running a container' : 'Reading and writing a container’s files'}
                backHref={formatHash(current().name === 'containerFiles' && 'id' in current() ? { name: 'container', engine: engine.name, id: (current() as { id: string }).id } : { name: 'containers', engine: engine.name })}
                backLabel={current().name === 'containerFiles' ? 'Back to the container' : 'Back to containers'}
              />
            )}
          </Match>
          <Match when={is('containerNew')}>
            {(current) => <CreateContainer engine={engine} image={current().image} from={current().from} replace={current().replace === true} navigate={(route) => props.navigate(route)} />}
          </Match>
          <Match when={is('containerLogs')}>{(current) => <ContainerLogs engine={engine} id={current().id} />}</Match>
          <Match when={is('containerFiles')}>
            {(current) => (
              <ContainerFiles
                engine={engine}
                id={current().id}
                path={current().path ?? '/'}
                onPath={(path) => props.navigate({ name: 'containerFiles', engine: engine.name, id: current().id, path })}
              />
            )}
          </Match>
          <Match when={is('composeProject')}>
            {(current) => <ComposeProjectPage engine={engine} project={current().project} readOnly={props.role === 'viewer'} />}
          </Match>
          <Match when={is('statsTable')}>{(_current) => <StatsTable engine={engine} />}</Match>
          <Match when={is('mergedLogs')}>
            {(current) => <MergedLogs engine={engine} ids={current().ids} project={current().project} service={current().service} />}
          </Match>
          <Match when={list('networks')}>
            {(current) => (
              <NetworkList
                engine={engine}
                params={params(current())}
                onParamsChange={(next) => props.navigate({ name: 'networks', engine: engine.name, ...next }, { replace: true })}
              />
            )}
          </Match>
          <Match when={page('network')}>{(current) => <NetworkPage engine={engine} id={current().id} />}</Match>
          <Match when={list('volumes')}>
            {(current) => (
              <VolumeList
                engine={engine}
                params={params(current())}
                onParamsChange={(next) => props.navigate({ name: 'volumes', engine: engine.name, ...next }, { replace: true })}
              />
            )}
          </Match>
          <Match when={page('volume')}>{(current) => <VolumePage engine={engine} id={current().id} />}</Match>
        </Switch>
      )}
    </EngineGate>
  );
}
