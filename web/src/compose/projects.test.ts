import { describe, expect, test } from 'vitest';
import type { ContainerRow } from '../engine/containers';
import { composeProjects, groupRows, parseDependsOn, planBatches, projectPlan, removalLosses, startOrder } from './projects';

let seq = 0;
function row(name: string, labels: Record<string, string>, state = 'running'): ContainerRow {
  seq++;
  return {
    id: `id-${name}`,
    shortId: name.slice(0, 12),
    name,
    image: 'img',
    imageId: 'sha256:x',
    command: '',
    created: new Date(seq * 1000),
    state,
    status: state === 'running' ? 'Up' : 'Exited (0)',
    health: null,
    ports: [],
    labels,
    networks: [],
    volumes: [],
    sizeRw: null,
    sizeRootFs: null,
    search: name,
  };
}

const compose = (project: string, service: string, n: number, extra: Record<string, string> = {}) => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
  'com.docker.compose.container-number': String(n),
  'com.docker.compose.oneoff': 'False',
  'com.docker.compose.project.working_dir': `/srv/${project}`,
  'com.docker.compose.project.config_files': `/srv/${project}/compose.yaml,/srv/${project}/compose.override.yaml`,
  ...extra,
});

const shop = [
  row('shop-web-2', compose('shop', 'web', 2, { 'com.docker.compose.depends_on': 'db:service_started:false,cache:service_healthy:true' })),
  row('shop-web-1', compose('shop', 'web', 1, { 'com.docker.compose.depends_on': 'db:service_started:false,cache:service_healthy:true' })),
  row('shop-db-1', compose('shop', 'db', 1), 'exited'),
  row('shop-cache-1', compose('shop', 'cache', 1, { 'com.docker.compose.depends_on': 'db:service_started:false' })),
  row('shop-web-run-1a2b', { ...compose('shop', 'web', 1), 'com.docker.compose.oneoff': 'True' }, 'exited'),
];
const loose = row('lonely', {});
const blog = row('blog-app-1', compose('blog', 'app', 1), 'exited');

describe('composeProjects', () => {
  const [blogProject, shopProject] = composeProjects(
    [...shop, loose, blog],
    [
      { Name: 'shop_default', Id: 'net-shop', Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.network': 'default' } },
      { Name: 'bridge', Id: 'net-bridge', Labels: {} },
    ],
    [
      { Name: 'shop_data', Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.volume': 'data' } },
      { Name: 'other', Labels: null },
    ],
  );

  test('one project per label value, by name; containers of no project are left out', () => {
    expect(blogProject!.name).toBe('blog');
    expect(shopProject!.name).toBe('shop');
  });

  test('services by name, containers by number, one-offs apart', () => {
    expect(shopProject!.services.map((s) => s.name)).toEqual(['cache', 'db', 'web']);
    expect(shopProject!.services[2]!.containers.map((c) => c.name)).toEqual(['shop-web-1', 'shop-web-2']);
    expect(shopProject!.oneOffs.map((c) => c.name)).toEqual(['shop-web-run-1a2b']);
    expect(shopProject!.containers).toHaveLength(5);
  });

  test('networks and volumes by their project label; working dir and config files from the containers', () => {
    expect(shopProject!.networks).toEqual([{ id: 'net-shop', name: 'shop_default' }]);
    expect(shopProject!.volumes).toEqual([{ id: 'shop_data', name: 'shop_data' }]);
    expect(shopProject!.workingDir).toBe('/srv/shop');
    expect(shopProject!.configFiles).toEqual(['/srv/shop/compose.yaml', '/srv/shop/compose.override.yaml']);
  });

  test('state: partial when some service containers run (one-offs do not count)', () => {
    expect(shopProject!.running).toBe(3);
    expect(shopProject!.state).toBe('partial');
    expect(blogProject!.state).toBe('stopped');
  });

  test('depends_on: compose v2 and plain lists, within the project', () => {
    expect(parseDependsOn('db:service_started:false,cache:service_healthy:true')).toEqual(['db', 'cache']);
    expect(parseDependsOn('db,cache')).toEqual(['db', 'cache']);
    expect(parseDependsOn(undefined)).toEqual([]);
    expect(shopProject!.services.find((s) => s.name === 'web')!.dependsOn).toEqual(['db', 'cache']);
  });

  test('start order: dependencies first', () => {
    expect(startOrder(shopProject!).map((s) => s.name)).toEqual(['db', 'cache', 'web']);
  });

  test('a dependency cycle does not loop', () => {
    const [p] = composeProjects([row('a-1', compose('c', 'a', 1, { 'com.docker.compose.depends_on': 'b' })), row('b-1', compose('c', 'b', 1, { 'com.docker.compose.depends_on': 'a' }))]);
    expect(startOrder(p!).map((s) => s.name).sort()).toEqual(['a', 'b']);
  });
});

describe('projectPlan', () => {
  const [, shop1] = composeProjects([...shop, blog], [{ Name: 'shop_default', Id: 'net-shop', Labels: { 'com.docker.compose.project': 'shop' } }], [
    { Name: 'shop_data', Labels: { 'com.docker.compose.project': 'shop' } },
  ]);
  const project = shop1!;

  test('start: only the stopped service containers, in dependency order', () => {
    expect(projectPlan(project, 'start').map((s) => `${s.op} ${s.name}`)).toEqual(['start shop-db-1']);
  });

  test('stop: the running ones, dependants first', () => {
    expect(projectPlan(project, 'stop').map((s) => s.name)).toEqual(['shop-web-1', 'shop-web-2', 'shop-cache-1']);
  });

  test('restart: every service container, dependencies first', () => {
    expect(projectPlan(project, 'restart').map((s) => s.name)).toEqual(['shop-db-1', 'shop-cache-1', 'shop-web-1', 'shop-web-2']);
  });

  test('remove: containers (one-offs too), then networks; volumes only when asked', () => {
    const plan = projectPlan(project, 'remove');
    expect(plan.map((s) => `${s.kind} ${s.name}`)).toEqual([
      'container shop-web-1',
      'container shop-web-2',
      'container shop-cache-1',
      'container shop-db-1',
      'container shop-web-run-1a2b',
      'network shop_default',
    ]);
    expect(projectPlan(project, 'remove', { volumes: true }).at(-1)).toMatchObject({ kind: 'volume', name: 'shop_data' });
  });

  test('batches: a service\'s containers go together, services one after another', () => {
    const batches = planBatches(projectPlan(project, 'remove', { volumes: true }));
    expect(batches.map((b) => b.map((s) => s.name))).toEqual([['shop-web-1', 'shop-web-2'], ['shop-cache-1'], ['shop-db-1'], ['shop-web-run-1a2b'], ['shop_default'], ['shop_data']]);
  });

  test('what a removal loses, in words', () => {
    expect(removalLosses(project, projectPlan(project, 'remove'))).toEqual([
      '5 containers and the files each changed (its writable layer).',
      '3 of them run now and will be killed.',
      '1 network of the project.',
      "The project's 1 volume stay (as docker compose down without -v).",
    ]);
    expect(removalLosses(project, projectPlan(project, 'remove', { volumes: true })).at(-1)).toMatch(/1 volume and all the data in it/);
  });
});

describe('groupRows', () => {
  test('projects by name, their services, one-offs last, then containers of no project; rows keep their order', () => {
    const groups = groupRows([loose, ...shop, blog]);
    expect(groups.map((g) => (g.kind === 'project' ? g.project : 'loose'))).toEqual(['blog', 'shop', 'loose']);
    const shopGroup = groups[1]!;
    if (shopGroup.kind !== 'project') throw new Error('not a project');
    expect(shopGroup.services.map((s) => s.name)).toEqual(['cache', 'db', 'web', '']);
    expect(shopGroup.services[2]!.rows.map((r) => r.name)).toEqual(['shop-web-2', 'shop-web-1']);
    expect(shopGroup.running).toBe(3);
    expect(shopGroup.total).toBe(5);
  });

  test('no projects: one loose group, none when empty', () => {
    expect(groupRows([loose])).toEqual([{ kind: 'loose', rows: [loose] }]);
    expect(groupRows([])).toEqual([]);
  });
});
