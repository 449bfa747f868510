import { For, Show, createEffect, createSignal, on, onCleanup, type JSX } from 'solid-js';
import { describeError } from '../../api/errors';
import { blobSink } from '../../api/downloadSink';
import type { EngineRef } from '../../api/types';
import { formatHash } from '../../routes/router';
import { breadcrumbs, formatPermissions, joinPath, parentPath } from '../../containers/archive';
import { downloadName, downloadProgressText, uploadProgressText } from '../../containers/fileTransfers';
import { formatBytes } from '../../engine/units';
import { downloadPath, readFolder, uploadFiles, type Listing } from '../../queries/containerArchive';
import { StatusLine } from '../../components/Confirm';
import '../../styles/containers-create.css';
import '../../styles/containers-files.css';
import '../../styles/containers-logs.css';

type Status = { kind: 'ok' | 'error' | 'busy'; text: string } | null;

/** Browse a container's filesystem, download files and folders, upload files into a folder. */
export default function ContainerFiles(props: { engine: EngineRef; id: string; path: string; onPath: (path: string) => void }): JSX.Element {
  const [listing, setListing] = createSignal<Listing>({ stat: null, entries: [], state: 'loading', scanned: 0 });
  const [status, setStatus] = createSignal<Status>(null);
  const [reload, setReload] = createSignal(0);

  createEffect(
    on([() => props.path, reload], ([path]) => {
      const controller = new AbortController();
      onCleanup(() => controller.abort());
      setListing({ stat: null, entries: [], state: 'loading', scanned: 0 });
      void readFolder(props.engine, props.id, path, controller.signal, setListing);
    }),
  );

  const download = async (path: string, asFile: boolean, size: number | null): Promise<void> => {
    const name = downloadName(path);
    try {
      setStatus({ kind: 'busy', text: `Downloading ${name}…` });
      const sink = asFile ? blobSink(name, 'application/octet-stream') : blobSink(`${name}.tar`, 'application/x-tar');
      const received = await downloadPath(props.engine, props.id, path, asFile, sink, (bytes) => setStatus({ kind: 'busy', text: downloadProgressText(name, bytes, size) }));
      setStatus({ kind: 'ok', text: `Downloaded ${name} (${formatBytes(received)}).` });
    } catch (cause) {
      setStatus({ kind: 'error', text: `Could not download ${name}: ${describeError(cause).message}` });
    }
  };

  const upload = async (files: File[]): Promise<void> => {
    const dir = props.path;
    const names = files.map((file) => file.name).join(', ');
    setStatus({ kind: 'busy', text: `Uploading ${names}: 0%` });
    try {
      await uploadFiles(props.engine, props.id, dir, files, (sent, total) => setStatus({ kind: 'busy', text: uploadProgressText(names, sent, total) }));
      setStatus({ kind: 'ok', text: `Uploaded ${names} into ${dir}.` });
      setReload(reload() + 1);
    } catch (cause) {
      setStatus({ kind: 'error', text: cause instanceof Error ? cause.message : String(cause) });
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
                if (files && files.length) void upload(Array.from(files));
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
