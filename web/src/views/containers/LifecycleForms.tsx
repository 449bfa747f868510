import { createSignal, type JSX } from 'solid-js';
import { useFocusTrap } from '../../components/useFocusTrap';
import '../../styles/containers-create.css';
import '../../styles/containers-logs.css';

export interface CommitChoices {
  repo: string;
  tag: string;
  comment: string;
  author: string;
  pause: boolean;
}

/** A container's new name. Holds focus while open (it starts in the name field); Escape cancels. */
export function RenameForm(props: { name: string; onRename: (name: string) => void; onProblem: (text: string) => void; onCancel: () => void }): JSX.Element {
  let form!: HTMLFormElement;
  let input!: HTMLInputElement;
  const [newName, setNewName] = createSignal(props.name);
  useFocusTrap(() => form, () => props.onCancel(), { first: () => input });
  return (
    <form
      class="ct-confirm ct-plain"
      ref={form}
      aria-label={`Rename ${props.name}`}
      data-testid="action-rename-form"
      onSubmit={(e) => {
        e.preventDefault();
        const next = newName().trim();
        if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(next)) return props.onProblem('A name starts with a letter or digit and holds only letters, digits, _ . and -.');
        props.onRename(next);
      }}
    >
      <label class="ct-field">
        <span class="field-label">New name</span>
        <input class="input mono" ref={input} data-testid="action-rename-input" value={newName()} onInput={(e) => setNewName(e.currentTarget.value)} />
      </label>
      <div class="ct-actions">
        <button type="submit" class="button button-primary" data-testid="action-rename-submit">
          Rename
        </button>
        <button type="button" class="button button-ghost" data-testid="action-rename-cancel" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Commits a container's filesystem to an image. Holds focus while open (it starts in the repository); Escape cancels. */
export function CommitForm(props: {
  name: string;
  busy: boolean;
  onCommit: (choices: CommitChoices) => void;
  onProblem: (text: string) => void;
  onCancel: () => void;
}): JSX.Element {
  let form!: HTMLFormElement;
  let repoInput!: HTMLInputElement;
  const [commit, setCommit] = createSignal<CommitChoices>({ repo: props.name, tag: 'latest', comment: '', author: '', pause: true });
  useFocusTrap(() => form, () => props.onCancel(), { first: () => repoInput });
  return (
    <form
      class="ct-confirm ct-plain"
      ref={form}
      aria-label={`Commit ${props.name}`}
      data-testid="action-commit-form"
      onSubmit={(e) => {
        e.preventDefault();
        const c = commit();
        if (!/^[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::\d+\/[a-z0-9/._-]+)?$/.test(c.repo.trim()) && !/^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+$/.test(c.repo.trim())) {
          return props.onProblem(`"${c.repo}" is not a repository name (lower case, e.g. myapp or registry:5000/team/app).`);
        }
        if (c.tag && !/^[\w][\w.-]{0,127}$/.test(c.tag)) return props.onProblem(`"${c.tag}" is not a tag.`);
        props.onCommit({ ...c, repo: c.repo.trim() });
      }}
    >
      <p class="ct-confirm-title">Commit {props.name}'s filesystem to a new image</p>
      <div class="ct-grid">
        <label class="ct-field">
          <span class="field-label">Repository</span>
          <input class="input mono" ref={repoInput} data-testid="commit-repo" value={commit().repo} onInput={(e) => setCommit({ ...commit(), repo: e.currentTarget.value })} />
        </label>
        <label class="ct-field">
          <span class="field-label">Tag</span>
          <input class="input mono" data-testid="commit-tag" value={commit().tag} onInput={(e) => setCommit({ ...commit(), tag: e.currentTarget.value })} />
        </label>
        <label class="ct-field">
          <span class="field-label">Comment</span>
          <input class="input" data-testid="commit-comment" value={commit().comment} onInput={(e) => setCommit({ ...commit(), comment: e.currentTarget.value })} />
        </label>
        <label class="ct-field">
          <span class="field-label">Author</span>
          <input class="input" data-testid="commit-author" value={commit().author} onInput={(e) => setCommit({ ...commit(), author: e.currentTarget.value })} />
        </label>
      </div>
      <label class="ct-check">
        <input type="checkbox" checked={commit().pause} onChange={(e) => setCommit({ ...commit(), pause: e.currentTarget.checked })} /> pause it while committing
      </label>
      <p class="muted ct-hint">Volumes are not part of the image; only the container's own layer is.</p>
      <div class="ct-actions">
        <button type="submit" class="button button-primary" data-testid="commit-submit" disabled={props.busy}>
          Commit
        </button>
        <button type="button" class="button button-ghost" data-testid="commit-cancel" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
