/**
 * POST /build answers one JSON object per line: {stream} text (Step N/M : …, ` ---> id`,
 * RUN output), {aux:{ID}} the image id, {status, progress…} while a base image is pulled,
 * and {errorDetail, error} when a step fails (HTTP stays 200). Folded into steps.
 */
import type { ProgressMessage } from '../engine/progress';

export interface BuildMessage extends ProgressMessage {
  stream?: string;
}

export interface BuildStep {
  /** 1-based, as the engine counts. */
  index: number;
  total: number;
  instruction: string;
  lines: string[];
  status: 'running' | 'done' | 'failed';
  /** The image or container id after ` ---> `. */
  result: string | null;
}

export interface BuildState {
  steps: BuildStep[];
  /** Output before the first step (pulls, "Sending build context"). */
  preamble: string[];
  imageId: string | null;
  tags: string[];
  error: string | null;
  done: boolean;
}

export const EMPTY_BUILD: BuildState = { steps: [], preamble: [], imageId: null, tags: [], error: null, done: false };

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const MAX_LINES = 400;

function withLast(state: BuildState, change: (step: BuildStep) => BuildStep): BuildState {
  const last = state.steps.at(-1);
  if (!last) return state;
  return { ...state, steps: [...state.steps.slice(0, -1), change(last)] };
}

export function applyBuildMessage(state: BuildState, message: BuildMessage): BuildState {
  const error = message.errorDetail?.message || message.error;
  if (error) {
    const failed = withLast(state, (step) => ({ ...step, status: 'failed' }));
    return { ...failed, error, done: true };
  }
  if (message.aux?.ID) return { ...state, imageId: message.aux.ID };
  if (message.status) {
    const line = [message.id, message.status, message.progress].filter(Boolean).join(' ');
    return { ...state, preamble: [...state.preamble, line].slice(-MAX_LINES) };
  }
  if (typeof message.stream !== 'string') return state;
  let next = state;
  for (const raw of message.stream.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const step = STEP.exec(line);
    if (step) {
      next = withLast(next, (s) => ({ ...s, status: s.status === 'running' ? 'done' : s.status }));
      next = { ...next, steps: [...next.steps, { index: Number(step[1]), total: Number(step[2]), instruction: step[3] ?? '', lines: [], status: 'running', result: null }] };
      continue;
    }
    const arrow = /^ ---> (?:Running in )?([0-9a-f]{12,})$/.exec(line);
    const built = /^Successfully built ([0-9a-f]+)$/.exec(line);
    const tagged = /^Successfully tagged (.+)$/.exec(line);
    if (built) {
      next = withLast(next, (s) => ({ ...s, status: 'done' }));
      next = { ...next, imageId: next.imageId ?? built[1] ?? null };
    } else if (tagged?.[1]) next = { ...next, tags: [...next.tags, tagged[1]] };
    else if (arrow && !line.includes('Running in')) next = withLast(next, (s) => ({ ...s, result: arrow[1] ?? null }));
    if (next.steps.length === 0) next = { ...next, preamble: [...next.preamble, line].slice(-MAX_LINES) };
    else next = withLast(next, (s) => ({ ...s, lines: [...s.lines, line].slice(-MAX_LINES) }));
  }
  return next;
}

/** The stream ended: the last step is done unless something failed. */
export function finishBuild(state: BuildState): BuildState {
  if (state.error) return { ...state, done: true };
  return { ...withLast(state, (s) => ({ ...s, status: s.status === 'running' ? 'done' : s.status })), done: true };
}

/** Where it failed, for the error panel: "Step 3/5 : RUN false". */
export function failedStep(state: BuildState): BuildStep | null {
  return state.steps.find((s) => s.status === 'failed') ?? null;
}
