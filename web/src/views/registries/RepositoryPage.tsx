import { useQuery } from '@tanstack/solid-query';
import { For, Show, createEffect, createMemo, createSignal, onCleanup, type JSX } from 'solid-js';
import { formatHash } from '../../routes/router';
import { describeError } from '../../api/errors';
import type { EngineRef, EngineStatus, Role } from '../../api/types';
import { Loading } from '../../components/Loading';
import { formatBytes } from '../../engine/units';
import { formatPlatform, matchesEngine, type Platform } from '../../registry/manifest';
import { parseRepository, repositoryName, type RepositoryRef } from '../../registry/reference';
import { RegistryError, type KnownRegistry } from '../../registry/registryClient';
import { tagNamesToShow } from '../../registry/storedTags';
import { filterTags, sortTags, type TagDetails } from '../../registry/tags';
import { createNow } from '../../app/clock';
import { formatAsOf, formatStoredAge } from '../../app/offline';
import { useTransfers } from '../../queries/pulls';
import { registriesOptions, storedTagsOptions, tagDetailsOptions, tagsOptions } from '../../queries/registries';
import '../../styles/registries.css';

interface RepositoryPageProps {
  engine: EngineRef;
  /** The engine's own os/arch, to mark the platform it runs natively. */
  status: EngineStatus | undefined;
  role: Role;
  repo: string;
}

function errorWithHint(error: unknown): { message: string; hint: string | null } {
  if (error instanceof RegistryError) return { message: error.message, hint: error.hint ?? null };
  const text = describeError(error);
  return { message: text.message, hint: text.hint ?? null };
}

/** Every tag of a repository with its digest and platforms; pull any of them. */
export function RepositoryPage(props: RepositoryPageProps): JSX.Element {
  const ref = createMemo(() => parseRepository(props.repo));
  const registries = useQuery(() => registriesOptions());
  const backHref = () => formatHash({ name: 'registries', engine: props.engine.name });
  return (
    <section class="page repository-page" data-testid="repository-page" aria-labelledby="repository-title">
      <a class="back-link" href={backHref()}>
        ← Registries
      </a>
      <div class="page-head">
        <h1 id="repository-title" class="break">
          {repositoryName(ref())}
        </h1>
        <span class="chip">{ref().registry}</span>
      </div>
      {/* The registry list says which registries speak plain HTTP; without it, assume none. */}
      <Show when={!registries.isPending} fallback={<Loading label="Loading registries…" />}>
        <TagList engine={props.engine} status={props.status} role={props.role} repository={ref()} registries={registries.data ?? []} />
      </Show>
    </section>
  );
}

function TagList(props: { engine: EngineRef; status: EngineStatus | undefined; role: Role; repository: RepositoryRef; registries: KnownRegistry[] }): JSX.Element {
  const tags = useQuery(() => tagsOptions(props.repository, props.registries));
  // The tags as last seen on this device: listed at once, marked as stored, until the registry answers.
  const stored = useQuery(() => storedTagsOptions(props.repository, props.registries));
  const names = createMemo(() => tagNamesToShow(tags.data?.tags, stored.data));
  // Rows still showing stored details (each row counts itself: no scan of the query cache per answer).
  const [storedRows, setStoredRows] = createSignal(0);
  const now = createNow(15_000);
  const [filter, setFilter] = createSignal('');
  const shown = createMemo(() => sortTags(filterTags(names() ?? [], filter())).reverse());
  return (
    <Show when={names() !== null || !tags.isPending} fallback={<Loading label="Reading the tag list…" />}>
      <Show
        when={!tags.isError}
        fallback={
          <div class="state state-error" role="alert" data-testid="tags-error">
            <p class="state-title">Could not list the tags</p>
            <p class="state-message">{errorWithHint(tags.error).message}</p>
            <Show when={errorWithHint(tags.error).hint}>{(hint) => <p class="state-hint">{hint()}</p>}</Show>
            <div class="state-actions">
              <button type="button" class="button" onClick={() => void tags.refetch()}>
                Retry
              </button>
            </div>
          </div>
        }
      >
        <div class="toolbar">
          <input type="search" class="input filter" data-testid="tag-filter" placeholder="Filter tags" aria-label="Filter tags" value={filter()} onInput={(e) => setFilter(e.currentTarget.value)} />
          <span class="count" data-testid="tag-count" data-total={names()?.length ?? 0}>
            {countText(shown().length, names()?.length ?? 0)}
          </span>
          <Show when={stored.data && storedRows() > 0 ? stored.data : null}>
            {(kept) => (
              <span class="chip chip-small tags-stored" data-testid="tags-stored-notice" title={`Tags stored on this device, ${formatAsOf(kept().at, now())}; checking the registry…`}>
                {formatStoredAge(kept().at, now())}
              </span>
            )}
          </Show>
        </div>
        <Show when={shown().length > 0} fallback={<p class="muted">No tags.</p>}>
          <ul class="tag-list">
            <For each={shown()}>
              {(tag) => (
                <TagRow
                  engine={props.engine}
                  status={props.status}
                  role={props.role}
                  repository={props.repository}
                  registries={props.registries}
                  tag={tag}
                  known={tags.data?.details?.[tag] ?? null}
                  stored={stored.data?.details[tag] ?? null}
                  onStored={(shown) => setStoredRows((n) => n + (shown ? 1 : -1))}
                />
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </Show>
  );
}

function countText(shown: number, total: number): string {
  const noun = total === 1 ? 'tag' : 'tags';
  return shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`;
}

function TagRow(props: {
  engine: EngineRef;
  status: EngineStatus | undefined;
  role: Role;
  repository: RepositoryRef;
  registries: KnownRegistry[];
  tag: string;
  known: TagDetails | null;
  /** The details stored on this device from an earlier visit: shown while the registry is asked again. */
  stored: TagDetails | null;
  /** Told when this row starts (true) or stops (false) showing stored details. */
  onStored: (shown: boolean) => void;
}): JSX.Element {
  // Hub's tag API already gave the details; elsewhere each tag asks the registry (a few at a time).
  const details = useQuery(() => ({ ...tagDetailsOptions(props.repository, props.tag, props.registries), enabled: props.known === null }));
  const fromStore = (): boolean => props.known === null && details.data === undefined && details.isPending && props.stored !== null;
  const data = (): TagDetails | undefined => props.known ?? details.data ?? (fromStore() ? (props.stored ?? undefined) : undefined);
  let counted = false;
  const count = (shown: boolean): void => {
    if (shown === counted) return;
    counted = shown;
    props.onStored(shown);
  };
  createEffect(() => count(fromStore()));
  onCleanup(() => count(false));
  const transfers = useTransfers();
  const pull = (platform: Platform | null): void => {
    void transfers.start(props.engine, {
      kind: 'pull',
      repository: repositoryName(props.repository),
      tag: props.tag,
      platform: platform ? formatPlatform(platform) : null,
    });
  };
  const engineOs = () => ({ os: props.status?.os ?? null, arch: props.status?.arch ?? null });
  return (
    <li
      class="tag-row"
      data-testid="tag-row"
      data-tag={props.tag}
      data-digest={data()?.digest ?? ''}
      data-state={data() ? 'ready' : details.isError ? 'error' : 'loading'}
      data-stored={fromStore() ? 'true' : undefined}
      title={fromStore() ? 'Stored on this device from an earlier visit; checking the registry…' : undefined}
    >
      <div class="tag-head">
        <span class="tag-name">{props.tag}</span>
        <Show when={data()}>
          {(d) => (
            <>
              <span class="chip chip-small">{d().multiPlatform ? `${d().platforms.length} platforms` : 'single platform'}</span>
              <Show when={d().size !== null}>
                <span class="chip chip-small">{formatBytes(d().size ?? 0)}</span>
              </Show>
            </>
          )}
        </Show>
        <Show when={props.role === 'admin'}>
          <button type="button" class="button button-small tag-pull" data-testid="tag-pull" onClick={() => pull(null)} title="Pull the platform the engine runs">
            Pull
          </button>
        </Show>
      </div>
      <Show when={data()} fallback={<TagPending error={details.error} loading={details.isFetching} />}>
        {(d) => (
          <>
            <Show when={d().digest}>{(digest) => <code class="tag-digest break" data-testid="tag-digest">{digest()}</code>}</Show>
            <ul class="platform-list">
              <For each={d().platforms}>
                {(platform) => {
                  const native = () => matchesEngine(platform, engineOs());
                  return (
                    <li class="platform" classList={{ native: native() }} data-testid="tag-platform" data-platform={formatPlatform(platform)} data-native={native() ? 'true' : 'false'}>
                      <span class="platform-name">{formatPlatform(platform)}</span>
                      <Show when={native()}>
                        <span class="badge badge-ok" title={`The engine runs ${props.status?.os}/${props.status?.arch}`}>this engine</span>
                      </Show>
                      <Show when={platform.size !== null}>
                        <span class="platform-size">{formatBytes(platform.size ?? 0)}</span>
                      </Show>
                      <Show when={d().multiPlatform && platform.digest}>
                        {(digest) => <code class="platform-digest" title={digest()}>{digest().slice(0, 19)}…</code>}
                      </Show>
                      <Show when={props.role === 'admin' && d().multiPlatform}>
                        <button type="button" class="button button-ghost button-small" data-testid="platform-pull" onClick={() => pull(platform)}>
                          Pull
                        </button>
                      </Show>
                    </li>
                  );
                }}
              </For>
            </ul>
          </>
        )}
      </Show>
    </li>
  );
}

function TagPending(props: { error: unknown; loading: boolean }): JSX.Element {
  return (
    <Show when={props.error} fallback={<p class="muted tag-loading">Reading the manifest…</p>}>
      {(error) => (
        <p class="inline-error" role="alert" data-testid="tag-error">
          {errorWithHint(error()).message} <span class="muted">{errorWithHint(error()).hint ?? ''}</span>
        </p>
      )}
    </Show>
  );
}
