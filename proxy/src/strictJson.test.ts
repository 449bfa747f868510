import { describe, expect, test } from 'vitest';
import { field, JsonError, parseStrictJson, serializeJson } from './strictJson.ts';

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
    // JSON.stringify(Infinity) is null: a memory limit would be dropped on the way to the engine.
    ['a number beyond float64 (1e400)', '{"HostConfig":{"Memory":1e400}}', /the number 1e400 at byte 24 is beyond what a 64-bit number holds/],
    ['a negative one (-1e400)', '{"Memory":-1e400}', /the number -1e400 .* beyond/],
    ['a very long integer', `{"Memory":${'9'.repeat(400)}}`, /the number 9{40}… .* beyond/],
  ])('refuses %s', (_n, text, err) => {
    expect(() => parseStrictJson(text)).toThrow(JsonError);
    expect(() => parseStrictJson(text)).toThrow(err);
  });

  describe('numbers keep their meaning when re-serialised', () => {
    test.each([
      ['integers above 2^53 keep every digit', '{"Memory":9007199254740993,"NanoCpus":-9223372036854775808,"U":18446744073709551615}'],
      ['safe integers and floats', '{"a":0,"b":-1,"c":1.5,"d":9007199254740991,"e":[1,2.25,-3]}'],
      ['strings with escapes and nesting', '{"a\\"b":"\\u0001\\n","c":{"d":[null,true,false,{}]},"e":[]}'],
    ])('%s', (_n, text) => {
      expect(serializeJson(parseStrictJson(text))).toBe(text);
    });
    test('exponents mean the same double', () => {
      expect(serializeJson(parseStrictJson('{"a":1e3,"b":1e-400,"c":2.5E+2}'))).toBe('{"a":1000,"b":0,"c":250}');
    });
    test('the big integer is read as a number by the rules (not an object)', () => {
      expect(typeof field(parseStrictJson('{"Memory":12345678901234567890}'), 'Memory')).toBe('bigint');
    });
  });

  test('field() finds a key as the engine does, ignoring case', () => {
    const v = parseStrictJson('{"hostconfig":{"PRIVILEGED":true}}');
    expect(field(field(v, 'HostConfig'), 'Privileged')).toBe(true);
    expect(field(parseStrictJson('{"Bind\\u017f":["/:/h"]}'), 'Binds')).toEqual(['/:/h']);
  });
});
