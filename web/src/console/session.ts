/**
 * A console session's decisions, without a terminal or a socket: what to run (a command, or shell candidates
 * in turn), holding output back while it may be the runtime saying the program is missing, how long to wait
 * before asking an engine that went away again, and how a tab is labelled. Pure: the controller that drives
 * a terminal and an exec stream with these is streams/consoleSession.ts.
 */
import type { ContainerChange } from '../image/changes';
import type { EndReason } from './exitReason';
import { formatCommand, probeOutput, SHELL_CANDIDATES, STATIC_SHELL_DIR, startFailure, type StartFailure } from './shellDiscovery';

export interface SessionSpec {
  mode: 'exec' | 'attach';
  /** null: find a shell (bash, sh, ash). */
  cmd: readonly string[] | null;
  /** "" for the image's user; "0" is root. */
  user: string;
  workdir: string;
  /** The command is the static shell Porthole copied in. */
  staticShell: boolean;
}

export type SessionPhase =
  | { phase: 'loading' }
  | { phase: 'connecting'; command: string }
  | { phase: 'open'; command: string }
  | { phase: 'no-shell'; tried: string[] }
  | { phase: 'ended'; command: string; reason: EndReason };

/** A shell Porthole finds (bash, sh or ash) as the image's user, in its working dir. */
export const SHELL_SESSION: SessionSpec = { mode: 'exec', cmd: null, user: '', workdir: '', staticShell: false };
export const ATTACH_SESSION: SessionSpec = { mode: 'attach', cmd: null, user: '', workdir: '', staticShell: false };

/** What a session tries, in order: attach (no command), its command, or each shell candidate. */
export function sessionCandidates(spec: SessionSpec): readonly (readonly string[])[] {
  return spec.mode === 'attach' ? [[]] : spec.cmd ? [spec.cmd] : SHELL_CANDIDATES;
}

/** How a try reads on screen: "attach", or the command line. */
export function sessionCommand(spec: SessionSpec, cmd: readonly string[]): string {
  return spec.mode === 'attach' ? 'attach' : formatCommand(cmd);
}

/**
 * Output of a try that may not have started its program. While probing, output is held back until it is
 * the program's own (then it shows, and proves the program runs); when the try ends while still probing,
 * the held text tells whether the program was missing. Without probing, everything shows at once.
 */
export class OutputProbe {
  private held: Uint8Array[] = [];
  private text = '';
  private readonly decoder = new TextDecoder();

  constructor(private probing: boolean) {}

  get active(): boolean {
    return this.probing;
  }

  /** Output from the session: the chunks to show now, and whether they prove the program runs. */
  push(data: Uint8Array): { show: Uint8Array[]; proven: boolean } {
    if (!this.probing) return { show: [data], proven: false };
    this.held.push(data);
    this.text += this.decoder.decode(data, { stream: true });
    if (probeOutput(this.text) === 'hold') return { show: [], proven: false };
    return { show: this.release(), proven: true };
  }

  /** Stops holding back: what was held, to show after all. */
  release(): Uint8Array[] {
    this.probing = false;
    return this.held.splice(0);
  }

  /** The try ended with `exitCode`: why its program did not start, or null (it ran; release() what was held). */
  end(exitCode: number | null | undefined): StartFailure | null {
    return this.probing ? startFailure(exitCode ?? null, this.text) : null;
  }
}

/** A session that ended by a signal (or with no code) may be its container stopping: ask about the container again, briefly. */
export function endedBySignal(exitCode: number | null | undefined): boolean {
  return exitCode === undefined || exitCode === null || exitCode >= 128;
}

/**
 * Waiting for an engine that went away: the next answer from it (or at most `ms`, backing off from 0.5 s to
 * 3 s), or a plain second once it answers but the container is not running yet (a restart policy starts it
 * a moment later). After `MAX_NOT_RUNNING` such answers the console says it stopped instead of waiting.
 */
export function reconnectWait(attempt: number, notRunning: number): { kind: 'next-answer' | 'pause'; ms: number } {
  return notRunning ? { kind: 'pause', ms: 1000 } : { kind: 'next-answer', ms: Math.min(3000, 500 * 2 ** attempt) };
}
export const MAX_NOT_RUNNING = 5;

/** A tab's label: its number and what runs in it (the program's name, "shell" while finding one, "attach"). */
export function tabLabel(spec: SessionSpec, phase: SessionPhase | undefined, index: number): string {
  const what = spec.mode === 'attach' ? 'attach' : phase && 'command' in phase ? (phase.command.split(' ')[0]!.split('/').pop() ?? 'shell') : 'shell';
  return `${index + 1} · ${what}`;
}

/** A tab's state as its dot shows it. */
export function tabState(phase: SessionPhase | undefined): 'open' | 'ended' | 'starting' {
  const name = phase?.phase ?? 'loading';
  return name === 'open' ? 'open' : name === 'ended' || name === 'no-shell' ? 'ended' : 'starting';
}

/** Whether the container's diff shows Porthole's static shell directory. */
export function hasStaticShell(changes: readonly ContainerChange[]): boolean {
  return changes.some((c) => c.Path === STATIC_SHELL_DIR && c.Kind !== 2);
}

/** Why removing the static shell failed (null: it did not), from the removal exec's end. */
export function shellRemovalFailure(result: { code: number | null | undefined; output: string; opened: boolean }): string | null {
  if (result.code === 0) return null;
  if (!result.opened) return 'The proxy refused the exec that removes the shell. Check that the container is running and that you are signed in as admin, then try again.';
  const said = result.output.trim();
  return result.code === undefined
    ? `The connection dropped before the removal finished${said ? `: ${said}` : ''}. Try again.`
    : `Removing ${STATIC_SHELL_DIR} failed with exit code ${result.code ?? 'unknown'}${said ? `: ${said}` : ''}.`;
}
