// Sorted set commands (Redis 7.0's t_zset.c).
//
// Handlers follow Redis's order of checks (option parsing, then the key
// lookup and type check, then the work) so that errors come out the same
// when several things are wrong at once. Scores are doubles and are replied
// with "%.17g" (formatDouble): a bulk string in RESP2, a double in RESP3;
// where Redis replies pairs of member and score, RESP3 gets nested
// two-element arrays.

import { blockClient, parseTimeout } from "../blocking.ts";
import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import { parseCursor } from "../store/cursors.ts";
import { elemStr, type RSet } from "../store/set.ts";
import {
  LEX_MAX,
  LEX_MIN,
  type LexRange,
  lexGteMin,
  lexLteMax,
  type ScoreRange,
  valueGteMin,
  valueLteMax,
} from "../store/zranges.ts";
import type { ZPos } from "../store/ztree.ts";
import type { RObject } from "../store/types.ts";
import {
  ZADD_IN_GT,
  ZADD_IN_INCR,
  ZADD_IN_LT,
  ZADD_IN_NX,
  ZADD_IN_XX,
  ZADD_OUT_ADDED,
  ZADD_OUT_NAN,
  ZADD_OUT_NOP,
  ZADD_OUT_UPDATED,
  ZSet,
} from "../store/zset.ts";
import { globMatch } from "../util/glob.ts";
import { formatDouble, parseDouble, parseIntStrict } from "../util/numbers.ts";
import { notify, readKey, removeMembers, written } from "./access.ts";
import { err, intArg, is } from "./args.ts";
import { E } from "./errors.ts";
import { type CommandDef, keysAfterNumkeys } from "./table.ts";

const ERR_NAN = "ERR resulting score is not a number (NaN)";
const ERR_MINMAX_FLOAT = "ERR min or max is not a float";
const ERR_MINMAX_LEX = "ERR min or max not valid string range item";
const LONG_MAX = 9223372036854775807n;
/** LONG_MAX / 2 as C computes it (integer division). */
const HALF_LONG_MAX = 4611686018427387903n;

// --- number parsing ---------------------------------------------------------

/** A score argument (Redis's getDoubleFromObject / string2d), integers fast. */
export function parseScore(s: string): number | null {
  const n = s.length;
  if (n > 0 && n < 16) {
    let i = 0;
    let neg = false;
    if (s.charCodeAt(0) === 45) {
      neg = true;
      i = 1;
    }
    if (i < n) {
      let v = 0;
      for (; i < n; i++) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (i === n) return neg ? -v : v;
    }
  }
  return parseDouble(s);
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

const DEC_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/;

/**
 * What `strtod(s, &eptr)` + `eptr[0] == '\0'` + `!isnan` accepts, as in
 * Redis's zslParseRange: the C string ends at a NUL byte, leading spaces are
 * skipped, the empty string is 0, and out-of-range values saturate to
 * +-inf or 0 instead of failing.
 */
export function strtodLoose(s: string): number | null {
  const z = s.indexOf("\0");
  if (z !== -1) s = s.slice(0, z);
  if (s.length === 0) return 0; // nothing converted: eptr is the (empty) input
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  if (i === s.length) return null; // nothing converted: eptr points at the space
  if (i > 0) s = s.slice(i);
  const v = parseScore(s);
  if (v !== null) return v;
  // Valid syntax that overflowed or underflowed: strtod saturates.
  if (DEC_RE.test(s)) return Number(s);
  const m = HEX_RE.exec(s);
  if (m !== null && m[2]!.length + m[3]!.length > 0) {
    const digits = (m[2]! + m[3]!).replace(/^0+/, "");
    const sign = m[1] === "-" ? -1 : 1;
    if (digits.length === 0) return sign * 0;
    // Binary magnitude: position of the leading hex digit plus the exponent.
    const mag = (digits.length - m[3]!.length) * 4 + Number(m[4] ?? "0");
    return mag > 0 ? sign * Infinity : sign * 0;
  }
  return null;
}

/** Redis's zslParseRange into `out`; false on a malformed bound. */
function parseScoreRange(minS: string, maxS: string, out: ScoreRange): boolean {
  let ex = minS.charCodeAt(0) === 40; // '('
  let v = strtodLoose(ex ? minS.slice(1) : minS);
  if (v === null || v !== v) return false;
  out.min = v;
  out.minex = ex;
  ex = maxS.charCodeAt(0) === 40;
  v = strtodLoose(ex ? maxS.slice(1) : maxS);
  if (v === null || v !== v) return false;
  out.max = v;
  out.maxex = ex;
  return true;
}

/** Redis's zslParseLexRangeItem; null on a malformed item (ex flag in lexEx). */
let lexEx = false;
function parseLexItem(s: string): string | null {
  switch (s.charCodeAt(0)) {
    case 43: // '+'
      if (s.length > 1 && s.charCodeAt(1) !== 0) return null;
      lexEx = true;
      return LEX_MAX;
    case 45: // '-'
      if (s.length > 1 && s.charCodeAt(1) !== 0) return null;
      lexEx = true;
      return LEX_MIN;
    case 40: // '('
      lexEx = true;
      return s.slice(1);
    case 91: // '['
      lexEx = false;
      return s.slice(1);
    default:
      return null;
  }
}

function parseLexRange(minS: string, maxS: string, out: LexRange): boolean {
  const min = parseLexItem(minS);
  if (min === null) return false;
  out.min = min;
  out.minex = lexEx;
  const max = parseLexItem(maxS);
  if (max === null) return false;
  out.max = max;
  out.maxex = lexEx;
  return true;
}

function newScoreRange(): ScoreRange {
  return { min: 0, max: 0, minex: false, maxex: false };
}
function newLexRange(): LexRange {
  return { min: "", max: "", minex: false, maxex: false };
}

/** getRangeLongFromObjectOrReply: an integer within [min, max], else `msg` (or Redis's default). */
function rangeLongArg(c: Client, s: string, min: bigint, max: bigint, msg?: string): number | null {
  const v = parseIntStrict(s);
  if (v === null) {
    err(c, msg ?? E.NOT_INT);
    return null;
  }
  const b = typeof v === "bigint" ? v : BigInt(v);
  if (b < min || b > max) {
    err(c, msg ?? `ERR value is out of range, value must between ${min} and ${max}`);
    return null;
  }
  return Number(v);
}

// --- replies ---------------------------------------------------------------

function replyDouble(c: Client, d: number): void {
  c.w.double(formatDouble(d));
}

/** Members read ahead of the reply encoding (see emitWalk). */
const READ_AHEAD = 16;
/** Keeps the read-ahead loads from being optimized away. */
let readAheadSink = 0;

/**
 * Emits `count` elements walking from `p` (backward when reverse), as
 * Z*RANGE replies. Each group of READ_AHEAD members is first read in a tight
 * loop: in a big set every member string is a likely cache miss, and loads
 * that do not wait on each other overlap, where interleaved with the
 * encoding they would be served one at a time.
 */
function emitWalk(c: Client, p: ZPos | null, count: number, reverse: boolean, withscores: boolean): void {
  const w = c.w;
  const nested = withscores && w.proto === 3;
  w.arrayHeader(withscores && !nested ? count * 2 : count);
  if (p === null) return;
  for (let i = 0; i < count; i++) {
    if (i % READ_AHEAD === 0) {
      const q = p.clone();
      let t = 0;
      for (let j = i; j < count && j < i + READ_AHEAD; j++) {
        t += q.ele.length;
        if (!(reverse ? q.prev() : q.next())) break;
      }
      readAheadSink = t;
    }
    if (nested) w.arrayHeader(2);
    w.bulk(p.ele);
    if (withscores) w.double(formatDouble(p.score));
    if (!(reverse ? p.prev() : p.next())) break;
  }
}

// --- lookups ---------------------------------------------------------------

/** The zset at key (null when missing), or undefined after replying WRONGTYPE. */
function zsetAt(c: Client, key: string, read: boolean): ZSet | null | undefined {
  const v = read ? readKey(c, key) : c.db.get(key);
  if (v === undefined) return null;
  if (typeof v === "object" && v.type === "zset") return v as ZSet;
  err(c, E.WRONGTYPE);
  return undefined;
}

/** Removes an emptied zset, as the commands that pop or remove do. */
function deleteIfEmpty(c: Client, key: string, z: ZSet): boolean {
  if (z.size !== 0) return false;
  c.db.delete(key);
  return true;
}

// --- ZADD / ZINCRBY ----------------------------------------------------------

const scoreBuf: number[] = [];

function zaddGeneric(c: Client, argv: string[], flags: number): void {
  const key = argv[1]!;
  let ch = false;
  let idx = 2;
  for (; idx < argv.length; idx++) {
    const o = argv[idx]!;
    if (o.length !== 2 && o.length !== 4) break;
    if (is(o, "NX")) flags |= ZADD_IN_NX;
    else if (is(o, "XX")) flags |= ZADD_IN_XX;
    else if (is(o, "CH")) ch = true;
    else if (is(o, "INCR")) flags |= ZADD_IN_INCR;
    else if (is(o, "GT")) flags |= ZADD_IN_GT;
    else if (is(o, "LT")) flags |= ZADD_IN_LT;
    else break;
  }
  const incr = (flags & ZADD_IN_INCR) !== 0;
  const nx = (flags & ZADD_IN_NX) !== 0;
  const xx = (flags & ZADD_IN_XX) !== 0;
  const gt = (flags & ZADD_IN_GT) !== 0;
  const lt = (flags & ZADD_IN_LT) !== 0;
  let elements = argv.length - idx;
  if (elements % 2 !== 0 || elements === 0) return err(c, E.SYNTAX);
  elements /= 2;
  if (nx && xx) return err(c, "ERR XX and NX options at the same time are not compatible");
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    return err(c, "ERR GT, LT, and/or NX options at the same time are not compatible");
  }
  if (incr && elements > 1) return err(c, "ERR INCR option supports a single increment-element pair");

  // All scores are parsed first: the command runs fully or not at all.
  for (let j = 0; j < elements; j++) {
    const s = parseScore(argv[idx + j * 2]!);
    if (s === null) return err(c, E.NOT_FLOAT);
    scoreBuf[j] = s;
  }

  let z = zsetAt(c, key, false);
  if (z === undefined) return;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (z === null) {
    if (xx) {
      if (incr) c.w.nullBulk();
      else c.w.int(0);
      return;
    }
    z = new ZSet(false);
    c.db.set(key, z);
  }
  const limits = c.server.limits;
  let nanError = false;
  for (let j = 0; j < elements; j++) {
    const ele = argv[idx + 1 + j * 2]!;
    const r = z.add(scoreBuf[j]!, ele, flags, limits);
    if (r === ZADD_OUT_NAN) {
      nanError = true;
      break;
    }
    if (r & ZADD_OUT_ADDED) added++;
    if (r & ZADD_OUT_UPDATED) updated++;
    if (!(r & ZADD_OUT_NOP)) processed++;
    score = z.newScore;
  }
  if (nanError) err(c, ERR_NAN);
  else if (incr) {
    if (processed) replyDouble(c, score);
    else c.w.nullBulk();
  } else {
    c.w.int(ch ? added + updated : added);
  }
  if (added || updated) {
    written(c, key, N.ZSET, incr ? "zincr" : "zadd");
    c.server.prop.dirty += added + updated - 1;
  }
}

/** ZADD (exported: GEOADD rewrites itself into a ZADD, see geo.ts). */
export function zadd(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, 0);
}

function zincrby(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, ZADD_IN_INCR);
}

// --- ZREM / ZCARD / ZSCORE / ZMSCORE / ZRANK ---------------------------------

function zrem(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const z = zsetAt(c, key, false);
  if (z === undefined) return;
  if (z === null) return c.w.int(0);
  c.w.int(removeMembers(c, key, z, (m) => z.del(m), argv, 2, N.ZSET, "zrem"));
}

function zcard(c: Client, argv: string[]): void {
  const z = zsetAt(c, argv[1]!, true);
  if (z === undefined) return;
  c.w.int(z === null ? 0 : z.size);
}

function zscore(c: Client, argv: string[]): void {
  const z = zsetAt(c, argv[1]!, true);
  if (z === undefined) return;
  const s = z === null ? undefined : z.score(argv[2]!);
  if (s === undefined) c.w.nullBulk();
  else replyDouble(c, s);
}

function zmscore(c: Client, argv: string[]): void {
  const z = zsetAt(c, argv[1]!, true);
  if (z === undefined) return;
  c.w.arrayHeader(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z === null ? undefined : z.score(argv[j]!);
    if (s === undefined) c.w.nullBulk();
    else replyDouble(c, s);
  }
}

function zrankGeneric(c: Client, argv: string[], reverse: boolean): void {
  const z = zsetAt(c, argv[1]!, true);
  if (z === undefined) return;
  const r = z === null ? -1 : z.rank(argv[2]!, reverse);
  if (r < 0) c.w.nullBulk();
  else c.w.int(r);
}

function zrank(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, false);
}

function zrevrank(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, true);
}

// --- ZCOUNT / ZLEXCOUNT ------------------------------------------------------

const rangeScratch = newScoreRange();
const lexScratch = newLexRange();

function zcount(c: Client, argv: string[]): void {
  if (!parseScoreRange(argv[2]!, argv[3]!, rangeScratch)) return err(c, ERR_MINMAX_FLOAT);
  const z = zsetAt(c, argv[1]!, true);
  if (z === undefined) return;
  c.w.int(z === null ? 0 : z.countInRange(rangeScratch));
}

function zlexcount(c: Client, argv: string[]): void {
  if (!parseLexRange(argv[2]!, argv[3]!, lexScratch)) return err(c, ERR_MINMAX_LEX);
  const z = zsetAt(c, argv[1]!, true);
  if (z === undefined) return;
  c.w.int(z === null ? 0 : z.countInLexRange(lexScratch));
}

// --- ZRANGE family -----------------------------------------------------------

const R_AUTO = 0,
  R_RANK = 1,
  R_SCORE = 2,
  R_LEX = 3;
const D_AUTO = 0,
  D_FWD = 1,
  D_REV = 2;

/**
 * The elements a range selects: `count` elements from `rangeStart`, walking
 * backward when reverse. Set by selectRange.
 */
let rangeStart: ZPos | null = null;

/** Rank range (genericZrangebyrankCommand): returns the count, start in rangeStart. */
function selectByRank(z: ZSet, start: number, end: number, reverse: boolean): number {
  const llen = z.size;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return 0;
  if (end >= llen) end = llen - 1;
  rangeStart = z.tree.at(reverse ? llen - 1 - start : start);
  return end - start + 1;
}

/** Offsets up to this are walked element by element; beyond, a rank lookup jumps there. */
const OFFSET_WALK = 32;

/**
 * LIMIT's offset from the first element in range, as Redis's element-by-
 * element walk (which may leave the range: the caller's range check stops there).
 */
function skipOffset(z: ZSet, p: ZPos | null, offset: number, reverse: boolean): ZPos | null {
  if (p === null || offset === 0) return p;
  if (offset <= OFFSET_WALK) {
    while (offset-- > 0) if (!(reverse ? p.prev() : p.next())) return null;
    return p;
  }
  const tree = z.tree;
  const rank = tree.rankOf(p.score, p.ele) + 1; // p is in the tree: no member comparison needed
  const target = reverse ? rank - offset : rank + offset;
  return target >= 1 && target <= tree.length ? tree.getElementByRank(target) : null;
}

/**
 * Score range with LIMIT (genericZrangebyscoreCommand): one search for the
 * first node, then a walk. A negative offset walks off the end in Redis
 * (nothing); a negative count means no limit.
 */
function selectByScore(z: ZSet, r: ScoreRange, offset: number, limit: number, reverse: boolean): number {
  if ((offset > 0 && offset >= z.size) || offset < 0 || limit === 0) return 0;
  const tree = z.tree;
  const p = skipOffset(z, reverse ? tree.lastInRange(r) : tree.firstInRange(r), offset, reverse);
  if (p === null) return 0;
  rangeStart = p;
  // Count on a copy: rangeStart stays at the first element.
  const q = p.clone();
  let n = 0;
  while (n !== limit && (reverse ? valueGteMin(q.score, r) : valueLteMax(q.score, r))) {
    n++;
    if (!(reverse ? q.prev() : q.next())) break;
  }
  return n;
}

function selectByLex(z: ZSet, r: LexRange, offset: number, limit: number, reverse: boolean): number {
  if ((offset > 0 && offset >= z.size) || offset < 0 || limit === 0) return 0;
  const p = skipOffset(z, reverse ? z.lastInLex(r) : z.firstInLex(r), offset, reverse);
  if (p === null) return 0;
  rangeStart = p;
  const q = p.clone();
  let n = 0;
  while (n !== limit && (reverse ? lexGteMin(q.ele, r) : lexLteMax(q.ele, r))) {
    n++;
    if (!(reverse ? q.prev() : q.next())) break;
  }
  return n;
}

/** ZRANGESTORE's result: stored when non-empty, else the destination is deleted. */
function finishStore(c: Client, dst: string, result: ZSet | null): void {
  if (result !== null && result.size > 0) {
    c.db.set(dst, result);
    written(c, dst, N.ZSET, "zrangestore");
    c.w.int(result.size);
  } else {
    c.w.int(0);
    if (c.db.delete(dst)) written(c, dst, N.GENERIC, "del");
  }
}

/** Redis's zrangeGenericCommand (ZRANGE, ZRANGESTORE, ZREV*, Z*BYSCORE, Z*BYLEX). */
function zrangeGeneric(c: Client, argv: string[], argcStart: number, store: boolean, rangetype: number, direction: number): void {
  const key = argv[argcStart]!;
  let minIdx = argcStart + 1;
  let maxIdx = argcStart + 2;
  let withscores = false;
  let offset = 0;
  let limit = -1;
  for (let j = argcStart + 3; j < argv.length; j++) {
    const o = argv[j]!;
    const left = argv.length - j - 1;
    if (!store && is(o, "WITHSCORES")) withscores = true;
    else if (left >= 2 && is(o, "LIMIT")) {
      const off = intArg(c, argv[j + 1]!);
      if (off === null) return;
      const lim = intArg(c, argv[j + 2]!);
      if (lim === null) return;
      offset = off;
      limit = lim;
      j += 2;
    } else if (direction === D_AUTO && is(o, "REV")) direction = D_REV;
    else if (rangetype === R_AUTO && is(o, "BYLEX")) rangetype = R_LEX;
    else if (rangetype === R_AUTO && is(o, "BYSCORE")) rangetype = R_SCORE;
    else return err(c, E.SYNTAX);
  }
  if (direction === D_AUTO) direction = D_FWD;
  if (rangetype === R_AUTO) rangetype = R_RANK;
  if (limit !== -1 && rangetype === R_RANK) {
    return err(c, "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
  }
  if (withscores && rangetype === R_LEX) {
    return err(c, "ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  }
  const reverse = direction === D_REV;
  if (reverse && rangetype !== R_RANK) {
    const t = maxIdx;
    maxIdx = minIdx;
    minIdx = t;
  }

  let start = 0;
  let end = 0;
  if (rangetype === R_RANK) {
    const s = intArg(c, argv[minIdx]!);
    if (s === null) return;
    const e = intArg(c, argv[maxIdx]!);
    if (e === null) return;
    start = s;
    end = e;
  } else if (rangetype === R_SCORE) {
    if (!parseScoreRange(argv[minIdx]!, argv[maxIdx]!, rangeScratch)) return err(c, ERR_MINMAX_FLOAT);
  } else if (!parseLexRange(argv[minIdx]!, argv[maxIdx]!, lexScratch)) {
    return err(c, ERR_MINMAX_LEX);
  }

  const z = zsetAt(c, key, true);
  if (z === undefined) return;
  if (z === null) {
    if (store) finishStore(c, argv[1]!, null);
    else c.w.arrayHeader(0);
    return;
  }

  let count: number;
  if (rangetype === R_RANK) count = selectByRank(z, start, end, reverse);
  else if (rangetype === R_SCORE) count = selectByScore(z, rangeScratch, offset, limit, reverse);
  else count = selectByLex(z, lexScratch, offset, limit, reverse);
  const p = count > 0 ? rangeStart : null;
  rangeStart = null;

  if (!store) {
    emitWalk(c, p, count, reverse, withscores);
    return;
  }
  // zrangeResultBeginStore: a listpack unless the (known) length is too big.
  const limits = c.server.limits;
  const dst = new ZSet(rangetype === R_RANK && count > limits.zsetMaxListpackEntries);
  if (p !== null) {
    for (let i = 0; i < count; i++) {
      dst.add(p.score, p.ele, 0, limits);
      if (!(reverse ? p.prev() : p.next())) break;
    }
  }
  finishStore(c, argv[1]!, dst);
}

function zrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, R_AUTO, D_AUTO);
}
function zrangestore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 2, true, R_AUTO, D_AUTO);
}
function zrevrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, R_RANK, D_REV);
}
function zrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, R_SCORE, D_FWD);
}
function zrevrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, R_SCORE, D_REV);
}
function zrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, R_LEX, D_FWD);
}
function zrevrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, false, R_LEX, D_REV);
}

// --- ZREMRANGEBY* ------------------------------------------------------------

function zremrangeGeneric(c: Client, argv: string[], rangetype: number): void {
  const key = argv[1]!;
  let start = 0;
  let end = 0;
  let event: string;
  if (rangetype === R_RANK) {
    event = "zremrangebyrank";
    const s = intArg(c, argv[2]!);
    if (s === null) return;
    const e = intArg(c, argv[3]!);
    if (e === null) return;
    start = s;
    end = e;
  } else if (rangetype === R_SCORE) {
    event = "zremrangebyscore";
    if (!parseScoreRange(argv[2]!, argv[3]!, rangeScratch)) return err(c, ERR_MINMAX_FLOAT);
  } else {
    event = "zremrangebylex";
    if (!parseLexRange(argv[2]!, argv[3]!, lexScratch)) return err(c, ERR_MINMAX_LEX);
  }
  const z = zsetAt(c, key, false);
  if (z === undefined) return;
  if (z === null) return c.w.int(0);
  let deleted: number;
  if (rangetype === R_RANK) {
    const llen = z.size;
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) return c.w.int(0);
    if (end >= llen) end = llen - 1;
    deleted = z.tree.deleteRangeByRank(start + 1, end + 1, z.dict);
  } else if (rangetype === R_SCORE) {
    deleted = z.tree.deleteRangeByScore(rangeScratch, z.dict);
  } else {
    deleted = z.deleteRangeByLex(lexScratch);
  }
  if (deleted) {
    const removed = deleteIfEmpty(c, key, z);
    written(c, key, N.ZSET, event);
    if (removed) notify(c, key, N.GENERIC, "del");
    c.server.prop.dirty += deleted - 1;
  }
  c.w.int(deleted);
}

function zremrangebyrank(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, R_RANK);
}
function zremrangebyscore(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, R_SCORE);
}
function zremrangebylex(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, R_LEX);
}

// --- ZPOPMIN / ZPOPMAX / ZMPOP (and the core of the blocking forms) ----------

export const ZSET_MIN = 0;
export const ZSET_MAX = 1;

/**
 * Redis's genericZpopCommand: pops up to `count` elements (-1: one, in the
 * single-pop shape) from the first non-empty zset among keys, replying in
 * the shape the caller asks for. Returns the key popped from (null when
 * nothing was popped, the reply then being sent too).
 */
/** How many elements the last zpopGeneric popped. */
export let lastPopCount = 0;

export function zpopGeneric(
  c: Client,
  keys: readonly string[],
  where: number,
  emitKey: boolean,
  count: number,
  nested: boolean,
  nilWhenEmpty: boolean,
): string | null {
  let key: string | null = null;
  let z: ZSet | null = null;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const found = zsetAt(c, k, false);
    if (found === undefined) return null;
    if (found === null) continue;
    key = k;
    z = found;
    break;
  }
  const w = c.w;
  if (z === null || key === null) {
    if (nilWhenEmpty) w.nullArray();
    else w.arrayHeader(0);
    return null;
  }
  if (count === 0) {
    w.arrayHeader(0);
    return null;
  }
  if (count === -1) count = 1;
  let n = count > z.size ? z.size : count;
  if (!nested && !emitKey) w.arrayHeader(n * 2);
  else if (nested && !emitKey) w.arrayHeader(n);
  else if (!nested && emitKey) {
    w.arrayHeader(n * 2 + 1);
    w.bulk(key);
  } else {
    w.arrayHeader(2);
    w.bulk(key);
    w.arrayHeader(n);
  }
  const popped = n;
  lastPopCount = n;
  const tree = z.tree;
  while (n-- > 0) {
    const node = where === ZSET_MIN ? tree.first()! : tree.last()!;
    const ele = node.ele;
    const score = node.score;
    z.del(ele);
    if (nested) w.arrayHeader(2);
    w.bulk(ele);
    w.double(formatDouble(score));
  }
  written(c, key, N.ZSET, where === ZSET_MIN ? "zpopmin" : "zpopmax");
  c.server.prop.dirty += popped - 1;
  if (deleteIfEmpty(c, key, z)) notify(c, key, N.GENERIC, "del");
  return key;
}

function zpopMinMax(c: Client, argv: string[], where: number): void {
  if (argv.length > 3) return err(c, E.SYNTAX);
  let count = -1;
  if (argv.length === 3) {
    const n = rangeLongArg(c, argv[2]!, 0n, LONG_MAX, "ERR value is out of range, must be positive");
    if (n === null) return;
    count = n;
  }
  zpopGeneric(c, [argv[1]!], where, false, count, c.w.proto === 3 && count !== -1, false);
}

function zpopmin(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, ZSET_MIN);
}
function zpopmax(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, ZSET_MAX);
}

export interface MpopArgs {
  keys: string[];
  where: number;
  count: number;
}

/** Parses [B]ZMPOP's numkeys key... MIN|MAX [COUNT n] from numkeysIdx; null after an error reply. */
export function parseMpop(c: Client, argv: string[], numkeysIdx: number): MpopArgs | null {
  const numkeys = rangeLongArg(c, argv[numkeysIdx]!, 1n, LONG_MAX, "ERR numkeys should be greater than 0");
  if (numkeys === null) return null;
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) {
    err(c, E.SYNTAX);
    return null;
  }
  let where: number;
  if (is(argv[whereIdx]!, "MIN")) where = ZSET_MIN;
  else if (is(argv[whereIdx]!, "MAX")) where = ZSET_MAX;
  else {
    err(c, E.SYNTAX);
    return null;
  }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && is(argv[j]!, "COUNT") && more > 0) {
      j++;
      const n = rangeLongArg(c, argv[j]!, 1n, LONG_MAX, "ERR count should be greater than 0");
      if (n === null) return null;
      count = n;
    } else {
      err(c, E.SYNTAX);
      return null;
    }
  }
  if (count === -1) count = 1;
  return { keys: argv.slice(numkeysIdx + 1, whereIdx), where, count };
}

/** How a pop is replayed to the AOF and replicas: ZPOPMIN/ZPOPMAX key [count]. */
export function popPropagation(where: number, key: string, count: number): string[] {
  const cmd = where === ZSET_MAX ? "ZPOPMAX" : "ZPOPMIN";
  return count === -1 ? [cmd, key] : [cmd, key, String(count > 0 ? count : 1)];
}

function zmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 1);
  if (a === null) return;
  const key = zpopGeneric(c, a.keys, a.where, true, a.count, true, true);
  // Replayed as ZPOPMIN/ZPOPMAX with the number of elements actually popped.
  if (key !== null) c.propagate(popPropagation(a.where, key, lastPopCount));
}

// --- BZPOPMIN / BZPOPMAX / BZMPOP ------------------------------------------------

/**
 * Redis's blockingGenericZpopCommand: pops at once from the first non-empty
 * zset, else blocks until one of the keys can serve (src/blocking.ts). Inside
 * EXEC it never blocks and answers the null array. count -1: BZPOPMIN's
 * [key, member, score] shape; otherwise BZMPOP's [key, [[member, score]...]].
 * Propagated as ZPOPMIN/ZPOPMAX key [count], count being what was popped.
 */
function blockingZpop(c: Client, keys: readonly string[], where: number, deadline: number, count: number): void {
  const nested = count !== -1;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const z = zsetAt(c, key, false);
    if (z === undefined) return;
    if (z === null || z.size === 0) continue;
    zpopGeneric(c, [key], where, true, count, nested, false);
    c.propagate(popPropagation(where, key, nested ? lastPopCount : -1));
    return;
  }
  if (c.inExec) return c.w.nullArray();
  blockClient(c, keys, deadline, (t, key) => {
    const v = t.db.get(key);
    if (!(v instanceof ZSet) || v.size === 0) return false;
    zpopGeneric(t, [key], where, true, count, nested, false);
    t.propagate(popPropagation(where, key, nested ? lastPopCount : -1));
    return true;
  });
}

function bzpopMinMax(c: Client, argv: string[], where: number): void {
  const deadline = parseTimeout(c, argv[argv.length - 1]!);
  if (deadline === null) return;
  blockingZpop(c, argv.slice(1, -1), where, deadline, -1);
}

function bzpopmin(c: Client, argv: string[]): void {
  bzpopMinMax(c, argv, ZSET_MIN);
}
function bzpopmax(c: Client, argv: string[]): void {
  bzpopMinMax(c, argv, ZSET_MAX);
}

function bzmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 2);
  if (a === null) return;
  const deadline = parseTimeout(c, argv[1]!);
  if (deadline === null) return;
  blockingZpop(c, a.keys, a.where, deadline, a.count);
}

// --- ZRANDMEMBER -------------------------------------------------------------

function zrandmember(c: Client, argv: string[]): void {
  const w = c.w;
  if (argv.length >= 3) {
    // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX), exact on int64.
    const v = parseIntStrict(argv[2]!);
    if (v === null) return err(c, E.NOT_INT);
    const b = typeof v === "bigint" ? v : BigInt(v);
    if (b < -LONG_MAX || b > LONG_MAX) {
      return err(c, `ERR value is out of range, value must between ${-LONG_MAX} and ${LONG_MAX}`);
    }
    let withscores = false;
    if (argv.length > 4 || (argv.length === 4 && !is(argv[3]!, "WITHSCORES"))) return err(c, E.SYNTAX);
    if (argv.length === 4) {
      withscores = true;
      if (b < -HALF_LONG_MAX || b > HALF_LONG_MAX) return err(c, "ERR value is out of range");
    }
    const z = zsetAt(c, argv[1]!, true);
    if (z === undefined) return;
    if (z === null) return w.arrayHeader(0);
    randWithCount(c, z, Number(v), withscores);
    return;
  }
  const z = zsetAt(c, argv[1]!, true);
  if (z === undefined) return;
  if (z === null) return w.nullBulk();
  w.bulk(z.tree.at(Math.floor(Math.random() * z.size))!.ele);
}

/** Redis's ZRANDMEMBER_SUB_STRATEGY_MUL. */
const SUB_STRATEGY_MUL = 3;

/** zrandmemberWithCountCommand, case by case (the reply order follows Redis 7.0's). */
function randWithCount(c: Client, z: ZSet, l: number, withscores: boolean): void {
  const w = c.w;
  const size = z.size;
  const uniq = l >= 0;
  const count = uniq ? l : -l;
  if (count === 0) return w.arrayHeader(0);
  const nested = withscores && w.proto === 3;
  const emit = (n: ZPos): void => {
    if (nested) w.arrayHeader(2);
    w.bulk(n.ele);
    if (withscores) w.double(formatDouble(n.score));
  };
  const header = (n: number): void => w.arrayHeader(withscores && !nested ? n * 2 : n);
  const tree = z.tree;
  // Case 1: repetitions allowed (or a single element): independent draws.
  if (!uniq || count === 1) {
    header(count);
    for (let i = 0; i < count; i++) emit(tree.at(Math.floor(Math.random() * size))!);
    return;
  }
  // Case 2: the whole set, as Redis's zset iterator walks it (tail to head).
  if (count >= size) {
    header(size);
    const p = tree.last()!;
    do emit(p);
    while (p.prev());
    return;
  }
  let ranks: number[];
  if (count * SUB_STRATEGY_MUL > size) {
    // Case 3: all elements minus random ones, replied in hash-table order
    // (for which a shuffle stands).
    ranks = [];
    for (let i = 1; i <= size; i++) ranks.push(i);
    shuffle(ranks);
    ranks.length = count;
  } else {
    // Case 4: distinct random picks; a listpack replies them in its order.
    const picked = new Set<number>();
    while (picked.size < count) picked.add(1 + Math.floor(Math.random() * size));
    ranks = [...picked];
    if (!z.big) ranks.sort((a, b) => a - b);
  }
  header(count);
  for (const r of ranks) emit(tree.getElementByRank(r)!);
}

function shuffle<T>(a: T[]): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

// --- ZUNION / ZINTER / ZDIFF (+STORE) / ZINTERCARD ---------------------------

const OP_UNION = 0,
  OP_INTER = 1,
  OP_DIFF = 2;
const AGG_SUM = 0,
  AGG_MIN = 1,
  AGG_MAX = 2;
const OP_EVENTS = ["zunionstore", "zinterstore", "zdiffstore"];

/** One input of a set operation: a zset, a plain set (every score 1), or nothing. */
interface OpSrc {
  subject: RObject | null;
  zset: ZSet | null;
  set: RSet | null;
  weight: number;
}

function srcLength(s: OpSrc): number {
  return s.zset !== null ? s.zset.size : s.set !== null ? s.set.size : 0;
}

function srcFind(s: OpSrc, ele: string): number | undefined {
  if (s.zset !== null) return s.zset.score(ele);
  if (s.set !== null) return s.set.has(ele) ? 1 : undefined;
  return undefined;
}

function aggregate(target: number, val: number, agg: number): number {
  if (agg === AGG_SUM) {
    const r = target + val;
    // +inf + -inf is NaN: the convention is 0.
    return r !== r ? 0 : r;
  }
  if (agg === AGG_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

function zsetOpGeneric(c: Client, argv: string[], dstkey: string | null, numkeysIdx: number, op: number, cardOnly: boolean): void {
  const setnum = intArg(c, argv[numkeysIdx]!);
  if (setnum === null) return;
  if (setnum < 1) return err(c, `ERR at least 1 input key is needed for '${c.lastCommand?.fullName ?? argv[0]!.toLowerCase()}' command`);
  if (setnum > argv.length - (numkeysIdx + 1)) return err(c, E.SYNTAX);

  const src: OpSrc[] = new Array(setnum);
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v = dstkey !== null ? c.db.get(argv[j]!) : readKey(c, argv[j]!);
    const s: OpSrc = { subject: null, zset: null, set: null, weight: 1 };
    if (v !== undefined) {
      if (typeof v !== "object" || (v.type !== "zset" && v.type !== "set")) return err(c, E.WRONGTYPE);
      s.subject = v;
      if (v.type === "zset") s.zset = v as ZSet;
      else s.set = v as RSet;
    }
    src[i] = s;
  }

  let agg = AGG_SUM;
  let withscores = false;
  let limit = 0;
  while (j < argv.length) {
    const remaining = argv.length - j;
    const o = argv[j]!;
    if (op !== OP_DIFF && !cardOnly && remaining >= setnum + 1 && is(o, "WEIGHTS")) {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const wv = parseScore(argv[j]!);
        if (wv === null) return err(c, "ERR weight value is not a float");
        src[i]!.weight = wv;
      }
    } else if (op !== OP_DIFF && !cardOnly && remaining >= 2 && is(o, "AGGREGATE")) {
      const a = argv[j + 1]!;
      if (is(a, "SUM")) agg = AGG_SUM;
      else if (is(a, "MIN")) agg = AGG_MIN;
      else if (is(a, "MAX")) agg = AGG_MAX;
      else return err(c, E.SYNTAX);
      j += 2;
    } else if (dstkey === null && !cardOnly && is(o, "WITHSCORES")) {
      withscores = true;
      j++;
    } else if (cardOnly && remaining >= 2 && is(o, "LIMIT")) {
      const l = rangeLongArg(c, argv[j + 1]!, 0n, LONG_MAX, "ERR LIMIT can't be negative");
      if (l === null) return;
      limit = l;
      j += 2;
    } else {
      return err(c, E.SYNTAX);
    }
  }

  // Smallest inputs first (a stable sort, like glibc's merge-sort qsort).
  if (op !== OP_DIFF) src.sort((a, b) => srcLength(a) - srcLength(b));

  const limits = c.server.limits;
  const dst = new ZSet(true);
  let maxelelen = 0;
  let cardinality = 0;

  if (op === OP_INTER) {
    const s0 = src[0]!;
    if (srcLength(s0) > 0) {
      const visit = (ele: string, sc: number): boolean => {
        let score = s0.weight * sc;
        if (score !== score) score = 0;
        let k = 1;
        for (; k < setnum; k++) {
          const sk = src[k]!;
          let value: number | undefined;
          if (sk.subject === s0.subject) value = sc * sk.weight;
          else {
            value = srcFind(sk, ele);
            if (value === undefined) break;
            value *= sk.weight;
          }
          score = aggregate(score, value, agg);
        }
        if (k !== setnum) return true;
        if (cardOnly) {
          cardinality++;
          return !(limit && cardinality >= limit);
        }
        dst.dict.set(ele, score);
        dst.tree.insert(score, ele);
        if (ele.length > maxelelen) maxelelen = ele.length;
        return true;
      };
      if (s0.zset !== null) {
        const p = s0.zset.tree.first();
        if (p !== null) while (visit(p.ele, p.score) && p.next());
      } else {
        for (const e of s0.set!.members()) if (!visit(elemStr(e), 1)) break;
      }
    }
  } else if (op === OP_UNION) {
    const acc = new Map<string, number>();
    for (let i = 0; i < setnum; i++) {
      const s = src[i]!;
      if (srcLength(s) === 0) continue;
      const add = (ele: string, sc: number): void => {
        let score = s.weight * sc;
        if (score !== score) score = 0;
        const cur = acc.get(ele);
        if (cur === undefined) {
          acc.set(ele, score);
          if (ele.length > maxelelen) maxelelen = ele.length;
        } else {
          acc.set(ele, aggregate(cur, score, agg));
        }
      };
      if (s.zset !== null) s.zset.tree.forEach(add);
      else for (const e of s.set!.members()) add(elemStr(e), 1);
    }
    for (const [ele, score] of acc) {
      dst.dict.set(ele, score);
      dst.tree.insert(score, ele);
    }
  } else {
    // ZDIFF: the elements of the first input found in none of the others.
    const s0 = src[0]!;
    if (srcLength(s0) > 0 && !src.some((s, i) => i > 0 && s.subject === s0.subject)) {
      const keep = (ele: string, sc: number): void => {
        for (let k = 1; k < setnum; k++) if (srcFind(src[k]!, ele) !== undefined) return;
        dst.dict.set(ele, sc);
        dst.tree.insert(sc, ele);
        if (ele.length > maxelelen) maxelelen = ele.length;
      };
      if (s0.zset !== null) s0.zset.tree.forEach(keep);
      else for (const e of s0.set!.members()) keep(elemStr(e), 1);
    }
  }

  const w = c.w;
  if (dstkey !== null) {
    if (dst.size > 0) {
      dst.settleEncoding(limits, maxelelen);
      c.db.set(dstkey, dst);
      w.int(dst.size);
      written(c, dstkey, N.ZSET, OP_EVENTS[op]!);
    } else {
      w.int(0);
      if (c.db.delete(dstkey)) written(c, dstkey, N.GENERIC, "del");
    }
  } else if (cardOnly) {
    w.int(cardinality);
  } else {
    emitWalk(c, dst.tree.first(), dst.size, false, withscores);
  }
}

function zunion(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, null, 1, OP_UNION, false);
}
function zinter(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, null, 1, OP_INTER, false);
}
function zdiff(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, null, 1, OP_DIFF, false);
}
function zunionstore(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, argv[1]!, 2, OP_UNION, false);
}
function zinterstore(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, argv[1]!, 2, OP_INTER, false);
}
function zdiffstore(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, argv[1]!, 2, OP_DIFF, false);
}
function zintercard(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, null, 1, OP_INTER, true);
}

// --- ZSCAN -------------------------------------------------------------------

/** How a listpack prints a stored score: integers as integers, the rest "%.17g". */
function listpackScore(d: number): string {
  if (Number.isInteger(d) && d >= -4611686018427387904 && d <= 4611686018427387904) {
    return Number.isSafeInteger(d) ? String(d) : BigInt(d).toString();
  }
  return formatDouble(d);
}

function zscan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[2]!);
  if (cursor === null) return err(c, E.INVALID_CURSOR);
  const key = argv[1]!;
  const w = c.w;
  const z = zsetAt(c, key, true);
  if (z === undefined) return;
  if (z === null) {
    w.arrayHeader(2);
    w.bulk("0");
    w.arrayHeader(0);
    return;
  }
  let count = 10;
  let pattern: string | null = null;
  for (let i = 3; i < argv.length; ) {
    const o = argv[i]!;
    const left = argv.length - i;
    if (left >= 2 && is(o, "COUNT")) {
      const n = intArg(c, argv[i + 1]!);
      if (n === null) return;
      if (n < 1) return err(c, E.SYNTAX);
      count = n;
    } else if (left >= 2 && is(o, "MATCH")) {
      const p = argv[i + 1]!;
      pattern = p === "*" ? null : p;
    } else {
      return err(c, E.SYNTAX);
    }
    i += 2;
  }
  const out: string[] = [];
  if (!z.big) {
    // A listpack is returned whole, in order, in one call.
    z.tree.forEach((ele, score) => {
      if (pattern === null || globMatch(pattern, ele)) out.push(ele, listpackScore(score));
    });
    w.arrayHeader(2);
    w.bulk("0");
    w.bulkArray(out);
    return;
  }
  // Redis stops once its reply list (member and score each count) reaches COUNT.
  const steps = Math.ceil(count / 2);
  const next = c.server.cursors.step<[string, number]>(cursor, z.dict, () => z.dict.entries(), steps, ([ele, score]) => {
    if (pattern === null || globMatch(pattern, ele)) out.push(ele, formatDouble(score));
  });
  w.arrayHeader(2);
  w.bulk(next);
  w.bulkArray(out);
}

// --- key specs for commands with a numkeys argument ---------------------------

const keysNum1 = keysAfterNumkeys(1);
const keysNum2Store = keysAfterNumkeys(2, true);
const keysNum2 = keysAfterNumkeys(2);

export const zsetCommands: CommandDef[] = [
  { name: "zadd", arity: -4, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: zadd },
  { name: "zincrby", arity: 4, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: zincrby },
  { name: "zrem", arity: -3, flags: ["write", "fast"], keys: [1, 1, 1], handler: zrem },
  { name: "zcard", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: zcard },
  { name: "zscore", arity: 3, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: zscore },
  { name: "zmscore", arity: -3, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: zmscore },
  { name: "zrank", arity: 3, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: zrank },
  { name: "zrevrank", arity: 3, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: zrevrank },
  { name: "zcount", arity: 4, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: zcount },
  { name: "zlexcount", arity: 4, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: zlexcount },
  { name: "zrange", arity: -4, flags: ["readonly"], keys: [1, 1, 1], handler: zrange },
  { name: "zrangestore", arity: -5, flags: ["write", "denyoom"], keys: [1, 2, 1], handler: zrangestore },
  { name: "zrevrange", arity: -4, flags: ["readonly"], keys: [1, 1, 1], handler: zrevrange },
  { name: "zrangebyscore", arity: -4, flags: ["readonly"], keys: [1, 1, 1], handler: zrangebyscore },
  { name: "zrevrangebyscore", arity: -4, flags: ["readonly"], keys: [1, 1, 1], handler: zrevrangebyscore },
  { name: "zrangebylex", arity: -4, flags: ["readonly"], keys: [1, 1, 1], handler: zrangebylex },
  { name: "zrevrangebylex", arity: -4, flags: ["readonly"], keys: [1, 1, 1], handler: zrevrangebylex },
  { name: "zremrangebyrank", arity: 4, flags: ["write"], keys: [1, 1, 1], handler: zremrangebyrank },
  { name: "zremrangebyscore", arity: 4, flags: ["write"], keys: [1, 1, 1], handler: zremrangebyscore },
  { name: "zremrangebylex", arity: 4, flags: ["write"], keys: [1, 1, 1], handler: zremrangebylex },
  { name: "zpopmin", arity: -2, flags: ["write", "fast"], keys: [1, 1, 1], handler: zpopmin },
  { name: "zpopmax", arity: -2, flags: ["write", "fast"], keys: [1, 1, 1], handler: zpopmax },
  { name: "zmpop", arity: -4, flags: ["write", "movablekeys"], getKeys: keysNum1, handler: zmpop },
  { name: "bzpopmin", arity: -3, flags: ["write", "noscript", "blocking", "fast"], keys: [1, -2, 1], handler: bzpopmin },
  { name: "bzpopmax", arity: -3, flags: ["write", "noscript", "blocking", "fast"], keys: [1, -2, 1], handler: bzpopmax },
  { name: "bzmpop", arity: -5, flags: ["write", "blocking", "movablekeys"], getKeys: keysNum2, handler: bzmpop },
  { name: "zrandmember", arity: -2, flags: ["readonly"], keys: [1, 1, 1], handler: zrandmember },
  { name: "zunion", arity: -3, flags: ["readonly", "movablekeys"], getKeys: keysNum1, handler: zunion },
  { name: "zinter", arity: -3, flags: ["readonly", "movablekeys"], getKeys: keysNum1, handler: zinter },
  { name: "zdiff", arity: -3, flags: ["readonly", "movablekeys"], getKeys: keysNum1, handler: zdiff },
  { name: "zunionstore", arity: -4, flags: ["write", "denyoom", "movablekeys"], keys: [1, 1, 1], getKeys: keysNum2Store, handler: zunionstore },
  { name: "zinterstore", arity: -4, flags: ["write", "denyoom", "movablekeys"], keys: [1, 1, 1], getKeys: keysNum2Store, handler: zinterstore },
  { name: "zdiffstore", arity: -4, flags: ["write", "denyoom", "movablekeys"], keys: [1, 1, 1], getKeys: keysNum2Store, handler: zdiffstore },
  { name: "zintercard", arity: -3, flags: ["readonly", "movablekeys"], getKeys: keysNum1, handler: zintercard },
  { name: "zscan", arity: -3, flags: ["readonly"], keys: [1, 1, 1], handler: zscan },
];

// Exported for tests.
export { parseLexRange, parseScoreRange };
