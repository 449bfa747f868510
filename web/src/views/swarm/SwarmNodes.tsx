/** The swarm's nodes: role, status, availability (drain, pause, activate for admins) and their tasks. */
import { useQueryClient } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import { describeError } from '../../api/errors';
import type { EngineRef, Role } from '../../api/types';
import { SysTable, type SysColumn } from '../../components/SysTable';
import { swarmChanged, updateNode } from '../../queries/swarm';
import { toNodeRows, type SwarmNode } from '../../swarm/swarm';
import '../../styles/system.css';

const NODE_COLUMNS: SysColumn[] = [
  { label: 'Host' },
  { label: 'Role' },
  { label: 'Status' },
  { label: 'Availability' },
  { label: 'Engine', narrow: true },
  { label: 'Tasks', narrow: true },
];

export function NodesTable(props: { engine: EngineRef; role: Role; nodes: SwarmNode[]; tasks: Parameters<typeof toNodeRows>[1] }): JSX.Element {
  const queryClient = useQueryClient();
  const rows = createMemo(() => toNodeRows(props.nodes, props.tasks));
  const [error, setError] = createSignal<string | null>(null);
  const [asking, setAsking] = createSignal<string | null>(null);
  const nodeColumns = (): SysColumn[] => [...NODE_COLUMNS, ...(props.role === 'admin' ? [{ label: 'Actions', silent: true }] : [])];
  const set = async (id: string, availability: SwarmNode['Spec']['Availability']) => {
    const node = props.nodes.find((n) => n.ID === id);
    if (!node) return;
    setAsking(null);
    try {
      await updateNode(props.engine, node, availability);
    } catch (e) {
      setError(describeError(e).message);
    }
    await queryClient.invalidateQueries(swarmChanged(props.engine.name));
  };
  return (
    <>
      <SysTable columns={nodeColumns()}>
        <For each={rows()}>
          {(row) => (
            <tr data-testid="swarm-node" data-id={row.id} data-availability={row.availability} data-status={row.status}>
              <th scope="row">
                {row.hostname}
                <div class="muted">{row.address}</div>
              </th>
              <td>
                {row.role}
                {row.leader ? ' (leader)' : ''}
              </td>
              <td>
                <span class="sys-state" data-state={row.status}>
                  {row.status}
                </span>
              </td>
              <td>{row.availability}</td>
              <td class="sys-hide-narrow">{row.engineVersion}</td>
              <td class="sys-hide-narrow">{row.tasks}</td>
              <Show when={props.role === 'admin'}>
                <td>
                  <Show
                    when={row.availability === 'active'}
                    fallback={
                      <button type="button" class="button button-small" data-testid="node-activate" onClick={() => void set(row.id, 'active')}>
                        Activate
                      </button>
                    }
                  >
                    <Show
                      when={asking() === row.id}
                      fallback={
                        <button type="button" class="button button-small" data-testid="node-drain" onClick={() => setAsking(row.id)}>
                          Drain…
                        </button>
                      }
                    >
                      <span class="sys-inline-form">
                        <span class="muted">Its {row.tasks} tasks move elsewhere{rows().length === 1 ? ' (there is no elsewhere: they stop)' : ''}.</span>
                        <button type="button" class="button button-small button-danger" data-testid="node-drain-confirm" onClick={() => void set(row.id, 'drain')}>
                          Drain
                        </button>
                        <button type="button" class="button button-small" onClick={() => setAsking(null)}>
                          Cancel
                        </button>
                      </span>
                    </Show>
                  </Show>
                </td>
              </Show>
            </tr>
          )}
        </For>
      </SysTable>
      <Show when={error()}>{(text) => <p class="notice notice-warn">{text()}</p>}</Show>
    </>
  );
}
