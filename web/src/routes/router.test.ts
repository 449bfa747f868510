import { describe, expect, test } from 'vitest';
import { formatHash, parseHash, routeEngine, withEngine, type LinkRoute, type Route } from './router';

const ID = 'sha256:4f1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcdef';

describe('parseHash', () => {
  test.each<{ hash: string; route: Route }>([
    { hash: '', route: { name: 'home' } },
    { hash: '#', route: { name: 'home' } },
    { hash: '#/', route: { name: 'home' } },
    { hash: '#/_phone', route: { name: 'phone' } },
    { hash: '#/phone', route: { name: 'engineHome', engine: 'phone' } },
    { hash: '#/local/images', route: { name: 'images', engine: 'local' } },
    { hash: '#/local/images/', route: { name: 'images', engine: 'local' } },
    { hash: '#/local/images?q=nginx', route: { name: 'images', engine: 'local', filter: 'nginx' } },
    {
      hash: '#/local/images?q=a+b%3A1&sort=size-desc',
      route: { name: 'images', engine: 'local', filter: 'a b:1', sort: 'size-desc' },
    },
    { hash: '#/local/images?q=', route: { name: 'images', engine: 'local' } },
    { hash: `#/local/images/${ID}?q=x`, route: { name: 'image', engine: 'local', id: ID } },
    { hash: `#/local/images/${ID}`, route: { name: 'image', engine: 'local', id: ID } },
    { hash: '#/prod%20box/images', route: { name: 'images', engine: 'prod box' } },
    {
      hash: '#/local/images/127.0.0.1:5000%2Fa%2Fb:1.0',
      route: { name: 'image', engine: 'local', id: '127.0.0.1:5000/a/b:1.0' },
    },
    { hash: '#/local/registries', route: { name: 'registries', engine: 'local' } },
    { hash: '#/local/registries?q=fix', route: { name: 'registries', engine: 'local', term: 'fix' } },
    {
      hash: '#/local/registries/127.0.0.1:5000%2Ffixture%2Fmulti',
      route: { name: 'repository', engine: 'local', repo: '127.0.0.1:5000/fixture/multi' },
    },
    { hash: '#/local/registries/a/b', route: { name: 'notFound', path: '/local/registries/a/b' } },
    { hash: '#/local', route: { name: 'engineHome', engine: 'local' } },
    { hash: '#/local/risks', route: { name: 'hostRisks', engine: 'local' } },
    { hash: '#/local/containers', route: { name: 'containers', engine: 'local' } },
    {
      hash: '#/local/containers?q=image%3Abusybox&sort=name-asc&state=running',
      route: { name: 'containers', engine: 'local', filter: 'image:busybox', sort: 'name-asc', state: 'running' },
    },
    { hash: '#/local/containers/abc123', route: { name: 'container', engine: 'local', id: 'abc123' } },
    { hash: '#/local/containers?group=project', route: { name: 'containers', engine: 'local', group: 'project' } },
    { hash: '#/local/compose/shop', route: { name: 'composeProject', engine: 'local', project: 'shop' } },
    { hash: '#/local/logs', route: { name: 'mergedLogs', engine: 'local' } },
    { hash: '#/local/stats', route: { name: 'statsTable', engine: 'local' } },
    { hash: '#/local/logs?c=a1,b2', route: { name: 'mergedLogs', engine: 'local', ids: ['a1', 'b2'] } },
    { hash: '#/local/logs?project=shop&service=web', route: { name: 'mergedLogs', engine: 'local', project: 'shop', service: 'web' } },
    { hash: '#/local/networks?q=bridge', route: { name: 'networks', engine: 'local', filter: 'bridge' } },
    { hash: '#/local/networks/n1', route: { name: 'network', engine: 'local', id: 'n1' } },
    { hash: '#/local/volumes', route: { name: 'volumes', engine: 'local' } },
    { hash: '#/local/volumes/my%20vol', route: { name: 'volume', engine: 'local', id: 'my vol' } },
    { hash: '#/local/containers/abc123/console', route: { name: 'console', engine: 'local', id: 'abc123' } },
    { hash: '#/local/containers/web%2F1/console', route: { name: 'console', engine: 'local', id: 'web/1' } },
    { hash: '#/local/containers/abc/console/x', route: { name: 'notFound', path: '/local/containers/abc/console/x' } },
    { hash: '#/local/images/abc/console', route: { name: 'notFound', path: '/local/images/abc/console' } },
    { hash: '#/local/containers/a/b', route: { name: 'notFound', path: '/local/containers/a/b' } },
    { hash: '#/local/secrets', route: { name: 'notFound', path: '/local/secrets' } },
    { hash: '#/local/hasOwnProperty', route: { name: 'notFound', path: '/local/hasOwnProperty' } },
    { hash: '#/local/images/a/b', route: { name: 'notFound', path: '/local/images/a/b' } },
    { hash: '#/local/layers/x', route: { name: 'notFound', path: '/local/layers/x' } },
    { hash: '#/local/containers/c1/diff/x', route: { name: 'notFound', path: '/local/containers/c1/diff/x' } },
    { hash: '#/local/images/%E0%A4%A', route: { name: 'notFound', path: '/local/images/%E0%A4%A' } },
    { hash: '#/local/images/..', route: { name: 'notFound', path: '/local/images/..' } },
    { hash: '#/local/images/%2E%2E', route: { name: 'notFound', path: '/local/images/%2E%2E' } },
    { hash: '#/../images', route: { name: 'notFound', path: '/../images' } },
    { hash: '#/local/system', route: { name: 'system', engine: 'local' } },
    { hash: '#/local/system/x', route: { name: 'notFound', path: '/local/system/x' } },
    { hash: '#/local/build', route: { name: 'build', engine: 'local' } },
    { hash: '#/local/engines', route: { name: 'engines', engine: 'local' } },
    { hash: '#/local/swarm', route: { name: 'swarm', engine: 'local' } },
    { hash: '#/local/swarm/web', route: { name: 'swarm', engine: 'local', service: 'web' } },
    { hash: '#/local/swarm/web/x', route: { name: 'notFound', path: '/local/swarm/web/x' } },
  ])('$hash', ({ hash, route }) => {
    expect(parseHash(hash)).toEqual(route);
  });
});

describe('formatHash', () => {
  test.each<{ route: LinkRoute; hash: string }>([
    { route: { name: 'home' }, hash: '#/' },
    { route: { name: 'phone' }, hash: '#/_phone' },
    { route: { name: 'images', engine: 'local' }, hash: '#/local/images' },
    { route: { name: 'images', engine: 'local', filter: 'nginx:1' }, hash: '#/local/images?q=nginx%3A1' },
    {
      route: { name: 'images', engine: 'local', filter: 'a b', sort: 'repoTag-asc' },
      hash: '#/local/images?q=a+b&sort=repoTag-asc',
    },
    { route: { name: 'image', engine: 'local', id: ID }, hash: `#/local/images/${ID}` },
    { route: { name: 'containers', engine: 'local', state: 'exited' }, hash: '#/local/containers?state=exited' },
    { route: { name: 'container', engine: 'local', id: 'web-1' }, hash: '#/local/containers/web-1' },
    { route: { name: 'console', engine: 'local', id: 'web-1' }, hash: '#/local/containers/web-1/console' },
    { route: { name: 'containerDiff', engine: 'local', id: 'web-1' }, hash: '#/local/containers/web-1/diff' },
    { route: { name: 'containerNew', engine: 'local' }, hash: '#/local/containers/new' },
    { route: { name: 'containerNew', engine: 'local', image: 'busybox:1', from: 'web-1' }, hash: '#/local/containers/new?image=busybox%3A1&from=web-1' },
    { route: { name: 'containerNew', engine: 'local', image: 'app:1', from: 'web-1', replace: true }, hash: '#/local/containers/new?image=app%3A1&from=web-1&replace=1' },
    { route: { name: 'containerLogs', engine: 'local', id: 'web-1' }, hash: '#/local/containers/web-1/logs' },
    { route: { name: 'containerFiles', engine: 'local', id: 'web-1' }, hash: '#/local/containers/web-1/files' },
    { route: { name: 'containerFiles', engine: 'local', id: 'web-1', path: '/etc/ssl' }, hash: '#/local/containers/web-1/files?path=%2Fetc%2Fssl' },
    { route: { name: 'image', engine: 'local', id: 'fixture/history:1', tab: 'history' }, hash: '#/local/images/fixture%2Fhistory:1/history' },
    { route: { name: 'image', engine: 'local', id: ID, tab: 'layers' }, hash: `#/local/images/${ID}/layers` },
    { route: { name: 'layerTree', engine: 'local' }, hash: '#/local/layers' },
    { route: { name: 'layerTree', engine: 'local', filter: 'share-' }, hash: '#/local/layers?q=share-' },
    { route: { name: 'imageCompare', engine: 'local', a: 'fixture/share-a:1', b: ID }, hash: `#/local/layers/compare?a=fixture%2Fshare-a%3A1&b=${ID.replace(':', '%3A')}` },
    { route: { name: 'imageCompare', engine: 'local' }, hash: '#/local/layers/compare' },
    { route: { name: 'networks', engine: 'local', sort: 'driver-asc' }, hash: '#/local/networks?sort=driver-asc' },
    { route: { name: 'network', engine: 'local', id: 'n1' }, hash: '#/local/networks/n1' },
    { route: { name: 'volume', engine: 'local', id: 'a/b' }, hash: '#/local/volumes/a%2Fb' },
    {
      route: { name: 'image', engine: 'prod box', id: 'reg:5000/a/b:1.0' },
      hash: '#/prod%20box/images/reg:5000%2Fa%2Fb:1.0',
    },
    { route: { name: 'registries', engine: 'local', term: 'a b' }, hash: '#/local/registries?q=a+b' },
    {
      route: { name: 'repository', engine: 'local', repo: '127.0.0.1:5000/fixture/multi' },
      hash: '#/local/registries/127.0.0.1:5000%2Ffixture%2Fmulti',
    },
    { route: { name: 'system', engine: 'local' }, hash: '#/local/system' },
    { route: { name: 'build', engine: 'local' }, hash: '#/local/build' },
    { route: { name: 'engines', engine: 'a b' }, hash: '#/a%20b/engines' },
    { route: { name: 'swarm', engine: 'local' }, hash: '#/local/swarm' },
    { route: { name: 'swarm', engine: 'local', service: 'q0z9' }, hash: '#/local/swarm/q0z9' },
  ])('$hash', ({ route, hash }) => {
    expect(formatHash(route)).toBe(hash);
    expect(parseHash(hash)).toEqual(route);
  });
});

test.each<{ route: Route; engine: string | null }>([
  { route: { name: 'home' }, engine: null },
  { route: { name: 'images', engine: 'a' }, engine: 'a' },
  { route: { name: 'image', engine: 'b', id: ID }, engine: 'b' },
  { route: { name: 'notFound', path: '/x' }, engine: null },
])('routeEngine($route.name)', ({ route, engine }) => {
  expect(routeEngine(route)).toBe(engine);
});

test.each<{ route: Route; expected: LinkRoute }>([
  { route: { name: 'images', engine: 'a' }, expected: { name: 'images', engine: 'b' } },
  {
    route: { name: 'images', engine: 'a', filter: 'x', sort: 'size-asc' },
    expected: { name: 'images', engine: 'b', filter: 'x', sort: 'size-asc' },
  },
  { route: { name: 'image', engine: 'a', id: ID }, expected: { name: 'image', engine: 'b', id: ID } },
  { route: { name: 'repository', engine: 'a', repo: 'r' }, expected: { name: 'repository', engine: 'b', repo: 'r' } },
  { route: { name: 'home' }, expected: { name: 'images', engine: 'b' } },
  { route: { name: 'notFound', path: '/x' }, expected: { name: 'images', engine: 'b' } },
  {
    route: { name: 'containers', engine: 'a', state: 'running' },
    expected: { name: 'containers', engine: 'b', state: 'running' },
  },
  { route: { name: 'container', engine: 'a', id: 'c1' }, expected: { name: 'containers', engine: 'b' } },
  { route: { name: 'volume', engine: 'a', id: 'v' }, expected: { name: 'volumes', engine: 'b' } },
  { route: { name: 'console', engine: 'a', id: 'c1' }, expected: { name: 'containers', engine: 'b' } },
  { route: { name: 'containerDiff', engine: 'a', id: 'c1' }, expected: { name: 'containers', engine: 'b' } },
  { route: { name: 'containerLogs', engine: 'a', id: 'c1' }, expected: { name: 'containers', engine: 'b' } },
  { route: { name: 'containerNew', engine: 'a', from: 'c1' }, expected: { name: 'containerNew', engine: 'b' } },
  { route: { name: 'layerTree', engine: 'a', filter: 'x' }, expected: { name: 'layerTree', engine: 'b', filter: 'x' } },
  { route: { name: 'imageCompare', engine: 'a', a: 'x', b: 'y' }, expected: { name: 'layerTree', engine: 'b' } },
  { route: { name: 'system', engine: 'a' }, expected: { name: 'system', engine: 'b' } },
  { route: { name: 'build', engine: 'a' }, expected: { name: 'build', engine: 'b' } },
  { route: { name: 'engines', engine: 'a' }, expected: { name: 'engines', engine: 'b' } },
  { route: { name: 'swarm', engine: 'a', service: 's1' }, expected: { name: 'swarm', engine: 'b' } },
])('withEngine keeps the view: $route.name', ({ route, expected }) => {
  expect(withEngine(route, 'b')).toEqual(expected);
});
