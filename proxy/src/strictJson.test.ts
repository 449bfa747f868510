import { describe, expect, test } from 'vitest';
import { field, JsonError, parseStrictJson } from './strictJson.ts';

describe('parseStrictJson', () => {
  test.each([
    ['object', '{"a":1,"b":[true,false,null,"x"],"c":{"d":-1.5e3}}', { a: 1, b: [true, false, null, 'x'], c: { d: -1500 } }],
    ['escapes decoded', '{"Privil\\u0065ged":true}', { Privileged: true }],
    ['empty containers', '{"a":{},"b":[]}', { a: {}, b: [] }],
    ['surrounding space', ' \n{ "a" : "b" } \n', { a: 'b' }],
  ])('parses %s', (_n, text, want) => {
    expect(parseStrictJson(text)).toEqual(want);
  });

  test.each([
    ['duplicate key', '{"a":1,"a":2}', /appears twice/],
    ['case-variant key', '{"HostConfig":{},"hostconfig":{"Privileged":true}}', /appears twice/],
    ['long s folds to s (Go)', '{"Binds":[],"Bind\\u017f":["/:/h"]}', /appears twice/],
    ['kelvin sign folds to k (Go)', '{"Links":[],"Lin\\u212as":["x"]}', /appears twice/],
    ['trailing garbage', '{"a":1}x', /trailing/],
    ['single quotes', "{'a':1}", /invalid JSON/],
    ['trailing comma', '{"a":1,}', /invalid JSON/],
    ['control character in string', '{"a":"\u0001"}', /invalid JSON/],
    ['deep nesting', '['.repeat(100) + ']'.repeat(100), /deeply/],
  ])('refuses %s', (_n, text, err) => {
    expect(() => parseStrictJson(text)).toThrow(JsonError);
    expect(() => parseStrictJson(text)).toThrow(err);
  });

  test('field() finds a key as the engine does, ignoring case', () => {
    const v = parseStrictJson('{"hostconfig":{"PRIVILEGED":true}}');
    expect(field(field(v, 'HostConfig'), 'Privileged')).toBe(true);
    expect(field(parseStrictJson('{"Bind\\u017f":["/:/h"]}'), 'Binds')).toEqual(['/:/h']);
  });
});
