// Stream commands (Redis 7.0's t_stream.c): XADD, XRANGE, XREVRANGE, XLEN,
// XDEL, XTRIM, XREAD, XREADGROUP, XGROUP, XACK, XPENDING, XCLAIM,
// XAUTOCLAIM, XINFO, XSETID. The data structure is src/store/stream.ts.
//
// Replies, error texts and the order in which arguments are checked follow
// Redis 7.0.15, as do the keyspace events and what is propagated:
//   - XADD propagates the ID it generated (for * and ms-*), and an
//     approximate trim (~) as the exact trim it turned out to be
//     (MAXLEN = <length after> / MINID = <first ID after>);
//   - XREADGROUP is never propagated itself: each delivery propagates as
//     XCLAIM ... FORCE JUSTID LASTID, and with NOACK the group's new position
//     as XGROUP SETID ... ENTRIESREAD (Redis 7.0 propagates neither the
//     consumer it creates nor, without NOACK, a separate SETID); XCLAIM and
//     XAUTOCLAIM propagate as those XCLAIMs too (an XCLAIM that only moves
//     LASTID as XGROUP SETID);
//   - XACK and the XGROUP subcommands change the dataset without signalling
//     the key (WATCH does not see them), as in Redis.
// Blocking XREAD / XREADGROUP use src/blocking.ts; blocked clients are
// served first come first served when entries arrive, and XREADGROUP
// clients get an error when the key or their group goes away.

import { blockClient, signalKeyAsReady } from "../blocking.ts";
import type { Client } from "../client.ts";
import { N } from "../propagate.ts";
import { ReplyWriter } from "../protocol/reply.ts";

type RW = ReplyWriter;
import type { Server } from "../server.ts";
import {
  ConsumerGroup,
  ENTRIES_READ_INVALID,
  ID_MAX,
  ID_ZERO,
  type Entry,
  type Int,
  Nack,
  type StreamID,
  type StreamNode,
  StreamValue,
  type TrimArgs,
  type TrimStrategy,
  U64_MAX,
  addInt,
  asInt64,
  asUint64,
  cmpId,
  decrId,
  idIsMax,
  idIsZero,
  idStr,
  incrId,
  int,
  type Consumer,
} from "../store/stream.ts";
import { parseIntStrict } from "../util/numbers.ts";
import { notify, readKey, typedKey, written } from "./access.ts";
import { err, is } from "./args.ts";
import { E, wrongArgs } from "./errors.ts";
import type { CommandDef } from "./table.ts";
import { totalmem } from "node:os";
import { replyHelp } from "./server.ts";

const ERR_INVALID_ID = "ERR Invalid stream ID specified as stream command argument";
const ERR_KEY_REQUIRED =
  "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** An argument as C sees it through its char*: up to the first NUL byte. */
function cstr(s: string): string {
  const i = s.indexOf("\0");
  return i === -1 ? s : s.slice(0, i);
}

/** strcasecmp(arg, KEYWORD) == 0 */
function kw(arg: string, upper: string): boolean {
  return is(cstr(arg), upper);
}

function getStream(c: Client, key: string, read: boolean): StreamValue | null | undefined {
  return typedKey<StreamValue>(c, key, "stream", read);
}

/** getLongLongFromObjectOrReply: the integer, or null after replying `msg`. */
function llArg(c: Client, s: string, msg: string = E.NOT_INT): Int | null {
  const v = parseIntStrict(s);
  if (v === null) err(c, msg);
  return v;
}

/** The AOF loader (Redis's mustObeyClient: commands it replays are not limited). */
function mustObey(c: Client): boolean {
  return c.id === 0 && c.socket === null;
}

function nodeLimits(c: Client): [number, number] {
  const cfg = c.server.config;
  return [cfg.getInt("stream-node-max-bytes"), cfg.getInt("stream-node-max-entries")];
}

/** Counts a change for propagation/save points without signalling the key (server.dirty++). */
function dirty(c: Client, n = 1): void {
  c.server.prop.dirty += n;
}

/** Commands that propagate only what they ask for (preventCommandPropagation). */
function preventPropagation(c: Client): void {
  c.propagateAs ??= [];
}

/** A scratch writer for replies whose length is only known at the end (deferred lengths). */
let scratchW: ReplyWriter | null = null;
function scratch(c: Client): ReplyWriter {
  const w = (scratchW ??= new ReplyWriter(4096));
  w.reset(c.proto);
  return w;
}
function flushScratch(c: Client, w: ReplyWriter): void {
  c.w.raw(w.view());
  w.reset(2);
  w.shrink(256 * 1024);
}

// ---------------------------------------------------------------------------
// ID parsing (streamGenericParseIDOrReply)
// ---------------------------------------------------------------------------

function isSpace(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13);
}

/** string2ull: string2ll for non-negatives, else strtoull (spaces, signs, leading zeros, wrap of "-"). */
function parseU64(s: string): Int | null {
  const v = parseIntStrict(s);
  if (v !== null) return v < 0 ? null : v;
  const n = s.length;
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (s[i] === "+" || s[i] === "-")) {
    neg = s[i] === "-";
    i++;
  }
  const start = i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === start || i !== n) return null;
  let b = BigInt(s.slice(start, i));
  if (b > U64_MAX) return null;
  if (neg) b = BigInt.asUintN(64, -b);
  return int(b);
}

interface ParsedId {
  id: StreamID;
  /** False for the <ms>-* form (XADD only). */
  seqGiven: boolean;
}

/** Parses an ID; null when invalid (no reply). */
function parseId(s: string, missingSeq: Int, strict: boolean, allowSeqStar: boolean): ParsedId | null {
  if (s.length > 127) return null;
  const b = cstr(s);
  if (strict && (b === "-" || b === "+")) return null;
  if (b === "-") return { id: ID_ZERO, seqGiven: true };
  if (b === "+") return { id: ID_MAX, seqGiven: true };
  const dot = b.indexOf("-");
  const ms = parseU64(dot === -1 ? b : b.slice(0, dot));
  if (ms === null) return null;
  if (dot === -1) return { id: { ms, seq: missingSeq }, seqGiven: true };
  const rest = b.slice(dot + 1);
  if (allowSeqStar && rest === "*") return { id: { ms, seq: 0 }, seqGiven: false };
  const seq = parseU64(rest);
  if (seq === null) return null;
  return { id: { ms, seq }, seqGiven: true };
}

/** streamParseStrictIDOrReply */
function strictIdArg(c: Client, s: string): StreamID | null {
  const p = parseId(s, 0, true, false);
  if (p === null) {
    err(c, ERR_INVALID_ID);
    return null;
  }
  return p.id;
}

/** argv[from..] as strict IDs, or null after replying (at the first invalid one). */
function strictIdArgs(c: Client, argv: string[], from: number): StreamID[] | null {
  const ids: StreamID[] = [];
  for (let j = from; j < argv.length; j++) {
    const id = strictIdArg(c, argv[j]!);
    if (id === null) return null;
    ids.push(id);
  }
  return ids;
}

/** streamParseIDOrReply */
function idArg(c: Client, s: string, missingSeq: Int): StreamID | null {
  const p = parseId(s, missingSeq, false, false);
  if (p === null) {
    err(c, ERR_INVALID_ID);
    return null;
  }
  return p.id;
}

/** streamParseIntervalIDOrReply: "(" makes the bound exclusive (and the ID strict). */
function intervalArg(c: Client, s: string, missingSeq: Int): { id: StreamID; exclude: boolean } | null {
  const exclude = s.length > 1 && s[0] === "(";
  const p = exclude ? parseId(s.slice(1), missingSeq, true, false) : parseId(s, missingSeq, false, false);
  if (p === null) {
    err(c, ERR_INVALID_ID);
    return null;
  }
  return { id: p.id, exclude };
}

/** An interval's start: inclusive, after "(" the next ID. */
function startArg(c: Client, s: string): StreamID | null {
  const a = intervalArg(c, s, 0);
  if (a === null) return null;
  if (!a.exclude) return a.id;
  const n = incrId(a.id);
  if (n === null) {
    err(c, "ERR invalid start ID for the interval");
    return null;
  }
  return n;
}

function endArg(c: Client, s: string): StreamID | null {
  const a = intervalArg(c, s, U64_MAX);
  if (a === null) return null;
  if (!a.exclude) return a.id;
  const p = decrId(a.id);
  if (p === null) {
    err(c, "ERR invalid end ID for the interval");
    return null;
  }
  return p;
}

// ---------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------

/** [id, [field, value, ...]] */
function writeEntry(w: RW, e: Entry, n: StreamNode): void {
  w.arrayHeader(2);
  w.bulk(idStr(e));
  const d = e.data;
  if ((e.flags & 2) !== 0) {
    const f = n.fields;
    w.arrayHeader(f.length * 2);
    for (let i = 0; i < f.length; i++) {
      w.bulk(f[i]!);
      w.bulk(d[i]!);
    }
  } else {
    w.arrayHeader(d.length);
    for (let i = 0; i < d.length; i++) w.bulk(d[i]!);
  }
}

/** Entries start..end (inclusive), at most count (0 = all). */
function collect(s: StreamValue, start: StreamID, end: StreamID, rev: boolean, count: number): [Entry, StreamNode][] {
  const out: [Entry, StreamNode][] = [];
  s.range(start, end, rev, (e, n) => {
    out.push([e, n]);
    return count === 0 || out.length < count;
  });
  return out;
}

/** Writes the entry with this ID as streamReplyWithRange(id, id, RAWENTRIES) does; false if it is gone. */
function writeEntryById(w: RW, s: StreamValue, id: StreamID): boolean {
  const f = s.find(id);
  if (f === null) return false;
  writeEntry(w, f.e, f.n);
  return true;
}

/** An integer reply of a long long that may be a bigint. */
function intReply(w: RW, v: Int): void {
  w.int(v);
}

// ---------------------------------------------------------------------------
// Propagation helpers
// ---------------------------------------------------------------------------

/** streamPropagateXCLAIM */
function propagateXclaim(c: Client, key: string, g: ConsumerGroup, groupArg: string, idArg: string, nack: Nack): void {
  c.propagate([
    "XCLAIM",
    key,
    groupArg,
    nack.consumer!.name,
    "0",
    idArg,
    "TIME",
    String(nack.deliveryTime),
    "RETRYCOUNT",
    String(asInt64(nack.deliveryCount)),
    "FORCE",
    "JUSTID",
    "LASTID",
    idStr(g.lastId),
  ]);
}

/** streamPropagateGroupID */
function propagateGroupId(c: Client, key: string, g: ConsumerGroup, groupArg: string): void {
  c.propagate(["XGROUP", "SETID", key, groupArg, idStr(g.lastId), "ENTRIESREAD", String(g.entriesRead)]);
}

/** streamCreateConsumer with notification and dirty, as the commands that create consumers implicitly. */
function createConsumer(c: Client, key: string, g: ConsumerGroup, name: string, now: number): Consumer {
  const cons = g.createConsumer(name, now)!;
  dirty(c);
  notify(c, key, N.STREAM, "xgroup-createconsumer");
  return cons;
}

// ---------------------------------------------------------------------------
// XADD / XTRIM
// ---------------------------------------------------------------------------

interface AddTrimArgs {
  strategy: TrimStrategy | null;
  maxlen: number;
  minid: StreamID;
  approx: boolean;
  limit: number;
  /** Index of the MAXLEN count / MINID id argument. */
  strategyIdx: number;
  /** XADD: index of the ID argument. */
  idpos: number;
  idGiven: boolean;
  seqGiven: boolean;
  id: StreamID;
  noMkstream: boolean;
}

/**
 * The start of a MAXLEN / MINID option at argv[i] (with moreargs > 0
 * arguments after it): refuses a second strategy, reads an optional "~"
 * (approximate trim) or "=", and returns the index of the threshold
 * argument, or -1 after replying.
 */
function trimThresholdIdx(c: Client, argv: string[], i: number, moreargs: number, a: AddTrimArgs): number {
  if (a.strategy !== null) {
    err(c, "ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
    return -1;
  }
  a.approx = false;
  const next = cstr(argv[i + 1]!);
  if (moreargs >= 2 && next === "~") {
    a.approx = true;
    return i + 2;
  }
  if (moreargs >= 2 && next === "=") return i + 2;
  return i + 1;
}

/** streamParseAddOrTrimArgsOrReply */
function parseAddTrim(c: Client, argv: string[], xadd: boolean): AddTrimArgs | null {
  const a: AddTrimArgs = {
    strategy: null,
    maxlen: 0,
    minid: ID_ZERO,
    approx: false,
    limit: 0,
    strategyIdx: 0,
    idpos: 0,
    idGiven: false,
    seqGiven: false,
    id: ID_ZERO,
    noMkstream: false,
  };
  let limitGiven = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const moreargs = argv.length - 1 - i;
    const opt = cstr(argv[i]!);
    if (xadd && opt === "*") {
      break;
    } else if (is(opt, "MAXLEN") && moreargs > 0) {
      i = trimThresholdIdx(c, argv, i, moreargs, a);
      if (i < 0) return null;
      const v = llArg(c, argv[i]!);
      if (v === null) return null;
      if (v < 0) {
        err(c, "ERR The MAXLEN argument must be >= 0.");
        return null;
      }
      a.maxlen = Number(v);
      a.strategy = "maxlen";
      a.strategyIdx = i;
    } else if (is(opt, "MINID") && moreargs > 0) {
      i = trimThresholdIdx(c, argv, i, moreargs, a);
      if (i < 0) return null;
      const id = strictIdArg(c, argv[i]!);
      if (id === null) return null;
      a.minid = id;
      a.strategy = "minid";
      a.strategyIdx = i;
    } else if (is(opt, "LIMIT") && moreargs > 0) {
      const v = llArg(c, argv[i + 1]!);
      if (v === null) return null;
      if (v < 0) {
        err(c, "ERR The LIMIT argument must be >= 0.");
        return null;
      }
      a.limit = Number(v);
      limitGiven = true;
      i++;
    } else if (xadd && is(opt, "NOMKSTREAM")) {
      a.noMkstream = true;
    } else if (xadd) {
      const p = parseId(argv[i]!, 0, true, true);
      if (p === null) {
        err(c, ERR_INVALID_ID);
        return null;
      }
      a.id = p.id;
      a.seqGiven = p.seqGiven;
      a.idGiven = true;
      break;
    } else {
      err(c, E.SYNTAX);
      return null;
    }
  }
  a.idpos = i;
  if (a.limit !== 0 && a.strategy === null) {
    err(c, "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
    return null;
  }
  if (!xadd && a.strategy === null) {
    err(c, "ERR syntax error, XTRIM must be called with a trimming strategy");
    return null;
  }
  if (mustObey(c)) {
    a.limit = 0;
  } else if (limitGiven) {
    if (!a.approx) {
      err(c, "ERR syntax error, LIMIT cannot be used without the special ~ option");
      return null;
    }
  } else if (a.approx) {
    let limit = 100 * nodeLimits(c)[1];
    if (limit <= 0) limit = 10000;
    if (limit > 1000000) limit = 1000000;
    a.limit = limit;
  } else {
    a.limit = 0;
  }
  return a;
}

function trimArgs(a: AddTrimArgs): TrimArgs {
  return { strategy: a.strategy!, maxlen: a.maxlen, minid: a.minid, approx: a.approx, limit: a.limit };
}

/** The argv with an approximate trim rewritten as the exact one it was (streamRewriteTrimArgument). */
function rewriteApproxTrim(argv: string[], a: AddTrimArgs, s: StreamValue): string[] {
  const out = argv.slice();
  out[a.strategyIdx - 1] = "=";
  out[a.strategyIdx] = a.strategy === "maxlen" ? String(s.length) : idStr(s.edgeId(true, false));
  return out;
}

/** streamNextID */
function nextId(last: StreamID): StreamID {
  const ms = Date.now();
  if (ms > last.ms) return { ms, seq: 0 };
  return incrId(last)!;
}

function xadd(c: Client, argv: string[]): void {
  const a = parseAddTrim(c, argv, true);
  if (a === null) return;
  const fieldPos = a.idpos + 1;
  const nargs = argv.length - fieldPos;
  if (nargs < 2 || nargs % 2 === 1) return err(c, wrongArgs("xadd"));
  if (a.idGiven && a.seqGiven && idIsZero(a.id)) return err(c, "ERR The ID specified in XADD must be greater than 0-0");
  const key = argv[1]!;
  let s = getStream(c, key, false);
  if (s === undefined) return;
  if (s === null) {
    if (a.noMkstream) return c.w.nullBulk();
    s = new StreamValue();
    c.db.set(key, s);
  }
  if (idIsMax(s.lastId)) return err(c, "ERR The stream has exhausted the last possible ID, unable to add more items");
  let id: StreamID;
  if (!a.idGiven) id = nextId(s.lastId);
  else if (a.seqGiven) id = a.id;
  else if (s.lastId.ms === a.id.ms) {
    // Redis 7.0 fails here without setting errno, so XADD reports the other error.
    if (s.lastId.seq === U64_MAX) return err(c, "ERR Elements are too large to be stored");
    id = incrId(s.lastId)!;
  } else id = a.id;
  if (cmpId(id, s.lastId) <= 0) return err(c, "ERR The ID specified in XADD is equal or smaller than the target stream top item");
  let total = 0;
  for (let i = fieldPos; i < argv.length; i++) total += argv[i]!.length;
  if (total > 1 << 30) return err(c, "ERR Elements are too large to be stored");
  const [maxBytes, maxEntries] = nodeLimits(c);
  s.append(argv, fieldPos, id, maxBytes, maxEntries);
  const ids = idStr(id);
  c.w.bulk(ids);
  written(c, key, N.STREAM, "xadd");
  let prop: string[] | null = null;
  if (a.strategy !== null) {
    if (s.trim(trimArgs(a)) > 0) notify(c, key, N.STREAM, "xtrim");
    if (a.approx) prop = rewriteApproxTrim(argv, a, s);
  }
  if (!a.idGiven || !a.seqGiven) {
    prop ??= argv.slice();
    prop[a.idpos] = ids;
  }
  if (prop !== null) c.propagate(prop);
}

function xtrim(c: Client, argv: string[]): void {
  const a = parseAddTrim(c, argv, false);
  if (a === null) return;
  const key = argv[1]!;
  const s = getStream(c, key, false);
  if (s === undefined) return;
  if (s === null) return c.w.int(0);
  const deleted = s.trim(trimArgs(a));
  if (deleted > 0) {
    written(c, key, N.STREAM, "xtrim");
    dirty(c, deleted - 1);
    if (a.approx) c.propagate(rewriteApproxTrim(argv, a, s));
  }
  c.w.int(deleted);
}

// ---------------------------------------------------------------------------
// XRANGE / XREVRANGE / XLEN / XDEL
// ---------------------------------------------------------------------------

function xrangeGeneric(c: Client, argv: string[], rev: boolean): void {
  const start = startArg(c, rev ? argv[3]! : argv[2]!);
  if (start === null) return;
  const end = endArg(c, rev ? argv[2]! : argv[3]!);
  if (end === null) return;
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    const additional = argv.length - j - 1;
    if (kw(argv[j]!, "COUNT") && additional >= 1) {
      const v = llArg(c, argv[j + 1]!);
      if (v === null) return;
      count = v < 0 ? 0 : Number(v);
      j++;
    } else {
      return err(c, E.SYNTAX);
    }
  }
  const s = getStream(c, argv[1]!, true);
  if (s === undefined) return;
  if (s === null) return c.w.arrayHeader(0);
  if (count === 0) return c.w.nullArray();
  const items = collect(s, start, end, rev, count === -1 ? 0 : count);
  const w = c.w;
  w.arrayHeader(items.length);
  for (const [e, n] of items) writeEntry(w, e, n);
}

const xrange = (c: Client, argv: string[]) => xrangeGeneric(c, argv, false);
const xrevrange = (c: Client, argv: string[]) => xrangeGeneric(c, argv, true);

function xlen(c: Client, argv: string[]): void {
  const s = getStream(c, argv[1]!, true);
  if (s === undefined) return;
  c.w.int(s === null ? 0 : s.length);
}

function xdel(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const s = getStream(c, key, false);
  if (s === undefined) return;
  if (s === null) return c.w.int(0);
  const ids = strictIdArgs(c, argv, 2);
  if (ids === null) return;
  let deleted = 0;
  let firstEntry = false;
  for (const id of ids) {
    if (!s.deleteEntry(id)) continue;
    if (cmpId(id, s.firstId) === 0) firstEntry = true;
    if (cmpId(id, s.maxDeletedId) > 0) s.maxDeletedId = id;
    deleted++;
  }
  if (deleted > 0) {
    if (s.length === 0) s.firstId = ID_ZERO;
    else if (firstEntry) s.firstId = s.edgeId(true, true);
    written(c, key, N.STREAM, "xdel");
    dirty(c, deleted - 1);
  }
  c.w.int(deleted);
}

// ---------------------------------------------------------------------------
// XREAD / XREADGROUP
// ---------------------------------------------------------------------------

/** XREAD's default COUNT once it blocks (XREAD_BLOCKED_DEFAULT_COUNT). */
const BLOCKED_DEFAULT_COUNT = 1000;

/**
 * streamReplyWithRange for XREAD/XREADGROUP: the entries after `start`,
 * delivering them to the group (PEL, last ID, read counter) when there is one.
 */
function replyRange(
  c: Client,
  s: StreamValue,
  key: string,
  start: StreamID,
  count: number,
  g: ConsumerGroup | null,
  consumer: Consumer | null,
  groupArg: string,
  noack: boolean,
): void {
  const items = collect(s, start, ID_MAX, false, count);
  const w = c.w;
  w.arrayHeader(items.length);
  const now = Date.now();
  let propagateLastId = false;
  for (const [e, n] of items) {
    const id: StreamID = { ms: e.ms, seq: e.seq };
    if (g !== null && cmpId(id, g.lastId) > 0) {
      s.advanceGroup(g, id);
      // Redis 7.0 propagates the group's position only with NOACK (else XCLAIM's LASTID carries it).
      if (noack) propagateLastId = true;
    }
    writeEntry(w, e, n);
    if (g !== null && !noack) {
      let nack = new Nack(now, 1, consumer);
      if (!g.pel.tryInsert(id, nack)) {
        nack = g.pel.get(id)!;
        nack.consumer?.pel.delete(id);
        nack.consumer = consumer;
        nack.deliveryTime = now;
        nack.deliveryCount = 1;
        consumer!.pel.set(id, nack);
      } else {
        consumer!.pel.tryInsert(id, nack);
      }
      propagateXclaim(c, key, g, groupArg, idStr(id), nack);
    }
  }
  if (g !== null && propagateLastId) propagateGroupId(c, key, g, groupArg);
}

/** streamReplyWithRangeFromConsumerPEL: the consumer's pending entries from `start`. */
function replyConsumerPel(c: Client, s: StreamValue, start: StreamID, count: number, consumer: Consumer): void {
  const pel = consumer.pel;
  const from = pel.lowerBound(start);
  const to = count === 0 ? pel.size : Math.min(pel.size, from + count);
  const w = c.w;
  w.arrayHeader(to - from);
  const now = Date.now();
  for (let i = from; i < to; i++) {
    const id = pel.ids[i]!;
    if (writeEntryById(w, s, id)) {
      const nack = pel.vals[i]!;
      nack.deliveryTime = now;
      nack.deliveryCount = asUint64(addInt(nack.deliveryCount, 1));
    } else {
      w.arrayHeader(2);
      w.bulk(idStr(id));
      w.nullArray();
    }
  }
}

function xreadGeneric(c: Client, argv: string[], xreadgroup: boolean): void {
  let timeout = -1;
  let count = 0;
  let streamsArg = 0;
  let streamsCount = 0;
  let noack = false;
  let groupArg: string | null = null;
  let consumerArg = "";
  for (let i = 1; i < argv.length; i++) {
    const moreargs = argv.length - i - 1;
    const o = cstr(argv[i]!);
    if (is(o, "BLOCK") && moreargs > 0) {
      if (c.isScript) return err(c, `ERR ${argv[0]} command is not allowed with BLOCK option from scripts`);
      i++;
      const t = llArg(c, argv[i]!, "ERR timeout is not an integer or out of range");
      if (t === null) return;
      if (t < 0) return err(c, "ERR timeout is negative");
      timeout = Number(t);
    } else if (is(o, "COUNT") && moreargs > 0) {
      i++;
      const v = llArg(c, argv[i]!);
      if (v === null) return;
      count = v < 0 ? 0 : Number(v);
    } else if (is(o, "STREAMS") && moreargs > 0) {
      streamsArg = i + 1;
      streamsCount = argv.length - streamsArg;
      if (streamsCount % 2 !== 0) {
        return err(c, "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
      }
      streamsCount /= 2;
      break;
    } else if (is(o, "GROUP") && moreargs >= 2) {
      if (!xreadgroup) return err(c, "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
      groupArg = argv[i + 1]!;
      consumerArg = argv[i + 2]!;
      i += 2;
    } else if (is(o, "NOACK")) {
      if (!xreadgroup) return err(c, "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
      noack = true;
    } else {
      return err(c, E.SYNTAX);
    }
  }
  if (streamsArg === 0) return err(c, E.SYNTAX);
  if (xreadgroup && groupArg === null) return err(c, "ERR Missing GROUP option for XREADGROUP");

  const ids: StreamID[] = new Array(streamsCount);
  const groups: ConsumerGroup[] | null = groupArg !== null ? new Array(streamsCount) : null;
  for (let i = 0; i < streamsCount; i++) {
    const key = argv[streamsArg + i]!;
    const arg = argv[streamsArg + streamsCount + i]!;
    const o = readKey(c, key);
    if (o !== undefined && !(o instanceof StreamValue)) return err(c, E.WRONGTYPE);
    if (groupArg !== null) {
      const g = o?.group(groupArg);
      if (g === undefined) {
        return err(c, `NOGROUP No such key '${cstr(key)}' or consumer group '${cstr(groupArg)}' in XREADGROUP with GROUP option`);
      }
      groups![i] = g;
    }
    const a = cstr(arg);
    if (a === "$") {
      if (xreadgroup) {
        return err(
          c,
          "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.",
        );
      }
      ids[i] = o !== undefined ? o.lastId : ID_ZERO;
      continue;
    }
    if (a === ">") {
      if (!xreadgroup) return err(c, "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.");
      ids[i] = ID_MAX;
      continue;
    }
    const id = strictIdArg(c, arg);
    if (id === null) return;
    ids[i] = id;
  }

  // Serve synchronously what can be served (replies built in a scratch buffer: the count comes last).
  if (xreadgroup) preventPropagation(c);
  const out = scratch(c);
  const saved = c.w;
  c.w = out;
  let served = 0;
  try {
    const now = Date.now();
    for (let i = 0; i < streamsCount; i++) {
      const key = argv[streamsArg + i]!;
      const o = readKey(c, key);
      if (o === undefined) continue;
      const s = o as StreamValue;
      let gt = ids[i]!;
      let serve = false;
      let history = false;
      let consumer: Consumer | null = null;
      const g = groups !== null ? groups[i]! : null;
      if (g !== null) {
        if (!idIsMax(gt)) {
          serve = true;
          history = true;
        } else if (s.length > 0) {
          if (cmpId(s.lastValidId(), g.lastId) > 0) {
            serve = true;
            gt = g.lastId;
          }
        }
      } else if (s.length > 0) {
        if (cmpId(s.lastValidId(), gt) > 0) serve = true;
      }
      if (!serve) continue;
      served++;
      if (c.proto === 2) out.arrayHeader(2);
      out.bulk(key);
      if (g !== null) {
        // The consumer is created once there is something to serve (here, or when unblocked).
        consumer = g.lookupConsumer(consumerArg, true, now) ?? null;
        if (consumer === null) consumer = createConsumer(c, key, g, consumerArg, now);
      }
      const start = incrId(gt) ?? ID_ZERO;
      if (g !== null && history) replyConsumerPel(c, s, start, count, consumer!);
      else replyRange(c, s, key, start, count, g, consumer, groupArg ?? "", noack);
      if (g !== null) dirty(c);
    }
  } finally {
    c.w = saved;
  }
  if (served > 0) {
    if (c.proto === 2) c.w.arrayHeader(served);
    else c.w.mapHeader(served);
    flushScratch(c, out);
    return;
  }
  out.reset(2);
  if (timeout !== -1) {
    // Inside MULTI/EXEC (and scripts) blocking is denied: answer as a timeout.
    if (c.inExec) return c.w.nullArray();
    blockOnStreams(c, argv.slice(streamsArg, streamsArg + streamsCount), ids, timeout, count, groupArg, consumerArg, noack);
    return;
  }
  c.w.nullArray();
}

/** Blocks an XREAD/XREADGROUP client until one of its streams gets entries after its ID. */
function blockOnStreams(
  c: Client,
  keys: string[],
  ids: StreamID[],
  timeout: number,
  count: number,
  groupArg: string | null,
  consumerArg: string,
  noack: boolean,
): void {
  watchFlushes(c.server);
  const gtByKey = new Map<string, StreamID>();
  keys.forEach((k, i) => {
    if (!gtByKey.has(k)) gtByKey.set(k, ids[i]!);
  });
  const readCount = count !== 0 ? count : BLOCKED_DEFAULT_COUNT;
  const deadline = timeout === 0 ? 0 : Date.now() + timeout;
  blockClient(c, keys, deadline, (t, key) => {
    const o = t.db.get(key);
    let g: ConsumerGroup | null = null;
    let gt: StreamID;
    if (groupArg !== null) {
      if (!(o instanceof StreamValue)) {
        t.server.replyError(t, "UNBLOCKED the stream key no longer exists");
        return true;
      }
      g = o.group(groupArg) ?? null;
      if (g === null) {
        t.server.replyError(t, "NOGROUP the consumer group this client was blocked on no longer exists");
        return true;
      }
      gt = g.lastId;
    } else {
      if (!(o instanceof StreamValue)) return false;
      gt = gtByKey.get(key)!;
    }
    const s = o as StreamValue;
    if (cmpId(s.lastId, gt) <= 0) return false;
    const start = incrId(gt) ?? ID_ZERO;
    let consumer: Consumer | null = null;
    if (g !== null) {
      const now = Date.now();
      consumer = g.lookupConsumer(consumerArg, true, now) ?? null;
      if (consumer === null) consumer = createConsumer(t, key, g, consumerArg, now);
    }
    const w = t.w;
    if (t.proto === 2) {
      w.arrayHeader(1);
      w.arrayHeader(2);
    } else {
      w.mapHeader(1);
    }
    w.bulk(key);
    replyRange(t, s, key, start, readCount, g, consumer, groupArg ?? "", noack);
    return true;
  });
}

/** FLUSHDB/FLUSHALL delete streams that XREADGROUP clients wait on: offer them their keys (they get an error). */
const flushWatched = new WeakSet<Server>();
function watchFlushes(server: Server): void {
  if (flushWatched.has(server)) return;
  flushWatched.add(server);
  server.prop.onFlush.push((db) => {
    if (server.blocking.blockedCount === 0) return;
    if (db === -1) for (let i = 0; i < server.dbs.length; i++) server.blocking.signalAll(i);
    else server.blocking.signalAll(db);
  });
}

const xread = (c: Client, argv: string[]) => xreadGeneric(c, argv, false);
const xreadgroup = (c: Client, argv: string[]) => xreadGeneric(c, argv, true);

// ---------------------------------------------------------------------------
// XGROUP
// ---------------------------------------------------------------------------

const XGROUP_HELP = [
  "CREATE <key> <groupname> <id|$> [option]",
  "    Create a new consumer group. Options are:",
  "    * MKSTREAM",
  "      Create the empty stream if it does not exist.",
  "    * ENTRIESREAD entries_read",
  "      Set the group's entries_read counter (internal use).",
  "CREATECONSUMER <key> <groupname> <consumer>",
  "    Create a new consumer in the specified group.",
  "DELCONSUMER <key> <groupname> <consumer>",
  "    Remove the specified consumer.",
  "DESTROY <key> <groupname>",
  "    Remove the specified group.",
  "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
  "    Set the current group ID and entries_read counter.",
];

const XINFO_HELP = [
  "CONSUMERS <key> <groupname>",
  "    Show consumers of <groupname>.",
  "GROUPS <key>",
  "    Show the stream consumer groups.",
  "STREAM <key> [FULL [COUNT <count>]",
  "    Show information about the stream.",
];


/** addReplySubcommandSyntaxError */
function subcommandSyntax(c: Client, argv: string[]): void {
  err(c, `ERR unknown subcommand or wrong number of arguments for '${cstr(argv[1]!).slice(0, 128)}'. Try ${cstr(argv[0]!).toUpperCase()} HELP.`);
}

/** The value of ENTRIESREAD: null after replying an error. */
function entriesReadArg(c: Client, s: string): Int | null {
  const v = llArg(c, s);
  if (v === null) return null;
  if (v < 0 && v !== ENTRIES_READ_INVALID) {
    err(c, "ERR value for ENTRIESREAD must be positive or -1");
    return null;
  }
  return v;
}

/** xgroupCommand: every subcommand but HELP. */
function xgroup(c: Client, argv: string[]): void {
  const opt = argv[1]!.toLowerCase();
  let mkstream = false;
  let entriesRead: Int = ENTRIES_READ_INVALID;
  if (opt === "create") {
    for (let i = 5; i < argv.length; ) {
      if (kw(argv[i]!, "MKSTREAM")) {
        mkstream = true;
        i++;
      } else if (kw(argv[i]!, "ENTRIESREAD") && i + 1 < argv.length) {
        const v = entriesReadArg(c, argv[i + 1]!);
        if (v === null) return;
        entriesRead = v;
        i += 2;
      } else {
        return subcommandSyntax(c, argv);
      }
    }
  } else if (opt === "setid") {
    if (argv.length === 7) {
      if (!kw(argv[5]!, "ENTRIESREAD")) return subcommandSyntax(c, argv);
      const v = entriesReadArg(c, argv[6]!);
      if (v === null) return;
      entriesRead = v;
    } else if (argv.length !== 5) {
      return subcommandSyntax(c, argv);
    }
  }
  const key = argv[2]!;
  let s = getStream(c, key, false);
  if (s === undefined) return;
  const groupName = argv[3]!;
  let g: ConsumerGroup | undefined;
  if (!mkstream) {
    if (s === null) return err(c, ERR_KEY_REQUIRED);
    g = s.group(groupName);
    if (g === undefined && (opt === "setid" || opt === "createconsumer" || opt === "delconsumer")) {
      return err(c, `NOGROUP No such consumer group '${cstr(groupName)}' for key name '${cstr(key)}'`);
    }
  }
  switch (opt) {
    case "create": {
      if (argv.length > 8) return subcommandSyntax(c, argv);
      let id: StreamID;
      if (cstr(argv[4]!) === "$") id = s !== null ? s.lastId : ID_ZERO;
      else {
        const p = strictIdArg(c, argv[4]!);
        if (p === null) return;
        id = p;
      }
      if (s === null) {
        s = new StreamValue();
        c.db.set(key, s);
        c.server.prop.keyChanged(c.db.id, key);
      }
      if (s.createGroup(groupName, id, entriesRead) === null) return err(c, "BUSYGROUP Consumer Group name already exists");
      c.w.ok();
      dirty(c);
      notify(c, key, N.STREAM, "xgroup-create");
      return;
    }
    case "setid": {
      let id: StreamID;
      if (cstr(argv[4]!) === "$") id = s!.lastId;
      else {
        const p = idArg(c, argv[4]!, 0);
        if (p === null) return;
        id = p;
      }
      g!.lastId = id;
      g!.entriesRead = entriesRead;
      c.w.ok();
      dirty(c);
      notify(c, key, N.STREAM, "xgroup-setid");
      return;
    }
    case "destroy":
      if (g === undefined) return c.w.int(0);
      s!.groups!.delete(groupName);
      c.w.int(1);
      dirty(c);
      notify(c, key, N.STREAM, "xgroup-destroy");
      // XREADGROUP clients blocked on this group get -NOGROUP.
      signalKeyAsReady(c.server, c.db, key);
      return;
    case "createconsumer": {
      const created = g!.createConsumer(argv[4]!, Date.now());
      if (created !== null) {
        dirty(c);
        notify(c, key, N.STREAM, "xgroup-createconsumer");
      }
      c.w.int(created !== null ? 1 : 0);
      return;
    }
    case "delconsumer": {
      if (!g!.consumers.has(argv[4]!)) return c.w.int(0);
      c.w.int(g!.deleteConsumer(argv[4]!));
      dirty(c);
      notify(c, key, N.STREAM, "xgroup-delconsumer");
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// XSETID
// ---------------------------------------------------------------------------

function xsetid(c: Client, argv: string[]): void {
  const id = strictIdArg(c, argv[2]!);
  if (id === null) return;
  let entriesAdded: Int = -1;
  let maxDeleted: StreamID = ID_ZERO;
  for (let i = 3; i < argv.length; ) {
    const moreargs = argv.length - 1 - i;
    const opt = argv[i]!;
    if (kw(opt, "ENTRIESADDED") && moreargs > 0) {
      const v = llArg(c, argv[i + 1]!);
      if (v === null) return;
      if (v < 0) return err(c, "ERR entries_added must be positive");
      entriesAdded = v;
      i += 2;
    } else if (kw(opt, "MAXDELETEDID") && moreargs > 0) {
      const m = strictIdArg(c, argv[i + 1]!);
      if (m === null) return;
      if (cmpId(id, m) < 0) return err(c, "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
      maxDeleted = m;
      i += 2;
    } else {
      return err(c, E.SYNTAX);
    }
  }
  const key = argv[1]!;
  const s = getStream(c, key, false);
  if (s === undefined) return;
  if (s === null) return err(c, E.NO_SUCH_KEY);
  if (s.length > 0) {
    if (cmpId(id, s.lastValidId()) < 0) return err(c, "ERR The ID specified in XSETID is smaller than the target stream top item");
    if (entriesAdded !== -1 && s.length > entriesAdded) {
      return err(c, "ERR The entries_added specified in XSETID is smaller than the target stream length");
    }
  }
  s.lastId = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (!idIsZero(maxDeleted)) s.maxDeletedId = maxDeleted;
  c.w.ok();
  written(c, key, N.STREAM, "xsetid");
}

// ---------------------------------------------------------------------------
// XACK / XPENDING
// ---------------------------------------------------------------------------

function xack(c: Client, argv: string[]): void {
  const o = readKey(c, argv[1]!);
  let g: ConsumerGroup | undefined;
  if (o !== undefined) {
    if (!(o instanceof StreamValue)) return err(c, E.WRONGTYPE);
    g = o.group(argv[2]!);
  }
  if (o === undefined || g === undefined) return c.w.int(0);
  const ids = strictIdArgs(c, argv, 3);
  if (ids === null) return;
  let acked = 0;
  for (const id of ids) {
    const nack = g.pel.get(id);
    if (nack === undefined) continue;
    g.pel.delete(id);
    nack.consumer?.pel.delete(id);
    acked++;
    dirty(c);
  }
  c.w.int(acked);
}

function xpending(c: Client, argv: string[]): void {
  const justinfo = argv.length === 3;
  const key = argv[1]!;
  const groupName = argv[2]!;
  if (argv.length !== 3 && (argv.length < 6 || argv.length > 9)) return err(c, E.SYNTAX);
  let start: StreamID = ID_ZERO;
  let end: StreamID = ID_MAX;
  let count: Int = 0;
  let minidle: Int = 0;
  let consumerName: string | null = null;
  if (argv.length >= 6) {
    let startidx = 3;
    if (kw(argv[3]!, "IDLE")) {
      const v = llArg(c, argv[4]!);
      if (v === null) return;
      minidle = v;
      if (argv.length < 8) return err(c, E.SYNTAX);
      startidx += 2;
    }
    const n = llArg(c, argv[startidx + 2]!);
    if (n === null) return;
    count = n < 0 ? 0 : n;
    const st = startArg(c, argv[startidx]!);
    if (st === null) return;
    start = st;
    const en = endArg(c, argv[startidx + 1]!);
    if (en === null) return;
    end = en;
    if (startidx + 3 < argv.length) consumerName = argv[startidx + 3]!;
  }
  const o = readKey(c, key);
  if (o !== undefined && !(o instanceof StreamValue)) return err(c, E.WRONGTYPE);
  const g = o?.group(groupName);
  if (g === undefined) return err(c, `NOGROUP No such key '${cstr(key)}' or consumer group '${cstr(groupName)}'`);
  const w = c.w;
  if (justinfo) {
    w.arrayHeader(4);
    w.int(g.pel.size);
    if (g.pel.size === 0) {
      w.nullBulk();
      w.nullBulk();
      w.nullArray();
      return;
    }
    w.bulk(idStr(g.pel.ids[0]!));
    w.bulk(idStr(g.pel.ids[g.pel.size - 1]!));
    const withPending = g.sortedConsumers().filter((x) => x.pel.size > 0);
    w.arrayHeader(withPending.length);
    for (const x of withPending) {
      w.arrayHeader(2);
      w.bulk(x.name);
      w.bulk(String(x.pel.size));
    }
    return;
  }
  let pel = g.pel;
  if (consumerName !== null) {
    const cons = g.lookupConsumer(consumerName, false, 0);
    if (cons === undefined) return w.arrayHeader(0);
    pel = cons.pel;
  }
  const now = Date.now();
  const rows: number[] = [];
  let left = count;
  for (let i = pel.lowerBound(start); left > 0 && i < pel.size && cmpId(pel.ids[i]!, end) <= 0; i++) {
    if (minidle !== 0 && now - pel.vals[i]!.deliveryTime < minidle) continue;
    rows.push(i);
    left = typeof left === "number" ? left - 1 : left - 1n;
  }
  w.arrayHeader(rows.length);
  for (const i of rows) {
    const nack = pel.vals[i]!;
    w.arrayHeader(4);
    w.bulk(idStr(pel.ids[i]!));
    w.bulk(nack.consumer!.name);
    w.int(Math.max(0, now - nack.deliveryTime));
    intReply(w, asInt64(nack.deliveryCount));
  }
}

// ---------------------------------------------------------------------------
// XCLAIM / XAUTOCLAIM
// ---------------------------------------------------------------------------

/** The stream at key, for XCLAIM / XAUTOCLAIM: null after replying (wrong type, or no such key or group). */
function claimStream(c: Client, key: string, groupArg: string): StreamValue | null {
  const o = readKey(c, key);
  if (o !== undefined && !(o instanceof StreamValue)) {
    err(c, E.WRONGTYPE);
    return null;
  }
  if (o === undefined || o.group(groupArg) === undefined) {
    err(c, `NOGROUP No such key '${cstr(key)}' or consumer group '${cstr(groupArg)}'`);
    return null;
  }
  return o;
}

/**
 * Gives the pending entry `id` to `consumer`, delivered at deliveryTime:
 * its delivery count set to retryCount (when >= 0) or, unless JUSTID,
 * incremented (the claim of XCLAIM / XAUTOCLAIM).
 */
function claimNack(consumer: Consumer, id: StreamID, nack: Nack, deliveryTime: number, retryCount: Int, justid: boolean): void {
  if (nack.consumer !== consumer) nack.consumer?.pel.delete(id);
  nack.deliveryTime = deliveryTime;
  if (retryCount >= 0) nack.deliveryCount = retryCount;
  else if (!justid) nack.deliveryCount = asUint64(addInt(nack.deliveryCount, 1));
  if (nack.consumer !== consumer) {
    consumer.pel.set(id, nack);
    nack.consumer = consumer;
  }
}

function xclaim(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const groupArg = argv[2]!;
  const s = claimStream(c, key, groupArg);
  if (s === null) return;
  const g = s.group(groupArg)!;
  const mi = llArg(c, argv[4]!, "ERR Invalid min-idle-time argument for XCLAIM");
  if (mi === null) return;
  const minidle = mi < 0 ? 0 : Number(mi);
  let j = 5;
  for (; j < argv.length; j++) if (parseId(argv[j]!, 0, true, false) === null) break;
  const lastIdArg = j - 1;
  const now = Date.now();
  let deliveryTime = -1;
  let retryCount: Int = -1;
  let force = false;
  let justid = false;
  let lastId: StreamID = ID_ZERO;
  for (; j < argv.length; j++) {
    const moreargs = argv.length - 1 - j;
    const opt = argv[j]!;
    if (kw(opt, "FORCE")) force = true;
    else if (kw(opt, "JUSTID")) justid = true;
    else if (kw(opt, "IDLE") && moreargs > 0) {
      j++;
      const v = llArg(c, argv[j]!, "ERR Invalid IDLE option argument for XCLAIM");
      if (v === null) return;
      deliveryTime = now - Number(v);
    } else if (kw(opt, "TIME") && moreargs > 0) {
      j++;
      const v = llArg(c, argv[j]!, "ERR Invalid TIME option argument for XCLAIM");
      if (v === null) return;
      deliveryTime = Number(v);
    } else if (kw(opt, "RETRYCOUNT") && moreargs > 0) {
      j++;
      const v = llArg(c, argv[j]!, "ERR Invalid RETRYCOUNT option argument for XCLAIM");
      if (v === null) return;
      retryCount = v;
    } else if (kw(opt, "LASTID") && moreargs > 0) {
      j++;
      const id = strictIdArg(c, argv[j]!);
      if (id === null) return;
      lastId = id;
    } else {
      return err(c, `ERR Unrecognized XCLAIM option '${cstr(opt)}'`);
    }
  }
  preventPropagation(c);
  let propagateLastId = false;
  if (cmpId(lastId, g.lastId) > 0) {
    g.lastId = lastId;
    propagateLastId = true;
  }
  if (deliveryTime !== -1) {
    if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
  } else {
    deliveryTime = now;
  }
  const name = argv[3]!;
  let consumer: Consumer | null = null;
  const out = scratch(c);
  let claimed = 0;
  for (let k = 5; k <= lastIdArg; k++) {
    const id = parseId(argv[k]!, 0, true, false)!.id;
    let nack = g.pel.get(id);
    if (s.find(id) === null) {
      // The entry is gone: drop it from the PEL (and tell replicas so).
      if (nack !== undefined) {
        propagateXclaim(c, key, g, groupArg, argv[k]!, nack);
        propagateLastId = false;
        dirty(c);
        g.pel.delete(id);
        nack.consumer?.pel.delete(id);
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = new Nack(now, 1, null);
      g.pel.set(id, nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== null && minidle !== 0 && now - nack.deliveryTime < minidle) continue;
    if (consumer === null) consumer = g.lookupConsumer(name, true, now) ?? createConsumer(c, key, g, name, now);
    claimNack(consumer, id, nack, deliveryTime, retryCount, justid);
    if (justid) out.bulk(idStr(id));
    else if (!writeEntryById(out, s, id)) out.nullBulk();
    claimed++;
    propagateXclaim(c, key, g, groupArg, argv[k]!, nack);
    propagateLastId = false;
    dirty(c);
  }
  if (propagateLastId) {
    propagateGroupId(c, key, g, groupArg);
    dirty(c);
  }
  c.w.arrayHeader(claimed);
  flushScratch(c, out);
}

/** XAUTOCLAIM's COUNT bound: LONG_MAX / max(sizeof(streamID), attempts_factor). */
const AUTOCLAIM_MAX_COUNT = 576460752303423487n;

function xautoclaim(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const groupArg = argv[2]!;
  const mi = llArg(c, argv[4]!, "ERR Invalid min-idle-time argument for XAUTOCLAIM");
  if (mi === null) return;
  const minidle = mi < 0 ? 0 : Number(mi);
  const start = startArg(c, argv[5]!);
  if (start === null) return;
  let count = 100;
  let justid = false;
  for (let j = 6; j < argv.length; j++) {
    const moreargs = argv.length - 1 - j;
    const opt = argv[j]!;
    if (kw(opt, "COUNT") && moreargs > 0) {
      const v = parseIntStrict(argv[j + 1]!);
      if (v === null || v < 1 || v > AUTOCLAIM_MAX_COUNT) return err(c, "ERR COUNT must be > 0");
      count = Number(v);
      j++;
    } else if (kw(opt, "JUSTID")) {
      justid = true;
    } else {
      return err(c, E.SYNTAX);
    }
  }
  const s = claimStream(c, key, groupArg);
  if (s === null) return;
  const g = s.group(groupArg)!;
  // Redis allocates count stream IDs up front (ztrymalloc): a COUNT beyond the machine's memory fails.
  if (count * 16 > totalmem()) return err(c, "ERR Insufficient memory, failed allocating transient memory, COUNT too high.");
  preventPropagation(c);
  const pel = g.pel;
  let attempts = count * 10;
  const now = Date.now();
  const name = argv[3]!;
  let consumer: Consumer | null = null;
  const deletedIds: StreamID[] = [];
  const out = scratch(c);
  let claimed = 0;
  let i = pel.lowerBound(start);
  while (attempts-- > 0 && count > 0 && i < pel.size) {
    const id = pel.ids[i]!;
    const nack = pel.vals[i]!;
    if (s.find(id) === null) {
      propagateXclaim(c, key, g, groupArg, idStr(id), nack);
      dirty(c);
      pel.removeAt(i);
      nack.consumer?.pel.delete(id);
      deletedIds.push(id);
      count--;
      continue;
    }
    i++;
    if (minidle !== 0 && now - nack.deliveryTime < minidle) continue;
    if (consumer === null) consumer = g.lookupConsumer(name, true, now) ?? createConsumer(c, key, g, name, now);
    claimNack(consumer, id, nack, now, -1, justid);
    if (justid) out.bulk(idStr(id));
    else writeEntryById(out, s, id);
    claimed++;
    count--;
    propagateXclaim(c, key, g, groupArg, idStr(id), nack);
    dirty(c);
  }
  const endId = i < pel.size ? pel.ids[i]! : ID_ZERO;
  const w = c.w;
  w.arrayHeader(3);
  w.bulk(idStr(endId));
  w.arrayHeader(claimed);
  flushScratch(c, out);
  w.arrayHeader(deletedIds.length);
  for (const id of deletedIds) w.bulk(idStr(id));
}

// ---------------------------------------------------------------------------
// XINFO
// ---------------------------------------------------------------------------

/** The stream for XINFO: null after replying (no such key / wrong type). */
function xinfoStreamArg(c: Client, key: string): StreamValue | null {
  const s = getStream(c, key, true);
  if (s === undefined) return null;
  if (s === null) {
    err(c, E.NO_SUCH_KEY);
    return null;
  }
  return s;
}

function lagReply(w: RW, s: StreamValue, g: ConsumerGroup): void {
  const lag = s.groupLag(g);
  if (lag === null) w.nullBulk();
  else intReply(w, lag);
}

function entriesReadReply(w: RW, g: ConsumerGroup): void {
  if (g.entriesRead === ENTRIES_READ_INVALID) w.nullBulk();
  else intReply(w, g.entriesRead);
}

function xinfoConsumers(c: Client, argv: string[]): void {
  const s = xinfoStreamArg(c, argv[2]!);
  if (s === null) return;
  const g = s.group(argv[3]!);
  if (g === undefined) return err(c, `NOGROUP No such consumer group '${cstr(argv[3]!)}' for key name '${cstr(argv[2]!)}'`);
  const w = c.w;
  const now = Date.now();
  const list = g.sortedConsumers();
  w.arrayHeader(list.length);
  for (const x of list) {
    w.mapHeader(3);
    w.bulk("name");
    w.bulk(x.name);
    w.bulk("pending");
    w.int(x.pel.size);
    w.bulk("idle");
    w.int(Math.max(0, now - x.seenTime));
  }
}

function xinfoGroups(c: Client, argv: string[]): void {
  const s = xinfoStreamArg(c, argv[2]!);
  if (s === null) return;
  const w = c.w;
  const list = s.sortedGroups();
  w.arrayHeader(list.length);
  for (const g of list) {
    w.mapHeader(6);
    w.bulk("name");
    w.bulk(g.name);
    w.bulk("consumers");
    w.int(g.consumers.size);
    w.bulk("pending");
    w.int(g.pel.size);
    w.bulk("last-delivered-id");
    w.bulk(idStr(g.lastId));
    w.bulk("entries-read");
    entriesReadReply(w, g);
    w.bulk("lag");
    lagReply(w, s, g);
  }
}

function xinfoStream(c: Client, argv: string[]): void {
  const s = xinfoStreamArg(c, argv[2]!);
  if (s === null) return;
  let full = false;
  let count: number = 10;
  if (argv.length > 3) {
    if (!kw(argv[3]!, "FULL")) return subcommandSyntax(c, argv);
    full = true;
    if (argv.length > 4) {
      if (argv.length !== 6 || !kw(argv[4]!, "COUNT")) return subcommandSyntax(c, argv);
      const v = llArg(c, argv[5]!);
      if (v === null) return;
      count = v < 0 ? 10 : Number(v);
    }
  }
  const w = c.w;
  w.mapHeader(full ? 9 : 10);
  w.bulk("length");
  w.int(s.length);
  w.bulk("radix-tree-keys");
  w.int(s.raxKeys);
  w.bulk("radix-tree-nodes");
  w.int(s.raxNodes);
  w.bulk("last-generated-id");
  w.bulk(idStr(s.lastId));
  w.bulk("max-deleted-entry-id");
  w.bulk(idStr(s.maxDeletedId));
  w.bulk("entries-added");
  intReply(w, asInt64(s.entriesAdded));
  w.bulk("recorded-first-entry-id");
  w.bulk(idStr(s.firstId));
  if (!full) {
    w.bulk("groups");
    w.int(s.groups?.size ?? 0);
    w.bulk("first-entry");
    const first = collect(s, ID_ZERO, ID_MAX, false, 1)[0];
    if (first === undefined) w.nullBulk();
    else writeEntry(w, first[0], first[1]);
    w.bulk("last-entry");
    const last = collect(s, ID_ZERO, ID_MAX, true, 1)[0];
    if (last === undefined) w.nullBulk();
    else writeEntry(w, last[0], last[1]);
    return;
  }
  w.bulk("entries");
  const items = collect(s, ID_ZERO, ID_MAX, false, count);
  w.arrayHeader(items.length);
  for (const [e, n] of items) writeEntry(w, e, n);
  w.bulk("groups");
  const groups = s.sortedGroups();
  w.arrayHeader(groups.length);
  for (const g of groups) {
    w.mapHeader(7);
    w.bulk("name");
    w.bulk(g.name);
    w.bulk("last-delivered-id");
    w.bulk(idStr(g.lastId));
    w.bulk("entries-read");
    entriesReadReply(w, g);
    w.bulk("lag");
    lagReply(w, s, g);
    w.bulk("pel-count");
    w.int(g.pel.size);
    w.bulk("pending");
    const np = count === 0 ? g.pel.size : Math.min(count, g.pel.size);
    w.arrayHeader(np);
    for (let i = 0; i < np; i++) {
      const nack = g.pel.vals[i]!;
      w.arrayHeader(4);
      w.bulk(idStr(g.pel.ids[i]!));
      w.bulk(nack.consumer!.name);
      w.int(nack.deliveryTime);
      intReply(w, asInt64(nack.deliveryCount));
    }
    w.bulk("consumers");
    const consumers = g.sortedConsumers();
    w.arrayHeader(consumers.length);
    for (const x of consumers) {
      w.mapHeader(4);
      w.bulk("name");
      w.bulk(x.name);
      w.bulk("seen-time");
      w.int(x.seenTime);
      w.bulk("pel-count");
      w.int(x.pel.size);
      w.bulk("pending");
      const nc = count === 0 ? x.pel.size : Math.min(count, x.pel.size);
      w.arrayHeader(nc);
      for (let i = 0; i < nc; i++) {
        const nack = x.pel.vals[i]!;
        w.arrayHeader(3);
        w.bulk(idStr(x.pel.ids[i]!));
        w.int(nack.deliveryTime);
        intReply(w, asInt64(nack.deliveryCount));
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------

/** XREAD / XREADGROUP keys (xreadGetKeys): the first half of what follows STREAMS. */
function xreadKeys(argv: readonly string[]): number[] {
  let streamsPos = -1;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (kw(a, "BLOCK") || kw(a, "COUNT")) i++;
    else if (kw(a, "GROUP")) i += 2;
    else if (kw(a, "NOACK")) continue;
    else if (kw(a, "STREAMS")) {
      streamsPos = i;
      break;
    } else break;
  }
  const num = argv.length - streamsPos - 1;
  if (streamsPos === -1 || num === 0 || num % 2 !== 0) return [];
  const out: number[] = [];
  for (let k = streamsPos + 1; k <= streamsPos + num / 2; k++) out.push(k);
  return out;
}

export const streamCommands: CommandDef[] = [
  { name: "xadd", arity: -5, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: xadd },
  { name: "xrange", arity: -4, flags: ["readonly"], keys: [1, 1, 1], handler: xrange },
  { name: "xrevrange", arity: -4, flags: ["readonly"], keys: [1, 1, 1], handler: xrevrange },
  { name: "xlen", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], handler: xlen },
  { name: "xdel", arity: -3, flags: ["write", "fast"], keys: [1, 1, 1], handler: xdel },
  { name: "xtrim", arity: -4, flags: ["write"], keys: [1, 1, 1], handler: xtrim },
  { name: "xread", arity: -4, flags: ["readonly", "blocking", "movablekeys"], getKeys: xreadKeys, handler: xread },
  { name: "xreadgroup", arity: -7, flags: ["write", "blocking", "movablekeys"], getKeys: xreadKeys, handler: xreadgroup },
  { name: "xack", arity: -4, flags: ["write", "fast"], keys: [1, 1, 1], handler: xack },
  { name: "xpending", arity: -3, flags: ["readonly"], keys: [1, 1, 1], handler: xpending },
  { name: "xclaim", arity: -6, flags: ["write", "fast"], keys: [1, 1, 1], handler: xclaim },
  { name: "xautoclaim", arity: -6, flags: ["write", "fast"], keys: [1, 1, 1], handler: xautoclaim },
  { name: "xsetid", arity: -3, flags: ["write", "denyoom", "fast"], keys: [1, 1, 1], handler: xsetid },
  {
    name: "xgroup",
    arity: -2,
    flags: [],
    subcommands: [
      { name: "create", arity: -5, flags: ["write", "denyoom"], keys: [2, 2, 1], handler: xgroup },
      { name: "setid", arity: -5, flags: ["write"], keys: [2, 2, 1], handler: xgroup },
      { name: "destroy", arity: 4, flags: ["write"], keys: [2, 2, 1], handler: xgroup },
      { name: "createconsumer", arity: 5, flags: ["write", "denyoom"], keys: [2, 2, 1], handler: xgroup },
      { name: "delconsumer", arity: 5, flags: ["write"], keys: [2, 2, 1], handler: xgroup },
      { name: "help", arity: 2, flags: ["loading", "stale"], handler: (c) => replyHelp(c, "XGROUP", XGROUP_HELP) },
    ],
  },
  {
    name: "xinfo",
    arity: -2,
    flags: [],
    subcommands: [
      { name: "consumers", arity: 4, flags: ["readonly"], keys: [2, 2, 1], handler: xinfoConsumers },
      { name: "groups", arity: 3, flags: ["readonly"], keys: [2, 2, 1], handler: xinfoGroups },
      { name: "stream", arity: -3, flags: ["readonly"], keys: [2, 2, 1], handler: xinfoStream },
      { name: "help", arity: 2, flags: ["loading", "stale"], handler: (c) => replyHelp(c, "XINFO", XINFO_HELP) },
    ],
  },
];
