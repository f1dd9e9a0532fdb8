// Bitmap commands on strings (Redis 7.0's bitops.c): SETBIT, GETBIT,
// BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO.
//
// Bit 0 is the most significant bit of the first byte. Writes go through
// RawString.bytes(), which grows the value's zero-padded byte buffer and
// hands it out for in-place edits, so a SETBIT or BITFIELD on a large bitmap
// touches a few bytes, never the whole value. Reads scan the bytes where
// the value already has them (RawString.view()) and the latin1 string
// otherwise. Any write turns the value into a plain RawString, as Redis's
// dbUnshareStringValue leaves a "raw" object even when nothing changed.

import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import { RawString, type Value } from "../store/types.ts";
import { parseIntStrict } from "../util/numbers.ts";
import { readKey, written } from "./access.ts";
import { err, int64Arg, is } from "./args.ts";
import { E } from "./errors.ts";
import type { CommandDef } from "./table.ts";

const BIT_OFFSET_ERR = "ERR bit offset is not an integer or out of range";
const BIT_VALUE_ERR = "ERR bit is not an integer or out of range";
const BITFIELD_TYPE_ERR = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

/** Redis compares keywords as C strings: "BIT\0junk" reads as BIT. */
function cstr(a: string): string {
  const i = a.indexOf("\0");
  return i === -1 ? a : a.slice(0, i);
}

/** A string value (number, latin1 string or RawString), or null for other types. */
function isStringValue(v: Value): v is string | number | RawString {
  return typeof v !== "object" || v instanceof RawString;
}

function lengthOf(v: string | number | RawString): number {
  if (typeof v === "string") return v.length;
  if (typeof v === "number") return String(v).length;
  return v.length;
}

function byteAt(v: string | number | RawString, i: number): number {
  if (typeof v === "object") return v.byteAt(i);
  const s = typeof v === "number" ? String(v) : v;
  return i < s.length ? s.charCodeAt(i) : 0;
}

/** Reused for scanning short plain strings without allocating. */
let scratch = Buffer.alloc(4096);
const SCRATCH_MAX = 64 * 1024;

/**
 * The bytes of a string value for scanning, exactly its length. For a plain
 * JS string this is a copy (into a reused buffer when short), valid until
 * the next call; for a RawString the value's own bytes, valid until it is
 * next modified.
 */
function scanBytes(v: string | number | RawString): Buffer {
  if (typeof v === "object") return v.view();
  const s = typeof v === "number" ? String(v) : v;
  const n = s.length;
  if (n > SCRATCH_MAX) return Buffer.from(s, "latin1");
  if (n > scratch.length) scratch = Buffer.alloc(SCRATCH_MAX);
  if (n !== 0) scratch.write(s, 0, n, "latin1");
  return scratch.subarray(0, n);
}

/**
 * getBitOffsetFromArgument: a bit offset, with BITFIELD's "#N" form (N times
 * the type width) when `bits` > 0. Negative offsets and offsets whose byte
 * is at or beyond proto-max-bulk-len are refused. Replies and returns null
 * when invalid.
 */
function bitOffset(c: Client, arg: string, bits: number): number | null {
  const hash = bits > 0 && arg.charCodeAt(0) === 35; // '#'
  const v = parseIntStrict(hash ? arg.slice(1) : arg);
  if (v === null) {
    err(c, BIT_OFFSET_ERR);
    return null;
  }
  let off: number;
  if (!hash) off = Number(v);
  else if (typeof v === "number" && Math.abs(v * bits) <= Number.MAX_SAFE_INTEGER) off = v * bits;
  else off = Number(BigInt.asIntN(64, BigInt(v) * BigInt(bits))); // long long multiplication wraps
  if (off < 0 || Math.floor(off / 8) >= c.server.config.protoMaxBulkLen) {
    err(c, BIT_OFFSET_ERR);
    return null;
  }
  return off;
}

/** Whether the last lookupForWrite() created or lengthened the value. */
let wGrew = false;

/**
 * lookupStringForBitCommand: the string at key as a RawString whose bytes
 * reach bit `maxbit` (created, or zero-padded, as needed; r.bytes(0) is then
 * its buffer), leaving in wGrew whether it grew. Null after replying WRONGTYPE.
 */
function lookupForWrite(c: Client, key: string, maxbit: number): RawString | null {
  const need = Math.floor(maxbit / 8) + 1;
  const db = c.db;
  const v = db.get(key);
  let r: RawString;
  if (v === undefined) {
    r = RawString.zeroes(need);
    db.set(key, r);
    wGrew = true;
    return r;
  }
  if (v instanceof RawString && v.constructor === RawString) {
    r = v;
  } else if (isStringValue(v)) {
    // dbUnshareStringValue: int, embstr (and INCRBYFLOAT's) values become raw.
    r = new RawString(typeof v === "object" ? v.s : typeof v === "number" ? String(v) : v);
    db.replace(key, r);
  } else {
    err(c, E.WRONGTYPE);
    return null;
  }
  const old = r.length;
  r.bytes(need);
  wGrew = r.length !== old;
  return r;
}

// --- SETBIT / GETBIT ------------------------------------------------------

function setbit(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const off = bitOffset(c, argv[2]!, 0);
  if (off === null) return;
  const on = parseIntStrict(argv[3]!);
  if (on !== 0 && on !== 1) return err(c, BIT_VALUE_ERR);
  const r = lookupForWrite(c, key, off);
  if (r === null) return;
  const byte = Math.floor(off / 8);
  const mask = 1 << (7 - (off & 7));
  const b = r.bytes(0);
  const old = b[byte]!;
  const was = (old & mask) !== 0 ? 1 : 0;
  if (wGrew || was !== on) {
    b[byte] = on === 1 ? old | mask : old & ~mask;
    written(c, key, N.STRING, "setbit");
  }
  c.w.int(was);
}

function getbit(c: Client, argv: string[]): void {
  const off = bitOffset(c, argv[2]!, 0);
  if (off === null) return;
  const v = readKey(c, argv[1]!);
  if (v === undefined) return c.w.int(0);
  if (!isStringValue(v)) return err(c, E.WRONGTYPE);
  const byte = byteAt(v, Math.floor(off / 8));
  c.w.int((byte >> (7 - (off & 7))) & 1);
}

// --- counting and searching -----------------------------------------------

const POPCOUNT8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT8[i] = (i & 1) + POPCOUNT8[i >> 1]!;
/** Set bits of every 16-bit value (64 KB; faster than SWAR arithmetic in JS). */
const POPCOUNT16 = new Uint8Array(65536);
for (let i = 1; i < 65536; i++) POPCOUNT16[i] = (i & 1) + POPCOUNT16[i >> 1]!;

/** Set bits in p[from, to). */
function popcount(p: Uint8Array, from: number, to: number): number {
  let n = 0;
  let i = from;
  if (i < to && ((p.byteOffset + i) & 1) !== 0) n += POPCOUNT8[p[i++]!]!;
  const halves = (to - i) >> 1;
  if (halves > 0) {
    const w = new Uint16Array(p.buffer, p.byteOffset + i, halves);
    for (let k = 0; k < halves; k++) n += POPCOUNT16[w[k]!]!;
    i += halves * 2;
  }
  if (i < to) n += POPCOUNT8[p[i]!]!;
  return n;
}

/** Position of the first bit equal to `bit` in one byte: -1 (bit 1) or 8 (bit 0) when none. */
function bitposByte(byte: number, bit: number): number {
  if (bit === 1) return byte === 0 ? -1 : Math.clz32(byte) - 24;
  const inv = ~byte & 0xff;
  return inv === 0 ? 8 : Math.clz32(inv) - 24;
}

/**
 * redisBitpos over p[start, start+count): the first bit equal to `bit`,
 * relative to start; when none, -1 for bit 1 and count*8 for bit 0 (the
 * string is taken as zero-padded on the right).
 */
function bitpos(p: Uint8Array, start: number, count: number, bit: number): number {
  const skip = bit === 1 ? 0 : 0xff;
  const end = start + count;
  let i = start;
  while (i < end && ((p.byteOffset + i) & 3) !== 0 && p[i] === skip) i++;
  if (i < end && ((p.byteOffset + i) & 3) === 0) {
    // Skip whole words of the uninteresting value.
    const words = (end - i) >> 2;
    if (words > 0) {
      const w = new Int32Array(p.buffer, p.byteOffset + i, words);
      const skipWord = bit === 1 ? 0 : -1;
      let k = 0;
      while (k < words && w[k] === skipWord) k++;
      i += k * 4;
    }
  }
  while (i < end && p[i] === skip) i++;
  if (i === end) return bit === 1 ? -1 : count * 8;
  return (i - start) * 8 + bitposByte(p[i]!, bit);
}

/** BITCOUNT key [start end [BYTE|BIT]] */
function bitcount(c: Client, argv: string[]): void {
  // Redis 7.0 looks the key up before parsing the range: a missing key is 0
  // whatever the arguments.
  const v = readKey(c, argv[1]!);
  if (v === undefined) return c.w.int(0);
  if (!isStringValue(v)) return err(c, E.WRONGTYPE);
  const argc = argv.length;
  let start = 0;
  let end = 0;
  let isbit = false;
  let firstMask = 0;
  let lastMask = 0;
  const len = lengthOf(v);
  if (argc === 4 || argc === 5) {
    const a = int64Arg(c, argv[2]!);
    if (a === null) return;
    const b = int64Arg(c, argv[3]!);
    if (b === null) return;
    if (argc === 5) {
      const kw = cstr(argv[4]!);
      if (is(kw, "BIT")) isbit = true;
      else if (!is(kw, "BYTE")) return err(c, E.SYNTAX);
    }
    if (a < 0 && b < 0 && a > b) return c.w.int(0); // exact even beyond 2^53
    bitRange(a, b, len, isbit);
    start = rangeStart;
    end = rangeEnd;
    firstMask = rangeFirstMask;
    lastMask = rangeLastMask;
  } else if (argc === 2) {
    end = len - 1;
  } else {
    return err(c, E.SYNTAX);
  }
  if (start > end) return c.w.int(0);
  const p = scanBytes(v);
  let count = popcount(p, start, end + 1);
  if (firstMask !== 0) count -= POPCOUNT8[p[start]! & firstMask]!;
  if (lastMask !== 0) count -= POPCOUNT8[p[end]! & lastMask]!;
  c.w.int(count);
}

// The byte range bitRange computed, and the bits of its edge bytes that lie
// outside a BIT range (subtracted or skipped after whole bytes are scanned).
let rangeStart = 0;
let rangeEnd = 0;
let rangeFirstMask = 0;
let rangeLastMask = 0;

/**
 * BITCOUNT/BITPOS's start and end (in bytes, or in bits when isbit) over a
 * string of len bytes: negative values count from the end, then clamped;
 * beyond 2^53 the exact value no longer matters (it is clamped).
 */
function bitRange(a: number | bigint, b: number | bigint, len: number, isbit: boolean): void {
  const total = isbit ? len * 8 : len;
  let start = Number(a);
  let end = Number(b);
  if (start < 0) start += total;
  if (end < 0) end += total;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  rangeFirstMask = 0;
  rangeLastMask = 0;
  if (isbit && start <= end) {
    rangeFirstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
    rangeLastMask = (1 << (7 - (end & 7))) - 1;
    start = Math.floor(start / 8);
    end = Math.floor(end / 8);
  }
  rangeStart = start;
  rangeEnd = end;
}

/** BITPOS key bit [start [end [BYTE|BIT]]] */
function bitposCmd(c: Client, argv: string[]): void {
  const bitArg = int64Arg(c, argv[2]!);
  if (bitArg === null) return;
  if (bitArg !== 0 && bitArg !== 1) return err(c, "ERR The bit argument must be 1 or 0.");
  const bit = bitArg === 1 ? 1 : 0;
  // A missing key is an infinite run of zeros (before the range is even parsed, in 7.0).
  const v = readKey(c, argv[1]!);
  if (v === undefined) return c.w.int(bit === 1 ? -1 : 0);
  if (!isStringValue(v)) return err(c, E.WRONGTYPE);
  const argc = argv.length;
  const len = lengthOf(v);
  let start = 0;
  let end = 0;
  let isbit = false;
  let endGiven = false;
  let firstMask = 0;
  let lastMask = 0;
  if (argc === 4 || argc === 5 || argc === 6) {
    const a = int64Arg(c, argv[3]!);
    if (a === null) return;
    if (argc === 6) {
      const kw = cstr(argv[5]!);
      if (is(kw, "BIT")) isbit = true;
      else if (!is(kw, "BYTE")) return err(c, E.SYNTAX);
    }
    let b: number | bigint = 0;
    if (argc >= 5) {
      const e = int64Arg(c, argv[4]!);
      if (e === null) return;
      b = e;
      endGiven = true;
    }
    if (!endGiven) b = isbit ? len * 8 + 7 : len - 1;
    bitRange(a, b, len, isbit);
    start = rangeStart;
    end = rangeEnd;
    firstMask = rangeFirstMask;
    lastMask = rangeLastMask;
  } else if (argc === 3) {
    end = len - 1;
  } else {
    return err(c, E.SYNTAX);
  }
  // An empty range holds neither a 0 nor a 1.
  if (start > end) return c.w.int(-1);
  const p = scanBytes(v);
  let bytes = end - start + 1;
  let pos: number;
  found: {
    if (firstMask !== 0) {
      let t = bit === 1 ? p[start]! & ~firstMask : p[start]! | firstMask;
      if (lastMask !== 0 && bytes === 1) t = bit === 1 ? t & ~lastMask : t | lastMask;
      pos = bitposByte(t & 0xff, bit);
      if (bytes === 1 || (pos !== -1 && pos !== 8)) break found;
      start++;
      bytes--;
    }
    // The last byte is searched apart when only some of its bits are in range.
    const cur = bytes - (lastMask !== 0 ? 1 : 0);
    if (cur > 0) {
      pos = bitpos(p, start, cur, bit);
      if (bytes === cur || (pos !== -1 && pos !== cur * 8)) break found;
      start += cur;
      bytes -= cur;
    }
    const t = bit === 1 ? p[end]! & ~lastMask : p[end]! | lastMask;
    pos = bitposByte(t & 0xff, bit);
  }
  // With an explicit end, the bits right of the range are not zero padding.
  if (endGiven && bit === 0 && pos === bytes * 8) return c.w.int(-1);
  if (pos !== -1) pos += start * 8;
  c.w.int(pos);
}

// --- BITOP ----------------------------------------------------------------

/** BITOP AND|OR|XOR|NOT destkey key [key ...] */
function bitop(c: Client, argv: string[]): void {
  const opname = cstr(argv[1]!);
  let op: number;
  if (is(opname, "AND")) op = 0;
  else if (is(opname, "OR")) op = 1;
  else if (is(opname, "XOR")) op = 2;
  else if (is(opname, "NOT")) op = 3;
  else return err(c, E.SYNTAX);
  if (op === 3 && argv.length !== 4) return err(c, "ERR BITOP NOT must be called with a single source key.");
  const dest = argv[2]!;
  const n = argv.length - 3;
  const srcs: Uint8Array[] = new Array(n);
  let maxlen = 0;
  for (let j = 0; j < n; j++) {
    const v = readKey(c, argv[j + 3]!);
    if (v === undefined) {
      srcs[j] = EMPTY;
      continue;
    }
    if (!isStringValue(v)) return err(c, E.WRONGTYPE);
    // Copies for plain strings; a RawString's own bytes (unchanged until the result is stored).
    const b = typeof v === "object" ? v.view() : Buffer.from(typeof v === "number" ? String(v) : v, "latin1");
    srcs[j] = b;
    if (b.length > maxlen) maxlen = b.length;
  }
  const db = c.db;
  if (maxlen === 0) {
    if (db.delete(dest)) written(c, dest, N.GENERIC, "del");
    return c.w.int(0);
  }
  const res = Buffer.alloc(maxlen);
  res.set(srcs[0]!);
  if (op === 3) {
    combine(res, res, 3);
  } else {
    for (let j = 1; j < n; j++) {
      const s = srcs[j]!;
      combine(res, s, op);
      if (op === 0 && s.length < maxlen) res.fill(0, s.length); // missing bytes count as zero
    }
  }
  db.set(dest, RawString.fromBytes(res));
  written(c, dest, N.STRING, "set");
  c.w.int(maxlen);
}

const EMPTY = new Uint8Array(0);

/** res[i] = res[i] op s[i] for i < s.length (op 3, NOT: res[i] = ~s[i]); whole words where aligned. */
function combine(res: Uint8Array, s: Uint8Array, op: number): void {
  const l = s.length;
  let i = 0;
  if (l >= 16 && ((res.byteOffset | s.byteOffset) & 3) === 0) {
    const words = l >> 2;
    const a = new Int32Array(res.buffer, res.byteOffset, words);
    const b = new Int32Array(s.buffer, s.byteOffset, words);
    if (op === 0) for (let k = 0; k < words; k++) a[k]! &= b[k]!;
    else if (op === 1) for (let k = 0; k < words; k++) a[k]! |= b[k]!;
    else if (op === 2) for (let k = 0; k < words; k++) a[k]! ^= b[k]!;
    else for (let k = 0; k < words; k++) a[k] = ~b[k]!;
    i = words * 4;
  }
  if (op === 0) for (; i < l; i++) res[i]! &= s[i]!;
  else if (op === 1) for (; i < l; i++) res[i]! |= s[i]!;
  else if (op === 2) for (; i < l; i++) res[i]! ^= s[i]!;
  else for (; i < l; i++) res[i] = ~s[i]! & 0xff;
}

// --- BITFIELD -------------------------------------------------------------

const OP_GET = 0;
const OP_SET = 1;
const OP_INCRBY = 2;
const OW_WRAP = 0;
const OW_SAT = 1;
const OW_FAIL = 2;

/** 2^i as numbers, i = 0..72. */
const POW2: number[] = [];
for (let i = 0, p = 1; i <= 72; i++, p *= 2) POW2.push(p);

// The parsed operations of the current BITFIELD (module scratch, reused).
const opCode: number[] = [];
const opOffset: number[] = [];
const opBits: number[] = [];
const opSigned: boolean[] = [];
const opOverflow: number[] = [];
const opValue: (number | bigint)[] = [];

/** A 9-byte zero-padded copy of the bytes a GET reads (as Redis does). */
const window9 = new Uint8Array(9);

/** The unsigned `bits`-bit field at bit `off` of p (bits <= 32: exact as a double). */
function getSmall(p: Uint8Array, off: number, bits: number): number {
  const byte = Math.floor(off / 8);
  const total = (off & 7) + bits;
  const n = (total + 7) >> 3;
  let acc = 0;
  for (let i = 0; i < n; i++) acc = acc * 256 + p[byte + i]!;
  return Math.floor(acc / POW2[n * 8 - total]!) % POW2[bits]!;
}

/** Stores the unsigned value u (< 2^bits, bits <= 32) at bit `off` of p. */
function setSmall(p: Uint8Array, off: number, bits: number, u: number): void {
  const byte = Math.floor(off / 8);
  const total = (off & 7) + bits;
  const n = (total + 7) >> 3;
  let acc = 0;
  for (let i = 0; i < n; i++) acc = acc * 256 + p[byte + i]!;
  const low = POW2[n * 8 - total]!;
  const high = Math.floor(acc / (low * POW2[bits]!));
  acc = (high * POW2[bits]! + u) * low + (acc % low);
  for (let i = n - 1; i >= 0; i--) {
    const r = acc % 256;
    p[byte + i] = r;
    acc = (acc - r) / 256;
  }
}

const MASK32 = 0xffffffffn;

/** The unsigned `bits`-bit field at bit `off` of p, any width up to 64: two fields of <= 32 bits. */
function getBig(p: Uint8Array, off: number, bits: number): bigint {
  if (bits <= 32) return BigInt(getSmall(p, off, bits));
  const hi = getSmall(p, off, bits - 32);
  const lo = getSmall(p, off + bits - 32, 32);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Stores the unsigned value u (< 2^bits) at bit `off` of p, any width up to 64. */
function setBig(p: Uint8Array, off: number, bits: number, u: bigint): void {
  if (bits <= 32) return setSmall(p, off, bits, Number(u));
  setSmall(p, off, bits - 32, Number(u >> 32n));
  setSmall(p, off + bits - 32, 32, Number(u & MASK32));
}

/** Copies the (up to) 9 bytes from the byte of `off` into window9, zero-padded. */
function loadWindow(v: string | number | RawString | undefined, off: number): void {
  const byte = Math.floor(off / 8);
  for (let i = 0; i < 9; i++) window9[i] = v === undefined ? 0 : byteAt(v, byte + i);
}

/** Positive remainder of a (a safe integer) modulo m (a power of two <= 2^32). */
function mod(a: number, m: number): number {
  const r = a % m;
  return r < 0 ? r + m : r;
}

// Result of the last setOrIncr*() call.
let rOverflow = false;

/**
 * SET/INCRBY of a field with numbers (bits <= 32, value within 2^53):
 * returns the new value, leaving rOverflow set when the overflow policy
 * applied (checkSignedBitfieldOverflow / checkUnsignedBitfieldOverflow).
 */
function newSmall(old: number, isSet: boolean, val: number, bits: number, signed: boolean, ow: number): number {
  const P = POW2[bits]!;
  const v = isSet ? val : old;
  const incr = isSet ? 0 : val;
  const sum = v + incr; // rounding beyond 2^53 cannot cross the small bounds
  let ov = 0;
  let max: number;
  let min: number;
  if (signed) {
    max = P / 2 - 1;
    min = -P / 2;
    if (sum > max) ov = 1;
    else if (sum < min) ov = -1;
  } else {
    max = P - 1;
    min = 0;
    // A negative SET value is a huge uint64: always above max.
    if ((isSet && v < 0) || sum > max) ov = 1;
    else if (sum < 0) ov = -1;
  }
  rOverflow = ov !== 0;
  if (ov === 0) return sum;
  if (ow === OW_SAT) return ov > 0 ? max : min;
  const u = mod(mod(v, P) + mod(incr, P), P); // WRAP (FAIL: unused)
  return signed && u > max ? u - P : u;
}

/** The same with exact 64-bit arithmetic. */
function newBig(old: bigint, isSet: boolean, val: bigint, bits: number, signed: boolean, ow: number): bigint {
  const B = BigInt(bits);
  let v: bigint;
  let incr: bigint;
  if (isSet) {
    v = signed ? val : BigInt.asUintN(64, val);
    incr = 0n;
  } else {
    v = old;
    incr = val;
  }
  const sum = v + incr;
  let ov = 0;
  let max: bigint;
  let min: bigint;
  if (signed) {
    max = (1n << (B - 1n)) - 1n;
    min = -max - 1n;
    if (sum > max) ov = 1;
    else if (sum < min) ov = -1;
  } else {
    max = (1n << B) - 1n;
    min = 0n;
    if (v > max || sum > max) ov = 1;
    else if (sum < 0n) ov = -1;
  }
  rOverflow = ov !== 0;
  if (ov === 0) return sum;
  if (ow === OW_SAT) return ov > 0 ? max : min;
  return signed ? BigInt.asIntN(bits, sum) : BigInt.asUintN(bits, sum);
}

/**
 * bitfieldGeneric: BITFIELD key [GET type offset] [SET type offset value]
 * [INCRBY type offset increment] [OVERFLOW WRAP|SAT|FAIL] ...; BITFIELD_RO
 * (readonly) accepts GET only. Every operation is parsed (and any error
 * replied) before the key is looked up or anything is written.
 */
function bitfieldGeneric(c: Client, argv: string[], readonlyCmd: boolean): void {
  const key = argv[1]!;
  let numops = 0;
  let ow = OW_WRAP;
  let readonly = true;
  let highest = 0;
  const argc = argv.length;
  for (let j = 2; j < argc; j++) {
    const rem = argc - j - 1;
    const sub = cstr(argv[j]!);
    let code: number;
    if (is(sub, "GET") && rem >= 2) code = OP_GET;
    else if (is(sub, "SET") && rem >= 3) code = OP_SET;
    else if (is(sub, "INCRBY") && rem >= 3) code = OP_INCRBY;
    else if (is(sub, "OVERFLOW") && rem >= 1) {
      const t = cstr(argv[++j]!);
      if (is(t, "WRAP")) ow = OW_WRAP;
      else if (is(t, "SAT")) ow = OW_SAT;
      else if (is(t, "FAIL")) ow = OW_FAIL;
      else return err(c, "ERR Invalid OVERFLOW type specified");
      continue;
    } else {
      return err(c, E.SYNTAX);
    }
    // getBitfieldTypeFromArgument: i1..i64, u1..u63 (lowercase only).
    const type = argv[j + 1]!;
    const t0 = type.charCodeAt(0);
    const signed = t0 === 105; // 'i'
    const width = t0 === 105 || t0 === 117 ? parseIntStrict(cstr(type.slice(1))) : null;
    if (width === null || width < 1 || width > (signed ? 64 : 63)) return err(c, BITFIELD_TYPE_ERR);
    const bits = Number(width);
    const off = bitOffset(c, argv[j + 2]!, bits);
    if (off === null) return;
    let value: number | bigint = 0;
    if (code !== OP_GET) {
      readonly = false;
      if (highest < off + bits - 1) highest = off + bits - 1;
      const x = int64Arg(c, argv[j + 3]!);
      if (x === null) return;
      value = x;
    }
    opCode[numops] = code;
    opOffset[numops] = off;
    opBits[numops] = bits;
    opSigned[numops] = signed;
    opOverflow[numops] = ow;
    opValue[numops] = value;
    numops++;
    j += code === OP_GET ? 2 : 3;
  }

  let src: string | number | RawString | undefined;
  let buf: Buffer | null = null;
  let grew = false;
  if (readonly) {
    const v = readKey(c, key);
    if (v !== undefined && !isStringValue(v)) return err(c, E.WRONGTYPE);
    src = v;
  } else {
    if (readonlyCmd) return err(c, "ERR BITFIELD_RO only supports the GET subcommand");
    const r = lookupForWrite(c, key, highest);
    if (r === null) return;
    src = r;
    buf = r.bytes(0);
    grew = wGrew;
  }

  const w = c.w;
  w.arrayHeader(numops);
  let changes = 0;
  for (let k = 0; k < numops; k++) {
    const code = opCode[k]!;
    const off = opOffset[k]!;
    const bits = opBits[k]!;
    const signed = opSigned[k]!;
    const val = opValue[k]!;
    if (code === OP_GET) {
      loadWindow(src, off);
      const o = off & 7;
      if (bits <= 32) {
        const u = getSmall(window9, o, bits);
        w.int(signed && u >= POW2[bits - 1]! ? u - POW2[bits]! : u);
      } else {
        const u = getBig(window9, o, bits);
        w.int(signed ? BigInt.asIntN(bits, u) : u);
      }
      continue;
    }
    const isSet = code === OP_SET;
    const owk = opOverflow[k]!;
    let oldOut: number | bigint;
    let newOut: number | bigint;
    let changed: boolean;
    if (bits <= 32 && typeof val === "number") {
      const u = getSmall(buf!, off, bits);
      const old = signed && u >= POW2[bits - 1]! ? u - POW2[bits]! : u;
      const nv = newSmall(old, isSet, val, bits, signed, owk);
      if (rOverflow && owk === OW_FAIL) {
        w.nullBulk();
        continue;
      }
      setSmall(buf!, off, bits, nv < 0 ? nv + POW2[bits]! : nv);
      oldOut = old;
      newOut = nv;
      changed = old !== nv;
    } else {
      const u = getBig(buf!, off, bits);
      const old = signed ? BigInt.asIntN(bits, u) : u;
      const nv = newBig(old, isSet, BigInt(val), bits, signed, owk);
      if (rOverflow && owk === OW_FAIL) {
        w.nullBulk();
        continue;
      }
      setBig(buf!, off, bits, BigInt.asUintN(bits, nv));
      oldOut = old;
      newOut = nv;
      changed = old !== nv;
    }
    // SET replies with the old value, INCRBY with the new one.
    w.int(isSet ? oldOut : newOut);
    if (grew || changed) changes++;
  }
  if (changes > 0) {
    written(c, key, N.STRING, "setbit");
    c.server.prop.dirty += changes - 1; // Redis counts every changing operation
  }
}

function bitfield(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, false);
}

function bitfieldRo(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, true);
}

export const bitmapCommands: CommandDef[] = [
  { name: "setbit", arity: 4, flags: ["write", "denyoom"], keys: [1, 1, 1], handler: setbit },
  { name: "getbit", arity: 3, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: getbit },
  { name: "bitcount", arity: -2, flags: ["readonly"], keys: [1, 1, 1], handler: bitcount },
  { name: "bitpos", arity: -3, flags: ["readonly"], keys: [1, 1, 1], handler: bitposCmd },
  { name: "bitop", arity: -4, flags: ["write", "denyoom"], keys: [2, -1, 1], handler: bitop },
  { name: "bitfield", arity: -2, flags: ["write", "denyoom"], keys: [1, 1, 1], handler: bitfield },
  { name: "bitfield_ro", arity: -2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: bitfieldRo },
];
