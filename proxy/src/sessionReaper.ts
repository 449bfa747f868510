// Ending what a console or CLI exec session started in a container. The engine keeps an exec's processes
// running after its client goes away and has no API to kill them, so every process of a session carries
// PORTHOLE_SESSION=<instance>-<session> in its environment (children inherit it), and ending a session is a
// second exec that kills every process carrying that marker, round after round until none is left (a job
// that forks while being killed is caught in the next round).
//
// The marker is <instance>-<run>-<random>: <instance> is this proxy's, stable per state dir, and <run> is this
// start's. After a SIGKILL the next start finds the processes its predecessors' sessions left (by the
// instance's prefix, so another Porthole on the same engine is not touched, and not its own run's) and ends them.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDemuxer } from '../../web/src/engine/demux.ts';
import { engineRequest, refreshVersion, type EngineTarget } from './engines.ts';
import { logAction } from './http.ts';

/** The environment variable every process of a session inherits. */
export const MARKER_VAR = 'PORTHOLE_SESSION';
const INSTANCE_FILE = 'instance-id';
const INSTANCE = /^[0-9a-f]{12}$/;
/** Kill rounds before the script gives up (a fork bomb outruns any number; ordinary jobs end in two). */
const MAX_ROUNDS = 100;
/** The script's own deadline at the engine: the exec answers when it ends. */
const KILL_TIMEOUT_MS = 60_000;
/** Containers swept at once at start. */
const SWEEP_CONCURRENCY = 4;

/** This proxy's instance id, kept in the state dir (created at first start). */
export function loadInstanceId(stateDir: string): string {
  const file = join(stateDir, INSTANCE_FILE);
  if (existsSync(file)) {
    const id = readFileSync(file, 'utf8').trim();
    if (INSTANCE.test(id)) return id;
  }
  const id = randomBytes(6).toString('hex');
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${id}\n`, { mode: 0o600 });
  return id;
}

/**
 * The shell script that ends, as root in the container, every process whose environment holds one of the
 * markers `$3`… (whole markers, or a prefix) but not `$2` (when given: the running proxy's own run). `$1`
 * prefixes the tools ("" or "/.porthole/busybox ") for images whose only shell is the busybox Porthole copied
 * in. It prints "ended PID ARGS" per process, then "clean ROUNDS" when none is left, or "left" when MAX_ROUNDS
 * did not get there. PID 1 is never a session's (execs never are). Without grep, tr reads each environment.
 * Markers are hex and dashes (checked before), so they need no quoting.
 */
export function killScript(): string {
  return [
    `t=$1; x="${MARKER_VAR}=$2"; kx=$2; shift 2; me=$$; round=0; pats=`,
    `for m do pats="$pats -e ${MARKER_VAR}=$m"; done`,
    `while [ $round -lt ${MAX_ROUNDS} ]; do`,
    '  keep=; if command -v ${t}grep >/dev/null 2>&1; then list=$(${t}grep -ls $pats /proc/[0-9]*/environ)',
    '    [ -n "$kx" ] && [ -n "$list" ] && keep=$(${t}grep -ls -e "$x" $list)',
    "  else list=; for f in /proc/[0-9]*/environ; do e=$(${t}tr '\\000' ' ' 2>/dev/null < \"$f\")",
    `    for m do case "$e" in *"${MARKER_VAR}=$m"*) list="$list $f"; [ -n "$kx" ] && case "$e" in *"$x"*) keep="$keep $f";; esac; break;; esac; done; done; fi`,
    '  found=0',
    '  for f in $list; do p=${f#/proc/}; p=${p%/environ}',
    '    [ "$p" = "$me" ] || [ "$p" = 1 ] && continue',
    '    case "$keep" in *"$f"*) continue;; esac',
    "    a=$(${t}tr '\\000' ' ' 2>/dev/null < /proc/$p/cmdline)",
    '    kill -9 "$p" 2>/dev/null && { found=$((found+1)); echo "ended $p $a"; }',
    '  done',
    '  [ $found -eq 0 ] && { echo "clean $round"; exit 0; }',
    '  round=$((round+1))',
    'done',
    'echo left; exit 1',
  ].join('\n');
}

export interface KillResult {
  /** "PID ARGS" of each process ended. */
  ended: string[];
  /** Whether the last round found none left. */
  clean: boolean;
}

/** Reads the script's output: null when it never ran (no such shell in the image). */
export function parseKillOutput(out: string): KillResult | null {
  const lines = out.split('\n');
  const ended = lines.filter((l) => l.startsWith('ended ')).map((l) => l.slice(6).trim());
  if (lines.some((l) => /^clean \d+$/.test(l))) return { ended, clean: true };
  if (lines.includes('left')) return { ended, clean: false };
  return null;
}

const SHELLS: { cmd: string[]; tools: string }[] = [
  { cmd: ['sh'], tools: '' },
  { cmd: ['/.porthole/busybox', 'sh'], tools: '/.porthole/busybox ' },
];

const MARKERS = /^[0-9a-f][0-9a-f-]*$/;

/**
 * Runs the kill script for `markers` in `container` and waits for it to end; null when no shell could run it.
 * `keep`: a prefix whose processes stay (the running proxy's own run), or "".
 */
async function killMarked(engine: EngineTarget, v: string, container: string, markers: readonly string[], keep = ''): Promise<KillResult | null> {
  if (![...markers, ...(keep ? [keep] : [])].every((m) => MARKERS.test(m))) throw new Error('a session marker is hex and dashes');
  for (const shell of SHELLS) {
    const create = await engineRequest(
      engine,
      'POST',
      `/v${v}/containers/${container}/exec`,
      { Cmd: [...shell.cmd, '-c', killScript(), 'porthole-end', shell.tools, keep, ...markers], User: '0', AttachStdout: true, AttachStderr: true },
      KILL_TIMEOUT_MS,
    );
    // Not running (or gone): its processes ended with it.
    if (create.status === 404 || create.status === 409) return { ended: [], clean: true };
    if (create.status !== 201) throw new Error(`engine answered ${create.status} to an exec create`);
    const { Id: id } = JSON.parse(create.body.toString()) as { Id: string };
    // Attached without an upgrade: the engine answers with the output and ends the answer when the script ends.
    const start = await engineRequest(engine, 'POST', `/v${v}/exec/${id}/start`, { Detach: false, Tty: false }, KILL_TIMEOUT_MS);
    if (start.status === 404 || start.status === 409) return { ended: [], clean: true };
    const decoder = new TextDecoder();
    const out = createDemuxer(false)
      .push(start.body)
      .filter((f) => f.stream === 1)
      .map((f) => decoder.decode(f.data, { stream: true }))
      .join('');
    const result = parseKillOutput(out);
    if (result) return result;
  }
  return null;
}

/**
 * Session ends in one container, batched: sessions that end while a kill runs there (fifty consoles closed at
 * once) are ended together by the next one, not by fifty execs the engine would queue.
 */
class ContainerBatch {
  private waiting: { markers: Set<string>; done: Promise<KillResult | null>; go: () => void } | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private outstanding = 0;

  constructor(private readonly kill: (markers: string[]) => Promise<KillResult | null>) {}

  add(marker: string): Promise<KillResult | null> {
    if (!this.waiting) {
      let go!: () => void;
      const turn = new Promise<void>((resolve) => (go = resolve));
      const markers = new Set<string>();
      const done = turn.then(() => this.kill([...markers]));
      this.waiting = { markers, done, go };
      const batch = this.waiting;
      // It starts once the run before it ended; markers added until then join it.
      void this.running.then(() => {
        if (this.waiting === batch) this.waiting = null;
        batch.go();
      });
      this.running = done.catch(() => undefined);
    }
    this.waiting.markers.add(marker);
    this.outstanding++;
    const done = this.waiting.done;
    void done.finally(() => this.outstanding--).catch(() => undefined);
    return done;
  }

  /** Nothing waiting or running. */
  get idle(): boolean {
    return this.outstanding === 0;
  }
}

/** What a SessionReaper reports to the proxy's log. */
export type ReaperLog = (what: string, detail: string) => void;

export class SessionReaper {
  // Session ends still running: stop() waits for them.
  private readonly pending = new Set<Promise<void>>();
  private readonly open = new Set<{ end: (message: string) => void; closed: Promise<void> }>();
  private readonly batches = new Map<string, ContainerBatch>();

  /** This start's part of every marker: the sweep at start leaves this run's sessions alone. */
  readonly run = randomBytes(4).toString('hex');

  constructor(
    readonly instance: string,
    private readonly log: ReaperLog = logAction,
  ) {}

  /** A new session's marker: this instance's and this run's prefix and a random part. */
  newMarker(): string {
    return `${this.instance}-${this.run}-${randomBytes(8).toString('hex')}`;
  }

  /** The environment entry a session's first process gets. */
  static envEntry(marker: string): string {
    return `${MARKER_VAR}=${marker}`;
  }

  /**
   * A session ended (its client went away, its process exited, or the proxy ended it): every process carrying
   * its marker is killed. Never rejects; a failure is logged.
   */
  end(engine: EngineTarget, v: string, container: string, marker: string): Promise<void> {
    const key = `${engine.name}\n${container}`;
    let batch = this.batches.get(key);
    if (!batch) {
      batch = new ContainerBatch((markers) => killMarked(engine, v, container, markers));
      this.batches.set(key, batch);
    }
    const owner = batch;
    const done = owner.add(marker).then(
      (r) => {
        if (!r) this.log('session end', `no shell in container ${short(container)} on engine ${engine.name} could end the processes of session ${marker}`);
        else if (!r.clean) this.log('session end', `processes of session ${marker} kept forking in container ${short(container)} on engine ${engine.name}; ${r.ended.length} ended, some may be left`);
      },
      (e: Error) => this.log('session end', `could not end the processes of session ${marker} in container ${short(container)} on engine ${engine.name}: ${e.message}`),
    );
    this.pending.add(done);
    void done.finally(() => {
      this.pending.delete(done);
      if (owner.idle && this.batches.get(key) === owner) this.batches.delete(key);
    });
    return done;
  }

  /** Resolves when every session end started so far has finished. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /**
   * Registers an open console or CLI stream the proxy may have to end: `end` ends it with a message for its
   * client, `closed` resolves once it has closed (its session end, if any, is then under way). Returns the
   * release, for when it closes by itself.
   */
  hold(end: (message: string) => void, closed: Promise<void>): () => void {
    const entry = { end, closed };
    this.open.add(entry);
    return () => this.open.delete(entry);
  }

  /** Ends every open console and stream with `message`; resolves once all closed and their processes are ended. */
  async endAll(message: string): Promise<void> {
    const open = [...this.open];
    for (const { end } of open) end(message);
    await Promise.allSettled(open.map((o) => o.closed));
    await this.settled();
  }

  /**
   * After a crash (SIGKILL, power loss) nothing ended the sessions of the last run: find, in each engine's
   * running containers, the processes carrying this instance's prefix and end them. Host-side `ps` through the
   * engine's top finds them without entering containers that hold none; a container whose top fails is
   * entered anyway. Runs beside the proxy's start, never before it.
   */
  async sweep(engines: Iterable<EngineTarget>): Promise<void> {
    const prefix = `${MARKER_VAR}=${this.instance}-`;
    await Promise.all(
      [...engines].map(async (engine) => {
        try {
          // The sweep runs beside the start, which may not have asked the engine its version yet.
          if (!engine.apiVersion && !(await refreshVersion(engine))) return;
          const v = engine.apiVersion!;
          const list = await engineRequest(engine, 'GET', `/v${v}/containers/json`);
          if (list.status !== 200) return;
          const ids = (JSON.parse(list.body.toString()) as { Id: string }[]).map((c) => c.Id);
          await eachLimited(ids, SWEEP_CONCURRENCY, (id) => this.sweepContainer(engine, v, id, prefix));
        } catch (e) {
          this.log('crash cleanup', `could not look for processes an earlier run left on engine ${engine.name}: ${(e as Error).message}`);
        }
      }),
    );
  }

  private async sweepContainer(engine: EngineTarget, v: string, id: string, prefix: string): Promise<void> {
    try {
      const top = await engineRequest(engine, 'GET', `/v${v}/containers/${id}/top?ps_args=${encodeURIComponent('eww -o pid,args')}`);
      if (top.status === 200) {
        const rows = (JSON.parse(top.body.toString()) as { Processes: string[][] | null }).Processes ?? [];
        if (!rows.some((row) => row.join(' ').includes(prefix))) return;
      }
      const r = await killMarked(engine, v, id, [`${this.instance}-`], `${this.instance}-${this.run}-`);
      if (r?.ended.length) this.log('crash cleanup', `ended ${r.ended.length} process(es) an earlier run's sessions left in container ${short(id)} on engine ${engine.name}: ${r.ended.join('; ')}`);
      if (r && !r.clean) this.log('crash cleanup', `processes left by an earlier run kept forking in container ${short(id)} on engine ${engine.name}; some may be left`);
    } catch (e) {
      this.log('crash cleanup', `could not end what an earlier run left in container ${short(id)} on engine ${engine.name}: ${(e as Error).message}`);
    }
  }
}

const short = (id: string): string => (/^[0-9a-f]{64}$/.test(id) ? id.slice(0, 12) : id);

async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
