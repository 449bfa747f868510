// vitest globalSetup of the `integration` project: one engine, two registries and the fixtures
// for the whole run, handed to tests as inject('testEnv').
import type { TestProject } from 'vitest/node';
import { startTestEnv } from './env.ts';
import './types.ts'; // ProvidedContext['testEnv']

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const running = await startTestEnv();
  project.provide('testEnv', running.env);
  return () => running.stop();
}
