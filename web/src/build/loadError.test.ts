import { describe, expect, test } from 'vitest';
import { explainLoadError } from './loadError';

// What dockerd 20.10 put in the POST /images/load stream, recorded against the test engine.
describe('explainLoadError', () => {
  test.each([
    { error: 'Error processing tar file(exit status 1): archive/tar: invalid tar header', lead: 'The file is not a tar archive' },
    { error: 'Error processing tar file(exit status 1): unexpected EOF', lead: 'The file is not a tar archive' },
    { error: 'open /var/lib/docker/tmp/docker-import-421640294/repositories: no such file or directory', lead: 'The tar holds no image' },
    { error: 'open /var/lib/docker/tmp/docker-import-743245696/etc/json: no such file or directory', lead: 'The tar holds no image' },
  ])('$lead ← $error', ({ error, lead }) => {
    const text = explainLoadError(error);
    expect(text.startsWith(lead)).toBe(true);
    expect(text.endsWith(`(the engine said: ${error})`)).toBe(true);
  });

  test('a message it does not know is left as the engine wrote it', () => {
    expect(explainLoadError('write /var/lib/docker/tmp/x: no space left on device')).toBe('write /var/lib/docker/tmp/x: no space left on device');
  });
});
