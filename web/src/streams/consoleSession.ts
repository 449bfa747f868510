/**
 * One console tab's session: a terminal, the exec stream under it, finding a shell, flow control, and why
 * it ended. Not a component: ConsoleTab gives it an element and a terminal loader, and shows its phase.
 * The decisions are pure (console/session.ts, exitReason.ts, shellDiscovery.ts); this drives them.
 */
import type { SearchAddon } from '@xterm/addon-search';
import type { Terminal } from '@xterm/xterm';
import type { EngineRef } from '../api/types';
import { describeError } from '../api/errors';
import { nextAnswerOrAfter } from '../api/engineAnswers';
import { endReason } from '../console/exitReason';
import { WriteFlow } from '../console/flowControl';
import { applyCtrl, keySequence, type SpecialKey } from '../console/keys';
import type { ControlMessage } from '../console/protocol';
import { endedBySignal, MAX_NOT_RUNNING, OutputProbe, reconnectWait, sessionCandidates, sessionCommand, shellRemovalFailure, type SessionPhase, type SessionSpec } from '../console/session';
import { REMOVE_STATIC_SHELL_CMD, type StartFailure } from '../console/shellDiscovery';
import { consoleRefusal, containerNow, type ContainerNow } from '../queries/console';
import { openExecStream, type ExecStream, type StreamClose } from './execStream';

/** xterm mounted in an element (views/console/terminal.ts makes one, in its own chunk). */
export interface MountedTerminal {
  term: Terminal;
  search: SearchAddon;
  /** Fits the terminal to its element; false when the element has no size (a hidden tab). */
  fit(): boolean;
  dispose(): void;
}

export type MountTerminal = (host: HTMLElement, handlers: { onCopyPaste?: (what: 'copy' | 'paste') => void }) => MountedTerminal;

interface AttemptResult {
  close: StreamClose;
  exitCode?: number | null;
  errors: string[];
  endedBy?: Extract<ControlMessage, { type: 'ended' }>;
  failure: StartFailure | null;
}

export class ConsoleSession {
  private mounted: MountedTerminal | null = null;
  private stream: ExecStream | null = null;
  private disposed = false;
  private observer: ResizeObserver | null = null;
  private ctrl = false;
  private runs = 0;

  constructor(
    private readonly engine: EngineRef,
    private readonly container: string,
    readonly spec: SessionSpec,
    private readonly callbacks: {
      onPhase: (phase: SessionPhase) => void;
      onCtrl?: (on: boolean) => void;
      onSize?: (cols: number, rows: number) => void;
      onNotice?: (text: string) => void;
    },
  ) {}

  /** Loads xterm (`load`: its own chunk), mounts it in `host` and starts the session. */
  async mount(host: HTMLElement, load: () => Promise<MountTerminal>): Promise<void> {
    this.callbacks.onPhase({ phase: 'loading' });
    const mountTerminal = await load();
    if (this.disposed) return;
    this.mounted = mountTerminal(host, { onCopyPaste: (what) => void (what === 'copy' ? this.copy() : this.paste()) });
    const { term } = this.mounted;
    term.onResize(({ cols, rows }) => {
      this.stream?.resize(cols, rows);
      this.callbacks.onSize?.(cols, rows);
    });
    term.onData((data) => this.input(this.ctrl ? this.useCtrl(data) : data));
    term.onBinary((data) => this.input(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));
    this.observer = new ResizeObserver(() => this.mounted?.fit());
    this.observer.observe(host);
    this.mounted.fit();
    this.callbacks.onSize?.(term.cols, term.rows);
    term.focus();
    void this.run();
  }

  get size(): { cols: number; rows: number } | null {
    return this.mounted ? { cols: this.mounted.term.cols, rows: this.mounted.term.rows } : null;
  }

  private input(data: string | Uint8Array): void {
    this.stream?.send(data);
  }

  private useCtrl(data: string): string {
    this.setCtrl(false);
    return applyCtrl(data);
  }

  setCtrl(on: boolean): void {
    this.ctrl = on;
    this.callbacks.onCtrl?.(on);
  }

  /** A key from the phone key row. */
  key(key: SpecialKey): void {
    const ctrl = this.ctrl;
    if (ctrl) this.setCtrl(false);
    const applicationCursor = this.mounted?.term.modes.applicationCursorKeysMode ?? false;
    this.input(keySequence(key, { applicationCursor, ctrl }));
    this.mounted?.term.focus();
  }

  /** Text from the key row, through the sticky Ctrl. */
  text(text: string): void {
    this.input(this.ctrl ? this.useCtrl(text) : text);
    this.mounted?.term.focus();
  }

  focus(): void {
    this.mounted?.term.focus();
  }

  fit(): void {
    this.mounted?.fit();
  }

  find(term: string, direction: 'next' | 'previous'): boolean {
    if (!this.mounted || !term) return false;
    return direction === 'next' ? this.mounted.search.findNext(term) : this.mounted.search.findPrevious(term);
  }

  clearFind(): void {
    this.mounted?.search.clearDecorations();
    this.mounted?.term.clearSelection();
  }

  async copy(): Promise<void> {
    const text = this.mounted?.term.getSelection() ?? '';
    if (!text) return this.callbacks.onNotice?.('Select text in the terminal first, then copy.');
    try {
      await navigator.clipboard.writeText(text);
      this.callbacks.onNotice?.('Copied.');
    } catch {
      this.callbacks.onNotice?.('The browser refused the clipboard; use the browser’s own copy (long-press or right-click).');
    }
  }

  async paste(): Promise<void> {
    try {
      const text = await navigator.clipboard.readText();
      if (text) this.mounted?.term.paste(text);
      this.mounted?.term.focus();
    } catch {
      this.callbacks.onNotice?.('The browser refused to read the clipboard; paste with the keyboard (Ctrl+V, Cmd+V) or a long-press instead.');
    }
  }

  /** Starts a new session in the same terminal after the last one ended, saying so (`why`) on screen. */
  reconnect(why = 'reconnecting'): void {
    if (!this.mounted || this.stream) return;
    this.mounted.term.write(`\r\n\x1b[2m── ${why} ──\x1b[0m\r\n`);
    void this.run();
  }

  /** Closes the socket (the proxy then ends the session's processes) and frees the terminal. */
  dispose(): void {
    this.disposed = true;
    this.stream?.close();
    this.stream = null;
    this.observer?.disconnect();
    this.mounted?.dispose();
    this.mounted = null;
  }

  private async run(): Promise<void> {
    const run = ++this.runs;
    const spec = this.spec;
    const candidates = sessionCandidates(spec);
    const tried: string[] = [];
    for (const [index, cmd] of candidates.entries()) {
      const command = sessionCommand(spec, cmd);
      this.callbacks.onPhase({ phase: 'connecting', command });
      const result = await this.attempt(cmd, command, spec.mode === 'exec');
      if (this.disposed || run !== this.runs) return;
      if (result.failure === 'missing' && spec.cmd === null) {
        tried.push(command);
        if (index < candidates.length - 1) continue;
        return this.callbacks.onPhase({ phase: 'no-shell', tried });
      }
      // Ended by the proxy (session over, proxy stopping, engine gone): asking the engine would not help.
      const after = result.close.closedByPage || result.endedBy ? { exists: true, running: true } : await this.containerAfter(result.exitCode);
      const engineDown = after && 'engineDown' in after ? after.engineDown : undefined;
      const container = after && 'engineDown' in after ? null : after;
      if (!result.close.opened && !result.close.closedByPage && container?.running) {
        const refusal = await consoleRefusal(this.engine, this.container, spec.mode);
        if (refusal) result.errors.push(refusal);
      }
      if (this.disposed) return;
      const reason = endReason({
        mode: spec.mode,
        command,
        opened: result.close.opened,
        exitCode: result.exitCode,
        errors: result.errors,
        closeCode: result.close.code,
        closedByPage: result.close.closedByPage,
        startFailure: result.failure,
        container,
        online: navigator.onLine,
        engine: this.engine.name,
        ...(result.endedBy ? { endedBy: result.endedBy } : {}),
        ...(engineDown !== undefined ? { engineDown } : {}),
      });
      this.callbacks.onPhase({ phase: 'ended', command, reason });
      if (reason.reconnectsItself) void this.reconnectWhenBack(run, command);
      return;
    }
  }

  /**
   * The engine went away: wait for it to answer again (any answer from it in this tab or another wakes this at
   * once; otherwise it asks itself, backing off to 3 s), then reconnect with a new session once the container
   * runs. An engine comes back a moment before a restart policy starts its containers again: a container that
   * exists but is not running yet is asked about a few more times before the console says it stopped.
   */
  private async reconnectWhenBack(run: number, command: string): Promise<void> {
    const stillWaiting = () => !this.disposed && run === this.runs && !this.stream;
    let notRunning = 0;
    for (let attempt = 0; stillWaiting(); attempt++) {
      const wait = reconnectWait(attempt, notRunning);
      await (wait.kind === 'pause' ? new Promise((resolve) => setTimeout(resolve, wait.ms)) : nextAnswerOrAfter(this.engine.name, wait.ms));
      if (!stillWaiting()) return;
      const container = await containerNow(this.engine, this.container);
      if (!container || 'engineDown' in container) continue; // still away
      if (container.running) return this.reconnect(`engine ${this.engine.name} answers again: a new session`);
      if (container.exists && ++notRunning < MAX_NOT_RUNNING) continue;
      // Back, but the container stopped or went with it: say so instead of waiting.
      const reason = endReason({ mode: this.spec.mode, command, opened: true, errors: [], closeCode: 1011, closedByPage: false, startFailure: null, container, online: navigator.onLine });
      return this.callbacks.onPhase({ phase: 'ended', command, reason });
    }
  }

  /**
   * The container's state once a session ended. A stopping container kills its execs a moment before the
   * engine records the stop, so an end by a signal (or with no code) is asked about again, briefly.
   */
  private async containerAfter(exitCode: number | null | undefined): Promise<ContainerNow | { engineDown: string } | null> {
    let state = await containerNow(this.engine, this.container);
    const bySignal = endedBySignal(exitCode);
    const running = () => state !== null && !('engineDown' in state) && state.running;
    for (let i = 0; bySignal && running() && i < 6 && !this.disposed; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      state = await containerNow(this.engine, this.container);
    }
    return state;
  }

  /** One exec or attach, until it ends. `probe`: hold output back while it may be the runtime saying the program is missing. */
  private attempt(cmd: readonly string[], command: string, probe: boolean): Promise<AttemptResult> {
    const mounted = this.mounted!;
    const { term } = mounted;
    mounted.fit();
    return new Promise<AttemptResult>((resolve) => {
      const errors: string[] = [];
      let exitCode: number | null | undefined;
      let endedBy: AttemptResult['endedBy'];
      const output = new OutputProbe(probe);
      const flow = new WriteFlow((data, done) => term.write(data, done));
      const show = (data: Uint8Array) => flow.push(data);
      let confirmed = false;
      let confirmTimer: ReturnType<typeof setTimeout> | undefined;
      /** The program runs: say so (once). While probing, only its own output or a quiet second proves it. */
      const confirm = () => {
        clearTimeout(confirmTimer);
        if (confirmed || this.disposed) return;
        confirmed = true;
        this.callbacks.onPhase({ phase: 'open', command });
      };
      const release = () => {
        for (const chunk of output.release()) show(chunk);
      };

      openExecStream(
        {
          engine: this.engine.name,
          container: this.container,
          mode: this.spec.mode,
          cmd,
          tty: true,
          user: this.spec.user,
          workdir: this.spec.workdir,
          cols: term.cols,
          rows: term.rows,
        },
        {
          onOpen: () => {
            if (output.active) confirmTimer = setTimeout(confirm, 1500);
            else confirm();
            // The size may have changed while connecting; the proxy also applied cols/rows at creation.
            this.stream?.resize(term.cols, term.rows);
          },
          onOutput: (frame) => {
            const wasProbing = output.active;
            const { show: now, proven } = output.push(frame.data);
            for (const chunk of now) show(chunk);
            if (wasProbing && proven) confirm();
          },
          onControl: (message) => {
            if (message.type === 'exit') exitCode = message.code;
            else if (message.type === 'error') errors.push(message.message);
            else if (message.type === 'ended') endedBy = message;
            else if (message.type === 'started') term.options.convertEol = !message.tty;
          },
          onClose: (close) => {
            clearTimeout(confirmTimer);
            this.stream = null;
            const failure = output.end(exitCode);
            // Output that turned out not to be the runtime's message is shown after all.
            if (!failure) release();
            resolve({ close, exitCode, errors, failure, ...(endedBy ? { endedBy } : {}) });
          },
        },
      ).then(
        (stream) => {
          if (this.disposed) return stream.close();
          this.stream = stream;
          flow.onPauseChange((paused) => stream.setPaused(paused));
        },
        (error: unknown) => {
          const text = describeError(error);
          resolve({ close: { opened: false, code: 1006, reason: text.message, closedByPage: false }, errors: [`${text.title}: ${text.message}${text.hint ? ` ${text.hint}` : ''}`], failure: null });
        },
      );
    });
  }
}

/**
 * Removes /.porthole with the copied busybox itself (the proxy has no DELETE for archive paths), as root
 * and without a TTY, and checks its exit code.
 */
export async function removeStaticShell(engine: EngineRef, containerId: string): Promise<void> {
  const result = await new Promise<{ code: number | null | undefined; output: string; opened: boolean }>((resolve, reject) => {
    let code: number | null | undefined;
    let output = '';
    const decoder = new TextDecoder();
    openExecStream(
      { engine: engine.name, container: containerId, mode: 'exec', cmd: REMOVE_STATIC_SHELL_CMD, tty: false, user: '0' },
      {
        onOutput: (frame) => (output += decoder.decode(frame.data, { stream: true })),
        onControl: (message) => {
          if (message.type === 'exit') code = message.code;
          if (message.type === 'error') output += message.message;
        },
        onClose: (info) => resolve({ code, output, opened: info.opened }),
      },
    ).then(
      (stream) => stream.closeStdin(),
      (error: unknown) => reject(error),
    );
  });
  const failure = shellRemovalFailure(result);
  if (failure) throw new Error(failure);
}
