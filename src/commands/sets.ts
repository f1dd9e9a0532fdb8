// Set commands (Redis 7.0's t_set.c).
//
// Handlers follow Redis's order of checks (argument parsing, key lookups and
// type checks, then the work). Replies that Redis builds as sets (SMEMBERS,
// SINTER, SUNION, SDIFF, SPOP with a count) are RESP3 sets; SRANDMEMBER with
// a count, which may repeat members, is an array.

import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import { parseCursor } from "../store/cursors.ts";
import type { EncodingLimits } from "../store/limits.ts";
import { PK_HDR, PK_MAX_BYTES, pkEnd, pkNext } from "../store/packed.ts";
import { type Elem, elemStr, isIntElem, RSet, SMALL_RANDOM } from "../store/set.ts";
import { parseIntStrict } from "../util/numbers.ts";
import { notify, removeMembers, typedKey, written } from "./access.ts";
import { err, is } from "./args.ts";
import { E } from "./errors.ts";
import {
  bulkElem,
  elemMatches,
  emptyScan,
  parseScanOptions,
  randomCountArg,
  repeatCountOk,
  shufflePrefix,
} from "./hashes.ts";
import type { CommandDef } from "./table.ts";

const ERR_POSITIVE = "ERR value is out of range, must be positive";
const ERR_NUMKEYS = "ERR numkeys should be greater than 0";
const ERR_NUMKEYS_ARGS = "ERR Number of keys can't be greater than number of args";
const ERR_LIMIT = "ERR LIMIT can't be negative";
/** SPOP_MOVE_STRATEGY_MUL: pop one by one while remaining * 5 > count. */
const SPOP_MOVE_STRATEGY_MUL = 5;
/** SRANDMEMBER_SUB_STRATEGY_MUL */
const SRANDMEMBER_SUB_STRATEGY_MUL = 3;

function readSet(c: Client, key: string): RSet | null | undefined {
  return typedKey<RSet>(c, key, "set", true);
}

function writeSet(c: Client, key: string): RSet | null | undefined {
  return typedKey<RSet>(c, key, "set", false);
}

/**
 * The order in which Redis lists a set after copying it into a new set
 * (SPOP of the whole set goes through SUNION): the copy is re-encoded, so an
 * all-integer set small enough for an intset comes out sorted even when the
 * original has been converted to a hashtable.
 */
function copyOrder(s: RSet, limits: EncodingLimits): Iterable<Elem> {
  if (s.intset || s.size > limits.setMaxIntsetEntries) return s.members();
  for (const e of s.elems()) if (!isIntElem(e)) return s.elems();
  return RSet.from(s.elems(), limits).members();
}

// --- SADD / SREM / SMOVE ------------------------------------------------------

function sadd(c: Client, argv: string[]): void {
  const key = argv[1]!;
  let s = writeSet(c, key);
  if (s === undefined) return;
  if (s === null) {
    // Size the packed form for all the members at once.
    let cap = PK_HDR;
    for (let i = 2; i < argv.length; i++) cap += 1 + argv[i]!.length;
    s = new RSet(cap <= PK_MAX_BYTES ? cap : undefined);
    c.db.set(key, s);
  }
  const limits = c.server.limits;
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (s.add(argv[i]!, limits)) added++;
  if (added > 0) written(c, key, N.SET, "sadd");
  c.w.int(added);
}

function srem(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const s = writeSet(c, key);
  if (s === undefined) return;
  if (s === null) return c.w.int(0);
  c.w.int(removeMembers(c, key, s, (m) => s.delete(m), argv, 2, N.SET, "srem"));
}

function smove(c: Client, argv: string[]): void {
  const srcKey = argv[1]!;
  const dstKey = argv[2]!;
  const member = argv[3]!;
  const db = c.db;
  const src = db.get(srcKey);
  const dst = db.get(dstKey);
  if (src === undefined) return c.w.int(0);
  if (typeof src !== "object" || src.type !== "set") return err(c, E.WRONGTYPE);
  if (dst !== undefined && (typeof dst !== "object" || dst.type !== "set")) return err(c, E.WRONGTYPE);
  const from = src as RSet;
  if (src === dst) return c.w.int(from.has(member) ? 1 : 0);
  if (!from.delete(member)) return c.w.int(0);
  written(c, srcKey, N.SET, "srem");
  if (from.size === 0) {
    db.delete(srcKey);
    notify(c, srcKey, N.GENERIC, "del");
  }
  let to = dst as RSet | undefined;
  if (to === undefined) {
    to = new RSet();
    db.set(dstKey, to);
  }
  if (to.add(member, c.server.limits)) written(c, dstKey, N.SET, "sadd");
  c.w.int(1);
}

// --- reads ----------------------------------------------------------------------

function scard(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]!);
  if (s === undefined) return;
  c.w.int(s === null ? 0 : s.size);
}

function sismember(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]!);
  if (s === undefined) return;
  c.w.int(s !== null && s.has(argv[2]!) ? 1 : 0);
}

function smismember(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]!);
  if (s === undefined) return;
  const w = c.w;
  w.arrayHeader(argv.length - 2);
  for (let i = 2; i < argv.length; i++) w.int(s !== null && s.has(argv[i]!) ? 1 : 0);
}

function smembers(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]!);
  if (s === undefined) return;
  const w = c.w;
  if (s === null) return w.setHeader(0);
  w.setHeader(s.size);
  const lp = s.packed;
  if (lp !== null) {
    // Straight from the packed bytes, already in members() order.
    for (let o = PK_HDR, end = pkEnd(lp); o < end; o = pkNext(lp, o)) w.bulkFrom(lp, o + 1, lp[o]!);
    return;
  }
  for (const e of s.members()) bulkElem(w, e);
}

// --- SRANDMEMBER / SPOP ---------------------------------------------------------

function srandmember(c: Client, argv: string[]): void {
  const w = c.w;
  if (argv.length > 3) return err(c, E.SYNTAX);
  if (argv.length === 2) {
    const s = readSet(c, argv[1]!);
    if (s === undefined) return;
    if (s === null) w.nullBulk();
    else bulkElem(w, s.random());
    return;
  }
  const l = randomCountArg(c, argv[2]!);
  if (l === null) return;
  const s = readSet(c, argv[1]!);
  if (s === undefined) return;
  if (s === null) return w.arrayHeader(0);
  const uniq = l >= 0;
  const count = uniq ? l : -l;
  if (count === 0) return w.arrayHeader(0);
  const size = s.size;

  // CASE 1: repetitions allowed (or a single member): independent picks.
  if (!uniq || count === 1) {
    if (!repeatCountOk(c, count)) return;
    w.arrayHeader(count);
    if (size <= SMALL_RANDOM) {
      const all = Array.from(s.elems());
      for (let i = 0; i < count; i++) bulkElem(w, all[Math.floor(Math.random() * size)]!);
    } else {
      for (let i = 0; i < count; i++) bulkElem(w, s.random());
    }
    return;
  }
  // CASE 2: at least as many as there are: the whole set, in its order.
  if (count >= size) {
    w.arrayHeader(size);
    for (const e of s.members()) bulkElem(w, e);
    return;
  }
  w.arrayHeader(count);
  // CASE 3: many of them: a random prefix of all members.
  if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size || size <= SMALL_RANDOM) {
    const all = Array.from(s.elems());
    shufflePrefix(all, count);
    for (let i = 0; i < count; i++) bulkElem(w, all[i]!);
    return;
  }
  // CASE 4: few out of many: random picks until enough distinct ones.
  const picked = new Set<Elem>();
  while (picked.size < count) {
    const e = s.random();
    const before = picked.size;
    picked.add(e);
    if (picked.size !== before) bulkElem(w, e);
  }
}

function spop(c: Client, argv: string[]): void {
  if (argv.length > 3) return err(c, E.SYNTAX);
  if (argv.length === 3) return spopWithCount(c, argv);
  const key = argv[1]!;
  const s = writeSet(c, key);
  if (s === undefined) return;
  if (s === null) return c.w.nullBulk();
  const e = s.random();
  s.deleteElem(e);
  written(c, key, N.SET, "spop");
  c.propagate(["SREM", key, elemStr(e)]);
  bulkElem(c.w, e);
  if (s.size === 0) {
    c.db.delete(key);
    notify(c, key, N.GENERIC, "del");
  }
}

function spopWithCount(c: Client, argv: string[]): void {
  const p = parseIntStrict(argv[2]!);
  if (p === null || p < 0) return err(c, ERR_POSITIVE);
  const key = argv[1]!;
  const s = writeSet(c, key);
  if (s === undefined) return;
  const w = c.w;
  if (s === null || p === 0) return w.setHeader(0);
  const count = Number(p);
  const size = s.size;
  const limits = c.server.limits;
  written(c, key, N.SET, "spop");

  // CASE 1: the whole set; replicated as DEL.
  if (count >= size) {
    w.setHeader(size);
    for (const e of copyOrder(s, limits)) bulkElem(w, e);
    c.db.delete(key);
    notify(c, key, N.GENERIC, "del");
    c.propagate(["DEL", key]);
    return;
  }

  // Cases 2 and 3 are replicated as one SREM per popped member.
  w.setHeader(count);
  let remaining = size - count;
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    // CASE 2: pop random members one by one.
    for (let i = 0; i < count; i++) {
      const e = s.random();
      s.deleteElem(e);
      bulkElem(w, e);
      c.propagate(["SREM", key, elemStr(e)]);
    }
    return;
  }
  // CASE 3: move the few survivors to a new set (encoded afresh, as Redis's
  // setTypeCreate + setTypeAdd do) and return what is left in the old one.
  const kept: Elem[] = [];
  while (remaining-- > 0) {
    const e = s.random();
    s.deleteElem(e);
    kept.push(e);
  }
  for (const e of s.members()) {
    bulkElem(w, e);
    c.propagate(["SREM", key, elemStr(e)]);
  }
  c.db.replace(key, RSet.from(kept, limits));
}

// --- SINTER / SINTERCARD / SINTERSTORE -----------------------------------------

/**
 * The sets at keys[from..to), null for missing keys; undefined after
 * replying WRONGTYPE (every key is checked, as Redis does). `read` selects
 * hit/miss accounting (the STORE variants look keys up for writing).
 */
function loadSets(c: Client, argv: string[], from: number, to: number, read: boolean): (RSet | null)[] | undefined {
  const sets: (RSet | null)[] = [];
  for (let i = from; i < to; i++) {
    const s = typedKey<RSet>(c, argv[i]!, "set", read);
    if (s === undefined) return undefined;
    sets.push(s);
  }
  return sets;
}

/** Stores a computed set at dst (setKey: any old value and TTL go), or deletes dst when empty. */
function storeResult(c: Client, dst: string, result: RSet, event: string): void {
  const db = c.db;
  if (result.size > 0) {
    db.set(dst, result);
    written(c, dst, N.SET, event);
    c.w.int(result.size);
    return;
  }
  if (db.get(dst) !== undefined) {
    db.delete(dst);
    written(c, dst, N.GENERIC, "del");
  }
  c.w.int(0);
}

/**
 * sinterGenericCommand over argv[from..to): replies the intersection (a set),
 * its cardinality (cardOnly, stopping at limit when limit > 0), or stores it
 * at dst.
 */
function sinterGeneric(c: Client, argv: string[], from: number, to: number, dst: string | null, cardOnly: boolean, limit: number): void {
  const sets = loadSets(c, argv, from, to, dst === null);
  if (sets === undefined) return;
  const w = c.w;
  if (sets.includes(null)) {
    if (dst !== null) storeResult(c, dst, new RSet(), "sinterstore");
    else if (cardOnly) w.int(0);
    else w.setHeader(0);
    return;
  }
  const sorted = (sets as RSet[]).slice().sort((a, b) => a.size - b.size);
  const first = sorted[0]!;
  const others = sorted.length - 1;
  if (cardOnly) {
    let card = 0;
    outer: for (const e of first.elems()) {
      for (let j = 1; j <= others; j++) if (!sorted[j]!.hasElem(e)) continue outer;
      card++;
      if (card === limit) break;
    }
    w.int(card);
    return;
  }
  const out: Elem[] = [];
  outer: for (const e of first.members()) {
    for (let j = 1; j <= others; j++) if (!sorted[j]!.hasElem(e)) continue outer;
    out.push(e);
  }
  if (dst !== null) {
    storeResult(c, dst, RSet.from(out, c.server.limits), "sinterstore");
    return;
  }
  w.setHeader(out.length);
  for (let i = 0; i < out.length; i++) bulkElem(w, out[i]!);
}

function sinter(c: Client, argv: string[]): void {
  sinterGeneric(c, argv, 1, argv.length, null, false, 0);
}

function sinterstore(c: Client, argv: string[]): void {
  sinterGeneric(c, argv, 2, argv.length, argv[1]!, false, 0);
}

function sintercard(c: Client, argv: string[]): void {
  const nk = parseIntStrict(argv[1]!);
  if (nk === null || nk < 1) return err(c, ERR_NUMKEYS);
  if (nk > argv.length - 2) return err(c, ERR_NUMKEYS_ARGS);
  const numkeys = Number(nk);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (is(argv[j]!, "LIMIT") && j < argv.length - 1) {
      const l = parseIntStrict(argv[++j]!);
      if (l === null || l < 0) return err(c, ERR_LIMIT);
      limit = Number(l);
    } else {
      return err(c, E.SYNTAX);
    }
  }
  sinterGeneric(c, argv, 2, 2 + numkeys, null, true, limit);
}

/** SINTERCARD's keys: numkeys at argv[1], then the keys. */
function sintercardKeys(argv: readonly string[]): number[] {
  const nk = parseIntStrict(argv[1] ?? "");
  if (nk === null || nk < 1 || nk > argv.length - 2) return [];
  const out: number[] = [];
  for (let i = 0; i < Number(nk); i++) out.push(2 + i);
  return out;
}

// --- SUNION / SDIFF ---------------------------------------------------------------

const OP_UNION = 0;
const OP_DIFF = 1;

function sunionDiffGeneric(c: Client, argv: string[], from: number, dst: string | null, op: number): void {
  const sets = loadSets(c, argv, from, argv.length, dst === null);
  if (sets === undefined) return;
  const limits = c.server.limits;
  const result = new RSet();
  if (op === OP_UNION) {
    for (const s of sets) if (s !== null) for (const e of s.elems()) result.addElem(e, limits);
  } else {
    const first = sets[0];
    if (first !== null && first !== undefined) {
      outer: for (const e of first.elems()) {
        for (let j = 1; j < sets.length; j++) {
          const o = sets[j];
          if (o !== null && o!.hasElem(e)) continue outer;
        }
        result.addElem(e, limits);
      }
    }
  }
  if (dst !== null) {
    storeResult(c, dst, result, op === OP_UNION ? "sunionstore" : "sdiffstore");
    return;
  }
  const w = c.w;
  w.setHeader(result.size);
  for (const e of result.members()) bulkElem(w, e);
}

function sunion(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv, 1, null, OP_UNION);
}

function sunionstore(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv, 2, argv[1]!, OP_UNION);
}

function sdiff(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv, 1, null, OP_DIFF);
}

function sdiffstore(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv, 2, argv[1]!, OP_DIFF);
}

// --- SSCAN ------------------------------------------------------------------------

function sscan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[2]!);
  if (cursor === null) return err(c, E.INVALID_CURSOR);
  const s = readSet(c, argv[1]!);
  if (s === undefined) return;
  const w = c.w;
  if (s === null) return emptyScan(w);
  const opts = parseScanOptions(c, argv);
  if (opts === null) return;
  const pattern = opts.pattern;
  const out: Elem[] = [];
  let next = "0";
  if (s.intset) {
    // An intset is returned whole, whatever the cursor and COUNT.
    for (const e of s.members()) if (elemMatches(pattern, e)) out.push(e);
  } else {
    next = c.server.cursors.step<Elem>(cursor, s, () => s.scan(), opts.count, (e) => {
      if (elemMatches(pattern, e)) out.push(e);
    });
  }
  w.arrayHeader(2);
  w.bulk(next);
  w.arrayHeader(out.length);
  for (let i = 0; i < out.length; i++) bulkElem(w, out[i]!);
}

export const setCommands: CommandDef[] = [
  { name: "sadd", arity: -3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: sadd },
  { name: "srem", arity: -3, flags: ["write", "fast"], keys: [1, 1, 1], handler: srem },
  { name: "scard", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: scard },
  { name: "sismember", arity: 3, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: sismember },
  { name: "smismember", arity: -3, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: smismember },
  { name: "smembers", arity: 2, flags: ["readonly"], keys: [1, 1, 1], handler: smembers },
  { name: "srandmember", arity: -2, flags: ["readonly"], keys: [1, 1, 1], handler: srandmember },
  { name: "spop", arity: -2, flags: ["write", "fast"], keys: [1, 1, 1], handler: spop },
  { name: "smove", arity: 4, flags: ["write", "fast"], keys: [1, 2, 1], handler: smove },
  { name: "sinter", arity: -2, flags: ["readonly"], keys: [1, -1, 1], handler: sinter },
  {
    name: "sintercard",
    arity: -3,
    flags: ["readonly", "movablekeys"],
    keys: [0, 0, 0],
    getKeys: sintercardKeys,
    handler: sintercard,
  },
  { name: "sunion", arity: -2, flags: ["readonly"], keys: [1, -1, 1], handler: sunion },
  { name: "sdiff", arity: -2, flags: ["readonly"], keys: [1, -1, 1], handler: sdiff },
  { name: "sinterstore", arity: -3, flags: ["write", "denyoom"], keys: [1, -1, 1], handler: sinterstore },
  { name: "sunionstore", arity: -3, flags: ["write", "denyoom"], keys: [1, -1, 1], handler: sunionstore },
  { name: "sdiffstore", arity: -3, flags: ["write", "denyoom"], keys: [1, -1, 1], handler: sdiffstore },
  { name: "sscan", arity: -3, flags: ["readonly"], keys: [1, 1, 1], handler: sscan },
];
