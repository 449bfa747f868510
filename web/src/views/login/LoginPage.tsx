import { Show, createSignal, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { clearSessionEnded, sessionEndedWhy } from '../../api/sessionEnd';
import { useLogin } from '../../queries/session';
import { loginMessage } from './loginMessage';

/**
 * Shown instead of the app while signed out. The hash is left alone, so once the session
 * exists the app opens on the view the user asked for.
 */
export function LoginPage(): JSX.Element {
  const login = useLogin();
  const [token, setToken] = createSignal('');
  const [retryAt, setRetryAt] = createSignal<number | null>(null);
  const now = createNow(1000);

  const secondsLeft = (): number => {
    const at = retryAt();
    now(); // re-evaluate every tick; Date.now() itself is exact
    return at === null ? 0 : Math.max(0, Math.ceil((at - Date.now()) / 1000));
  };
  const message = () => loginMessage(login.error, secondsLeft());

  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const value = token().trim();
    if (value === '' || secondsLeft() > 0) return;
    login.mutate(value, {
      onSuccess: () => {
        setToken('');
        clearSessionEnded();
      },
      onError: (error) => {
        if (error.status === 429) setRetryAt(Date.now() + (error.retryAfter ?? 30) * 1000);
      },
    });
  };

  return (
    <main class="login">
      <form class="login-card" onSubmit={submit} aria-describedby="login-help">
        <img class="login-logo" src="/favicon.svg" alt="" width="72" height="72" />
        <h1>Porthole</h1>
        <p id="login-help" class="muted">Sign in with your Porthole access token.</p>
        <Show when={sessionEndedWhy()}>
          {(why) => (
            <p class="login-error" role="status" data-testid="session-ended">
              Your session ended: {why()}. Its consoles and live views were closed.
            </p>
          )}
        </Show>
        <label class="field-label" for="login-token">
          Access token
        </label>
        <input
          id="login-token"
          data-testid="login-token"
          class="input"
          type="password"
          name="token"
          autocomplete="current-password"
          spellcheck={false}
          required
          value={token()}
          onInput={(event) => setToken(event.currentTarget.value)}
          aria-invalid={message() !== null}
          aria-errormessage="login-error"
        />
        <Show when={message()}>
          {(text) => (
            <div id="login-error" class="login-error" role="alert" data-testid="login-error">
              <p>{text().message}</p>
              <Show when={text().hint}>{(hint) => <p class="login-hint">{hint()}</p>}</Show>
            </div>
          )}
        </Show>
        <button
          type="submit"
          class="button button-primary button-block"
          data-testid="login-submit"
          disabled={login.isPending || secondsLeft() > 0}
        >
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <a class="button button-ghost button-block" href="#/_phone" data-testid="login-add-phone">
          Add a phone: QR code and certificate
        </a>
      </form>
    </main>
  );
}
