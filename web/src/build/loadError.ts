/**
 * `docker load` answers 200 and puts its failure in the stream, in the words of Go's tar reader or of
 * a temp path it could not open. Says what that means for the file the user picked.
 */

const RULES: { test: RegExp; text: string }[] = [
  {
    // Not a tar at all (or a compression the engine does not know), or a tar cut short.
    test: /archive\/tar: invalid tar header|Error processing tar file.*unexpected EOF|unexpected EOF.*tar/i,
    text: 'The file is not a tar archive, or it is cut short. docker load takes the .tar that docker save writes (gzip-compressed too).',
  },
  {
    // A tar, but not of docker save: no manifest.json, so the engine looked for the old layout (a
    // repositories file, a folder per layer with its json) in the folder it unpacked to.
    test: /docker-import-\d+\/.*: no such file or directory|(repositories|manifest\.json|index\.json): no such file or directory/i,
    text: 'The tar holds no image (no manifest.json in it). docker load takes the .tar that docker save writes; a container’s filesystem (docker export) is brought in with docker import instead.',
  },
];

/** The engine's message, led by what it means when Porthole knows; unchanged otherwise. */
export function explainLoadError(error: string): string {
  const rule = RULES.find((candidate) => candidate.test.test(error));
  return rule ? `${rule.text} (the engine said: ${error})` : error;
}
