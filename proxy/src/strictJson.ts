// A JSON parser that refuses what the engine would read differently from us: keys that repeat, including
// keys equal under Go's case folding (encoding/json matches struct fields case-insensitively, and folds
// U+017F to s and U+212A to k). Escapes are decoded, so "Privil\u0065ged" is seen as Privileged.
// Numbers keep their meaning: integers beyond 2^53 stay exact (bigint), numbers no 64-bit float holds are refused.

export type Json = null | boolean | number | bigint | string | Json[] | { [key: string]: Json };

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
    return literal(lit[0]);
  };
  const literal = (text: string): Json => {
    if (text === 'true') return true;
    if (text === 'false') return false;
    if (text === 'null') return null;
    const n = Number(text);
    // JSON.stringify would write Infinity as null: a memory limit of 1e400 would silently become no limit.
    if (!Number.isFinite(n)) {
      throw new JsonError(`the number ${text.length > 40 ? `${text.slice(0, 40)}…` : text} at byte ${i - text.length} is beyond what a 64-bit number holds; send a value in range`);
    }
    // An integer past 2^53 loses digits as a double: keep it exact, as the engine's int64/uint64 fields read it.
    if (!Number.isSafeInteger(n) && /^-?\d+$/.test(text)) return BigInt(text);
    return n;
  };
  const result = value(0);
  ws();
  if (i !== text.length) fail('trailing characters');
  return result;
}

/** The JSON text of a parsed value: what is forwarded to the engine (exact integers written out in full). */
export function serializeJson(value: Json): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(serializeJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}:${serializeJson(value[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A parsed value shown in a message (JSON.stringify cannot write bigint). */
export const showJson = (value: Json | undefined): string => (value === undefined ? 'nothing' : serializeJson(value));

export const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a struct field the way the engine does: by folded name. Duplicates were already refused. */
export function field(obj: Json | undefined, name: string): Json | undefined {
  if (!isObject(obj)) return undefined;
  const want = foldKey(name);
  for (const k of Object.keys(obj)) if (foldKey(k) === want) return obj[k];
  return undefined;
}
