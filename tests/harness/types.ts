// What globalSetup hands to the tests (via provide/inject): plain, serializable data only.

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** An image present in the test engine. */
export interface LocalImageFixture {
  /** "fixture/history:1" */
  ref: string;
  /** "sha256:..." */
  id: string;
  /** RootFS diff ids, base first. */
  layers: string[];
}

/** A tag stored in one of the test registries. */
export interface RegistryImageFixture {
  /** "127.0.0.1:PORT" (same address from the host and from inside the engine's netns) */
  registry: string;
  /** "fixture/multi" */
  repo: string;
  /** The main tag, "1.0" */
  tag: string;
  /** Every tag the fixture pushed to repo (for paging tests). */
  tags: string[];
  /** "127.0.0.1:PORT/fixture/multi:1.0", what the engine pulls */
  ref: string;
  /** Digest of what the tag points at (index for multi, manifest otherwise). */
  digest: string;
  mediaType: string;
  platforms: Platform[];
}

export interface Fixtures {
  /** fixture/busybox:1: busybox + applet symlinks, CMD ["sh"] */
  plain: LocalImageFixture;
  /** fixture/history:1: built with ENV, RUN, COPY, overwriting and deleting steps, LABEL, CMD */
  history: LocalImageFixture;
  /** fixture/share-a:1 and fixture/share-b:1: FROM fixture/busybox:1, different RUN steps */
  shareA: LocalImageFixture;
  shareB: LocalImageFixture;
  /** fixture/noshell:1: only /bin/sleep (static busybox); exec /bin/sh fails */
  noShell: LocalImageFixture;
  /** OCI index for linux/amd64 (runnable), linux/arm64, linux/arm/v7 in the plain registry */
  multi: RegistryImageFixture;
  /** fixture/single:1.0 (+1.1, 2.0) in the plain registry, pushed by the engine */
  single: RegistryImageFixture;
  /** private/app:1.0 in the auth registry */
  privateImage: RegistryImageFixture;
}

export interface TestEnv {
  /** Unix socket of the test dockerd (Engine API 1.41). */
  engineSocket: string;
  /** The engine's network namespace: reach container ports with `nsenter --net=PATH`. */
  netnsPath: string;
  registry: { host: string; url: string };
  authRegistry: { host: string; url: string; user: string; password: string };
  fixtures: Fixtures;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testEnv: TestEnv;
  }
}
