import { useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import { formatHash } from '../../routes/router';
import { describeError } from '../../api/errors';
import type { EngineRef, Role } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { SysTable, type SysColumn } from '../../components/SysTable';
import { createService, nodesOptions, servicesOptions, swarmChanged, tasksOptions } from '../../queries/swarm';
import { newServiceSpec, toServiceRows } from '../../swarm/swarm';
import '../../styles/system.css';

export const message = (e: unknown): string => {
  const text = describeError(e);
  return `${text.message}${text.hint ? ` (${text.hint})` : ''}`;
};

const SERVICE_COLUMNS: SysColumn[] = [
  { label: 'Service' },
  { label: 'Replicas' },
  { label: 'Image', narrow: true },
  { label: 'Mode', narrow: true },
  { label: 'Ports', narrow: true },
  { label: 'Update', narrow: true },
];

export function ServicesCard(props: { engine: EngineRef; role: Role }): JSX.Element {
  const services = useQuery(() => servicesOptions(props.engine));
  const tasks = useQuery(() => tasksOptions(props.engine));
  const nodes = useQuery(() => nodesOptions(props.engine));
  const active = () => (nodes.data ?? []).filter((n) => n.Status.State === 'ready' && n.Spec.Availability === 'active').length;
  const rows = createMemo(() => toServiceRows(services.data ?? [], tasks.data ?? [], active()));
  return (
    <section class="card" data-testid="swarm-services" aria-labelledby="services-title">
      <h2 class="card-title" id="services-title">
        Services <span class="count">{services.data?.length ?? ''}</span>
      </h2>
      <QueryBoundary query={services} loadingLabel="Loading services…" isEmpty={(l) => l.length === 0} empty={<p class="muted">No services yet.</p>}>
        {() => (
          <SysTable columns={SERVICE_COLUMNS}>
            <For each={rows()}>
              {(row) => (
                <tr data-testid="swarm-service" data-name={row.name} data-running={row.running} data-desired={row.desired}>
                  <th scope="row">
                    <a href={formatHash({ name: 'swarm', engine: props.engine.name, service: row.id })}>{row.name}</a>
                  </th>
                  <td>
                    <span class="sys-state" data-state={row.running === row.desired ? 'running' : 'starting'}>
                      {row.running}/{row.desired}
                    </span>
                  </td>
                  <td class="sys-hide-narrow">
                    <code>{row.image}</code>
                  </td>
                  <td class="sys-hide-narrow">{row.mode}</td>
                  <td class="sys-hide-narrow">{row.ports.join(', ')}</td>
                  <td class="sys-hide-narrow" title={row.updateMessage}>
                    {row.updateState}
                  </td>
                </tr>
              )}
            </For>
          </SysTable>
        )}
      </QueryBoundary>
      <Show when={props.role === 'admin'}>
        <CreateService engine={props.engine} />
      </Show>
    </section>
  );
}

function CreateService(props: { engine: EngineRef }): JSX.Element {
  const queryClient = useQueryClient();
  const [name, setName] = createSignal('');
  const [image, setImage] = createSignal('');
  const [command, setCommand] = createSignal('');
  const [replicas, setReplicas] = createSignal('1');
  const [ports, setPorts] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      const spec = newServiceSpec({ name: name(), image: image(), command: command(), replicas: Number(replicas()), ports: ports() });
      await createService(props.engine, spec);
      setName('');
      await queryClient.invalidateQueries(swarmChanged(props.engine.name));
    } catch (e) {
      setError(e instanceof Error && !('status' in e) ? e.message : message(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="sys-create">
      <summary class="button button-small" data-testid="service-create-open">
        New service…
      </summary>
      <form
        class="sys-form"
        data-testid="service-create"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div class="sys-form-row">
          <label>
            Name
            <input class="input" data-testid="service-name" required value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label>
            Image
            <input class="input" data-testid="service-image" required placeholder="nginx:1.27" value={image()} onInput={(e) => setImage(e.currentTarget.value)} />
          </label>
          <label>
            Command (optional)
            <input class="input" data-testid="service-command" placeholder="sleep 3600" value={command()} onInput={(e) => setCommand(e.currentTarget.value)} />
          </label>
          <label>
            Replicas
            <input class="input" type="number" min="0" data-testid="service-replicas" value={replicas()} onInput={(e) => setReplicas(e.currentTarget.value)} />
          </label>
          <label>
            Ports (published:target)
            <input class="input" data-testid="service-ports" placeholder="8080:80" value={ports()} onInput={(e) => setPorts(e.currentTarget.value)} />
          </label>
        </div>
        <div class="state-actions">
          <button type="submit" class="button button-primary" data-testid="service-create-submit" disabled={busy()}>
            {busy() ? 'Creating…' : 'Create service'}
          </button>
        </div>
        <Show when={error()}>{(text) => <p class="notice notice-warn" role="alert" data-testid="service-create-error">Could not create the service: {text()}</p>}</Show>
      </form>
    </details>
  );
}
