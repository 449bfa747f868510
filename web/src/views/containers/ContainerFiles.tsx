import { For, Show, createEffect, createSignal, on, onCleanup, type JSX } from 'solid-js';
import { encodePathParam, engineUrl } from '../../api/engineApi';
import { NETWORK_ERROR, describeError, isApiError } from '../../api/errors';
import { request, upload } from '../../api/http';
import type { EngineRef } from '../../api/types';
import { formatHash } from '../../routes/router';
import { writeTar, type TarEntry } from '../../console/tar';
import { breadcrumbs, createDirListing, createFileExtractor, formatPermissions, joinPath, parentPath, parsePathStat, sortEntries, type DirEntry, type PathStat } from '../../containers/archive';
import { formatBytes } from '../../engine/units';
import { StatusLine } from '../../components/Confirm';
import '../../styles/containers-create.css';
import '../../styles/containers-files.css';
import '../../styles/containers-logs.css';

/** A folder's listing stops reading after this many bytes of tar (file data included): big trees are shown partly. */
const LIST_BUDGET = 64 * 1024 * 1024;

interface Listing {
  stat: PathStat | null;
  entries: DirEntry[];
  state: 'loading' | 'done' | 'partial' | 'error';
  error?: string;
  scanned: number;
}

type Status = { kind: 'ok' | 'error' | 'busy'; text: string } | null;

function saveBlob(parts: BlobPart[], name: string, type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 2000);
}

/** Browse a container's filesystem, download files and folders, upload files into a folder. */
export default function ContainerFiles(props: { engine: EngineRef; id: string; path: string; onPath: (path: string) => void }): JSX.Element {
  const [listing, setListing] = createSignal<Listing>({ stat: null, entries: [], state: 'loading', scanned: 0 });
  const [status, setStatus] = createSignal<Status>(null);
  const [reload, setReload] = createSignal(0);
  const archiveUrl = (path: string) => engineUrl(props.engine, `/containers/${encodePathParam(props.id)}/archive`, { path });

  createEffect(
    on([() => props.path, reload], ([path]) => {
      const controller = new AbortController();
      onCleanup(() => controller.abort());
      setListing({ stat: null, entries: [], state: 'loading', scanned: 0 });
      void (async () => {
        try {
          // HEAD first: a file is not read at all (the engine holds the container's lock while it sends an archive).
          const head = await request(archiveUrl(path), { method: 'HEAD', signal: controller.signal }).catch(async (error: unknown) => {
            // A refused HEAD has no body to say why: the same GET is refused the same way, with its reason.
            if (isApiError(error) && error.status >= 400) {
              const again = await request(archiveUrl(path), { signal: controller.signal });
              await again.body?.cancel();
            }
            throw error;
          });
          const stat = parsePathStat(head.headers.get('X-Docker-Container-Path-Stat'));
          if (stat && !stat.isDir) {
            setListing({ stat, entries: [], state: 'done', scanned: 0 });
            return;
          }
          const response = await request(archiveUrl(path), { signal: controller.signal });
          const reader = response.body?.getReader();
          if (!reader) throw new Error('The browser gave no stream to read.');
          const dir = createDirListing();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            if (dir.push(value).length) setListing({ stat, entries: sortEntries(dir.entries), state: 'loading', scanned: dir.scanned });
            if (dir.done) break;
            if (dir.scanned > LIST_BUDGET) {
              controller.abort();
              setListing({ stat, entries: sortEntries(dir.entries), state: 'partial', scanned: dir.scanned });
              return;
            }
          }
          setListing({ stat, entries: sortEntries(dir.entries), state: 'done', scanned: dir.scanned });
        } catch (cause) {
          if (controller.signal.aborted) return;
          const text = describeError(cause);
          setListing({ stat: null, entries: [], state: 'error', error: `${text.title}: ${text.message}`, scanned: 0 });
        }
      })();
    }),
  );

  const download = async (path: string, asFile: boolean, size: number | null): Promise<void> => {
    const name = path === '/' ? 'root' : (path.split('/').pop() ?? 'download');
    try {
      setStatus({ kind: 'busy', text: `Downloading ${name}…` });
      const response = await request(archiveUrl(path));
      const reader = response.body?.getReader();
      if (!reader) throw new Error('The browser gave no stream to read.');
      const chunks: Uint8Array[] = [];
      const extractor = asFile ? createFileExtractor() : null;
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.length;
        if (extractor) extractor.push(value);
        else chunks.push(value);
        const of = size ? ` of about ${formatBytes(size)}` : '';
        setStatus({ kind: 'busy', text: `Downloading ${name}: ${formatBytes(received)}${of}…` });
      }
      if (extractor) {
        const bytes = extractor.result();
        if (!bytes) throw new Error('the archive held no file');
        saveBlob([bytes as BlobPart], name, 'application/octet-stream');
      } else saveBlob(chunks as BlobPart[], `${name}.tar`, 'application/x-tar');
      setStatus({ kind: 'ok', text: `Downloaded ${name} (${formatBytes(received)}).` });
    } catch (cause) {
      const text = describeError(cause);
      setStatus({ kind: 'error', text: `Could not download ${name}: ${text.message}` });
    }
  };

  const uploadFiles = async (files: FileList): Promise<void> => {
    const dir = props.path;
    const now = Math.floor(Date.now() / 1000);
    const entries: TarEntry[] = [];
    for (const file of Array.from(files)) entries.push({ name: file.name, type: 'file', mode: 0o644, data: new Uint8Array(await file.arrayBuffer()), mtime: Math.floor(file.lastModified / 1000) || now });
    const tar = writeTar(entries);
    const names = entries.map((e) => e.name).join(', ');
    setStatus({ kind: 'busy', text: `Uploading ${names}: 0%` });
    try {
      await upload(archiveUrl(dir), new Blob([tar as BlobPart]), {
        method: 'PUT',
        contentType: 'application/x-tar',
        onProgress: (sent, total) => setStatus({ kind: 'busy', text: `Uploading ${names}: ${Math.round((sent / (total || 1)) * 100)}% of ${formatBytes(total)}` }),
      });
      setStatus({ kind: 'ok', text: `Uploaded ${names} into ${dir}.` });
      setReload(reload() + 1);
    } catch (cause) {
      if (isApiError(cause) && cause.status === NETWORK_ERROR) setStatus({ kind: 'error', text: 'The upload did not reach the proxy: check the connection and try again.' });
      else if (isApiError(cause)) setStatus({ kind: 'error', text: `Upload refused (${cause.status}): ${cause.message}. A read-only root filesystem or a missing folder refuses uploads.` });
      else setStatus({ kind: 'error', text: `Upload failed: ${describeError(cause).message}` });
    }
  };

  return (
    <section class="page ct-files" data-testid="container-files" data-path={props.path} data-state={listing().state}>
      <div class="page-head">
        <a class="back-link" href={formatHash({ name: 'container', engine: props.engine.name, id: props.id })}>
          ← Container
        </a>
      </div>
      <h1 class="ct-logs-title">Files</h1>
      <nav class="ct-crumbs" aria-label="Path">
        <For each={breadcrumbs(props.path)}>
          {(crumb, i) => (
            <>
              <Show when={i() > 1}>
                <span aria-hidden="true">/</span>
              </Show>
              <button type="button" class="ct-crumb" onClick={() => props.onPath(crumb.path)}>
                {crumb.name}
              </button>
            </>
          )}
        </For>
      </nav>
      <div class="toolbar ct-actions">
        <Show when={props.path !== '/'}>
          <button type="button" class="button button-small" onClick={() => props.onPath(parentPath(props.path))}>
            ↑ Up
          </button>
        </Show>
        <Show when={listing().stat?.isDir !== false}>
          <button type="button" class="button button-small" data-testid="files-download-dir" onClick={() => void download(props.path, false, null)}>
            Download folder (.tar)
          </button>
          <label class="button button-small">
            Upload files…
            <input
              type="file"
              multiple
              class="visually-hidden"
              data-testid="files-upload"
              onChange={(e) => {
                const files = e.currentTarget.files;
                if (files && files.length) void uploadFiles(files);
                e.currentTarget.value = '';
              }}
            />
          </label>
        </Show>
      </div>
      <StatusLine status={status()} />
      <Show when={listing().state === 'error'}>
        <p class="ct-status ct-status-error" role="alert" data-testid="files-error">
          {listing().error}. Check the path (it must exist in the container) and go up a folder.
        </p>
      </Show>
      <Show when={listing().state === 'partial'}>
        <p class="notice notice-warn">This folder's tree is large: the list stopped after reading {formatBytes(listing().scanned)} and may miss entries. Open a subfolder.</p>
      </Show>
      <Show when={listing().stat && !listing().stat?.isDir ? listing().stat : null}>
        {(stat) => (
          <div class="card" data-testid="files-file">
            <p>
              <code>{props.path}</code> — {formatBytes(stat().size)}, {formatPermissions(stat().mode)}
              <Show when={stat().linkTarget}> → <code>{stat().linkTarget}</code></Show>
            </p>
            <div class="ct-actions">
              <button type="button" class="button button-primary" data-testid="files-download-file" onClick={() => void download(props.path, true, stat().size)}>
                Download
              </button>
              <button type="button" class="button" onClick={() => void download(props.path, false, stat().size)}>
                Download as .tar
              </button>
            </div>
          </div>
        )}
      </Show>
      <Show when={listing().stat?.isDir !== false && listing().state !== 'error'}>
        <Show when={listing().state === 'loading' && listing().entries.length === 0}>
          <p class="muted">Reading {props.path}…</p>
        </Show>
        <ul class="ct-file-list" data-testid="files-list">
          <For each={listing().entries}>
            {(entry) => (
              <li class="ct-file" data-testid="files-entry" data-name={entry.name} data-type={entry.type}>
                <span class="ct-file-icon" aria-hidden="true">{entry.type === 'dir' ? '▸' : entry.type === 'symlink' ? '↪' : '·'}</span>
                <button type="button" class="ct-file-name" onClick={() => props.onPath(joinPath(props.path, entry.name))}>
                  {entry.name}
                  {entry.type === 'dir' ? '/' : ''}
                </button>
                <Show when={entry.linkTarget}>
                  <span class="muted ct-file-link">→ {entry.linkTarget}</span>
                </Show>
                <span class="muted ct-file-size">{entry.type === 'file' ? formatBytes(entry.size) : ''}</span>
                <span class="muted mono ct-file-mode">{formatPermissions(entry.mode)}</span>
              </li>
            )}
          </For>
        </ul>
        <Show when={listing().state === 'done' && listing().entries.length === 0}>
          <p class="muted">Empty folder.</p>
        </Show>
      </Show>
    </section>
  );
}
