/**
 * Why a console session ended, in words for people, from what the socket and the engine told us.
 * Order matters: the page closing it beats everything, a container that stopped explains an exit
 * code better than the code does, and a close without the proxy's exit message is the network.
 */
import type { EndedBy } from './protocol';
import type { StartFailure } from './shellDiscovery';

export interface SessionEnd {
  /** exec: a command in the container; attach: the container's main process. */
  mode: 'exec' | 'attach';
  /** The command, as people read it (for exec). */
  command: string;
  /** Whether the WebSocket ever opened (a refused upgrade never does, and browsers hide why). */
  opened: boolean;
  /** The code of the proxy's {"type":"exit"} message; undefined when none came. */
  exitCode?: number | null;
  /** The proxy's {"type":"error"} messages, newest last. */
  errors: readonly string[];
  /** The WebSocket close code (1000 normal, 1006 dropped). */
  closeCode: number;
  /** Porthole closed it: the tab was closed or the page hidden. */
  closedByPage: boolean;
  /** From the runtime's message, when the program never started. */
  startFailure: StartFailure | null;
  /** Asked of the engine after the end; null when that failed too. */
  container: { exists: boolean; running: boolean; exitCode?: number } | null;
  /** navigator.onLine when it ended. */
  online: boolean;
  /** The engine's name, as people know it. */
  engine?: string;
  /** The proxy's {"type":"ended"} message: it ended the console, not the process. */
  endedBy?: { by: EndedBy; message: string };
  /** Asked after the end, the proxy said the engine does not answer (its words): the engine went away. */
  engineDown?: string;
}

export type EndKind =
  | 'closed'
  | 'exited'
  | 'container-stopped'
  | 'container-gone'
  | 'network'
  | 'refused'
  | 'missing'
  | 'not-executable'
  | 'engine-gone'
  | 'session-ended'
  | 'proxy-stopped';

export interface EndReason {
  kind: EndKind;
  title: string;
  message: string;
  /** Whether a Reconnect button makes sense. */
  canReconnect: boolean;
  /** Porthole reconnects by itself once the engine answers again. */
  reconnectsItself?: boolean;
}

export function endReason(end: SessionEnd): EndReason {
  const what = end.mode === 'attach' ? 'the container’s main process' : end.command;
  if (end.closedByPage) {
    return { kind: 'closed', title: 'Console closed', message: 'Porthole closed this console; its processes in the container were ended.', canReconnect: true };
  }
  if (end.endedBy?.by === 'session') {
    return {
      kind: 'session-ended',
      title: 'Your session ended',
      message: `${capitalize(end.endedBy.message)}. Log in again to open a console; its processes in the container were ended.`,
      canReconnect: false,
    };
  }
  if (end.endedBy?.by === 'proxy') {
    return {
      kind: 'proxy-stopped',
      title: 'The Porthole proxy stopped',
      message: `${capitalize(end.endedBy.message)}. Its processes in the container were ended; Reconnect once the proxy runs again.`,
      canReconnect: true,
    };
  }
  // The engine, not the proxy: it ended the stream, or did not answer when asked after the end (an engine
  // stopping ends its containers' processes first, so the session may end with a code before it goes).
  if (end.endedBy?.by === 'engine' || end.engineDown !== undefined) {
    const engine = end.engine ? `Engine ${end.engine}` : 'The engine';
    const said = end.endedBy?.by === 'engine' ? capitalize(end.endedBy.message) : `${engine} stopped answering (${end.engineDown})`;
    return {
      kind: 'engine-gone',
      title: `${engine} stopped answering`,
      message: `${said}. This console reconnects by itself, with a new session, as soon as ${end.engine ?? 'the engine'} answers again.`,
      canReconnect: true,
      reconnectsItself: true,
    };
  }
  if (end.startFailure === 'missing') {
    return {
      kind: 'missing',
      title: `${end.command} is not in this container`,
      message: 'The engine could not find that program. Choose another command, or let Porthole find a shell.',
      canReconnect: false,
    };
  }
  if (end.startFailure === 'not-executable') {
    return {
      kind: 'not-executable',
      title: `The container cannot run ${end.command}`,
      message:
        'The file is there but will not run: its filesystem may be mounted noexec, the user may lack permission, or it is built for another architecture. Try user 0 (root), or another command.',
      canReconnect: false,
    };
  }
  if (end.container && !end.container.exists) {
    return { kind: 'container-gone', title: 'The container was removed', message: 'It no longer exists on this engine; there is nothing to reconnect to.', canReconnect: false };
  }
  if (end.container && !end.container.running) {
    const code = end.container.exitCode === undefined ? '' : ` (exit code ${end.container.exitCode})`;
    return {
      kind: 'container-stopped',
      title: end.opened ? 'The container stopped' : 'The container is not running',
      message: `${end.opened ? 'Everything running in it ended with it' : 'A console needs a running container'}${code}. Start it, then reconnect.`,
      canReconnect: true,
    };
  }
  if (!end.opened) {
    const detail = end.errors.at(-1);
    return {
      kind: 'refused',
      title: 'Could not open the console',
      message: detail
        ? detail
        : end.online
          ? 'The proxy refused the connection or could not be reached. Consoles need the admin role and a signed-in session; check the proxy’s log for the reason.'
          : 'This device is offline. Reconnect once the network is back.',
      canReconnect: true,
    };
  }
  if (end.exitCode !== undefined) {
    const code = end.exitCode === null ? 'an unknown code' : `code ${end.exitCode}`;
    const last = end.errors.at(-1);
    return {
      kind: 'exited',
      title: end.mode === 'attach' ? `Detached: ${what} ended` : `${what} exited with ${code}`,
      message: last ? `The engine said: ${last}` : end.mode === 'attach' ? `It ended with ${code}.` : 'Reconnect to start a new session.',
      canReconnect: true,
    };
  }
  return {
    kind: 'network',
    title: 'The connection dropped',
    message: end.online
      ? `The connection to the Porthole proxy was lost (close code ${end.closeCode}). The proxy ends this session’s processes in the container; Reconnect starts a new one.`
      : 'This device went offline. The proxy ends this session’s processes in the container; Reconnect starts a new one once the network is back.',
    canReconnect: true,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
