// A JSON parser that refuses what the engine would read differently from us: keys that repeat, including
// keys equal under Go's case folding (encoding/json matches struct fields case-insensitively, and folds
// U+017F to s and U+212A to k). Escapes are decoded, so "Privil\u0065ged" is seen as Privileged.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class JsonError extends Error {}

/** The key as Go's encoding/json compares it to struct field names. */
export const foldKey = (key: string): string => key.toLowerCase().replace(/\u017f/g, 's').replace(/\u212a/g, 'k');

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function parseStrictJson(text: string, maxDepth = 64): Json {
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonError(`invalid JSON at byte ${i}: ${what}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    STRING.lastIndex = i;
    const m = STRING.exec(text);
    if (!m) return fail('bad string');
    i += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  const value = (depth: number): Json => {
    if (depth > maxDepth) fail('nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: { [key: string]: Json } = Object.create(null) as { [key: string]: Json };
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const key = str();
        const folded = foldKey(key);
        if (seen.has(folded)) throw new JsonError(`the key "${key}" appears twice (keys are compared ignoring case, as the engine does)`);
        seen.add(folded);
        ws();
        if (text[i++] !== ':') fail('expected :');
        out[key] = value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i++] === '}') return out;
        fail('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const out: Json[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i++] === ']') return out;
        fail('expected , or ]');
      }
    }
    if (c === '"') return str();
    LITERAL.lastIndex = i;
    const lit = LITERAL.exec(text);
    if (!lit) return fail('unexpected character');
    i += lit[0].length;
    return JSON.parse(lit[0]) as Json;
  };
  const result = value(0);
  ws();
  if (i !== text.length) fail('trailing characters');
  return result;
}

export const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a struct field the way the engine does: by folded name. Duplicates were already refused. */
export function field(obj: Json | undefined, name: string): Json | undefined {
  if (!isObject(obj)) return undefined;
  const want = foldKey(name);
  for (const k of Object.keys(obj)) if (foldKey(k) === want) return obj[k];
  return undefined;
}
