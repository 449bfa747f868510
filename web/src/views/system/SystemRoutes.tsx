import type { UseQueryResult } from '@tanstack/solid-query';
import { Match, Switch, type JSX } from 'solid-js';
import { EngineGate } from '../../components/EngineGate';
import type { LinkRoute } from '../../routes/router';
import type { EngineStatus, Role } from '../../api/types';
import type { SystemRoute } from './routes';
import { lazyView } from '../../components/lazyView';

const SystemPage = lazyView(() => import('./SystemPage'));
const BuildPage = lazyView(() => import('../build/BuildPage'));
const EnginesPage = lazyView(() => import('../engines/EnginesPage'));
const SwarmPage = lazyView(() => import('../swarm/SwarmPage'));
const HostRiskPage = lazyView(() => import('../risks/HostRiskPage'));
const HomePage = lazyView(() => import('../home/HomePage'));

interface SystemRoutesProps {
  route: SystemRoute;
  engines: UseQueryResult<EngineStatus[], Error>;
  role: Role;
  navigate: (route: LinkRoute, options?: { replace?: boolean }) => void;
}

/** System, build, engines and swarm: loaded on first visit, each in its own chunk. */
export default function SystemRoutes(props: SystemRoutesProps): JSX.Element {
  const is = <N extends SystemRoute['name']>(name: N) => {
    const current = props.route;
    return current.name === name ? (current as Extract<SystemRoute, { name: N }>) : null;
  };
  return (
    <Switch>
      {/* The engines page lists every engine, also those that are down. */}
      <Match when={is('engines')}>
        {(current) => <EnginesPage engines={props.engines} current={current().engine} navigate={props.navigate} />}
      </Match>
      <Match when={props.route.name !== 'engines'}>
        <EngineGate engines={props.engines} name={props.route.engine}>
          {(engine) => (
            <Switch>
              <Match when={is('system')}>
                <SystemPage engine={engine} role={props.role} />
              </Match>
              <Match when={is('build')}>
                <BuildPage engine={engine} role={props.role} navigate={props.navigate} />
              </Match>
              <Match when={is('engineHome')}>
                <HomePage engine={engine} />
              </Match>
              <Match when={is('hostRisks')}>
                <HostRiskPage engine={engine} />
              </Match>
              <Match when={is('swarm')}>
                {(current) => <SwarmPage engine={engine} role={props.role} service={current().service ?? null} navigate={props.navigate} />}
              </Match>
            </Switch>
          )}
        </EngineGate>
      </Match>
    </Switch>
  );
}
