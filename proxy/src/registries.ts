// Registry credentials, kept on the proxy's host (owner-only file), never in the browser. The relay attaches
// them to requests for their registry and its token realm; pulls and pushes get X-Registry-Auth from them.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RegistryEntry {
  /** "registry.example.com", "127.0.0.1:5000", "docker.io" */
  host: string;
  username: string;
  password: string;
  /** Plain HTTP: only for registries on this machine or the LAN the owner added on purpose. */
  insecure: boolean;
}

export interface RegistryView {
  host: string;
  username: string;
  insecure: boolean;
}

const HOST = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/;

export const isRegistryHost = (host: string): boolean => HOST.test(host);

/** Docker Hub answers under several names; credentials for docker.io cover them. */
export function canonicalRegistry(host: string): string {
  return ['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'].includes(host) ? 'docker.io' : host;
}

export class RegistryStore {
  private readonly file: string;
  private entries: RegistryEntry[];

  constructor(stateDir: string) {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    this.file = join(stateDir, 'registries.json');
    this.entries = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as RegistryEntry[]) : [];
  }

  list(): RegistryView[] {
    return this.entries.map(({ host, username, insecure }) => ({ host, username, insecure }));
  }

  get(host: string): RegistryEntry | undefined {
    const want = canonicalRegistry(host);
    return this.entries.find((e) => e.host === want);
  }

  put(entry: RegistryEntry): void {
    this.entries = [...this.entries.filter((e) => e.host !== entry.host), { ...entry, host: canonicalRegistry(entry.host) }];
    this.save();
  }

  remove(host: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.host !== canonicalRegistry(host));
    this.save();
    return this.entries.length !== before;
  }

  /** The X-Registry-Auth value for an image reference, or null when no credentials are stored for its registry. */
  authHeaderFor(reference: string): string | null {
    const first = reference.split('/')[0] ?? '';
    const host = reference.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
    const e = this.get(host);
    if (!e || !e.username) return null;
    const json = JSON.stringify({ username: e.username, password: e.password, serveraddress: host === 'docker.io' ? 'https://index.docker.io/v1/' : host });
    // URL-safe base64 with padding: the engine decodes with Go's base64.URLEncoding, which wants the padding.
    return Buffer.from(json).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  }

  private save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.entries, null, 2) + '\n', { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }
}
