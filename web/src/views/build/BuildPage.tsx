import { useQueryClient } from '@tanstack/solid-query';
import { For, Show, createSignal, onCleanup, type JSX } from 'solid-js';
import { formatHash, type LinkRoute } from '../../routes/router';
import type { EngineRef, Role } from '../../api/types';
import { buildQuery, packContext, planContext, stripCommonRoot, type ContextFile } from '../../build/context';
import { EMPTY_BUILD, applyBuildMessage, failedStep, finishBuild, type BuildState } from '../../build/output';
import { formatBytes } from '../../engine/units';
import { runBuild } from '../../queries/build';
import { SystemTabs } from '../../components/SystemTabs';
import { LoadSave } from './LoadSave';
import '../../styles/system.css';
import { imageKeys } from '../../queries/keys';

const EXAMPLE = 'FROM fixture/busybox:1\nCOPY . /app\nRUN ls /app\nCMD ["sh"]\n';

/** `docker build` from the browser: Dockerfile, a context folder, options; the output step by step. */
export default function BuildPage(props: { engine: EngineRef; role: Role; navigate: (route: LinkRoute) => void }): JSX.Element {
  const queryClient = useQueryClient();
  const [dockerfile, setDockerfile] = createSignal('');
  const [files, setFiles] = createSignal<File[]>([]);
  const [tag, setTag] = createSignal('');
  const [args, setArgs] = createSignal('');
  const [target, setTarget] = createSignal('');
  const [noCache, setNoCache] = createSignal(false);
  const [state, setState] = createSignal<BuildState | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [sending, setSending] = createSignal<string | null>(null);
  let controller: AbortController | null = null;
  onCleanup(() => controller?.abort());

  const paths = () => stripCommonRoot(files().map((f) => f.webkitRelativePath || f.name));
  const building = () => sending() !== null || (state() !== null && !state()?.done);

  const start = async (): Promise<void> => {
    setProblem(null);
    setState(null);
    controller = new AbortController();
    try {
      setSending('Reading the files…');
      const names = paths();
      const contextFiles: ContextFile[] = await Promise.all(
        files().map(async (file, i) => ({ path: names[i] ?? file.name, data: new Uint8Array(await file.arrayBuffer()), mtime: Math.floor(file.lastModified / 1000) })),
      );
      const plan = planContext(contextFiles, { name: 'Dockerfile', text: dockerfile().trim() ? dockerfile() : null });
      const tar = packContext(plan);
      setSending(`Sending ${formatBytes(tar.length)} of context (${plan.entries.length} files${plan.ignored.length ? `, ${plan.ignored.length} left out by .dockerignore` : ''})…`);
      let current = EMPTY_BUILD;
      let last = 0;
      const query = buildQuery({ tag: tag(), buildArgs: args().split('\n'), target: target(), noCache: noCache(), dockerfile: 'Dockerfile' });
      setState(current);
      await runBuild(
        props.engine,
        query,
        tar,
        (message) => {
          setSending(null);
          current = applyBuildMessage(current, message);
          const now = Date.now();
          if (now - last > 80) {
            last = now;
            setState(current);
          }
        },
        controller.signal,
      );
      current = finishBuild(current);
      setState(current);
      setSending(null);
      void queryClient.invalidateQueries({ queryKey: imageKeys.all(props.engine.name) });
      if (!current.error && current.imageId) props.navigate({ name: 'image', engine: props.engine.name, id: current.imageId, tab: 'history' });
    } catch (error) {
      setSending(null);
      if (error instanceof DOMException && error.name === 'AbortError') setProblem('Build cancelled. The engine stops it when the connection closes.');
      else setProblem(error instanceof Error ? error.message : String(error));
      setState((s) => (s ? finishBuild(s) : s));
    }
  };

  const readDockerfile = async (file: File | undefined) => {
    if (file) setDockerfile(await file.text());
  };

  return (
    <section class="page sys-page" data-testid="build-page" aria-labelledby="build-title">
      <div class="page-head">
        <h1 id="build-title">Build an image</h1>
      </div>
      <SystemTabs engine={props.engine.name} active="build" />
      <Show when={props.role === 'admin'} fallback={<p class="notice notice-warn">Building, loading and saving images needs the admin token.</p>}>
        <form
          class="card sys-form"
          data-testid="build-form"
          onSubmit={(event) => {
            event.preventDefault();
            void start();
          }}
        >
          <label>
            Dockerfile
            <textarea class="sys-textarea" data-testid="build-dockerfile" placeholder={`${EXAMPLE}\n(empty: the folder's own Dockerfile)`} value={dockerfile()} onInput={(e) => setDockerfile(e.currentTarget.value)} spellcheck={false} />
          </label>
          <div class="sys-form-row">
            <label>
              …or upload one
              <input type="file" class="input" data-testid="build-dockerfile-file" onChange={(e) => void readDockerfile(e.currentTarget.files?.[0])} />
            </label>
            <label>
              Context folder
              <input type="file" class="input" data-testid="build-context" multiple ref={(el) => el.setAttribute('webkitdirectory', '')} onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])} />
            </label>
            <label>
              …or context files
              <input type="file" class="input" data-testid="build-context-files" multiple onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])} />
            </label>
          </div>
          <Show when={files().length > 0}>
            <p class="muted" data-testid="build-context-summary" data-count={files().length}>
              Context: {files().length} files, {formatBytes(files().reduce((n, f) => n + f.size, 0))} ({paths().slice(0, 4).join(', ')}
              {files().length > 4 ? ', …' : ''}). A .dockerignore in it is honoured.
            </p>
          </Show>
          <div class="sys-form-row">
            <label>
              Tag
              <input class="input" data-testid="build-tag" placeholder="me/app:1.0" value={tag()} onInput={(e) => setTag(e.currentTarget.value)} />
            </label>
            <label>
              Target stage
              <input class="input" data-testid="build-target" placeholder="(last stage)" value={target()} onInput={(e) => setTarget(e.currentTarget.value)} />
            </label>
            <label>
              Build args (NAME=value, one a line)
              <textarea class="sys-textarea" style={{ 'min-height': '2.5rem' }} data-testid="build-args" value={args()} onInput={(e) => setArgs(e.currentTarget.value)} />
            </label>
          </div>
          <label class="sys-check">
            <input type="checkbox" data-testid="build-nocache" checked={noCache()} onChange={(e) => setNoCache(e.currentTarget.checked)} /> Do not use the cache
          </label>
          <p class="muted">The proxy refuses ADD of URLs or variables and ONBUILD: download files into the context and COPY them.</p>
          <div class="state-actions">
            <button type="submit" class="button button-primary" data-testid="build-submit" disabled={building()}>
              {building() ? 'Building…' : 'Build'}
            </button>
            <Show when={building()}>
              <button type="button" class="button" onClick={() => controller?.abort()}>
                Cancel
              </button>
            </Show>
          </div>
        </form>
        <Show when={sending()}>
          {(text) => (
            <p class="state-loading" role="status">
              <span class="spinner" aria-hidden="true" /> {text()}
            </p>
          )}
        </Show>
        <Show when={problem()}>
          {(text) => (
            <div class="state state-error" role="alert" data-testid="build-error">
              <p class="state-title">The build did not start</p>
              <p class="state-message">{text()}</p>
            </div>
          )}
        </Show>
        <Show when={state()}>{(s) => <BuildOutput state={s()} engine={props.engine.name} />}</Show>
        <LoadSave engine={props.engine} />
      </Show>
    </section>
  );
}

function BuildOutput(props: { state: BuildState; engine: string }): JSX.Element {
  const failed = () => failedStep(props.state);
  return (
    <section class="card" data-testid="build-output" data-done={props.state.done ? 'true' : 'false'} aria-labelledby="build-output-title" aria-live="polite">
      <h2 class="card-title" id="build-output-title">
        Output <span class="count">{props.state.steps.length ? `${props.state.steps.length}/${props.state.steps[0]?.total ?? '?'} steps` : ''}</span>
      </h2>
      <Show when={props.state.preamble.length > 0}>
        <pre class="sys-log">{props.state.preamble.join('\n')}</pre>
      </Show>
      <ol class="sys-steps">
        <For each={props.state.steps}>
          {(step) => (
            <li class="sys-step" data-testid="build-step" data-index={step.index} data-status={step.status}>
              <div class="sys-step-head">
                <span class="muted">
                  {step.index}/{step.total}
                </span>
                <strong>{step.instruction}</strong>
                <span class="muted">{step.status === 'running' ? '…' : step.status === 'failed' ? 'failed' : step.result ? `→ ${step.result}` : ''}</span>
              </div>
              <Show when={step.lines.length > 0}>
                <pre>{step.lines.join('\n')}</pre>
              </Show>
            </li>
          )}
        </For>
      </ol>
      <Show when={props.state.error}>
        {(error) => (
          <div class="state state-error" role="alert" data-testid="build-error">
            <p class="state-title">{failed() ? `Step ${failed()?.index}/${failed()?.total} failed: ${failed()?.instruction}` : 'The build failed'}</p>
            <p class="state-message">{error()}</p>
            <p class="state-hint">Fix that step in the Dockerfile (its output is above) and build again; steps before it come from the cache.</p>
          </div>
        )}
      </Show>
      <Show when={props.state.done && !props.state.error && props.state.imageId}>
        {(id) => (
          <p data-testid="build-success">
            Built <a href={formatHash({ name: 'image', engine: props.engine, id: id(), tab: 'history' })}>{id().replace(/^sha256:/, '').slice(0, 12)}</a>
            {props.state.tags.length ? `, tagged ${props.state.tags.join(', ')}` : ''}.
          </p>
        )}
      </Show>
    </section>
  );
}
