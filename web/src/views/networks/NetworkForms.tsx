import { useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createSignal, type JSX } from 'solid-js';
import { describeError } from '../../api/errors';
import type { EngineRef } from '../../api/types';
import { ErrorPanel } from '../../components/ErrorPanel';
import { containerName } from '../../engine/containers';
import {
  NETWORK_DRIVERS,
  connectProblems,
  emptyConnectForm,
  emptyNetworkForm,
  networkFormProblems,
  planNetworkRemovals,
  toConnectBody,
  toNetworkCreateBody,
  type ConnectForm,
  type NetworkField,
  type NetworkForm,
} from '../../engine/networkForms';
import { containerListOptions } from '../../queries/containers';
import { connectNetwork, createNetwork, disconnectNetwork, networkListOptions, removeNetwork } from '../../queries/networks';
import { BulkRemove } from '../../components/BulkRemove';
import { Confirm, StatusLine } from '../../components/Confirm';
import '../../styles/containers-create.css';
import '../../styles/registries.css';
import { containerKeys, networkKeys } from '../../queries/keys';

type Status = { kind: 'ok' | 'error' | 'busy'; text: string } | null;

const reason = (cause: unknown): string => {
  const text = describeError(cause);
  return text.hint ? `${text.message} (${text.hint})` : text.message;
};

function useRefreshNetworks(engine: () => string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: networkKeys.all(engine()) }),
      queryClient.invalidateQueries({ queryKey: containerKeys.all(engine()) }),
    ]);
  };
}

function Field(props: { label: string; problem?: string | undefined; hint?: string; children: JSX.Element }): JSX.Element {
  return (
    <label class="form-field">
      <span class="field-label">{props.label}</span>
      {props.children}
      <Show when={props.problem}>{(text) => <span class="form-error" role="alert">{text()}</span>}</Show>
      <Show when={props.hint}>{(text) => <span class="muted">{text()}</span>}</Show>
    </label>
  );
}

/** `docker network create` as a form: driver, IPv4 pool, IPv6, internal, attachable, labels. */
export function CreateNetworkPanel(props: { engine: EngineRef; onCreated: (id: string, name: string) => void; onCancel: () => void }): JSX.Element {
  const refresh = useRefreshNetworks(() => props.engine.name);
  const [form, setForm] = createSignal<NetworkForm>(emptyNetworkForm());
  const [shown, setShown] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  const problems = () => (shown() ? networkFormProblems(form()) : {});
  const set = <K extends keyof NetworkForm>(key: K, value: NetworkForm[K]) => setForm({ ...form(), [key]: value });
  const text = (key: NetworkField & keyof NetworkForm, placeholder: string) => (
    <input class="input" data-testid={`network-create-${key}`} placeholder={placeholder} value={String(form()[key])} onInput={(e) => set(key, e.currentTarget.value)} aria-invalid={problems()[key] !== undefined} />
  );
  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setShown(true);
    if (Object.keys(networkFormProblems(form())).length) return;
    setBusy(true);
    setError(null);
    try {
      const body = toNetworkCreateBody(form());
      const id = await createNetwork(props.engine, body);
      await refresh();
      props.onCreated(id, body.Name);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="action-panel" data-testid="network-create-form" data-admin onSubmit={(e) => void submit(e)}>
      <div class="form-grid">
        <Field label="Name" problem={problems().name}>
          {text('name', 'backend')}
        </Field>
        <Field label="Driver" hint="overlay needs this engine to be in a swarm">
          <select class="select" data-testid="network-create-driver" value={form().driver} onChange={(e) => set('driver', e.currentTarget.value as NetworkForm['driver'])}>
            <For each={NETWORK_DRIVERS}>{(driver) => <option value={driver}>{driver}</option>}</For>
          </select>
        </Field>
        <Field label="Subnet (IPv4, optional)" problem={problems().subnet} hint="Empty: the engine picks a free one">
          {text('subnet', '10.20.0.0/24')}
        </Field>
        <Field label="Gateway" problem={problems().gateway}>
          {text('gateway', '10.20.0.1')}
        </Field>
        <Field label="IP range for containers" problem={problems().ipRange} hint="Part of the subnet the engine hands out">
          {text('ipRange', '10.20.0.128/25')}
        </Field>
      </div>
      <label class="check">
        <input type="checkbox" data-testid="network-create-internal" checked={form().internal} onChange={(e) => set('internal', e.currentTarget.checked)} />
        <span>
          <strong>Internal</strong>: containers on it reach each other but not the outside world.
        </span>
      </label>
      <label class="check">
        <input type="checkbox" data-testid="network-create-attachable" checked={form().attachable} onChange={(e) => set('attachable', e.currentTarget.checked)} />
        <span>
          <strong>Attachable</strong> (overlay): plain containers may join it, not only swarm services.
        </span>
      </label>
      <label class="check">
        <input type="checkbox" data-testid="network-create-ipv6" checked={form().ipv6} onChange={(e) => set('ipv6', e.currentTarget.checked)} />
        <span>
          <strong>IPv6</strong>: give containers IPv6 addresses too. Older engines need an IPv6 subnet below; the engine says so if it refuses.
        </span>
      </label>
      <Show when={form().ipv6}>
        <div class="form-grid">
          <Field label="IPv6 subnet" problem={problems().subnet6}>
            {text('subnet6', 'fd00:20::/64')}
          </Field>
          <Field label="IPv6 gateway" problem={problems().gateway6}>
            {text('gateway6', 'fd00:20::1')}
          </Field>
        </div>
      </Show>
      <Field label="Labels (one key=value a line)" problem={problems().labels}>
        <textarea class="input" rows="2" data-testid="network-create-labels" value={form().labels} onInput={(e) => set('labels', e.currentTarget.value)} />
      </Field>
      <Show when={error()}>{(cause) => <ErrorPanel error={cause()} title="The network was not created" />}</Show>
      <div class="form-actions">
        <button type="submit" class="button button-primary button-small" data-testid="network-create-submit" data-admin disabled={busy()}>
          {busy() ? 'Creating…' : 'Create network'}
        </button>
        <button type="button" class="button button-ghost button-small" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * Removes one or several networks after asking: built-ins and networks with containers are named
 * with the reason the engine would give, and left alone.
 */
export function RemoveNetworksPanel(props: {
  engine: EngineRef;
  networks: readonly { id: string; name: string; containers: readonly { name: string }[] }[];
  onDone: () => void;
  onCancel: () => void;
}): JSX.Element {
  const refresh = useRefreshNetworks(() => props.engine.name);
  return (
    <BulkRemove
      testId="network-remove"
      nouns={['network', 'networks']}
      plan={planNetworkRemovals(props.networks)}
      refusedTitle={['This network cannot be removed', 'None of these networks can be removed']}
      lost={() => 'its settings (subnet, options, labels) go; no container is on it.'}
      remove={(p) => removeNetwork(props.engine, p.id)}
      reason={reason}
      after={refresh}
      onDone={props.onDone}
      onCancel={props.onCancel}
    />
  );
}

/**
 * Joins a container to a network, with aliases and fixed addresses. From a network page the choice is
 * the container; from a container page, the network.
 */
export function ConnectPanel(props: { engine: EngineRef; network?: string; container?: string; exclude: readonly string[]; onDone: () => void }): JSX.Element {
  const refresh = useRefreshNetworks(() => props.engine.name);
  const pick = () => (props.network ? 'container' : 'network');
  const containers = useQuery(() => ({ ...containerListOptions(props.engine), enabled: pick() === 'container' }));
  const networks = useQuery(() => ({ ...networkListOptions(props.engine), enabled: pick() === 'network' }));
  const [form, setForm] = createSignal<ConnectForm>(emptyConnectForm());
  const [shown, setShown] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  const problems = () => (shown() ? connectProblems(form(), pick()) : {});
  const choices = (): { value: string; label: string }[] =>
    pick() === 'container'
      ? (containers.data ?? []).map((c) => ({ value: c.Id, label: containerName(c.Names) })).filter((c) => !props.exclude.includes(c.label) && !props.exclude.includes(c.value))
      : (networks.data ?? []).map((n) => ({ value: n.Name, label: `${n.Name} (${n.Driver})` })).filter((n) => !props.exclude.includes(n.value));
  const set = <K extends keyof ConnectForm>(key: K, value: ConnectForm[K]) => setForm({ ...form(), [key]: value });
  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setShown(true);
    if (Object.keys(connectProblems(form(), pick())).length) return;
    setBusy(true);
    setError(null);
    try {
      const network = props.network ?? form().target;
      const container = props.container ?? form().target;
      await connectNetwork(props.engine, network, toConnectBody(container, form()));
      await refresh();
      setForm(emptyConnectForm());
      setShown(false);
      props.onDone();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="action-panel" data-testid="network-connect-form" data-admin onSubmit={(e) => void submit(e)}>
      <div class="form-grid">
        <Field label={pick() === 'container' ? 'Container' : 'Network'} problem={problems().target}>
          <select class="select" data-testid="network-connect-target" value={form().target} onChange={(e) => set('target', e.currentTarget.value)}>
            <option value="">Choose…</option>
            <For each={choices()}>{(choice) => <option value={choice.value}>{choice.label}</option>}</For>
          </select>
        </Field>
        <Field label="Aliases (optional)" problem={problems().aliases} hint="Other names it answers to on this network">
          <input class="input" data-testid="network-connect-aliases" placeholder="api, api.internal" value={form().aliases} onInput={(e) => set('aliases', e.currentTarget.value)} />
        </Field>
        <Field label="Fixed IPv4 (optional)" problem={problems().ipv4} hint="Needs a network made with a subnet">
          <input class="input" data-testid="network-connect-ipv4" placeholder="10.20.0.50" value={form().ipv4} onInput={(e) => set('ipv4', e.currentTarget.value)} />
        </Field>
        <Field label="Fixed IPv6 (optional)" problem={problems().ipv6}>
          <input class="input" data-testid="network-connect-ipv6" placeholder="fd00:20::50" value={form().ipv6} onInput={(e) => set('ipv6', e.currentTarget.value)} />
        </Field>
      </div>
      <Show when={error()}>{(cause) => <ErrorPanel error={cause()} title="Not connected" />}</Show>
      <div class="form-actions">
        <button type="submit" class="button button-primary button-small" data-testid="network-connect-submit" data-admin disabled={busy()}>
          {busy() ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}

/** "Disconnect" beside a container on a network (or a network on a container), asking first. */
export function DisconnectButton(props: { engine: EngineRef; network: string; container: string; containerLabel: string; address: string | null }): JSX.Element {
  const refresh = useRefreshNetworks(() => props.engine.name);
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [status, setStatus] = createSignal<Status>(null);
  const run = async (): Promise<void> => {
    setBusy(true);
    try {
      await disconnectNetwork(props.engine, props.network, props.container);
      setAsking(false);
      await refresh();
    } catch (cause) {
      setStatus({ kind: 'error', text: `Not disconnected: ${reason(cause)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="button button-ghost button-small" data-testid="network-disconnect" data-admin aria-label={`Disconnect ${props.containerLabel} from ${props.network}`} onClick={() => setAsking(true)}>
        Disconnect
      </button>
      <Show when={asking()}>
        <Confirm
          title={`Disconnect ${props.containerLabel} from ${props.network}?`}
          lost={[`It loses ${props.address ? `its address ${props.address} and ` : ''}its names on ${props.network}; what talks to it there stops reaching it.`]}
          confirmLabel="Disconnect"
          busy={busy()}
          onConfirm={() => void run()}
          onCancel={() => setAsking(false)}
        />
      </Show>
      <StatusLine status={status()} />
    </>
  );
}
