/** A container list's rows: one container (with its live CPU line when running), and the list grouped by compose project. */
import { For, Show, createMemo, type JSX } from 'solid-js';
import type { EngineRef } from '../../api/types';
import { lazyView } from '../../components/lazyView';
import type { groupRows } from '../../compose/projects';
import type { ContainerRow as Row } from '../../engine/containers';
import { formatAge, formatLocalDateTime } from '../../engine/format';
import { formatBytes } from '../../engine/units';
import { statusAt } from '../../engine/uptime';
import { formatHash } from '../../routes/router';
import '../../styles/compose.css';
import '../../styles/containers-create.css';
import '../../styles/inventory.css';

const RowSpark = lazyView(() => import('./RowSpark'));

interface RowProps {
  row: Row;
  engine: EngineRef;
  now: Date;
  /** When the engine wrote the rows' Status (the list's fetch), and the moment to say it for. */
  observedAt: number;
  statusNow: number;
  selectable: boolean;
  selected: boolean;
  onSelect: (on: boolean) => void;
}

/** One container's row, with its CPU spark line while it runs. */
export function ContainerListRow(props: RowProps): JSX.Element {
  return (
    <ContainerRowView
      row={props.row}
      engine={props.engine.name}
      now={props.now}
      observedAt={props.observedAt}
      statusNow={props.statusNow}
      selectable={props.selectable}
      selected={props.selected}
      onSelect={props.onSelect}
    >
      <Show when={props.row.state === 'running'}>
        <RowSpark engine={props.engine} id={props.row.id} />
      </Show>
    </ContainerRowView>
  );
}

/** The list grouped by compose project and service (not windowed: a project's containers are few), then the rest. */
export function GroupedList(props: {
  groups: ReturnType<typeof groupRows>;
  engine: EngineRef;
  now: Date;
  observedAt: number;
  statusNow: number;
  readOnly: boolean;
  selected: ReadonlySet<string>;
  onSelect: (id: string, on: boolean) => void;
}): JSX.Element {
  const rowView = (row: Row) => (
    <ContainerListRow row={row} engine={props.engine} now={props.now} observedAt={props.observedAt} statusNow={props.statusNow} selectable={!props.readOnly} selected={props.selected.has(row.id)} onSelect={(on) => props.onSelect(row.id, on)} />
  );
  return (
    <Show when={props.groups.length > 0} fallback={<div class="state" data-testid="container-no-match"><p class="state-title">No container matches</p></div>}>
      <For each={props.groups}>
        {(group) => (
          <div class="ct-group" data-testid="container-group-block" data-project={group.kind === 'project' ? group.project : ''}>
            <Show
              when={group.kind === 'project' ? group : null}
              fallback={<div class="ct-group-head"><strong>Not in a compose project</strong></div>}
            >
              {(g) => (
                <div class="ct-group-head">
                  <a href={formatHash({ name: 'composeProject', engine: props.engine.name, project: g().project })} data-testid="container-group-link">
                    <strong>{g().project}</strong>
                  </a>
                  <span class="muted">
                    compose project · {g().running} of {g().total} running
                  </span>
                  <a class="muted" href={formatHash({ name: 'mergedLogs', engine: props.engine.name, project: g().project })}>
                    logs
                  </a>
                </div>
              )}
            </Show>
            <div class="list container-grid" role="table" aria-label={group.kind === 'project' ? `Project ${group.project}` : 'Containers in no project'}>
              <div class="list-body" role="rowgroup">
                <Show when={group.kind === 'project' ? group : null} fallback={<For each={group.kind === 'loose' ? group.rows : []}>{rowView}</For>}>
                  {(g) => (
                    <For each={g().services}>
                      {(service) => (
                        <>
                          <div class="ct-group-service" role="row" data-testid="container-group-service" data-service={service.name}>
                            <span role="cell">{service.name ? `service ${service.name}` : 'one-off (compose run)'}</span>
                          </div>
                          <For each={service.rows}>{rowView}</For>
                        </>
                      )}
                    </For>
                  )}
                </Show>
              </div>
            </div>
          </div>
        )}
      </For>
    </Show>
  );
}

export function StateDot(props: { state: string; health: string | null }): JSX.Element {
  return (
    <span
      class="state-dot"
      data-state={props.state}
      data-health={props.health ?? undefined}
      role="img"
      aria-label={props.health ? `${props.state}, ${props.health}` : props.state}
    />
  );
}

function ContainerRowView(props: {
  row: Row;
  engine: string;
  now: Date;
  /** When the engine wrote the rows' Status (the list's fetch), and the moment to say it for. */
  observedAt: number;
  statusNow: number;
  selectable: boolean;
  selected: boolean;
  onSelect: (on: boolean) => void;
  children?: JSX.Element;
}): JSX.Element {
  const href = () => formatHash({ name: 'container', engine: props.engine, id: props.row.id });
  // Read twice (text and title): worked out once.
  const status = createMemo(() => statusAt(props.row.status, props.observedAt, props.statusNow));
  return (
    <div
      class="list-row row-link"
      role="row"
      data-testid="container-row"
      data-id={props.row.id}
      data-name={props.row.name}
      data-state={props.row.state}
    >
      <div class="c-name" role="cell">
        <Show when={props.selectable}>
          <input
            type="checkbox"
            class="ct-select"
            data-testid="container-select"
            data-admin
            aria-label={`Select ${props.row.name || props.row.shortId}`}
            checked={props.selected}
            onChange={(event) => props.onSelect(event.currentTarget.checked)}
          />
        </Show>
        <StateDot state={props.row.state} health={props.row.health} />
        <a href={href()} class="row-anchor ellipsis" title={props.row.name}>
          {props.row.name || props.row.shortId}
        </a>
      </div>
      <div class="c-image ellipsis" role="cell" title={props.row.image}>
        {props.row.image}
      </div>
      <div class="c-command ellipsis mono" role="cell" title={props.row.command}>
        {props.row.command}
      </div>
      <div class="c-created ellipsis" role="cell">
        <time datetime={props.row.created.toISOString()} title={formatLocalDateTime(props.row.created)}>
          {formatAge(props.row.created, props.now)}
        </time>
      </div>
      <div class="c-status ellipsis" role="cell" data-testid="container-status" data-health={props.row.health ?? undefined} title={status()}>
        {props.children}
        {status()}
      </div>
      <div class="c-ports ellipsis mono" role="cell" title={props.row.ports.join(', ')}>
        {props.row.ports.join(', ')}
      </div>
      <div class="c-size num ellipsis" role="cell" data-testid="container-size">
        {props.row.sizeRw === null ? '' : `${formatBytes(props.row.sizeRw)}${props.row.sizeRootFs !== null ? ` (virtual ${formatBytes(props.row.sizeRootFs)})` : ''}`}
      </div>
    </div>
  );
}
