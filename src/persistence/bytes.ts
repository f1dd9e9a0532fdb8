// Byte buffers for the on-disk formats: a growable little-endian writer and a
// bounds-checked reader. Strings are latin1 "binary strings" (one char per
// byte), so they cross to bytes with latin1Write/latin1Slice, never UTF-8.

/** A format error with the byte offset where it was found. */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Latin1Buffer {
  latin1Write(s: string, offset: number, length: number): number;
  latin1Slice(start: number, end: number): string;
}
const BP = Buffer.prototype as unknown as Latin1Buffer;

/** The bytes of a binary string. */
export function bytesOf(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  BP.latin1Write.call(b as unknown as Latin1Buffer, s, 0, s.length);
  return b;
}

/** The binary string of some bytes. */
export function stringOf(b: Uint8Array, start = 0, end = b.length): string {
  if (end - start <= 0) return "";
  return BP.latin1Slice.call(b as unknown as Latin1Buffer, start, end);
}

const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);

export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(initial = 4096) {
    this.buf = new Uint8Array(initial);
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const nb = new Uint8Array(size);
    nb.set(this.buf.subarray(0, this.pos));
    this.buf = nb;
  }

  /** The bytes written so far (a view, valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }

  u8(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }

  u16le(v: number): void {
    this.ensure(2);
    const b = this.buf;
    b[this.pos++] = v & 0xff;
    b[this.pos++] = (v >>> 8) & 0xff;
  }

  u32le(v: number): void {
    this.ensure(4);
    const b = this.buf;
    b[this.pos++] = v & 0xff;
    b[this.pos++] = (v >>> 8) & 0xff;
    b[this.pos++] = (v >>> 16) & 0xff;
    b[this.pos++] = (v >>> 24) & 0xff;
  }

  u32be(v: number): void {
    this.ensure(4);
    const b = this.buf;
    b[this.pos++] = (v >>> 24) & 0xff;
    b[this.pos++] = (v >>> 16) & 0xff;
    b[this.pos++] = (v >>> 8) & 0xff;
    b[this.pos++] = v & 0xff;
  }

  /** A signed 64-bit little-endian integer (number within the safe range, or bigint). */
  i64le(v: number | bigint): void {
    this.ensure(8);
    let lo: number;
    let hi: number;
    if (typeof v === "number") {
      lo = v >>> 0; // low 32 bits of the two's complement
      hi = Math.floor(v / 4294967296) >>> 0; // floor keeps two's complement for negatives
    } else {
      const u = BigInt.asUintN(64, v);
      lo = Number(u & 0xffffffffn);
      hi = Number(u >> 32n);
    }
    const b = this.buf;
    let p = this.pos;
    b[p++] = lo & 0xff;
    b[p++] = (lo >>> 8) & 0xff;
    b[p++] = (lo >>> 16) & 0xff;
    b[p++] = (lo >>> 24) & 0xff;
    b[p++] = hi & 0xff;
    b[p++] = (hi >>> 8) & 0xff;
    b[p++] = (hi >>> 16) & 0xff;
    b[p++] = (hi >>> 24) & 0xff;
    this.pos = p;
  }

  f64le(v: number): void {
    this.ensure(8);
    f64[0] = v;
    this.buf.set(f64b, this.pos);
    this.pos += 8;
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  /** The bytes of a binary string. */
  latin1(s: string): void {
    const n = s.length;
    this.ensure(n);
    if (n < 24) {
      const b = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
      this.pos = p;
    } else {
      BP.latin1Write.call(this.buf as unknown as Latin1Buffer, s, this.pos, n);
      this.pos += n;
    }
  }
}

export class ByteReader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    /** Offset of buf[0] in the file, for error messages. */
    readonly base = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(msg: string, at = this.pos): never {
    throw new FormatError(msg, this.base + at);
  }

  need(n: number): void {
    if (n < 0 || this.pos + n > this.end) this.fail(`unexpected end of data (needed ${n} bytes, ${this.end - this.pos} left)`);
  }

  u8(): number {
    if (this.pos >= this.end) this.fail("unexpected end of data");
    return this.buf[this.pos++]!;
  }

  u16le(): number {
    this.need(2);
    const b = this.buf;
    const p = this.pos;
    this.pos += 2;
    return b[p]! | (b[p + 1]! << 8);
  }

  u32le(): number {
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  u32be(): number {
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  /** Signed 64-bit little-endian as a number (exact within the safe range). */
  i64le(): number {
    const lo = this.u32le();
    const hi = this.u32le() | 0;
    return hi * 4294967296 + lo;
  }

  /** Signed 64-bit little-endian, exactly: a number when safe, else a bigint. */
  i64leExact(): number | bigint {
    const p = this.pos;
    const v = this.i64le();
    if (Number.isSafeInteger(v)) return v;
    const b = this.buf;
    let u = 0n;
    for (let i = 7; i >= 0; i--) u = (u << 8n) | BigInt(b[p + i]!);
    return BigInt.asIntN(64, u);
  }

  u64be(): number {
    const hi = this.u32be();
    const lo = this.u32be();
    return hi * 4294967296 + lo;
  }

  f64le(): number {
    this.need(8);
    f64b.set(this.buf.subarray(this.pos, this.pos + 8));
    this.pos += 8;
    return f64[0]!;
  }

  /** n bytes as a view into the buffer. */
  bytes(n: number): Uint8Array {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  latin1(n: number): string {
    this.need(n);
    const s = stringOf(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}
