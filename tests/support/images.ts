// Engine-side helpers for the image tests: images of their own (a unique id each, so removing one by id
// never touches a fixture), made on the engine socket as the CLI would, and removed after.
import { randomBytes } from 'node:crypto';
import { engineRequest, readStream } from '../harness/engine-client.ts';
import { createTar } from '../harness/tar.ts';

/** A one-file image of its own (not runnable): POST /images/create?fromSrc=-. */
export async function importUnique(socket: string, ref: string): Promise<void> {
  const [repo, tag] = splitRef(ref);
  const tar = createTar([{ type: 'file', path: 'unique.txt', content: `${ref} ${randomBytes(8).toString('hex')}\n` }]);
  const res = await engineRequest(socket, 'POST', `/images/create?${new URLSearchParams({ fromSrc: '-', repo, tag })}`, tar, { 'content-type': 'application/x-tar' });
  readStream(`import of ${ref}`, res);
}

/** A runnable image of its own: FROM fixture/busybox:1 with a unique label (classic builder, offline). */
export async function buildUnique(socket: string, ref: string): Promise<void> {
  const context = createTar([{ type: 'file', path: 'Dockerfile', content: `FROM fixture/busybox:1\nLABEL porthole.test.unique=${randomBytes(8).toString('hex')}\n` }]);
  const res = await engineRequest(socket, 'POST', `/build?${new URLSearchParams({ t: ref, rm: '1', forcerm: '1' })}`, context, { 'content-type': 'application/x-tar' });
  readStream(`build of ${ref}`, res);
}

export async function tagImage(socket: string, source: string, ref: string): Promise<void> {
  const [repo, tag] = splitRef(ref);
  const res = await engineRequest(socket, 'POST', `/images/${source}/tag?${new URLSearchParams({ repo, tag })}`);
  if (res.status !== 201) throw new Error(`tag ${source} as ${ref}: ${res.status} ${res.body.toString()}`);
}

/** The engine's status for GET /images/REF/json: 200 while it holds it, 404 once gone. */
export async function imageStatus(socket: string, ref: string): Promise<number> {
  return (await engineRequest(socket, 'GET', `/images/${ref}/json`)).status;
}

/** Removes what the tests made, whatever is left of it. */
export async function removeImages(socket: string, refs: readonly string[]): Promise<void> {
  for (const ref of refs) await engineRequest(socket, 'DELETE', `/images/${ref}?force=1`);
}

function splitRef(ref: string): [string, string] {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
}
