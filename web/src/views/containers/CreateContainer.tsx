import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, createResource, createSignal, type JSX } from 'solid-js';
import { formatHash, type LinkRoute } from '../../routes/router';
import { describeError, isApiError } from '../../api/errors';
import type { EngineRef } from '../../api/types';
import { FIELD_LABELS, emptyForm, fieldOfError, missingImagePull, toCreateRequest, validateForm, type CreateForm, type FieldErrors, type FieldName } from '../../containers/createForm';
import { CreateRunFailure, failurePrefix, pullSource, replaceLosses, runCreate } from '../../containers/createRun';
import type { NotCarried } from '../../containers/carry';
import { formatRunLine } from '../../containers/runLine';
import { createSteps, loadDuplicate, useInvalidateContainers } from '../../queries/containerActions';
import { imageListOptions } from '../../queries/images';
import { networkListOptions } from '../../queries/networks';
import { useTransfers } from '../../queries/pulls';
import { overallProgress } from '../../engine/progress';
import { Confirm } from '../../components/Confirm';
import { CommandFields, createArgText } from './CreateCommand';
import { FieldError, KeyValues, MountRows, PortRows, type FormBinding } from './CreateRows';
import { CarriedNotes, EnvPaste, LimitFields, RunLinePaste, RunModeFields } from './CreateSettings';
import '../../styles/containers-create.css';
import '../../styles/registries.css';

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
  const [errors, setErrors] = createSignal<FieldErrors>({});
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
  const images = useQuery(() => imageListOptions(props.engine));
  const networks = useQuery(() => networkListOptions(props.engine));
  const invalidate = useInvalidateContainers(() => props.engine.name);

  const networkNames = createMemo(() => (networks.data ?? []).filter((n) => n.Driver !== 'host' && n.Driver !== 'null').map((n) => n.Name));
  const tags = createMemo(() => [...new Set((images.data ?? []).flatMap((i) => i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'))].sort());
  const update = (change: Partial<CreateForm>): void => {
    setForm({ ...form(), ...change });
  };
  const args = createArgText({ form, update });
  const fieldError = (name: FieldName): string | undefined => args.errors()[name] ?? errors()[name];
  const binding: FormBinding = { form, update, error: fieldError };
  const fill = (next: CreateForm): void => {
    setForm(next);
    args.fill(next);
    setErrors({});
  };

  // Duplicate / edit: the container's own settings, without what its image gave it.
  const [source] = createResource(
    () => props.from,
    async (id) => {
      const result = await loadDuplicate(props.engine, id);
      // A recreate keeps the name (the old one goes) and takes the image it was asked for (the tag, now newer).
      fill(props.replace ? { ...result.form, ...(props.image ? { image: props.image } : {}) } : { ...result.form, name: `${result.form.name}-copy` });
      setNotCarried(result.notCarried);
      return result.container;
    },
  );
  const oldName = (): string => source()?.Name.replace(/^\//, '') ?? '';

  const commandLine = createMemo(() => formatRunLine(form()));
  const argErrors = (): FieldErrors => Object.fromEntries(Object.entries(args.errors()).filter(([, v]) => v));
  /** The first field with a problem, in the form's order (not the general one: that shows at the button). */
  const firstError = createMemo(() => {
    const all = { ...errors(), ...argErrors() } as FieldErrors;
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

  const submit = async (): Promise<void> => {
    setPullOffer(null);
    const found = { ...validateForm(form()), ...argErrors() };
    showErrors(found);
    if (Object.keys(found).length > 0) return;
    if (replace() && source() && !asking()) {
      setAsking(true);
      return;
    }
    setAsking(false);
    const old = replace() ? source() : undefined;
    const request = toCreateRequest(form(), { replacing: old !== undefined });
    try {
      const created = await runCreate(createSteps(props.engine), request, old && { id: old.Id, name: oldName(), running: old.State.Running }, setBusy);
      await invalidate();
      const f = form();
      if (f.detach) props.navigate({ name: 'container', engine: props.engine.name, id: created });
      else if (f.interactive && f.tty) props.navigate({ name: 'console', engine: props.engine.name, id: created });
      else props.navigate({ name: 'containerLogs', engine: props.engine.name, id: created });
    } catch (failure) {
      const run = failure instanceof CreateRunFailure ? failure : new CreateRunFailure(failure, 'create', null);
      const cause = run.error;
      const text = describeError(cause);
      const message = `${text.message}${text.hint ? ` (${text.hint})` : ''}`;
      const field = isApiError(cause) ? fieldOfError(text.message) : 'general';
      const missing = isApiError(cause) && !run.created ? missingImagePull(cause.status, text.message, form().image) : null;
      if (missing) {
        // Like docker run: offer the pull right at the button, then go on with the create.
        setPullOffer(missing);
        setErrors({ image: `The engine does not have ${form().image.trim()}.` });
      } else showErrors({ [field]: `${failurePrefix(run)}${message}` });
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

  return (
    <section class="page ct-create" aria-labelledby="create-title" data-testid="create-container">
      <div class="page-head">
        <a class="back-link" href={formatHash({ name: 'containers', engine: props.engine.name })}>
          ← Containers
        </a>
      </div>
      <h1 id="create-title">{props.from ? (props.replace ? 'Recreate a container' : 'Duplicate / edit a container') : 'Create and run a container'}</h1>
      <Show when={props.replace && source()}>
        <p class="notice" data-testid="create-recreate">
          {oldName()} is recreated from <code>{form().image}</code> with its settings: the new container is created, then the old one is stopped and
          removed and the new one takes its name. Check the form, then “Create and start” asks before anything is replaced.
        </p>
      </Show>
      <Show when={source.error}>
        <p class="notice notice-warn" role="alert">Could not read {props.from}: {describeError(source.error).message}. Fill in the form yourself, or go back.</p>
      </Show>
      <CarriedNotes notCarried={notCarried()} carried={form().carried ?? undefined} />

      <RunLinePaste open={!props.from && !props.image} onFill={fill} />

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
            <FieldError binding={binding} name="image" />
          </label>
          <label class="ct-field">
            <span class="field-label">Name</span>
            <input class="input mono" data-testid="create-name" value={form().name} aria-invalid={fieldError('name') ? 'true' : undefined} placeholder="(the engine picks one)" onInput={(e) => update({ name: e.currentTarget.value })} />
            <FieldError binding={binding} name="name" />
          </label>
        </div>

        <CommandFields binding={binding} args={args} />

        <KeyValues binding={binding} key="env" label="Environment" />
        <EnvPaste binding={binding} />

        <PortRows binding={binding} />
        <MountRows binding={binding} />

        <LimitFields binding={binding} networks={networkNames()} />

        <KeyValues binding={binding} key="labels" label="Labels" />

        <RunModeFields binding={binding} />

        <div class="ct-field">
          <span class="field-label">The same with the docker CLI</span>
          <pre class="ct-cmdline" data-testid="create-command-line">{commandLine()}</pre>
          <button type="button" class="button button-small" onClick={() => void navigator.clipboard?.writeText(commandLine())}>
            Copy
          </button>
        </div>

        <Show when={props.from ? source() : undefined}>
          <label class="ct-check">
            <input type="checkbox" data-testid="create-replace" checked={replace()} onChange={(e) => setReplace(e.currentTarget.checked)} /> replace {oldName()}: stop and remove it once the new one is created, then give the new one its name
          </label>
        </Show>
        <Show when={asking() && source()}>
          {(old) => (
            <Confirm
              title={`Replace ${oldName()}?`}
              lost={replaceLosses(old().State.Running, notCarried())}
              confirmLabel="Create the new one and replace"
              onConfirm={() => void submit()}
              onCancel={() => setAsking(false)}
            />
          )}
        </Show>
        <FieldError binding={binding} name="general" />
        <Show when={pullOffer()}>
          {(offer) => (
            <div class="notice" role="alert" data-testid="create-pull-offer">
              <p>
                The engine does not have <code>{form().image.trim()}</code>. Pull it from {pullSource(offer().repository)}, then create the container?
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
