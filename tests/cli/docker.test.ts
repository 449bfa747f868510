// The docker CLI as a client of Porthole: the real CLIs (Debian's 20.10 and the 28.x one) pointed at the proxy
// with DOCKER_HOST=tcp://127.0.0.1:PORT/api/engines/local, the bearer token in config.json's HttpHeaders and
// --tlsverify with Porthole's CA, as the README says. Each command is checked on the engine afterwards.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { ADMIN_TOKEN, startProxy, VIEWER_TOKEN, type TestProxy } from '../support/proxy.ts';

const env = inject('testEnv');
const sock = env.engineSocket;
const IMAGE = env.fixtures.plain.ref;
const tag = randomBytes(3).toString('hex');
const name = (what: string) => `cli-${what}-${tag}`;

let proxy: TestProxy;
let dir: string;
const made: string[] = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CLIS = { '20.10': '/usr/bin/docker', '28': '/usr/local/bin/docker' } as const;
type Cli = keyof typeof CLIS;

/** Runs the docker CLI against the proxy (as the README shows); `input` goes to its stdin. */
function docker(args: string[], opts: { cli?: Cli; input?: string; env?: Record<string, string>; token?: string; tty?: boolean } = {}): Promise<Run> {
  const config = opts.token ? join(dir, `cfg-${opts.token === VIEWER_TOKEN ? 'viewer' : 'other'}`) : join(dir, 'cfg');
  const bin = CLIS[opts.cli ?? '20.10'];
  const argv = ['--tlsverify', '--tlscacert', join(dir, 'cfg', 'ca.pem'), ...args];
  // A pseudo-terminal for -t: script(1) runs the command on one.
  const [cmd, full] = opts.tty ? ['script', ['-qec', [bin, ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), '/dev/null']] : [bin, argv];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, full as string[], { env: { ...cliEnv(config), ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

function cliEnv(config = join(dir, 'cfg')): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, DOCKER_CONFIG: config, DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}/api/engines/local`, DOCKER_BUILDKIT: '0' };
}

/** The command lines of a container's processes, as the engine lists them. */
async function processes(id: string): Promise<string> {
  const top = await engineJson<{ Titles: string[]; Processes: string[][] }>(sock, 'GET', `/containers/${id}/top`);
  const cmd = top.Titles.indexOf('CMD');
  return top.Processes.map((p) => p[cmd]).join('\n');
}

async function ok(args: string[], opts: Parameters<typeof docker>[1] = {}): Promise<string> {
  const r = await docker(args, opts);
  expect(r.code, `docker ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

interface Inspect {
  Id: string;
  Name: string;
  State: { Running: boolean; Paused: boolean; ExitCode: number; StartedAt: string; Status: string };
  NetworkSettings: { Ports: Record<string, { HostPort: string }[] | null> };
}
const inspect = (id: string) => engineJson<Inspect>(sock, 'GET', `/containers/${id}/json`);
const exists = async (id: string) => (await engineRequest(sock, 'GET', `/containers/${id}/json`)).status === 200;
const imageExists = async (ref: string) => (await engineRequest(sock, 'GET', `/images/${ref}/json`)).status === 200;

function writeConfig(sub: string, token: string): void {
  mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, sub, 'config.json'), JSON.stringify({ HttpHeaders: { Authorization: `Bearer ${token}` } }));
}

beforeAll(async () => {
  proxy = await startProxy();
  dir = mkdtempSync(join(tmpdir(), 'porthole-cli-'));
  writeConfig('cfg', ADMIN_TOKEN);
  writeConfig('cfg-viewer', VIEWER_TOKEN);
  // The CA as a phone or script fetches it.
  const ca = await new Promise<string>((resolve, reject) => {
    https.get({ host: '127.0.0.1', port: proxy.port, path: '/ca.crt', rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
  writeFileSync(join(dir, 'cfg', 'ca.pem'), ca);
});

afterAll(async () => {
  for (const id of made) await engineRequest(sock, 'DELETE', `/containers/${id}?force=1`);
  for (const ref of [`cli/committed:${tag}`, `cli/built:${tag}`, `cli/tagged:${tag}`, `${env.registry.host}/cli/pushed:${tag}`, env.fixtures.single.ref]) {
    await engineRequest(sock, 'DELETE', `/images/${ref}?force=1`);
  }
  await proxy?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `docker run -d` a sleeper; its id. */
async function sleeper(what: string, extra: string[] = []): Promise<string> {
  const id = (await ok(['run', '-d', '--name', name(what), ...extra, IMAGE, 'sleep', '600'])).trim();
  made.push(id);
  return id;
}

describe.each(Object.keys(CLIS) as Cli[])('docker CLI %s through Porthole', (cli) => {
  test('version and info show the engine behind the proxy', async () => {
    const version = await ok(['version', '--format', '{{.Server.APIVersion}} {{.Server.Version}}'], { cli });
    const engine = await engineJson<{ ApiVersion: string; Version: string }>(sock, 'GET', '/version');
    expect(version.trim()).toBe(`${engine.ApiVersion} ${engine.Version}`);
    const info = await ok(['info', '--format', '{{.ID}}'], { cli });
    expect(info.trim()).toBe((await engineJson<{ ID: string }>(sock, 'GET', '/info')).ID);
  });

  test('ps and images list what the engine holds', async () => {
    const id = await sleeper(`ps-${cli}`);
    expect(await ok(['ps', '--no-trunc', '--format', '{{.ID}}'], { cli })).toContain(id);
    const images = await ok(['images', '--format', '{{.Repository}}:{{.Tag}}'], { cli });
    expect(images).toContain(IMAGE);
  });

  test('run -d returns at once with a running container', async () => {
    const id = await sleeper(`d-${cli}`);
    expect((await inspect(id)).State.Running).toBe(true);
  });

  test('run in the foreground prints the output and exits with the container code', async () => {
    const r = await docker(['run', '--name', name(`fg-${cli}`), IMAGE, 'sh', '-c', 'echo out-$((6*7)); echo err >&2; exit 3'], { cli });
    const id = (await engineJson<{ Id: string }[]>(sock, 'GET', `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({ name: [name(`fg-${cli}`)] }))}`))[0]!.Id;
    made.push(id);
    expect(r.stdout).toBe('out-42\n');
    expect(r.stderr).toBe('err\n');
    expect(r.code).toBe(3);
    expect((await inspect(id)).State.ExitCode).toBe(3);
  });

  test('run --rm prints, exits with the code and leaves no container', async () => {
    const r = await docker(['run', '--rm', '--name', name(`rm-${cli}`), IMAGE, 'sh', '-c', 'echo bye; exit 5'], { cli });
    expect(r.stdout).toBe('bye\n');
    expect(r.code).toBe(5);
    expect(await exists(name(`rm-${cli}`))).toBe(false);
  });

  test('run -i passes stdin through and ends it (half-close)', async () => {
    const r = await docker(['run', '-i', '--rm', IMAGE, 'sh', '-c', 'cat; echo done'], { cli, input: 'piped line\n' });
    expect(r.stdout).toBe('piped line\ndone\n');
    expect(r.code).toBe(0);
  });

  test('exec prints output and exit code; exec -i reads stdin to its end', async () => {
    const id = await sleeper(`exec-${cli}`);
    const r = await docker(['exec', id, 'sh', '-c', 'echo in-$HOSTNAME; exit 4'], { cli });
    expect(r.stdout).toBe(`in-${id.slice(0, 12)}\n`);
    expect(r.code).toBe(4);
    const cat = await docker(['exec', '-i', id, 'sh', '-c', 'cat; echo end'], { cli, input: 'abc\n' });
    expect(cat.stdout).toBe('abc\nend\n');
  });

  test('exec -it runs on a terminal', async () => {
    const id = await sleeper(`tty-${cli}`);
    const r = await docker(['exec', '-it', id, 'sh', '-c', 'tty >/dev/null && echo is-a-tty; exit 2'], { cli, tty: true });
    expect(r.stdout).toContain('is-a-tty');
    expect(r.code).toBe(2);
  });

  test('attach follows a running container to its exit', async () => {
    const id = (await ok(['run', '-d', '--name', name(`attach-${cli}`), IMAGE, 'sh', '-c', 'for i in 1 2 3 4 5 6 7 8; do echo tick; sleep 1; done; exit 6'], { cli })).trim();
    made.push(id);
    const r = await docker(['attach', '--no-stdin', id], { cli });
    expect(r.stdout).toMatch(/^(tick\n)+$/);
    expect(r.code).toBe(6);
    expect((await inspect(id)).State.ExitCode).toBe(6);
  });

  test('login is refused with the reason', async () => {
    const r = await docker(['login', '-u', 'someone', '--password-stdin', env.registry.host], { cli, input: 'secret\n' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/credentials live on the proxy host/);
    expect(existsSync(join(dir, 'cfg', 'config.json')) && readFileSync(join(dir, 'cfg', 'config.json'), 'utf8')).not.toContain('auths');
  });

  test('a privileged run is refused in words, and nothing is created', async () => {
    const r = await docker(['run', '--privileged', '--name', name(`priv-${cli}`), IMAGE, 'true'], { cli });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Error response from daemon: HostConfig\.Privileged: privileged containers are root on the host/);
    expect(await exists(name(`priv-${cli}`))).toBe(false);
  });

  test('BuildKit is refused by name; the classic builder builds', async () => {
    const ctx = join(dir, `ctx-${cli}`);
    mkdirSync(ctx, { recursive: true });
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${IMAGE}\nCOPY hello.txt /hello.txt\nLABEL porthole.cli=${cli}\n`);
    writeFileSync(join(ctx, 'hello.txt'), 'hi\n');
    const kit = await docker(['build', '-t', `cli/kit:${tag}`, ctx], { cli, env: { DOCKER_BUILDKIT: '1' } });
    expect(kit.code).not.toBe(0);
    expect(kit.stdout + kit.stderr).toMatch(/BuildKit/);
    expect(await imageExists(`cli/kit:${tag}`)).toBe(false);
    const ref = `cli/built:${tag}`;
    await ok(['build', '-t', ref, ctx], { cli });
    const image = await engineJson<{ Config: { Labels: Record<string, string> } }>(sock, 'GET', `/images/${ref}/json`);
    expect(image.Config.Labels['porthole.cli']).toBe(cli);
  });
});

describe('docker CLI 20.10: lifecycle, files, images, networks, volumes', () => {
  test('wait answers with the exit code; its headers come at once while the container runs', async () => {
    const id = (await ok(['run', '-d', IMAGE, 'sh', '-c', 'sleep 2; exit 7'])).trim();
    made.push(id);
    expect((await ok(['wait', id])).trim()).toBe('7');
    const long = await sleeper('wait-headers');
    const status = await new Promise<number>((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: proxy.port, method: 'POST', path: `/api/engines/local/v1.41/containers/${long}/wait`, rejectUnauthorized: false, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, host: `127.0.0.1:${proxy.port}` } }, (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      req.end();
    });
    expect(status).toBe(200);
    expect((await inspect(long)).State.Running).toBe(true);
  });

  test('a CLI killed during exec: its processes are ended, as a closed console\'s are', async () => {
    const id = await sleeper('abandon');
    const child = spawn('/usr/bin/docker', ['--tlsverify', '--tlscacert', join(dir, 'cfg', 'ca.pem'), 'exec', id, 'sh', '-c', 'sleep 301 & sleep 302'], { env: cliEnv() });
    await expect.poll(() => processes(id), { timeout: 30_000 }).toContain('sleep 302');
    child.kill('SIGKILL');
    await expect.poll(() => processes(id), { timeout: 30_000 }).not.toMatch(/sleep 30[12]/);
    expect(await processes(id)).toContain('sleep 600');
  });

  test('logs and logs -f', async () => {
    const id = (await ok(['run', '-d', IMAGE, 'sh', '-c', 'echo one; sleep 2; echo two'])).trim();
    made.push(id);
    const followed = await ok(['logs', '-f', id]);
    expect(followed).toBe('one\ntwo\n');
    expect(await ok(['logs', id])).toBe('one\ntwo\n');
  });

  test('stop, start, restart, kill, pause and unpause', async () => {
    const id = await sleeper('life');
    await ok(['pause', id]);
    expect((await inspect(id)).State.Paused).toBe(true);
    await ok(['unpause', id]);
    expect((await inspect(id)).State.Paused).toBe(false);
    await ok(['stop', '-t', '1', id]);
    expect((await inspect(id)).State.Running).toBe(false);
    await ok(['start', id]);
    const started = (await inspect(id)).State.StartedAt;
    expect((await inspect(id)).State.Running).toBe(true);
    await ok(['restart', '-t', '1', id]);
    expect((await inspect(id)).State.StartedAt).not.toBe(started);
    await ok(['kill', id]);
    expect((await inspect(id)).State.ExitCode).toBe(137);
  });

  test('rename, inspect, top, stats, port and rm', async () => {
    const id = await sleeper('misc', ['-p', '8080']);
    await ok(['rename', name('misc'), name('renamed')]);
    expect((await inspect(id)).Name).toBe(`/${name('renamed')}`);
    expect(JSON.parse(await ok(['inspect', name('renamed')]))[0].Id).toBe(id);
    expect(await ok(['top', id])).toContain('sleep 600');
    expect(await ok(['stats', '--no-stream', '--format', '{{.Name}}', id])).toContain(name('renamed'));
    const hostPort = (await inspect(id)).NetworkSettings.Ports['8080/tcp']![0]!.HostPort;
    expect(await ok(['port', id, '8080'])).toContain(`:${hostPort}`);
    await ok(['rm', '-f', id]);
    expect(await exists(id)).toBe(false);
  });

  test('cp into a container and back out', async () => {
    const id = await sleeper('cp');
    writeFileSync(join(dir, 'in.txt'), 'copied in\n');
    await ok(['cp', join(dir, 'in.txt'), `${id}:/tmp/in.txt`]);
    const r = await docker(['exec', id, 'cat', '/tmp/in.txt']);
    expect(r.stdout).toBe('copied in\n');
    await ok(['cp', `${id}:/tmp/in.txt`, join(dir, 'out.txt')]);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('copied in\n');
  });

  test('commit (a null body), tag and rmi', async () => {
    const id = await sleeper('commit');
    const since = (Date.now() / 1000 - 1).toFixed(3);
    await ok(['exec', id, 'sh', '-c', 'echo state > /state']);
    // When docker exec returns, the session's end (a kill exec for any background job) is over too: a commit
    // right after pauses the container, and dockerd 20.10 deadlocks on an exec starting into a pausing one.
    const until = (Date.now() / 1000).toFixed(3);
    const events = await engineRequest(sock, 'GET', `/events?since=${since}&until=${until}&filters=${encodeURIComponent(JSON.stringify({ container: [id] }))}`);
    const execDied = events.body
      .toString()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .filter((line) => (JSON.parse(line) as { Action?: string }).Action === 'exec_die');
    expect(execDied).toHaveLength(2); // the user's exec, then the session end's kill exec
    await ok(['commit', id, `cli/committed:${tag}`]);
    expect(await imageExists(`cli/committed:${tag}`)).toBe(true);
    await ok(['tag', `cli/committed:${tag}`, `cli/tagged:${tag}`]);
    expect(await imageExists(`cli/tagged:${tag}`)).toBe(true);
    await ok(['rmi', `cli/tagged:${tag}`]);
    expect(await imageExists(`cli/tagged:${tag}`)).toBe(false);
  });

  test('pull from and push to the local registry', async () => {
    const { single } = env.fixtures;
    await engineRequest(sock, 'DELETE', `/images/${single.ref}?force=1`);
    await ok(['pull', single.ref]);
    expect(await imageExists(single.ref)).toBe(true);
    const pushed = `${env.registry.host}/cli/pushed:${tag}`;
    await ok(['tag', IMAGE, pushed]);
    await ok(['push', pushed]);
    const tags = (await (await fetch(`${env.registry.url}/v2/cli/pushed/tags/list`)).json()) as { tags: string[] };
    expect(tags.tags).toContain(tag);
  });

  test('network and volume create, ls and rm; system df', async () => {
    const net = name('net');
    await ok(['network', 'create', net]);
    expect((await engineRequest(sock, 'GET', `/networks/${net}`)).status).toBe(200);
    expect(await ok(['network', 'ls', '--format', '{{.Name}}'])).toContain(net);
    await ok(['network', 'rm', net]);
    expect((await engineRequest(sock, 'GET', `/networks/${net}`)).status).toBe(404);
    const vol = name('vol');
    await ok(['volume', 'create', vol]);
    expect((await engineRequest(sock, 'GET', `/volumes/${vol}`)).status).toBe(200);
    expect(await ok(['volume', 'ls', '--format', '{{.Name}}'])).toContain(vol);
    await ok(['volume', 'rm', vol]);
    expect((await engineRequest(sock, 'GET', `/volumes/${vol}`)).status).toBe(404);
    expect(await ok(['system', 'df'])).toMatch(/Images\s+\d+/);
  });

  test('a viewer token reads but cannot run', async () => {
    expect(await ok(['ps'], { token: VIEWER_TOKEN })).toContain('CONTAINER ID');
    const r = await docker(['run', '-d', IMAGE, 'true'], { token: VIEWER_TOKEN });
    expect(r.stderr).toMatch(/needs the admin role/);
  });

  test('exec into a container made elsewhere that reaches the host is refused with the reason', async () => {
    const created = await engineJson<{ Id: string }>(sock, 'POST', `/containers/create?name=${name('hostpid')}`, { Image: IMAGE, Cmd: ['sleep', '600'], HostConfig: { PidMode: 'host' } });
    made.push(created.Id);
    await engineJson(sock, 'POST', `/containers/${created.Id}/start`);
    const before = (await engineJson<{ ExecIDs: string[] | null }>(sock, 'GET', `/containers/${created.Id}/json`)).ExecIDs ?? [];
    const r = await docker(['exec', created.Id, 'id']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Error response from daemon: container cli-hostpid-\w+ shares the host's pid namespace/);
    expect((await engineJson<{ ExecIDs: string[] | null }>(sock, 'GET', `/containers/${created.Id}/json`)).ExecIDs ?? []).toEqual(before);
  });
});
