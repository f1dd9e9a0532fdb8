// Value representations stored in the keyspace.
//
// A string value is kept as compactly as the engine allows:
//   - a JS number for a value that is a canonical integer in the safe range
//     (what Redis calls the "int" encoding: no string allocation at all);
//   - a latin1 JS string (one byte per char) otherwise ("embstr"/"raw");
//   - a RawString box once it has been modified in place by APPEND,
//     SETRANGE or the bit commands, which Redis reports as "raw" whatever its
//     length; it lets repeated APPENDs grow a rope, and SETBIT/BITFIELD/
//     SETRANGE write into a byte buffer, instead of copying the value.
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

/** Redis's SDS_MAX_PREALLOC: growth doubles below it, adds this much above. */
const MAX_PREALLOC = 1024 * 1024;

/**
 * A string value that may be edited in place. Its bytes live either as a
 * latin1 JS string (cheap to send, to compare, to APPEND to as a rope) or as
 * a growable zero-padded byte buffer (SETBIT, BITFIELD, SETRANGE write into
 * it without copying the whole value). Each form is made from the other
 * lazily, only when asked for, and both stay valid until the next mutation.
 */
export class RawString extends RObject {
  readonly type = "string" as const;
  /** The string form, or null while only the bytes are current. */
  private str: string | null;
  /**
   * The byte form, or null while only the string is current: bytes
   * [0, len) are the value, bytes [len, capacity) are always zero.
   */
  private buf: Buffer | null = null;
  private len = 0;

  constructor(s: string) {
    super();
    this.str = s;
  }

  /** A value of n zero bytes, held as bytes. */
  static zeroes(n: number): RawString {
    const r = new RawString("");
    r.str = null;
    r.buf = Buffer.alloc(n);
    r.len = n;
    return r;
  }

  /** A value holding these bytes (the buffer is taken over, not copied). */
  static fromBytes(b: Buffer, n: number = b.length): RawString {
    const r = new RawString("");
    r.str = null;
    if (n < b.length) b.fill(0, n);
    r.buf = b;
    r.len = n;
    return r;
  }

  /** The bytes as a latin1 string (made from the bytes once, then cached until the next mutation). */
  get s(): string {
    let s = this.str;
    if (s === null) {
      s = this.buf!.toString("latin1", 0, this.len);
      this.str = s;
    }
    return s;
  }

  set s(v: string) {
    this.str = v;
    this.buf = null;
    this.len = 0;
  }

  /** Length in bytes, without making the string form. */
  get length(): number {
    return this.buf !== null ? this.len : this.str!.length;
  }

  /** The byte at i, 0 beyond the end. */
  byteAt(i: number): number {
    if (this.buf !== null) return i < this.len ? this.buf[i]! : 0;
    const s = this.str!;
    return i < s.length ? s.charCodeAt(i) : 0;
  }

  /**
   * The current bytes for reading, exactly `length` long. Makes the byte form
   * if needed (keeping the string form too). Valid until the next mutation.
   */
  view(): Buffer {
    if (this.buf === null) this.toBytes(0);
    return this.buf!.subarray(0, this.len);
  }

  /**
   * The byte buffer for writing in place, grown with zeroes so the value is
   * at least n bytes long. The returned buffer may be longer than the value
   * (capacity): only bytes below `length` belong to it. Drops the cached
   * string form; call again after any other mutation.
   */
  bytes(n: number): Buffer {
    if (this.buf === null) this.toBytes(n);
    this.str = null;
    let b = this.buf!;
    if (n > this.len) {
      if (n > b.length) {
        const next = Buffer.alloc(n < MAX_PREALLOC ? n * 2 : n + MAX_PREALLOC);
        next.set(b.subarray(0, this.len));
        this.buf = b = next;
      }
      this.len = n; // bytes past the old length are already zero
    }
    return b;
  }

  /** Makes the byte form from the string form, with room for at least n bytes. */
  private toBytes(n: number): void {
    const s = this.str!;
    const len = s.length;
    const cap = n <= len ? len : n < MAX_PREALLOC ? n * 2 : n + MAX_PREALLOC;
    const b = Buffer.alloc(cap);
    if (len !== 0) b.write(s, 0, len, "latin1");
    this.buf = b;
    this.len = len;
  }

  clone(): RawString {
    if (this.buf === null) return new RawString(this.str!);
    const b = Buffer.alloc(this.len);
    b.set(this.buf.subarray(0, this.len));
    const r = RawString.fromBytes(b);
    r.str = this.str;
    return r;
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
