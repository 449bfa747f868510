import { describe, expect, it } from 'vitest';
import { firstScreenList } from './firstScreen';
import { parseHash } from './router';

describe('firstScreenList', () => {
  it("names the list a route opens on, with the route's engine", () => {
    expect(firstScreenList(parseHash('#/local/containers'))).toEqual({ list: 'containers', engine: 'local' });
    expect(firstScreenList(parseHash('#/prod/containers?q=web&sort=name'))).toEqual({ list: 'containers', engine: 'prod' });
    expect(firstScreenList(parseHash('#/local/images'))).toEqual({ list: 'images', engine: 'local' });
  });

  it('fetches nothing ahead for other pages', () => {
    expect(firstScreenList(parseHash('#/'))).toBeNull();
    expect(firstScreenList(parseHash('#/local'))).toBeNull();
    expect(firstScreenList(parseHash('#/local/containers/abc'))).toBeNull();
    expect(firstScreenList(parseHash('#/local/networks'))).toBeNull();
  });
});
