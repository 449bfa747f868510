import { describe, expect, test } from 'vitest';
import { BODY_RULES, judgeEnteredContainer, QUERY_RULES, type RuleContext } from './rules.ts';
import { parseStrictJson } from './strictJson.ts';
import type { BodyRule } from './policy.ts';

const ctx: RuleContext = {
  allowBinds: ['/srv/data'],
  protectedPaths: ['/var/run/docker.sock', '/run/docker.sock'],
  hostNetworks: async () => [{ id: 'f00dfeed1234', name: 'host' }],
  realpath: (p) => (p === '/srv/data/link' ? '/etc' : null),
  // Volumes the engine already holds, as compose or the CLI may have made them.
  volume: async (name) =>
    ({
      hostroot: { driver: 'local', options: { type: 'none', o: 'bind', device: '/' } },
      appdata: { driver: 'local', options: { type: 'none', o: 'bind', device: '/srv/data/app' } },
      plain: { driver: 'local', options: null },
      cache: { driver: 'local', options: { type: 'tmpfs', device: 'tmpfs', o: 'size=64m' } },
      nfs: { driver: 'local', options: { type: 'nfs', o: 'addr=10.0.0.1', device: ':/export' } },
      plugin: { driver: 'rexray', options: null },
    })[name] ?? null,
};

const create = (hostConfig: object, extra: object = {}) => JSON.stringify({ Image: 'x', ...extra, HostConfig: hostConfig });

describe('body rules', () => {
  test.each<[string, BodyRule, string, RegExp | null]>([
    ['plain container', 'containerCreate', create({}), null],
    ['bind below the allowed dir', 'containerCreate', create({ Binds: ['/srv/data/app:/app:ro'] }), null],
    ['named volume', 'containerCreate', create({ Binds: ['myvol:/data'] }), null],
    ['mount of type volume', 'containerCreate', create({ Mounts: [{ Type: 'volume', Source: 'v', Target: '/v' }] }), null],
    ['existing plain volume by name', 'containerCreate', create({ Binds: ['plain:/data'] }), null],
    ['volume create with o=BIND in capitals', 'volumeCreate', JSON.stringify({ Name: 'v', DriverOpts: { o: 'BIND', device: '/etc' } }), /only paths below|bind mount of/],
    ['volume create with type NONE in capitals', 'volumeCreate', JSON.stringify({ Name: 'v', DriverOpts: { type: 'NONE', device: '/etc' } }), /only paths below|bind mount of/],
    ['json-file logs with rotation', 'containerCreate', create({ LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } } }), null],
    ['gelf logs to the host loopback', 'containerCreate', create({ LogConfig: { Type: 'gelf', Config: { 'gelf-address': 'udp://127.0.0.1:12201' } } }), /log drivers that send to an address/],
    ['syslog logs to an address', 'containerCreate', create({ LogConfig: { Type: 'syslog', Config: { 'syslog-address': 'tcp://10.0.0.1:514' } } }), /LogConfig.Type syslog/],
    ['a volume plugin as VolumeDriver', 'containerCreate', create({ VolumeDriver: 'local-persist', Binds: ['x1:/x'] }), /VolumeDriver local-persist/],
    ['service logging to fluentd', 'serviceSpec', JSON.stringify({ TaskTemplate: { ContainerSpec: { Image: 'x' }, LogDriver: { Name: 'fluentd' } } }), /TaskTemplate.LogDriver fluentd/],
    ['swarm init', 'swarmInit', JSON.stringify({ ListenAddr: '0.0.0.0:2377' }), null],
    ['swarm init with an external CA', 'swarmInit', JSON.stringify({ ListenAddr: '0.0.0.0:2377', Spec: { CAConfig: { ExternalCAs: [{ Protocol: 'cfssl', URL: 'https://127.0.0.1:8888' }] } } }), /ExternalCAs/],
    ['swarm update with task logs to splunk', 'swarmSpec', JSON.stringify({ TaskDefaults: { LogDriver: { Name: 'splunk' } } }), /TaskDefaults.LogDriver splunk/],
    ['swarm update of the raft settings', 'swarmSpec', JSON.stringify({ Raft: { SnapshotInterval: 10000 } }), null],
    ['existing tmpfs volume', 'containerCreate', create({ Mounts: [{ Type: 'volume', Source: 'cache', Target: '/c' }] }), null],
    ['existing bind volume below the allowed dir', 'containerCreate', create({ Binds: ['appdata:/data'] }), null],
    ['existing volume binding / (Binds)', 'containerCreate', create({ Binds: ['hostroot:/host'] }), /existing volume hostroot is a bind mount of the host/],
    ['existing volume binding / (Mounts)', 'containerCreate', create({ Mounts: [{ Type: 'volume', Source: 'hostroot', Target: '/h' }] }), /existing volume hostroot/],
    ['existing volume binding / (legacy top-level Binds)', 'containerCreate', JSON.stringify({ Image: 'x', Binds: ['hostroot:/host'] }), /existing volume hostroot/],
    ['existing nfs volume', 'containerCreate', create({ Binds: ['nfs:/n'] }), /volume type nfs is not allowed/],
    ['existing plugin volume', 'containerCreate', create({ Binds: ['plugin:/p'] }), /rexray driver/],
    ['service mounting an existing bind volume', 'serviceSpec', JSON.stringify({ TaskTemplate: { ContainerSpec: { Image: 'x', Mounts: [{ Type: 'volume', Source: 'hostroot', Target: '/h' }] } } }), /existing volume hostroot/],
    ['tmpfs mount', 'containerCreate', create({ Mounts: [{ Type: 'tmpfs', Target: '/t' }] }), null],
    ['user network', 'containerCreate', create({ NetworkMode: 'mynet' }), null],
    ['no-new-privileges', 'containerCreate', create({ SecurityOpt: ['no-new-privileges'] }), null],
    ['privileged', 'containerCreate', create({ Privileged: true }), /Privileged/],
    ['privileged, lower case key', 'containerCreate', JSON.stringify({ Image: 'x', hostconfig: { privileged: true } }), /Privileged/],
    ['pid host', 'containerCreate', create({ PidMode: 'host' }), /PidMode/],
    ['ipc host', 'containerCreate', create({ IpcMode: 'host' }), /IpcMode/],
    ['uts host', 'containerCreate', create({ UTSMode: 'host' }), /UTSMode/],
    ['userns host', 'containerCreate', create({ UsernsMode: 'host' }), /UsernsMode/],
    ['cgroupns host', 'containerCreate', create({ CgroupnsMode: 'host' }), /CgroupnsMode/],
    ['pid of another container', 'containerCreate', create({ PidMode: 'container:abc' }), /PidMode/],
    ['network host', 'containerCreate', create({ NetworkMode: 'host' }), /NetworkMode/],
    ['network host by id prefix', 'containerCreate', create({ NetworkMode: 'f00dfe' }), /host's network/],
    ['network of another container', 'containerCreate', create({ NetworkMode: 'container:abc' }), /NetworkMode/],
    ['endpoint on the host network', 'containerCreate', JSON.stringify({ Image: 'x', NetworkingConfig: { EndpointsConfig: { host: {} } } }), /EndpointsConfig/],
    ['devices', 'containerCreate', create({ Devices: [{ PathOnHost: '/dev/sda', PathInContainer: '/dev/sda', CgroupPermissions: 'rwm' }] }), /Devices/],
    ['device cgroup rules', 'containerCreate', create({ DeviceCgroupRules: ['a *:* rwm'] }), /DeviceCgroupRules/],
    ['device requests', 'containerCreate', create({ DeviceRequests: [{ Count: -1 }] }), /DeviceRequests/],
    ['cap add', 'containerCreate', create({ CapAdd: ['SYS_ADMIN'] }), /CapAdd/],
    ['seccomp unconfined', 'containerCreate', create({ SecurityOpt: ['seccomp=unconfined'] }), /SecurityOpt/],
    ['apparmor unconfined', 'containerCreate', create({ SecurityOpt: ['apparmor:unconfined'] }), /SecurityOpt/],
    ['label disable', 'containerCreate', create({ SecurityOpt: ['label=disable'] }), /SecurityOpt/],
    ['sysctls', 'containerCreate', create({ Sysctls: { 'kernel.shm_rmid_forced': '1' } }), /Sysctls/],
    ['runtime', 'containerCreate', create({ Runtime: 'sysbox' }), /Runtime/],
    ['volumes from', 'containerCreate', create({ VolumesFrom: ['other'] }), /VolumesFrom/],
    ['cgroup parent', 'containerCreate', create({ CgroupParent: '/' }), /CgroupParent/],
    ['unmasked /proc', 'containerCreate', create({ MaskedPaths: [] }), /MaskedPaths/],
    ['bind of /', 'containerCreate', create({ Binds: ['/:/host'] }), /socket|refused/],
    ['bind of the socket', 'containerCreate', create({ Binds: ['/var/run/docker.sock:/s'] }), /engine socket/],
    ['bind of a dir holding the socket', 'containerCreate', create({ Binds: ['/run:/r'] }), /engine socket/],
    ['bind with a similar prefix', 'containerCreate', create({ Binds: ['/srv/data2:/d'] }), /only paths below/],
    ['bind escaping with ..', 'containerCreate', create({ Binds: ['/srv/data/../../etc:/e'] }), /only paths below/],
    ['bind through a symlink', 'containerCreate', create({ Binds: ['/srv/data/link:/e'] }), /only paths below/],
    ['relative bind', 'containerCreate', create({ Binds: ['./x:/x'] }), /absolute/],
    ['mount of type bind outside', 'containerCreate', create({ Mounts: [{ Type: 'bind', Source: '/etc', Target: '/e' }] }), /only paths below/],
    ['mount type defaults to volume; bind via driver options', 'containerCreate', create({ Mounts: [{ Target: '/e', VolumeOptions: { DriverConfig: { Options: { type: 'none', o: 'bind', device: '/etc' } } } }] }), /only paths below/],
    ['mount of a named pipe', 'containerCreate', create({ Mounts: [{ Type: 'npipe', Source: 'x', Target: '/x' }] }), /npipe/],
    ['update adds devices', 'containerUpdate', JSON.stringify({ Devices: [{ PathOnHost: '/dev/sda' }] }), /Devices/],
    ['update memory', 'containerUpdate', JSON.stringify({ Memory: 268435456 }), null],
    ['exec plain', 'execCreate', JSON.stringify({ Cmd: ['sh'], User: '0' }), null],
    ['exec privileged', 'execCreate', JSON.stringify({ Cmd: ['sh'], Privileged: true }), /Privileged/],
    ['volume plain', 'volumeCreate', JSON.stringify({ Name: 'v' }), null],
    ['volume bind outside', 'volumeCreate', JSON.stringify({ Name: 'v', DriverOpts: { type: 'none', o: 'bind', device: '/' } }), /refused|socket/],
    ['volume bind allowed', 'volumeCreate', JSON.stringify({ Name: 'v', DriverOpts: { type: 'none', o: 'bind', device: '/srv/data/v' } }), null],
    ['volume nfs', 'volumeCreate', JSON.stringify({ Name: 'v', DriverOpts: { type: 'nfs', o: 'addr=10.0.0.1', device: ':/x' } }), /nfs/],
    ['volume plugin driver', 'volumeCreate', JSON.stringify({ Name: 'v', Driver: 'sshfs' }), /driver/],
    ['network bridge', 'networkCreate', JSON.stringify({ Name: 'n' }), null],
    ['network macvlan', 'networkCreate', JSON.stringify({ Name: 'n', Driver: 'macvlan' }), /macvlan/],
    ['service plain', 'serviceSpec', JSON.stringify({ Name: 's', TaskTemplate: { ContainerSpec: { Image: 'x' } } }), null],
    ['service caps', 'serviceSpec', JSON.stringify({ TaskTemplate: { ContainerSpec: { Image: 'x', CapabilityAdd: ['SYS_ADMIN'] } } }), /CapabilityAdd/],
    ['service bind', 'serviceSpec', JSON.stringify({ TaskTemplate: { ContainerSpec: { Image: 'x', Mounts: [{ Type: 'bind', Source: '/', Target: '/h' }] } } }), /socket|refused/],
    ['service host network', 'serviceSpec', JSON.stringify({ TaskTemplate: { ContainerSpec: { Image: 'x' }, Networks: [{ Target: 'host' }] } }), /Networks/],
    ['service seccomp unconfined', 'serviceSpec', JSON.stringify({ TaskTemplate: { ContainerSpec: { Image: 'x', Privileges: { Seccomp: { Mode: 'unconfined' } } } } }), /Seccomp/],
    ['not an object', 'containerCreate', '[1]', /object/],
  ])('%s', async (_n, rule, text, refused) => {
    const reason = await BODY_RULES[rule](parseStrictJson(text), ctx);
    if (refused) expect(reason).toMatch(refused);
    else expect(reason).toBeNull();
  });

  test('with no --allow-bind every bind is refused and the message says how to allow', async () => {
    const reason = await BODY_RULES.containerCreate(parseStrictJson(create({ Binds: ['/srv/data/app:/app'] })), { ...ctx, allowBinds: [] });
    expect(reason).toMatch(/--allow-bind/);
  });
});

describe('query rules', () => {
  test.each([
    ['pull', 'imageCreate', 'fromImage=busybox&tag=1', null],
    ['import an uploaded tar', 'imageCreate', 'fromSrc=-&repo=x', null],
    ['import from a URL', 'imageCreate', 'fromSrc=http://169.254.169.254/', /URL/],
    ['neither', 'imageCreate', '', /fromImage/],
    ['build', 'build', 't=x', null],
    ['build from a remote', 'build', 'remote=https://evil/ctx.tar', /remote/],
    ['build on the host network', 'build', 'networkmode=host', /network/],
    ['buildkit', 'build', 'version=2', /BuildKit/],
    ['Hub search', 'search', 'term=nginx&limit=25', null],
    ['Hub search of a user repo', 'search', 'term=bitnami/redis', null],
    ['Hub search by the Hub name', 'search', 'term=docker.io/nginx', null],
    ['search of a registry at a host port', 'search', 'term=127.0.0.1:22/x', /127\.0\.0\.1:22 through the engine/],
    ['search of a registry by name', 'search', 'term=registry.internal/x', /registry\.internal/],
    ['search of localhost', 'search', 'term=localhost/x', /localhost/],
  ] as const)('%s', (_n, rule, q, refused) => {
    const reason = QUERY_RULES[rule](new URLSearchParams(q));
    if (refused) expect(reason).toMatch(refused);
    else expect(reason).toBeNull();
  });
});

describe('containers made outside Porthole: a console or file transfer only where Porthole could have created them', () => {
  const inspect = (hostConfig: object, mounts: object[] = []) => ({ Id: 'abcdef0123456789', Name: '/app', HostConfig: { NetworkMode: 'bridge', CgroupnsMode: 'host', ...hostConfig }, Mounts: mounts });
  test.each<[string, object, RegExp | null]>([
    ['an ordinary container (cgroupns host is the cgroup v1 default)', inspect({}), null],
    ['a bind below the allowed dir and a plain volume', inspect({}, [{ Type: 'bind', Source: '/srv/data/app' }, { Type: 'volume', Name: 'plain' }]), null],
    ['privileged', inspect({ Privileged: true }), /container app is privileged/],
    ['host pid namespace', inspect({ PidMode: 'host' }), /host's pid namespace/],
    ['host network', inspect({ NetworkMode: 'host' }), /host's network namespace/],
    ['added capabilities', inspect({ CapAdd: ['SYS_ADMIN'] }), /added capabilities/],
    ['host devices', inspect({ Devices: [{ PathOnHost: '/dev/sda' }] }), /host devices/],
    ['a bind of /', inspect({}, [{ Type: 'bind', Source: '/' }]), /mounts host paths/],
    ['the engine socket', inspect({}, [{ Type: 'bind', Source: '/var/run/docker.sock' }]), /engine socket/],
    ['a volume that binds /', inspect({}, [{ Type: 'volume', Name: 'hostroot' }]), /mounts host paths/],
  ])('%s', async (_name, container, refused) => {
    const reason = await judgeEnteredContainer(JSON.parse(JSON.stringify(container)), ctx);
    if (refused) expect(reason).toMatch(refused);
    else expect(reason).toBeNull();
  });
});
