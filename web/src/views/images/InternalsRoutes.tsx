import type { UseQueryResult } from '@tanstack/solid-query';
import { Match, Switch, type JSX } from 'solid-js';
import { EngineGate } from '../../components/EngineGate';
import { formatHash, type LinkRoute } from '../../routes/router';
import type { EngineStatus } from '../../api/types';
import type { InternalsRoute } from './internalsRoutes';
import { lazyView } from '../../components/lazyView';

const LayerTreePage = lazyView(() => import('./LayerTree'));
const ImageCompare = lazyView(() => import('./ImageCompare'));
const ContainerDiff = lazyView(() => import('../containers/ContainerDiff'));

interface InternalsRoutesProps {
  route: InternalsRoute;
  engines: UseQueryResult<EngineStatus[], Error>;
  navigate: (route: LinkRoute, options?: { replace?: boolean }) => void;
}

/** Layer tree, compare and container diff: loaded on first visit, each in its own chunk. */
export default function InternalsRoutes(props: InternalsRoutesProps): JSX.Element {
  const is = <N extends InternalsRoute['name']>(name: N) => {
    const current = props.route;
    return current.name === name ? (current as Extract<InternalsRoute, { name: N }>) : null;
  };
  return (
    <EngineGate engines={props.engines} name={props.route.engine}>
      {(engine) => (
        <Switch>
          <Match when={is('layerTree')}>
            {(current) => (
              <LayerTreePage
                engine={engine}
                filter={current().filter ?? ''}
                onFilterChange={(filter) => props.navigate({ name: 'layerTree', engine: engine.name, ...(filter ? { filter } : {}) }, { replace: true })}
              />
            )}
          </Match>
          <Match when={is('imageCompare')}>{(current) => <ImageCompare engine={engine} a={current().a} b={current().b} />}</Match>
          <Match when={is('containerDiff')}>
            {(current) => (
              <section class="page">
                <a class="back-link" href={formatHash({ name: 'container', engine: engine.name, id: current().id })}>
                  ← Container
                </a>
                <ContainerDiff engine={engine} id={current().id} />
              </section>
            )}
          </Match>
        </Switch>
      )}
    </EngineGate>
  );
}
