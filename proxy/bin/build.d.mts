// Types of build.mjs for the TypeScript tests that use it.
export const root: string;
export const proxyMain: string;
export function run(cmd: string, args: string[], opts?: object): number;
export function must(cmd: string, args: string[], opts?: object): void;
export function ensureNodeModules(): void;
export function ensureBuilt(): void;
