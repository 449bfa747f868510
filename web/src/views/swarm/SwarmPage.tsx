import { useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createMemo, createSignal, type JSX } from 'solid-js';
import { formatHash, type LinkRoute } from '../../routes/router';
import { describeError } from '../../api/errors';
import type { EngineRef, Role } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { swarmState } from '../../system/info';
import { infoOptions } from '../../queries/system';
import { configsOptions, initSwarm, leaveSwarm, nodesOptions, secretsOptions, swarmChanged, swarmInspectOptions, tasksOptions } from '../../queries/swarm';
import { maskToken } from '../../swarm/swarm';
import { NodesTable } from './SwarmNodes';
import { ServiceDetail } from './ServiceDetail';
import { ServicesCard } from './Services';
import '../../styles/system.css';

/** The engine's swarm: init when there is none; on a manager the cluster, nodes, services, tasks, secrets and configs. */
export default function SwarmPage(props: { engine: EngineRef; role: Role; service: string | null; navigate: (route: LinkRoute) => void }): JSX.Element {
  const info = useQuery(() => ({ ...infoOptions(props.engine), refetchInterval: 10_000 }));
  return (
    <section class="page sys-page" data-testid="swarm-page" aria-labelledby="swarm-title">
      <div class="page-head">
        <h1 id="swarm-title">Swarm</h1>
      </div>
      <QueryBoundary query={info} loadingLabel="Asking the engine about its swarm…">
        {(data) => {
          const state = createMemo(() => swarmState(data()));
          return (
            <Switch>
              <Match when={state().state !== 'active'}>
                <NoSwarm engine={props.engine} role={props.role} state={state().state} text={state().text} />
              </Match>
              <Match when={!state().manager}>
                <div class="card" data-testid="swarm-worker">
                  <p>This engine is a worker in a swarm. Nodes, services and tasks are managed on a manager; add that manager to Porthole as another engine to see them.</p>
                  <LeaveButton engine={props.engine} role={props.role} manager={false} />
                </div>
              </Match>
              <Match when={props.service}>{(id) => <ServiceDetail engine={props.engine} role={props.role} id={id()} navigate={props.navigate} />}</Match>
              <Match when={true}>
                <Manager engine={props.engine} role={props.role} />
              </Match>
            </Switch>
          );
        }}
      </QueryBoundary>
    </section>
  );
}

function NoSwarm(props: { engine: EngineRef; role: Role; state: string; text: string }): JSX.Element {
  const queryClient = useQueryClient();
  const [listen, setListen] = createSignal('0.0.0.0:2377');
  const [advertise, setAdvertise] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const init = async () => {
    setBusy(true);
    setError(null);
    try {
      await initSwarm(props.engine, listen().trim(), advertise().trim());
      await queryClient.invalidateQueries(swarmChanged(props.engine.name));
    } catch (e) {
      const text = describeError(e);
      setError(`${text.message}${text.hint ? ` (${text.hint})` : ''}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card sys-form" data-testid="swarm-none" data-state={props.state}>
      <p>
        <strong>This engine is {props.text}.</strong> A swarm runs services as replicated tasks across one or more engines.
      </p>
      <Show when={props.role === 'admin'} fallback={<p class="muted">Starting a swarm needs the admin token.</p>}>
        <form
          class="sys-form"
          onSubmit={(e) => {
            e.preventDefault();
            void init();
          }}
        >
          <div class="sys-form-row">
            <label>
              Listen address
              <input class="input" data-testid="swarm-listen" value={listen()} onInput={(e) => setListen(e.currentTarget.value)} />
            </label>
            <label>
              Advertise address (empty: the engine picks one)
              <input class="input" data-testid="swarm-advertise" placeholder="192.168.1.20" value={advertise()} onInput={(e) => setAdvertise(e.currentTarget.value)} />
            </label>
          </div>
          <div class="state-actions">
            <button type="submit" class="button button-primary" data-testid="swarm-init" disabled={busy()}>
              {busy() ? 'Starting…' : 'Start a swarm here (swarm init)'}
            </button>
          </div>
        </form>
        <Show when={error()}>{(text) => <p class="notice notice-warn" role="alert">Could not start a swarm: {text()}</p>}</Show>
      </Show>
      <p class="muted" data-testid="swarm-join-help">
        Joining an existing swarm is not offered here on purpose: that swarm's managers could then run any task on this engine. Run <code>docker swarm join --token … MANAGER:2377</code> on this engine's host instead.
      </p>
    </div>
  );
}

function LeaveButton(props: { engine: EngineRef; role: Role; manager: boolean }): JSX.Element {
  const queryClient = useQueryClient();
  const [asking, setAsking] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  // The engine takes seconds to leave as the last manager: say so, and take no second click meanwhile.
  const [leaving, setLeaving] = createSignal(false);
  const leave = async () => {
    setLeaving(true);
    setError(null);
    try {
      await leaveSwarm(props.engine, props.manager);
      await queryClient.invalidateQueries(swarmChanged(props.engine.name));
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setLeaving(false);
    }
  };
  return (
    <Show when={props.role === 'admin'}>
      <Show
        when={asking()}
        fallback={
          <button type="button" class="button button-small" data-testid="swarm-leave" onClick={() => setAsking(true)}>
            Leave the swarm…
          </button>
        }
      >
        <div class="sys-confirm" role="alertdialog">
          <p>{props.manager ? 'Leaving as the manager removes the services and their tasks, and the swarm itself if this is its last manager.' : 'This engine stops running the swarm’s tasks.'}</p>
          <div class="state-actions">
            <button type="button" class="button" disabled={leaving()} onClick={() => setAsking(false)}>
              Cancel
            </button>
            <button type="button" class="button button-danger" data-testid="swarm-leave-confirm" disabled={leaving()} aria-busy={leaving()} onClick={() => void leave()}>
              {leaving() ? 'Leaving…' : 'Leave'}
            </button>
          </div>
        </div>
      </Show>
      <Show when={error()}>{(text) => <p class="notice notice-warn">{text()}</p>}</Show>
    </Show>
  );
}

function Manager(props: { engine: EngineRef; role: Role }): JSX.Element {
  const nodes = useQuery(() => nodesOptions(props.engine));
  const tasks = useQuery(() => tasksOptions(props.engine));
  const secrets = useQuery(() => secretsOptions(props.engine));
  const configs = useQuery(() => ({ ...configsOptions(props.engine), enabled: props.role === 'admin' }));
  return (
    <>
      <Show when={props.role === 'admin'}>
        <ClusterCard engine={props.engine} />
      </Show>
      <ServicesCard engine={props.engine} role={props.role} />
      <section class="card" data-testid="swarm-nodes" aria-labelledby="nodes-title">
        <h2 class="card-title" id="nodes-title">
          Nodes <span class="count">{nodes.data?.length ?? ''}</span>
        </h2>
        <QueryBoundary query={nodes} loadingLabel="Loading nodes…">
          {(list) => <NodesTable engine={props.engine} role={props.role} nodes={list()} tasks={tasks.data ?? []} />}
        </QueryBoundary>
      </section>
      <div class="sys-columns">
        <section class="card" data-testid="swarm-secrets">
          <h2 class="card-title">
            Secrets <span class="count">{secrets.data?.length ?? ''}</span>
          </h2>
          <QueryBoundary query={secrets} isEmpty={(l) => l.length === 0} empty={<p class="muted">No secrets.</p>}>
            {(list) => (
              <ul class="value-list">
                <For each={list()}>{(s) => <li data-testid="swarm-secret">{s.Spec.Name}</li>}</For>
              </ul>
            )}
          </QueryBoundary>
          <p class="muted">The engine never sends a secret's data; only names are listed.</p>
        </section>
        <section class="card" data-testid="swarm-configs">
          <h2 class="card-title">
            Configs <span class="count">{configs.data?.length ?? ''}</span>
          </h2>
          <Show when={props.role === 'admin'} fallback={<p class="muted">Configs carry their data, so only the admin token lists them.</p>}>
            <QueryBoundary query={configs} isEmpty={(l) => l.length === 0} empty={<p class="muted">No configs.</p>}>
              {(list) => (
                <ul class="value-list">
                  <For each={list()}>{(c) => <li data-testid="swarm-config">{c.Spec.Name}</li>}</For>
                </ul>
              )}
            </QueryBoundary>
          </Show>
        </section>
      </div>
    </>
  );
}

function ClusterCard(props: { engine: EngineRef }): JSX.Element {
  const swarm = useQuery(() => swarmInspectOptions(props.engine));
  const [shown, setShown] = createSignal<'worker' | 'manager' | null>(null);
  return (
    <section class="card" data-testid="swarm-cluster" aria-labelledby="cluster-title">
      <div class="sys-card-head">
        <h2 class="card-title" id="cluster-title">
          Cluster
        </h2>
        <LeaveButton engine={props.engine} role="admin" manager={true} />
      </div>
      <QueryBoundary query={swarm} loadingLabel="Loading the swarm…">
        {(data) => (
          <dl class="sys-rows">
            <div class="sys-row">
              <dt>ID</dt>
              <dd data-testid="swarm-id">{data().ID}</dd>
            </div>
            <div class="sys-row">
              <dt>Autolock</dt>
              <dd data-testid="swarm-autolock">{data().Spec?.EncryptionConfig?.AutoLockManagers ? 'on: managers need the unlock key after a restart' : 'off'}</dd>
            </div>
            <For each={['worker', 'manager'] as const}>
              {(kind) => {
                const token = () => (kind === 'worker' ? data().JoinTokens?.Worker : data().JoinTokens?.Manager);
                return (
                  <div class="sys-row">
                    <dt>Join token ({kind})</dt>
                    <dd>
                      <span data-testid={`swarm-token-${kind}`}>{shown() === kind ? token() : maskToken(token())}</span>{' '}
                      <button type="button" class="button button-small" data-testid={`swarm-token-${kind}-toggle`} onClick={() => setShown(shown() === kind ? null : kind)}>
                        {shown() === kind ? 'Hide' : 'Show'}
                      </button>
                    </dd>
                  </div>
                );
              }}
            </For>
          </dl>
        )}
      </QueryBoundary>
      <p class="muted">Anyone holding a manager token can take over every node: show it only where no one else can see.</p>
    </section>
  );
}

export function serviceHref(engine: string, id: string): string {
  return formatHash({ name: 'swarm', engine, service: id });
}
