// String commands (Redis 7.0's t_string.c).
//
// Stored representations (see store/types.ts): a JS number where Redis would
// use the int encoding (compactString), a latin1 string where it would use
// embstr/raw, and a RawString box once APPEND/SETRANGE modified a value in
// place (Redis's dbUnshareStringValue always leaves a "raw" object).

import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import { compactString, RawString, type Value } from "../store/types.ts";
import { addLongDouble, int64Add, parseIntStrict, parseLongDouble } from "../util/numbers.ts";
import { readKey, written, notify } from "./access.ts";
import { err, int64Arg, is } from "./args.ts";
import { E, invalidExpire, wrongArgs } from "./errors.ts";
import type { CommandDef } from "./table.ts";

const LLONG_MAX = 9223372036854775807n;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * An INCRBYFLOAT result that reads as an integer ("11"): Redis stores it
 * unencoded (createStringObjectFromLongDouble never int-encodes), so OBJECT
 * ENCODING reports embstr/raw, not int, until a write re-encodes it.
 */
class FloatString extends RawString {
  override clone(): FloatString {
    return new FloatString(this.s);
  }
  override encoding(): string {
    return this.s.length <= 44 ? "embstr" : "raw";
  }
}

/** A RawString that may be edited in place (Redis's unshared raw sds). */
function isRaw(v: Value): v is RawString {
  return v instanceof RawString && !(v instanceof FloatString);
}

/** The bytes of a string value, or null when v holds another type. */
function strOf(v: Value): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (v instanceof RawString) return v.s;
  return null;
}

/** Redis compares option names as C strings: "NX\0junk" reads as NX. */
function opt(a: string): string {
  const i = a.indexOf("\0");
  return i === -1 ? a : a.slice(0, i);
}

/** Absolute times can exceed 2^53; print them as integers, never in exponent form. */
function msString(ms: number): string {
  return ms <= MAX_SAFE ? String(ms) : BigInt(ms).toString();
}

/**
 * Redis's checkStringLength: a string may not grow beyond proto-max-bulk-len.
 * Replies and returns false when it would.
 */
function checkStringLength(c: Client, size: number, append: number): boolean {
  if (size + append > c.server.config.protoMaxBulkLen) {
    err(c, E.STRING_TOO_BIG);
    return false;
  }
  return true;
}

// --- GET ------------------------------------------------------------------

function get(c: Client, argv: string[]): void {
  const v = readKey(c, argv[1]!);
  if (v === undefined) c.w.nullBulk();
  else if (typeof v === "string") c.w.bulk(v);
  else if (typeof v === "number") c.w.bulkInt(v);
  else if (v instanceof RawString) c.w.bulk(v.s);
  else err(c, E.WRONGTYPE);
}

/** getGenericCommand: replies with the value (or nil); false after replying WRONGTYPE. */
function getGeneric(c: Client, key: string): boolean {
  const v = readKey(c, key);
  if (v === undefined) c.w.nullBulk();
  else if (typeof v === "string") c.w.bulk(v);
  else if (typeof v === "number") c.w.bulkInt(v);
  else if (v instanceof RawString) c.w.bulk(v.s);
  else {
    err(c, E.WRONGTYPE);
    return false;
  }
  return true;
}

// --- SET family -----------------------------------------------------------

const F_NX = 1,
  F_XX = 2,
  F_GET = 4,
  F_KEEPTTL = 8,
  F_PERSIST = 16,
  F_EX = 32,
  F_PX = 64,
  F_EXAT = 128,
  F_PXAT = 256;

// Results of the last parseExtended() call (module scratch, no allocation).
let pFlags = 0;
let pExpire: string | null = null;

/**
 * Parses SET's (from argv[3]) or GETEX's (from argv[2]) options, exactly as
 * Redis's parseExtendedStringArgumentsOrReply: a repeated option is fine
 * (the last expire wins), conflicting ones are a syntax error. Leaves the
 * flags in pFlags and the unparsed expire argument in pExpire; replies and
 * returns false on a syntax error.
 */
function parseExtended(c: Client, argv: string[], forSet: boolean): boolean {
  let flags = 0;
  let expire: string | null = null;
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const o = opt(argv[j]!);
    const hasNext = j < argv.length - 1;
    if (forSet && is(o, "NX") && !(flags & F_XX)) flags |= F_NX;
    else if (forSet && is(o, "XX") && !(flags & F_NX)) flags |= F_XX;
    else if (forSet && is(o, "GET")) flags |= F_GET;
    else if (forSet && is(o, "KEEPTTL") && !(flags & (F_PERSIST | F_EX | F_EXAT | F_PX | F_PXAT))) flags |= F_KEEPTTL;
    else if (!forSet && is(o, "PERSIST") && !(flags & (F_EX | F_EXAT | F_PX | F_PXAT | F_KEEPTTL))) flags |= F_PERSIST;
    else if (hasNext && is(o, "EX") && !(flags & (F_KEEPTTL | F_PERSIST | F_EXAT | F_PX | F_PXAT))) {
      flags |= F_EX;
      expire = argv[++j]!;
    } else if (hasNext && is(o, "PX") && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PXAT))) {
      flags |= F_PX;
      expire = argv[++j]!;
    } else if (hasNext && is(o, "EXAT") && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_PX | F_PXAT))) {
      flags |= F_EXAT;
      expire = argv[++j]!;
    } else if (hasNext && is(o, "PXAT") && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PX))) {
      flags |= F_PXAT;
      expire = argv[++j]!;
    } else {
      err(c, E.SYNTAX);
      return false;
    }
  }
  pFlags = flags;
  pExpire = expire;
  return true;
}

/**
 * Redis's getExpireMillisecondsOrReply: validates an expire argument and
 * converts it to an absolute time in ms (EX/PX are relative to now).
 * Replies and returns null when invalid or when the result would overflow.
 */
function expireMillis(c: Client, s: string, seconds: boolean, relative: boolean, cmdName: string): number | null {
  const v = int64Arg(c, s);
  if (v === null) return null;
  if (v <= 0) {
    err(c, invalidExpire(cmdName));
    return null;
  }
  if (typeof v === "number") {
    const ms = (seconds ? v * 1000 : v) + (relative ? c.db.now() : 0);
    if (ms <= MAX_SAFE) return ms;
  }
  // Beyond 2^53: redo it exactly, as int64 arithmetic with overflow checks.
  let b = BigInt(v);
  if (seconds && b > LLONG_MAX / 1000n) {
    err(c, invalidExpire(cmdName));
    return null;
  }
  if (seconds) b *= 1000n;
  if (relative) b += BigInt(c.db.now());
  if (b > LLONG_MAX) {
    err(c, invalidExpire(cmdName));
    return null;
  }
  return Number(b);
}

/**
 * setGenericCommand: SET with its options, SETNX, SETEX, PSETEX. `intReply`
 * selects SETNX's :1/:0 instead of +OK/nil. `seconds` is the unit of
 * `expire`. Replicas and the AOF always get `SET key value PXAT <abs-ms>`
 * when an expire was given, and SET ... GET without its GET.
 */
function setGeneric(
  c: Client,
  argv: string[],
  flags: number,
  key: string,
  val: string,
  expire: string | null,
  seconds: boolean,
  intReply: boolean,
): void {
  let when = 0;
  if (expire !== null) {
    const w = expireMillis(c, expire, seconds, (flags & (F_EX | F_PX)) !== 0, argv[0]!.toLowerCase());
    if (w === null) return;
    when = w;
  }
  if (flags & F_GET && !getGeneric(c, key)) return;
  const db = c.db;
  const found = db.get(key) !== undefined;
  if ((flags & F_NX && found) || (flags & F_XX && !found)) {
    if (!(flags & F_GET)) {
      if (intReply) c.w.int(0);
      else c.w.nullBulk();
    }
    return;
  }
  db.set(key, compactString(val), (flags & F_KEEPTTL) !== 0);
  written(c, key, N.STRING, "set");
  if (expire !== null) {
    db.setExpire(key, when);
    c.propagate(["SET", key, val, "PXAT", msString(when)]);
    notify(c, key, N.GENERIC, "expire");
  }
  if (!(flags & F_GET)) {
    if (intReply) c.w.int(1);
    else c.w.ok();
  } else if (expire === null) {
    // Propagate without GET (which may be repeated).
    const out: string[] = [];
    for (let j = 0; j < argv.length; j++) if (j < 3 || !is(opt(argv[j]!), "GET")) out.push(argv[j]!);
    c.propagate(out);
  }
}

function set(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    // The hot path: plain SET key value.
    const key = argv[1]!;
    c.db.set(key, compactString(argv[2]!));
    written(c, key, N.STRING, "set");
    c.w.ok();
    return;
  }
  if (!parseExtended(c, argv, true)) return;
  setGeneric(c, argv, pFlags, argv[1]!, argv[2]!, pExpire, (pFlags & (F_EX | F_EXAT)) !== 0, false);
}

function setnx(c: Client, argv: string[]): void {
  setGeneric(c, argv, F_NX, argv[1]!, argv[2]!, null, false, true);
}

function setex(c: Client, argv: string[]): void {
  setGeneric(c, argv, F_EX, argv[1]!, argv[3]!, argv[2]!, true, false);
}

function psetex(c: Client, argv: string[]): void {
  setGeneric(c, argv, F_PX, argv[1]!, argv[3]!, argv[2]!, false, false);
}

function getset(c: Client, argv: string[]): void {
  const key = argv[1]!;
  if (!getGeneric(c, key)) return;
  c.db.set(key, compactString(argv[2]!));
  written(c, key, N.STRING, "set");
  c.propagate(["SET", key, argv[2]!]);
}

function getdel(c: Client, argv: string[]): void {
  const key = argv[1]!;
  if (!getGeneric(c, key)) return;
  if (c.db.delete(key)) {
    written(c, key, N.GENERIC, "del");
    c.propagate(["DEL", key]);
  }
}

/**
 * GETEX key [EX|PX|EXAT|PXAT|PERSIST]: never propagated as sent, but as
 * PEXPIREAT, DEL (an absolute time already past) or PERSIST.
 */
function getex(c: Client, argv: string[]): void {
  if (!parseExtended(c, argv, false)) return;
  const flags = pFlags;
  const expire = pExpire;
  const key = argv[1]!;
  const v = readKey(c, key);
  if (v === undefined) return c.w.nullBulk();
  const s = strOf(v);
  if (s === null) return err(c, E.WRONGTYPE);
  const db = c.db;
  let when = 0;
  if (expire !== null) {
    const w = expireMillis(c, expire, (flags & (F_EX | F_EXAT)) !== 0, (flags & (F_EX | F_PX)) !== 0, "getex");
    if (w === null) return;
    when = w;
  }
  c.w.bulk(s);
  if (flags & (F_EXAT | F_PXAT) && when <= db.now()) {
    db.delete(key);
    written(c, key, N.GENERIC, "del");
    c.propagate(["DEL", key]);
  } else if (expire !== null) {
    db.setExpire(key, when);
    written(c, key, N.GENERIC, "expire");
    c.propagate(["PEXPIREAT", key, msString(when)]);
  } else if (flags & F_PERSIST && db.persist(key)) {
    written(c, key, N.GENERIC, "persist");
    c.propagate(["PERSIST", key]);
  }
}

// --- multi-key ------------------------------------------------------------

function mget(c: Client, argv: string[]): void {
  const w = c.w;
  w.arrayHeader(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const v = readKey(c, argv[i]!);
    if (v === undefined) w.nullBulk();
    else if (typeof v === "string") w.bulk(v);
    else if (typeof v === "number") w.bulkInt(v);
    else if (v instanceof RawString) w.bulk(v.s);
    else w.nullBulk(); // MGET answers nil for keys of another type
  }
}

function mset(c: Client, argv: string[]): void {
  if (argv.length % 2 === 0) return err(c, wrongArgs("mset"));
  const db = c.db;
  for (let i = 1; i < argv.length; i += 2) {
    db.set(argv[i]!, compactString(argv[i + 1]!));
    written(c, argv[i]!, N.STRING, "set");
  }
  c.w.ok();
}

function msetnx(c: Client, argv: string[]): void {
  if (argv.length % 2 === 0) return err(c, wrongArgs("msetnx"));
  const db = c.db;
  for (let i = 1; i < argv.length; i += 2) {
    if (db.get(argv[i]!) !== undefined) return c.w.int(0);
  }
  for (let i = 1; i < argv.length; i += 2) {
    db.set(argv[i]!, compactString(argv[i + 1]!));
    written(c, argv[i]!, N.STRING, "set");
  }
  c.w.int(1);
}

// --- INCR family ----------------------------------------------------------

/** Adds `by` to the integer at key, as incrDecrCommand. */
function incrBy(c: Client, key: string, by: number | bigint): void {
  const db = c.db;
  const v = db.get(key);
  let cur: number | bigint;
  if (v === undefined) cur = 0;
  else if (typeof v === "number") cur = v;
  else {
    const s = v instanceof RawString ? v.s : typeof v === "string" ? v : null;
    if (s === null) return err(c, E.WRONGTYPE);
    const p = parseIntStrict(s);
    if (p === null) return err(c, E.NOT_INT);
    cur = p;
  }
  const next = int64Add(cur, by);
  if (next === null) return err(c, E.OVERFLOW);
  const stored = typeof next === "number" ? next : next.toString();
  if (v === undefined) db.set(key, stored);
  else db.replace(key, stored);
  written(c, key, N.STRING, "incrby");
  c.w.int(next);
}

function incr(c: Client, argv: string[]): void {
  incrBy(c, argv[1]!, 1);
}

function decr(c: Client, argv: string[]): void {
  incrBy(c, argv[1]!, -1);
}

function incrby(c: Client, argv: string[]): void {
  const by = int64Arg(c, argv[2]!);
  if (by === null) return;
  incrBy(c, argv[1]!, by);
}

function decrby(c: Client, argv: string[]): void {
  const by = int64Arg(c, argv[2]!);
  if (by === null) return;
  if (typeof by === "bigint" && by === -LLONG_MAX - 1n) return err(c, "ERR decrement would overflow");
  incrBy(c, argv[1]!, typeof by === "bigint" ? -by : -by);
}

/**
 * INCRBYFLOAT: the x87 long double sum, printed "%.17Lf" without trailing
 * zeros, stored as a plain string (Redis's createStringObjectFromLongDouble
 * never int-encodes) and replicated as SET key <result> KEEPTTL.
 */
function incrbyfloat(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const db = c.db;
  const v = db.get(key);
  let cur = "0";
  if (v !== undefined) {
    const s = strOf(v);
    if (s === null) return err(c, E.WRONGTYPE);
    if (typeof v !== "number" && parseLongDouble(s) === null) return err(c, E.NOT_FLOAT);
    cur = s;
  }
  if (parseLongDouble(argv[2]!) === null) return err(c, E.NOT_FLOAT);
  const r = addLongDouble(cur, argv[2]!);
  if (r === null) return err(c, "ERR increment would produce NaN or Infinity");
  const stored = r.length <= 20 && parseIntStrict(r) !== null ? new FloatString(r) : r;
  if (v === undefined) db.set(key, stored);
  else db.replace(key, stored);
  written(c, key, N.STRING, "incrbyfloat");
  c.w.bulk(r);
  c.propagate(["SET", key, r, "KEEPTTL"]);
}

// --- in-place edits -------------------------------------------------------

function append(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const add = argv[2]!;
  const db = c.db;
  const v = db.get(key);
  let len: number;
  if (v === undefined) {
    db.set(key, compactString(add));
    len = add.length;
  } else if (isRaw(v)) {
    if (!checkStringLength(c, v.s.length, add.length)) return;
    v.s += add; // a rope: repeated APPENDs do not copy
    len = v.s.length;
  } else {
    const s = strOf(v);
    if (s === null) return err(c, E.WRONGTYPE);
    if (!checkStringLength(c, s.length, add.length)) return;
    const r = new RawString(s + add);
    db.replace(key, r);
    len = r.s.length;
  }
  written(c, key, N.STRING, "append");
  c.w.int(len);
}

function setrange(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const off = int64Arg(c, argv[2]!);
  if (off === null) return;
  if (off < 0) return err(c, E.OFFSET_RANGE);
  const offset = Number(off);
  const value = argv[3]!;
  const db = c.db;
  const v = db.get(key);
  if (v === undefined) {
    if (value.length === 0) return c.w.int(0);
    if (!checkStringLength(c, offset, value.length)) return;
    const r = RawString.zeroes(offset + value.length);
    r.bytes(0).write(value, offset, value.length, "latin1");
    db.set(key, r);
    written(c, key, N.STRING, "setrange");
    return c.w.int(r.length);
  }
  // Written in place into the value's byte buffer: no copy of the whole string.
  let r = isRaw(v) ? v : null;
  let s: string | null = null;
  if (r === null) {
    s = strOf(v);
    if (s === null) return err(c, E.WRONGTYPE);
  }
  if (value.length === 0) return c.w.int(r !== null ? r.length : s!.length);
  if (!checkStringLength(c, offset, value.length)) return;
  if (r === null) {
    r = new RawString(s!);
    db.replace(key, r);
  }
  r.bytes(offset + value.length).write(value, offset, value.length, "latin1");
  written(c, key, N.STRING, "setrange");
  c.w.int(r.length);
}

// --- reads ----------------------------------------------------------------

/** GETRANGE / SUBSTR key start end (inclusive, negative from the end). */
function getrange(c: Client, argv: string[]): void {
  const a = int64Arg(c, argv[2]!);
  if (a === null) return;
  const b = int64Arg(c, argv[3]!);
  if (b === null) return;
  const v = readKey(c, argv[1]!);
  if (v === undefined) return c.w.bulk("");
  const s = strOf(v);
  if (s === null) return err(c, E.WRONGTYPE);
  if (a < 0 && b < 0 && a > b) return c.w.bulk("");
  const n = s.length;
  // Beyond 2^53 the exact value no longer matters: it is clamped below.
  let start = Number(a);
  let end = Number(b);
  if (start < 0) start += n;
  if (end < 0) end += n;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= n) end = n - 1;
  if (start > end || n === 0) c.w.bulk("");
  else c.w.bulk(start === 0 && end === n - 1 ? s : s.slice(start, end + 1));
}

function strlen(c: Client, argv: string[]): void {
  const v = readKey(c, argv[1]!);
  if (v === undefined) return c.w.int(0);
  if (typeof v === "string") return c.w.int(v.length);
  if (typeof v === "number") return c.w.int(String(v).length);
  if (v instanceof RawString) return c.w.int(v.length);
  err(c, E.WRONGTYPE);
}

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the classic
 * dynamic-programming table, walked back from the end exactly as Redis does
 * so that the string and the match ranges are the same ones Redis picks.
 */
function lcs(c: Client, argv: string[]): void {
  const va = readKey(c, argv[1]!);
  const vb = readKey(c, argv[2]!);
  const a = va === undefined ? "" : strOf(va);
  const b = vb === undefined ? "" : strOf(vb);
  if (a === null || b === null) return err(c, "ERR The specified keys must contain string values");
  let getlen = false;
  let getidx = false;
  let withmatchlen = false;
  let minmatchlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const o = opt(argv[j]!);
    const more = argv.length - 1 - j;
    if (is(o, "IDX")) getidx = true;
    else if (is(o, "LEN")) getlen = true;
    else if (is(o, "WITHMATCHLEN")) withmatchlen = true;
    else if (is(o, "MINMATCHLEN") && more > 0) {
      const n = int64Arg(c, argv[j + 1]!);
      if (n === null) return;
      minmatchlen = n < 0 ? 0 : Number(n);
      j++;
    } else return err(c, E.SYNTAX);
  }
  if (getidx && getlen) return err(c, "ERR If you want both the length and indexes, please just use IDX.");
  const alen = a.length;
  const blen = b.length;
  if (alen >= 0xffffffff - 1 || blen >= 0xffffffff - 1) return err(c, "ERR String too long for LCS");
  const w1 = blen + 1;
  const size = (alen + 1) * w1;
  if (size * 4 > c.server.config.protoMaxBulkLen) {
    return err(c, "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
  }
  // LCS(i,j) <= min(alen, blen): the narrowest cell type that holds it.
  const min = alen < blen ? alen : blen;
  let t: Uint8Array | Uint16Array | Uint32Array;
  try {
    t = min < 256 ? new Uint8Array(size) : min < 65536 ? new Uint16Array(size) : new Uint32Array(size);
  } catch {
    return err(c, "ERR Insufficient memory, failed allocating transient memory for LCS");
  }
  const bc = Buffer.from(b, "latin1");
  for (let i = 1; i <= alen; i++) {
    const ch = a.charCodeAt(i - 1);
    const row = i * w1;
    const prev = row - w1;
    for (let j = 1; j <= blen; j++) {
      if (ch === bc[j - 1]) t[row + j] = t[prev + j - 1]! + 1;
      else {
        const l1 = t[prev + j]!;
        const l2 = t[row + j - 1]!;
        t[row + j] = l1 > l2 ? l1 : l2;
      }
    }
  }
  const total = t[alen * w1 + blen]!;
  const computelcs = getidx || !getlen;
  const result = computelcs ? Buffer.allocUnsafe(total) : null;
  const ranges: number[] = [];
  let idx = total;
  let i = alen;
  let j = blen;
  // arangeStart === alen means "no range being tracked".
  let as = alen;
  let ae = 0;
  let bs = 0;
  let be = 0;
  while (computelcs && i > 0 && j > 0) {
    let emit = false;
    const ch = a.charCodeAt(i - 1);
    if (ch === bc[j - 1]) {
      result![idx - 1] = ch;
      if (as === alen) {
        as = ae = i - 1;
        bs = be = j - 1;
      } else if (as === i && bs === j) {
        as--;
        bs--;
      } else {
        emit = true;
      }
      if (as === 0 || bs === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      if (t[(i - 1) * w1 + j]! > t[i * w1 + j - 1]!) i--;
      else j--;
      if (as !== alen) emit = true;
    }
    if (emit) {
      const matchLen = ae - as + 1;
      if (getidx && (minmatchlen === 0 || matchLen >= minmatchlen)) ranges.push(as, ae, bs, be, matchLen);
      as = alen;
    }
  }
  const w = c.w;
  if (getidx) {
    w.mapHeader(2);
    w.bulk("matches");
    w.arrayHeader(ranges.length / 5);
    for (let k = 0; k < ranges.length; k += 5) {
      w.arrayHeader(withmatchlen ? 3 : 2);
      w.arrayHeader(2);
      w.int(ranges[k]!);
      w.int(ranges[k + 1]!);
      w.arrayHeader(2);
      w.int(ranges[k + 2]!);
      w.int(ranges[k + 3]!);
      if (withmatchlen) w.int(ranges[k + 4]!);
    }
    w.bulk("len");
    w.int(total);
  } else if (getlen) {
    w.int(total);
  } else {
    w.bulkBytes(result!);
  }
}

export const stringCommands: CommandDef[] = [
  { name: "get", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: get },
  { name: "set", arity: -3, flags: ["write", "denyoom"], keys: [1, 1, 1], handler: set },
  { name: "setnx", arity: 3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: setnx },
  { name: "setex", arity: 4, flags: ["write", "denyoom"], keys: [1, 1, 1], handler: setex },
  { name: "psetex", arity: 4, flags: ["write", "denyoom"], keys: [1, 1, 1], handler: psetex },
  { name: "getset", arity: 3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: getset },
  { name: "getdel", arity: 2, flags: ["write", "fast"], keys: [1, 1, 1], handler: getdel },
  { name: "getex", arity: -2, flags: ["write", "fast"], keys: [1, 1, 1], handler: getex },
  { name: "mget", arity: -2, flags: ["readonly", "fast"], keys: [1, -1, 1], handler: mget },
  { name: "mset", arity: -3, flags: ["write", "denyoom"], keys: [1, -1, 2], handler: mset },
  { name: "msetnx", arity: -3, flags: ["write", "denyoom"], keys: [1, -1, 2], handler: msetnx },
  { name: "append", arity: 3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: append },
  { name: "strlen", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: strlen },
  { name: "getrange", arity: 4, flags: ["readonly"], keys: [1, 1, 1], handler: getrange },
  { name: "substr", arity: 4, flags: ["readonly"], keys: [1, 1, 1], handler: getrange },
  { name: "setrange", arity: 4, flags: ["write", "denyoom"], keys: [1, 1, 1], handler: setrange },
  { name: "incr", arity: 2, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: incr },
  { name: "decr", arity: 2, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: decr },
  { name: "incrby", arity: 3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: incrby },
  { name: "decrby", arity: 3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: decrby },
  { name: "incrbyfloat", arity: 3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: incrbyfloat },
  { name: "lcs", arity: -3, flags: ["readonly"], keys: [1, 2, 1], handler: lcs },
];
