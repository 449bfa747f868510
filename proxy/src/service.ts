// `install-service` / `uninstall-service`: writes the systemd unit, makes the first tokens (shown here
// once, so they never reach the journal), enables and starts it; or stops and removes it. Root only.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TokenStore } from './auth.ts';
import { ConfigError, type Config } from './config.ts';
import { parseEngineUrl } from './engines.ts';
import { SERVICE_NAME, SERVICE_STATE_DIR, serviceArgs, serviceUnit } from './serviceUnit.ts';

const UNIT_PATH = `/etc/systemd/system/${SERVICE_NAME}.service`;
const projectRoot = resolve(import.meta.dirname, '..', '..');

function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) throw new ConfigError(`${what} writes ${UNIT_PATH}: run it as root, e.g. sudo npm start -- ${what}`);
}

function idOf(user: string): { uid: number; gid: number; groups: string[] } {
  try {
    const id = (flag: string): string => execFileSync('id', [flag, user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { uid: Number(id('-u')), gid: Number(id('-g')), groups: id('-Gn').split(/\s+/) };
  } catch {
    throw new ConfigError(`there is no user ${user} on this host; pass an existing one with --user NAME`);
  }
}

function groupName(gid: number): string {
  const r = spawnSync('getent', ['group', String(gid)], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split(':')[0]! : String(gid);
}

/** The service's user must be able to open every engine socket: root, the socket's owner, or in its group. */
function checkSocketAccess(user: string, id: { uid: number; groups: string[] }, config: Config): void {
  for (const spec of config.engines) {
    const socket = parseEngineUrl(spec).target.socketPath;
    if (!socket || id.uid === 0) continue;
    let st;
    try {
      st = statSync(socket);
    } catch {
      throw new ConfigError(`engine ${spec.name}: ${socket} does not exist; start the Docker engine first, or name another with --engine`);
    }
    const group = groupName(st.gid);
    if (st.uid !== id.uid && !id.groups.includes(group)) {
      throw new ConfigError(`${user} may not use ${socket} (group ${group}): add it with \`usermod -aG ${group} ${user}\`, or pass --user with an account in that group`);
    }
  }
}

function systemctl(args: string[]): { ok: boolean; message: string } {
  const r = spawnSync('systemctl', args, { encoding: 'utf8' });
  if (r.error) return { ok: false, message: `systemctl could not run: ${r.error.message}` };
  return { ok: r.status === 0, message: (r.stderr || r.stdout).trim() };
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), uid, gid);
}

export function installService(config: Config, argv: string[]): void {
  requireRoot('install-service');
  const { user: given, args } = serviceArgs(argv);
  const user = given ?? process.env.SUDO_USER ?? 'root';
  const id = idOf(user);
  checkSocketAccess(user, id, config);
  const main = join(projectRoot, 'dist', 'proxy', 'main.js');
  if (!existsSync(main)) throw new ConfigError(`${main} is missing: run npm run build first`);
  const unit = serviceUnit({
    user,
    node: process.execPath,
    main,
    root: projectRoot,
    args,
    port: config.listenPort,
    readPaths: [process.execPath, projectRoot, ...config.allowBinds, ...config.staticShells],
  });
  writeFileSync(UNIT_PATH, unit, { mode: 0o644 });
  console.log(`Wrote ${UNIT_PATH} (runs as ${user}${id.uid === 0 ? ': root, consider --user with an account in the docker group' : ''}).`);

  // The first tokens are made here and shown once on this terminal, not printed by the service into the journal.
  mkdirSync(SERVICE_STATE_DIR, { recursive: true, mode: 0o700 });
  const made = new TokenStore(SERVICE_STATE_DIR, { admin: null, viewer: null }).init();
  chownTree(SERVICE_STATE_DIR, id.uid, id.gid);
  if (made.admin) console.log(`\n  Admin token (shown once, only its hash is kept):\n\n    ${made.admin}\n`);
  if (made.viewer) console.log(`  Viewer token (read-only, shown once): ${made.viewer}\n`);
  if (!made.admin && !made.viewer) console.log(`  The tokens in ${SERVICE_STATE_DIR} are kept (rotate-token makes new ones; README "Run it as a service").`);

  if (!existsSync('/run/systemd/system')) {
    const enabled = systemctl(['enable', `${SERVICE_NAME}.service`]);
    console.log(`systemd is not running on this machine: ${enabled.ok ? 'the service is enabled for the next boot' : `could not enable it (${enabled.message})`}, not started.`);
    return;
  }
  for (const step of [['daemon-reload'], ['enable', '--now', `${SERVICE_NAME}.service`], ['restart', `${SERVICE_NAME}.service`]]) {
    const r = systemctl(step);
    if (!r.ok) throw new Error(`systemctl ${step.join(' ')} failed: ${r.message}; see journalctl -u ${SERVICE_NAME}`);
  }
  console.log(`Started ${SERVICE_NAME}.service; it starts at boot. Logs: journalctl -u ${SERVICE_NAME} -f   Status: systemctl status ${SERVICE_NAME}`);
}

export function uninstallService(): void {
  requireRoot('uninstall-service');
  if (existsSync('/run/systemd/system')) systemctl(['disable', '--now', `${SERVICE_NAME}.service`]);
  else systemctl(['disable', `${SERVICE_NAME}.service`]);
  const had = existsSync(UNIT_PATH);
  rmSync(UNIT_PATH, { force: true });
  if (existsSync('/run/systemd/system')) systemctl(['daemon-reload']);
  console.log(had ? `Stopped and removed ${UNIT_PATH}.` : `${UNIT_PATH} was not installed.`);
  console.log(`Its state (tokens, local CA, registry credentials) stays in ${SERVICE_STATE_DIR}: remove it with rm -r ${SERVICE_STATE_DIR}.`);
}
