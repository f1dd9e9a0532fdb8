// Generic key commands (Redis 7.0's db.c, expire.c and object.c): they work
// on values of any type through typeOf(), clone() and encoding().
//
// Lookups follow Redis's flavours: lookupKeyRead (hit/miss statistics and the
// "keymiss" event: readKey), lookupKeyWrite (no statistics: db.get), and
// OBJECT's lookup (statistics, no "keymiss" event).

import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import { parseCursor } from "../store/cursors.ts";
import type { Database } from "../store/keyspace.ts";
import { typeOf, type Value } from "../store/types.ts";
import { globMatch, isPlainPattern } from "../util/glob.ts";
import { parseIntStrict } from "../util/numbers.ts";
import { readKey, written } from "./access.ts";
import { err, intArg, is } from "./args.ts";
import { E, invalidExpire } from "./errors.ts";
import type { CommandDef } from "./table.ts";
import { replyHelp } from "./server.ts";

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;
/** Redis's OBJ_SHARED_INTEGERS: 0..9999 are shared objects (when maxmemory allows). */
const SHARED_INTEGERS = 10000;
/** Redis's OBJ_SHARED_REFCOUNT (INT_MAX). */
const SHARED_REFCOUNT = 2147483647;
/** Redis's LFU_INIT_VAL: the counter of a key that has not been accessed since creation. */
const LFU_INIT_VAL = 5;

/**
 * Redis's getIntFromObjectOrReply: a strict integer in the C int range; the
 * caller's message (if any) replaces both of Redis's default errors.
 */
function int32Arg(c: Client, s: string, msg?: string): number | null {
  const v = parseIntStrict(s);
  if (v === null) {
    err(c, msg ?? E.NOT_INT);
    return null;
  }
  if (typeof v !== "number" || v < -2147483648 || v > 2147483647) {
    err(c, msg ?? "ERR value is out of range, value must between -2147483648 and 2147483647");
    return null;
  }
  return v;
}

/** The database with that index, or null after replying "DB index is out of range". */
function dbArg(c: Client, s: string): Database | null {
  const id = int32Arg(c, s);
  if (id === null) return null;
  const db = c.server.dbs[id];
  if (id < 0 || db === undefined) {
    err(c, E.DB_RANGE);
    return null;
  }
  return db;
}

/** Redis formats some arguments with %s: a NUL byte ends the C string. */
function cstr(s: string): string {
  const i = s.indexOf("\0");
  return i === -1 ? s : s.slice(0, i);
}

/**
 * Redis's keyIsExpired, without deleting: KEYS only filters expired keys out
 * (a read-only scan must not delete while it replies).
 */
function isExpired(db: Database, key: string, now: number): boolean {
  if (db.expires.size === 0) return false;
  const when = db.expires.get(key);
  return when !== undefined && now > when;
}

// --- DEL / UNLINK / EXISTS / TOUCH / TYPE -------------------------------

/** DEL and UNLINK (freeing is the GC's job, so both are the same here). */
function del(c: Client, argv: string[]): void {
  const db = c.db;
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i]!;
    // db.get first: an expired key is expired (propagated as DEL, "expired"
    // event) and not counted, as expireIfNeeded + dbDelete in Redis.
    if (db.get(key) !== undefined && db.delete(key)) {
      written(c, key, N.GENERIC, "del");
      n++;
    }
  }
  c.w.int(n);
}

/** EXISTS and TOUCH: count the keys that exist, each lookup counted as a read. */
function exists(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (readKey(c, argv[i]!) !== undefined) n++;
  c.w.int(n);
}

function type(c: Client, argv: string[]): void {
  const v = readKey(c, argv[1]!);
  c.w.simple(v === undefined ? "none" : typeOf(v));
}

// --- KEYS / SCAN / RANDOMKEY --------------------------------------------

function keys(c: Client, argv: string[]): void {
  const pattern = argv[1]!;
  const db = c.db;
  const now = db.now();
  const out: string[] = [];
  if (isPlainPattern(pattern)) {
    // A pattern without * ? [ \ matches only itself: one lookup.
    if (db.data.has(pattern) && !isExpired(db, pattern, now)) out.push(pattern);
  } else if (pattern === "*") {
    for (const k of db.data.keys()) if (!isExpired(db, k, now)) out.push(k);
  } else {
    for (const k of db.data.keys()) if (globMatch(pattern, k) && !isExpired(db, k, now)) out.push(k);
  }
  c.w.bulkArray(out);
}

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. A cursor names a
 * suspended iterator over the database's key map (see store/cursors.ts): a
 * key present for the whole iteration is returned exactly once; keys added
 * or removed meanwhile may or may not be.
 */
function scan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[1]!);
  if (cursor === null) return err(c, E.INVALID_CURSOR);
  let count = 10;
  let pattern: string | null = null;
  let typeName: string | null = null;
  for (let i = 2; i < argv.length; ) {
    const opt = argv[i]!;
    const left = argv.length - i;
    if (left >= 2 && is(opt, "COUNT")) {
      const n = intArg(c, argv[i + 1]!);
      if (n === null) return;
      if (n < 1) return err(c, E.SYNTAX);
      count = n;
    } else if (left >= 2 && is(opt, "MATCH")) {
      const p = argv[i + 1]!;
      pattern = p === "*" ? null : p; // "*" matches everything: no filtering
    } else if (left >= 2 && is(opt, "TYPE")) {
      typeName = argv[i + 1]!.toLowerCase();
    } else {
      return err(c, E.SYNTAX);
    }
    i += 2;
  }

  const db = c.db;
  const data = db.data;
  const batch: string[] = [];
  const next = c.server.cursors.step(cursor, data, () => data.keys(), count, (key) => batch.push(key));

  // Filter as Redis does, in its order: pattern, type, expiry.
  const out: string[] = [];
  for (let i = 0; i < batch.length; i++) {
    const key = batch[i]!;
    if (pattern !== null && !globMatch(pattern, key)) continue;
    if (typeName !== null) {
      // lookupKeyReadWithFlags: counts as a read; an expired key is deleted
      // here and has type "none".
      const v = readKey(c, key);
      if ((v === undefined ? "none" : typeOf(v)) !== typeName) continue;
      // Redis's later expireIfNeeded finds nothing left to expire.
      out.push(key);
      continue;
    }
    if (db.get(key) === undefined) continue; // expired: deleted, not returned
    out.push(key);
  }

  const w = c.w;
  w.arrayHeader(2);
  w.bulk(next);
  w.bulkArray(out);
}

function randomkey(c: Client): void {
  const db = c.db;
  // Database.randomKey gives up after 100 expired picks (each one deleted);
  // Redis keeps trying until it finds a live key or the database is empty.
  let key = db.randomKey();
  while (key === null && db.size > 0) key = db.randomKey();
  if (key === null) c.w.nullBulk();
  else c.w.bulk(key);
}

// --- RENAME / RENAMENX / COPY / MOVE / SWAPDB ---------------------------

function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const src = argv[1]!;
  const dst = argv[2]!;
  const db = c.db;
  const v = db.get(src);
  if (v === undefined) return err(c, E.NO_SUCH_KEY);
  if (src === dst) {
    // Nothing to do, but the source must exist (checked above).
    if (nx) c.w.int(0);
    else c.w.ok();
    return;
  }
  const when = db.ttlOf(src);
  if (db.get(dst) !== undefined) {
    if (nx) return c.w.int(0);
    db.delete(dst); // overwritten silently (no "del" event), as dbDelete
  }
  db.set(dst, v);
  if (when !== -1) db.setExpire(dst, when);
  db.delete(src);
  written(c, src, N.GENERIC, "rename_from");
  written(c, dst, N.GENERIC, "rename_to");
  if (nx) c.w.int(1);
  else c.w.ok();
}

function rename(c: Client, argv: string[]): void {
  renameGeneric(c, argv, false);
}

function renamenx(c: Client, argv: string[]): void {
  renameGeneric(c, argv, true);
}

/** A deep copy: strings are immutable here (RawString boxes are cloned). */
function duplicate(v: Value): Value {
  return typeof v === "object" ? v.clone() : v;
}

/** COPY source destination [DB destination-db] [REPLACE] */
function copy(c: Client, argv: string[]): void {
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    if (is(opt, "REPLACE")) {
      replace = true;
    } else if (is(opt, "DB") && j + 1 < argv.length) {
      const db = dbArg(c, argv[++j]!);
      if (db === null) return;
      dst = db;
    } else {
      return err(c, E.SYNTAX);
    }
  }
  const key = argv[1]!;
  const newkey = argv[2]!;
  if (src === dst && key === newkey) return err(c, E.SAME_OBJECT);
  const v = readKey(c, key);
  if (v === undefined) return c.w.int(0);
  const when = src.ttlOf(key);
  if (dst.get(newkey) !== undefined) {
    if (!replace) return c.w.int(0);
    dst.delete(newkey);
  }
  dst.set(newkey, duplicate(v));
  if (when !== -1) dst.setExpire(newkey, when);
  c.server.prop.written(dst.id, newkey, N.GENERIC, "copy_to");
  c.w.int(1);
}

/** MOVE key db */
function move(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const dst = dbArg(c, argv[2]!);
  if (dst === null) return;
  const src = c.db;
  if (dst === src) return err(c, E.SAME_OBJECT);
  const v = src.get(key);
  if (v === undefined) return c.w.int(0);
  const when = src.ttlOf(key);
  if (dst.get(key) !== undefined) return c.w.int(0);
  dst.set(key, v);
  if (when !== -1) dst.setExpire(key, when);
  src.delete(key);
  written(c, key, N.GENERIC, "move_from");
  c.server.prop.written(dst.id, key, N.GENERIC, "move_to");
  c.w.int(1);
}

/** SWAPDB index1 index2 */
function swapdb(c: Client, argv: string[]): void {
  const id1 = int32Arg(c, argv[1]!, "ERR invalid first DB index");
  if (id1 === null) return;
  const id2 = int32Arg(c, argv[2]!, "ERR invalid second DB index");
  if (id2 === null) return;
  const dbs = c.server.dbs;
  if (id1 < 0 || id1 >= dbs.length || id2 < 0 || id2 >= dbs.length) return err(c, E.DB_RANGE);
  const prop = c.server.prop;
  if (id1 !== id2) {
    const a = dbs[id1]!;
    const b = dbs[id2]!;
    a.swapWith(b);
    prop.swapped(id1, id2);
  }
  prop.dirty++; // replicated even when both indexes are the same, as Redis
  c.w.ok();
}

// --- EXPIRE family -------------------------------------------------------

const EX_NX = 1,
  EX_XX = 2,
  EX_GT = 4,
  EX_LT = 8;

/**
 * Redis 7.0's expireGenericCommand. `relative`: the time is added to now;
 * `seconds`: the unit is seconds. Always replicated as PEXPIREAT with the
 * absolute time (options kept), or as DEL when the time is already past.
 */
function expireGeneric(c: Client, argv: string[], relative: boolean, seconds: boolean, name: string): void {
  const key = argv[1]!;
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    if (is(opt, "NX")) flags |= EX_NX;
    else if (is(opt, "XX")) flags |= EX_XX;
    else if (is(opt, "GT")) flags |= EX_GT;
    else if (is(opt, "LT")) flags |= EX_LT;
    else return err(c, `ERR Unsupported option ${cstr(opt)}`);
  }
  if (flags & EX_NX && flags & (EX_XX | EX_GT | EX_LT)) {
    return err(c, "ERR NX and XX, GT or LT options at the same time are not compatible");
  }
  if (flags & EX_GT && flags & EX_LT) return err(c, "ERR GT and LT options at the same time are not compatible");

  const parsed = parseIntStrict(argv[2]!);
  if (parsed === null) return err(c, E.NOT_INT);
  const db = c.db;
  const now = db.now();
  const base = relative ? now : 0;
  let when: number;
  if (typeof parsed === "number" && parsed < 1e12 && parsed > -1e12) {
    // Common case: exact in doubles, no overflow possible.
    when = (seconds ? parsed * 1000 : parsed) + base;
  } else {
    // The overflow checks of expireGenericCommand, in exact int64 arithmetic.
    let w = BigInt(parsed);
    if (seconds) {
      if (w > LLONG_MAX / 1000n || w < LLONG_MIN / 1000n) return err(c, invalidExpire(name));
      w *= 1000n;
    }
    if (w > LLONG_MAX - BigInt(base)) return err(c, invalidExpire(name));
    when = Number(w + BigInt(base));
  }

  if (db.get(key) === undefined) return c.w.int(0);

  if (flags !== 0) {
    const current = db.ttlOf(key);
    if (flags & EX_NX && current !== -1) return c.w.int(0);
    if (flags & EX_XX && current === -1) return c.w.int(0);
    // No TTL counts as infinite: GT never beats it, LT always does.
    if (flags & EX_GT && (current === -1 || when <= current)) return c.w.int(0);
    if (flags & EX_LT && current !== -1 && when >= current) return c.w.int(0);
  }

  if (when <= now) {
    // checkAlreadyExpired: delete now, replicate as DEL, notify "del".
    db.delete(key);
    written(c, key, N.GENERIC, "del");
    c.propagate(["DEL", key]);
  } else {
    db.setExpire(key, when);
    written(c, key, N.GENERIC, "expire");
    if (name !== "pexpireat") {
      const as = argv.slice();
      as[0] = "PEXPIREAT";
      as[2] = String(when);
      c.propagate(as);
    }
  }
  c.w.int(1);
}

function expire(c: Client, argv: string[]): void {
  expireGeneric(c, argv, true, true, "expire");
}

function pexpire(c: Client, argv: string[]): void {
  expireGeneric(c, argv, true, false, "pexpire");
}

function expireat(c: Client, argv: string[]): void {
  expireGeneric(c, argv, false, true, "expireat");
}

function pexpireat(c: Client, argv: string[]): void {
  expireGeneric(c, argv, false, false, "pexpireat");
}

/** TTL, PTTL, EXPIRETIME, PEXPIRETIME (Redis's ttlGenericCommand). */
function ttlGeneric(c: Client, key: string, ms: boolean, absolute: boolean): void {
  if (readKey(c, key) === undefined) return c.w.int(-2);
  const db = c.db;
  const when = db.ttlOf(key);
  if (when === -1) return c.w.int(-1);
  let t = absolute ? when : when - db.now();
  if (t < 0) t = 0;
  c.w.int(ms ? t : Math.floor((t + 500) / 1000));
}

function ttl(c: Client, argv: string[]): void {
  ttlGeneric(c, argv[1]!, false, false);
}

function pttl(c: Client, argv: string[]): void {
  ttlGeneric(c, argv[1]!, true, false);
}

function expiretime(c: Client, argv: string[]): void {
  ttlGeneric(c, argv[1]!, false, true);
}

function pexpiretime(c: Client, argv: string[]): void {
  ttlGeneric(c, argv[1]!, true, true);
}

function persist(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const db = c.db;
  if (db.get(key) !== undefined && db.persist(key)) {
    written(c, key, N.GENERIC, "persist");
    c.w.int(1);
  } else {
    c.w.int(0);
  }
}

// --- OBJECT --------------------------------------------------------------

/** objectCommandLookup: counts hits/misses, no "keymiss" event; replies nil when missing. */
function objectLookup(c: Client, key: string): Value | undefined {
  const v = c.db.get(key);
  if (v === undefined) {
    c.server.stats.keyspaceMisses++;
    c.w.nullBulk();
  } else {
    c.server.stats.keyspaceHits++;
  }
  return v;
}

/** What Redis 7.0's tryObjectEncoding would have made of a string of these bytes. */
export function stringEncoding(s: string): string {
  if (s.length <= 20 && parseIntStrict(s) !== null) return "int";
  return s.length <= 44 ? "embstr" : "raw";
}

export function encodingOf(v: Value): string {
  if (typeof v === "number") return "int";
  if (typeof v === "string") return stringEncoding(v);
  return v.encoding();
}

function maxmemoryPolicy(c: Client): string {
  return c.server.config.get("maxmemory-policy") ?? "noeviction";
}

function lfuPolicy(c: Client): boolean {
  return maxmemoryPolicy(c).endsWith("-lfu");
}

/**
 * Redis stores 0..9999 as shared integer objects unless maxmemory is set with
 * an LRU/LFU policy (MAXMEMORY_FLAG_NO_SHARED_INTEGERS).
 */
function isSharedInteger(c: Client, v: Value): boolean {
  if (typeof v !== "number" || v < 0 || v >= SHARED_INTEGERS) return false;
  if (c.server.config.getInt("maxmemory") === 0) return true;
  const p = maxmemoryPolicy(c);
  return !p.endsWith("-lru") && !p.endsWith("-lfu");
}

function objectEncoding(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]!);
  if (v !== undefined) c.w.bulk(encodingOf(v));
}

/**
 * Per-key access times are not tracked (it would cost a map update on every
 * lookup), so every key reports an idle time of 0 seconds.
 */
function objectIdletime(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]!);
  if (v === undefined) return;
  if (lfuPolicy(c)) {
    return err(
      c,
      "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
    );
  }
  c.w.int(0);
}

/**
 * Access frequencies are not tracked either: under an LFU policy every key
 * reports the counter Redis gives a key not accessed since its creation
 * (LFU_INIT_VAL; 0 for shared integers, whose counter is never set).
 */
function objectFreq(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]!);
  if (v === undefined) return;
  if (!lfuPolicy(c)) {
    return err(
      c,
      "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
    );
  }
  c.w.int(isSharedInteger(c, v) ? 0 : LFU_INIT_VAL);
}

function objectRefcount(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]!);
  if (v !== undefined) c.w.int(isSharedInteger(c, v) ? SHARED_REFCOUNT : 1);
}

const OBJECT_HELP = [
  "ENCODING <key>",
  "    Return the kind of internal representation used in order to store the value",
  "    associated with a <key>.",
  "FREQ <key>",
  "    Return the access frequency index of the <key>. The returned integer is",
  "    proportional to the logarithm of the recent access frequency of the key.",
  "IDLETIME <key>",
  "    Return the idle time of the <key>, that is the approximated number of",
  "    seconds elapsed since the last access to the key.",
  "REFCOUNT <key>",
  "    Return the number of references of the value associated with the specified",
  "    <key>.",
];


export const keyCommands: CommandDef[] = [
  { name: "del", arity: -2, flags: ["write"], keys: [1, -1, 1], handler: del },
  { name: "unlink", arity: -2, flags: ["write", "fast"], keys: [1, -1, 1], handler: del },
  { name: "exists", arity: -2, flags: ["readonly", "fast"], keys: [1, -1, 1], handler: exists },
  { name: "touch", arity: -2, flags: ["readonly", "fast"], keys: [1, -1, 1], handler: exists },
  { name: "type", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: type },
  { name: "keys", arity: 2, flags: ["readonly"], handler: keys },
  { name: "scan", arity: -2, flags: ["readonly"], handler: scan },
  { name: "randomkey", arity: 1, flags: ["readonly"], handler: randomkey },
  { name: "rename", arity: 3, flags: ["write"], keys: [1, 2, 1], handler: rename },
  { name: "renamenx", arity: 3, flags: ["write", "fast"], keys: [1, 2, 1], handler: renamenx },
  { name: "copy", arity: -3, flags: ["write", "denyoom"], keys: [1, 2, 1], handler: copy },
  { name: "move", arity: 3, flags: ["write", "fast"], keys: [1, 1, 1], handler: move },
  { name: "swapdb", arity: 3, flags: ["write", "fast"], handler: swapdb },
  { name: "expire", arity: -3, flags: ["write", "fast"], keys: [1, 1, 1], handler: expire },
  { name: "pexpire", arity: -3, flags: ["write", "fast"], keys: [1, 1, 1], handler: pexpire },
  { name: "expireat", arity: -3, flags: ["write", "fast"], keys: [1, 1, 1], handler: expireat },
  { name: "pexpireat", arity: -3, flags: ["write", "fast"], keys: [1, 1, 1], handler: pexpireat },
  { name: "ttl", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: ttl },
  { name: "pttl", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: pttl },
  { name: "expiretime", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: expiretime },
  { name: "pexpiretime", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: pexpiretime },
  { name: "persist", arity: 2, flags: ["write", "fast"], keys: [1, 1, 1], handler: persist },
  {
    name: "object",
    arity: -2,
    flags: [],
    subcommands: [
      { name: "encoding", arity: 3, flags: ["readonly"], keys: [2, 2, 1], handler: objectEncoding },
      { name: "freq", arity: 3, flags: ["readonly"], keys: [2, 2, 1], handler: objectFreq },
      { name: "idletime", arity: 3, flags: ["readonly"], keys: [2, 2, 1], handler: objectIdletime },
      { name: "refcount", arity: 3, flags: ["readonly"], keys: [2, 2, 1], handler: objectRefcount },
      { name: "help", arity: 2, flags: ["loading", "stale"], handler: (c) => replyHelp(c, "OBJECT", OBJECT_HELP) },
    ],
  },
];
