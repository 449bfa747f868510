/**
 * Registers the service worker built by vite-plugin-pwa (registerType 'prompt'). A new
 * version waits until the user agrees to reload, so an open page never changes under them.
 */
export interface UpdateHooks {
  /** A new version is installed and waiting; call `apply` to switch to it and reload. */
  onNeedRefresh: (apply: () => void) => void;
}

const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** Never throws: without a worker the app still works, just not offline. */
export async function registerServiceWorker(hooks: UpdateHooks): Promise<void> {
  try {
    await register(hooks);
  } catch (error) {
    console.warn('Porthole: service worker not registered', error);
  }
}

async function register(hooks: UpdateHooks): Promise<void> {
  // The dev server builds no worker.
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // Loaded on its own so it stays out of the first screen's bundle.
  const { Workbox } = await import('workbox-window');
  const base = import.meta.env.BASE_URL;
  const workbox = new Workbox(`${base}sw.js`, { scope: base });

  workbox.addEventListener('waiting', () => {
    hooks.onNeedRefresh(() => {
      workbox.addEventListener('controlling', () => window.location.reload());
      workbox.messageSkipWaiting();
    });
  });

  const registration = await workbox.register();
  if (registration) {
    setInterval(() => void registration.update(), UPDATE_CHECK_MS);
  }
}
