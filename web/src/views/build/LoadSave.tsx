import { useQueryClient } from '@tanstack/solid-query';
import { For, Show, createSignal, onCleanup, type JSX } from 'solid-js';
import type { EngineRef } from '../../api/types';
import { formatBytes } from '../../engine/units';
import { loadImage, saveFileName, saveImage, type LoadHandle } from '../../queries/build';
import { imageKeys } from '../../queries/keys';
import { TAR_FILE, blobSink, fileSink, saveFilePicker } from '../../api/downloadSink';
import '../../styles/system.css';

/** `docker load` (upload a tar, with progress) and `docker save` (download one, with progress). */
export function LoadSave(props: { engine: EngineRef }): JSX.Element {
  const queryClient = useQueryClient();
  const [upload, setUpload] = createSignal<{ sent: number; total: number } | null>(null);
  const [loaded, setLoaded] = createSignal<string[] | null>(null);
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const [saveName, setSaveName] = createSignal('');
  const [saved, setSaved] = createSignal<number | null>(null);
  const [saveError, setSaveError] = createSignal<string | null>(null);
  const [saveDone, setSaveDone] = createSignal<string | null>(null);
  let handle: LoadHandle | null = null;
  let saveController: AbortController | null = null;
  onCleanup(() => (handle?.abort(), saveController?.abort()));

  const load = async (file: File | undefined) => {
    if (!file) return;
    setLoaded(null);
    setLoadError(null);
    setUpload({ sent: 0, total: file.size });
    handle = loadImage(props.engine, file, (sent, total) => setUpload({ sent, total }));
    try {
      setLoaded(await handle.done);
      void queryClient.invalidateQueries({ queryKey: imageKeys.all(props.engine.name) });
    } catch (error) {
      setLoadError(error instanceof Error ? error.message : String(error));
    } finally {
      setUpload(null);
      handle = null;
    }
  };

  /** To the browser's downloads, or (`toFile`) straight into a file the user picks. */
  const save = async (toFile: boolean) => {
    const name = saveName().trim();
    if (!name) return;
    setSaveError(null);
    setSaveDone(null);
    const fileName = saveFileName(name);
    try {
      const sink = toFile ? await fileSink(fileName, TAR_FILE) : blobSink(fileName, 'application/x-tar');
      if (!sink) return;
      setSaved(0);
      saveController = new AbortController();
      const bytes = await saveImage(props.engine, name, sink, setSaved, saveController.signal);
      setSaveDone(`${fileName}, ${formatBytes(bytes)}`);
    } catch (error) {
      setSaveError(error instanceof DOMException && error.name === 'AbortError' ? 'Cancelled.' : error instanceof Error ? error.message : String(error));
    } finally {
      setSaved(null);
      saveController = null;
    }
  };

  return (
    <div class="sys-columns">
      <section class="card sys-form" data-testid="load-card" aria-labelledby="load-title">
        <h2 class="card-title" id="load-title">
          Load an image (docker load)
        </h2>
        <label>
          Image archive (.tar from docker save)
          <input type="file" class="input" accept=".tar,application/x-tar" data-testid="load-file" disabled={upload() !== null} onChange={(e) => void load(e.currentTarget.files?.[0])} />
        </label>
        <Show when={upload()}>
          {(u) => (
            <div role="status">
              <progress class="sys-progress" max={u().total || 1} value={u().sent} />
              <p class="muted">
                {u().sent < u().total ? `Uploading ${formatBytes(u().sent)} of ${formatBytes(u().total)}…` : 'The engine is loading the layers…'}{' '}
                <button type="button" class="button button-small" onClick={() => handle?.abort()}>
                  Cancel
                </button>
              </p>
            </div>
          )}
        </Show>
        <Show when={loaded()}>
          {(lines) => (
            <ul class="value-list" data-testid="load-result">
              <For each={lines()}>{(line) => <li>{line}</li>}</For>
            </ul>
          )}
        </Show>
        <Show when={loadError()}>{(text) => <p class="notice notice-warn" role="alert">Load failed: {text()}</p>}</Show>
      </section>
      <section class="card sys-form" data-testid="save-card" aria-labelledby="save-title">
        <h2 class="card-title" id="save-title">
          Save an image (docker save)
        </h2>
        <form
          class="sys-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save(false);
          }}
        >
          <input class="input" style={{ width: 'auto', flex: '1' }} data-testid="save-name" placeholder="name:tag or image id" value={saveName()} onInput={(e) => setSaveName(e.currentTarget.value)} aria-label="Image to save" />
          <button type="submit" class="button" data-testid="save-submit" disabled={saved() !== null || !saveName().trim()}>
            {saved() !== null ? 'Saving…' : 'Save'}
          </button>
          <Show when={saveFilePicker()}>
            <button type="button" class="button button-ghost" data-testid="save-to-file" disabled={saved() !== null || !saveName().trim()} onClick={() => void save(true)} title="Write the archive straight into a file you pick">
              Save to file…
            </button>
          </Show>
        </form>
        <Show when={saved() !== null}>
          <p class="muted" role="status">
            Received {formatBytes(saved() ?? 0)}…{' '}
            <button type="button" class="button button-small" onClick={() => saveController?.abort()}>
              Cancel
            </button>
          </p>
        </Show>
        <Show when={saveDone()}>{(text) => <p data-testid="save-done">Saved {text()}.</p>}</Show>
        <Show when={saveError()}>{(text) => <p class="notice notice-warn" role="alert">Save failed: {text()}</p>}</Show>
      </section>
    </div>
  );
}
