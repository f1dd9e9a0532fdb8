// Incremental request parser: RESP multibulk frames and inline commands, read
// straight from the bytes a socket delivered.
//
// A read is parsed in place from the chunk Bun hands us; only an incomplete
// tail is copied into the client's own buffer, and the next chunk is appended
// behind it. A large bulk whose length is known gets a buffer of its full size
// up front, so a value arriving in thousands of pieces is assembled in linear
// time. Arguments become latin1 ("binary") strings exactly once, when complete.
//
// Rules and error texts follow Redis 7's networking.c (processMultibulkBuffer,
// processInlineBuffer) and sds.c (sdssplitargs).

export const INLINE_MAX = 64 * 1024;
export const DEFAULT_MAX_BULK = 512 * 1024 * 1024;
/** Bulk arguments at least this long get a buffer of their full size up front. */
const BIG_ARG = 32 * 1024;
/**
 * Room reserved past a big bulk's end, so the read that completes it can also
 * carry the start of the next commands without the buffer being regrown.
 */
const BULK_SLACK = 64 * 1024;

export class ProtocolError extends Error {}

export class RequestParser {
  /** Owned bytes not yet consumed (a partial frame), between start and end. */
  private own: Buffer = EMPTY;
  private start = 0;
  private end = 0;
  /** The bytes being parsed right now: either `own` or the caller's chunk. */
  private cur: Buffer = EMPTY;
  private pos = 0;
  private lim = 0;

  // State of a multibulk frame in progress (kept across reads).
  private argsLeft = 0;
  private args: string[] = [];
  private bulkLen = -1;
  /**
   * How far past `pos` the search for the end of the current line already
   * looked (so a line arriving a byte at a time is not rescanned from its
   * start on every read). Reset whenever `pos` moves.
   */
  private scanned = 0;

  /** Bytes copied into the parser's own buffer so far (tests assert assembly is linear). */
  copiedBytes = 0;

  /** Set when an argument of BIG_ARG bytes or more was decoded (the server clears it). */
  bigArg = false;

  /** Set when a protocol error was found; the frame stream is then unusable. */
  error: string | null = null;
  maxBulk = DEFAULT_MAX_BULK;
  /** While true, Redis's tighter limits for unauthenticated clients apply. */
  authRequired = false;

  /** Starts parsing a newly read chunk (call next() until it returns null). */
  feed(chunk: Buffer): void {
    if (this.start === this.end) {
      // Nothing pending: parse the chunk itself, copying nothing.
      this.cur = chunk;
      this.pos = 0;
      this.lim = chunk.length;
      this.start = this.end = 0;
      return;
    }
    this.append(chunk);
    this.cur = this.own;
    this.pos = this.start;
    this.lim = this.end;
  }

  /** Bytes received and not yet consumed into a complete command. */
  pendingBytes(): number {
    return this.lim - this.pos;
  }

  private append(chunk: Buffer): void {
    const len = this.end - this.start;
    const need = len + chunk.length;
    if (this.end + chunk.length > this.own.length) {
      if (need <= this.own.length && this.start > 0) {
        this.own.copyWithin(0, this.start, this.end);
      } else {
        let size = Math.max(this.own.length * 2, 4096);
        while (size < need) size *= 2;
        const next = Buffer.allocUnsafe(size);
        this.own.copy(next, 0, this.start, this.end);
        this.own = next;
      }
      this.copiedBytes += len;
      this.start = 0;
      this.end = len;
    }
    chunk.copy(this.own, this.end);
    this.copiedBytes += chunk.length;
    this.end += chunk.length;
  }

  /**
   * Keeps the unconsumed tail of the current bytes for the next read. Called
   * by the server when it stops parsing for now (end of data or backpressure).
   */
  save(): void {
    const left = this.lim - this.pos;
    if (this.cur === this.own) {
      this.start = this.pos;
      this.end = this.lim;
      if (left === 0) {
        this.start = this.end = 0;
        if (this.own.length > 1024 * 1024) this.own = EMPTY; // don't pin a big buffer
      } else if (this.bulkLen >= BIG_ARG && this.own.length - this.start < this.bulkLen + 2) {
        // A big bulk's length just became known: make room for all of it once.
        const next = Buffer.allocUnsafe(this.bulkLen + 2 + BULK_SLACK);
        this.own.copy(next, 0, this.start, this.end);
        this.copiedBytes += left;
        this.own = next;
        this.start = 0;
        this.end = left;
      }
    } else if (left > 0) {
      // Copy the tail of the caller's chunk; reserve room for a big bulk's full size.
      let size = Math.max(4096, left * 2);
      if (this.bulkLen >= BIG_ARG) size = Math.max(size, this.bulkLen + 2 + BULK_SLACK);
      if (this.own.length < size || this.own.length > 4 * size + 1024 * 1024) this.own = Buffer.allocUnsafe(size);
      this.cur.copy(this.own, 0, this.pos, this.lim);
      this.copiedBytes += left;
      this.start = 0;
      this.end = left;
    } else {
      this.start = this.end = 0;
    }
    this.cur = EMPTY;
    this.pos = this.lim = 0;
  }

  /**
   * Returns the next complete command's arguments, or null when more bytes
   * are needed or a protocol error was found (then `error` is set).
   */
  next(): string[] | null {
    while (this.pos < this.lim && this.error === null) {
      if (this.argsLeft === 0) {
        if (this.cur[this.pos] === 42 /* '*' */) {
          if (!this.multibulkHeader()) return null;
          if (this.argsLeft === 0) continue; // `*0` / `*-1`: an empty frame, skipped
        } else {
          const r = this.inline();
          if (r === null) return null;
          if (r.length === 0) continue;
          return r;
        }
      }
      const cmd = this.bulks();
      if (cmd !== null) return cmd;
      return null;
    }
    return null;
  }

  private fail(msg: string): null {
    this.error = "Protocol error: " + msg;
    return null;
  }

  /**
   * Redis's strchr(querybuf + qb_pos, ch) for the line starting at pos: the
   * position of the first `ch` at or after `from`, or -1 if it is not in yet.
   * Like strchr on the NUL-terminated query buffer, a NUL byte before `ch`
   * hides it for good (Redis then waits for more input until the line is too
   * big), so -1 is also returned then.
   */
  private findByte(from: number, ch: number): number {
    const b = this.cur;
    const lim = this.lim;
    let i = Math.max(from, this.pos + this.scanned);
    for (; i < lim; i++) {
      const c = b[i];
      if (c === ch) {
        this.scanned = 0;
        return i;
      }
      if (c === 0) break; // scanning stays stuck at the NUL, as in Redis
    }
    this.scanned = i - this.pos;
    return -1;
  }

  /**
   * Redis's string2ll over cur[from, to): strict decimal in the int64 range
   * (no sign but '-', no leading zeros, no "-0"); NaN when invalid. Values
   * beyond 2^53 lose precision, which no limit compared against can notice.
   */
  private parseLen(from: number, to: number): number {
    const b = this.cur;
    let i = from;
    let neg = false;
    if (i >= to) return NaN;
    if (b[i] === 45) {
      neg = true;
      i++;
      if (i >= to) return NaN;
    }
    if (b[i] === 48) return to - i === 1 && !neg ? 0 : NaN;
    const digits = to - i;
    if (digits > 19) return NaN;
    let v = 0;
    for (; i < to; i++) {
      const c = b[i]! - 48;
      if (c < 0 || c > 9) return NaN;
      v = v * 10 + c;
    }
    if (digits === 19) {
      // Compare against 9223372036854775807 (or ...808 for a negative) exactly.
      const lim = neg ? "9223372036854775808" : "9223372036854775807";
      for (let k = 0, j = to - 19; k < 19; k++, j++) {
        const d = b[j]! - lim.charCodeAt(k);
        if (d < 0) break;
        if (d > 0) return NaN;
      }
    }
    return neg ? -v : v;
  }

  /** Where quickLen() found the CR ending the line. */
  private quickCr = 0;

  /**
   * The common shape of a length line, in one pass: 1 to 9 digits without
   * sign or leading zero, then CR with the LF in the buffer too. Returns the
   * value (and sets quickCr), or -1 for anything else, which the general path
   * (findByte + parseLen, with Redis's errors) then handles.
   */
  private quickLen(from: number): number {
    const b = this.cur;
    const lim = this.lim;
    if (from >= lim) return -1;
    let v = b[from]! - 48;
    if (v < 0 || v > 9) return -1;
    let i = from + 1;
    if (v !== 0) {
      const stop = Math.min(lim, from + 9);
      for (; i < stop; i++) {
        const d = b[i]! - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
    }
    if (i + 1 >= lim || b[i] !== 13) return -1;
    this.quickCr = i;
    this.scanned = 0;
    return v;
  }

  private multibulkHeader(): boolean {
    let n = this.quickLen(this.pos + 1);
    let cr = this.quickCr;
    if (n < 0) {
      cr = this.findByte(this.pos + 1, 13);
      if (cr === -1 || cr + 1 >= this.lim) {
        if (this.lim - this.pos > INLINE_MAX) this.fail("too big mbulk count string");
        return false;
      }
      n = this.parseLen(this.pos + 1, cr);
    }
    if (Number.isNaN(n) || n > 2147483647) {
      this.fail("invalid multibulk length");
      return false;
    }
    if (n > 10 && this.authRequired) {
      this.fail("unauthenticated multibulk length");
      return false;
    }
    this.pos = cr + 2;
    if (n <= 0) return true;
    this.argsLeft = n;
    this.args = new Array(n < 1024 ? n : 1024);
    this.args.length = 0;
    return true;
  }

  private bulks(): string[] | null {
    const b = this.cur;
    while (this.argsLeft > 0) {
      if (this.bulkLen < 0) {
        if (this.pos >= this.lim) return null;
        let n = b[this.pos] === 36 /* '$' */ ? this.quickLen(this.pos + 1) : -1;
        let cr = this.quickCr;
        if (n < 0) {
          cr = this.findByte(this.pos, 13);
          if (cr === -1 || cr + 1 >= this.lim) {
            if (this.lim - this.pos > INLINE_MAX) return this.fail("too big bulk count string");
            return null;
          }
          if (b[this.pos] !== 36 /* '$' */) {
            return this.fail(`expected '$', got '${String.fromCharCode(b[this.pos]!)}'`);
          }
          n = this.parseLen(this.pos + 1, cr);
        }
        if (Number.isNaN(n) || n < 0 || n > this.maxBulk) return this.fail("invalid bulk length");
        if (n > 16384 && this.authRequired) return this.fail("unauthenticated bulk length");
        this.bulkLen = n;
        this.pos = cr + 2;
      }
      if (this.lim - this.pos < this.bulkLen + 2) return null;
      const s = this.pos;
      const n = this.bulkLen;
      const e = s + n;
      const args = this.args;
      if (n >= BIG_ARG) this.bigArg = true;
      // The command name repeats on almost every frame: take it from the
      // intern cache instead of allocating a string for it each time.
      args.push(n === 0 ? "" : args.length === 0 && n <= NAME_MAX ? internName(b, s, n) : (b as Latin1Buffer).latin1Slice(s, e));
      this.pos = e + 2; // Redis does not check the CRLF after a bulk either
      this.bulkLen = -1;
      this.argsLeft--;
    }
    const out = this.args;
    this.args = EMPTY_ARGS;
    return out;
  }

  /** An inline command line; [] for an empty line, null when incomplete or on error. */
  private inline(): string[] | null {
    const b = this.cur;
    const nl = this.findByte(this.pos, 10);
    if (nl === -1) {
      if (this.lim - this.pos > INLINE_MAX) this.fail("too big inline request");
      return null;
    }
    let lineEnd = nl;
    if (lineEnd > this.pos && b[lineEnd - 1] === 13) lineEnd--;
    const args = splitArgs(b, this.pos, lineEnd);
    this.pos = nl + 1;
    if (args === null) return this.fail("unbalanced quotes in request");
    return args;
  }
}

const EMPTY = Buffer.alloc(0);

/** Node's (and Bun's) Buffer#latin1Slice: a latin1 string straight from a range, missing from the typings. */
type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };
const EMPTY_ARGS: string[] = [];

/** Command names up to this many bytes go through the intern cache. */
const NAME_MAX = 24;
/** Slots of the intern cache (a power of two). */
const NAME_SLOTS = 512;
/** Recently seen command names, exactly as sent (case kept), by a hash of their bytes. */
const nameCache: (string | undefined)[] = new Array(NAME_SLOTS).fill(undefined);

/**
 * b[s, s+n) as a string, reusing the string made for the same bytes last time
 * (a command name arrives in nearly every frame). Besides the allocation this
 * saves, a reused string has its hash computed already, so the command-table
 * lookup that follows is cheaper too. Names are compared byte for byte, so
 * "get" and "GET" are distinct entries and argv[0] is always what was sent.
 */
function internName(b: Uint8Array, s: number, n: number): string {
  let h = n;
  for (let i = s, e = s + n; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  const slot = (h ^ (h >>> 15)) & (NAME_SLOTS - 1);
  const hit = nameCache[slot];
  if (hit !== undefined && hit.length === n) {
    let i = 0;
    while (i < n && hit.charCodeAt(i) === b[s + i]) i++;
    if (i === n) return hit;
  }
  const str = (b as Latin1Buffer).latin1Slice(s, s + n);
  nameCache[slot] = str;
  return str;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function hexVal(c: number): number {
  if (c <= 57) return c - 48;
  if (c >= 97) return c - 87;
  return c - 55;
}

function isSpace(c: number): boolean {
  // C isspace(): space, \t, \n, \v, \f, \r
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Redis's sdssplitargs over b[from, to): whitespace-separated words, "double
 * quoted" with \n \r \t \b \a \xHH escapes, 'single quoted' with \' only. A
 * closing quote must be followed by a space or the end. A NUL byte ends the
 * line, as in C. Returns null for unbalanced quotes.
 */
export function splitArgs(b: Uint8Array, from: number, to: number): string[] | null {
  const out: string[] = [];
  let p = from;
  const at = (i: number) => (i < to ? b[i]! : 0);
  for (;;) {
    while (p < to && b[p] !== 0 && isSpace(b[p]!)) p++;
    if (p >= to || b[p] === 0) return out;
    let inq = false;
    let insq = false;
    let done = false;
    const cur: number[] = [];
    while (!done) {
      const c = at(p);
      if (inq) {
        if (c === 92 && at(p + 1) === 120 && isHex(at(p + 2)) && isHex(at(p + 3))) {
          cur.push(hexVal(at(p + 2)) * 16 + hexVal(at(p + 3)));
          p += 3;
        } else if (c === 92 && at(p + 1) !== 0) {
          p++;
          const e = at(p);
          cur.push(e === 110 ? 10 : e === 114 ? 13 : e === 116 ? 9 : e === 98 ? 8 : e === 97 ? 7 : e);
        } else if (c === 34) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          cur.push(c);
        }
      } else if (insq) {
        if (c === 92 && at(p + 1) === 39) {
          p++;
          cur.push(39);
        } else if (c === 39) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          cur.push(c);
        }
      } else if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0) {
        done = true;
      } else if (c === 34) {
        inq = true;
      } else if (c === 39) {
        insq = true;
      } else {
        cur.push(c);
      }
      if (p < to && b[p] !== 0) p++;
    }
    out.push(bytesToString(cur));
  }
}

function bytesToString(a: number[]): string {
  let s = "";
  for (let i = 0; i < a.length; i += 4096) s += String.fromCharCode.apply(null, a.slice(i, i + 4096));
  return s;
}
