/**
 * Volumes made and removed from the page: what the create form becomes as POST /volumes/create,
 * and which chosen volumes the engine will refuse to remove (in use) and why. No DOM, no fetch.
 * The proxy judges driver options (bind mounts of the host, network mounts); its reason is shown as is.
 */
import { parseLabelLines } from './networkForms';
import type { VolumeUser } from './volumes';

export interface VolumeForm {
  /** Empty: the engine names it (64 hex characters, an "anonymous" volume). */
  name: string;
  /** One `key=value` per line. */
  labels: string;
  /** Options of the local driver, one `key=value` per line (type=tmpfs, device=tmpfs, o=size=64m). */
  options: string;
}

export function emptyVolumeForm(): VolumeForm {
  return { name: '', labels: '', options: '' };
}

export interface VolumeCreateBody {
  Name: string;
  Driver: 'local';
  DriverOpts: Record<string, string>;
  Labels: Record<string, string>;
}

export type VolumeProblems = Partial<Record<'name' | 'labels' | 'options', string>>;

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function volumeFormProblems(form: VolumeForm): VolumeProblems {
  const problems: VolumeProblems = {};
  const name = form.name.trim();
  if (name && !NAME.test(name)) problems.name = 'At least two characters: letters, digits, _ . -, starting with a letter or digit.';
  const labels = parseLabelLines(form.labels);
  if (labels.problem) problems.labels = labels.problem;
  const options = parseLabelLines(form.options);
  if (options.problem) problems.options = options.problem;
  return problems;
}

export function toVolumeCreateBody(form: VolumeForm): VolumeCreateBody {
  return { Name: form.name.trim(), Driver: 'local', DriverOpts: parseLabelLines(form.options).labels, Labels: parseLabelLines(form.labels).labels };
}

export interface VolumeRemoval {
  name: string;
  users: VolumeUser[];
  /** Why the engine will refuse (containers use it), or null. */
  refused: string | null;
}

/** In-use volumes are named with their containers: the engine refuses them, forced or not. */
export function planVolumeRemovals(volumes: readonly { name: string; users: readonly VolumeUser[] }[]): VolumeRemoval[] {
  return volumes.map((volume) => {
    const users = [...volume.users];
    const named = users.map((u) => `${u.name} (${u.state})`).join(', ');
    const refused = users.length
      ? `used by ${named}: the engine refuses while a container, running or stopped, has it; remove ${users.length === 1 ? 'that container' : 'those containers'} first.`
      : null;
    return { name: volume.name, users, refused };
  });
}

export const FORCE_EXPLAINED =
  'Force: forget the volume even when its driver fails to delete its data, and say nothing if it is already gone. A volume a container uses is still refused.';
