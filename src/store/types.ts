// Value representations stored in the keyspace.
//
// A string value is kept as compactly as the engine allows:
//   - a JS number for a value that is a canonical integer in the safe range
//     (what Redis calls the "int" encoding: no string allocation at all);
//   - a latin1 JS string (one byte per char) otherwise ("embstr"/"raw");
//   - a RawString box once it has been modified in place by APPEND or
//     SETRANGE, which Redis reports as "raw" whatever its length, and which
//     lets repeated APPENDs grow a rope instead of copying.
// Every other type is an object carrying its type name.

export type TypeName = "string" | "list" | "set" | "zset" | "hash" | "stream";

export abstract class RObject {
  abstract readonly type: TypeName;
  /** A deep copy (COPY, and snapshots that must not see later writes). */
  abstract clone(): RObject;
  /**
   * What OBJECT ENCODING reports, as Redis would at this size and history
   * (conversions to the big encodings are one-way, as in Redis).
   */
  abstract encoding(): string;
}

export class RawString extends RObject {
  readonly type = "string" as const;
  constructor(public s: string) {
    super();
  }
  clone(): RawString {
    return new RawString(this.s);
  }
  encoding(): string {
    return "raw";
  }
}

export type Value = string | number | RObject;

export function typeOf(v: Value): TypeName {
  return typeof v === "object" ? v.type : "string";
}

export function isString(v: Value): v is string | number | RawString {
  return typeof v !== "object" || v instanceof RawString;
}

/** The bytes of a string value (the caller has checked isString). */
export function stringOf(v: string | number | RawString): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return v.s;
}

/**
 * Chooses the representation for a string being stored: canonical integers of
 * up to 15 digits become numbers (always safe integers), everything else stays
 * a string. Mirrors Redis's tryObjectEncoding for the int case.
 */
export function compactString(s: string): string | number {
  const n = s.length;
  if (n === 0 || n > 16) return s;
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 45) {
    if (n === 1) return s;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first < 48 || first > 57) return s;
  if (first === 48) return n === 1 ? 0 : s; // "0" is canonical; "-0", "01" are not
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return s;
    v = v * 10 + c;
  }
  if (v > Number.MAX_SAFE_INTEGER) return s;
  return c0 === 45 ? -v : v;
}
