import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, type JSX } from 'solid-js';
import type { EngineRef, Role } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { infoSections, swarmState, versionSections, type InfoSection } from '../../system/info';
import { infoOptions, versionOptions } from '../../queries/system';
import { version as portholeVersion } from '../../../../package.json';
import { DiskUse } from './DiskUse';
import { EventLog } from './EventLog';
import { PrunePanel } from './PrunePanel';
import { SystemTabs } from '../../components/SystemTabs';
import '../../styles/system.css';

/** `docker version` and `docker info` side by side, disk use and prune, and the live events. */
export default function SystemPage(props: { engine: EngineRef; role: Role }): JSX.Element {
  const version = useQuery(() => versionOptions(props.engine));
  const info = useQuery(() => infoOptions(props.engine));
  return (
    <section class="page sys-page" data-testid="system-page" aria-labelledby="system-title">
      <div class="page-head">
        <h1 id="system-title">Engine “{props.engine.name}”</h1>
      </div>
      <SystemTabs engine={props.engine.name} active="system" />
      <div class="sys-columns">
        <section class="card" data-testid="version-card" aria-labelledby="version-title">
          <h2 class="card-title" id="version-title">
            Version
          </h2>
          <QueryBoundary query={version} loadingLabel="Asking the engine for its version…">
            {(data) => <Sections prefix="version" sections={versionSections(data(), { version: portholeVersion, apiVersion: props.engine.apiVersion })} />}
          </QueryBoundary>
        </section>
        <section class="card" data-testid="info-card" aria-labelledby="info-title">
          <h2 class="card-title" id="info-title">
            Info
          </h2>
          <QueryBoundary query={info} loadingLabel="Asking the engine about itself…">
            {(data) => {
              const swarm = createMemo(() => swarmState(data()));
              return (
                <>
                  <Sections prefix="info" sections={infoSections(data())} />
                  <p class="sys-swarm-line" data-testid="info-swarm" data-state={swarm().state}>
                    Swarm: {swarm().text}
                  </p>
                  <Show when={(data().Warnings ?? []).length > 0}>
                    <div class="notice notice-warn sys-warnings" role="status" data-testid="info-warnings" data-count={(data().Warnings ?? []).length}>
                      <strong>Warnings</strong>
                      <ul>
                        <For each={data().Warnings ?? []}>{(warning) => <li>{warning}</li>}</For>
                      </ul>
                    </div>
                  </Show>
                </>
              );
            }}
          </QueryBoundary>
        </section>
      </div>
      <DiskUse engine={props.engine} />
      <Show when={props.role === 'admin'}>
        <div data-admin>
          <PrunePanel engine={props.engine} />
        </div>
      </Show>
      <EventLog engine={props.engine} />
    </section>
  );
}

function Sections(props: { prefix: string; sections: InfoSection[] }): JSX.Element {
  return (
    <For each={props.sections}>
      {(section) => (
        <div class="sys-section" data-testid={`${props.prefix}-section-${section.key}`}>
          <h3 class="sys-section-title">{section.title}</h3>
          <dl class="sys-rows">
            <For each={section.rows}>
              {(row) => (
                <div class="sys-row">
                  <dt>{row.label}</dt>
                  <dd data-testid={`${props.prefix}-field-${row.key}`}>{row.value}</dd>
                </div>
              )}
            </For>
          </dl>
        </div>
      )}
    </For>
  );
}
