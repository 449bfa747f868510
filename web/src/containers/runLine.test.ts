import { describe, expect, test } from 'vitest';
import { emptyForm, type CreateForm } from './createForm';
import { formatRunLine, parseMount, parsePublish, parseRunLine, parseVolume } from './runLine';

test.each([
  ['8080:80', { hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' }],
  ['80', { hostIp: '', hostPort: '', containerPort: '80', protocol: 'tcp' }],
  ['127.0.0.1:53:53/udp', { hostIp: '127.0.0.1', hostPort: '53', containerPort: '53', protocol: 'udp' }],
  ['[::1]:80:80', { hostIp: '::1', hostPort: '80', containerPort: '80', protocol: 'tcp' }],
  ['a:b', null],
])('parsePublish(%s)', (spec, row) => {
  expect(parsePublish(spec)).toEqual(row);
});

test.each([
  ['/srv/a:/data:ro', { type: 'bind', source: '/srv/a', target: '/data', readOnly: true }],
  ['cache:/var/cache', { type: 'volume', source: 'cache', target: '/var/cache', readOnly: false }],
  ['/data', { type: 'volume', source: '', target: '/data', readOnly: false }],
  ['a:b:c:d', null],
])('parseVolume(%s)', (spec, row) => {
  expect(parseVolume(spec)).toEqual(row);
});

test.each([
  ['type=bind,source=/a,target=/b,readonly', { type: 'bind', source: '/a', target: '/b', readOnly: true }],
  ['type=volume,src=v,dst=/b', { type: 'volume', source: 'v', target: '/b', readOnly: false }],
  ['type=tmpfs,dst=/t', '--mount type=tmpfs is not offered (bind or volume)'],
  ['type=bind,source=/a', '--mount without a target'],
])('parseMount(%s)', (spec, row) => {
  expect(parseMount(spec)).toEqual(row);
});

describe('parseRunLine', () => {
  test('the flags the issue names', () => {
    const parsed = parseRunLine(
      `docker run -d --rm --name web -e A=1 -e 'B=two words' -p 8080:80 -v /srv/x:/x:ro --mount type=volume,source=data,target=/data ` +
        `-w /app -u 1000:1000 --entrypoint /bin/sh --restart on-failure:3 -m 256m --cpus=2 --network net1 -l team=a -h box busybox:1 -c 'echo hi'`,
    );
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.unknown).toEqual([]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.form).toEqual<CreateForm>({
      ...emptyForm(),
      image: 'busybox:1',
      name: 'web',
      detach: true,
      autoRemove: true,
      cmd: ['-c', 'echo hi'],
      entrypoint: ['/bin/sh'],
      workingDir: '/app',
      user: '1000:1000',
      env: [
        { key: 'A', value: '1' },
        { key: 'B', value: 'two words' },
      ],
      ports: [{ hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' }],
      mounts: [
        { type: 'bind', source: '/srv/x', target: '/x', readOnly: true },
        { type: 'volume', source: 'data', target: '/data', readOnly: false },
      ],
      restart: 'on-failure',
      restartMax: 3,
      memory: '256m',
      cpus: '2',
      network: 'net1',
      labels: [{ key: 'team', value: 'a' }],
      hostname: 'box',
    });
  });

  test.each([
    ['-it combined', 'docker run -it busybox sh', { interactive: true, tty: true, detach: false, cmd: ['sh'] }],
    ['-dit combined', 'docker run -dit busybox', { interactive: true, tty: true, detach: true, cmd: null }],
    ['short flag glued to its value', 'docker run -eA=1 -p8080:80 busybox', { env: [{ key: 'A', value: '1' }] }],
    ['docker container run', 'docker container run --name=x busybox', { name: 'x' }],
    ['flags only', '--memory 1g nginx', { memory: '1g', image: 'nginx' }],
    ['empty entrypoint resets it', `docker run --entrypoint '' busybox`, { entrypoint: [] }],
  ])('%s', (_name, line, expected) => {
    const parsed = parseRunLine(line);
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.form).toMatchObject(expected);
  });

  test.each([
    ['unknown valued flag keeps its value', 'docker run --cap-add NET_ADMIN --privileged busybox', ['--cap-add NET_ADMIN', '--privileged'], 'busybox'],
    ['unknown flag with =', 'docker run --log-opt=max-size=1m busybox', ['--log-opt=max-size=1m'], 'busybox'],
  ])('%s', (_name, line, unknown, image) => {
    const parsed = parseRunLine(line);
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.unknown).toEqual(unknown);
    expect(parsed.form.image).toBe(image);
  });

  test.each([
    ['--env-file', 'docker run --env-file .env busybox', /cannot read files/],
    ['-e from the shell', 'docker run -e HOME busybox', /takes its value from your shell/],
    ['no image', 'docker run -d', /No image/],
  ])('%s is reported', (_name, line, problem) => {
    const parsed = parseRunLine(line);
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.problems.join('\n')).toMatch(problem);
  });

  test('an unclosed quote is an error', () => {
    expect(parseRunLine(`docker run busybox sh -c 'echo`)).toEqual({ error: 'A single quote is not closed.' });
  });
});

describe('round trip form → line → form', () => {
  const full: CreateForm = {
    ...emptyForm(),
    image: 'registry.local:5000/team/app:1.2',
    name: 'app-1',
    cmd: ['sh', '-c', `echo "it's $HOME" && sleep 1`],
    entrypoint: ['/entry'],
    workingDir: '/srv/app',
    user: 'nobody',
    env: [
      { key: 'A', value: 'x y' },
      { key: 'EMPTY', value: '' },
      { key: 'Q', value: `'"\\` },
    ],
    ports: [
      { hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' },
      { hostIp: '127.0.0.1', hostPort: '', containerPort: '53', protocol: 'udp' },
      { hostIp: '', hostPort: '', containerPort: '9000', protocol: 'tcp' },
    ],
    mounts: [
      { type: 'bind', source: '/srv/data', target: '/data', readOnly: true },
      { type: 'volume', source: 'cache', target: '/cache', readOnly: false },
      { type: 'volume', source: '', target: '/anon', readOnly: false },
    ],
    restart: 'unless-stopped',
    memory: '256m',
    cpus: '1.5',
    network: 'backend',
    labels: [{ key: 'a.b', value: 'c=d' }],
    hostname: 'box.local',
    detach: true,
  };
  test.each([
    ['everything', full],
    ['the empty form with an image', { ...emptyForm(), image: 'busybox' }],
    ['interactive with a TTY, removed on exit', { ...emptyForm(), image: 'busybox', detach: false, interactive: true, tty: true, autoRemove: true, cmd: ['sh'] }],
    ['on-failure with retries', { ...emptyForm(), image: 'busybox', restart: 'on-failure', restartMax: 5 } as CreateForm],
  ])('%s', (_name, form) => {
    const parsed = parseRunLine(formatRunLine(form));
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.unknown).toEqual([]);
    expect(parsed.form).toEqual(form);
  });
});
