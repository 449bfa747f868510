import { useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import { encodePathParam, engineUrl } from '../../api/engineApi';
import { describeError } from '../../api/errors';
import { request } from '../../api/http';
import type { EngineRef } from '../../api/types';
import { formatHash } from '../../routes/router';
import { QueryBoundary } from '../../components/QueryBoundary';
import { composeProjects, planBatches, projectPlan, removalLosses, type ComposeProject, type PlanStep, type ProjectAction } from '../../compose/projects';
import { toContainerRow, type ContainerRow } from '../../engine/containers';
import { containerListOptions } from '../../queries/containers';
import { containerAction, removeContainer } from '../../queries/containerActions';
import { networkListOptions } from '../../queries/networks';
import { volumeListOptions } from '../../queries/volumes';
import { useEngineEvents } from '../../streams/events';
import { StateDot } from '../containers/ContainerRows';
import { Confirm, StatusLine } from '../../components/Confirm';
import '../../styles/containers-create.css';
import '../../styles/compose.css';
import { containerKeys, networkKeys, volumeKeys } from '../../queries/keys';
import '../../styles/inventory.css';

const LABEL: Record<ProjectAction, string> = { start: 'Start', stop: 'Stop', restart: 'Restart', remove: 'Remove' };
type Status = { kind: 'ok' | 'error' | 'busy'; text: string } | null;

/** `#/ENGINE/compose/PROJECT`: a compose project's services, containers, networks and volumes, and actions on all of it. */
export default function ComposeProjectPage(props: { engine: EngineRef; project: string; readOnly?: boolean }): JSX.Element {
  const containers = useQuery(() => containerListOptions(props.engine));
  const networks = useQuery(() => networkListOptions(props.engine));
  const volumes = useQuery(() => volumeListOptions(props.engine));
  // Events keep the list (and so the project) live while actions run or others change it.
  useEngineEvents(props.engine);
  const project = createMemo(() =>
    composeProjects((containers.data ?? []).map(toContainerRow), networks.data ?? [], volumes.data ?? []).find((p) => p.name === props.project) ?? null,
  );
  return (
    <section class="page compose-page" data-testid="compose-project" data-project={props.project}>
      <a class="back-link" href={formatHash({ name: 'containers', engine: props.engine.name })}>
        ← Containers
      </a>
      <QueryBoundary query={containers} loadingLabel="Loading the project…">
        {() => (
          <Show
            when={project()}
            fallback={
              <div class="state" data-testid="compose-project-gone">
                <p class="state-title">No project “{props.project}” on this engine</p>
                <p class="state-message">Nothing on {props.engine.name} carries the label com.docker.compose.project={props.project}: it was removed, or never ran here.</p>
              </div>
            }
          >
            {(p) => <ProjectView engine={props.engine} project={p()} readOnly={props.readOnly === true} />}
          </Show>
        )}
      </QueryBoundary>
    </section>
  );
}

function ProjectView(props: { engine: EngineRef; project: ComposeProject; readOnly: boolean }): JSX.Element {
  const queryClient = useQueryClient();
  const [asking, setAsking] = createSignal<ProjectAction | null>(null);
  const [withVolumes, setWithVolumes] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [status, setStatus] = createSignal<Status>(null);
  const plan = createMemo(() => {
    const action = asking();
    return action ? projectPlan(props.project, action, { volumes: withVolumes() }) : [];
  });
  const engineName = () => props.engine.name;

  const runStep = async (step: PlanStep): Promise<void> => {
    if (step.kind === 'container') {
      if (step.op === 'remove') return removeContainer(props.engine, step.id, { volumes: false, force: true });
      return containerAction(props.engine, step.id, step.op);
    }
    const path = step.kind === 'network' ? `/networks/${encodePathParam(step.id)}` : `/volumes/${encodePathParam(step.id)}`;
    await request(engineUrl(props.engine, path), { method: 'DELETE' });
  };

  const run = async (action: ProjectAction): Promise<void> => {
    const steps = projectPlan(props.project, action, { volumes: withVolumes() });
    setAsking(null);
    if (steps.length === 0) {
      setStatus({ kind: 'ok', text: `${LABEL[action]}: nothing to do (${action === 'start' ? 'every container runs' : 'no container runs'}).` });
      return;
    }
    setBusy(true);
    const failures: string[] = [];
    let done = 0;
    // As compose does: one service after another (in dependency order), its containers at once.
    for (const batch of planBatches(steps)) {
      setStatus({ kind: 'busy', text: `${LABEL[action]}: ${done} of ${steps.length} done, now ${batch.map((s) => `${s.kind} ${s.name}`).join(', ')}…` });
      await Promise.all(
        batch.map(async (step) => {
          try {
            await runStep(step);
          } catch (cause) {
            failures.push(`${step.kind} ${step.name}: ${describeError(cause).message}`);
          }
          done++;
        }),
      );
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: containerKeys.all(engineName()) }),
      queryClient.invalidateQueries({ queryKey: networkKeys.all(engineName()) }),
      queryClient.invalidateQueries({ queryKey: volumeKeys.all(engineName()) }),
    ]);
    setBusy(false);
    setStatus(
      failures.length === 0
        ? { kind: 'ok', text: `${LABEL[action]}: done (${steps.length} step${steps.length === 1 ? '' : 's'}).` }
        : { kind: 'error', text: `${LABEL[action]}: ${steps.length - failures.length} done, ${failures.length} failed — ${failures.join('; ')}. Check the engine's reason, then try again.` },
    );
  };

  const lost = (action: ProjectAction): string[] => {
    if (action === 'remove') return removalLosses(props.project, plan());
    if (action === 'start') return [];
    const n = plan().length;
    return n ? [`What ${n === 1 ? 'its process holds' : 'their processes hold'} only in memory is lost.`] : ['Nothing runs: nothing happens.'];
  };

  return (
    <>
      <header class="page-head">
        <h1>
          Project <span data-testid="compose-project-name">{props.project.name}</span>
        </h1>
        <span class="chip" data-testid="compose-project-state" data-state={props.project.state}>
          {props.project.running} of {props.project.services.reduce((n, s) => n + s.containers.length, 0)} running
        </span>
      </header>
      <Show when={props.project.workingDir || props.project.configFiles.length}>
        <p class="muted compose-where">
          <Show when={props.project.workingDir}>
            in <code>{props.project.workingDir}</code>
          </Show>
          <Show when={props.project.configFiles.length}>
            {' '}from <For each={props.project.configFiles}>{(file, i) => <>{i() ? ', ' : ''}<code>{file}</code></>}</For>
          </Show>
        </p>
      </Show>

      <div class="ct-actions" data-testid="compose-actions">
        <Show when={!props.readOnly}>
          <For each={['start', 'stop', 'restart', 'remove'] as ProjectAction[]}>
            {(action) => (
              <button
                type="button"
                class={`button button-small${action === 'remove' ? ' button-danger' : ''}`}
                data-testid={`compose-${action}`}
                disabled={busy()}
                onClick={() => {
                  setWithVolumes(false);
                  setStatus(null);
                  if (action === 'start') void run(action);
                  else setAsking(action);
                }}
              >
                {LABEL[action]}
              </button>
            )}
          </For>
        </Show>
        <a class="button button-small" data-testid="compose-logs" href={formatHash({ name: 'mergedLogs', engine: props.engine.name, project: props.project.name })}>
          Logs of all
        </a>
      </div>
      <Show when={asking()}>
        {(action) => (
          <Confirm
            title={`${LABEL[action()]} project ${props.project.name}?`}
            lost={lost(action())}
            confirmLabel={`${LABEL[action()]} ${plan().length} item${plan().length === 1 ? '' : 's'}`}
            busy={busy()}
            onConfirm={() => void run(action())}
            onCancel={() => setAsking(null)}
          >
            <Show when={action() === 'remove' && props.project.volumes.length > 0}>
              <label class="ct-check">
                <input type="checkbox" data-testid="compose-remove-volumes" checked={withVolumes()} onChange={(e) => setWithVolumes(e.currentTarget.checked)} /> also remove the project's volumes
                and their data (docker compose down -v)
              </label>
            </Show>
            <ol class="compose-plan" data-testid="compose-plan">
              <For each={plan()}>
                {(step) => (
                  <li data-kind={step.kind} data-name={step.name}>
                    {step.op} {step.kind} <strong>{step.name}</strong>
                    {step.service ? <span class="muted"> (service {step.service})</span> : null}
                    {step.kind === 'container' && step.op === 'remove' && step.running ? <span class="muted"> — running, killed</span> : null}
                  </li>
                )}
              </For>
            </ol>
          </Confirm>
        )}
      </Show>
      <StatusLine status={status()} />

      <h2 class="compose-h2">Services</h2>
      <div class="compose-services" data-testid="compose-services">
        <For each={props.project.services}>
          {(service) => (
            <div class="card compose-service" data-testid="compose-service" data-service={service.name}>
              <div class="compose-service-head">
                <strong>{service.name || '(no service label)'}</strong>
                <span class="muted">
                  {service.running} of {service.containers.length} running
                </span>
                <Show when={service.dependsOn.length}>
                  <span class="muted">after {service.dependsOn.join(', ')}</span>
                </Show>
                <a class="compose-service-logs" href={formatHash({ name: 'mergedLogs', engine: props.engine.name, project: props.project.name, service: service.name })}>
                  logs
                </a>
              </div>
              <ContainerLinks engine={props.engine.name} rows={service.containers} />
            </div>
          )}
        </For>
        <Show when={props.project.oneOffs.length}>
          <div class="card compose-service" data-testid="compose-oneoffs">
            <div class="compose-service-head">
              <strong>One-off containers</strong>
              <span class="muted">docker compose run</span>
            </div>
            <ContainerLinks engine={props.engine.name} rows={props.project.oneOffs} />
          </div>
        </Show>
      </div>

      <div class="compose-resources">
        <div>
          <h2 class="compose-h2">Networks</h2>
          <Show when={props.project.networks.length} fallback={<p class="muted">None labelled with this project.</p>}>
            <ul class="compose-list" data-testid="compose-networks">
              <For each={props.project.networks}>
                {(n) => (
                  <li data-name={n.name}>
                    <a href={formatHash({ name: 'network', engine: props.engine.name, id: n.id })}>{n.name}</a>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
        <div>
          <h2 class="compose-h2">Volumes</h2>
          <Show when={props.project.volumes.length} fallback={<p class="muted">None labelled with this project.</p>}>
            <ul class="compose-list" data-testid="compose-volumes">
              <For each={props.project.volumes}>
                {(v) => (
                  <li data-name={v.name}>
                    <a href={formatHash({ name: 'volume', engine: props.engine.name, id: v.name })}>{v.name}</a>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
      </div>
    </>
  );
}

function ContainerLinks(props: { engine: string; rows: ContainerRow[] }): JSX.Element {
  return (
    <ul class="compose-list">
      <For each={props.rows}>
        {(row) => (
          <li data-testid="compose-container" data-name={row.name} data-state={row.state}>
            <StateDot state={row.state} health={row.health} />
            <a href={formatHash({ name: 'container', engine: props.engine, id: row.id })}>{row.name}</a>
            <span class="muted ellipsis">{row.status}</span>
          </li>
        )}
      </For>
    </ul>
  );
}
