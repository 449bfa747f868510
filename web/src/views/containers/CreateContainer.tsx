import { useQuery } from '@tanstack/solid-query';
import { For, Index, Show, createMemo, createResource, createSignal, type JSX } from 'solid-js';
import { formatHash, type LinkRoute } from '../../routes/router';
import { describeError, isApiError } from '../../api/errors';
import { engineUrl } from '../../api/engineApi';
import { getJson } from '../../api/http';
import type { EngineRef } from '../../api/types';
import {
  FIELD_LABELS,
  RESTART_NAMES,
  emptyForm,
  fieldOfError,
  missingImagePull,
  mergeRows,
  parseEnvBlock,
  toCreateRequest,
  validateForm,
  type CreateForm,
  type FieldErrors,
  type FieldName,
  type KeyValueRow,
  type MountRow,
  type PortRow,
} from '../../containers/createForm';
import { describeCarried, type NotCarried } from '../../containers/carry';
import { formFromInspect } from '../../containers/fromInspect';
import { formatRunLine, parseRunLine } from '../../containers/runLine';
import { joinShellWords, splitShellWords } from '../../containers/shellWords';
import { connectNetwork, containerAction, createContainer, fetchImageConfig, removeContainer, renameContainer, useInvalidateContainers } from '../../queries/containerActions';
import { fetchContainer } from '../../queries/containers';
import { imageListOptions } from '../../queries/images';
import { networkListOptions } from '../../queries/networks';
import { useTransfers } from '../../queries/pulls';
import { overallProgress } from '../../engine/progress';
import { Confirm } from '../../components/Confirm';
import '../../styles/containers-create.css';
import '../../styles/registries.css';

type ArgMode = 'words' | 'lines' | 'sh';

/** Arguments as text in a mode: shell words on one line, one per line, or a string for sh -c. */
function argsToText(args: string[] | null, mode: ArgMode): string {
  if (!args) return '';
  if (mode === 'lines') return args.join('\n');
  if (mode === 'sh') return args.length === 3 && args[0] === 'sh' && args[1] === '-c' ? (args[2] ?? '') : joinShellWords(args);
  return joinShellWords(args);
}

function textToArgs(text: string, mode: ArgMode): { args: string[] | null; error?: string } {
  if (text.trim() === '') return { args: null };
  if (mode === 'lines') return { args: text.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1) };
  if (mode === 'sh') return { args: ['sh', '-c', text] };
  const split = splitShellWords(text);
  return split.error ? { args: null, error: split.error } : { args: split.words };
}

interface CreateProps {
  engine: EngineRef;
  image?: string;
  from?: string;
  /** Start as the replacement of `from` (recreate with a newer image): same name, "replace" ticked. */
  replace?: boolean;
  navigate: (route: LinkRoute) => void;
}

/** docker run in a form: every field checked before sending, refusals shown at their field, the equivalent command line. */
export default function CreateContainer(props: CreateProps): JSX.Element {
  const [form, setForm] = createSignal<CreateForm>({ ...emptyForm(), image: props.image ?? '' });
  const [cmdMode, setCmdMode] = createSignal<ArgMode>('words');
  const [cmdText, setCmdText] = createSignal('');
  const [entryText, setEntryText] = createSignal('');
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [argErrors, setArgErrors] = createSignal<FieldErrors>({});
  const [runLine, setRunLine] = createSignal('');
  const [runNotes, setRunNotes] = createSignal<string[]>([]);
  const [envPaste, setEnvPaste] = createSignal('');
  const [replace, setReplace] = createSignal(props.replace === true && props.from !== undefined);
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [pullOffer, setPullOffer] = createSignal<{ repository: string; tag: string } | null>(null);
  const [pulling, setPulling] = createSignal<{ repository: string; tag: string } | null>(null);
  const transfers = useTransfers();
  const pullJob = createMemo(() => {
    const p = pulling();
    return p ? transfers.jobs().find((job) => job.kind === 'pull' && job.repository === p.repository && job.tag === p.tag && job.status === 'running') : undefined;
  });
  const [notCarried, setNotCarried] = createSignal<NotCarried[]>([]);
  const carriedLines = createMemo(() => (form().carried ? describeCarried(form().carried!) : []));
  const images = useQuery(() => imageListOptions(props.engine));
  const networks = useQuery(() => networkListOptions(props.engine));
  const invalidate = useInvalidateContainers(() => props.engine.name);

  const tags = createMemo(() => [...new Set((images.data ?? []).flatMap((i) => i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'))].sort());
  const update = (change: Partial<CreateForm>): void => {
    setForm({ ...form(), ...change });
  };
  const fill = (next: CreateForm): void => {
    setForm(next);
    // `sh -c STRING` reads best as the string; anything else as shell words.
    const mode: ArgMode = next.cmd?.length === 3 && next.cmd[0] === 'sh' && next.cmd[1] === '-c' ? 'sh' : cmdMode() === 'lines' ? 'lines' : 'words';
    setCmdMode(mode);
    setCmdText(argsToText(next.cmd, mode));
    setEntryText(next.entrypoint ? joinShellWords(next.entrypoint) : '');
    setErrors({});
    setArgErrors({});
  };

  // Duplicate / edit: the container's own settings, without what its image gave it.
  const [source] = createResource(
    () => props.from,
    async (id) => {
      const container = await fetchContainer(props.engine, id);
      const [image, info] = await Promise.all([
        fetchImageConfig(props.engine, container.Image).catch(() => null),
        getJson<{ CgroupVersion?: string }>(engineUrl(props.engine, '/info')).catch(() => null),
      ]);
      const result = formFromInspect(container, image, { cgroupVersion: info?.CgroupVersion });
      // A recreate keeps the name (the old one goes) and takes the image it was asked for (the tag, now newer).
      fill(props.replace ? { ...result.form, ...(props.image ? { image: props.image } : {}) } : { ...result.form, name: `${result.form.name}-copy` });
      setNotCarried(result.notCarried);
      return container;
    },
  );

  const setCmd = (text: string, mode = cmdMode()): void => {
    setCmdText(text);
    const parsed = textToArgs(text, mode);
    setArgErrors({ ...argErrors(), cmd: parsed.error });
    if (!parsed.error) update({ cmd: parsed.args });
  };
  const setEntry = (text: string): void => {
    setEntryText(text);
    if (text.trim() === '') return update({ entrypoint: null });
    const split = splitShellWords(text);
    setArgErrors({ ...argErrors(), entrypoint: split.error });
    if (!split.error) update({ entrypoint: split.words });
  };

  const commandLine = createMemo(() => formatRunLine(form()));
  const fieldError = (name: FieldName): string | undefined => argErrors()[name] ?? errors()[name];
  /** The first field with a problem, in the form's order (not the general one: that shows at the button). */
  const firstError = createMemo(() => {
    const all = { ...errors(), ...Object.fromEntries(Object.entries(argErrors()).filter(([, v]) => v)) } as FieldErrors;
    const name = (Object.keys(FIELD_LABELS) as FieldName[]).find((key) => key !== 'general' && all[key]);
    return name ? { name, text: all[name]! } : null;
  });
  /** Brings a field with a problem to where the person looks, and puts the cursor in it. */
  const showField = (name: FieldName): void => {
    const message = document.querySelector<HTMLElement>(`[data-testid="create-error-${name}"]`);
    const field = message?.closest<HTMLElement>('.ct-field, fieldset') ?? message;
    field?.scrollIntoView({ block: 'center' });
    field?.querySelector<HTMLElement>('input, select, textarea')?.focus({ preventScroll: true });
  };
  const showErrors = (found: FieldErrors): void => {
    setErrors(found);
    // After the messages are drawn.
    queueMicrotask(() => {
      const first = firstError();
      if (first) showField(first.name);
    });
  };

  const applyRunLine = (): void => {
    const parsed = parseRunLine(runLine());
    if ('error' in parsed) {
      setRunNotes([parsed.error]);
      return;
    }
    fill(parsed.form);
    setRunNotes([
      ...parsed.unknown.map((flag) => `Not read: ${flag} (Porthole has no field for it; it was left out)`),
      ...parsed.problems,
    ]);
  };

  const submit = async (): Promise<void> => {
    setPullOffer(null);
    const found = { ...validateForm(form()), ...Object.fromEntries(Object.entries(argErrors()).filter(([, v]) => v)) };
    showErrors(found);
    if (Object.keys(found).length > 0) return;
    if (replace() && source() && !asking()) {
      setAsking(true);
      return;
    }
    setAsking(false);
    const old = replace() ? source() : undefined;
    const request = toCreateRequest(form(), { replacing: old !== undefined });
    // The new container takes the old one's name once the old one is gone.
    const finalName = request.name;
    if (old && finalName === old.Name.replace(/^\//, '')) request.name = `${finalName}-new-${Date.now().toString(36)}`;
    let created: string | null = null;
    try {
      setBusy('Creating the container…');
      created = (await createContainer(props.engine, request.body, request.name)).Id;
      for (const [network, endpoint] of request.connect ?? []) {
        setBusy(`Connecting it to ${network}…`);
        await connectNetwork(props.engine, network, created, endpoint);
      }
      if (old) {
        setBusy(`Stopping and removing ${old.Name.replace(/^\//, '')}…`);
        if (old.State.Running) await containerAction(props.engine, old.Id, 'stop');
        await removeContainer(props.engine, old.Id, { volumes: false, force: true });
        if (finalName && request.name !== finalName) await renameContainer(props.engine, created, finalName);
      }
      setBusy('Starting…');
      try {
        await containerAction(props.engine, created, 'start');
      } catch (cause) {
        // docker run leaves a container that never started behind; this form removes it so it can be sent again.
        if (!old) await removeContainer(props.engine, created, { volumes: true, force: true }).catch(() => undefined);
        created = old ? created : null;
        throw cause;
      }
      await invalidate();
      const f = form();
      if (f.detach) props.navigate({ name: 'container', engine: props.engine.name, id: created });
      else if (f.interactive && f.tty) props.navigate({ name: 'console', engine: props.engine.name, id: created });
      else props.navigate({ name: 'containerLogs', engine: props.engine.name, id: created });
    } catch (cause) {
      const text = describeError(cause);
      const message = `${text.message}${text.hint ? ` (${text.hint})` : ''}`;
      const field = isApiError(cause) ? fieldOfError(text.message) : 'general';
      const prefix = created ? 'Created, but it did not start: ' : busy()?.startsWith('Starting') ? 'It did not start (and was removed again): ' : '';
      const missing = isApiError(cause) && !created ? missingImagePull(cause.status, text.message, form().image) : null;
      if (missing) {
        // Like docker run: offer the pull right at the button, then go on with the create.
        setPullOffer(missing);
        setErrors({ image: `The engine does not have ${form().image.trim()}.` });
      } else showErrors({ [field]: `${prefix}${message}` });
      void invalidate();
    } finally {
      setBusy(null);
    }
  };

  const pullThenCreate = async (spec: { repository: string; tag: string }): Promise<void> => {
    setPullOffer(null);
    setPulling(spec);
    setBusy(`Pulling ${spec.repository}:${spec.tag}…`);
    try {
      const job = await transfers.start(props.engine, { kind: 'pull', repository: spec.repository, tag: spec.tag });
      if (job.status !== 'done') {
        showErrors({ image: job.status === 'cancelled' ? 'The pull was cancelled: nothing was created.' : `The pull failed: ${job.state.error ?? 'the engine did not say why'}. Nothing was created.` });
        return;
      }
    } finally {
      setPulling(null);
      setBusy(null);
    }
    setErrors({});
    await submit();
  };

  const rows = <K extends 'env' | 'labels' | 'ports' | 'mounts'>(key: K, list: CreateForm[K]): void => update({ [key]: list } as Partial<CreateForm>);
  const setRow = <T,>(list: readonly T[], index: number, change: Partial<T>): T[] => list.map((row, i) => (i === index ? { ...row, ...change } : row));

  const Err = (p: { name: FieldName }): JSX.Element => (
    <Show when={fieldError(p.name)}>
      {(text) => (
        <p class="ct-field-error" role="alert" data-testid={`create-error-${p.name}`}>
          {text()}
        </p>
      )}
    </Show>
  );

  const KeyValues = (p: { key: 'env' | 'labels'; label: string }): JSX.Element => (
    <fieldset class="ct-fieldset" data-testid={`create-${p.key}`} aria-invalid={fieldError(p.key) ? 'true' : undefined}>
      <legend>{p.label}</legend>
      <Index each={form()[p.key]}>
        {(row, i) => (
          <div class="ct-row" data-testid={`create-${p.key}-row`}>
            <input class="input mono" aria-label={`${p.label} ${i + 1} name`} placeholder="KEY" value={row().key} onInput={(e) => rows(p.key, setRow<KeyValueRow>(form()[p.key], i, { key: e.currentTarget.value }))} />
            <span aria-hidden="true">=</span>
            <input class="input mono" aria-label={`${p.label} ${i + 1} value`} placeholder="value" value={row().value} onInput={(e) => rows(p.key, setRow<KeyValueRow>(form()[p.key], i, { value: e.currentTarget.value }))} />
            <button type="button" class="button button-small button-ghost" aria-label={`Remove ${p.label} ${i + 1}`} onClick={() => rows(p.key, form()[p.key].filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        )}
      </Index>
      <button type="button" class="button button-small" data-testid={`create-${p.key}-add`} onClick={() => rows(p.key, [...form()[p.key], { key: '', value: '' }])}>
        + Add
      </button>
      <Err name={p.key} />
    </fieldset>
  );

  return (
    <section class="page ct-create" aria-labelledby="create-title" data-testid="create-container">
      <div class="page-head">
        <a class="back-link" href={formatHash({ name: 'containers', engine: props.engine.name })}>
          ← Containers
        </a>
      </div>
      <h1 id="create-title">{props.from ? (props.replace ? 'Recreate a container' : 'Duplicate / edit a container') : 'Create and run a container'}</h1>
      <Show when={props.replace && source()}>
        {(old) => (
          <p class="notice" data-testid="create-recreate">
            {old().Name.replace(/^\//, '')} is recreated from <code>{form().image}</code> with its settings: the new container is created, then the old one
            is stopped and removed and the new one takes its name. Check the form, then “Create and start” asks before anything is replaced.
          </p>
        )}
      </Show>
      <Show when={source.error}>
        <p class="notice notice-warn" role="alert">Could not read {props.from}: {describeError(source.error).message}. Fill in the form yourself, or go back.</p>
      </Show>
      <Show when={notCarried().length > 0}>
        <div class="notice notice-warn" data-testid="create-skipped">
          Not carried over:
          <ul>
            <For each={notCarried()}>{(item) => <li data-testid="create-skipped-item">{item.setting}: {item.why}</li>}</For>
          </ul>
        </div>
      </Show>
      <Show when={carriedLines().length > 0}>
        <details class="card" data-testid="create-carried">
          <summary class="card-title">Also carried over from the container ({carriedLines().length})</summary>
          <ul class="ct-notes mono">
            <For each={carriedLines()}>{(line) => <li>{line}</li>}</For>
          </ul>
        </details>
      </Show>

      <details class="card ct-paste" open={!props.from && !props.image}>
        <summary class="card-title">Paste a docker run line</summary>
        <textarea
          class="input mono ct-textarea"
          rows="3"
          data-testid="create-runline"
          aria-label="A docker run command line"
          placeholder="docker run -d --name web -p 8080:80 -e KEY=value nginx:1.27"
          value={runLine()}
          onInput={(e) => setRunLine(e.currentTarget.value)}
        />
        <div class="ct-actions">
          <button type="button" class="button" data-testid="create-runline-apply" onClick={applyRunLine} disabled={runLine().trim() === ''}>
            Fill the form
          </button>
        </div>
        <Show when={runNotes().length > 0}>
          <ul class="ct-notes" data-testid="create-runline-notes">
            <For each={runNotes()}>{(note) => <li>{note}</li>}</For>
          </ul>
        </Show>
      </details>

      <form
        class="card ct-form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div class="ct-grid">
          <label class="ct-field">
            <span class="field-label">Image</span>
            <input class="input mono" list="create-image-tags" data-testid="create-image" required value={form().image} aria-invalid={fieldError('image') ? 'true' : undefined} placeholder="busybox:1" onInput={(e) => update({ image: e.currentTarget.value })} />
            <datalist id="create-image-tags">
              <For each={tags()}>{(tag) => <option value={tag} />}</For>
            </datalist>
            <Err name="image" />
          </label>
          <label class="ct-field">
            <span class="field-label">Name</span>
            <input class="input mono" data-testid="create-name" value={form().name} aria-invalid={fieldError('name') ? 'true' : undefined} placeholder="(the engine picks one)" onInput={(e) => update({ name: e.currentTarget.value })} />
            <Err name="name" />
          </label>
        </div>

        <div class="ct-field">
          <div class="ct-label-row">
            <span class="field-label" id="create-cmd-label">Command</span>
            <select
              class="select select-small"
              data-testid="create-cmd-mode"
              aria-label="How the command is written"
              value={cmdMode()}
              onChange={(e) => {
                const mode = e.currentTarget.value as ArgMode;
                setCmdMode(mode);
                setCmdText(argsToText(form().cmd, mode));
              }}
            >
              <option value="words">shell words</option>
              <option value="lines">one argument per line</option>
              <option value="sh">a string for sh -c</option>
            </select>
          </div>
          <Show
            when={cmdMode() === 'lines'}
            fallback={<input class="input mono" aria-labelledby="create-cmd-label" data-testid="create-cmd" value={cmdText()} aria-invalid={fieldError('cmd') ? 'true' : undefined} placeholder="(the image's CMD)" onInput={(e) => setCmd(e.currentTarget.value)} />}
          >
            <textarea class="input mono ct-textarea" rows="3" aria-labelledby="create-cmd-label" data-testid="create-cmd" value={cmdText()} onInput={(e) => setCmd(e.currentTarget.value)} />
          </Show>
          <Show when={form().cmd}>
            {(args) => (
              <ol class="ct-args" data-testid="create-cmd-args" aria-label="Arguments">
                <For each={args()}>{(arg) => <li><code>{arg === '' ? "''" : arg}</code></li>}</For>
              </ol>
            )}
          </Show>
          <Err name="cmd" />
        </div>

        <div class="ct-grid">
          <label class="ct-field">
            <span class="field-label">Entrypoint (shell words)</span>
            <input class="input mono" data-testid="create-entrypoint" value={entryText()} aria-invalid={fieldError('entrypoint') ? 'true' : undefined} placeholder="(the image's ENTRYPOINT)" onInput={(e) => setEntry(e.currentTarget.value)} />
            <Err name="entrypoint" />
          </label>
          <label class="ct-field">
            <span class="field-label">Working dir</span>
            <input class="input mono" data-testid="create-workdir" value={form().workingDir} aria-invalid={fieldError('workingDir') ? 'true' : undefined} placeholder="/" onInput={(e) => update({ workingDir: e.currentTarget.value })} />
            <Err name="workingDir" />
          </label>
          <label class="ct-field">
            <span class="field-label">User</span>
            <input class="input mono" data-testid="create-user" value={form().user} aria-invalid={fieldError('user') ? 'true' : undefined} placeholder="root" onInput={(e) => update({ user: e.currentTarget.value })} />
            <Err name="user" />
          </label>
          <label class="ct-field">
            <span class="field-label">Hostname</span>
            <input class="input mono" data-testid="create-hostname" value={form().hostname} aria-invalid={fieldError('hostname') ? 'true' : undefined} onInput={(e) => update({ hostname: e.currentTarget.value })} />
            <Err name="hostname" />
          </label>
        </div>

        <KeyValues key="env" label="Environment" />
        <details class="ct-envpaste">
          <summary>Paste a .env block</summary>
          <textarea class="input mono ct-textarea" rows="4" data-testid="create-env-paste" aria-label=".env lines" placeholder={'KEY=value\n# comments are skipped'} value={envPaste()} onInput={(e) => setEnvPaste(e.currentTarget.value)} />
          <button
            type="button"
            class="button button-small"
            data-testid="create-env-paste-apply"
            onClick={() => {
              update({ env: mergeRows(form().env, parseEnvBlock(envPaste())) });
              setEnvPaste('');
            }}
          >
            Add these variables
          </button>
        </details>

        <fieldset class="ct-fieldset" data-testid="create-ports">
          <legend>Ports (host → container)</legend>
          <Index each={form().ports}>
            {(row, i) => (
              <div class="ct-row ct-row-wrap ct-port-row" data-testid="create-port-row">
                <input class="input mono ct-narrow" aria-label={`Port ${i + 1} host address`} placeholder="0.0.0.0" value={row().hostIp} onInput={(e) => rows('ports', setRow<PortRow>(form().ports, i, { hostIp: e.currentTarget.value }))} />
                <input class="input mono ct-narrow" aria-label={`Port ${i + 1} host port`} placeholder="any" inputmode="numeric" value={row().hostPort} onInput={(e) => rows('ports', setRow<PortRow>(form().ports, i, { hostPort: e.currentTarget.value }))} />
                <span aria-hidden="true">→</span>
                <input class="input mono ct-narrow" aria-label={`Port ${i + 1} container port`} placeholder="80" inputmode="numeric" value={row().containerPort} onInput={(e) => rows('ports', setRow<PortRow>(form().ports, i, { containerPort: e.currentTarget.value }))} />
                <select class="select" aria-label={`Port ${i + 1} protocol`} value={row().protocol} onChange={(e) => rows('ports', setRow<PortRow>(form().ports, i, { protocol: e.currentTarget.value as PortRow['protocol'] }))}>
                  <option value="tcp">tcp</option>
                  <option value="udp">udp</option>
                  <option value="sctp">sctp</option>
                </select>
                <button type="button" class="button button-small button-ghost" aria-label={`Remove port ${i + 1}`} onClick={() => rows('ports', form().ports.filter((_, j) => j !== i))}>
                  ×
                </button>
              </div>
            )}
          </Index>
          <button type="button" class="button button-small" data-testid="create-ports-add" onClick={() => rows('ports', [...form().ports, { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' }])}>
            + Add a port
          </button>
          <Err name="ports" />
        </fieldset>

        <fieldset class="ct-fieldset" data-testid="create-mounts">
          <legend>Mounts</legend>
          <Index each={form().mounts}>
            {(row, i) => (
              <div class="ct-row ct-row-wrap" data-testid="create-mount-row">
                <select class="select" aria-label={`Mount ${i + 1} type`} value={row().type} onChange={(e) => rows('mounts', setRow<MountRow>(form().mounts, i, { type: e.currentTarget.value as MountRow['type'] }))}>
                  <option value="bind">bind (host folder)</option>
                  <option value="volume">volume</option>
                </select>
                <input class="input mono" aria-label={`Mount ${i + 1} source`} placeholder={row().type === 'bind' ? '/srv/data' : 'volume name (empty: anonymous)'} value={row().source} onInput={(e) => rows('mounts', setRow<MountRow>(form().mounts, i, { source: e.currentTarget.value }))} />
                <span aria-hidden="true">→</span>
                <input class="input mono" aria-label={`Mount ${i + 1} path in the container`} placeholder="/data" value={row().target} onInput={(e) => rows('mounts', setRow<MountRow>(form().mounts, i, { target: e.currentTarget.value }))} />
                <label class="ct-check">
                  <input type="checkbox" checked={row().readOnly} onChange={(e) => rows('mounts', setRow<MountRow>(form().mounts, i, { readOnly: e.currentTarget.checked }))} /> read-only
                </label>
                <button type="button" class="button button-small button-ghost" aria-label={`Remove mount ${i + 1}`} onClick={() => rows('mounts', form().mounts.filter((_, j) => j !== i))}>
                  ×
                </button>
              </div>
            )}
          </Index>
          <button type="button" class="button button-small" data-testid="create-mounts-add" onClick={() => rows('mounts', [...form().mounts, { type: 'volume', source: '', target: '', readOnly: false }])}>
            + Add a mount
          </button>
          <p class="muted ct-hint">Bind mounts work only below the folders the proxy allows (--allow-bind); named volumes always do.</p>
          <Err name="mounts" />
        </fieldset>

        <div class="ct-grid">
          <label class="ct-field">
            <span class="field-label">Restart policy</span>
            <select class="select" data-testid="create-restart" value={form().restart} onChange={(e) => update({ restart: e.currentTarget.value as CreateForm['restart'] })}>
              <For each={RESTART_NAMES}>{(name) => <option value={name}>{name}</option>}</For>
            </select>
            <Err name="restart" />
          </label>
          <Show when={form().restart === 'on-failure'}>
            <label class="ct-field">
              <span class="field-label">Retries (0: no limit)</span>
              <input class="input" type="number" min="0" data-testid="create-restart-max" value={form().restartMax} onInput={(e) => update({ restartMax: Number(e.currentTarget.value) || 0 })} />
            </label>
          </Show>
          <label class="ct-field">
            <span class="field-label">Memory limit</span>
            <input class="input mono" data-testid="create-memory" value={form().memory} aria-invalid={fieldError('memory') ? 'true' : undefined} placeholder="256m, 1g (none)" onInput={(e) => update({ memory: e.currentTarget.value })} />
            <Err name="memory" />
          </label>
          <label class="ct-field">
            <span class="field-label">CPUs</span>
            <input class="input mono" inputmode="decimal" data-testid="create-cpus" value={form().cpus} aria-invalid={fieldError('cpus') ? 'true' : undefined} placeholder="2, 0.5 (none)" onInput={(e) => update({ cpus: e.currentTarget.value })} />
            <Err name="cpus" />
          </label>
          <label class="ct-field">
            <span class="field-label">Network</span>
            <input class="input mono" list="create-networks" data-testid="create-network" value={form().network} aria-invalid={fieldError('network') ? 'true' : undefined} placeholder="bridge (default)" onInput={(e) => update({ network: e.currentTarget.value })} />
            <datalist id="create-networks">
              <For each={(networks.data ?? []).filter((n) => n.Driver !== 'host' && n.Driver !== 'null')}>{(n) => <option value={n.Name} />}</For>
            </datalist>
            <Err name="network" />
          </label>
        </div>

        <KeyValues key="labels" label="Labels" />

        <fieldset class="ct-fieldset">
          <legend>How it runs</legend>
          <label class="ct-check">
            <input type="radio" name="create-mode" data-testid="create-detach" checked={form().detach} onChange={() => update({ detach: true })} /> detached (-d): start it and open its page
          </label>
          <label class="ct-check">
            <input type="radio" name="create-mode" data-testid="create-interactive" checked={!form().detach && form().interactive && form().tty} onChange={() => update({ detach: false, interactive: true, tty: true })} /> interactive with a TTY (-it): open its console
          </label>
          <label class="ct-check">
            <input type="radio" name="create-mode" data-testid="create-foreground" checked={!form().detach && !(form().interactive && form().tty)} onChange={() => update({ detach: false, interactive: false, tty: false })} /> in the foreground: follow its logs
          </label>
          <label class="ct-check">
            <input type="checkbox" data-testid="create-rm" checked={form().autoRemove} onChange={(e) => update({ autoRemove: e.currentTarget.checked })} /> remove it when it exits (--rm)
          </label>
        </fieldset>

        <div class="ct-field">
          <span class="field-label">The same with the docker CLI</span>
          <pre class="ct-cmdline" data-testid="create-command-line">{commandLine()}</pre>
          <button type="button" class="button button-small" onClick={() => void navigator.clipboard?.writeText(commandLine())}>
            Copy
          </button>
        </div>

        <Show when={props.from ? source() : undefined}>
          {(old) => (
            <label class="ct-check">
              <input type="checkbox" data-testid="create-replace" checked={replace()} onChange={(e) => setReplace(e.currentTarget.checked)} /> replace {old().Name.replace(/^\//, '')}: stop and remove it once the new one is created, then give the new one its name
            </label>
          )}
        </Show>
        <Show when={asking() && source()}>
          {(old) => (
            <Confirm
              title={`Replace ${old().Name.replace(/^\//, '')}?`}
              lost={[
                ...(old().State.Running ? ['It is running: it will be stopped.'] : []),
                'Its writable layer (files it changed since it was created) is removed with it.',
                'Its anonymous volumes are mounted in the new one again, with their data.',
                ...notCarried().map((item) => `Not carried over: ${item.setting} (${item.why}).`),
              ]}
              confirmLabel="Create the new one and replace"
              onConfirm={() => void submit()}
              onCancel={() => setAsking(false)}
            />
          )}
        </Show>
        <Err name="general" />
        <Show when={pullOffer()}>
          {(offer) => (
            <div class="notice" role="alert" data-testid="create-pull-offer">
              <p>
                The engine does not have <code>{form().image.trim()}</code>. Pull it from {offer().repository.includes('/') && /[.:]/.test(offer().repository.split('/')[0] ?? '') ? offer().repository.split('/')[0] : 'Docker Hub'}, then create the container?
              </p>
              <button type="button" class="button button-primary" data-testid="create-pull" onClick={() => void pullThenCreate(offer())}>
                Pull and create
              </button>
            </div>
          )}
        </Show>
        <Show when={pulling()}>
          <div class="ct-field" data-testid="create-pull-progress" data-fraction={(pullJob() ? overallProgress(pullJob()!.state).fraction : 0).toFixed(3)}>
            <progress class="bar" max="1" value={pullJob() ? overallProgress(pullJob()!.state).fraction : 0} aria-label="Pull progress" />
            <span class="muted">{pullJob()?.state.lines.at(-1) ?? 'Starting the pull…'}</span>
          </div>
        </Show>
        <Show when={firstError()}>
          {(first) => (
            <p class="ct-field-error" role="alert" data-testid="create-error-summary" data-field={first().name}>
              {FIELD_LABELS[first().name]}: {first().text}{' '}
              <button type="button" class="button button-small button-ghost" data-testid="create-error-show" onClick={() => showField(first().name)}>
                Show
              </button>
            </p>
          )}
        </Show>
        <div class="ct-actions">
          <button type="submit" class="button button-primary" data-testid="create-submit" disabled={busy() !== null}>
            {busy() ?? (form().detach ? 'Create and start' : 'Create and run')}
          </button>
          <span class="muted" role="status" data-testid="create-busy">
            {busy() ?? ''}
          </span>
        </div>
      </form>
    </section>
  );
}
