/**
 * An existing container's configuration → the create form, for "Duplicate / edit". The form's own
 * fields leave out what the image gave (its Env, Cmd, Entrypoint, Labels, user and working dir, the
 * hostname made from the id); every other setting rides along in `form.carried` (carry.ts), and what
 * cannot be carried (the proxy's policy refuses it, or two containers cannot share it) is named in
 * `notCarried` so the page says so before anything is replaced.
 */
import type { ContainerInspect, ImageConfig } from '../engine/types';
import { emptyForm, formatCpus, formatMemory, RESTART_NAMES, type CreateForm, type MountRow, type PortRow, type RestartName } from './createForm';
import { parseVolume } from './runLine';
import { carryFromInspect, type CarryContext, type NotCarried } from './carry';

/** HostConfig fields read here beyond the shared type. */
interface HostConfigExtra {
  Mounts?: { Type?: string; Source?: string; Target?: string; ReadOnly?: boolean }[] | null;
  [key: string]: unknown;
}

export interface FromInspect {
  form: CreateForm;
  /** Settings that do not come along, each with why. */
  notCarried: NotCarried[];
}

const sameArgs = (a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function formFromInspect(container: ContainerInspect, image: ImageConfig | null, context: CarryContext = {}): FromInspect {
  const config = container.Config ?? {};
  const host = (container.HostConfig ?? {}) as NonNullable<ContainerInspect['HostConfig']> & HostConfigExtra;
  const form = emptyForm();
  form.image = config.Image ?? container.Image;
  form.name = container.Name.replace(/^\//, '');
  const entrypointSame = sameArgs(config.Entrypoint, image?.Entrypoint);
  form.entrypoint = entrypointSame ? null : (config.Entrypoint ?? []);
  form.cmd = entrypointSame && sameArgs(config.Cmd, image?.Cmd) ? null : (config.Cmd ?? null);
  if (config.WorkingDir && config.WorkingDir !== (image?.WorkingDir ?? '')) form.workingDir = config.WorkingDir;
  if (config.User && config.User !== (image?.User ?? '')) form.user = config.User;
  const imageEnv = new Set(image?.Env ?? []);
  form.env = (config.Env ?? [])
    .filter((entry) => !imageEnv.has(entry))
    .map((entry) => {
      const eq = entry.indexOf('=');
      return eq === -1 ? { key: entry, value: '' } : { key: entry.slice(0, eq), value: entry.slice(eq + 1) };
    });
  const imageLabels = image?.Labels ?? {};
  form.labels = Object.entries(config.Labels ?? {})
    .filter(([key, value]) => imageLabels[key] !== value)
    .map(([key, value]) => ({ key, value }));
  if (config.Hostname && config.Hostname !== container.Id.slice(0, 12)) form.hostname = config.Hostname;

  const ports: PortRow[] = [];
  for (const [key, bindings] of Object.entries(host.PortBindings ?? {})) {
    const [port = '', proto = 'tcp'] = key.split('/');
    const protocol = proto === 'udp' || proto === 'sctp' ? proto : 'tcp';
    for (const b of bindings ?? [{ HostIp: '', HostPort: '' }]) ports.push({ hostIp: b.HostIp ?? '', hostPort: b.HostPort ?? '', containerPort: port, protocol });
  }
  form.ports = ports;

  const mounts: MountRow[] = [];
  for (const bind of host.Binds ?? []) {
    const row = parseVolume(bind);
    if (row) mounts.push(row);
  }
  for (const m of host.Mounts ?? []) {
    if ((m.Type === 'bind' || m.Type === 'volume') && m.Target) {
      mounts.push({ type: m.Type, source: m.Source ?? '', target: m.Target, readOnly: m.ReadOnly === true });
    }
  }
  form.mounts = mounts;

  const restart = host.RestartPolicy?.Name ?? '';
  form.restart = (RESTART_NAMES as readonly string[]).includes(restart) ? (restart as RestartName) : 'no';
  form.restartMax = form.restart === 'on-failure' ? (host.RestartPolicy?.MaximumRetryCount ?? 0) : 0;
  form.memory = formatMemory(host.Memory ?? 0);
  form.cpus = formatCpus(host.NanoCpus ?? 0);
  const network = host.NetworkMode ?? '';
  form.network = network === 'default' || network === 'bridge' ? '' : network;
  form.autoRemove = host.AutoRemove === true;
  form.tty = config.Tty === true;
  form.interactive = config.OpenStdin === true;
  form.detach = true;

  const { carried, notCarried } = carryFromInspect(container, context);
  form.carried = carried;
  return { form, notCarried };
}
