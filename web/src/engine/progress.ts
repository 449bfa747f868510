/**
 * Pull and push progress: the engine streams one JSON object per line (HTTP 200 even on
 * failure, which arrives as {errorDetail, error}). Decoded incrementally, folded into a
 * per-layer state like the CLI's bars, and explained when it fails.
 */

export interface ProgressMessage {
  id?: string;
  status?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  errorDetail?: { code?: number; message?: string };
  error?: string;
  aux?: { Tag?: string; Digest?: string; Size?: number; ID?: string };
}

/** Chunks in (split anywhere, even inside a UTF-8 character), whole messages out. */
export function createProgressDecoder() {
  const text = new TextDecoder();
  let buffer = '';
  const parse = (line: string): ProgressMessage | null => {
    const trimmed = line.trim();
    if (trimmed === '') return null;
    try {
      const value: unknown = JSON.parse(trimmed);
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ProgressMessage) : { status: trimmed };
    } catch {
      // Something between the engine and us spoke plain text: keep it as a status line.
      return { status: trimmed };
    }
  };
  const drain = (final: boolean): ProgressMessage[] => {
    const lines = buffer.split('\n');
    buffer = final ? '' : (lines.pop() ?? '');
    return lines.map(parse).filter((m): m is ProgressMessage => m !== null);
  };
  return {
    push(chunk: Uint8Array): ProgressMessage[] {
      buffer += text.decode(chunk, { stream: true });
      return drain(false);
    },
    /** The rest, when the stream ended (a last line without newline). */
    end(): ProgressMessage[] {
      buffer += text.decode();
      return drain(true);
    },
  };
}

export type LayerPhase =
  | 'waiting'
  | 'downloading'
  | 'verifying'
  | 'downloaded'
  | 'extracting'
  | 'complete'
  | 'exists'
  | 'pushing'
  | 'retrying'
  | 'other';

export interface LayerProgress {
  id: string;
  /** The engine's words: "Downloading", "Pull complete"… */
  status: string;
  phase: LayerPhase;
  /** Bytes of the current phase (download, extract or push). */
  current: number | null;
  total: number | null;
  /** Compressed size, remembered from the download or push phase. */
  transferTotal: number | null;
  /** Bytes per second over the last measured window, while bytes move. */
  speed: number | null;
  /** Where the running speed window started. */
  windowAt: number;
  windowBytes: number;
}

export interface TransferState {
  /** In the order the engine first named them. */
  layers: LayerProgress[];
  /** Lines that are not about one layer ("Pulling from…", "The push refers to…"). */
  lines: string[];
  digest: string | null;
  /** "Status: Downloaded newer image for …", "1.0: digest: sha256:… size: 527". */
  result: string | null;
  error: string | null;
}

export const EMPTY_TRANSFER: TransferState = { layers: [], lines: [], digest: null, result: null, error: null };

const SPEED_WINDOW_MS = 500;

export function phaseOf(status: string): LayerPhase {
  if (status === 'Pulling fs layer' || status === 'Waiting' || status === 'Preparing') return 'waiting';
  if (status === 'Downloading') return 'downloading';
  if (status === 'Verifying Checksum') return 'verifying';
  if (status === 'Download complete') return 'downloaded';
  if (status === 'Extracting') return 'extracting';
  if (status === 'Pull complete' || status === 'Pushed') return 'complete';
  if (status === 'Already exists' || status === 'Layer already exists' || status.startsWith('Mounted from')) return 'exists';
  if (status === 'Pushing') return 'pushing';
  if (status.startsWith('Retrying in')) return 'retrying';
  return 'other';
}

/** Messages with an id that are about the whole pull (the id is then a tag). */
function isHeaderLine(status: string): boolean {
  return status.startsWith('Pulling from') || status.startsWith('Digest:') || status.startsWith('Status:');
}

function nextLayer(previous: LayerProgress | undefined, id: string, message: ProgressMessage, now: number): LayerProgress {
  const status = message.status ?? previous?.status ?? '';
  const phase = phaseOf(status);
  const detail = message.progressDetail ?? {};
  const hasBytes = typeof detail.current === 'number';
  const current = hasBytes ? (detail.current ?? null) : null;
  const total = typeof detail.total === 'number' && detail.total > 0 ? detail.total : null;
  const transferring = phase === 'downloading' || phase === 'pushing';
  const transferTotal = transferring && total !== null ? total : (previous?.transferTotal ?? null);

  // Speed: bytes moved in the current phase over a short window.
  let speed = previous && previous.phase === phase ? previous.speed : null;
  let windowAt = previous?.windowAt ?? now;
  let windowBytes = previous?.windowBytes ?? 0;
  if (!previous || previous.phase !== phase || current === null) {
    windowAt = now;
    windowBytes = current ?? 0;
    if (current === null) speed = null;
  } else if (now - windowAt >= SPEED_WINDOW_MS) {
    speed = Math.max(0, ((current - windowBytes) * 1000) / (now - windowAt));
    windowAt = now;
    windowBytes = current;
  }
  return { id, status, phase, current, total, transferTotal, speed, windowAt, windowBytes };
}

/** Folds one message into the state; returns a new state (the old one is left as it was). */
export function applyProgress(state: TransferState, message: ProgressMessage, now: number): TransferState {
  const error = message.errorDetail?.message || message.error;
  if (error) return { ...state, error };
  const digest = message.aux?.Digest ?? null;
  const status = message.status ?? '';
  if (message.id && status && !isHeaderLine(status)) {
    const index = state.layers.findIndex((layer) => layer.id === message.id);
    const layer = nextLayer(index === -1 ? undefined : state.layers[index], message.id, message, now);
    const layers = index === -1 ? [...state.layers, layer] : state.layers.map((old, i) => (i === index ? layer : old));
    return { ...state, layers };
  }
  if (digest) return { ...state, digest };
  if (!status) return state;
  const next: TransferState = { ...state };
  const digestLine = /^Digest: (sha256:[0-9a-f]{64})$/.exec(status) ?? /digest: (sha256:[0-9a-f]{64})/.exec(status);
  if (digestLine?.[1]) next.digest = digestLine[1];
  if (status.startsWith('Status: ') || /: digest: sha256:/.test(status)) next.result = status.replace(/^Status: /, '');
  else if (!status.startsWith('Digest: ')) next.lines = [...state.lines, status].slice(-20);
  return next;
}

/** How far one layer is, 0..1: download is the first half of a pull, extraction the second. */
export function layerFraction(layer: LayerProgress): number {
  const part = layer.current !== null && layer.total ? Math.min(1, layer.current / layer.total) : 0;
  switch (layer.phase) {
    case 'complete':
    case 'exists':
      return 1;
    case 'downloading':
      return part / 2;
    case 'verifying':
    case 'downloaded':
      return 0.5;
    case 'extracting':
      return 0.5 + part / 2;
    case 'pushing':
      return part;
    default:
      return 0;
  }
}

export interface Overall {
  /** 0..1 */
  fraction: number;
  layersDone: number;
  layers: number;
  /** Compressed bytes moved so far, of the total known so far. */
  bytes: number;
  totalBytes: number;
  /** Sum of the layers' current speeds. */
  speed: number | null;
}

export function overallProgress(state: TransferState): Overall {
  const layers = state.layers.filter((layer) => layer.phase !== 'other' || layer.transferTotal !== null);
  let bytes = 0;
  let totalBytes = 0;
  let speed: number | null = null;
  for (const layer of layers) {
    if (layer.transferTotal !== null) {
      totalBytes += layer.transferTotal;
      const moving = layer.phase === 'downloading' || layer.phase === 'pushing';
      bytes += moving ? Math.min(layer.current ?? 0, layer.transferTotal) : layer.phase === 'waiting' ? 0 : layer.transferTotal;
    }
    if (layer.speed !== null && (layer.phase === 'downloading' || layer.phase === 'pushing' || layer.phase === 'extracting')) {
      speed = (speed ?? 0) + layer.speed;
    }
  }
  const fraction = layers.length === 0 ? 0 : layers.reduce((sum, layer) => sum + layerFraction(layer), 0) / layers.length;
  const layersDone = layers.filter((layer) => layer.phase === 'complete' || layer.phase === 'exists').length;
  return { fraction, layersDone, layers: layers.length, bytes, totalBytes, speed };
}

export interface TransferErrorText {
  title: string;
  message: string;
  hint: string;
}

/** The engine's error, with what it means and what to do next. */
export function explainTransferError(error: string, kind: 'pull' | 'push', registry: string): TransferErrorText {
  const verb = kind === 'pull' ? 'Pull' : 'Push';
  const rules: { test: RegExp; title: string; hint: string }[] = [
    {
      test: /no matching manifest for|does not match the specified platform|no match for platform/i,
      title: 'No image for this platform',
      hint: 'Pick one of the platforms the tag lists on its repository page, or pull without a platform.',
    },
    {
      test: /server gave HTTP response to HTTPS client/i,
      title: `${registry} speaks plain HTTP`,
      hint: `The engine only uses plain HTTP for registries in its insecure-registries list (and 127.0.0.0/8); add ${registry} there.`,
    },
    {
      test: /pull access denied|repository does not exist or may require/i,
      title: 'Repository not found, or private',
      hint: `Check the name; if ${registry} needs a login, add its user name and password on the Registries page.`,
    },
    {
      test: /unauthorized|authentication required|no basic auth credentials|incorrect username or password|denied|forbidden|\b401\b/i,
      title: `${registry} refused the credentials`,
      hint: `Check the user name and password stored for ${registry} on the Registries page (or add them there).`,
    },
    {
      test: /manifest unknown|manifest for .* not found|not found: manifest|name unknown|repository .* not found|does not exist|\b404\b/i,
      title: 'Tag or repository not found',
      hint: 'Check the repository name and tag; the repository page lists the tags the registry has.',
    },
    {
      test: /dial tcp|no such host|i\/o timeout|connection refused|network is unreachable|TLS handshake timeout|Client\.Timeout|server misbehaving|context deadline exceeded|temporary failure in name resolution|connection reset/i,
      title: `The engine cannot reach ${registry}`,
      hint: 'Check the registry address, and the network and DNS of the engine’s host.',
    },
  ];
  const rule = rules.find((candidate) => candidate.test.test(error));
  return {
    title: rule?.title ?? `${verb} failed`,
    message: error,
    hint: rule?.hint ?? 'The engine’s message above says why; try again once that is fixed.',
  };
}
