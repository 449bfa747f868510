// Minimal Engine API client over the unix socket, plus the shapes of the JSON the harness reads.
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';

/** The Engine API version of Debian's dockerd 20.10 (and of the seeds). */
export const API_VERSION = '1.41';
export const API_PREFIX = `/v${API_VERSION}`;

// One keep-alive agent: a new socket connection per request costs milliseconds.
// Idle sockets are unref'd by Node, so they never keep a process alive.
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export interface EngineResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type EngineBody = Buffer | string | JsonValue | undefined;

/**
 * One request to the engine. `path` is relative to the API version ("/containers/json"); it is
 * sent as /v1.41/... A Buffer body goes as application/octet-stream unless headers say otherwise;
 * objects go as JSON.
 */
export function engineRequest(
  socketPath: string,
  method: string,
  path: string,
  body?: EngineBody,
  headers: OutgoingHttpHeaders = {},
  timeoutMs = 120_000,
): Promise<EngineResponse> {
  let payload: Buffer | undefined;
  const hdrs: OutgoingHttpHeaders = { ...headers };
  if (Buffer.isBuffer(body)) {
    payload = body;
    // Trap: never let a binary body go as x-www-form-urlencoded (curl's default): Go parses it
    // as a form and the engine answers 400 "invalid semicolon separator in query".
    hdrs['content-type'] ??= 'application/octet-stream';
  } else if (typeof body === 'string') {
    payload = Buffer.from(body);
    hdrs['content-type'] ??= 'text/plain';
  } else if (body !== undefined) {
    payload = Buffer.from(JSON.stringify(body));
    hdrs['content-type'] ??= 'application/json';
  }
  if (payload) hdrs['content-length'] = payload.length;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath, method, path: API_PREFIX + path, headers: hdrs, agent, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`engine ${method} ${path} timed out after ${timeoutMs} ms`)));
    req.on('error', (err) =>
      reject(new Error(`engine ${method} ${path} on ${socketPath} failed: ${err.message} (is the test engine running?)`)),
    );
    req.end(payload);
  });
}

/** Like engineRequest, but expects a 2xx JSON answer and parses it; throws with the engine's message otherwise. */
export async function engineJson<T>(
  socketPath: string,
  method: string,
  path: string,
  body?: EngineBody,
  headers?: OutgoingHttpHeaders,
): Promise<T> {
  const res = await engineRequest(socketPath, method, path, body, headers);
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`engine ${method} ${path} answered ${res.status}: ${res.body.toString().trim()}`);
  }
  return (res.body.length === 0 ? null : JSON.parse(res.body.toString())) as T;
}

/** One line of a build, pull or push progress stream. */
export interface StreamMessage {
  stream?: string;
  status?: string;
  id?: string;
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: { ID?: string; Tag?: string; Digest?: string; Size?: number };
  progressDetail?: { current?: number; total?: number };
}

/**
 * Parses a JSON-lines progress stream and throws on its error line: the engine reports
 * build/pull/push failures inside a 200 answer.
 */
export function readStream(what: string, res: EngineResponse): StreamMessage[] {
  const text = res.body.toString();
  if (res.status < 200 || res.status >= 300) throw new Error(`${what}: engine answered ${res.status}: ${text.trim()}`);
  const messages = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as StreamMessage);
  const failed = messages.find((m) => m.error !== undefined || m.errorDetail !== undefined);
  if (failed) {
    const log = messages.map((m) => m.stream ?? m.status ?? '').join('').trim().split('\n').slice(-10).join('\n');
    throw new Error(`${what} failed: ${failed.errorDetail?.message ?? failed.error}\n${log}`);
  }
  return messages;
}

/**
 * X-Registry-Auth value; `{}` means anonymous. Go's base64.URLEncoding keeps the '=' padding
 * (Node's 'base64url' drops it), and dockerd silently falls back to anonymous on a decode error.
 */
export function registryAuthHeader(auth?: { username: string; password: string; serveraddress: string }): string {
  return Buffer.from(JSON.stringify(auth ?? {})).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

// ---- Engine JSON shapes (only the fields the harness reads) ----

export interface EngineVersion {
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  Os: string;
  Arch: string;
}

export interface EngineInfo {
  Driver: string;
  Swarm: { LocalNodeState: string };
  Containers: number;
  Images: number;
}

export interface ImageInspect {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Architecture: string;
  Os: string;
  Size: number;
  Config: { Cmd: string[] | null; Env: string[] | null; Labels: Record<string, string> | null };
  RootFS: { Type: string; Layers: string[] };
}

export interface ImageHistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  State: string;
}

export interface ContainerCreated {
  Id: string;
  Warnings: string[] | null;
}

export interface ExecCreated {
  Id: string;
}

export interface ExecInspect {
  ID: string;
  Running: boolean;
  ExitCode: number | null;
}

export interface OciPlatform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface DistributionInspect {
  Descriptor: { mediaType: string; digest: string; size: number };
  Platforms: OciPlatform[];
}
