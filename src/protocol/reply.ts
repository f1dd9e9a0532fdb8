// RESP2/RESP3 reply encoding into one reusable, growable byte buffer.
//
// Every string in redbun is a "binary string": one char per byte (latin1), so
// writing a value is a straight latin1 copy into the buffer, with no UTF-8
// encoding and no intermediate string building. The writer knows the protocol
// version of the client it is writing for and downgrades RESP3 types (maps,
// sets, doubles, booleans, nulls, pushes) to their RESP2 shapes.

const CRLF0 = 13;
const CRLF1 = 10;

/** Pre-encoded small replies that are written as bytes. */
const OK = Buffer.from("+OK\r\n");
const NULL_BULK = Buffer.from("$-1\r\n");
const NULL_ARRAY = Buffer.from("*-1\r\n");
const NULL3 = Buffer.from("_\r\n");
const EMPTY_ARRAY = Buffer.from("*0\r\n");
const QUEUED = Buffer.from("+QUEUED\r\n");
const PONG = Buffer.from("+PONG\r\n");

export type Proto = 2 | 3;

export class ReplyWriter {
  buf: Buffer;
  pos = 0;
  proto: Proto = 2;

  constructor(initial = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  reset(proto: Proto): void {
    this.pos = 0;
    this.proto = proto;
  }

  /** Bytes written since the last reset (a view, valid until the next write). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Drops an oversized buffer after a huge reply so one big GET does not pin memory. */
  shrink(max = 1024 * 1024): void {
    if (this.buf.length > max && this.pos === 0) this.buf = Buffer.allocUnsafe(64 * 1024);
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  raw(b: Uint8Array): void {
    const n = b.length;
    this.ensure(n);
    if (n <= 16) {
      // +OK, $-1, :1...: a byte loop is cheaper than the native set() call.
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) buf[p++] = b[i]!;
      this.pos = p;
    } else {
      this.buf.set(b, this.pos);
      this.pos += n;
    }
  }

  /** Writes a latin1 string's bytes (no framing). */
  private str(s: string): void {
    const n = s.length;
    this.ensure(n);
    if (n < 16) {
      // Short strings: a char loop beats the native call overhead.
      const b = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
      this.pos = p;
    } else {
      this.pos += this.buf.latin1Write(s, this.pos, n);
    }
  }

  /** Writes an integer's decimal digits without building a string. */
  private digits(n: number): void {
    if (n < 0) {
      this.ensure(1);
      this.buf[this.pos++] = 45; // '-'
      n = -n;
    }
    if (n < 10) {
      this.ensure(1);
      this.buf[this.pos++] = 48 + n;
      return;
    }
    if (!Number.isSafeInteger(n)) {
      this.str(String(n));
      return;
    }
    let len = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) len++;
    this.ensure(len);
    const b = this.buf;
    let p = this.pos + len - 1;
    while (n >= 10) {
      const q = Math.floor(n / 10);
      b[p--] = 48 + (n - q * 10);
      n = q;
    }
    b[p] = 48 + n;
    this.pos += len;
  }

  private crlf(): void {
    this.ensure(2);
    this.buf[this.pos++] = CRLF0;
    this.buf[this.pos++] = CRLF1;
  }

  private prefix(c: number, n: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
    this.digits(n);
    this.crlf();
  }

  ok(): void {
    this.raw(OK);
  }

  pong(): void {
    this.raw(PONG);
  }

  queued(): void {
    this.raw(QUEUED);
  }

  /** `+text` — text must not contain CR or LF. */
  simple(s: string): void {
    this.ensure(1);
    this.buf[this.pos++] = 43; // '+'
    this.str(s);
    this.crlf();
  }

  /**
   * `-ERR text`. The message is given with its code (e.g. "ERR syntax error",
   * "WRONGTYPE ..."). Newlines are replaced by spaces, as Redis does, so a
   * user-controlled argument can never break the framing.
   */
  error(msg: string): void {
    if (msg.indexOf("\r") !== -1 || msg.indexOf("\n") !== -1) msg = msg.replace(/[\r\n]/g, " ");
    this.ensure(1);
    this.buf[this.pos++] = 45; // '-'
    this.str(msg);
    this.crlf();
  }

  int(n: number | bigint): void {
    this.ensure(1);
    this.buf[this.pos++] = 58; // ':'
    if (typeof n === "bigint") this.str(n.toString());
    else this.digits(n);
    this.crlf();
  }

  /** Bulk string from a binary string. */
  bulk(s: string): void {
    this.prefix(36, s.length); // '$'
    this.str(s);
    this.crlf();
  }

  /** Bulk string holding a number's decimal form (GET of an int-encoded value). */
  bulkInt(n: number | bigint): void {
    this.bulk(typeof n === "number" ? String(n) : n.toString());
  }

  bulkBytes(b: Uint8Array): void {
    this.prefix(36, b.length);
    this.raw(b);
    this.crlf();
  }

  /** Bulk string of the n bytes of b from start (no view or string made). */
  bulkFrom(b: Uint8Array, start: number, n: number): void {
    this.prefix(36, n); // '$'
    this.ensure(n + 2);
    const buf = this.buf;
    let p = this.pos;
    if (n < 32) {
      for (let i = 0; i < n; i++) buf[p++] = b[start + i]!;
    } else {
      buf.set(b.subarray(start, start + n), p);
      p += n;
    }
    buf[p++] = CRLF0;
    buf[p++] = CRLF1;
    this.pos = p;
  }

  bulkOrNull(s: string | null | undefined): void {
    if (s == null) this.nullBulk();
    else this.bulk(s);
  }

  /** The null that stands for a missing string: `$-1` in RESP2, `_` in RESP3. */
  nullBulk(): void {
    this.raw(this.proto === 3 ? NULL3 : NULL_BULK);
  }

  /** The null that stands for a missing aggregate: `*-1` in RESP2, `_` in RESP3. */
  nullArray(): void {
    this.raw(this.proto === 3 ? NULL3 : NULL_ARRAY);
  }

  arrayHeader(n: number): void {
    if (n === 0) this.raw(EMPTY_ARRAY);
    else this.prefix(42, n); // '*'
  }

  /** A map of n pairs: `%n` in RESP3, a flat array of 2n elements in RESP2. */
  mapHeader(n: number): void {
    if (this.proto === 3) this.prefix(37, n); // '%'
    else this.arrayHeader(n * 2);
  }

  /** A set: `~n` in RESP3, an array in RESP2. */
  setHeader(n: number): void {
    if (this.proto === 3) this.prefix(126, n); // '~'
    else this.arrayHeader(n);
  }

  /** An out-of-band push: `>n` in RESP3, an array in RESP2 (Pub/Sub messages). */
  pushHeader(n: number): void {
    if (this.proto === 3) this.prefix(62, n); // '>'
    else this.arrayHeader(n);
  }

  /** A double given already formatted the Redis way: `,d` in RESP3, a bulk string in RESP2. */
  double(formatted: string): void {
    if (this.proto === 3) {
      this.ensure(1);
      this.buf[this.pos++] = 44; // ','
      this.str(formatted);
      this.crlf();
    } else {
      this.bulk(formatted);
    }
  }

  /** `#t`/`#f` in RESP3, `:1`/`:0` in RESP2. */
  bool(b: boolean): void {
    if (this.proto === 3) this.raw(b ? BOOL_T : BOOL_F);
    else this.int(b ? 1 : 0);
  }

  /** Verbatim text (INFO, CLIENT LIST...): `=len\r\ntxt:...` in RESP3, bulk in RESP2. */
  verbatim(s: string, format = "txt"): void {
    if (this.proto === 3) {
      this.prefix(61, s.length + 4); // '='
      this.str(format);
      this.ensure(1);
      this.buf[this.pos++] = 58; // ':'
      this.str(s);
      this.crlf();
    } else {
      this.bulk(s);
    }
  }

  /** An array of binary strings (KEYS, MGET without nulls...). */
  bulkArray(items: readonly string[]): void {
    this.arrayHeader(items.length);
    for (let i = 0; i < items.length; i++) this.bulk(items[i]!);
  }
}

const BOOL_T = Buffer.from("#t\r\n");
const BOOL_F = Buffer.from("#f\r\n");
