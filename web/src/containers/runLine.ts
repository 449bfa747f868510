/**
 * `docker run …` lines ↔ the create form. Pure. The parser splits words like a POSIX shell
 * (shellWords.ts), reads the common flags and reports every flag it does not know instead of dropping it.
 */
import { joinShellWords, splitShellWords } from './shellWords';
import { emptyForm, formatCpus, type CreateForm, type MountRow, type PortRow, type RestartName, RESTART_NAMES } from './createForm';

export interface ParsedRunLine {
  form: CreateForm;
  /** Flags Porthole does not read, as written, e.g. "--cap-add NET_ADMIN". */
  unknown: string[];
  /** Flags it read but could not use, and why. */
  problems: string[];
}

const BOOLEAN: Record<string, 'detach' | 'interactive' | 'tty' | 'rm'> = {
  '-d': 'detach',
  '--detach': 'detach',
  '-i': 'interactive',
  '--interactive': 'interactive',
  '-t': 'tty',
  '--tty': 'tty',
  '--rm': 'rm',
};

const VALUED: Record<string, string> = {
  '--name': 'name',
  '-e': 'env',
  '--env': 'env',
  '--env-file': 'env-file',
  '-p': 'publish',
  '--publish': 'publish',
  '-v': 'volume',
  '--volume': 'volume',
  '--mount': 'mount',
  '-w': 'workdir',
  '--workdir': 'workdir',
  '-u': 'user',
  '--user': 'user',
  '--entrypoint': 'entrypoint',
  '--restart': 'restart',
  '-m': 'memory',
  '--memory': 'memory',
  '--cpus': 'cpus',
  '--network': 'network',
  '--net': 'network',
  '-l': 'label',
  '--label': 'label',
  '-h': 'hostname',
  '--hostname': 'hostname',
};

/** Flags of docker run that take a value, so an unknown one does not swallow the image as its value. */
const OTHER_VALUED = new Set([
  '-a', '--attach', '--add-host', '--blkio-weight', '--cap-add', '--cap-drop', '--cgroup-parent', '--cgroupns', '--cidfile',
  '--cpu-period', '--cpu-quota', '--cpu-shares', '-c', '--cpuset-cpus', '--cpuset-mems', '--device', '--dns', '--dns-option',
  '--dns-search', '--domainname', '--expose', '--gpus', '--group-add', '--health-cmd', '--health-interval', '--health-retries',
  '--health-timeout', '--health-start-period', '--ip', '--ip6', '--ipc', '--isolation', '--kernel-memory', '--label-file',
  '--link', '--log-driver', '--log-opt', '--mac-address', '--memory-reservation', '--memory-swap', '--memory-swappiness',
  '--network-alias', '--oom-score-adj', '--pid', '--pids-limit', '--platform', '--pull', '--runtime', '--security-opt',
  '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt', '--sysctl', '--tmpfs', '--ulimit', '--userns', '--uts',
  '--volume-driver', '--volumes-from', '--device-cgroup-rule',
]);

/** "127.0.0.1:8080:80/udp", "8080:80", "80" → a port row; null when unreadable. */
export function parsePublish(spec: string): PortRow | null {
  const [addr = '', proto = 'tcp'] = spec.split('/', 2);
  if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') return null;
  let hostIp = '';
  let rest = addr;
  const v6 = /^\[([0-9a-fA-F:]+)\]:(.*)$/.exec(addr);
  if (v6) {
    hostIp = v6[1] ?? '';
    rest = v6[2] ?? '';
  }
  const parts = rest.split(':');
  let row: PortRow;
  if (parts.length === 1) row = { hostIp, hostPort: '', containerPort: parts[0] ?? '', protocol: proto };
  else if (parts.length === 2) row = { hostIp, hostPort: parts[0] ?? '', containerPort: parts[1] ?? '', protocol: proto };
  else if (parts.length === 3 && !v6) row = { hostIp: parts[0] ?? '', hostPort: parts[1] ?? '', containerPort: parts[2] ?? '', protocol: proto };
  else return null;
  return /^\d+$/.test(row.containerPort) && /^\d*$/.test(row.hostPort) ? row : null;
}

export function formatPublish(p: PortRow): string {
  const proto = p.protocol === 'tcp' ? '' : `/${p.protocol}`;
  const ip = p.hostIp ? (p.hostIp.includes(':') ? `[${p.hostIp}]:` : `${p.hostIp}:`) : '';
  if (!p.hostPort && !ip) return `${p.containerPort}${proto}`;
  return `${ip}${p.hostPort}:${p.containerPort}${proto}`;
}

/** -v "/srv/a:/data:ro", "name:/data", "/data" (anonymous) → a mount row. */
export function parseVolume(spec: string): MountRow | null {
  const parts = spec.split(':');
  if (parts.length === 1) return parts[0]?.startsWith('/') ? { type: 'volume', source: '', target: parts[0], readOnly: false } : null;
  if (parts.length > 3) return null;
  const [source = '', target = '', mode = ''] = parts;
  const opts = mode.split(',').filter(Boolean);
  if (opts.some((o) => !['ro', 'rw', 'z', 'Z', 'nocopy', 'private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave'].includes(o))) return null;
  const type = source.startsWith('/') || source.startsWith('.') || source.startsWith('~') ? 'bind' : 'volume';
  return { type, source, target, readOnly: opts.includes('ro') };
}

/** --mount type=bind,source=/a,target=/b,readonly → a mount row; null with a reason otherwise. */
export function parseMount(spec: string): MountRow | string {
  const row: MountRow = { type: 'volume', source: '', target: '', readOnly: false };
  for (const field of spec.split(',')) {
    const eq = field.indexOf('=');
    const key = (eq === -1 ? field : field.slice(0, eq)).trim().toLowerCase();
    const value = eq === -1 ? '' : field.slice(eq + 1).trim();
    switch (key) {
      case 'type':
        if (value !== 'bind' && value !== 'volume') return `--mount type=${value} is not offered (bind or volume)`;
        row.type = value;
        break;
      case 'source':
      case 'src':
        row.source = value;
        break;
      case 'target':
      case 'destination':
      case 'dst':
        row.target = value;
        break;
      case 'readonly':
      case 'ro':
        row.readOnly = value === '' || value === 'true' || value === '1';
        break;
      default:
        return `--mount option ${key} is not read`;
    }
  }
  return row.target ? row : '--mount without a target';
}

/** Reads a `docker run …` line (also `docker container run`, or just the flags and image). */
export function parseRunLine(line: string): ParsedRunLine | { error: string } {
  const split = splitShellWords(line);
  if (split.error) return { error: split.error };
  const words = [...split.words];
  if (words[0] === 'docker' || words[0] === 'podman') words.shift();
  if (words[0] === 'container') words.shift();
  if (words[0] === 'run') words.shift();
  else if (words[0] === 'create') words.shift();
  const form = emptyForm();
  form.detach = false;
  const unknown: string[] = [];
  const problems: string[] = [];
  let i = 0;
  const apply = (flag: string, kind: string, value: string): void => {
    switch (kind) {
      case 'name':
        form.name = value;
        break;
      case 'env': {
        const eq = value.indexOf('=');
        if (eq === -1) {
          problems.push(`${flag} ${value}: takes its value from your shell, which the browser cannot read; set it here`);
          form.env.push({ key: value, value: '' });
        } else form.env.push({ key: value.slice(0, eq), value: value.slice(eq + 1) });
        break;
      }
      case 'env-file':
        problems.push(`${flag} ${value}: the browser cannot read files on your machine; paste the file into Environment`);
        break;
      case 'publish': {
        const row = parsePublish(value);
        if (row) form.ports.push(row);
        else problems.push(`${flag} ${value}: not a port mapping`);
        break;
      }
      case 'volume': {
        const row = parseVolume(value);
        if (row) form.mounts.push(row);
        else problems.push(`${flag} ${value}: not a volume or bind`);
        break;
      }
      case 'mount': {
        const row = parseMount(value);
        if (typeof row === 'string') problems.push(row);
        else form.mounts.push(row);
        break;
      }
      case 'workdir':
        form.workingDir = value;
        break;
      case 'user':
        form.user = value;
        break;
      case 'entrypoint':
        form.entrypoint = value === '' ? [] : [value];
        break;
      case 'restart': {
        const [name = '', max] = value.split(':', 2);
        if ((RESTART_NAMES as readonly string[]).includes(name)) {
          form.restart = name as RestartName;
          form.restartMax = max ? Number(max) || 0 : 0;
        } else problems.push(`${flag} ${value}: unknown restart policy`);
        break;
      }
      case 'memory':
        form.memory = value;
        break;
      case 'cpus':
        form.cpus = value;
        break;
      case 'network':
        form.network = value;
        break;
      case 'label': {
        const eq = value.indexOf('=');
        form.labels.push(eq === -1 ? { key: value, value: '' } : { key: value.slice(0, eq), value: value.slice(eq + 1) });
        break;
      }
      case 'hostname':
        form.hostname = value;
        break;
    }
  };
  const setBool = (kind: 'detach' | 'interactive' | 'tty' | 'rm', on: boolean): void => {
    if (kind === 'rm') form.autoRemove = on;
    else form[kind] = on;
  };
  while (i < words.length) {
    const word = words[i] as string;
    if (word === '--') {
      i++;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;
    i++;
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq === -1 ? word : word.slice(0, eq);
    const inline = eq === -1 ? undefined : word.slice(eq + 1);
    const bool = BOOLEAN[flag];
    if (bool) {
      setBool(bool, inline === undefined || inline === 'true' || inline === '1');
      continue;
    }
    const kind = VALUED[flag];
    if (kind) {
      const value = inline ?? words[i];
      if (inline === undefined) i++;
      if (value === undefined) problems.push(`${flag} needs a value`);
      else apply(flag, kind, value);
      continue;
    }
    // Short flags: -dit (booleans together), -eKEY=1, -p8080:80.
    if (!word.startsWith('--') && word.length > 2) {
      const letters = word.slice(1).split('');
      if (letters.every((l) => BOOLEAN[`-${l}`])) {
        for (const l of letters) setBool(BOOLEAN[`-${l}`] as 'detach', true);
        continue;
      }
      const short = VALUED[word.slice(0, 2)];
      if (short) {
        apply(word.slice(0, 2), short, word.slice(2));
        continue;
      }
    }
    if (OTHER_VALUED.has(flag) && inline === undefined && i < words.length) {
      unknown.push(`${flag} ${words[i] as string}`);
      i++;
    } else unknown.push(word);
  }
  const image = words[i];
  if (image === undefined) problems.push('No image named after the flags');
  else {
    form.image = image;
    const rest = words.slice(i + 1);
    if (rest.length) form.cmd = rest;
  }
  // Entrypoints longer than one word were written as the first word plus leading command words.
  return { form, unknown, problems };
}

/** The form as a `docker run` line a person could paste into a shell. */
export function formatRunArgs(form: CreateForm): string[] {
  const argv = ['docker', 'run'];
  if (form.detach) argv.push('-d');
  if (form.interactive && form.tty) argv.push('-it');
  else if (form.interactive) argv.push('-i');
  else if (form.tty) argv.push('-t');
  if (form.autoRemove) argv.push('--rm');
  if (form.name.trim()) argv.push('--name', form.name.trim());
  if (form.hostname.trim()) argv.push('--hostname', form.hostname.trim());
  if (form.user.trim()) argv.push('-u', form.user.trim());
  if (form.workingDir.trim()) argv.push('-w', form.workingDir.trim());
  for (const row of form.env) argv.push('-e', `${row.key}=${row.value}`);
  for (const row of form.labels) argv.push('-l', row.value === '' ? row.key : `${row.key}=${row.value}`);
  for (const p of form.ports) argv.push('-p', formatPublish(p));
  for (const m of form.mounts) {
    if (m.type === 'volume' && !m.source) argv.push('-v', m.target);
    else if (m.type === 'bind' && m.source.startsWith('/')) argv.push('-v', `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
    else if (m.type === 'volume') argv.push('-v', `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
    else argv.push('--mount', `type=${m.type},source=${m.source},target=${m.target}${m.readOnly ? ',readonly' : ''}`);
  }
  if (form.restart !== 'no') argv.push('--restart', form.restart === 'on-failure' && form.restartMax > 0 ? `on-failure:${form.restartMax}` : form.restart);
  if (form.memory.trim()) argv.push('-m', form.memory.trim());
  if (form.cpus.trim()) argv.push('--cpus', formatCpus(Math.round(Number(form.cpus) * 1e9)) || form.cpus.trim());
  if (form.network.trim()) argv.push('--network', form.network.trim());
  const entry = form.entrypoint;
  if (entry) argv.push('--entrypoint', entry[0] ?? '');
  argv.push(form.image.trim() || 'IMAGE');
  // docker run has one word for the entrypoint: its other words go before the command.
  if (entry && entry.length > 1) argv.push(...entry.slice(1));
  if (form.cmd) argv.push(...form.cmd);
  return argv;
}

export function formatRunLine(form: CreateForm): string {
  return joinShellWords(formatRunArgs(form));
}
