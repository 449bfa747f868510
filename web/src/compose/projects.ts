/**
 * Compose projects, read from the labels the compose tool puts on what it creates: containers carry the
 * project, service, container number, one-off flag, working directory and config files; networks and
 * volumes carry the project. Pure: rows in, projects and action plans out.
 */
import type { ContainerRow } from '../engine/containers';
import { compareText } from '../engine/sorting';

export const COMPOSE_LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  dependsOn: 'com.docker.compose.depends_on',
} as const;

type Labels = Readonly<Record<string, string>> | null | undefined;

/** The project a thing belongs to, or null when compose did not make it. */
export function projectOf(labels: Labels): string | null {
  const name = labels?.[COMPOSE_LABEL.project];
  return name ? name : null;
}

/** `docker compose run` containers: True/true on the label. */
export function isOneOff(labels: Labels): boolean {
  return (labels?.[COMPOSE_LABEL.oneoff] ?? '').toLowerCase() === 'true';
}

export interface ProjectResource {
  id: string;
  name: string;
}

export interface ComposeService {
  name: string;
  /** Ordered by container number (web-1, web-2, …). */
  containers: ContainerRow[];
  running: number;
  /** Services this one depends on (its depends_on label), within the project. */
  dependsOn: string[];
}

export interface ComposeProject {
  name: string;
  /** Ordered by name. */
  services: ComposeService[];
  /** `compose run` containers, apart from the services'. */
  oneOffs: ContainerRow[];
  /** Every container: the services', then the one-offs. */
  containers: ContainerRow[];
  networks: ProjectResource[];
  volumes: ProjectResource[];
  workingDir: string;
  configFiles: string[];
  running: number;
  /** running: all service containers run; partial: some; stopped: none. */
  state: 'running' | 'partial' | 'stopped';
}

const isUp = (row: ContainerRow) => row.state === 'running' || row.state === 'restarting' || row.state === 'paused';

const containerNumber = (row: ContainerRow) => {
  const n = Number.parseInt(row.labels[COMPOSE_LABEL.number] ?? '', 10);
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
};

/** "db:service_started:false,cache:service_healthy:true" (compose v2) or "db,cache": the service names. */
export function parseDependsOn(label: string | undefined): string[] {
  if (!label) return [];
  return [...new Set(label.split(',').map((part) => part.trim().split(':')[0]!.trim()).filter(Boolean))];
}

/** Networks and volumes as the engine lists them (Name, Id for networks, Labels). */
export interface LabelledResource {
  Name: string;
  Id?: string;
  Labels?: Labels;
}

/** Every compose project on the engine, by name; containers, networks and volumes grouped under it. */
export function composeProjects(
  containers: readonly ContainerRow[],
  networks: readonly LabelledResource[] = [],
  volumes: readonly LabelledResource[] = [],
): ComposeProject[] {
  const byName = new Map<string, { rows: ContainerRow[]; networks: ProjectResource[]; volumes: ProjectResource[] }>();
  const entry = (name: string) => {
    let found = byName.get(name);
    if (!found) byName.set(name, (found = { rows: [], networks: [], volumes: [] }));
    return found;
  };
  for (const row of containers) {
    const name = projectOf(row.labels);
    if (name) entry(name).rows.push(row);
  }
  for (const network of networks) {
    const name = projectOf(network.Labels);
    if (name) entry(name).networks.push({ id: network.Id ?? network.Name, name: network.Name });
  }
  for (const volume of volumes) {
    const name = projectOf(volume.Labels);
    if (name) entry(name).volumes.push({ id: volume.Name, name: volume.Name });
  }
  return [...byName.entries()]
    .map(([name, found]) => toProject(name, found.rows, found.networks, found.volumes))
    .sort((a, b) => compareText(a.name, b.name));
}

function toProject(name: string, rows: ContainerRow[], networks: ProjectResource[], volumes: ProjectResource[]): ComposeProject {
  const services = new Map<string, ContainerRow[]>();
  const oneOffs: ContainerRow[] = [];
  for (const row of rows) {
    if (isOneOff(row.labels)) {
      oneOffs.push(row);
      continue;
    }
    const service = row.labels[COMPOSE_LABEL.service] ?? '';
    services.set(service, [...(services.get(service) ?? []), row]);
  }
  const serviceList: ComposeService[] = [...services.entries()]
    .map(([service, list]) => {
      const sorted = [...list].sort((a, b) => containerNumber(a) - containerNumber(b) || compareText(a.name, b.name));
      const dependsOn = [...new Set(sorted.flatMap((row) => parseDependsOn(row.labels[COMPOSE_LABEL.dependsOn])))].filter((d) => d !== service && services.has(d));
      return { name: service, containers: sorted, running: sorted.filter(isUp).length, dependsOn };
    })
    .sort((a, b) => compareText(a.name, b.name));
  const serviceRows = serviceList.flatMap((s) => s.containers);
  const first = rows.find((row) => row.labels[COMPOSE_LABEL.workingDir] || row.labels[COMPOSE_LABEL.configFiles]);
  const running = serviceRows.filter(isUp).length;
  const byName = (a: ProjectResource, b: ProjectResource) => compareText(a.name, b.name);
  return {
    name,
    services: serviceList,
    oneOffs: [...oneOffs].sort((a, b) => compareText(a.name, b.name)),
    containers: [...serviceRows, ...oneOffs],
    networks: [...networks].sort(byName),
    volumes: [...volumes].sort(byName),
    workingDir: first?.labels[COMPOSE_LABEL.workingDir] ?? '',
    configFiles: (first?.labels[COMPOSE_LABEL.configFiles] ?? '').split(',').map((f) => f.trim()).filter(Boolean),
    running,
    state: running === 0 ? 'stopped' : running === serviceRows.length ? 'running' : 'partial',
  };
}

/**
 * Services in the order compose starts them: each after those it depends on (a cycle, which compose
 * refuses, is broken by name order rather than looping). Stopping goes the other way.
 */
export function startOrder(project: ComposeProject): ComposeService[] {
  const byName = new Map(project.services.map((s) => [s.name, s]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: ComposeService[] = [];
  const visit = (service: ComposeService) => {
    if (done.has(service.name) || visiting.has(service.name)) return;
    visiting.add(service.name);
    for (const dep of service.dependsOn) {
      const next = byName.get(dep);
      if (next) visit(next);
    }
    visiting.delete(service.name);
    done.add(service.name);
    order.push(service);
  };
  for (const service of project.services) visit(service);
  return order;
}

export type ProjectAction = 'start' | 'stop' | 'restart' | 'remove';

export interface PlanStep {
  kind: 'container' | 'network' | 'volume';
  op: 'start' | 'stop' | 'restart' | 'remove';
  id: string;
  name: string;
  /** Containers: the service (empty for one-offs). */
  service: string;
  /** A container that runs now (remove kills it). */
  running: boolean;
}

/**
 * What an action on the whole project does, step by step, as `docker compose` would:
 * start the stopped service containers in dependency order; stop the running ones in reverse;
 * restart every service container; remove (as `down`) every container, one-offs too, then the
 * project's networks, and its volumes only when asked (as `down -v`).
 */
export function projectPlan(project: ComposeProject, action: ProjectAction, options: { volumes?: boolean } = {}): PlanStep[] {
  const order = startOrder(project);
  const step = (row: ContainerRow, op: PlanStep['op'], service: string): PlanStep => ({ kind: 'container', op, id: row.id, name: row.name, service, running: isUp(row) });
  switch (action) {
    case 'start':
      return order.flatMap((s) => s.containers.filter((row) => !isUp(row)).map((row) => step(row, 'start', s.name)));
    case 'stop':
      return [...order].reverse().flatMap((s) => s.containers.filter((row) => row.state === 'running' || row.state === 'restarting' || row.state === 'paused').map((row) => step(row, 'stop', s.name)));
    case 'restart':
      return order.flatMap((s) => s.containers.map((row) => step(row, 'restart', s.name)));
    case 'remove':
      return [
        ...[...order].reverse().flatMap((s) => s.containers.map((row) => step(row, 'remove', s.name))),
        ...project.oneOffs.map((row) => step(row, 'remove', '')),
        ...project.networks.map((n): PlanStep => ({ kind: 'network', op: 'remove', id: n.id, name: n.name, service: '', running: false })),
        ...(options.volumes ? project.volumes.map((v): PlanStep => ({ kind: 'volume', op: 'remove', id: v.id, name: v.name, service: '', running: false })) : []),
      ];
  }
}

/** The plan in runs of steps that may go at once: the containers of one service, the networks, the volumes. */
export function planBatches(plan: readonly PlanStep[]): PlanStep[][] {
  const batches: PlanStep[][] = [];
  for (const step of plan) {
    const last = batches.at(-1);
    const same = last && last[0]!.kind === step.kind && last[0]!.service === step.service && last[0]!.op === step.op;
    if (same) last.push(step);
    else batches.push([step]);
  }
  return batches;
}

/** What a removal loses, in words, for the consent dialog. */
export function removalLosses(project: ComposeProject, plan: readonly PlanStep[]): string[] {
  const containers = plan.filter((s) => s.kind === 'container');
  const running = containers.filter((s) => s.running).length;
  const networks = plan.filter((s) => s.kind === 'network').length;
  const volumes = plan.filter((s) => s.kind === 'volume').length;
  const lines = [`${containers.length} container${containers.length === 1 ? '' : 's'} and the files each changed (its writable layer).`];
  if (running) lines.push(`${running} of them ${running === 1 ? 'runs' : 'run'} now and will be killed.`);
  if (networks) lines.push(`${networks} network${networks === 1 ? '' : 's'} of the project.`);
  if (volumes) lines.push(`${volumes} volume${volumes === 1 ? '' : 's'} and all the data in ${volumes === 1 ? 'it' : 'them'}: this cannot be undone.`);
  else if (project.volumes.length) lines.push(`The project's ${project.volumes.length} volume${project.volumes.length === 1 ? '' : 's'} stay (as docker compose down without -v).`);
  return lines;
}

/** The container list, grouped: each project with its services, then the containers of no project. */
export type ListGroup =
  | { kind: 'project'; project: string; services: { name: string; rows: ContainerRow[] }[]; running: number; total: number }
  | { kind: 'loose'; rows: ContainerRow[] };

/** Groups already filtered and sorted rows; the order within each service stays the rows' order. */
export function groupRows(rows: readonly ContainerRow[]): ListGroup[] {
  const projects = new Map<string, Map<string, ContainerRow[]>>();
  const loose: ContainerRow[] = [];
  for (const row of rows) {
    const project = projectOf(row.labels);
    if (!project) {
      loose.push(row);
      continue;
    }
    const service = isOneOff(row.labels) ? '' : (row.labels[COMPOSE_LABEL.service] ?? '');
    const services = projects.get(project) ?? new Map<string, ContainerRow[]>();
    projects.set(project, services);
    services.set(service, [...(services.get(service) ?? []), row]);
  }
  const groups: ListGroup[] = [...projects.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([project, services]) => {
      const list = [...services.entries()]
        // One-off containers (no service) last.
        .sort(([a], [b]) => (a === '') !== (b === '') ? (a === '' ? 1 : -1) : compareText(a, b))
        .map(([name, serviceRows]) => ({ name, rows: serviceRows }));
      const all = list.flatMap((s) => s.rows);
      return { kind: 'project' as const, project, services: list, running: all.filter(isUp).length, total: all.length };
    });
  if (loose.length) groups.push({ kind: 'loose', rows: loose });
  return groups;
}
