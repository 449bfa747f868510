/**
 * What "Create and start" does, in order, as docker run would: create, connect the extra networks, (for a
 * replace) stop and remove the old container and give the new one its name, then start. Pure: the engine
 * calls come in as `CreateSteps` (queries/containerActions.ts holds the real ones), each step says what it
 * is doing through `onStep`, and a failure says how far it got.
 */
import type { EndpointCreate, NotCarried } from './carry';
import type { CreateBody, CreateRequest } from './createForm';

export interface CreateSteps {
  /** Resolves with the new container's id. */
  create(body: CreateBody, name: string | undefined): Promise<string>;
  connect(network: string, id: string, endpoint: EndpointCreate): Promise<void>;
  stop(id: string): Promise<void>;
  remove(id: string, options: { volumes: boolean; force: boolean }): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  start(id: string): Promise<void>;
}

/** The container a recreate replaces. */
export interface ReplacedContainer {
  id: string;
  /** Without the engine's leading slash. */
  name: string;
  running: boolean;
}

export type CreateStage = 'create' | 'connect' | 'replace' | 'start';

/** A run that stopped: at which stage, and the container it left (null: none, or it was removed again). */
export class CreateRunFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly stage: CreateStage,
    readonly created: string | null,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Runs the create; resolves with the new container's id, or rejects with a CreateRunFailure. A container
 * that was created but did not start is removed again (docker run would leave it behind), so the form can
 * be sent again; in a replace it stays, because the old one is gone already. `stamp` makes the temporary
 * name a replace uses while the old container still holds the real one.
 */
export async function runCreate(steps: CreateSteps, request: CreateRequest, old: ReplacedContainer | undefined, onStep: (text: string) => void, stamp: () => string = () => Date.now().toString(36)): Promise<string> {
  // The new container takes the old one's name once the old one is gone.
  const finalName = request.name;
  const createName = old && finalName === old.name ? `${finalName}-new-${stamp()}` : request.name;
  let stage: CreateStage = 'create';
  let created: string | null = null;
  try {
    onStep('Creating the container…');
    created = await steps.create(request.body, createName);
    stage = 'connect';
    for (const [network, endpoint] of request.connect ?? []) {
      onStep(`Connecting it to ${network}…`);
      await steps.connect(network, created, endpoint);
    }
    if (old) {
      stage = 'replace';
      onStep(`Stopping and removing ${old.name}…`);
      if (old.running) await steps.stop(old.id);
      await steps.remove(old.id, { volumes: false, force: true });
      if (finalName && createName !== finalName) await steps.rename(created, finalName);
    }
    stage = 'start';
    onStep('Starting…');
    try {
      await steps.start(created);
    } catch (cause) {
      if (!old) {
        await steps.remove(created, { volumes: true, force: true }).catch(() => undefined);
        created = null;
      }
      throw cause;
    }
    return created;
  } catch (cause) {
    throw new CreateRunFailure(cause, stage, created);
  }
}

/** The words before a failed run's message: what state it left things in. */
export function failurePrefix(failure: CreateRunFailure): string {
  if (failure.created) return 'Created, but it did not start: ';
  return failure.stage === 'start' ? 'It did not start (and was removed again): ' : '';
}

/** What a replace loses, for its confirmation. */
export function replaceLosses(running: boolean, notCarried: readonly NotCarried[]): string[] {
  return [
    ...(running ? ['It is running: it will be stopped.'] : []),
    'Its writable layer (files it changed since it was created) is removed with it.',
    'Its anonymous volumes are mounted in the new one again, with their data.',
    ...notCarried.map((item) => `Not carried over: ${item.setting} (${item.why}).`),
  ];
}

/** Where a missing image would be pulled from: the registry named in the repository, or Docker Hub. */
export function pullSource(repository: string): string {
  const first = repository.split('/')[0] ?? '';
  return repository.includes('/') && /[.:]/.test(first) ? first : 'Docker Hub';
}
