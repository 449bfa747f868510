// The attack suite of Porthole's proxy: one row per attack, named after it (as wollomatic/socket-proxy's
// bindmount_test.go), run against a real proxy in front of the private test engine. Every refused row asserts
// the refusal (status and the JSON `error` saying why, logged by the proxy) AND that the engine holds nothing
// new afterwards. Rows marked `hole` (and holeTest cases) state the secure behaviour and run as test.fails:
// the proxy lets them through today (each says what happens instead); `SHOW_HOLES=1 npx vitest run --project
// integration tests/security` runs them as plain tests to show it. Holes that have since been closed stay as
// plain rows, with a comment saying what they did.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, test, vi } from 'vitest';
import { engineJson, engineRequest, type JsonValue } from '../harness/engine-client.ts';
import { createTar } from '../harness/tar.ts';
import { concatBytes } from '../../web/src/engine/bytes.ts';
import { padded, rawHeader } from '../../web/src/image/testTar.ts';
import { ADMIN_TOKEN, startProxy, VIEWER_TOKEN, type TestProxy } from '../support/proxy.ts';
import { engineSnapshot, expectEngineUnchanged, restoreEngine, settleEngine } from './engineState.ts';
import { rawExchange } from './rawHttp.ts';
import {
  API,
  bind,
  create,
  createBody,
  EXEC_WS,
  fill,
  http,
  mount,
  request,
  UNVERSIONED,
  viewer,
  ws,
  type Auth,
  type Ctx,
  type HttpRow,
  type ProxyName,
  type RawRow,
  type Row,
  type WsRow,
} from './rows.ts';
import { h2Request, type H2Outcome } from './h2Client.ts';
import { ROUTES, type Route } from '../../proxy/src/routes.ts';
import { wsAttempt } from './wsClient.ts';

const env = inject('testEnv');
const SHOW_HOLES = process.env.SHOW_HOLES === '1';
/** A test that states the secure behaviour of a known hole: test.fails, or a plain test with SHOW_HOLES=1. */
const holeTest = SHOW_HOLES ? test : test.fails;
const sock = env.engineSocket;

const base = mkdtempSync(join(tmpdir(), 'porthole-attacks-'));
const allowed = join(base, 'allowed');
const outside = join(base, 'outside');
/** Where an escaped bind mount would create things: watched by every engine snapshot. */
const watched = [outside];

let proxy: TestProxy;
let redirector: Server | undefined;
/** The main proxy, and the ones the session and brute-force rows need (started in their describe blocks). */
const proxies: Partial<Record<ProxyName, TestProxy>> = {};
let ctx: Ctx;
const cookies = { admin: '', revoked: '', expired: '' };
const warnings: string[] = [];

beforeAll(async () => {
  mkdirSync(join(allowed, 'data'), { recursive: true });
  mkdirSync(`${allowed}X`); // the similar-prefix neighbour
  mkdirSync(outside);
  symlinkSync('/etc', join(allowed, 'etc-link'));
  symlinkSync(outside, join(allowed, 'escape'));
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));

  proxy = await startProxy(['--allow-bind', allowed]);
  proxies.main = proxy;
  const image = env.fixtures.plain.ref;
  const tag = randomBytes(4).toString('hex');
  const cid = (await engineJson<{ Id: string }>(sock, 'POST', `/containers/create?name=attacks-target-${tag}`, { Image: image, Cmd: ['sleep', '600'], OpenStdin: true })).Id;
  await engineJson(sock, 'POST', `/containers/${cid}/start`);
  const stopped = (await engineJson<{ Id: string }>(sock, 'POST', `/containers/create?name=attacks-stopped-${tag}`, { Image: image, Cmd: ['true'] })).Id;
  // An exec made elsewhere (here: straight on the engine socket), privileged: Porthole must never start it.
  const exec = (await engineJson<{ Id: string }>(sock, 'POST', `/containers/${cid}/exec`, { Cmd: ['id'], Privileged: true, AttachStdout: true })).Id;
  const filters = encodeURIComponent(JSON.stringify({ driver: ['host'] }));
  const hostNet = (await engineJson<{ Id: string }[]>(sock, 'GET', `/networks?filters=${filters}`))[0]!.Id.slice(0, 12);
  // Containers someone made outside Porthole (compose, the CLI): a console or file transfer in them reaches the host.
  // (Not a privileged one: this sandbox's engine cannot start those; the host's pid namespace runs.)
  const hostPid = (await engineJson<{ Id: string }>(sock, 'POST', `/containers/create?name=attacks-hostpid-${tag}`, { Image: image, Cmd: ['sleep', '600'], HostConfig: { PidMode: 'host' } })).Id;
  const rootBound = (await engineJson<{ Id: string }>(sock, 'POST', `/containers/create?name=attacks-rootbound-${tag}`, { Image: image, Cmd: ['sleep', '600'], HostConfig: { Binds: ['/:/host:ro'] } })).Id;
  for (const id of [hostPid, rootBound]) await engineJson(sock, 'POST', `/containers/${id}/start`);
  const hostVolume = `attacks-hostroot-${tag}`;
  await engineJson(sock, 'POST', '/volumes/create', { Name: hostVolume, DriverOpts: { type: 'none', o: 'bind', device: '/' } });
  const { single } = env.fixtures;
  const manifest = (await (
    await fetch(`${env.registry.url}/v2/${single.repo}/manifests/${single.tag}`, { headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' } })
  ).json()) as { layers: { digest: string }[] };
  ctx = {
    image,
    cid,
    stopped,
    exec,
    allowed,
    outside,
    sock,
    sockDir: dirname(sock),
    hostNet,
    hostVolume,
    hostPid,
    rootBound,
    blobUrl: `${env.registry.url}/v2/${single.repo}/blobs/${manifest.layers[0]!.digest}`,
    host: `127.0.0.1:${proxy.port}`,
    port: String(proxy.port),
    admin: ADMIN_TOKEN,
    viewer: VIEWER_TOKEN,
    origin: proxy.origin,
    authRegistry: env.authRegistry.host,
    privateBlob: '',
    redirector: '',
    svc: '',
    svcVersion: '',
    svcStdin: '',
  };
  // The owner stores the private registry's credentials in the proxy (admin), as the Registries page does.
  const { authRegistry, fixtures } = env;
  const stored = await proxy.request('PUT', `/api/registries/${authRegistry.host}`, { body: { username: authRegistry.user, password: authRegistry.password, insecure: true } });
  expect(stored.status).toBe(204);
  const basic = `Basic ${Buffer.from(`${authRegistry.user}:${authRegistry.password}`).toString('base64')}`;
  const privateManifest = (await (
    await fetch(`${authRegistry.url}/v2/${fixtures.privateImage.repo}/manifests/${fixtures.privateImage.tag}`, {
      headers: { authorization: basic, accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    })
  ).json()) as { layers: { digest: string }[] };
  ctx.privateBlob = `/v2/${fixtures.privateImage.repo}/blobs/${privateManifest.layers[0]!.digest}`;
  // A registry the owner added that answers every request with a redirect to its `to` parameter.
  redirector = createServer((req, res) => {
    res.writeHead(302, { location: new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? '/' }).end();
  });
  await new Promise<void>((r) => redirector!.listen(0, '127.0.0.1', r));
  ctx.redirector = `127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  expect((await proxy.request('PUT', `/api/registries/${ctx.redirector}`, { body: { insecure: true } })).status).toBe(204);
  cookies.admin = await login(proxy);
  cookies.revoked = await login(proxy);
  const logout = await proxy.request('POST', '/auth/logout', { token: null, headers: { cookie: cookies.revoked, 'x-porthole': '1' } });
  expect(logout.status).toBe(204);
});

async function login(p: TestProxy): Promise<string> {
  const r = await p.request('POST', '/auth/login', { token: null, body: { token: ADMIN_TOKEN } });
  expect(r.status).toBe(204);
  return String(r.headers['set-cookie']).split(';')[0]!;
}

afterAll(async () => {
  vi.restoreAllMocks();
  redirector?.close();
  if (ctx) for (const id of [ctx.cid, ctx.stopped, ctx.hostPid, ctx.rootBound]) await engineRequest(sock, 'DELETE', `/containers/${id}?force=1`);
  if (ctx) await engineRequest(sock, 'DELETE', `/volumes/${ctx.hostVolume}`);
  await proxy?.close();
  rmSync(base, { recursive: true, force: true });
  rmSync(`${allowed}X`, { recursive: true, force: true });
});

// ---- running one row ----

interface Outcome {
  status: number;
  body: string;
  /** Statuses of earlier responses on the same connection (raw rows). */
  before: number[];
  closed: boolean;
}

function authHeaders(auth: Auth | undefined): Record<string, string> {
  switch (auth ?? 'admin') {
    case 'admin':
      return { authorization: `Bearer ${ADMIN_TOKEN}` };
    case 'viewer':
      return { authorization: `Bearer ${VIEWER_TOKEN}` };
    case 'wrong':
      return { authorization: 'Bearer not-the-token-0123456789' };
    case 'cookie':
      return { cookie: cookies.admin };
    case 'revoked-cookie':
      return { cookie: cookies.revoked };
    case 'expired-cookie':
      return { cookie: cookies.expired };
    case 'forged-cookie':
      return { cookie: `__Host-porthole=${randomBytes(32).toString('base64url')}` };
    case 'none':
      return {};
  }
}

async function ticket(token: string): Promise<string> {
  const r = await proxy.request('POST', '/auth/ticket', { token });
  expect(r.status).toBe(200);
  return r.json<{ ticket: string }>().ticket;
}

/** Fills {ticket}, {viewerTicket} and {usedTicket} with tickets made for this row. */
async function withTickets(text: string): Promise<string> {
  if (text.includes('{ticket}')) text = text.replaceAll('{ticket}', await ticket(ADMIN_TOKEN));
  if (text.includes('{viewerTicket}')) text = text.replaceAll('{viewerTicket}', await ticket(VIEWER_TOKEN));
  if (text.includes('{usedTicket}')) {
    const used = await ticket(ADMIN_TOKEN);
    // Redeem it with an upgrade that passes every check up to the ticket, on a route that opens nothing.
    const first = await wsAttempt(proxy.port, `${API}/_ping?ticket=${used}`, { headers: authHeaders('admin'), origin: ctx.origin });
    expect(first.status).toBe(404);
    text = text.replaceAll('{usedTicket}', used);
  }
  return text;
}

async function performHttp(row: HttpRow): Promise<Outcome> {
  const headers = { ...authHeaders(row.auth), ...fill(row.headers ?? {}, ctx) };
  let body: string | Buffer | object | undefined;
  if (Buffer.isBuffer(row.body)) body = row.body;
  else if (row.body !== undefined) {
    const filled = fill(row.body, ctx);
    // A string is sent as it is (raw JSON text); any other JSON value is serialised.
    body = typeof filled === 'string' || (typeof filled === 'object' && filled !== null) ? filled : JSON.stringify(filled);
  }
  const target = proxies[row.on ?? 'main'];
  if (!target) throw new Error(`proxy ${row.on} is not running`);
  const r = await target.request(row.method, fill(row.path, ctx), { token: null, headers, ...(body !== undefined ? { body } : {}) });
  return { status: r.status, body: r.text, before: [], closed: false };
}

async function performRaw(row: RawRow): Promise<Outcome> {
  const data = row.raw(ctx);
  const bytes = typeof data === 'string' ? await withTickets(data) : data;
  const want = (row.before?.length ?? 0) + 1;
  const x = await rawExchange(proxy.port, bytes, want);
  const statuses = x.responses.map((r) => r.status);
  const last = x.responses.length >= want ? x.responses[want - 1] : undefined;
  // More responses than requests would mean the proxy read a request where none was sent (smuggling).
  expect(statuses.length, `responses: ${JSON.stringify(statuses)}`).toBeLessThanOrEqual(want);
  return { status: last?.status ?? 0, body: last?.body ?? '', before: statuses.slice(0, want - 1), closed: x.closed };
}

async function performWs(row: WsRow): Promise<Outcome> {
  const path = await withTickets(fill(row.path, ctx));
  const headers = { ...authHeaders(row.auth), ...(row.host ? { host: row.host } : {}) };
  const origin = row.origin === 'same' ? ctx.origin : row.origin === 'none' ? undefined : row.origin;
  const r = await wsAttempt(proxy.port, path, { headers, ...(origin !== undefined ? { origin } : {}) });
  return { status: r.status, body: r.body || r.messages.join('\n'), before: [], closed: false };
}

async function runRow(row: Row): Promise<void> {
  const before = await engineSnapshot(sock, watched);
  const logged = warnings.length;
  let upgraded = false;
  try {
    const got = row.kind === 'http' ? await performHttp(row) : row.kind === 'raw' ? await performRaw(row) : await performWs(row);
    upgraded = got.status === 101;
    expect(got.status, `answer: ${got.body.slice(0, 400)}`).toBe(row.expectStatus);
    if (row.kind === 'raw') {
      expect(got.before).toEqual(row.before ?? []);
      if (row.parserRefusal) {
        // Node's parser refused it before Porthole's routes ran: a logged JSON reason, the connection closed.
        expect(JSON.parse(got.body)).toMatchObject({ error: expect.stringMatching(/could not be parsed/) });
        expect(warnings.slice(logged).join('\n')).toMatch(/refused 400 \(unparseable request\)/);
        expect(got.closed).toBe(true);
      }
    }
    if (row.expectAnswer) expect(got.body).toMatch(row.expectAnswer);
    if (row.expectError) {
      const error = (JSON.parse(got.body) as { error?: unknown }).error;
      expect(error, `answer: ${got.body}`).toMatch(row.expectError);
      if (!row.unlogged) expect(warnings.slice(logged).join('\n'), 'the refusal was logged').toMatch(/refused/);
    }
    await expectEngineUnchanged(sock, before, watched);
  } catch (e) {
    if (upgraded) await settleEngine(sock);
    await restoreEngine(sock, before, watched);
    throw e;
  }
}

function table(rows: Row[]): void {
  const sound = rows.filter((r) => !r.hole);
  const holes = rows.filter((r) => r.hole);
  if (sound.length) test.each(sound)('$name', runRow);
  // Known holes: each states the secure behaviour; it fails today, so it runs as test.fails.
  // SHOW_HOLES=1 runs them as plain tests, to read what actually happens.
  if (holes.length) (SHOW_HOLES ? test.each(holes) : test.fails.each(holes))('HOLE: $name', runRow);
}

const ADMIN_ROLE = /needs the admin role/;
const NOT_IN_POLICY = /is not in Porthole's policy/;
const BAD_CHARS = /characters Porthole does not accept/;
const SOCKET = /would expose the engine socket/;
const OUTSIDE_ALLOWED = /only paths below .* may be bound/;
const PRIVILEGED = /HostConfig\.Privileged: privileged containers are root on the host/;
const ONLY_WS = /only WebSocket upgrades \(the console\) and Upgrade: tcp on attach and exec start/;
const FOREIGN_EXEC = /was not created through Porthole/;
const PRIV_EXEC = /Privileged exec is not allowed/;

// ---- the table ----

describe('paths and encodings', () => {
  table([
    http('dot-dot segment climbing from a container to /containers/create', 'POST', `${API}/containers/{cid}/../create`, 400, /\. or \.\. segment/, { body: { Image: '{image}' } }),
    http('percent-encoded dot-dot (%2e%2e)', 'POST', `${API}/containers/x/%2e%2e/create`, 400, BAD_CHARS, { body: { Image: '{image}' } }),
    http('encoded slash (%2f) hiding a path separator', 'POST', `${API}/containers%2fcreate`, 400, BAD_CHARS, { body: { Image: '{image}' } }),
    http('encoded backslash (%5c)', 'POST', `${API}/containers%5ccreate`, 400, BAD_CHARS),
    http('raw backslash as a separator', 'POST', `${API}/containers\\create`, 400, BAD_CHARS),
    http('encoded NUL byte (%00)', 'GET', `${API}/containers/{cid}%00/json`, 400, BAD_CHARS),
    http('empty segment (//)', 'POST', `${API}//containers/create`, 400, /empty segment/, { body: { Image: '{image}' } }),
    // An absolute-form target is refused before any route is looked up.
    {
      kind: 'raw',
      name: 'absolute-form request line (GET)',
      raw: (c) => request(c, 'GET', `https://${c.host}${API}/containers/json`),
      expectStatus: 400,
      expectError: /absolute-form/,
    },
    {
      kind: 'raw',
      name: 'absolute-form request line (POST of a privileged create)',
      raw: (c) => request(c, 'POST', `https://${c.host}${API}/containers/create`, { headers: ['Content-Type: application/json'], body: JSON.stringify({ Image: c.image, HostConfig: { Privileged: true } }) }),
      expectStatus: 400,
      expectError: /absolute-form/,
    },
    http('version prefix with three parts /v1.41.0/', 'GET', '/api/engines/local/v1.41.0/containers/json', 400, /malformed API version prefix/),
    http('version prefix with a leading zero /v01.41/', 'GET', '/api/engines/local/v01.41/containers/json', 400, /malformed API version prefix/),
    http('upper-case version prefix /V1.41/', 'GET', '/api/engines/local/V1.41/containers/json', 400, /malformed API version prefix/),
    http('old API /v1.23/ where start still took a HostConfig', 'POST', '/api/engines/local/v1.23/containers/{stopped}/start', 400, /older than v1\.41/, {
      body: { HostConfig: { Privileged: true, Binds: ['/:/host'] } },
    }),
    http('API version newer than the engine (/v1.99/)', 'GET', '/api/engines/local/v1.99/containers/json', 400, /newer than engine local/),
    http('unversioned create with Privileged', 'POST', `${UNVERSIONED}/containers/create`, 403, PRIVILEGED, { body: { Image: '{image}', HostConfig: { Privileged: true } } }),
    http('unversioned start of a foreign exec', 'POST', `${UNVERSIONED}/exec/{exec}/start`, 403, FOREIGN_EXEC, { body: { Detach: true } }),
    http('unversioned privileged exec create', 'POST', `${UNVERSIONED}/containers/{cid}/exec`, 403, PRIV_EXEC, { body: { Cmd: ['id'], Privileged: true } }),
    http('case trick /Containers/create', 'POST', `${API}/Containers/create`, 403, NOT_IN_POLICY, { body: { Image: '{image}' } }),
    http('case trick /CONTAINERS/{id}/EXEC', 'POST', `${API}/CONTAINERS/{cid}/EXEC`, 403, NOT_IN_POLICY, { body: { Cmd: ['id'] } }),
    http('trailing slash /containers/create/', 'POST', `${API}/containers/create/`, 403, NOT_IN_POLICY, { body: { Image: '{image}' } }),
    http('version prefix twice /v1.41/v1.41/', 'POST', `${API}/v1.41/containers/create`, 403, NOT_IN_POLICY, { body: { Image: '{image}' } }),
    http('semicolon path parameter /containers/create;x', 'POST', `${API}/containers/create;x`, 400, BAD_CHARS, { body: { Image: '{image}' } }),
    http('semicolon in the query (Go drops the pair)', 'POST', `${API}/build?t=a;remote=http://127.0.0.1:1/`, 400, /";"/),
    http('dot-dot in the engine name', 'GET', '/api/engines/../engines/local/v1.41/containers/json', 400, /\. or \.\. segment/),
    // Only the static files' rows have the path: they take GET and HEAD.
    http('upper-case /API/ prefix falls to the static files', 'POST', '/API/engines/local/v1.41/containers/create', 405, /POST is not served here/, { body: { Image: '{image}' } }),
    http('no Engine API path after the version', 'GET', '/api/engines/local/v1.41', 403, NOT_IN_POLICY),
  ]);
});

// Every row of the proxy's route table (proxy/src/routes.ts), generated: a route added to the table is walked
// here at once, and the proxy serves no route without a row.
function walkRow(r: Route, auth: Auth): Row {
  const method = r.method === 'ANY' ? 'GET' : r.method;
  const name = `${auth === 'none' ? 'no credentials' : 'viewer token'} on ${method} ${r.example} (${r.name}, ${r.transport})`;
  const status = auth === 'none' ? 401 : 403;
  const expectError = method === 'HEAD' ? undefined : auth === 'none' ? /^not logged in$/ : /needs? the admin role; this session is viewer$/;
  if (r.transport === 'websocket') return ws(name, r.example, status, expectError!, { auth });
  if (r.transport === 'hijack') {
    const token = auth === 'viewer' ? [`Authorization: Bearer ${VIEWER_TOKEN}`] : [];
    return { kind: 'raw', name, raw: (c) => request(c, method, r.example, { auth: false, headers: [...token, 'Connection: Upgrade', 'Upgrade: tcp', 'Content-Length: 0'] }), expectStatus: status, ...(expectError ? { expectError } : {}) };
  }
  return http(name, method, r.example, status, expectError, { auth });
}

describe('every route of the proxy', () => {
  table([
    ...ROUTES.filter((r) => r.access !== 'anyone').map((r) => walkRow(r, 'none')),
    ...ROUTES.filter((r) => r.access === 'admin').map((r) => walkRow(r, 'viewer')),
  ]);
});

describe('methods', () => {
  table([
    http('PATCH on container update', 'PATCH', `${API}/containers/{cid}/update`, 405, /PATCH .* is not allowed/, { body: { Devices: [] } }),
    http('OPTIONS preflight on create from a foreign page', 'OPTIONS', `${API}/containers/create`, 405, /OPTIONS .* is not allowed/, {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    }),
    http('TRACE', 'TRACE', `${API}/_ping`, 405, /TRACE .* is not allowed/),
    { kind: 'raw', name: 'CONNECT tunnel to the host', raw: (c) => request(c, 'CONNECT', '127.0.0.1:22'), expectStatus: 0 },
    // HEAD answers carry no body, so there is no JSON reason to read.
    http('HEAD on create', 'HEAD', `${API}/containers/create`, 405),
    http('HEAD on kill', 'HEAD', `${API}/containers/{cid}/kill`, 405),
    http('PUT on create', 'PUT', `${API}/containers/create`, 405, /PUT .* is not allowed/, { body: { Image: '{image}' } }),
    http('DELETE on the exec of another session', 'DELETE', `${API}/exec/{exec}`, 403, NOT_IN_POLICY),
    { kind: 'raw', name: 'lower-case method "post"', raw: (c) => request(c, 'post', `${API}/containers/create`, { body: '{}' }), expectStatus: 400, parserRefusal: true },
    { kind: 'raw', name: 'unknown method FOO', raw: (c) => request(c, 'FOO', `${API}/containers/create`), expectStatus: 400, parserRefusal: true },
    // Allowed and harmless: the override header is never forwarded and the engine ignores it.
    http('X-HTTP-Method-Override: DELETE on an inspect', 'GET', `${API}/containers/{cid}/json`, 200, undefined, { headers: { 'x-http-method-override': 'DELETE' } }),
  ]);
});

const PRIV_BODY = '{"Image":"fixture/busybox:1","HostConfig":{"Privileged":true}}';

describe('smuggling and pipelining', () => {
  table([
    {
      kind: 'raw',
      name: 'Content-Length and Transfer-Encoding together (CL.TE)',
      raw: (c) => request(c, 'POST', `${API}/containers/create`, { headers: ['Content-Type: application/json', 'Content-Length: 4', 'Transfer-Encoding: chunked'], body: `0\r\n\r\nPOST ${API}/containers/create HTTP/1.1\r\n\r\n`, length: false }),
      expectStatus: 400,
      parserRefusal: true,
    },
    {
      kind: 'raw',
      name: 'two equal Content-Length headers',
      raw: (c) => request(c, 'POST', `${API}/containers/create`, { headers: ['Content-Length: 2', 'Content-Length: 2'], body: '{}', length: false }),
      expectStatus: 400,
      parserRefusal: true,
    },
    {
      kind: 'raw',
      name: 'two different Content-Length headers',
      raw: (c) => request(c, 'POST', `${API}/containers/create`, { headers: ['Content-Length: 2', `Content-Length: ${PRIV_BODY.length}`], body: PRIV_BODY, length: false }),
      expectStatus: 400,
      parserRefusal: true,
    },
    {
      kind: 'raw',
      name: 'Transfer-Encoding obfuscated as xchunked',
      raw: (c) => request(c, 'POST', `${API}/containers/create`, { headers: ['Transfer-Encoding: xchunked'], body: `${PRIV_BODY.length.toString(16)}\r\n${PRIV_BODY}\r\n0\r\n\r\n` }),
      expectStatus: 400,
      parserRefusal: true,
    },
    {
      kind: 'raw',
      name: 'Transfer-Encoding "chunked, identity"',
      raw: (c) => request(c, 'POST', `${API}/containers/create`, { headers: ['Transfer-Encoding: chunked, identity'], body: `2\r\n{}\r\n0\r\n\r\n`, length: false }),
      expectStatus: 400,
      parserRefusal: true,
    },
    {
      kind: 'raw',
      name: 'space before the colon of Transfer-Encoding',
      raw: (c) => request(c, 'POST', `${API}/containers/create`, { headers: ['Transfer-Encoding : chunked', 'Content-Length: 2'], body: '{}', length: false }),
      expectStatus: 400,
      parserRefusal: true,
    },
    {
      kind: 'raw',
      name: 'Transfer-Encoding folded onto a continuation line (obs-fold)',
      raw: (c) => request(c, 'POST', `${API}/containers/create`, { headers: ['Transfer-Encoding:', ' chunked'], body: '2\r\n{}\r\n0\r\n\r\n', length: false }),
      expectStatus: 400,
      parserRefusal: true,
    },
    {
      kind: 'raw',
      name: 'pipelined: ping, then a privileged create on the same keep-alive connection',
      raw: (c) => request(c, 'GET', `${API}/_ping`) + request(c, 'POST', `${API}/containers/create`, { headers: ['Content-Type: application/json'], body: JSON.stringify({ Image: c.image, HostConfig: { Privileged: true } }) }),
      before: [200],
      expectStatus: 403,
      expectError: PRIVILEGED,
    },
    {
      kind: 'raw',
      name: 'pipelined: ping, then a privileged exec create',
      raw: (c) => request(c, 'GET', `${API}/_ping`) + request(c, 'POST', `${API}/containers/${c.cid}/exec`, { headers: ['Content-Type: application/json'], body: '{"Cmd":["id"],"Privileged":true}' }),
      before: [200],
      expectStatus: 403,
      expectError: PRIV_EXEC,
    },
    {
      kind: 'raw',
      name: 'pipelined: an allowed inspect, then the start of a foreign exec',
      raw: (c) => request(c, 'GET', `${API}/containers/${c.cid}/json`) + request(c, 'POST', `${API}/exec/${c.exec}/start`, { headers: ['Content-Type: application/json'], body: '{"Detach":true}' }),
      before: [200],
      expectStatus: 403,
      expectError: FOREIGN_EXEC,
    },
    {
      kind: 'raw',
      name: 'request smuggled in the body of a GET',
      raw: (c) => request(c, 'GET', `${API}/_ping`, { body: request(c, 'POST', `${API}/containers/${c.cid}/exec`, { body: '{"Cmd":["id"]}' }) }),
      expectStatus: 400,
      expectError: /takes no request body/,
    },
    {
      kind: 'raw',
      name: 'request smuggled after a chunked terminator',
      raw: (c) =>
        request(c, 'POST', `${API}/containers/${c.cid}/start`, { headers: ['Transfer-Encoding: chunked'], body: '0\r\n\r\n', length: false }) +
        request(c, 'POST', `${API}/containers/${c.cid}/exec`, { headers: ['Content-Type: application/json'], body: '{"Cmd":["id"],"Privileged":true}' }),
      before: [400],
      expectStatus: 403,
      expectError: PRIV_EXEC,
    },
  ]);
});

describe('upgrade abuse', () => {
  table([
    // The docker CLI's attach and exec streams (Upgrade: tcp) are judged as the console is (cliStreams.ts).
    {
      kind: 'raw',
      name: 'Upgrade: tcp attach by a viewer',
      raw: (c) => request(c, 'POST', `${API}/containers/${c.cid}/attach?stream=1&stdin=1&stdout=1`, { auth: false, headers: [`Authorization: Bearer ${c.viewer}`, 'Connection: Upgrade', 'Upgrade: tcp'] }),
      expectStatus: 403,
      expectError: ADMIN_ROLE,
    },
    {
      kind: 'raw',
      name: 'Upgrade: tcp attach without credentials',
      raw: (c) => request(c, 'POST', `${API}/containers/${c.cid}/attach?stream=1&stdin=1&stdout=1`, { auth: false, headers: ['Connection: Upgrade', 'Upgrade: tcp'] }),
      expectStatus: 401,
      expectError: /not logged in/,
    },
    {
      kind: 'raw',
      name: "Upgrade: tcp attach to a container on the host's pid namespace (made outside Porthole)",
      raw: (c) => request(c, 'POST', `${API}/containers/${c.hostPid}/attach?stream=1&stdin=1&stdout=1`, { headers: ['Connection: Upgrade', 'Upgrade: tcp'] }),
      expectStatus: 403,
      expectError: /host's pid namespace/,
    },
    {
      kind: 'raw',
      name: 'Upgrade: tcp on POST /exec/ID/start of a foreign exec',
      raw: (c) => request(c, 'POST', `${API}/exec/${c.exec}/start`, { headers: ['Connection: Upgrade', 'Upgrade: tcp', 'Content-Type: application/json'], body: '{"Detach":false,"Tty":true}' }),
      expectStatus: 403,
      expectError: FOREIGN_EXEC,
    },
    {
      kind: 'raw',
      name: 'Upgrade: tcp on an unversioned, unnormalised exec start path',
      raw: (c) => request(c, 'POST', `${UNVERSIONED}/containers/x/../../exec/${c.exec}/start`, { headers: ['Connection: Upgrade', 'Upgrade: tcp', 'Content-Type: application/json'], body: '{}' }),
      expectStatus: 400,
      expectError: /\. or \.\. segment/,
    },
    {
      kind: 'raw',
      name: 'Upgrade: tcp on a route that is no stream (/containers/create)',
      raw: (c) => request(c, 'POST', `${API}/containers/create`, { headers: ['Connection: Upgrade', 'Upgrade: tcp', 'Content-Type: application/json'], body: JSON.stringify({ Image: c.image, HostConfig: { Privileged: true } }) }),
      expectStatus: 400,
      expectError: ONLY_WS,
    },
    {
      kind: 'raw',
      name: 'Upgrade: tcp without Connection: Upgrade on attach (plain request)',
      raw: (c) => request(c, 'POST', `${API}/containers/${c.cid}/attach?stream=1&stdout=1`, { headers: ['Upgrade: tcp'] }),
      expectStatus: 400,
      expectError: /attach needs Connection: Upgrade and Upgrade: tcp/,
    },
    http('Upgrade: tcp attach with a browser session cookie', 'POST', `${API}/containers/{cid}/attach?stream=1&stdout=1`, 403, /needs a bearer token/, {
      auth: 'cookie',
      headers: { connection: 'Upgrade', upgrade: 'tcp', 'x-porthole': '1' },
    }),
    {
      kind: 'raw',
      name: "BuildKit's session stream (Upgrade: h2c on /session)",
      raw: (c) => request(c, 'POST', `${API}/session`, { headers: ['Connection: Upgrade', 'Upgrade: h2c', 'X-Docker-Expose-Session-Uuid: x'] }),
      expectStatus: 403,
      expectError: /BuildKit is not supported through Porthole/,
    },
    http('docker login (POST /auth) asks the engine to check a password', 'POST', `${API}/auth`, 403, /credentials live on the proxy host/, { body: { username: 'u', password: 'p', serveraddress: '{authRegistry}' } }),
    http("exec create in a container on the host's pid namespace (docker exec)", 'POST', `${API}/containers/{hostPid}/exec`, 403, /host's pid namespace/, { body: { Cmd: ['id'], AttachStdout: true } }),
    http('exec create in a container that binds / (docker exec)', 'POST', `${API}/containers/{rootBound}/exec`, 403, /mounts host paths/, { body: { Cmd: ['cat', '/host/etc/shadow'], AttachStdout: true } }),
    viewer('exec create by a viewer', 'POST', `${API}/containers/{cid}/exec`, { body: { Cmd: ['id'] } }),
    http('detached start of an exec made elsewhere (docker exec -d)', 'POST', `${API}/exec/{exec}/start`, 403, FOREIGN_EXEC, { body: { Detach: true, Tty: false } }),
    http('attached start of an exec made elsewhere, without Upgrade', 'POST', `${API}/exec/{exec}/start`, 403, FOREIGN_EXEC, { body: { Detach: false, Tty: false } }),
    {
      kind: 'raw',
      name: 'Upgrade: h2c',
      raw: (c) => request(c, 'GET', `${API}/_ping`, { headers: ['Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', 'HTTP2-Settings: AAMAAABkAAQAAP__'] }),
      expectStatus: 400,
      expectError: ONLY_WS,
    },
    {
      kind: 'raw',
      name: 'WebSocket upgrade by POST',
      raw: (c) =>
        request(c, 'POST', fill(EXEC_WS, c), {
          headers: ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', `Origin: ${c.origin}`],
        }),
      expectStatus: 400,
      expectError: ONLY_WS,
    },
    ws('WebSocket upgrade on a non-WebSocket route (/containers/json)', `${API}/containers/json?ticket={ticket}`, 404, /not a WebSocket route/),
    ws("WebSocket to the engine's own /containers/ID/attach/ws", `${API}/containers/{cid}/attach/ws?ticket={ticket}&stream=1&stdin=1`, 404, /not a WebSocket route/),
    ws('WebSocket without a ticket', `${UNVERSIONED}/containers/{cid}/exec?cmd=["sh"]`, 401, /fresh single-use ticket/),
    ws('WebSocket with a made-up ticket', `${UNVERSIONED}/containers/{cid}/exec?ticket=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&cmd=["sh"]`, 401, /fresh single-use ticket/),
    ws('WebSocket with a reused ticket', `${UNVERSIONED}/containers/{cid}/exec?ticket={usedTicket}&cmd=["sh"]`, 401, /fresh single-use ticket/),
    ws('WebSocket with a foreign Origin', EXEC_WS, 403, /WebSocket Origin must be this Porthole page/, { origin: 'https://evil.example' }),
    ws('WebSocket with no Origin', EXEC_WS, 403, /WebSocket Origin must be this Porthole page/, { origin: 'none' }),
    ws('WebSocket with Origin null (sandboxed frame)', EXEC_WS, 403, /WebSocket Origin must be this Porthole page/, { origin: 'null' }),
    ws('WebSocket from another port of the same host', EXEC_WS, 403, /WebSocket Origin must be this Porthole page/, { origin: 'https://127.0.0.1:1' }),
    ws('WebSocket from plain http on the same host', EXEC_WS, 403, /WebSocket Origin must be this Porthole page/, { origin: 'http://{host}' }),
    ws('WebSocket with a ticket but no credentials', EXEC_WS, 401, /not logged in/, { auth: 'none' }),
    ws("console in a container on the host's pid namespace (made outside Porthole)", EXEC_WS.replace('{cid}', '{hostPid}'), 403, /attacks-hostpid-\w+ shares the host's pid namespace/),
    ws("attach to a container on the host's pid namespace", `${UNVERSIONED}/containers/{hostPid}/attach?ticket={ticket}`, 403, /host's pid namespace/),
    ws('console in a container that binds / (made outside Porthole)', EXEC_WS.replace('{cid}', '{rootBound}'), 403, /attacks-rootbound-\w+ mounts host paths/),
    http('console preflight says why', 'GET', `${UNVERSIONED}/containers/{hostPid}/exec`, 403, /host's pid namespace .* reaches the host/),
    http('download of / through a container that binds it', 'GET', `${API}/containers/{rootBound}/archive?path=/host/etc/shadow`, 403, /mounts host paths/),
    http('stat through a container that binds /', 'HEAD', `${API}/containers/{rootBound}/archive?path=/host/etc`, 403, undefined),
    http("upload into a container on the host's pid namespace", 'PUT', `${API}/containers/{hostPid}/archive?path=/tmp`, 403, /host's pid namespace/, { body: createTar([{ type: 'file', path: 'x', content: 'x' }]) }),
    {
      kind: 'raw',
      name: 'WebSocket request line in absolute-form',
      raw: (c) =>
        request(c, 'GET', `https://${c.host}${fill(EXEC_WS, c)}`, {
          headers: ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', `Origin: ${c.origin}`],
        }),
      expectStatus: 400,
      expectError: /absolute-form/,
      // Found by this suite: handleUpgrade read req.url with new URL(), and this opened the console (101).
    },
    {
      kind: 'raw',
      name: 'WebSocket path with a %2e%2e segment',
      raw: (c) =>
        request(c, 'GET', fill(EXEC_WS, c).replace('/exec?', '/x/%2e%2e/exec?'), {
          headers: ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', `Origin: ${c.origin}`],
        }),
      expectStatus: 400,
      expectError: BAD_CHARS,
      // Found by this suite: new URL() resolved the dot segment and the console opened (101).
    },
  ]);
});

describe('JSON tricks', () => {
  const img = '"Image":"{image}"';
  table([
    createBody('lower-case keys hostconfig / privileged', `{${img},"hostconfig":{"privileged":true}}`, 403, PRIVILEGED),
    createBody('upper-case key PRIVILEGED', `{${img},"HostConfig":{"PRIVILEGED":true}}`, 403, PRIVILEGED),
    createBody('escaped key Privil\\u0065ged', `{${img},"HostConfig":{"Privil\\u0065ged":true}}`, 403, PRIVILEGED),
    createBody('escaped key \\u0048ostConfig', `{${img},"\\u0048ostConfig":{"Privileged":true}}`, 403, PRIVILEGED),
    createBody('duplicate key: Privileged false, then true', `{${img},"HostConfig":{"Privileged":false,"Privileged":true}}`, 400, /appears twice/),
    createBody('duplicate key by case: HostConfig and hostconfig', `{${img},"HostConfig":{},"hostconfig":{"Privileged":true}}`, 400, /appears twice/),
    createBody('duplicate key by Go folding: Binds and Bind\\u017f', `{${img},"HostConfig":{"Binds":[],"Bind\u017f":["/:/host"]}}`, 400, /appears twice/),
    createBody('Go fold U+017F (long s): Bind\\u017f of /', `{${img},"HostConfig":{"Bind\u017f":["/:/host"]}}`, 403, SOCKET),
    createBody('Go fold U+212A (Kelvin sign): Networ\\u212AMode host', `{${img},"HostConfig":{"Networ\u212aMode":"host"}}`, 403, /shares a namespace with the host/),
    createBody('Go fold U+017F in SecurityOpt: \\u017fecurityOpt', `{${img},"HostConfig":{"\u017fecurityOpt":["seccomp=unconfined"]}}`, 403, /only no-new-privileges/),
    createBody('trailing garbage after the object', `{${img},"HostConfig":{}} x`, 400, /trailing characters/),
    createBody('a second JSON document after the first', `{${img}}{"HostConfig":{"Privileged":true}}`, 400, /trailing characters/),
    createBody('a comment inside the JSON', `{${img},/* "HostConfig":{"Privileged":true} */"HostConfig":{}}`, 400, /expected a key/),
    createBody('nested 100 levels deep', `{${img},"Labels":${'['.repeat(100)}${']'.repeat(100)}}`, 400, /nested too deeply/),
    createBody('Privileged as the string "true"', { Image: '{image}', HostConfig: { Privileged: 'true' } }, 403, PRIVILEGED),
    // JSON.stringify(1e400) is null: the limit was dropped and the container made with none.
    createBody('a memory limit of 1e400 (re-serialised as null)', `{${img},"HostConfig":{"Memory":1e400}}`, 400, /the number 1e400 .* beyond what a 64-bit number holds/),
    createBody('Privileged as the number 1', `{${img},"HostConfig":{"Privileged":1}}`, 403, PRIVILEGED),
    createBody('HostConfig as a list', { Image: '{image}', HostConfig: [{ Privileged: true }] }, 403, /HostConfig must be an object/),
    createBody('JSON sent as text/plain', PRIV_BODY, 403, PRIVILEGED, { headers: { 'content-type': 'text/plain' } }),
    createBody('JSON sent as a form (x-www-form-urlencoded)', PRIV_BODY, 403, PRIVILEGED, { headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    createBody('gzip-encoded JSON body', gzipSync(PRIV_BODY), 415, /encoded \(compressed\) JSON bodies/, { headers: { 'content-encoding': 'gzip' } }),
    createBody('huge body (2 MiB, declared)', Buffer.from(`{${img.replace('{image}', 'fixture/busybox:1')},"Labels":{"x":"${'a'.repeat(2 * 1024 * 1024)}"}}`), 413, /limit is 1048576/),
    {
      kind: 'raw',
      name: 'huge chunked body without a length',
      raw: (c) => {
        const head = '{"Image":"x","Labels":{"x":"';
        const chunk = 'a'.repeat(256 * 1024);
        const body = `${head.length.toString(16)}\r\n${head}\r\n` + `${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(5) + '0\r\n\r\n';
        return request(c, 'POST', `${API}/containers/create`, { headers: ['Content-Type: application/json', 'Transfer-Encoding: chunked'], body, length: false });
      },
      expectStatus: 413,
      expectError: /over the limit of 1048576 bytes/,
    },
    http('body on a no-body route: start with a HostConfig', 'POST', `${API}/containers/{stopped}/start`, 400, /takes no request body/, { body: { HostConfig: { Privileged: true } } }),
    http('body on a no-body route: kill with a smuggled JSON', 'POST', `${API}/containers/{cid}/kill`, 400, /takes no request body/, { body: { Cmd: ['id'] } }),
    // The 1.41 engine still reads HostConfig fields at the top level of a create body (runconfig's deprecated
    // embedded *container.HostConfig), used when "HostConfig" is absent or null. Found by this suite: the proxy
    // judged only "HostConfig", and each of these made its container (201) as asked.
    createBody('legacy top-level Privileged (no HostConfig)', { Image: '{image}', Privileged: true }, 403, PRIVILEGED),
    createBody('legacy top-level Binds of / with "HostConfig": null', { Image: '{image}', HostConfig: null, Binds: ['/:/host'] }, 403, SOCKET),
    createBody('legacy top-level PidMode host and CapAdd', { Image: '{image}', PidMode: 'host', CapAdd: ['SYS_ADMIN'] }, 403, /PidMode=host/),
    createBody('legacy top-level CapAdd next to an innocent HostConfig', { Image: '{image}', HostConfig: {}, CapAdd: ['SYS_ADMIN'] }, 403, /CapAdd/),
  ]);
});

describe('escalation fields of a container', () => {
  table([
    create('Privileged', { Privileged: true }, PRIVILEGED),
    create('PidMode host', { PidMode: 'host' }, /PidMode=host/),
    create("PidMode container: (another container's pids)", { PidMode: 'container:{cid}' }, /PidMode=container:/),
    create('IpcMode host', { IpcMode: 'host' }, /IpcMode=host/),
    create('IpcMode container:', { IpcMode: 'container:{cid}' }, /IpcMode=container:/),
    create('UTSMode host', { UTSMode: 'host' }, /UTSMode=host/),
    create('UsernsMode host', { UsernsMode: 'host' }, /UsernsMode=host/),
    create('CgroupnsMode host', { CgroupnsMode: 'host' }, /CgroupnsMode=host/),
    create('NetworkMode host', { NetworkMode: 'host' }, /NetworkMode host shares a namespace/),
    create('NetworkMode container:', { NetworkMode: 'container:{cid}' }, /NetworkMode container:.* shares a namespace/),
    create('NetworkMode: the host network by id prefix', { NetworkMode: '{hostNet}' }, /NetworkMode .* is the host's network/),
    createBody('NetworkingConfig endpoint "host"', { Image: '{image}', NetworkingConfig: { EndpointsConfig: { host: {} } } }, 403, /EndpointsConfig host shares a namespace/),
    createBody('NetworkingConfig endpoint: the host network by id prefix', { Image: '{image}', NetworkingConfig: { EndpointsConfig: { '{hostNet}': {} } } }, 403, /EndpointsConfig .* is the host's network/),
    create('Devices /dev/mem', { Devices: [{ PathOnHost: '/dev/mem', PathInContainer: '/dev/mem', CgroupPermissions: 'rwm' }] }, /Devices: host devices/),
    create('DeviceCgroupRules a *:* rwm', { DeviceCgroupRules: ['a *:* rwm'] }, /DeviceCgroupRules/),
    create('DeviceRequests (all GPUs)', { DeviceRequests: [{ Driver: '', Count: -1, Capabilities: [['gpu']] }] }, /DeviceRequests/),
    create('CapAdd SYS_ADMIN', { CapAdd: ['SYS_ADMIN'] }, /CapAdd/),
    create('CapAdd ALL', { CapAdd: ['ALL'] }, /CapAdd/),
    create('Capabilities (a full custom set)', { Capabilities: ['CAP_SYS_ADMIN', 'CAP_SYS_PTRACE'] }, /Capabilities/),
    create('SecurityOpt seccomp=unconfined', { SecurityOpt: ['seccomp=unconfined'] }, /only no-new-privileges/),
    create('SecurityOpt apparmor=unconfined', { SecurityOpt: ['apparmor=unconfined'] }, /only no-new-privileges/),
    create('SecurityOpt label=disable', { SecurityOpt: ['label=disable'] }, /only no-new-privileges/),
    create('SecurityOpt label:disable (old colon form)', { SecurityOpt: ['label:disable'] }, /only no-new-privileges/),
    create('SecurityOpt systempaths=unconfined', { SecurityOpt: ['systempaths=unconfined'] }, /only no-new-privileges/),
    create('SecurityOpt hidden after no-new-privileges', { SecurityOpt: ['no-new-privileges', 'seccomp=unconfined'] }, /only no-new-privileges/),
    create('Sysctls', { Sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' } }, /Sysctls/),
    create('Runtime other than runc', { Runtime: 'io.containerd.runsc.v1' }, /Runtime/),
    create('VolumesFrom another container', { VolumesFrom: ['{cid}'] }, /VolumesFrom/),
    create('LogConfig gelf to the host loopback (the engine connects from the host)', { LogConfig: { Type: 'gelf', Config: { 'gelf-address': 'udp://127.0.0.1:12201' } } }, /LogConfig\.Type gelf/),
    create('LogConfig syslog over TCP to the host loopback', { LogConfig: { Type: 'syslog', Config: { 'syslog-address': 'tcp://127.0.0.1:22' } } }, /LogConfig\.Type syslog/),
    create('VolumeDriver of a plugin', { VolumeDriver: 'local-persist', Binds: ['evilvol:/x'] }, /VolumeDriver local-persist/),
    create('Binds naming an existing volume that binds / (made outside Porthole)', { Binds: ['{hostVolume}:/host'] }, /existing volume attacks-hostroot-\w+ is a bind mount of the host/),
    create('Mounts naming an existing volume that binds /', { Mounts: [{ Type: 'volume', Source: '{hostVolume}', Target: '/host' }] }, /existing volume attacks-hostroot-\w+ is a bind mount of the host/),
    create('CgroupParent', { CgroupParent: '/' }, /CgroupParent/),
    create('MaskedPaths [] (unmask /proc)', { MaskedPaths: [] }, /MaskedPaths/),
    create('ReadonlyPaths [] (writable /proc/sys)', { ReadonlyPaths: [] }, /ReadonlyPaths/),
    http('container update adding Devices', 'POST', `${API}/containers/{cid}/update`, 403, /update\.Devices/, { body: { Devices: [{ PathOnHost: '/dev/mem', PathInContainer: '/dev/mem', CgroupPermissions: 'rwm' }] } }),
    http('container update adding DeviceCgroupRules', 'POST', `${API}/containers/{cid}/update`, 403, /update\.DeviceCgroupRules/, { body: { DeviceCgroupRules: ['a *:* rwm'] } }),
  ]);
});

describe('bind mounts and volumes', () => {
  table([
    bind('bind of /', '/', SOCKET),
    bind('bind of /var/run/docker.sock', '/var/run/docker.sock', SOCKET),
    bind("bind of the engine's own socket", '{sock}', SOCKET),
    bind("bind of the directory holding the engine's socket", '{sockDir}', SOCKET),
    bind('bind of /var/run (holds docker.sock)', '/var/run', SOCKET),
    bind('bind with traversal /allowed/../etc', '{allowed}/../etc', OUTSIDE_ALLOWED),
    bind('bind with a similar prefix /allowedX', '{allowed}X', OUTSIDE_ALLOWED),
    bind('bind of a symlink inside the allowed dir pointing at /etc', '{allowed}/etc-link', /bind mount of \/etc refused/),
    bind('bind below a symlink inside the allowed dir pointing at /etc', '{allowed}/etc-link/ssl', /bind mount of \/etc\/ssl refused/),
    bind('bind of /proc', '/proc', OUTSIDE_ALLOWED),
    bind('bind of a relative path', './data', /not an absolute path/),
    bind('bind of ~', '~/data', /not an absolute path/),
    // Found by this suite: realpath() of a missing path failed, so only the lexical path was judged; on start
    // the engine MkdirAll()s through the symlink and binds a new directory outside --allow-bind.
    bind('bind through a symlink to a path that does not exist yet (outside the allowed dir)', '{allowed}/escape/made-by-engine', OUTSIDE_ALLOWED),
    mount('Mounts bind through a symlink to a missing path', { Type: 'bind', Source: '{allowed}/escape/new/deeper', Target: '/x' }, OUTSIDE_ALLOWED),
    mount('Mounts type bind of /', { Type: 'bind', Source: '/', Target: '/host' }, SOCKET),
    mount("Mounts type bind of the engine's socket", { Type: 'bind', Source: '{sock}', Target: '/docker.sock' }, SOCKET),
    mount('Mounts type bind through the /etc symlink', { Type: 'bind', Source: '{allowed}/etc-link', Target: '/x' }, /bind mount of \/etc refused/),
    mount('Mounts volume with bind options (o=bind, device=/)', { Type: 'volume', Source: 'evil', Target: '/x', VolumeOptions: { DriverConfig: { Name: 'local', Options: { type: 'none', o: 'bind', device: '/' } } } }, SOCKET),
    mount('Mounts volume with type none and device /etc', { Type: 'volume', Source: 'evil', Target: '/x', VolumeOptions: { DriverConfig: { Options: { type: 'none', device: '/etc' } } } }, OUTSIDE_ALLOWED),
    mount('Mounts volume with an NFS mount of a remote host', { Type: 'volume', Source: 'evil', Target: '/x', VolumeOptions: { DriverConfig: { Options: { type: 'nfs', o: 'addr=10.0.0.1', device: ':/' } } } }, /volume type nfs is not allowed/),
    mount('Mounts volume with a plugin driver', { Type: 'volume', Source: 'evil', Target: '/x', VolumeOptions: { DriverConfig: { Name: 'evil/plugin' } } }, /volume driver evil\/plugin/),
    mount('Mounts type npipe', { Type: 'npipe', Source: '/run/docker.sock', Target: '/x' }, /mount type npipe is not allowed/),
    http('volume create with o=bind device=/', 'POST', `${API}/volumes/create`, 403, SOCKET, { body: { Name: 'evil-root', DriverOpts: { type: 'none', o: 'bind', device: '/' } } }),
    http('volume create with type none device=/etc', 'POST', `${API}/volumes/create`, 403, OUTSIDE_ALLOWED, { body: { Name: 'evil-etc', DriverOpts: { type: 'none', device: '/etc' } } }),
    http('volume create with an ext4 block device', 'POST', `${API}/volumes/create`, 403, /volume type ext4 is not allowed/, { body: { Name: 'evil-disk', DriverOpts: { type: 'ext4', device: '/dev/sda1' } } }),
    http('volume create with a plugin driver', 'POST', `${API}/volumes/create`, 403, /volume driver evil is not allowed/, { body: { Name: 'evil-drv', Driver: 'evil' } }),
  ]);

  test('positive: a bind below the --allow-bind directory IS created, and the container writes through it', async () => {
    const r = await proxy.request('POST', `${API}/containers/create`, {
      body: { Image: ctx.image, Cmd: ['sh', '-c', 'echo through > /data/proof'], HostConfig: { Binds: [`${allowed}/data:/data`] } },
    });
    expect(r.status, r.text).toBe(201);
    const id = r.json<{ Id: string }>().Id;
    try {
      const inspect = await engineJson<{ HostConfig: { Binds: string[] } }>(sock, 'GET', `/containers/${id}/json`);
      expect(inspect.HostConfig.Binds).toEqual([`${allowed}/data:/data`]);
      expect((await proxy.request('POST', `${API}/containers/${id}/start`)).status).toBe(204);
      expect((await proxy.request('POST', `${API}/containers/${id}/wait`)).json<{ StatusCode: number }>().StatusCode).toBe(0);
      expect(readdirSync(join(allowed, 'data'))).toContain('proof');
    } finally {
      await engineRequest(sock, 'DELETE', `/containers/${id}?force=1`);
      rmSync(join(allowed, 'data', 'proof'), { force: true });
    }
  });

  // End to end: create and (if that got through) start through the proxy; the engine must create nothing outside.
  test('a bind through a symlink to a missing path creates no directory outside --allow-bind', async () => {
    const before = await engineSnapshot(sock, watched);
    try {
      const r = await proxy.request('POST', `${API}/containers/create`, { body: { Image: ctx.image, Cmd: ['true'], HostConfig: { Binds: [`${allowed}/escape/made-by-engine:/x`] } } });
      if (r.status === 201) await proxy.request('POST', `${API}/containers/${r.json<{ Id: string }>().Id}/start`);
      expect(existsSync(join(outside, 'made-by-engine')), 'the engine made a directory outside the allowed dir').toBe(false);
      expect(r.status).toBe(403);
      await expectEngineUnchanged(sock, before, watched);
    } finally {
      await restoreEngine(sock, before, watched);
    }
  });
});

/** A tar of raw header blocks and data (entries the ordinary writer would never make), with its end blocks. */
const rawTar = (parts: Uint8Array[]) => Buffer.from(concatBytes([...parts, new Uint8Array(1024)]));
const tarFile = (name: string, content: string, extra: Partial<Parameters<typeof rawHeader>[0]> = {}) => {
  const data = Buffer.from(content);
  return [rawHeader({ name, flag: '0', size: data.length.toString(8).padStart(11, '0'), ...extra }), ...padded(data)];
};
const buildContext = (dockerfile: string) => createTar([{ type: 'file', path: 'Dockerfile', content: dockerfile }]);

describe('networks, builds, images, swarm', () => {
  table([
    http('network create with the host driver', 'POST', `${API}/networks/create`, 403, /network driver host is not allowed/, { body: { Name: 'evil-host', Driver: 'host' } }),
    http('network create with macvlan on the host NIC', 'POST', `${API}/networks/create`, 403, /network driver macvlan/, { body: { Name: 'evil-mv', Driver: 'macvlan', Options: { parent: 'lo' } } }),
    // Not judged by the proxy: the engine itself refuses (its {"message"}, not a Porthole {"error"}).
    http('network connect of a container to the host network', 'POST', `${API}/networks/host/connect`, 400, undefined, {
      body: { Container: '{cid}' },
      expectAnswer: /cannot be disconnected from host network or connected to host network/,
    }),
    http('network create taking over docker0', 'POST', `${API}/networks/create`, 403, /naming the bridge interface/, { body: { Name: 'evil-br', Options: { 'com.docker.network.bridge.name': 'docker0' } } }),
    http('build from a remote URL (remote=)', 'POST', `${API}/build?remote=http://127.0.0.1:1/ctx.tar`, 403, /remote URL is not allowed/, { body: buildContext('FROM scratch\n') }),
    http('build with an empty remote=', 'POST', `${API}/build?remote=`, 403, /remote URL is not allowed/, { body: buildContext('FROM scratch\n') }),
    http('build with networkmode=host', 'POST', `${API}/build?networkmode=host`, 403, /network mode host/, { body: buildContext('FROM scratch\n') }),
    http('build with networkmode=container:', 'POST', `${API}/build?networkmode=container:{cid}`, 403, /network mode container:/, { body: buildContext('FROM scratch\n') }),
    http('build with a cgroupparent', 'POST', `${API}/build?cgroupparent=/`, 403, /cgroup parent/, { body: buildContext('FROM scratch\n') }),
    http('build with BuildKit (version=2)', 'POST', `${API}/build?version=2`, 403, /BuildKit/, { body: buildContext('FROM scratch\n') }),
    // Go's r.FormValue reads an x-www-form-urlencoded body too, and the proxy judges only the URL query.
    // (postBuild peeks 4 KiB of the body first, so the form pairs come after 8000 bytes of padding.)
    // Found by this suite: the engine read remote= from the body and dialled it. Now raw bodies go to the
    // engine as application/x-tar, and a build context must be a tar whose Dockerfile the proxy has read.
    http('build with remote= and networkmode=host in a form-encoded body', 'POST', `${API}/build`, 400, /not a valid tar/, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from(`pad=${'x'.repeat(8000)}&remote=${encodeURIComponent('http://127.0.0.1:1/ctx')}&networkmode=host`),
    }),
    // Found by this suite: the classic builder in the engine fetched http://127.0.0.1:1/secret itself (from
    // the engine's network namespace), the very fetch that remote= and fromSrc= are refused for.
    http('build whose Dockerfile ADDs a URL (the engine fetches it)', 'POST', `${API}/build?t=evil/added`, 403, /ADDs a remote or variable source/, {
      body: buildContext('FROM scratch\nADD http://127.0.0.1:1/secret /secret\n'),
    }),
    http('build whose Dockerfile ADDs a URL on a continuation line', 'POST', `${API}/build?t=evil/added`, 403, /ADDs a remote or variable source/, {
      body: buildContext('FROM scratch\nADD \\\n  http://127.0.0.1:1/secret \\\n  /secret\n'),
    }),
    http('build whose Dockerfile, named by dockerfile=, ADDs a git source', 'POST', `${API}/build?dockerfile=sub/Evil.df`, 403, /ADDs a remote or variable source/, {
      body: createTar([
        { type: 'file', path: 'Dockerfile', content: 'FROM scratch\n' },
        { type: 'file', path: 'sub/Evil.df', content: 'FROM scratch\nadd git@github.com:evil/repo.git /src\n' },
      ]),
    }),
    http('build with a gzip-compressed context (hides the Dockerfile)', 'POST', `${API}/build`, 403, /compressed build contexts/, {
      body: gzipSync(buildContext('FROM scratch\nADD http://127.0.0.1:1/secret /secret\n')),
    }),
    // Ways past the Dockerfile judge (buildContext.ts): each makes the engine fetch the URL itself; the
    // engine answers 200 with 'ADD failed: Get "http://127.0.0.1:1/...": connection refused' in the stream.
    http('build context with a second Dockerfile entry after the judged one (tar extraction keeps the last)', 'POST', `${API}/build`, 403, /second Dockerfile/, {
      body: createTar([
        { type: 'file', path: 'Dockerfile', content: 'FROM scratch\n' },
        { type: 'file', path: 'Dockerfile', content: 'FROM scratch\nADD http://127.0.0.1:1/dup /x\n' },
      ]),
    }),
    http('build context where a later symlink replaces the judged Dockerfile', 'POST', `${API}/build`, 403, /second Dockerfile/, {
      body: createTar([
        { type: 'file', path: 'Dockerfile', content: 'FROM scratch\n' },
        { type: 'file', path: 'evil', content: 'FROM scratch\nADD http://127.0.0.1:1/symlink /x\n' },
        { type: 'symlink', path: 'Dockerfile', target: 'evil' },
      ]),
    }),
    // The tar is read as the engine's Go unpacker reads it (web/src/image/tarStream.ts), in one pass: each row
    // is an entry the earlier scanner read differently from Go, so the engine unpacked a Dockerfile it never judged.
    http('build context whose second Dockerfile is named x/../Dockerfile', 'POST', `${API}/build`, 403, /second Dockerfile/, {
      body: createTar([
        { type: 'file', path: 'Dockerfile', content: 'FROM scratch\n' },
        { type: 'file', path: 'x/../Dockerfile', content: 'FROM scratch\nADD http://127.0.0.1:1/dotdot /x\n' },
      ]),
    }),
    http('build context that writes a Dockerfile through a symlinked directory (d -> .)', 'POST', `${API}/build`, 403, /through the symlink d/, {
      body: createTar([
        { type: 'file', path: 'Dockerfile', content: 'FROM scratch\n' },
        { type: 'symlink', path: 'd', target: '.' },
        { type: 'file', path: 'd/Dockerfile', content: 'FROM scratch\nADD http://127.0.0.1:1/through /x\n' },
      ]),
    }),
    http('build context whose hard link claims data that Go reads as the next header', 'POST', `${API}/build`, 403, /second Dockerfile/, {
      body: rawTar([
        ...tarFile('Dockerfile', 'FROM scratch\n'),
        rawHeader({ name: 'l', flag: '1', size: '00000001000', link: 'Dockerfile' }),
        ...tarFile('Dockerfile', 'FROM scratch\nADD http://127.0.0.1:1/hardlink /x\n'),
      ]),
    }),
    http('build context with a GNU header whose stray prefix hid a second Dockerfile', 'POST', `${API}/build`, 403, /second Dockerfile/, {
      body: rawTar([...tarFile('Dockerfile', 'FROM scratch\n'), ...tarFile('Dockerfile', 'FROM scratch\nADD http://127.0.0.1:1/gnu /x\n', { magic: 'ustar  \u0000', prefix: 'hidden' })]),
    }),
    // Refused mid-stream, after the first part went to the engine: the upload is cut, so nothing is built.
    http('build context with a second Dockerfile after 512 KiB of files', 'POST', `${API}/build?t=evil/late`, 403, /second Dockerfile/, {
      body: createTar([
        { type: 'file', path: 'Dockerfile', content: 'FROM scratch\nCOPY big /big\n' },
        { type: 'file', path: 'big', content: Buffer.alloc(512 * 1024, 120) },
        { type: 'file', path: 'Dockerfile', content: 'FROM scratch\nADD http://127.0.0.1:1/late /x\n' },
      ]),
    }),
    http('build context cut short before its Dockerfile ends (malformed: 400)', 'POST', `${API}/build`, 400, /not a valid tar: .*cut short/, {
      body: buildContext(`FROM scratch\n${'#'.repeat(2000)}\n`).subarray(0, 1024),
    }),
    http('build context with no Dockerfile (400)', 'POST', `${API}/build`, 400, /holds no Dockerfile/, { body: createTar([{ type: 'file', path: 'x', content: 'y' }]) }),
    http('build with a dockerfile= path outside the context', 'POST', `${API}/build?dockerfile=../../etc/Dockerfile`, 400, /not a path inside the build context/, { body: buildContext('FROM scratch\n') }),
    http('build whose Dockerfile ADDs a URL held in an ENV variable', 'POST', `${API}/build`, 403, /remote or variable source/, {
      body: buildContext('FROM scratch\nENV U=http://127.0.0.1:1/env\nADD $U /x\n'),
    }),
    http('build whose Dockerfile ADDs a URL given as a build arg', 'POST', `${API}/build?buildargs=${encodeURIComponent(JSON.stringify({ U: 'http://127.0.0.1:1/arg' }))}`, 403, /remote or variable source/, {
      body: buildContext('FROM scratch\nARG U\nADD ${U} /x\n'),
    }),
    http('build whose ADD instruction word is split by a line continuation (AD\\ D)', 'POST', `${API}/build`, 403, /ADDs a remote or variable source/, {
      body: buildContext('FROM scratch\nAD\\\nD http://127.0.0.1:1/split /x\n'),
    }),
    http('build whose Dockerfile records ONBUILD ADD of a URL', 'POST', `${API}/build?t=evil/onbuild:1`, 403, /ONBUILD triggers are not accepted/, {
      body: buildContext('FROM scratch\nONBUILD ADD http://127.0.0.1:1/onbuild /x\n'),
    }),
    http('image create with fromSrc=http://', 'POST', `${API}/images/create?fromSrc={blobUrl}&repo=evil/imported&tag=1`, 403, /fromSrc/),
    http('image create with neither fromImage nor fromSrc', 'POST', `${API}/images/create?repo=evil/imported`, 403, /give fromImage/),
    // Same trick for images/create: the engine reads r.Form, where the body's pairs come first. Found by this
    // suite: the engine imported the URL as evil/imported:1. Now the body goes as a tar and the engine only
    // sees the query's fromImage (an address where nothing listens: a pull that fails at once).
    http('image create with fromSrc=http:// in a form-encoded body', 'POST', `${API}/images/create?fromImage=127.0.0.1:1/nothing&tag=1`, 500, undefined, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'fromImage=&fromSrc={blobUrl}&repo=evil/imported&tag=1',
      expectAnswer: /127\.0\.0\.1:1.*connection refused/,
    }),
    // Once joined, the foreign manager schedules tasks here with binds of /, host network, added capabilities.
    // Found by this suite: forwarded (the engine answered 400 only because this ListenAddr is empty).
    http('swarm join to a foreign manager', 'POST', `${API}/swarm/join`, 403, /joining another swarm/, {
      body: { ListenAddr: '', AdvertiseAddr: '', RemoteAddrs: ['198.51.100.7:2377'], JoinToken: 'SWMTKN-1-attacker' },
    }),
  ]);
});

describe('registry relay', () => {
  // Left unencoded so the {placeholders} can be filled; ':' '/' '@' are plain query characters.
  const relay = (url: string) => `/api/relay?url=${url}`;
  table([
    http('relay to a host that is not a registry (cloud metadata)', 'GET', relay('https://169.254.169.254/latest/meta-data/'), 403, /not a registry Porthole knows/),
    http('relay to the loopback of the proxy host', 'GET', relay('https://127.0.0.1:22/v2/'), 403, /not a registry Porthole knows/),
    http('relay to another path of a token server (only its announced endpoint passes)', 'GET', relay('https://auth.docker.io/v2/../admin'), 403, /not a registry Porthole knows/),
    http('relay with credentials in the URL', 'GET', relay('https://user:pass@ghcr.io/v2/'), 400, /credentials in the URL/),
    http('relay outside /v2/ on a known registry', 'GET', relay('http://{authRegistry}/debug/vars'), 403, /only Registry API paths/),
    http('relay climbing out of /v2/ with ..', 'GET', relay('https://ghcr.io/v2/../token'), 403, /only Registry API paths/),
    http('relay over plain http to a registry not added as insecure', 'GET', relay('http://ghcr.io/v2/'), 403, /http: to ghcr\.io is not allowed/),
    http('relay by POST', 'POST', relay('http://{authRegistry}/v2/'), 405, /only GET and HEAD/, { body: {} }),
    http('relay without a session', 'GET', relay('http://{authRegistry}/v2/'), 401, /not logged in/, { auth: 'none' }),
    // Redirects are judged at every hop as the first URL is, followed only for blobs (registries keep layers on
    // CDNs), and never to the proxy host's own network unless the owner added that host as a registry.
    // Found in review: the relay followed any registry redirect to any https host, loopback included.
    http('relay: a manifest redirected to another host (only blobs follow redirects)', 'GET', relay('http://{redirector}/v2/x/manifests/1?to=https://cdn.example/m'), 403, /followed only for layer downloads/),
    http('relay: a blob redirected to the loopback of the proxy host', 'GET', relay('http://{redirector}/v2/x/blobs/sha256:ab?to=https://127.0.0.1:1/b'), 403, /own network/),
    http('relay: a blob redirected to the IPv6 loopback', 'GET', relay('http://{redirector}/v2/x/blobs/sha256:ab?to=https://[::1]:1/b'), 403, /own network/),
    http('relay: a blob redirected to cloud metadata (169.254.169.254)', 'GET', relay('http://{redirector}/v2/x/blobs/sha256:ab?to=https://169.254.169.254/latest/meta-data/'), 403, /own network/),
    http('relay: a blob redirected to a LAN address (10.0.0.1)', 'GET', relay('http://{redirector}/v2/x/blobs/sha256:ab?to=https://10.0.0.1/b'), 403, /own network/),
    http('relay: a blob redirected to a name that resolves to loopback (localhost)', 'GET', relay('http://{redirector}/v2/x/blobs/sha256:ab?to=https://localhost:1/b'), 403, /resolves to .* own network/),
    http('relay: a blob redirected with credentials in the URL', 'GET', relay('http://{redirector}/v2/x/blobs/sha256:ab?to=https://u:p@cdn.example/b'), 403, /credentials in the URL/),
    http('relay: a blob redirected to plain http on another host', 'GET', relay('http://{redirector}/v2/x/blobs/sha256:ab?to=http://cdn.example/b'), 403, /http: to cdn\.example is not allowed/),
    http('relay: a blob redirected to a known registry outside /v2/', 'GET', relay('http://{redirector}/v2/x/blobs/sha256:ab?to=https://ghcr.io/token-admin'), 403, /only Registry API paths/),
    viewer('viewer stores registry credentials', 'PUT', '/api/registries/evil.example', { body: { username: 'x', password: 'y' }, expectError: /registry credentials need the admin role/ }),
    viewer('viewer removes registry credentials', 'DELETE', '/api/registries/{authRegistry}', { expectError: /registry credentials need the admin role/ }),
    // Saving an image (its layer contents) is admin-only in the policy; the relay hands a viewer the same bytes
    // from the registry, signed with the owner's stored credentials.
    viewer('viewer downloads a private layer through the relay with the stored credentials', 'GET', relay('http://{authRegistry}{privateBlob}'), {
      expectError: /admin/,
    }),
  ]);
});

describe('build context, end to end', () => {
  // Found by this suite: ONBUILD triggers are not in the child's Dockerfile. Now ONBUILD is refused, and
  // base images already on the engine are checked for triggers that ADD remote sources.
  test('a build FROM an image with an ONBUILD ADD trigger does not make the engine fetch the URL', async () => {
    const before = await engineSnapshot(sock, watched);
    try {
      const parent = await proxy.request('POST', `${API}/build?t=evil/onbuild:2`, { body: buildContext('FROM scratch\nONBUILD ADD http://127.0.0.1:1/onbuild /x\n') });
      const child = await proxy.request('POST', `${API}/build`, { body: buildContext('FROM evil/onbuild:2\n') });
      // The stream is JSON lines, so the quotes around the URL come escaped.
      expect(child.text, 'the engine fetched the URL of the trigger').not.toMatch(/ADD failed: Get \\"http:\/\/127\.0\.0\.1:1\/onbuild/);
      expect([parent.status, child.status]).toContain(403);
    } finally {
      await restoreEngine(sock, before, watched);
    }
  });
});

describe('bind mounts: swapped for a symlink between create and start', () => {
  // HOLE: binds are judged at create; the engine resolves the source again at every start. A second container
  // with the allowed dir bound (allowed) swaps a subdirectory for a symlink; the first one then starts with
  // the symlink's target bound (here a scratch dir outside --allow-bind; with `ln -s /` it would be the host).
  test('a container whose bind source became a symlink cannot write outside --allow-bind', async () => {
    const before = await engineSnapshot(sock, watched);
    const swap = join(allowed, 'swap');
    mkdirSync(swap);
    try {
      const victim = await proxy.request('POST', `${API}/containers/create`, {
        body: { Image: ctx.image, Cmd: ['sh', '-c', 'echo escaped > /x/escaped'], HostConfig: { Binds: [`${swap}:/x`] } },
      });
      expect(victim.status, victim.text).toBe(201);
      const swapper = await proxy.request('POST', `${API}/containers/create`, {
        body: { Image: ctx.image, Cmd: ['sh', '-c', `rm -rf /a/swap && ln -s ${outside} /a/swap`], HostConfig: { Binds: [`${allowed}:/a`] } },
      });
      expect(swapper.status, swapper.text).toBe(201);
      const swapperId = swapper.json<{ Id: string }>().Id;
      await proxy.request('POST', `${API}/containers/${swapperId}/start`);
      await proxy.request('POST', `${API}/containers/${swapperId}/wait`);
      const victimId = victim.json<{ Id: string }>().Id;
      const start = await proxy.request('POST', `${API}/containers/${victimId}/start`);
      if (start.status === 204) await proxy.request('POST', `${API}/containers/${victimId}/wait`);
      expect(readdirSync(outside), 'files the container wrote outside the allowed dir').toEqual([]);
      expect(start.status, start.text).toBe(403);
    } finally {
      await restoreEngine(sock, before, watched);
      rmSync(swap, { recursive: true, force: true });
    }
  });
});

describe('exec on a foreign exec id', () => {
  table([
    http('start of an exec made on the engine socket', 'POST', `${API}/exec/{exec}/start`, 403, FOREIGN_EXEC, { body: { Detach: true, Tty: false } }),
    http('start of an exec made on the engine socket, empty body', 'POST', `${API}/exec/{exec}/start`, 403, FOREIGN_EXEC),
    http('privileged exec create through the API instead of the bridge', 'POST', `${API}/containers/{cid}/exec`, 403, PRIV_EXEC, { body: { Cmd: ['id'], Privileged: true, AttachStdout: true } }),
    viewer('viewer inspects a foreign exec', 'GET', `${API}/exec/{exec}/json`),
    viewer('viewer resizes a foreign exec', 'POST', `${API}/exec/{exec}/resize?h=10&w=10`),
  ]);

  test('the foreign exec was never started', async () => {
    const e = await engineJson<{ Running: boolean; Pid: number; ExitCode: number | null }>(sock, 'GET', `/exec/${ctx.exec}/json`);
    expect(e).toMatchObject({ Running: false, Pid: 0 });
  });
});

describe('viewer token at every write', () => {
  table([
    viewer('viewer creates a container', 'POST', `${API}/containers/create`, { body: { Image: '{image}' } }),
    viewer('viewer starts a container', 'POST', `${API}/containers/{stopped}/start`),
    viewer('viewer stops a container', 'POST', `${API}/containers/{cid}/stop?t=0`),
    viewer('viewer restarts a container', 'POST', `${API}/containers/{cid}/restart?t=0`),
    viewer('viewer kills a container', 'POST', `${API}/containers/{cid}/kill`),
    viewer('viewer pauses a container', 'POST', `${API}/containers/{cid}/pause`),
    viewer('viewer renames a container', 'POST', `${API}/containers/{cid}/rename?name=evil`),
    viewer('viewer updates a container', 'POST', `${API}/containers/{cid}/update`, { body: { Memory: 1 } }),
    viewer('viewer removes a container', 'DELETE', `${API}/containers/{stopped}?force=1`),
    viewer('viewer prunes containers', 'POST', `${API}/containers/prune`),
    viewer('viewer reads a file (archive GET)', 'GET', `${API}/containers/{cid}/archive?path=/etc/shadow`),
    viewer('viewer stats a path (archive HEAD)', 'HEAD', `${API}/containers/{cid}/archive?path=/etc/shadow`),
    viewer('viewer uploads files (archive PUT)', 'PUT', `${API}/containers/{cid}/archive?path=/tmp`, { body: createTar([{ type: 'file', path: 'x', content: 'x' }]) }),
    viewer('viewer exports a filesystem', 'GET', `${API}/containers/{cid}/export`),
    viewer('viewer reads the logs of an interactive container', 'GET', `${API}/containers/{cid}/logs?stdout=1`, {
      expectError: /stdin open may hold what its users typed/,
    }),
    viewer('viewer saves an image (image get)', 'GET', `${API}/images/{image}/get`),
    viewer('viewer saves images (images/get)', 'GET', `${API}/images/get?names={image}`),
    viewer('viewer pulls an image', 'POST', `${API}/images/create?fromImage={image}`),
    viewer('viewer loads an image', 'POST', `${API}/images/load`, { body: createTar([]) }),
    viewer('viewer tags an image', 'POST', `${API}/images/{image}/tag?repo=evil&tag=1`),
    viewer('viewer removes an image', 'DELETE', `${API}/images/{image}`),
    viewer('viewer builds', 'POST', `${API}/build`, { body: buildContext('FROM scratch\n') }),
    viewer('viewer commits a container', 'POST', `${API}/commit?container={cid}&repo=evil`, { body: {} }),
    viewer('viewer creates a volume', 'POST', `${API}/volumes/create`, { body: { Name: 'evil' } }),
    viewer('viewer creates a network', 'POST', `${API}/networks/create`, { body: { Name: 'evil' } }),
    viewer('viewer inits a swarm', 'POST', `${API}/swarm/init`, { body: { ListenAddr: '127.0.0.1:2377' } }),
    viewer('viewer reads swarm configs', 'GET', `${API}/configs`),
    viewer('viewer makes the engine probe a host port (distribution lookup)', 'GET', `${API}/distribution/127.0.0.1:22/probe:1/json`),
    http('search that makes the engine contact a host port', 'GET', `${API}/images/search?term=127.0.0.1:22/probe`, 403, /through the engine is not allowed/),
    // The console row asks for the admin role: refused before the ticket is looked at.
    ws('viewer opens an exec console', EXEC_WS.replace('{ticket}', '{viewerTicket}'), 403, /consoles need the admin role/, { auth: 'viewer' }),
    ws('viewer attaches to a container', `${UNVERSIONED}/containers/{cid}/attach?ticket={viewerTicket}`, 403, /consoles need the admin role/, { auth: 'viewer' }),
  ]);
});

describe('browser: DNS rebinding and CSRF', () => {
  table([
    http('foreign Host header on the API (DNS rebinding)', 'POST', `${API}/containers/create`, 421, /does not serve the host name/, { headers: { host: 'evil.example' }, body: { Image: '{image}' } }),
    http('Host that only starts like ours', 'GET', `${API}/containers/json`, 421, /does not serve the host name/, { headers: { host: '127.0.0.1.evil.example' } }),
    {
      kind: 'raw',
      name: 'HTTP/1.0 request without a Host header',
      raw: (c) => `GET ${API}/containers/json HTTP/1.0\r\nAuthorization: Bearer ${c.admin}\r\n\r\n`,
      expectStatus: 421,
      expectError: /does not serve the host name/,
    },
    ws('foreign Host header on a WebSocket (DNS rebinding)', EXEC_WS, 421, /host name not served/, { host: 'evil.example', origin: 'https://evil.example' }),
    http('CSRF: cookie session, POST without X-Porthole', 'POST', `${API}/containers/create`, 403, /must come from the Porthole page/, { auth: 'cookie', body: { Image: '{image}' } }),
    http('CSRF: cookie session, X-Porthole but a foreign Origin', 'POST', `${API}/containers/create`, 403, /must come from the Porthole page/, {
      auth: 'cookie',
      headers: { 'x-porthole': '1', origin: 'https://evil.example' },
      body: { Image: '{image}' },
    }),
    http('CSRF: cookie session, X-Porthole but Origin on another port', 'POST', `${API}/containers/{cid}/kill`, 403, /must come from the Porthole page/, {
      auth: 'cookie',
      headers: { 'x-porthole': '1', origin: 'https://127.0.0.1:1' },
    }),
    http('CSRF: cookie session, X-Porthole with another value', 'DELETE', `${API}/containers/{stopped}`, 403, /must come from the Porthole page/, { auth: 'cookie', headers: { 'x-porthole': 'true' } }),
    http('CSRF: cookie session asks for a WebSocket ticket cross-site', 'POST', '/auth/ticket', 403, /must come from the Porthole page/, { auth: 'cookie', headers: { origin: 'https://evil.example' } }),
    http('login from a foreign Origin (login CSRF)', 'POST', '/auth/login', 403, /login from another site/, { auth: 'none', headers: { origin: 'https://evil.example' }, body: { token: ADMIN_TOKEN } }),
    ws('cookie session, WebSocket from a foreign Origin', EXEC_WS, 403, /WebSocket Origin must be this Porthole page/, { auth: 'cookie', origin: 'https://evil.example' }),
  ]);

  test('positive: the same cookie with X-Porthole from our own page may write', async () => {
    const r = await proxy.request('POST', '/auth/ticket', { token: null, headers: { cookie: cookies.admin, 'x-porthole': '1', origin: ctx.origin } });
    expect(r.status).toBe(200);
  });

  test('positive: with a fresh ticket, same Origin and the admin token the console opens', async () => {
    const r = await wsAttempt(proxy.port, await withTickets(fill(EXEC_WS, ctx)), { headers: authHeaders('admin'), origin: ctx.origin });
    expect(r.status).toBe(101);
    expect(r.messages[0]).toMatch(/"type":"started"/);
    expect(r.messages.at(-1)).toMatch(/"type":"exit","code":0/);
  });
});

describe('legacy create layout, end to end', () => {
  // End to end (found by this suite, where it made a privileged container with / bound): nothing is made.
  test('a create with Privileged and Binds at the top level makes no privileged container', async () => {
    const before = await engineSnapshot(sock, watched);
    try {
      const r = await proxy.request('POST', `${API}/containers/create`, { body: { Image: ctx.image, Privileged: true, Binds: ['/:/host'] } });
      if (r.status === 201) {
        const inspect = await engineJson<{ HostConfig: { Privileged: boolean; Binds: string[] | null } }>(sock, 'GET', `/containers/${r.json<{ Id: string }>().Id}/json`);
        expect(inspect.HostConfig, 'what the engine made of the forwarded body').toEqual(expect.objectContaining({ Privileged: false, Binds: null }));
      }
      expect(r.status).toBe(403);
      await expectEngineUnchanged(sock, before, watched);
    } finally {
      await restoreEngine(sock, before, watched);
    }
  });
});

describe('sessions: expired, revoked, forged cookies', () => {
  beforeAll(async () => {
    // 0.0005 h = 1.8 s sessions.
    proxies['short-session'] = await startProxy(['--session-hours', '0.0005']);
    cookies.expired = await login(proxies['short-session']);
    const live = await proxies['short-session'].request('GET', '/auth/session', { token: null, headers: { cookie: cookies.expired } });
    expect(live.status).toBe(200);
    // Until the proxy's own clock has passed the session's end.
    // vi.waitFor, not expect.poll: a hook is not a test.
    await vi.waitFor(
      async () => {
        const r = await proxies['short-session']!.request('GET', '/auth/session', { token: null, headers: { cookie: cookies.expired } });
        if (r.status !== 401) throw new Error(`the session still answers ${r.status}`);
      },
      { timeout: 30_000, interval: 200 },
    );
  });
  afterAll(() => proxies['short-session']?.close());

  const csrf = { 'x-porthole': '1' };
  table([
    http('cookie from an expired session', 'POST', `${API}/containers/create`, 401, /not logged in/, { on: 'short-session', auth: 'expired-cookie', headers: csrf, body: { Image: '{image}' } }),
    http('cookie from an expired session on a read', 'GET', `${API}/containers/json`, 401, /not logged in/, { on: 'short-session', auth: 'expired-cookie' }),
    http('cookie from a logged-out (revoked) session', 'POST', `${API}/containers/create`, 401, /not logged in/, { auth: 'revoked-cookie', headers: csrf, body: { Image: '{image}' } }),
    http('cookie from a logged-out session asks for a WebSocket ticket', 'POST', '/auth/ticket', 401, /not logged in/, { auth: 'revoked-cookie', headers: csrf }),
    http('made-up session cookie', 'POST', `${API}/containers/{cid}/kill`, 401, /not logged in/, { auth: 'forged-cookie', headers: csrf }),
  ]);
});

describe('brute force: after 5 wrong tokens the client\'s guesses get 429, the right token still works', () => {
  let sessionBefore = '';
  beforeAll(async () => {
    const p = await startProxy();
    proxies.locked = p;
    sessionBefore = await login(p);
    for (let i = 0; i < 5; i++) {
      const r = await p.request('GET', `${API}/containers/json`, { token: `wrong-guess-${i}-0123456789` });
      expect(r.status).toBe(401);
    }
  });
  afterAll(() => proxies.locked?.close());

  table([
    http('a sixth wrong token', 'GET', `${API}/containers/json`, 429, /too many failed attempts/, { on: 'locked', auth: 'wrong' }),
    http('a wrong token on a privileged create while throttled', 'POST', `${API}/containers/create`, 429, /too many failed attempts/, { on: 'locked', auth: 'wrong', body: { Image: '{image}', HostConfig: { Privileged: true } } }),
    http('a wrong token on /auth/login while throttled', 'POST', '/auth/login', 429, /too many failed logins; try again in \d+ s/, { on: 'locked', auth: 'none', body: { token: 'wrong-guess-again-0123456789' } }),
  ]);

  test('the lockout says when to come back (Retry-After on login)', async () => {
    const r = await proxies.locked!.request('POST', '/auth/login', { token: null, body: { token: 'another-wrong-guess-0123456789' } });
    expect(r.status).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  // A neighbour's failures (same address: a shared NAT, or an attacker on the LAN) never lock the owner out.
  test('the right admin and viewer tokens from the same address keep working', async () => {
    expect((await proxies.locked!.request('GET', `${API}/containers/json`)).status).toBe(200);
    expect((await proxies.locked!.request('GET', `${API}/containers/json`, { token: VIEWER_TOKEN })).status).toBe(200);
    const r = await proxies.locked!.request('POST', '/auth/login', { token: null, body: { token: ADMIN_TOKEN } });
    expect(r.status).toBe(204);
  });

  test('failed logins and lockouts are logged with the client address', async () => {
    const logged = warnings.length;
    await proxies.locked!.request('POST', '/auth/login', { token: null, body: { token: 'yet-another-wrong-guess-0123' } });
    expect(warnings.slice(logged).join('\n')).toMatch(/refused 429 POST \/auth\/login client=127\.0\.0\.1: too many failed logins/);
  });

  test('a session cookie made before the lockout keeps working', async () => {
    const r = await proxies.locked!.request('GET', '/auth/session', { token: null, headers: { cookie: sessionBefore } });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ role: 'admin' });
  });
});

describe('the same policy over HTTP/2', () => {
  const h2 = (headers: Record<string, string>, body?: unknown) =>
    h2Request(proxy.port, { ':authority': ctx.host, ...headers }, body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  const bearer = () => ({ authorization: `Bearer ${ADMIN_TOKEN}` });
  const privileged = () => ({ Image: ctx.image, HostConfig: { Privileged: true } });
  const post = (path: string) => ({ ':method': 'POST', ':path': path, 'content-type': 'application/json' });

  /** Runs `attempt`, expects a refusal (`status` and `error`, or a reset) and an engine that holds nothing new. */
  async function refused(attempt: () => Promise<H2Outcome>, status: number | 'reset', error?: RegExp): Promise<void> {
    const before = await engineSnapshot(sock, watched);
    try {
      const got = await attempt();
      if (status === 'reset') expect(got.refusedBy ?? `answered ${got.status}: ${got.body}`).toMatch(/reset|stream|session|client/);
      else {
        expect(got.status, got.body || got.refusedBy).toBe(status);
        if (error) expect((JSON.parse(got.body) as { error: string }).error).toMatch(error);
      }
      await expectEngineUnchanged(sock, before, watched);
    } catch (e) {
      await restoreEngine(sock, before, watched);
      throw e;
    }
  }

  test('the proxy speaks HTTP/2 (ALPN h2) and answers an allowed read', async () => {
    const got = await h2({ ':path': `${API}/containers/json`, ...bearer() });
    expect(got.status).toBe(200);
    expect(Array.isArray(JSON.parse(got.body))).toBe(true);
  });
  test('a privileged create over HTTP/2 is refused', () => refused(() => h2({ ...post(`${API}/containers/create`), ...bearer() }, privileged()), 403, PRIVILEGED));
  test('no credentials over HTTP/2', () => refused(() => h2({ ...post(`${API}/containers/create`) }, { Image: ctx.image }), 401, /not logged in/));
  test(':authority of a rebinding attacker', () => refused(() => h2({ ':path': `${API}/containers/json`, ':authority': 'evil.example', ...bearer() }), 421, /does not serve the host name/));
  test(':authority and a Host header that differ', () => refused(() => h2({ ':path': `${API}/containers/json`, host: 'evil.example', ...bearer() }), 400, /Host header and :authority differ/));
  test('dot-dot in :path', () => refused(() => h2({ ...post(`${API}/containers/{cid}/../create`.replace('{cid}', ctx.cid)), ...bearer() }, privileged()), 400, /\. or \.\. segment/));
  test('encoded slash in :path', () => refused(() => h2({ ...post(`${API}/containers%2fcreate`), ...bearer() }, privileged()), 400, BAD_CHARS));
  test('absolute-form :path', () => refused(() => h2({ ...post(`https://${ctx.host}${API}/containers/create`), ...bearer() }, privileged()), 'reset'));
  test('a second :path smuggled as a header', () => refused(() => h2({ ':path': `${API}/containers/json`, 'x-path': `${API}/containers/create`, ':method': 'POST', ...bearer(), 'content-type': 'application/json' }, privileged()), 405, /POST \/containers\/json is not allowed/));
  test('unknown pseudo-header', () => refused(() => h2({ ...post(`${API}/containers/create`), ':evil': '1', ...bearer() }, privileged()), 'reset'));
  test('connection-specific header (Transfer-Encoding) in an HTTP/2 request', () => refused(() => h2({ ...post(`${API}/containers/create`), 'transfer-encoding': 'chunked', ...bearer() }, privileged()), 'reset'));
  test('content-length shorter than the body (a second request hidden in the body)', () =>
    refused(() => h2({ ...post(`${API}/containers/create`), 'content-length': '2', ...bearer() }, privileged()), 'reset'));
  test('CONNECT over HTTP/2 (a tunnel with no path to judge)', async () => {
    const got = await h2({ ':method': 'CONNECT', ...bearer() });
    expect(got.status === 405 || got.refusedBy !== undefined, `answered ${got.status} ${got.body}`).toBe(true);
  });
  test('cookie session without the CSRF marker over HTTP/2', () => refused(() => h2({ ...post(`${API}/containers/create`), cookie: cookies.admin }, { Image: ctx.image }), 403, /X-Porthole header/));
  test('viewer creates a container over HTTP/2', () => refused(() => h2({ ...post(`${API}/containers/create`), authorization: `Bearer ${VIEWER_TOKEN}` }, { Image: ctx.image }), 403, ADMIN_ROLE));
  test('exec start of a foreign exec over HTTP/2', () => refused(() => h2({ ...post(`${API}/exec/${ctx.exec}/start`), ...bearer() }, { Detach: true }), 403, /was not created through Porthole/));
  test('answers carry no hop-by-hop headers (a stream row and a plain one)', async () => {
    const session = (await import('node:http2')).connect(`https://127.0.0.1:${proxy.port}`, { rejectUnauthorized: false });
    try {
      for (const path of [`${API}/containers/json`, `${API}/events?until=1`]) {
        const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
          const r = session.request({ ':path': path, ':authority': ctx.host, ...bearer() });
          r.on('response', (h) => resolve(h as Record<string, unknown>));
          r.on('error', reject);
          r.resume();
        });
        expect(headers[':status']).toBe(200);
        for (const h of ['connection', 'keep-alive', 'transfer-encoding', 'upgrade']) expect(headers[h], h).toBeUndefined();
      }
    } finally {
      session.destroy();
    }
  });
});

describe('client addresses behind a reverse proxy', () => {
  const guess = (p: TestProxy, i: number, forwardedFor: string) =>
    p.request('GET', `${API}/containers/json`, { token: `wrong-guess-${i}-0123456789`, headers: { 'x-forwarded-for': forwardedFor } });

  test('without --trusted-proxy, X-Forwarded-For is ignored: a client cannot dodge the limit by writing it', async () => {
    const p = await startProxy();
    try {
      for (let i = 0; i < 5; i++) expect((await guess(p, i, `198.51.100.${i}`)).status).toBe(401);
      expect((await guess(p, 9, '198.51.100.99')).status).toBe(429);
    } finally {
      await p.close();
    }
  });

  test('with --trusted-proxy, the address it forwards is the client: limits and logs use it', async () => {
    const p = await startProxy(['--trusted-proxy', '127.0.0.1']);
    try {
      for (let i = 0; i < 5; i++) expect((await guess(p, i, `6.6.6.6, 203.0.113.7`)).status).toBe(401);
      const logged = warnings.length;
      expect((await guess(p, 9, '203.0.113.7')).status).toBe(429);
      expect(warnings.slice(logged).join('\n')).toMatch(/client=203\.0\.113\.7/);
      expect((await guess(p, 10, '203.0.113.8')).status).toBe(401);
    } finally {
      await p.close();
    }
  });
});

describe('swarm (the engine is a swarm manager here)', () => {
  beforeAll(async () => {
    await engineJson(sock, 'POST', '/swarm/init', { ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
    // A service with no replicas: it runs nothing, so the snapshots stay still; the update rows target it.
    const svc = await engineJson<{ ID: string }>(sock, 'POST', '/services/create', {
      Name: `attacks-svc-${randomBytes(4).toString('hex')}`,
      TaskTemplate: { ContainerSpec: { Image: ctx.image, Command: ['sleep', '600'] } },
      Mode: { Replicated: { Replicas: 0 } },
    });
    const inspect = await engineJson<{ Version: { Index: number }; Spec: Record<string, JsonValue> }>(sock, 'GET', `/services/${svc.ID}`);
    ctx.svc = svc.ID;
    ctx.svcVersion = String(inspect.Version.Index);
    const interactive = await engineJson<{ ID: string }>(sock, 'POST', '/services/create', {
      Name: `attacks-svc-stdin-${randomBytes(4).toString('hex')}`,
      TaskTemplate: { ContainerSpec: { Image: ctx.image, Command: ['sh'], OpenStdin: true, TTY: true } },
      Mode: { Replicated: { Replicas: 0 } },
    });
    ctx.svcStdin = interactive.ID;
    await settleEngine(sock);
  }, 60_000);
  afterAll(async () => {
    await engineRequest(sock, 'POST', '/swarm/leave?force=true', undefined, {}, 30_000);
  }, 60_000);

  type Fields = { [k: string]: JsonValue };
  const svcRow = (name: string, containerSpec: Fields, expectError: RegExp, task: Fields = {}): HttpRow =>
    http(name, 'POST', `${API}/services/create`, 403, expectError, {
      body: { Name: 'evil', TaskTemplate: { ContainerSpec: { Image: '{image}', Command: ['sleep', '600'], ...containerSpec }, ...task } },
    });
  table([
    svcRow('service create with a bind of /', { Mounts: [{ Type: 'bind', Source: '/', Target: '/host' }] }, SOCKET),
    svcRow("service create with a bind of the engine's socket", { Mounts: [{ Type: 'bind', Source: '{sock}', Target: '/docker.sock' }] }, SOCKET),
    svcRow('service create with a volume bound to /etc (o=bind)', { Mounts: [{ Type: 'volume', Source: 'x', Target: '/x', VolumeOptions: { DriverConfig: { Name: 'local', Options: { o: 'bind', device: '/etc' } } } }] }, OUTSIDE_ALLOWED),
    svcRow('service create with CapabilityAdd', { CapabilityAdd: ['CAP_SYS_ADMIN'] }, /CapabilityAdd/),
    svcRow('service create with Sysctls', { Sysctls: { 'net.ipv4.ip_forward': '1' } }, /Sysctls/),
    svcRow('service create with seccomp unconfined', { Privileges: { Seccomp: { Mode: 'unconfined' } } }, /Seccomp\.Mode unconfined/),
    svcRow('service create with AppArmor disabled', { Privileges: { AppArmor: { Mode: 'disabled' } } }, /AppArmor\.Mode disabled/),
    svcRow('service create with SELinux disabled', { Privileges: { SELinuxContext: { Disable: true } } }, /SELinuxContext\.Disable/),
    svcRow('service create on the host network', {}, /Networks host shares a namespace/, { Networks: [{ Target: 'host' }] }),
    svcRow('service create on the host network by id prefix', {}, /Networks .* is the host's network/, { Networks: [{ Target: '{hostNet}' }] }),
    svcRow('service create as a plugin', {}, /plugin services/, { Runtime: 'plugin', PluginSpec: { Name: 'evil/plugin' } }),
    svcRow('service create with an existing volume that binds /', { Mounts: [{ Type: 'volume', Source: '{hostVolume}', Target: '/host' }] }, /existing volume attacks-hostroot-\w+ is a bind mount of the host/),
    svcRow('service create shipping logs to the host loopback (fluentd)', {}, /TaskTemplate\.LogDriver fluentd/, { LogDriver: { Name: 'fluentd', Options: { 'fluentd-address': '127.0.0.1:24224' } } }),
    http('swarm update with an external CA the engine would contact', 'POST', `${API}/swarm/update?version=1`, 403, /ExternalCAs/, {
      body: { CAConfig: { ExternalCAs: [{ Protocol: 'cfssl', URL: 'https://127.0.0.1:8888' }] } },
    }),
    http('swarm update sending every task\'s logs to an address', 'POST', `${API}/swarm/update?version=1`, 403, /TaskDefaults\.LogDriver gelf/, {
      body: { TaskDefaults: { LogDriver: { Name: 'gelf', Options: { 'gelf-address': 'udp://127.0.0.1:12201' } } } },
    }),
    http('service update adding a bind of /', 'POST', `${API}/services/{svc}/update?version={svcVersion}`, 403, SOCKET, {
      body: { Name: 'evil', TaskTemplate: { ContainerSpec: { Image: '{image}', Mounts: [{ Type: 'bind', Source: '/', Target: '/host' }] } }, Mode: { Replicated: { Replicas: 0 } } },
    }),
    viewer('viewer reads the swarm unlock key', 'GET', `${API}/swarm/unlockkey`),
    http('viewer reads logs of a service that keeps stdin open', 'GET', `${API}/services/{svcStdin}/logs?stdout=1&stderr=1`, 403, /keeps stdin open/, { auth: 'viewer' }),
    viewer('viewer leaves the swarm', 'POST', `${API}/swarm/leave?force=1`),
    viewer('viewer removes a service', 'DELETE', `${API}/services/{svc}`),
  ]);

  // Found by this suite: GET /swarm was a viewer route and the engine puts both join tokens in it (now admin). With the manager token,
  // anyone who reaches port 2377 joins a node of theirs as a manager and schedules what Porthole refuses.
  test('a viewer still reads the logs of a service that does not keep stdin open', async () => {
    const r = await proxy.request('GET', `${API}/services/${ctx.svc}/logs?stdout=1&stderr=1`, { token: VIEWER_TOKEN });
    expect(r.status, r.text).toBe(200);
  });

  test('a viewer cannot read the swarm join tokens', async () => {
    const r = await proxy.request('GET', `${API}/swarm`, { token: VIEWER_TOKEN });
    const tokens = r.status === 200 ? r.json<{ JoinTokens?: { Worker?: string; Manager?: string } }>().JoinTokens : undefined;
    expect(tokens?.Manager, 'manager join token given to a viewer').toBeUndefined();
    expect(tokens?.Worker, 'worker join token given to a viewer').toBeUndefined();
  });
});
