import { expect, test } from 'vitest';
import search from './fixtures/engine-search-nginx.json';
import page1 from './fixtures/hub-tags-busybox-page1.json';
import page2 from './fixtures/hub-tags-busybox-page2.json';
import { catalogHits, fromEngineSearch, hubTagsUrl, rankHubHits, readHubTagsPage, type HubTagsPage } from './hub';
import { formatPlatform } from './manifest';

test('hubTagsUrl', () => {
  expect(hubTagsUrl('library', 'busybox')).toBe('https://hub.docker.com/v2/namespaces/library/repositories/busybox/tags?page_size=100');
});

test('a Hub page: platforms without the unknown/unknown attestation, sizes, digests and the next page', () => {
  const { tags, next } = readHubTagsPage(page1 as HubTagsPage);
  expect(next).toBe('https://hub.docker.com/v2/namespaces/library/repositories/busybox/tags?page=2&page_size=2');
  expect(tags.map((t) => t.tag)).toEqual(['latest', '1.36-uclibc']);
  const [latest, uclibc] = tags;
  expect(latest?.multiPlatform).toBe(true);
  expect(latest?.platforms.map(formatPlatform)).toEqual(['linux/amd64', 'linux/arm/v7', 'linux/arm64/v8']);
  expect(latest?.platforms[1]?.size).toBe(1923344);
  expect(latest?.digest).toMatch(/^sha256:aaaa/);
  expect(latest?.size).toBeNull();
  expect(uclibc?.multiPlatform).toBe(false);
  expect(uclibc?.size).toBe(2150000);
  expect(uclibc?.updated).toBe('2024-02-01T10:00:00.000000Z');
});

test('the last Hub page has no next', () => {
  const { tags, next } = readHubTagsPage(page2 as HubTagsPage);
  expect(next).toBeNull();
  expect(tags[0]?.platforms.map(formatPlatform)).toEqual(['linux/amd64', 'linux/s390x']);
  expect(tags[0]?.multiPlatform).toBe(true);
});

test('engine search results: official first, then stars; empty descriptions are null', () => {
  const hits = rankHubHits(fromEngineSearch(search));
  expect(hits.map((h) => h.name)).toEqual(['nginx', 'nginxinc/nginx-unprivileged', 'bitnami/nginx', 'someone/nginx-test']);
  expect(hits[0]).toEqual({ registry: 'docker.io', name: 'nginx', description: 'Official build of Nginx.', stars: 20123, official: true });
  expect(hits[1]?.description).toBe('Unprivileged NGINX Dockerfiles');
  expect(hits[3]?.description).toBeNull();
});

test.each([
  { term: 'multi', names: ['127.0.0.1:5000/fixture/multi'] },
  { term: 'FIXTURE', names: ['127.0.0.1:5000/fixture/multi', '127.0.0.1:5000/fixture/single'] },
  { term: '', names: ['127.0.0.1:5000/fixture/multi', '127.0.0.1:5000/fixture/single', '127.0.0.1:5000/other'] },
  { term: 'none', names: [] },
])('catalogHits($term)', ({ term, names }) => {
  expect(catalogHits('127.0.0.1:5000', ['fixture/multi', 'fixture/single', 'other'], term).map((h) => h.name)).toEqual(names);
});
