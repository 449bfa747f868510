import { useQuery } from '@tanstack/solid-query';
import { For, Show, createSignal, type JSX } from 'solid-js';
import { formatHash } from '../../routes/router';
import { describeError } from '../../api/errors';
import type { EngineRef, Role } from '../../api/types';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { QueryBoundary } from '../../components/QueryBoundary';
import { catalogHits, type SearchHit } from '../../registry/hub';
import { DOCKER_HUB, parseRepository, repositoryName } from '../../registry/reference';
import { RegistryError, type KnownRegistry } from '../../registry/registryClient';
import { useTransfers } from '../../queries/pulls';
import { catalogOptions, hubSearchOptions, registriesOptions, useAddRegistry, useRemoveRegistry } from '../../queries/registries';
import '../../styles/registries.css';

interface RegistriesPageProps {
  engine: EngineRef;
  role: Role;
  term: string;
  onTermChange: (term: string) => void;
}

/** Search Docker Hub and the added registries, pull by name, and manage the registries. */
export function RegistriesPage(props: RegistriesPageProps): JSX.Element {
  const registries = useQuery(() => registriesOptions());
  return (
    <section class="page registries-page" aria-labelledby="registries-title">
      <div class="page-head">
        <h1 id="registries-title">Registries</h1>
      </div>
      <SearchCard engine={props.engine} term={props.term} onTermChange={props.onTermChange} registries={registries.data ?? []} />
      <Show when={props.role === 'admin'}>
        <PullCard engine={props.engine} />
      </Show>
      <section class="card" aria-labelledby="known-registries">
        <h2 class="card-title" id="known-registries">
          Your registries
          <Show when={registries.data}>{(list) => <span class="count">{list().length}</span>}</Show>
        </h2>
        <QueryBoundary query={registries} loadingLabel="Loading registries…">
          {(list) => <RegistryList registries={list()} role={props.role} />}
        </QueryBoundary>
        <Show when={props.role === 'admin'} fallback={<p class="muted">Adding registries needs the admin token.</p>}>
          <AddRegistryForm />
        </Show>
      </section>
    </section>
  );
}

function SearchCard(props: { engine: EngineRef; term: string; onTermChange: (term: string) => void; registries: KnownRegistry[] }): JSX.Element {
  const [draft, setDraft] = createSignal(props.term);
  const browsable = () => props.registries.filter((r) => r.host !== DOCKER_HUB);
  return (
    <section class="card" aria-labelledby="search-title">
      <h2 class="card-title" id="search-title">
        Search
      </h2>
      <form
        class="search-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          props.onTermChange(draft().trim());
        }}
      >
        <input
          type="search"
          class="input"
          data-testid="registry-search-input"
          placeholder="Image name, e.g. nginx or fixture"
          aria-label="Search images"
          value={draft()}
          onInput={(event) => setDraft(event.currentTarget.value)}
        />
        <button type="submit" class="button button-primary" data-testid="registry-search-submit">
          Search
        </button>
      </form>
      <Show when={props.term !== ''} fallback={<p class="muted">Searches Docker Hub (through the engine) and the catalog of every registry you added.</p>}>
        <div class="search-results" data-testid="search-results">
          <HubResults engine={props.engine} term={props.term} />
          <For each={browsable()}>{(registry) => <CatalogResults registry={registry} registries={props.registries} term={props.term} engine={props.engine.name} />}</For>
        </div>
      </Show>
    </section>
  );
}

function HitList(props: { hits: SearchHit[]; engine: string }): JSX.Element {
  return (
    <ul class="hit-list">
      <For each={props.hits}>
        {(hit) => (
          <li class="hit" data-testid="search-hit" data-name={hit.name} data-registry={hit.registry}>
            <a class="hit-name" href={formatHash({ name: 'repository', engine: props.engine, repo: hit.name })}>
              {hit.name}
            </a>
            <Show when={hit.official}>
              <span class="badge badge-ok">official</span>
            </Show>
            <Show when={hit.stars !== null}>
              <span class="hit-stars" title="Stars on Docker Hub">★ {hit.stars?.toLocaleString('en')}</span>
            </Show>
            <Show when={hit.description}>{(text) => <p class="hit-description">{text()}</p>}</Show>
          </li>
        )}
      </For>
    </ul>
  );
}

function HubResults(props: { engine: EngineRef; term: string }): JSX.Element {
  const search = useQuery(() => hubSearchOptions(props.engine, props.term));
  return (
    <section class="result-group" data-testid="search-group" data-registry={DOCKER_HUB}>
      <h3 class="result-title">Docker Hub</h3>
      <Show when={!search.isPending} fallback={<Loading label="Asking Docker Hub through the engine…" />}>
        <Show
          when={!search.isError}
          fallback={
            <div class="inline-error" role="alert" data-testid="hub-search-error">
              <p>
                <strong>Docker Hub search failed:</strong> {describeError(search.error).message}
              </p>
              <p class="muted">The engine searches Docker Hub itself, so its host needs the internet. Registries you added are searched here directly.</p>
            </div>
          }
        >
          <Show when={(search.data ?? []).length > 0} fallback={<p class="muted">No match on Docker Hub.</p>}>
            <HitList hits={search.data ?? []} engine={props.engine.name} />
          </Show>
        </Show>
      </Show>
    </section>
  );
}

function CatalogResults(props: { registry: KnownRegistry; registries: KnownRegistry[]; term: string; engine: string }): JSX.Element {
  const catalog = useQuery(() => catalogOptions(props.registry, props.registries));
  const hits = () => catalogHits(props.registry.host, catalog.data ?? [], props.term);
  return (
    <section class="result-group" data-testid="search-group" data-registry={props.registry.host}>
      <h3 class="result-title">{props.registry.host}</h3>
      <Show when={!catalog.isPending} fallback={<Loading label={`Reading the catalog of ${props.registry.host}…`} />}>
        <Show
          when={!catalog.isError}
          fallback={
            <div class="inline-error" role="alert" data-testid="catalog-error">
              <p>{describeError(catalog.error).message}</p>
              <Show when={catalog.error instanceof RegistryError ? catalog.error.hint : undefined}>{(hint) => <p class="muted">{hint()}</p>}</Show>
            </div>
          }
        >
          <Show when={hits().length > 0} fallback={<p class="muted">No repository matches “{props.term}”.</p>}>
            <HitList hits={hits()} engine={props.engine} />
          </Show>
        </Show>
      </Show>
    </section>
  );
}

function PullCard(props: { engine: EngineRef }): JSX.Element {
  const transfers = useTransfers();
  const [reference, setReference] = createSignal('');
  const [platform, setPlatform] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const text = reference().trim();
    if (text === '') return void setProblem('Give an image reference, e.g. 127.0.0.1:5000/team/app:1.0.');
    const ref = parseRepository(text);
    setProblem(null);
    void transfers.start(props.engine, {
      kind: 'pull',
      repository: repositoryName(ref),
      tag: ref.digest ?? ref.tag ?? 'latest',
      platform: platform().trim() || null,
    });
  };
  return (
    <section class="card" aria-labelledby="pull-title">
      <h2 class="card-title" id="pull-title">
        Pull an image
      </h2>
      <form class="pull-form" onSubmit={submit}>
        <label class="form-field grow">
          <span class="field-label">Reference</span>
          <input class="input" data-testid="pull-ref" placeholder="registry/repository:tag" value={reference()} onInput={(e) => setReference(e.currentTarget.value)} aria-invalid={problem() !== null} />
        </label>
        <label class="form-field">
          <span class="field-label">Platform (optional)</span>
          <input class="input" data-testid="pull-platform" placeholder="linux/arm64" value={platform()} onInput={(e) => setPlatform(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button button-primary" data-testid="pull-submit">
          Pull
        </button>
      </form>
      <Show when={problem()}>{(text) => <p class="form-error" role="alert">{text()}</p>}</Show>
      <p class="muted">Progress shows in the tray at the bottom; it keeps going while you use the rest of Porthole.</p>
    </section>
  );
}

function RegistryList(props: { registries: KnownRegistry[]; role: Role }): JSX.Element {
  const remove = useRemoveRegistry();
  return (
    <Show when={props.registries.length > 0} fallback={<p class="muted" data-testid="registry-empty">No registries added. Docker Hub and other public registries work without adding them.</p>}>
      <Show when={remove.error}>{(error) => <ErrorPanel error={error()} title="Could not remove the registry" />}</Show>
      <ul class="registry-list">
        <For each={props.registries}>
          {(registry) => (
            <li class="registry-row" data-testid="registry-row" data-host={registry.host}>
              <span class="registry-host mono">{registry.host}</span>
              <span class="registry-user">{registry.username ? <>as <strong>{registry.username}</strong></> : <span class="muted">no login</span>}</span>
              <Show when={registry.insecure}>
                <span class="badge badge-warn" title="Plain HTTP: only for registries on this machine or the LAN">insecure</span>
              </Show>
              <Show when={props.role === 'admin'}>
                <button
                  type="button"
                  class="button button-ghost button-small registry-remove"
                  data-testid="registry-remove"
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(`Remove ${registry.host} and its stored password?`)) remove.mutate(registry.host);
                  }}
                >
                  Remove
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

function AddRegistryForm(): JSX.Element {
  const add = useAddRegistry();
  const [host, setHost] = createSignal('');
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [insecure, setInsecure] = createSignal(false);
  const [saved, setSaved] = createSignal<string | null>(null);
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    setSaved(null);
    const target = host().trim();
    add.mutate(
      { host: target, username: username().trim(), password: password(), insecure: insecure() },
      {
        onSuccess: () => {
          setSaved(target);
          setHost('');
          setUsername('');
          setPassword('');
          setInsecure(false);
        },
      },
    );
  };
  return (
    <form class="registry-form" data-testid="registry-form" onSubmit={submit}>
      <h3 class="result-title">Add or update a registry</h3>
      <div class="form-grid">
        <label class="form-field">
          <span class="field-label">Host</span>
          <input class="input" data-testid="registry-host" required placeholder="registry.example.com or 192.168.1.20:5000" value={host()} onInput={(e) => setHost(e.currentTarget.value)} autocomplete="off" />
        </label>
        <label class="form-field">
          <span class="field-label">User name</span>
          <input class="input" data-testid="registry-username" placeholder="optional" value={username()} onInput={(e) => setUsername(e.currentTarget.value)} autocomplete="off" />
        </label>
        <label class="form-field">
          <span class="field-label">Password or token</span>
          <input class="input" type="password" data-testid="registry-password" placeholder="optional" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} autocomplete="new-password" />
        </label>
      </div>
      <label class="check">
        <input type="checkbox" data-testid="registry-insecure" checked={insecure()} onChange={(e) => setInsecure(e.currentTarget.checked)} />
        <span>
          Plain HTTP (insecure) — only for a registry on this machine or your LAN. The engine must list it in its
          insecure-registries too (127.0.0.0/8 is always allowed).
        </span>
      </label>
      <div class="form-actions">
        <button type="submit" class="button button-primary" data-testid="registry-add" disabled={add.isPending}>
          {add.isPending ? 'Saving…' : 'Save registry'}
        </button>
        <span class="muted">The password is kept on the Porthole host only; the browser never reads it back.</span>
      </div>
      <Show when={add.error}>{(error) => <ErrorPanel error={error()} title="Could not save the registry" />}</Show>
      <Show when={saved()}>{(name) => <p class="form-ok" role="status" data-testid="registry-saved">Saved {name()}.</p>}</Show>
    </form>
  );
}
