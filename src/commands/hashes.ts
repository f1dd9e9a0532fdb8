// Hash commands (Redis 7.0's t_hash.c), plus the HSCAN/SSCAN option parsing
// shared with sets.ts.
//
// Handlers follow Redis's order of checks (argument parsing, key lookup and
// type check, then the work), so that errors come out the same when several
// things are wrong at once.

import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import type { ReplyWriter } from "../protocol/reply.ts";
import { parseCursor } from "../store/cursors.ts";
import { Hash } from "../store/hash.ts";
import { PK_HDR, pkEnd, pkFindField, pkNext } from "../store/packed.ts";
import { type Elem, elemLen, elemStr, SMALL_RANDOM } from "../store/set.ts";
import { globMatch } from "../util/glob.ts";
import { addLongDouble, int64Add, parseIntStrict, parseLongDouble } from "../util/numbers.ts";
import { notify, removeMembers, typedKey, written } from "./access.ts";
import { err, int64Arg, intArg, is } from "./args.ts";
import { E, wrongArgs } from "./errors.ts";
import type { CommandDef } from "./table.ts";

const ERR_HASH_NOT_INT = "ERR hash value is not an integer";
const ERR_HASH_NOT_FLOAT = "ERR hash value is not a float";
const ERR_NAN_OR_INF = "ERR value is NaN or Infinity";
const ERR_INCR_NAN_OR_INF = "ERR increment would produce NaN or Infinity";
const ERR_OUT_OF_RANGE = "ERR value is out of range";
const ERR_COUNT_RANGE = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
const LONG_MIN = -9223372036854775808n;
/** LONG_MAX / 2 as C computes it (integer division); beyond 2^53, so a bigint. */
const HALF_LONG_MAX = 4611686018427387903n;
/**
 * Largest negative count (repetitions allowed) served by HRANDFIELD and
 * SRANDMEMBER. Redis 7.0 builds such replies without bound and runs out of
 * memory on absurd counts; here a reply is buffered whole, so a count that
 * could not possibly be buffered is refused instead.
 */
export const MAX_RANDOM_REPEAT = 1 << 24;

// --- shared helpers -----------------------------------------------------------

/** Writes a stored field, value or member as a bulk string. */
export function bulkElem(w: ReplyWriter, e: Elem): void {
  if (typeof e === "number") w.bulkInt(e);
  else w.bulk(e);
}

/**
 * The count argument of HRANDFIELD / SRANDMEMBER, as
 * getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): a number, or null
 * after replying the error.
 */
export function randomCountArg(c: Client, s: string): number | null {
  const v = int64Arg(c, s);
  if (v === null) return null;
  if (v === LONG_MIN) {
    err(c, ERR_COUNT_RANGE);
    return null;
  }
  return Number(v);
}

/** Refuses (with an error reply) a repeated-pick count too large to buffer. */
export function repeatCountOk(c: Client, count: number): boolean {
  if (count <= MAX_RANDOM_REPEAT) return true;
  err(c, ERR_OUT_OF_RANGE);
  return false;
}

/** Fisher-Yates prefix: the first `count` slots of `a` become a uniform random sample. */
export function shufflePrefix<T>(a: T[], count: number): void {
  const n = a.length;
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (n - i));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

export interface ScanOptions {
  count: number;
  /** null when every element matches (no MATCH, or MATCH "*"). */
  pattern: string | null;
}

/** The empty reply of a scan over a missing key: cursor 0, no elements. */
export function emptyScan(w: ReplyWriter): void {
  w.arrayHeader(2);
  w.bulk("0");
  w.arrayHeader(0);
}

/**
 * HSCAN/SSCAN options from argv[3] on (scanGenericCommand): COUNT n (n >= 1)
 * and MATCH pattern; TYPE belongs to SCAN only. Null after replying an error.
 */
export function parseScanOptions(c: Client, argv: string[]): ScanOptions | null {
  let count = 10;
  let pattern: string | null = null;
  for (let i = 3; i < argv.length; i += 2) {
    const opt = argv[i]!;
    const more = i + 1 < argv.length;
    if (more && is(opt, "COUNT")) {
      const n = intArg(c, argv[i + 1]!);
      if (n === null) return null;
      if (n < 1) {
        err(c, E.SYNTAX);
        return null;
      }
      count = n;
    } else if (more && is(opt, "MATCH")) {
      const p = argv[i + 1]!;
      pattern = p === "*" ? null : p;
    } else {
      err(c, E.SYNTAX);
      return null;
    }
  }
  return { count, pattern };
}

/** Matches a stored element against a MATCH pattern (null matches all). */
export function elemMatches(pattern: string | null, e: Elem): boolean {
  return pattern === null || globMatch(pattern, elemStr(e));
}

// --- lookups --------------------------------------------------------------------

function readHash(c: Client, key: string): Hash | null | undefined {
  return typedKey<Hash>(c, key, "hash", true);
}

/**
 * hashTypeLookupWriteOrCreate: the hash at key, created (and stored) when
 * missing; a new hash's packed form is sized for the field/value pairs
 * argv[2..] when argv is given.
 */
function hashForWrite(c: Client, key: string, argv?: string[]): Hash | undefined {
  const h = typedKey<Hash>(c, key, "hash", false);
  if (h !== null) return h;
  const n = new Hash(argv === undefined ? undefined : Hash.packedSize(argv, 2) || undefined);
  c.db.set(key, n);
  return n;
}

/** Replies the value of a field as a bulk string, or a null bulk. */
function replyValue(w: ReplyWriter, h: Hash | null, field: string): void {
  if (h === null) return w.nullBulk();
  const lp = h.packed;
  if (lp !== null) {
    // Straight from the packed bytes: no string is made.
    const o = pkFindField(lp, field);
    if (o < 0) return w.nullBulk();
    const vo = pkNext(lp, o);
    return w.bulkFrom(lp, vo + 1, lp[vo]!);
  }
  const v = h.get(field);
  if (v === undefined) w.nullBulk();
  else bulkElem(w, v);
}

// --- HSET / HSETNX / HMSET ------------------------------------------------------

function hsetGeneric(c: Client, argv: string[], hmset: boolean): void {
  if (argv.length % 2 === 1) return err(c, wrongArgs(hmset ? "hmset" : "hset"));
  const key = argv[1]!;
  const h = hashForWrite(c, key, argv);
  if (h === undefined) return;
  const limits = c.server.limits;
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (h.set(argv[i]!, argv[i + 1]!, limits)) created++;
  written(c, key, N.HASH, "hset");
  if (hmset) c.w.ok();
  else c.w.int(created);
}

function hset(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, false);
}

function hmset(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, true);
}

function hsetnx(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const existing = typedKey<Hash>(c, key, "hash", false);
  if (existing === undefined) return;
  if (existing !== null && existing.has(argv[2]!)) {
    c.w.int(0);
    return;
  }
  let h = existing;
  if (h === null) {
    h = new Hash(Hash.packedSize(argv, 2) || undefined);
    c.db.set(key, h);
  }
  h.set(argv[2]!, argv[3]!, c.server.limits);
  written(c, key, N.HASH, "hset");
  c.w.int(1);
}

// --- reads ----------------------------------------------------------------------

function hget(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]!);
  if (h === undefined) return;
  replyValue(c.w, h, argv[2]!);
}

function hmget(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]!);
  if (h === undefined) return;
  const w = c.w;
  w.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) replyValue(w, h, argv[i]!);
}

function hlen(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]!);
  if (h === undefined) return;
  c.w.int(h === null ? 0 : h.size);
}

function hstrlen(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]!);
  if (h === undefined) return;
  const v = h === null ? undefined : h.get(argv[2]!);
  c.w.int(v === undefined ? 0 : elemLen(v));
}

function hexists(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]!);
  if (h === undefined) return;
  c.w.int(h !== null && h.has(argv[2]!) ? 1 : 0);
}

const WANT_KEYS = 1;
const WANT_VALUES = 2;

/** genericHgetallCommand: HKEYS, HVALS, HGETALL (a map in RESP3). */
function hgetallGeneric(c: Client, key: string, what: number): void {
  const h = readHash(c, key);
  if (h === undefined) return;
  const w = c.w;
  const both = what === (WANT_KEYS | WANT_VALUES);
  const n = h === null ? 0 : h.size;
  if (both) w.mapHeader(n);
  else w.arrayHeader(n);
  if (h === null) return;
  const lp = h.packed;
  if (lp !== null) {
    // Straight from the packed bytes (field, value, field, value...).
    for (let o = PK_HDR, end = pkEnd(lp); o < end; ) {
      const vo = pkNext(lp, o);
      if (what & WANT_KEYS) w.bulkFrom(lp, o + 1, lp[o]!);
      if (what & WANT_VALUES) w.bulkFrom(lp, vo + 1, lp[vo]!);
      o = pkNext(lp, vo);
    }
    return;
  }
  if (what === WANT_KEYS) {
    for (const k of h.fields()) bulkElem(w, k);
  } else if (what === WANT_VALUES) {
    for (const v of h.values()) bulkElem(w, v);
  } else {
    for (const [k, v] of h.entries()) {
      bulkElem(w, k);
      bulkElem(w, v);
    }
  }
}

function hkeys(c: Client, argv: string[]): void {
  hgetallGeneric(c, argv[1]!, WANT_KEYS);
}

function hvals(c: Client, argv: string[]): void {
  hgetallGeneric(c, argv[1]!, WANT_VALUES);
}

function hgetall(c: Client, argv: string[]): void {
  hgetallGeneric(c, argv[1]!, WANT_KEYS | WANT_VALUES);
}

// --- HDEL -----------------------------------------------------------------------

function hdel(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const h = typedKey<Hash>(c, key, "hash", false);
  if (h === undefined) return;
  if (h === null) {
    c.w.int(0);
    return;
  }
  c.w.int(removeMembers(c, key, h, (f) => h.delete(f), argv, 2, N.HASH, "hdel"));
}

// --- HINCRBY / HINCRBYFLOAT -----------------------------------------------------

function hincrby(c: Client, argv: string[]): void {
  const incr = int64Arg(c, argv[3]!);
  if (incr === null) return;
  const key = argv[1]!;
  const field = argv[2]!;
  const h = hashForWrite(c, key);
  if (h === undefined) return;
  const cur = h.get(field);
  let value: number | bigint = 0;
  if (typeof cur === "number") {
    value = cur;
  } else if (cur !== undefined) {
    const p = parseIntStrict(cur);
    if (p === null) return err(c, ERR_HASH_NOT_INT);
    value = p;
  }
  const next = int64Add(value, incr);
  if (next === null) return err(c, E.OVERFLOW);
  h.set(field, String(next), c.server.limits);
  written(c, key, N.HASH, "hincrby");
  c.w.int(next);
}

/** strtold accepts "inf"/"infinity" in any case, with a sign. */
function isInfLiteral(s: string): boolean {
  const t = s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45 ? s.slice(1) : s;
  return /^inf(inity)?$/i.test(t);
}

/**
 * HINCRBYFLOAT: the x87 long double sum, printed "%.17Lf" without trailing
 * zeros, replicated as HSET key field <result>.
 */
function hincrbyfloat(c: Client, argv: string[]): void {
  const incr = argv[3]!;
  const d = parseLongDouble(incr);
  if (d === null) return err(c, E.NOT_FLOAT);
  if (d !== d || ((d === Infinity || d === -Infinity) && isInfLiteral(incr))) return err(c, ERR_NAN_OR_INF);
  const key = argv[1]!;
  const field = argv[2]!;
  const h = hashForWrite(c, key);
  if (h === undefined) return;
  const cur = h.get(field);
  let value = "0";
  if (typeof cur === "number") {
    value = String(cur);
  } else if (cur !== undefined) {
    if (parseLongDouble(cur) === null) return err(c, ERR_HASH_NOT_FLOAT);
    value = cur;
  }
  const r = addLongDouble(value, incr);
  if (r === null) return err(c, ERR_INCR_NAN_OR_INF);
  h.set(field, r, c.server.limits);
  written(c, key, N.HASH, "hincrbyfloat");
  c.w.bulk(r);
  c.propagate(["HSET", key, field, r]);
}

// --- HRANDFIELD -----------------------------------------------------------------

function hrandfield(c: Client, argv: string[]): void {
  const w = c.w;
  if (argv.length < 3) {
    const h = readHash(c, argv[1]!);
    if (h === undefined) return;
    if (h === null) w.nullBulk();
    else bulkElem(w, h.randomField());
    return;
  }
  const l = randomCountArg(c, argv[2]!);
  if (l === null) return;
  let withValues = false;
  if (argv.length > 4 || (argv.length === 4 && !is(argv[3]!, "WITHVALUES"))) return err(c, E.SYNTAX);
  if (argv.length === 4) {
    withValues = true;
    const exact = BigInt(parseIntStrict(argv[2]!)!);
    if (exact < -HALF_LONG_MAX || exact > HALF_LONG_MAX) return err(c, ERR_OUT_OF_RANGE);
  }
  const h = readHash(c, argv[1]!);
  if (h === undefined) return;
  if (h === null) return w.arrayHeader(0);
  const uniq = l >= 0;
  const count = uniq ? l : -l;
  if (count === 0) return w.arrayHeader(0);
  const size = h.size;
  const flat = withValues && w.proto === 2;
  const nested = withValues && w.proto !== 2;
  const emit = (k: Elem): void => {
    if (nested) w.arrayHeader(2);
    bulkElem(w, k);
    if (withValues) bulkElem(w, h.getElem(k)!);
  };

  // CASE 1: repetitions allowed (or a single field): independent picks.
  if (!uniq || count === 1) {
    if (!repeatCountOk(c, count)) return;
    w.arrayHeader(flat ? count * 2 : count);
    if (size <= SMALL_RANDOM) {
      const keys = Array.from(h.fields());
      for (let i = 0; i < count; i++) emit(keys[Math.floor(Math.random() * size)]!);
    } else {
      for (let i = 0; i < count; i++) emit(h.randomField());
    }
    return;
  }

  const n = count < size ? count : size;
  w.arrayHeader(flat ? n * 2 : n);
  // CASE 2: at least as many as there are: the whole hash, in order.
  if (count >= size) {
    for (const k of h.fields()) emit(k);
    return;
  }
  // CASE 3: many of them: a random sample of all fields, in random order.
  if (count * 3 > size) {
    const keys = Array.from(h.fields());
    shufflePrefix(keys, count);
    for (let i = 0; i < count; i++) emit(keys[i]!);
    return;
  }
  // CASE 4, listpack: distinct fields in listpack order (selection sampling,
  // as lpRandomPairsUnique).
  if (!h.big || size <= SMALL_RANDOM) {
    let need = count;
    let left = size;
    for (const k of h.fields()) {
      if (Math.random() * left < need) {
        emit(k);
        if (--need === 0) break;
      }
      left--;
    }
    return;
  }
  // CASE 4: few out of many: random picks until enough distinct ones.
  const picked = new Set<Elem>();
  while (picked.size < count) {
    const k = h.randomField();
    const before = picked.size;
    picked.add(k);
    if (picked.size !== before) emit(k);
  }
}

// --- HSCAN ----------------------------------------------------------------------

function hscan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[2]!);
  if (cursor === null) return err(c, E.INVALID_CURSOR);
  const h = readHash(c, argv[1]!);
  if (h === undefined) return;
  const w = c.w;
  if (h === null) return emptyScan(w);
  const opts = parseScanOptions(c, argv);
  if (opts === null) return;
  const pattern = opts.pattern;
  const out: Elem[] = [];
  let next = "0";
  if (!h.big) {
    // A listpack is returned whole, whatever the cursor and COUNT.
    for (const [k, v] of h.entries()) if (elemMatches(pattern, k)) out.push(k, v);
  } else {
    next = c.server.cursors.step<[Elem, Elem]>(cursor, h, () => h.scan(), opts.count, ([k, v]) => {
      if (elemMatches(pattern, k)) out.push(k, v);
    });
  }
  w.arrayHeader(2);
  w.bulk(next);
  w.arrayHeader(out.length);
  for (let i = 0; i < out.length; i++) bulkElem(w, out[i]!);
}

export const hashCommands: CommandDef[] = [
  { name: "hset", arity: -4, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: hset },
  { name: "hsetnx", arity: 4, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: hsetnx },
  { name: "hget", arity: 3, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: hget },
  { name: "hmget", arity: -3, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: hmget },
  { name: "hmset", arity: -4, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: hmset },
  { name: "hdel", arity: -3, flags: ["write", "fast"], keys: [1, 1, 1], handler: hdel },
  { name: "hlen", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: hlen },
  { name: "hstrlen", arity: 3, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: hstrlen },
  { name: "hexists", arity: 3, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: hexists },
  { name: "hkeys", arity: 2, flags: ["readonly"], keys: [1, 1, 1], handler: hkeys },
  { name: "hvals", arity: 2, flags: ["readonly"], keys: [1, 1, 1], handler: hvals },
  { name: "hgetall", arity: 2, flags: ["readonly"], keys: [1, 1, 1], handler: hgetall },
  { name: "hincrby", arity: 4, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: hincrby },
  { name: "hincrbyfloat", arity: 4, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: hincrbyfloat },
  { name: "hrandfield", arity: -2, flags: ["readonly"], keys: [1, 1, 1], handler: hrandfield },
  { name: "hscan", arity: -3, flags: ["readonly"], keys: [1, 1, 1], handler: hscan },
];
