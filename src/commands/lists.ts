// List commands (Redis 7.0's t_list.c), including the blocking forms, which
// use the generic machinery of src/blocking.ts.
//
// Replies, error texts, the order of argument checks, keyspace events and
// what is propagated follow Redis 7.0.15:
//   - a pop that empties a list deletes the key ("del" event after the pop's);
//   - BLPOP/BRPOP propagate as LPOP/RPOP key, BLMPOP/LMPOP as LPOP/RPOP key
//     count, BLMOVE as LMOVE, BRPOPLPUSH as RPOPLPUSH;
//   - inside EXEC the blocking forms never block: they answer as the plain
//     form or null (BLPOP/BRPOP/BLMPOP: null array, BLMOVE/BRPOPLPUSH: null).

import { blockClient, parseTimeout } from "../blocking.ts";
import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import { ListValue } from "../store/list.ts";
import { parseIntStrict } from "../util/numbers.ts";
import { notify, typedKey, written } from "./access.ts";
import { err, intArg, is } from "./args.ts";
import { E, wrongArgs } from "./errors.ts";
import { type CommandDef, keysAfterNumkeys } from "./table.ts";

const LEFT = 0;
const RIGHT = 1;
type Where = typeof LEFT | typeof RIGHT;

const LLONG_MIN = -9223372036854775808;

/** The list at key: the value, null when missing, undefined after WRONGTYPE. */
function getList(c: Client, key: string, read: boolean): ListValue | null | undefined {
  return typedKey<ListValue>(c, key, "list", read);
}

/** A Redis `long` argument (replies the error and returns null when invalid). */
function longArg(c: Client, s: string): number | null {
  return intArg(c, s);
}

/**
 * Like getRangeLongFromObjectOrReply with a message: the integer when it is
 * within [min, max], else null after replying `msg` (also for non-integers).
 */
function rangeArg(c: Client, s: string, min: number, max: number, msg: string): number | null {
  const v = parseIntStrict(s);
  const n = v === null ? NaN : Number(v);
  if (!(n >= min && n <= max)) {
    err(c, msg);
    return null;
  }
  return n;
}

function whereArg(c: Client, s: string): Where | null {
  if (is(s, "LEFT")) return LEFT;
  if (is(s, "RIGHT")) return RIGHT;
  err(c, E.SYNTAX);
  return null;
}

/** After elements were popped from `where`: the event, and the key's removal when emptied. */
function popped(c: Client, key: string, l: ListValue, where: Where): void {
  written(c, key, N.LIST, where === LEFT ? "lpop" : "rpop");
  if (l.length === 0) {
    c.db.delete(key);
    notify(c, key, N.GENERIC, "del");
  }
}

function popOne(l: ListValue, where: Where): string {
  return (where === LEFT ? l.popLeft() : l.popRight())!;
}

/** Pops up to count elements and writes them as an array (LPOP/RPOP with count, LMPOP). */
function popRangeReply(c: Client, l: ListValue, where: Where, count: number): number {
  const n = Math.min(count, l.length);
  const w = c.w;
  w.arrayHeader(n);
  for (let i = 0; i < n; i++) w.bulk(popOne(l, where));
  return n;
}

/** Pushes to dst (creating it) as LMOVE's second half; replies the element. */
function movePush(c: Client, dstKey: string, dst: ListValue | null, v: string, to: Where): void {
  if (dst === null) {
    dst = new ListValue();
    c.db.set(dstKey, dst);
  }
  if (to === LEFT) dst.pushLeft(v);
  else dst.pushRight(v);
  written(c, dstKey, N.LIST, to === LEFT ? "lpush" : "rpush");
  c.w.bulk(v);
}

// --- push -----------------------------------------------------------------------

function pushGeneric(c: Client, argv: string[], where: Where, onlyExisting: boolean): void {
  const key = argv[1]!;
  let l = getList(c, key, false);
  if (l === undefined) return;
  if (l === null) {
    if (onlyExisting) return c.w.int(0);
    l = new ListValue();
    c.db.set(key, l);
  }
  if (where === LEFT) for (let i = 2; i < argv.length; i++) l.pushLeft(argv[i]!);
  else for (let i = 2; i < argv.length; i++) l.pushRight(argv[i]!);
  c.w.int(l.length);
  written(c, key, N.LIST, where === LEFT ? "lpush" : "rpush");
}

const lpush = (c: Client, argv: string[]) => pushGeneric(c, argv, LEFT, false);
const rpush = (c: Client, argv: string[]) => pushGeneric(c, argv, RIGHT, false);
const lpushx = (c: Client, argv: string[]) => pushGeneric(c, argv, LEFT, true);
const rpushx = (c: Client, argv: string[]) => pushGeneric(c, argv, RIGHT, true);

// --- pop --------------------------------------------------------------------------

function popGeneric(c: Client, argv: string[], where: Where): void {
  if (argv.length > 3) return err(c, wrongArgs(where === LEFT ? "lpop" : "rpop"));
  const key = argv[1]!;
  const hasCount = argv.length === 3;
  let count = 0;
  if (hasCount) {
    const n = rangeArg(c, argv[2]!, 0, Infinity, "ERR value is out of range, must be positive");
    if (n === null) return;
    count = n;
  }
  const l = getList(c, key, false);
  if (l === undefined) return;
  if (l === null) return hasCount ? c.w.nullArray() : c.w.nullBulk();
  if (hasCount && count === 0) return c.w.arrayHeader(0);
  if (!hasCount) c.w.bulk(popOne(l, where));
  else popRangeReply(c, l, where, count);
  popped(c, key, l, where);
}

const lpop = (c: Client, argv: string[]) => popGeneric(c, argv, LEFT);
const rpop = (c: Client, argv: string[]) => popGeneric(c, argv, RIGHT);

// --- read -----------------------------------------------------------------------

function llen(c: Client, argv: string[]): void {
  const l = getList(c, argv[1]!, true);
  if (l === undefined) return;
  c.w.int(l === null ? 0 : l.length);
}

/** Writes elements start..end (Redis's conversion of negative and out-of-range indexes). */
function rangeReply(c: Client, l: ListValue, start: number, end: number): void {
  const len = l.length;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (start > end || start >= len) return c.w.arrayHeader(0);
  if (end >= len) end = len - 1;
  const w = c.w;
  w.arrayHeader(end - start + 1);
  l.scan(start, false, (v, i) => {
    w.bulk(v);
    return i < end;
  });
}

function lrange(c: Client, argv: string[]): void {
  const start = longArg(c, argv[2]!);
  if (start === null) return;
  const end = longArg(c, argv[3]!);
  if (end === null) return;
  const l = getList(c, argv[1]!, true);
  if (l === undefined) return;
  if (l === null) return c.w.arrayHeader(0);
  rangeReply(c, l, start, end);
}

function lindex(c: Client, argv: string[]): void {
  const l = getList(c, argv[1]!, true);
  if (l === undefined) return;
  if (l === null) return c.w.nullBulk();
  const index = longArg(c, argv[2]!);
  if (index === null) return;
  const i = l.normIndex(index);
  if (i === -1) c.w.nullBulk();
  else c.w.bulk(l.at(i));
}

function lpos(c: Client, argv: string[]): void {
  const ele = argv[2]!;
  let rank = 1;
  let count = -1; // -1: no COUNT option
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    const more = argv.length - 1 - j;
    if (is(opt, "RANK") && more > 0) {
      const r = longArg(c, argv[++j]!);
      if (r === null) return;
      if (r === 0) {
        return err(
          c,
          "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
        );
      }
      rank = r;
    } else if (is(opt, "COUNT") && more > 0) {
      const n = rangeArg(c, argv[++j]!, 0, Infinity, "ERR COUNT can't be negative");
      if (n === null) return;
      count = n;
    } else if (is(opt, "MAXLEN") && more > 0) {
      const n = rangeArg(c, argv[++j]!, 0, Infinity, "ERR MAXLEN can't be negative");
      if (n === null) return;
      maxlen = n;
    } else {
      return err(c, E.SYNTAX);
    }
  }
  // RANK LLONG_MIN: Redis negates it with overflow; it then scans from the
  // tail taking every match, and COUNT never stops it.
  const unbounded = rank === LLONG_MIN;
  const fromTail = rank < 0;
  if (fromTail) rank = -rank;
  const l = getList(c, argv[1]!, true);
  if (l === undefined) return;
  if (l === null) return count !== -1 ? c.w.arrayHeader(0) : c.w.nullBulk();
  const llen = l.length;
  let matches = 0;
  let found = -1;
  const hits: number[] = [];
  l.find(ele, fromTail ? llen - 1 : 0, fromTail, maxlen, (i) => {
    matches++;
    if (unbounded || matches >= rank) {
      if (count === -1) {
        found = i;
        return false;
      }
      hits.push(i);
      if (!unbounded && count !== 0 && matches - rank + 1 >= count) return false;
    }
    return true;
  });
  if (count !== -1) {
    c.w.arrayHeader(hits.length);
    for (const h of hits) c.w.int(h);
  } else if (found !== -1) {
    c.w.int(found);
  } else {
    c.w.nullBulk();
  }
}

// --- modify -----------------------------------------------------------------------

function lset(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const l = getList(c, key, false);
  if (l === undefined) return;
  if (l === null) return err(c, E.NO_SUCH_KEY);
  const index = longArg(c, argv[2]!);
  if (index === null) return;
  const i = l.normIndex(index);
  if (i === -1) return err(c, E.INDEX_RANGE);
  l.set(i, argv[3]!);
  c.w.ok();
  written(c, key, N.LIST, "lset");
}

function linsert(c: Client, argv: string[]): void {
  const key = argv[1]!;
  let after: boolean;
  if (is(argv[2]!, "AFTER")) after = true;
  else if (is(argv[2]!, "BEFORE")) after = false;
  else return err(c, E.SYNTAX);
  const l = getList(c, key, false);
  if (l === undefined) return;
  if (l === null) return c.w.int(0);
  const pivot = argv[3]!;
  let at = -1;
  l.find(pivot, 0, false, 0, (i) => {
    at = i;
    return false;
  });
  if (at === -1) return c.w.int(-1);
  l.insertAt(after ? at + 1 : at, argv[4]!);
  written(c, key, N.LIST, "linsert");
  c.w.int(l.length);
}

function lrem(c: Client, argv: string[]): void {
  const key = argv[1]!;
  let toRemove = longArg(c, argv[2]!);
  if (toRemove === null) return;
  const l = getList(c, key, false);
  if (l === undefined) return;
  if (l === null) return c.w.int(0);
  const ele = argv[3]!;
  const fromTail = toRemove < 0;
  if (fromTail) toRemove = -toRemove;
  const pos: number[] = [];
  l.find(ele, fromTail ? l.length - 1 : 0, fromTail, 0, (i) => {
    pos.push(i);
    if (toRemove !== 0 && pos.length === toRemove) return false;
  });
  if (fromTail) pos.reverse();
  const removed = pos.length;
  if (removed > 0) {
    l.removePositions(pos);
    written(c, key, N.LIST, "lrem");
    if (l.length === 0) {
      c.db.delete(key);
      notify(c, key, N.GENERIC, "del");
    }
  }
  c.w.int(removed);
}

function ltrim(c: Client, argv: string[]): void {
  const key = argv[1]!;
  let start = longArg(c, argv[2]!);
  if (start === null) return;
  let end = longArg(c, argv[3]!);
  if (end === null) return;
  const l = getList(c, key, false);
  if (l === undefined) return;
  if (l === null) return c.w.ok();
  const len = l.length;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  let ltrimN: number;
  let rtrimN: number;
  if (start > end || start >= len) {
    ltrimN = len;
    rtrimN = 0;
  } else {
    if (end >= len) end = len - 1;
    ltrimN = start;
    rtrimN = len - end - 1;
  }
  l.removeLeft(ltrimN);
  l.removeRight(rtrimN);
  if (ltrimN + rtrimN > 0) {
    written(c, key, N.LIST, "ltrim");
  } else {
    // Nothing removed: WATCH and the event still see it, but it is no change
    // to the dataset (Redis adds 0 to dirty, so it is not propagated).
    c.server.prop.keyChanged(c.db.id, key);
    notify(c, key, N.LIST, "ltrim");
  }
  if (l.length === 0) {
    c.db.delete(key);
    notify(c, key, N.GENERIC, "del");
  }
  c.w.ok();
}

// --- move -------------------------------------------------------------------------

/** LMOVE's core once the source is known to be a non-empty list: false after WRONGTYPE. */
function moveGeneric(c: Client, srcKey: string, src: ListValue, dstKey: string, from: Where, to: Where): boolean {
  const dst = getList(c, dstKey, false);
  if (dst === undefined) return false;
  const v = popOne(src, from);
  // Source and destination may be the same list: push before deciding on deletion.
  movePush(c, dstKey, dst, v, to);
  popped(c, srcKey, src, from);
  return true;
}

function lmoveCommon(c: Client, argv: string[], from: Where, to: Where): void {
  const src = getList(c, argv[1]!, false);
  if (src === undefined) return;
  if (src === null) return c.w.nullBulk();
  moveGeneric(c, argv[1]!, src, argv[2]!, from, to);
}

function lmove(c: Client, argv: string[]): void {
  const from = whereArg(c, argv[3]!);
  if (from === null) return;
  const to = whereArg(c, argv[4]!);
  if (to === null) return;
  lmoveCommon(c, argv, from, to);
}

function rpoplpush(c: Client, argv: string[]): void {
  lmoveCommon(c, argv, RIGHT, LEFT);
}

// --- LMPOP ------------------------------------------------------------------------

interface MpopArgs {
  keys: string[];
  where: Where;
  count: number;
}

/** Parses `numkeys key... LEFT|RIGHT [COUNT n]` starting at argv[at]. */
function parseMpop(c: Client, argv: string[], at: number): MpopArgs | null {
  const numkeys = rangeArg(c, argv[at]!, 1, Infinity, "ERR numkeys should be greater than 0");
  if (numkeys === null) return null;
  const whereIdx = at + numkeys + 1;
  if (whereIdx >= argv.length) {
    err(c, E.SYNTAX);
    return null;
  }
  const where = whereArg(c, argv[whereIdx]!);
  if (where === null) return null;
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && is(argv[j]!, "COUNT") && more > 0) {
      const n = rangeArg(c, argv[++j]!, 1, Infinity, "ERR count should be greater than 0");
      if (n === null) return null;
      count = n;
    } else {
      err(c, E.SYNTAX);
      return null;
    }
  }
  return { keys: argv.slice(at + 1, whereIdx), where, count: count === -1 ? 1 : count };
}

/** Pops from key as [key, [elements]], propagated as LPOP/RPOP key n. */
function mpopFrom(c: Client, key: string, l: ListValue, where: Where, count: number): void {
  c.w.arrayHeader(2);
  c.w.bulk(key);
  const n = popRangeReply(c, l, where, count);
  popped(c, key, l, where);
  c.propagate([where === LEFT ? "LPOP" : "RPOP", key, String(n)]);
}

function lmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 1);
  if (a === null) return;
  for (const key of a.keys) {
    const l = getList(c, key, false);
    if (l === undefined) return;
    if (l === null || l.length === 0) continue;
    return mpopFrom(c, key, l, a.where, a.count);
  }
  c.w.nullArray();
}

// --- blocking forms ---------------------------------------------------------------

/** BLPOP/BRPOP/BLMPOP: pop from the first non-empty list, or block. count -1: BLPOP's reply shape. */
function blockingPop(c: Client, keys: string[], where: Where, timeoutArg: string, count: number): void {
  const deadline = parseTimeout(c, timeoutArg);
  if (deadline === null) return;
  for (const key of keys) {
    const l = getList(c, key, false);
    if (l === undefined) return;
    if (l === null || l.length === 0) continue;
    if (count !== -1) return mpopFrom(c, key, l, where, count);
    return popOneReply(c, key, l, where);
  }
  if (c.inExec) return c.w.nullArray();
  blockClient(c, keys, deadline, (t, key) => {
    const l = t.db.get(key);
    if (!(l instanceof ListValue) || l.length === 0) return false;
    if (count !== -1) mpopFrom(t, key, l, where, count);
    else popOneReply(t, key, l, where);
    return true;
  });
}

/** BLPOP/BRPOP's [key, element] reply, propagated as LPOP/RPOP key. */
function popOneReply(c: Client, key: string, l: ListValue, where: Where): void {
  const v = popOne(l, where);
  c.w.arrayHeader(2);
  c.w.bulk(key);
  c.w.bulk(v);
  popped(c, key, l, where);
  c.propagate([where === LEFT ? "LPOP" : "RPOP", key]);
}

function blpop(c: Client, argv: string[]): void {
  blockingPop(c, argv.slice(1, -1), LEFT, argv[argv.length - 1]!, -1);
}

function brpop(c: Client, argv: string[]): void {
  blockingPop(c, argv.slice(1, -1), RIGHT, argv[argv.length - 1]!, -1);
}

function blmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 2);
  if (a === null) return;
  blockingPop(c, a.keys, a.where, argv[1]!, a.count);
}

/** BLMOVE/BRPOPLPUSH after their arguments were parsed. */
function blockingMove(c: Client, argv: string[], from: Where, to: Where, deadline: number, asRpoplpush: boolean): void {
  const srcKey = argv[1]!;
  const dstKey = argv[2]!;
  const src = getList(c, srcKey, false);
  if (src === undefined) return;
  if (src !== null) {
    if (moveGeneric(c, srcKey, src, dstKey, from, to)) {
      c.propagate(asRpoplpush ? ["RPOPLPUSH", srcKey, dstKey] : ["LMOVE", srcKey, dstKey, argv[3]!, argv[4]!]);
    }
    return;
  }
  if (c.inExec) return c.w.nullBulk();
  blockClient(c, [srcKey], deadline, (t, key) => {
    const l = t.db.get(key);
    if (!(l instanceof ListValue) || l.length === 0) return false;
    // A destination of another type: the client is served with WRONGTYPE.
    if (moveGeneric(t, key, l, dstKey, from, to)) {
      t.propagate(
        asRpoplpush ? ["RPOPLPUSH", key, dstKey] : ["LMOVE", key, dstKey, from === LEFT ? "left" : "right", to === LEFT ? "left" : "right"],
      );
    }
    return true;
  });
}

function blmove(c: Client, argv: string[]): void {
  const from = whereArg(c, argv[3]!);
  if (from === null) return;
  const to = whereArg(c, argv[4]!);
  if (to === null) return;
  const deadline = parseTimeout(c, argv[5]!);
  if (deadline === null) return;
  blockingMove(c, argv, from, to, deadline, false);
}

function brpoplpush(c: Client, argv: string[]): void {
  const deadline = parseTimeout(c, argv[3]!);
  if (deadline === null) return;
  blockingMove(c, argv, RIGHT, LEFT, deadline, true);
}

// --- table ------------------------------------------------------------------------

/** LMPOP / BLMPOP key positions: numkeys at argv[at]. */
export const listCommands: CommandDef[] = [
  { name: "lpush", arity: -3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: lpush },
  { name: "rpush", arity: -3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: rpush },
  { name: "lpushx", arity: -3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: lpushx },
  { name: "rpushx", arity: -3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: rpushx },
  { name: "lpop", arity: -2, flags: ["write", "fast"], keys: [1, 1, 1], handler: lpop },
  { name: "rpop", arity: -2, flags: ["write", "fast"], keys: [1, 1, 1], handler: rpop },
  { name: "llen", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: llen },
  { name: "lrange", arity: 4, flags: ["readonly"], keys: [1, 1, 1], handler: lrange },
  { name: "lindex", arity: 3, flags: ["readonly"], keys: [1, 1, 1], handler: lindex },
  { name: "lset", arity: 4, flags: ["write", "denyoom"], keys: [1, 1, 1], handler: lset },
  { name: "linsert", arity: 5, flags: ["write", "denyoom"], keys: [1, 1, 1], handler: linsert },
  { name: "lrem", arity: 4, flags: ["write"], keys: [1, 1, 1], handler: lrem },
  { name: "ltrim", arity: 4, flags: ["write"], keys: [1, 1, 1], handler: ltrim },
  { name: "lpos", arity: -3, flags: ["readonly"], keys: [1, 1, 1], handler: lpos },
  { name: "lmove", arity: 5, flags: ["write", "denyoom"], keys: [1, 2, 1], handler: lmove },
  { name: "rpoplpush", arity: 3, flags: ["write", "denyoom"], keys: [1, 2, 1], handler: rpoplpush },
  { name: "lmpop", arity: -4, flags: ["write", "movablekeys"], getKeys: keysAfterNumkeys(1), handler: lmpop },
  { name: "blpop", arity: -3, flags: ["write", "noscript", "blocking"], keys: [1, -2, 1], handler: blpop },
  { name: "brpop", arity: -3, flags: ["write", "noscript", "blocking"], keys: [1, -2, 1], handler: brpop },
  { name: "blmove", arity: 6, flags: ["write", "denyoom", "noscript", "blocking"], keys: [1, 2, 1], handler: blmove },
  { name: "brpoplpush", arity: 4, flags: ["write", "denyoom", "noscript", "blocking"], keys: [1, 2, 1], handler: brpoplpush },
  { name: "blmpop", arity: -5, flags: ["write", "blocking", "movablekeys"], getKeys: keysAfterNumkeys(2), handler: blmpop },
];
