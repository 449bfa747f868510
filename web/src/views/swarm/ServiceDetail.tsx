/** One swarm service: its settings (scale, image), its tasks and its logs, followed. */
import { useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal, onCleanup, type JSX } from 'solid-js';
import { formatHash, type LinkRoute } from '../../routes/router';
import type { EngineRef, Role } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { SysTable, type SysColumn } from '../../components/SysTable';
import { nodesOptions, removeService, servicesOptions, swarmChanged, tasksOptions, updateService } from '../../queries/swarm';
import { followServiceLogs } from '../../streams/serviceLogs';
import { scaledSpec, toServiceRows, toTaskRows, withImage, type ServiceRow, type TaskRow } from '../../swarm/swarm';
import { message } from './Services';
import '../../styles/system.css';

const TASK_COLUMNS: SysColumn[] = [
  { label: 'Task' },
  { label: 'State' },
  { label: 'Desired', narrow: true },
  { label: 'Node', narrow: true },
  { label: 'Error' },
];

export function ServiceDetail(props: { engine: EngineRef; role: Role; id: string; navigate: (route: LinkRoute) => void }): JSX.Element {
  const queryClient = useQueryClient();
  const services = useQuery(() => servicesOptions(props.engine));
  const tasks = useQuery(() => tasksOptions(props.engine));
  const nodes = useQuery(() => nodesOptions(props.engine));
  const service = createMemo(() => (services.data ?? []).find((s) => s.ID === props.id || s.Spec.Name === props.id || s.ID.startsWith(props.id)));
  const row = createMemo((): ServiceRow | undefined => {
    const s = service();
    return s ? toServiceRows([s], tasks.data ?? [], (nodes.data ?? []).length)[0] : undefined;
  });
  const taskRows = createMemo(() => {
    const s = service();
    return s ? toTaskRows((tasks.data ?? []).filter((t) => t.ServiceID === s.ID), [s], nodes.data ?? []) : [];
  });
  const [replicas, setReplicas] = createSignal<string | null>(null);
  const [image, setImage] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [removing, setRemoving] = createSignal(false);
  const change = async (build: () => Parameters<typeof updateService>[2]) => {
    const s = service();
    if (!s) return;
    setError(null);
    try {
      await updateService(props.engine, s, build());
      setReplicas(null);
      setImage(null);
    } catch (e) {
      setError(e instanceof Error && !('status' in e) ? e.message : message(e));
    }
    await queryClient.invalidateQueries(swarmChanged(props.engine.name));
  };
  const remove = async () => {
    try {
      await removeService(props.engine, props.id);
      await queryClient.invalidateQueries(swarmChanged(props.engine.name));
      props.navigate({ name: 'swarm', engine: props.engine.name });
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <>
      <a class="back-link" href={formatHash({ name: 'swarm', engine: props.engine.name })}>
        ← Swarm
      </a>
      <QueryBoundary query={services} loadingLabel="Loading the service…">
        {() => (
          <Show when={service() && row()} fallback={<p class="state-message">No service “{props.id}” on this swarm (it may have been removed).</p>}>
            <section class="card" data-testid="service-page" data-name={row()?.name} data-running={row()?.running} data-desired={row()?.desired}>
              <div class="sys-card-head">
                <h2 class="card-title">{row()?.name}</h2>
                <span class="chip" data-testid="service-replicas-shown">
                  {row()?.running}/{row()?.desired} running
                </span>
              </div>
              <dl class="sys-rows">
                <div class="sys-row">
                  <dt>Image</dt>
                  <dd>{row()?.image}</dd>
                </div>
                <div class="sys-row">
                  <dt>Mode</dt>
                  <dd>{row()?.mode}</dd>
                </div>
                <div class="sys-row">
                  <dt>Ports</dt>
                  <dd>{row()?.ports.join(', ') || 'none'}</dd>
                </div>
                <div class="sys-row">
                  <dt>Update</dt>
                  <dd>{[row()?.updateState, row()?.updateMessage].filter(Boolean).join(': ') || '—'}</dd>
                </div>
              </dl>
              <Show when={props.role === 'admin'}>
                <div class="sys-inline-form">
                  <Show when={row()?.mode === 'replicated'}>
                    <form
                      class="sys-inline-form"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void change(() => scaledSpec(service()!.Spec, Number(replicas() ?? row()?.desired)));
                      }}
                    >
                      <label class="sys-inline-form">
                        Replicas
                        <input class="input" type="number" min="0" data-testid="service-scale" value={replicas() ?? String(row()?.desired ?? 1)} onInput={(e) => setReplicas(e.currentTarget.value)} />
                      </label>
                      <button type="submit" class="button button-small" data-testid="service-scale-submit">
                        Scale
                      </button>
                    </form>
                  </Show>
                  <form
                    class="sys-inline-form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void change(() => withImage(service()!.Spec, image() ?? ''));
                    }}
                  >
                    <input class="input" style={{ width: '14rem' }} data-testid="service-new-image" aria-label="New image" placeholder="new image" value={image() ?? ''} onInput={(e) => setImage(e.currentTarget.value)} />
                    <button type="submit" class="button button-small" data-testid="service-image-submit" disabled={!image()?.trim()}>
                      Update image
                    </button>
                  </form>
                  <Show
                    when={removing()}
                    fallback={
                      <button type="button" class="button button-small button-danger" data-testid="service-remove" onClick={() => setRemoving(true)}>
                        Remove…
                      </button>
                    }
                  >
                    <span class="sys-confirm sys-inline-form">
                      All {row()?.running} tasks stop and their containers go.
                      <button type="button" class="button button-small button-danger" data-testid="service-remove-confirm" onClick={() => void remove()}>
                        Remove
                      </button>
                      <button type="button" class="button button-small" onClick={() => setRemoving(false)}>
                        Cancel
                      </button>
                    </span>
                  </Show>
                </div>
              </Show>
              <Show when={error()}>{(text) => <p class="notice notice-warn" role="alert">{text()}</p>}</Show>
            </section>
            <TasksTable rows={taskRows()} />
            <ServiceLogs engine={props.engine} id={service()!.ID} tty={row()?.tty === true} />
          </Show>
        )}
      </QueryBoundary>
    </>
  );
}

function TasksTable(props: { rows: TaskRow[] }): JSX.Element {
  return (
    <section class="card" data-testid="service-tasks">
      <h2 class="card-title">
        Tasks <span class="count">{props.rows.length}</span>
      </h2>
      <SysTable columns={TASK_COLUMNS}>
        <For each={props.rows}>
          {(task) => (
            <tr data-testid="service-task" data-state={task.state} data-desired={task.desired}>
              <th scope="row">{task.name}</th>
              <td>
                <span class="sys-state" data-state={task.state}>
                  {task.state}
                </span>
                <Show when={task.since}>{(since) => <div class="muted">{new Date(since()).toLocaleTimeString('en-GB')}</div>}</Show>
              </td>
              <td class="sys-hide-narrow">{task.desired}</td>
              <td class="sys-hide-narrow">{task.node}</td>
              <td>
                <span class="sys-error">{task.error}</span>
                <Show when={task.exitCode !== null && task.exitCode !== 0}>
                  <span class="muted"> exit {task.exitCode}</span>
                </Show>
              </td>
            </tr>
          )}
        </For>
      </SysTable>
    </section>
  );
}

const MAX_LOG_LINES = 1000;

function ServiceLogs(props: { engine: EngineRef; id: string; tty: boolean }): JSX.Element {
  const [lines, setLines] = createSignal<{ stream: number; text: string }[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const controller = new AbortController();
  onCleanup(() => controller.abort());
  followServiceLogs(props.engine, props.id, props.tty, controller.signal, (out) => setLines((old) => [...old, ...out].slice(-MAX_LOG_LINES))).catch((e: unknown) => {
    if (!controller.signal.aborted) setError(message(e));
  });
  return (
    <section class="card" data-testid="service-logs">
      <h2 class="card-title">
        Logs <span class="count">{lines().length}</span>
      </h2>
      <Show when={error()}>{(text) => <p class="notice notice-warn">Logs stopped: {text()}</p>}</Show>
      <Show when={lines().length > 0} fallback={<p class="muted">No output yet (last 200 lines, then live).</p>}>
        <pre class="sys-log" style={{ 'max-height': '360px' }}>
          {lines()
            .map((l) => l.text)
            .join('\n')}
        </pre>
      </Show>
    </section>
  );
}
