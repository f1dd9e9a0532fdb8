// Differential tests of the stream commands (Redis 7.0's t_stream.c) against
// a real redis-server: replies must be byte-identical. Covers every command,
// its errors (wrong type, bad integers and IDs, syntax, arity) and edge cases
// (64-bit IDs, tombstones, node-level approximate trimming, consumer group
// counters), RESP3 shapes, keyspace events, what is propagated to
// replicas/AOF, and blocking XREAD / XREADGROUP between several clients.
//
// IDs generated with * differ between the servers, so most steps use explicit
// IDs; where * is used only the reply's type is compared. Values that depend
// on the clock (idle times, delivery times) are masked (see `masked`).

import { describe, expect, test } from "bun:test";
import { diffTest, has, hasRedis, keyeventMessages, requireRedisInCI, useDiffPair, type DiffPair, testWithRedis } from "../helpers/diff.ts";
import { type Captured, usePropagationHarness } from "../helpers/propagation.ts";
import { waitBlocked } from "../helpers/replies.ts";
import { type Resp, RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

const BIN = "a\r\nb\0c\xff\x80 ";
const U64_MAX = "18446744073709551615";
const MAX_ID = `${U64_MAX}-${U64_MAX}`;
const LLONG_MAX = "9223372036854775807";
const LLONG_MIN = "-9223372036854775808";

/** n XADDs with explicit IDs ms-seq (ms from `from`), fields f<i> v<i>. */
function adds(key: string, n: number, from = 1, fields: (i: number) => string[] = (i) => ["f", `v${i}`]): string[][] {
  return Array.from({ length: n }, (_, i) => ["XADD", key, `${from + i}-1`, ...fields(i)]);
}

// ---------------------------------------------------------------------------
// Comparing replies with clock-dependent values masked
// ---------------------------------------------------------------------------

/**
 * A canonical text of a reply where clock-dependent integers are replaced:
 * Unix times in ms (>= 1e12), the value after an "idle" key, and with
 * `pendingRows` the idle column of XPENDING's extended rows.
 */
function canon(r: Resp, pendingRows = false): string {
  switch (r.t) {
    case "array":
    case "set":
    case "push": {
      const parts: string[] = [];
      for (let i = 0; i < r.v.length; i++) {
        const e = r.v[i]!;
        const prev = i > 0 ? r.v[i - 1]! : null;
        if (e.t === "int" && prev?.t === "bulk" && prev.v === "idle") parts.push("<idle>");
        else if (pendingRows && e.t === "int" && i === 2 && r.v.length === 4 && r.v[1]!.t === "bulk") parts.push("<idle>");
        else parts.push(canon(e, pendingRows));
      }
      return `${r.t}[${parts.join(",")}]`;
    }
    case "map":
    case "attr":
      return `${r.t}{${r.v.map(([k, v]) => `${canon(k, pendingRows)}:${k.t === "bulk" && k.v === "idle" && v.t === "int" ? "<idle>" : canon(v, pendingRows)}`).join(",")}}`;
    case "int":
      return r.v >= 1e12 ? "<time>" : `:${r.v}`;
    case "null":
      return `null${r.kind}`;
    default:
      return `${r.t}:${JSON.stringify((r as { v: unknown }).v)}`;
  }
}

interface Masked {
  cmd: string[];
  pendingRows?: boolean;
  /** Only the reply's type is compared (HELLO's client id). */
  typeOnly?: boolean;
}

/** Like diffTest, but comparing canon() of the replies (for steps given as Masked). */
function maskedTest(pair: DiffPair, name: string, steps: (string[] | Masked)[]): void {
  testWithRedis(name, async () => {
    for (const c of [pair.redis, pair.redbun]) {
      await c.send("FLUSHALL");
      await c.send("SELECT", "0");
    }
    const mismatches: string[] = [];
    for (const s of steps) {
      const step = Array.isArray(s) ? { cmd: s, exact: true } : { ...s, exact: false };
      const [a, b] = await Promise.all([pair.redis.send(...step.cmd), pair.redbun.send(...step.cmd)]);
      const view = (r: typeof a) => (step.exact ? r.bytes.toString("latin1") : step.typeOnly ? r.resp.t : canon(r.resp, step.pendingRows));
      const x = view(a);
      const y = view(b);
      if (x !== y) mismatches.push(`${step.cmd.join(" ")}\n   redis:  ${JSON.stringify(x)}\n   redbun: ${JSON.stringify(y)}`);
    }
    expect(mismatches).toEqual([]);
  });
}

const m = (...cmd: string[]): Masked => ({ cmd });

describe("streams: differential vs redis-server", () => {
  const pair = useDiffPair();

  // --- XADD ---------------------------------------------------------------------

  diffTest(pair, "XADD with explicit IDs, XLEN, XRANGE, TYPE, OBJECT ENCODING", [
    ["XADD", "s", "1-1", "a", "1"],
    ["XADD", "s", "1-2", "b", "2", "c", "3"],
    ["XADD", "s", "2", "a", "1"],
    ["XADD", "s", "2-5", "a", "1"],
    ["XADD", "s", "7-*", "a", "1"],
    ["XADD", "s", "7-*", "a", "1"],
    ["XADD", "s", "9-*", "a", "1"],
    ["XADD", "s", "007-0", "a", "1"],
    ["XADD", "s", "+10-1", "a", "1"],
    ["XADD", "s", "11", "a", "1"],
    ["XADD", "s", "11-*", "a", "1"],
    ["XLEN", "s"],
    ["XLEN", "nokey"],
    ["XRANGE", "s", "-", "+"],
    ["TYPE", "s"],
    ["OBJECT", "ENCODING", "s"],
    ["EXISTS", "s"],
  ]);

  diffTest(pair, "XADD ID errors and 64-bit IDs", [
    ["XADD", "s", "0-0", "a", "1"],
    ["XADD", "s", "0", "a", "1"],
    ["EXISTS", "s"],
    ["XADD", "s", "0-*", "a", "1"],
    ["XADD", "s", "0-*", "a", "1"],
    ["XADD", "s", "5-5", "a", "1"],
    ["XADD", "s", "5-5", "a", "1"],
    ["XADD", "s", "5-4", "a", "1"],
    ["XADD", "s", "4-*", "a", "1"],
    ["XADD", "s", "5", "a", "1"],
    ["XADD", "s", "-", "a", "1"],
    ["XADD", "s", "+", "a", "1"],
    ["XADD", "s", "-5", "a", "1"],
    ["XADD", "s", "x", "a", "1"],
    ["XADD", "s", "6-x", "a", "1"],
    ["XADD", "s", "6-1-", "a", "1"],
    ["XADD", "s", "6-*1", "a", "1"],
    ["XADD", "s", "6--1", "a", "1"],
    ["XADD", "s", "6--01", "a", "1"],
    ["XADD", "s", "7-+1", "a", "1"],
    ["XADD", "s", " 8-1", "a", "1"],
    ["XADD", "s", "8-1 ", "a", "1"],
    ["XADD", "s", "18446744073709551616-1", "a", "1"],
    ["XADD", "s", "9-18446744073709551616", "a", "1"],
    ["XADD", "s", "1".repeat(128), "a", "1"],
    ["XADD", "s", "9007199254740993-1", "a", "1"],
    ["XADD", "s", "9007199254740993-*", "a", "1"],
    ["XADD", "s", `9223372036854775808-${U64_MAX}`, "a", "1"],
    ["XADD", "s", "9223372036854775808-*", "a", "1"],
    ["XADD", "s", `${U64_MAX}-*`, "a", "1"],
    ["XADD", "s", `${U64_MAX}-*`, "a", "1"],
    ["XADD", "s", MAX_ID, "a", "1"],
    ["XADD", "s", "*", "a", "1"],
    ["XADD", "s", `${U64_MAX}-*`, "a", "1"],
    ["XRANGE", "s", "-", "+"],
    ["XREVRANGE", "s", "+", "-", "COUNT", "2"],
    ["XINFO", "STREAM", "s"],
    ["XADD", "t", `${U64_MAX}-*`, "a", "1"],
    ["XADD", "t", `${U64_MAX}-*`, "a", "1"],
  ]);

  diffTest(pair, "XADD * and NOMKSTREAM", [
    { cmd: ["XADD", "s", "*", "a", "1"], typeOnly: true },
    { cmd: ["XADD", "s", "*", "a", "1"], typeOnly: true },
    ["XLEN", "s"],
    ["XADD", "nokey", "NOMKSTREAM", "*", "a", "1"],
    ["XADD", "nokey", "nomkstream", "1-1", "a", "1"],
    ["EXISTS", "nokey"],
    { cmd: ["XADD", "s", "NOMKSTREAM", "*", "a", "1"], typeOnly: true },
    ["XLEN", "s"],
    ["XADD", "s", "1-1", "a", "1"],
  ]);

  diffTest(pair, "XADD field/value counts and binary data", [
    ["XADD", "s", "1-1", "a"],
    ["XADD", "s", "1-1", "a", "1", "b"],
    ["XADD", "s", "1-1"],
    ["XADD", "s", "NOMKSTREAM"],
    ["XADD", "s", "MAXLEN", "1", "*"],
    ["XADD", "s"],
    ["XADD"],
    ["XADD", "s", "1-1", BIN, BIN, "", "", "123", "-0", "9223372036854775808", "1.5"],
    ["XADD", "s", "1-2", "x".repeat(70), "y".repeat(5000)],
    ["XRANGE", "s", "-", "+"],
    ["XADD", "s", "1-3", BIN, "same fields as master", "", "x", "123", "y", "9223372036854775808", "z"],
    ["XADD", "s", "1-4", "other", "fields"],
    ["XRANGE", "s", "-", "+"],
  ]);

  diffTest(pair, "XADD trimming options and their errors", [
    ["XADD", "s", "MAXLEN", "-1", "*", "a", "1"],
    ["XADD", "s", "MAXLEN", "abc", "*", "a", "1"],
    ["XADD", "s", "MAXLEN", LLONG_MAX + "0", "*", "a", "1"],
    ["XADD", "s", "MAXLEN", LLONG_MIN, "*", "a", "1"],
    ["XADD", "s", "MAXLEN", "~", LLONG_MIN, "*", "a", "1"],
    ["XADD", "s", "LIMIT", LLONG_MIN, "*", "a", "1"],
    ["XADD", "s", "LIMIT", "5", "*", "a", "1"],
    ["XADD", "s", "LIMIT", "0", "*", "a", "1"],
    ["XADD", "s", "LIMIT", "-1", "*", "a", "1"],
    ["XADD", "s", "LIMIT", "x", "*", "a", "1"],
    ["XADD", "s", "MAXLEN", "5", "LIMIT", "5", "1-1", "a", "1"],
    ["XADD", "s", "MAXLEN", "=", "5", "LIMIT", "5", "1-1", "a", "1"],
    ["XADD", "s", "MAXLEN", "~", "5", "MINID", "5", "3-1", "a", "1"],
    ["XADD", "s", "MINID", "~", "5", "MAXLEN", "5", "3-1", "a", "1"],
    ["XADD", "s", "MINID", "-1", "3-1", "a", "1"],
    ["XADD", "s", "MINID", "-", "3-1", "a", "1"],
    ["XADD", "s", "MINID", "+", "3-1", "a", "1"],
    ["XADD", "s", "MINID", "x", "3-1", "a", "1"],
    ["XADD", "s", "maxlen", "~", "~", "1", "*", "a", "1"],
    ["XADD", "s", "maxlen", "=", "~", "*", "a", "1"],
    ["XADD", "s", "FOO", "*", "a", "1"],
    ["EXISTS", "s"],
    ["XADD", "s", "MAXLEN", "~", "5", "LIMIT", "0", "2-1", "a", "1"],
    ["XADD", "s", "MAXLEN", "2", "3-1", "a", "1"],
    ["XADD", "s", "MAXLEN", "2", "4-1", "a", "1"],
    ["XADD", "s", "MAXLEN", "=", "2", "5-1", "a", "1"],
    ["XRANGE", "s", "-", "+"],
    ["XADD", "s", "MINID", "5", "6-1", "a", "1"],
    ["XADD", "s", "MINID", "=", "6-1", "7-1", "a", "1"],
    ["XADD", "s", "MINID", "~", "7", "8-1", "a", "1"],
    ["XADD", "s", "MAXLEN", "0", "9-1", "a", "1"],
    ["XLEN", "s"],
    ["XINFO", "STREAM", "s"],
    ["XADD", "s", "NOMKSTREAM", "MAXLEN", "~", "1", "LIMIT", "10", "10-1", "a", "1"],
    ["XADD", "s", "MAXLEN", "1", "NOMKSTREAM", "11-1", "a", "1"],
    ["XADD", "s", "MAXLEN", "1", "MAXLEN", "2", "12-1", "a", "1"],
    ["XRANGE", "s", "-", "+"],
  ]);

  diffTest(pair, "arguments are read as C strings: a NUL byte ends IDs, keywords and names", [
    ["XADD", "s", "5\0x", "a", "1"],
    ["XADD", "s", "6-1\0-9", "a", "1"],
    ["XRANGE", "s", "-\0", "+"],
    ["XRANGE", "s", "(5\0", "+"],
    ["XADD", "s", "MAXLEN\0zz", "1", "7-1", "a", "1"],
    ["XADD", "s", "MAXLEN", "~\0", "1", "8-1", "a", "1"],
    { cmd: ["XADD", "s", "*\0junk", "a", "1"], typeOnly: true },
    ["XREAD", "STREAMS", "s", "$\0"],
    // COUNT 2 stops before the entry XADD * made: its ID is each server's own clock.
    ["XREAD", "COUNT", "2", "STREAMS\0", "s", "0"],
    ["XLEN", "s"],
    ["XGROUP", "CREATE", "s", "g\0x", "$"],
    ["XREADGROUP", "GROUP", "nog\0x", "c", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g\0x", "c", "STREAMS", "s\0y", ">"],
    ["XPENDING", "s\0y", "g"],
    ["XCLAIM", "s", "g\0x", "c", "0", "1-1", "FORCE\0x"],
  ]);

  // --- XTRIM ------------------------------------------------------------------------

  diffTest(pair, "XTRIM options and errors", [
    ["XTRIM", "s", "MAXLEN", "1"],
    ...adds("s", 10),
    ["XTRIM", "s"],
    ["XTRIM", "s", "MAXLEN"],
    ["XTRIM", "s", "MAXLEN", "1", "LIMIT", "5"],
    ["XTRIM", "s", "FOO", "1"],
    ["XTRIM", "s", "LIMIT", "5", "MAXLEN", "~", "1"],
    ["XTRIM", "s", "LIMIT", "5"],
    ["XTRIM", "s", "MAXLEN", "1", "LIMIT"],
    ["XTRIM", "s", "MAXLEN", "-5"],
    ["XTRIM", "s", "MAXLEN", "x"],
    ["XTRIM", "s", "MINID", "="],
    ["XTRIM", "s", "MINID", "x"],
    ["XTRIM", "s", "*", "1"],
    ["XTRIM", "s", "MAXLEN", "1", "MINID", "1"],
    ["XTRIM", "s", "NOMKSTREAM", "MAXLEN", "1"],
    ["XTRIM", "s", "MAXLEN", "~", "1"],
    ["XTRIM", "s", "MAXLEN", "8"],
    ["XTRIM", "s", "MAXLEN", "=", "7"],
    ["XTRIM", "s", "MAXLEN", "7"],
    ["XTRIM", "s", "MINID", "5"],
    ["XTRIM", "s", "MINID", "=", "6-1"],
    ["XTRIM", "s", "MINID", "(6-1"],
    ["XTRIM", "s", "MINID", "~", "9"],
    ["XRANGE", "s", "-", "+"],
    ["XINFO", "STREAM", "s"],
    ["XTRIM", "s", "MAXLEN", "0"],
    ["XINFO", "STREAM", "s"],
    ["EXISTS", "s"],
    ["XTRIM", "nokey", "MAXLEN", "1"],
    ["XTRIM", "nokey", "MAXLEN", "x"],
  ]);

  diffTest(pair, "approximate trimming works on whole nodes (100 entries each)", [
    ...adds("s", 350),
    ["XINFO", "STREAM", "s"],
    ["XTRIM", "s", "MAXLEN", "~", "300"],
    ["XTRIM", "s", "MAXLEN", "~", "249"],
    ["XLEN", "s"],
    ["XINFO", "STREAM", "s"],
    ["XTRIM", "s", "MAXLEN", "~", "0", "LIMIT", "99"],
    ["XTRIM", "s", "MAXLEN", "~", "0", "LIMIT", "100"],
    ["XLEN", "s"],
    ["XTRIM", "s", "MINID", "~", "260-1"],
    ["XTRIM", "s", "MINID", "~", "301-1"],
    ["XLEN", "s"],
    ["XTRIM", "s", "MINID", "~", "9999"],
    ["XINFO", "STREAM", "s"],
    ...adds("t", 250),
    ["XDEL", "t", "1-1", "2-1", "150-1"],
    ["XADD", "t", "MAXLEN", "~", "100", "300-1", "f", "x"],
    ["XLEN", "t"],
    ["XADD", "t", "MINID", "~", "250-1", "301-1", "f", "x"],
    ["XINFO", "STREAM", "t"],
    ["XTRIM", "t", "MAXLEN", "~", "0"],
    ["XINFO", "STREAM", "t"],
  ]);

  diffTest(pair, "exact trimming leaves tombstones; a node without live entries can remain", [
    ...adds("s", 120),
    ["XTRIM", "s", "MAXLEN", "110"],
    ["XINFO", "STREAM", "s"],
    ["XDEL", "s", "115-1", "120-1"],
    ["XTRIM", "s", "MINID", "120-1"],
    ["XINFO", "STREAM", "s"],
    ["XRANGE", "s", "-", "+"],
    ["XADD", "s", "121-1", "f", "x"],
    ["XINFO", "STREAM", "s"],
    ["XTRIM", "s", "MINID", "~", "121-1"],
    ["XINFO", "STREAM", "s"],
  ]);

  // --- XRANGE / XREVRANGE / XDEL -------------------------------------------------------

  diffTest(pair, "XRANGE and XREVRANGE: bounds, exclusive ranges, COUNT, errors", [
    ["XADD", "s", "1-1", "a", "1"],
    ["XADD", "s", "1-2", "b", "2"],
    ["XADD", "s", "2-0", "c", "3"],
    ["XADD", "s", `${U64_MAX}-0`, "d", "4"],
    ["XRANGE", "s", "-", "+"],
    ["XRANGE", "s", "-", "+", "COUNT", "0"],
    ["XRANGE", "s", "-", "+", "COUNT", "-1"],
    ["XRANGE", "s", "-", "+", "COUNT", "2"],
    ["XRANGE", "s", "-", "+", "count", "1", "COUNT", "3"],
    ["XRANGE", "s", "-", "+", "COUNT"],
    ["XRANGE", "s", "-", "+", "FOO", "1"],
    ["XRANGE", "s", "-", "+", "COUNT", "x"],
    ["XRANGE", "s", "(1-1", "+"],
    ["XRANGE", "s", "(", "+"],
    ["XRANGE", "s", "(-", "+"],
    ["XRANGE", "s", "-", "(+"],
    ["XRANGE", "s", `(${MAX_ID}`, "+"],
    ["XRANGE", "s", "-", "(0-0"],
    ["XRANGE", "s", "-", "(0"],
    ["XRANGE", "s", "-", "(1"],
    ["XRANGE", "s", "(1", "+"],
    ["XRANGE", "s", "1", "1"],
    ["XRANGE", "s", "1-2", "1-2"],
    ["XRANGE", "s", "(1-2", "(2-0"],
    ["XRANGE", "s", "2", "1"],
    ["XRANGE", "s", U64_MAX, "+"],
    ["XRANGE", "s", "x", "+"],
    ["XRANGE", "s", "-", "x"],
    ["XRANGE", "s", "1-", "+"],
    ["XREVRANGE", "s", "+", "-"],
    ["XREVRANGE", "s", "+", "-", "COUNT", "1"],
    ["XREVRANGE", "s", "(2-0", "-"],
    ["XREVRANGE", "s", "+", "(1-1"],
    ["XREVRANGE", "s", "-", "+"],
    ["XREVRANGE", "s", "1", "1"],
    ["XREVRANGE", "s", "+", "-", "COUNT", "0"],
    ["XRANGE", "nokey", "-", "+"],
    ["XRANGE", "nokey", "-", "+", "COUNT", "0"],
    ["XRANGE", "nokey", "x", "+"],
    ["XREVRANGE", "nokey", "+", "-"],
  ]);

  diffTest(pair, "XRANGE across many nodes with tombstones", [
    ...adds("s", 260, 1, (i) => (i % 7 === 0 ? ["g", `${i}`, "h", "x"] : ["f", `${i}`])),
    ["XDEL", "s", "1-1", "50-1", "100-1", "101-1", "200-1", "260-1"],
    ["XRANGE", "s", "95", "105"],
    ["XREVRANGE", "s", "105", "95"],
    ["XRANGE", "s", "(99-1", "(102-1"],
    ["XRANGE", "s", "-", "+", "COUNT", "3"],
    ["XREVRANGE", "s", "+", "-", "COUNT", "3"],
    ["XRANGE", "s", "198", "203"],
    ["XLEN", "s"],
    ["XINFO", "STREAM", "s"],
  ]);

  diffTest(pair, "XDEL, tombstones and the stream metadata", [
    ["XDEL", "nokey", "1-1", "x"],
    ["XADD", "s", "1-1", "a", "1"],
    ["XADD", "s", "1-2", "b", "2"],
    ["XADD", "s", "2-0", "c", "3"],
    ["XDEL", "s", "x", "1-1"],
    ["XDEL", "s", "1-1", "+"],
    ["XDEL", "s", "1-1", "1-1", "5-5"],
    ["XLEN", "s"],
    ["XINFO", "STREAM", "s"],
    ["XDEL", "s", "2"],
    ["XINFO", "STREAM", "s"],
    ["XDEL", "s", "1-2"],
    ["XLEN", "s"],
    ["EXISTS", "s"],
    ["XINFO", "STREAM", "s"],
    ["XRANGE", "s", "-", "+"],
    ["XADD", "s", "2-0", "a", "1"],
    ["XADD", "s", "3-0", "a", "1"],
    ["XINFO", "STREAM", "s"],
    ["XDEL", "s"],
  ]);

  // --- XREAD -------------------------------------------------------------------------

  diffTest(pair, "XREAD without blocking, and its errors", [
    ["XADD", "s", "1-1", "a", "1"],
    ["XADD", "s", "1-2", "b", "2"],
    ["XADD", "t", "5-0", "c", "3"],
    ["XREAD", "STREAMS", "s", "0"],
    ["XREAD", "STREAMS", "s", "t", "0", "0"],
    ["XREAD", "STREAMS", "s", "t", "1-1", "$"],
    ["XREAD", "COUNT", "1", "STREAMS", "s", "t", "0", "0"],
    ["XREAD", "COUNT", "-1", "STREAMS", "s", "0"],
    ["XREAD", "COUNT", "0", "STREAMS", "s", "0"],
    ["XREAD", "STREAMS", "s", "s", "0", "1-1"],
    ["XREAD", "STREAMS", "s", "nokey", "0", "0"],
    ["XREAD", "STREAMS", "nokey", "0"],
    ["XREAD", "STREAMS", "s", "$"],
    ["XREAD", "STREAMS", "s", "1"],
    ["XREAD", "STREAMS", "s", U64_MAX],
    ["XREAD", "STREAMS", "s", MAX_ID],
    ["XREAD", "streams", "s", "t", "0"],
    ["XREAD", "COUNT", "x", "STREAMS", "s", "0"],
    ["XREAD", "BLOCK", "x", "STREAMS", "s", "0"],
    ["XREAD", "BLOCK", "1.5", "STREAMS", "s", "0"],
    ["XREAD", "BLOCK", "-1", "STREAMS", "s", "0"],
    ["XREAD", "GROUP", "g", "c", "STREAMS", "s", "0"],
    ["XREAD", "NOACK", "STREAMS", "s", "0"],
    ["XREAD", "FOO", "STREAMS", "s", "0"],
    ["XREAD", "COUNT", "1", "s", "0"],
    ["XREAD", "STREAMS", "s", ">"],
    ["XREAD", "STREAMS", "s", "x"],
    ["XREAD", "STREAMS", "s", "-"],
    ["XREAD", "STREAMS", "s", "+"],
    ["XREAD", "STREAMS", "s", "(0"],
    ["XREAD", "STREAMS"],
    ["XREAD", "STREAMS", "s"],
    ["XREAD", "COUNT"],
    ["SET", "str", "x"],
    ["XREAD", "STREAMS", "str", "0"],
    ["XREAD", "STREAMS", "s", "str", "0", "x"],
    ["XREAD", "STREAMS", "s", "str", "x", "0"],
  ]);

  diffTest(pair, "XREAD BLOCK that does not block: data available, MULTI/EXEC, timeout", [
    ["XADD", "s", "1-1", "a", "1"],
    ["XREAD", "BLOCK", "0", "STREAMS", "s", "0"],
    ["XREAD", "BLOCK", "10", "COUNT", "5", "STREAMS", "nokey", "s", "$", "$"],
    ["XREAD", "BLOCK", "1", "STREAMS", "s", "$"],
    ["MULTI"],
    ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"],
    ["XREAD", "BLOCK", "0", "STREAMS", "s", "0"],
    ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"],
    ["EXEC"],
    ["XGROUP", "CREATE", "s", "g", "$"],
    ["MULTI"],
    ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"],
    ["XADD", "s", "2-1", "a", "1"],
    ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"],
    ["EXEC"],
    ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "1", "STREAMS", "s", ">"],
  ]);

  // --- consumer groups -----------------------------------------------------------------

  diffTest(pair, "XGROUP CREATE / SETID / DESTROY / CREATECONSUMER / DELCONSUMER and errors", [
    ["XGROUP", "CREATE", "s", "g", "$"],
    ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"],
    ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"],
    ["XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "-2"],
    ["XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "x"],
    ["XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD"],
    ["XGROUP", "CREATE", "s", "g2", "0", "FOO"],
    ["XGROUP", "CREATE", "s", "g2", "x"],
    ["XGROUP", "CREATE", "s", "g2", "-"],
    ["XGROUP", "CREATE", "s", "g2", "+"],
    ["XGROUP", "CREATE", "s", "g3", "5", "ENTRIESREAD", "3", "MKSTREAM"],
    ["XGROUP", "CREATE", "s", "g4", "0", "ENTRIESREAD", "-1"],
    ["XGROUP", "CREATE", "s", "g5", "0", "MKSTREAM", "MKSTREAM", "ENTRIESREAD", "4"],
    ["XGROUP", "CREATE", "s", "g6", "0", "a", "b", "c", "d"],
    ["XGROUP", "CREATE", "s", "123", MAX_ID],
    ["XGROUP", "CREATE", "nokey", "g", "x", "MKSTREAM"],
    ["XGROUP", "CREATE", "nokey", "g", "0", "ENTRIESREAD", "x", "MKSTREAM"],
    ["XGROUP", "CREATE", "nokey", "g", "0", "ENTRIESREAD", "3", "ENTRIESREAD", "4", "MKSTREAM"],
    ["XGROUP", "CREATE", "nokey", "g", "0", "FOO"],
    ["EXISTS", "nokey"],
    ["XGROUP", "SETID", "s", "g", "5"],
    ["XGROUP", "SETID", "s", "g", "-"],
    ["XGROUP", "SETID", "s", "g", "+"],
    ["XINFO", "GROUPS", "s"],
    ["XGROUP", "SETID", "s", "g", "x"],
    ["XGROUP", "SETID", "s", "nog", "0"],
    ["XGROUP", "SETID", "nokey", "g", "0"],
    ["XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", "5"],
    ["XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", "-2"],
    ["XGROUP", "SETID", "s", "g", "0", "FOO", "5"],
    ["XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD"],
    ["XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", "x"],
    ["XGROUP", "SETID", "s", "g", "x", "ENTRIESREAD", "x"],
    ["XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", "5", "x"],
    ["XGROUP", "SETID", "nokey", "g", "0", "ENTRIESREAD", "x"],
    ["XGROUP", "SETID", "nokey", "g", "0", "ENTRIESREAD"],
    ["XGROUP", "SETID", "s", "nog", "0", "ENTRIESREAD", "x"],
    ["XGROUP", "SETID", "s", "g", "$"],
    ["XGROUP", "DESTROY", "s", "nog"],
    ["XGROUP", "DESTROY", "nokey", "g"],
    ["XGROUP", "DESTROY", "s", "g4"],
    ["XGROUP", "CREATECONSUMER", "s", "g", "c1"],
    ["XGROUP", "CREATECONSUMER", "s", "g", "c1"],
    ["XGROUP", "CREATECONSUMER", "s", "g", "123"],
    ["XGROUP", "CREATECONSUMER", "s", "nog", "c1"],
    ["XGROUP", "CREATECONSUMER", "nokey", "g", "c1"],
    ["XINFO", "GROUPS", "s"],
    ["XGROUP", "DELCONSUMER", "s", "g", "c1"],
    ["XGROUP", "DELCONSUMER", "s", "g", "c1"],
    ["XGROUP", "DELCONSUMER", "s", "nog", "c1"],
    ["XGROUP", "DELCONSUMER", "nokey", "g", "c1"],
    ["XINFO", "GROUPS", "s"],
    ["XGROUP", "FOO"],
    ["XGROUP", "FOO", "s", "g"],
    ["XGROUP", "CREATE"],
    ["XGROUP", "CREATE", "s", "g"],
    ["XGROUP", "DESTROY", "s", "g", "extra"],
    ["XGROUP", "CREATECONSUMER", "s", "g"],
    ["XGROUP", "DELCONSUMER", "s", "g", "c", "x"],
    ["XGROUP", "SETID", "s"],
    ["XGROUP", "HELP"],
    ["XGROUP", "help"],
    ["XGROUP", "HELP", "extra"],
    ["XGROUP"],
    ["SET", "str", "x"],
    ["XGROUP", "CREATE", "str", "g", "0"],
    ["XGROUP", "CREATE", "str", "g", "0", "MKSTREAM"],
    ["XGROUP", "SETID", "str", "g", "0"],
    ["XGROUP", "DESTROY", "str", "g"],
    ["XGROUP", "CREATECONSUMER", "str", "g", "c"],
    ["XGROUP", "DELCONSUMER", "str", "g", "c"],
  ]);

  diffTest(pair, "XREADGROUP: new entries, history, NOACK, deleted entries, errors", [
    ["XADD", "s", "1-1", "a", "1"],
    ["XADD", "s", "2-1", "b", "2"],
    ["XADD", "s", "3-1", "c", "3"],
    ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"],
    ["XGROUP", "CREATE", "s", "g", "0"],
    ["XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", ">"],
    ["XINFO", "GROUPS", "s"],
    ["XDEL", "s", "2-1"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0"],
    ["XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "s", "0"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "1-1"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", MAX_ID],
    ["XREADGROUP", "GROUP", "g", "c2", "NOACK", "STREAMS", "s", "0"],
    ["XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"],
    ["XADD", "s", "4-1", "d", "4"],
    ["XREADGROUP", "GROUP", "g", "c2", "NOACK", "STREAMS", "s", ">"],
    ["XPENDING", "s", "g"],
    ["XINFO", "GROUPS", "s"],
    ["XGROUP", "SETID", "s", "g", "0"],
    ["XREADGROUP", "GROUP", "g", "c3", "STREAMS", "s", ">"],
    ["XPENDING", "s", "g"],
    ["XINFO", "GROUPS", "s"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "s", ">", "0"],
    ["XREADGROUP", "GROUP", "g", "c3", "STREAMS", "s", "s", "0", ">"],
    ["XREADGROUP", "GROUP", "g", "c1", "COUNT", "-5", "STREAMS", "s", "0"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "$"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "x"],
    ["XREADGROUP", "GROUP", "nog", "c1", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "nokey", ">"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "t", ">"],
    ["XREADGROUP", "STREAMS", "s", ">"],
    ["XREADGROUP", "COUNT", "1", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g", "c", "FOO", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g", "c", "COUNT", "x", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "x", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "-1", "STREAMS", "s", ">"],
    ["SET", "str", "x"],
    ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "str", ">"],
    ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "str", ">", ">"],
    ["XINFO", "GROUPS", "s"],
  ]);

  diffTest(pair, "group counters: entries-read and lag with tombstones, SETID, XSETID", [
    ...adds("s", 5),
    ["XGROUP", "CREATE", "s", "g", "0"],
    ["XGROUP", "CREATE", "s", "h", "$"],
    ["XGROUP", "CREATE", "s", "i", "3-1", "ENTRIESREAD", "3"],
    ["XINFO", "GROUPS", "s"],
    ["XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">"],
    ["XINFO", "GROUPS", "s"],
    ["XDEL", "s", "4-1"],
    ["XINFO", "GROUPS", "s"],
    ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"],
    ["XINFO", "GROUPS", "s"],
    ["XDEL", "s", "1-1"],
    ["XINFO", "GROUPS", "s"],
    ["XGROUP", "SETID", "s", "g", "0"],
    ["XINFO", "GROUPS", "s"],
    ["XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", LLONG_MAX],
    ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"],
    ["XINFO", "GROUPS", "s"],
    ["XSETID", "s", "9-0", "ENTRIESADDED", LLONG_MAX],
    ["XADD", "s", "10-0", "a", "1"],
    ["XINFO", "STREAM", "s"],
    ["XINFO", "GROUPS", "s"],
    ["XADD", "e", "1-0", "a", "1"],
    ["XADD", "e", "2-0", "a", "1"],
    ["XDEL", "e", "1-0", "2-0"],
    ["XGROUP", "CREATE", "e", "g", "0"],
    ["XGROUP", "CREATE", "e", "g2", "5-0"],
    ["XINFO", "GROUPS", "e"],
    ["XADD", "e", "3-0", "a", "1"],
    ["XINFO", "GROUPS", "e"],
    ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "e", ">"],
    ["XINFO", "GROUPS", "e"],
  ]);

  diffTest(pair, "XACK", [
    ...adds("s", 3),
    ["XGROUP", "CREATE", "s", "g", "0"],
    ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"],
    ["XACK", "s", "g", "x"],
    ["XACK", "s", "g", "1-1", "x"],
    ["XACK", "s", "nog", "x"],
    ["XACK", "nokey", "g", "x"],
    ["XACK", "s", "g", "1-1", "1-1", "9-9"],
    ["XACK", "s", "g", "1"],
    ["XACK", "s", "g", "2", "3-1", "-"],
    ["XACK", "s", "g", "2", "3-1"],
    ["XPENDING", "s", "g"],
    ["XACK", "s", "g"],
    ["SET", "str", "x"],
    ["XACK", "str", "g", "1-1"],
    ["XACK", "str", "g", "x"],
  ]);

  maskedTest(pair, "XPENDING summary and extended forms, IDLE, consumer filter", [
    ...adds("s", 4),
    ["XGROUP", "CREATE", "s", "g", "0"],
    ["XPENDING", "s", "g"],
    ["XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"],
    ["XGROUP", "CREATECONSUMER", "s", "g", "c0"],
    ["XPENDING", "s", "g"],
    { cmd: ["XPENDING", "s", "g", "-", "+", "10"], pendingRows: true },
    { cmd: ["XPENDING", "s", "g", "-", "+", "2"], pendingRows: true },
    { cmd: ["XPENDING", "s", "g", "(1-1", "+", "10"], pendingRows: true },
    { cmd: ["XPENDING", "s", "g", "-", "(3-1", "10"], pendingRows: true },
    { cmd: ["XPENDING", "s", "g", "-", "+", "10", "c2"], pendingRows: true },
    { cmd: ["XPENDING", "s", "g", "-", "+", "10", "c2", "ignored"], pendingRows: true },
    ["XPENDING", "s", "g", "-", "+", "10", "nocons"],
    ["XPENDING", "s", "g", "-", "+", "10", "c0"],
    ["XPENDING", "s", "g", "-", "+", "0"],
    ["XPENDING", "s", "g", "-", "+", "-1"],
    { cmd: ["XPENDING", "s", "g", "IDLE", "0", "-", "+", "10"], pendingRows: true },
    { cmd: ["XPENDING", "s", "g", "IDLE", "-5", "-", "+", "10", "c1"], pendingRows: true },
    ["XPENDING", "s", "g", "IDLE", "1000000", "-", "+", "10"],
    ["XPENDING", "s", "g", "-", "+"],
    ["XPENDING", "s", "g", "-"],
    ["XPENDING", "s", "g", "-", "+", "10", "c1", "x", "y", "z"],
    ["XPENDING", "s", "g", "-", "+", "x"],
    ["XPENDING", "s", "g", "x", "+", "10"],
    ["XPENDING", "s", "g", "-", "x", "10"],
    ["XPENDING", "s", "g", "IDLE", "x", "-", "+", "10"],
    ["XPENDING", "s", "g", "IDLE", "5", "-", "+"],
    ["XPENDING", "s", "g", `(${MAX_ID}`, "+", "10"],
    ["XPENDING", "s", "g", "-", "(0", "10"],
    ["XPENDING", "s", "nog"],
    ["XPENDING", "nokey", "g"],
    ["XPENDING", "nokey", "g", "x", "+", "10"],
    ["XPENDING", "s"],
    ["SET", "str", "x"],
    ["XPENDING", "str", "g"],
    ["XPENDING", "str", "g", "-", "+", "10"],
  ]);

  maskedTest(pair, "XCLAIM: options, idle filter, FORCE, LASTID, deleted entries, errors", [
    ...adds("s", 4),
    ["XGROUP", "CREATE", "s", "g", "0"],
    ["XREADGROUP", "GROUP", "g", "c1", "COUNT", "3", "STREAMS", "s", ">"],
    ["XCLAIM", "s", "g", "c2", "x", "2-1"],
    ["XCLAIM", "s", "g", "c2", "0", "x"],
    ["XCLAIM", "s", "g", "c2", "0", "2-1", "foo"],
    ["XCLAIM", "s", "g", "c2", "0", "2-1", "IDLE", "x"],
    ["XCLAIM", "s", "g", "c2", "0", "2-1", "TIME", "x"],
    ["XCLAIM", "s", "g", "c2", "0", "2-1", "RETRYCOUNT", "x"],
    ["XCLAIM", "s", "g", "c2", "0", "2-1", "LASTID", "x"],
    ["XCLAIM", "s", "g", "c2", "0", "2-1", "IDLE"],
    ["XCLAIM", "s", "g", "c2", "0", "2-1", "LASTID", "99-0", "FOO"],
    ["XCLAIM", "s", "nog", "c2", "0", "2-1"],
    ["XCLAIM", "nokey", "g", "c2", "0", "2-1"],
    ["XCLAIM", "nokey", "g", "c2", "x", "2-1"],
    m("XINFO", "CONSUMERS", "s", "g"),
    ["XINFO", "GROUPS", "s"],
    ["XCLAIM", "s", "g", "c3", "100000", "2-1"],
    m("XINFO", "CONSUMERS", "s", "g"),
    ["XCLAIM", "s", "g", "c2", "-5", "2-1"],
    ["XCLAIM", "s", "g", "c2", "0", "2-1", "1-1", "JUSTID"],
    ["XCLAIM", "s", "g", "c2", "0", "4-1", "JUSTID"],
    ["XCLAIM", "s", "g", "c2", "0", "4-1", "FORCE", "JUSTID"],
    ["XCLAIM", "s", "g", "c3", "0", "4-1", "9-9", "FORCE", "RETRYCOUNT", "7"],
    { cmd: ["XPENDING", "s", "g", "-", "+", "10"], pendingRows: true },
    ["XCLAIM", "s", "g", "c3", "0", "1", "RETRYCOUNT", LLONG_MAX, "JUSTID"],
    ["XREADGROUP", "GROUP", "g", "c3", "STREAMS", "s", "0"],
    { cmd: ["XPENDING", "s", "g", "-", "+", "10"], pendingRows: true },
    ["XCLAIM", "s", "g", "c1", "0", "3-1", "IDLE", "5000000", "RETRYCOUNT", "-1"],
    { cmd: ["XPENDING", "s", "g", "IDLE", "4000000", "-", "+", "10"], pendingRows: true },
    ["XCLAIM", "s", "g", "c1", "0", "3-1", "TIME", "1", "JUSTID"],
    ["XCLAIM", "s", "g", "c1", "0", "3-1", "TIME", "-1", "IDLE", "-1", "JUSTID"],
    ["XCLAIM", "s", "g", "c1", "0", "3-1", "LASTID", "50-0", "JUSTID"],
    ["XINFO", "GROUPS", "s"],
    ["XCLAIM", "s", "g", "c1", "0", "1-1", "LASTID", "60-0", "JUSTID"],
    ["XINFO", "GROUPS", "s"],
    ["XDEL", "s", "2-1", "3-1"],
    ["XCLAIM", "s", "g", "c4", "0", "2-1", "3-1", "4-1"],
    ["XPENDING", "s", "g"],
    m("XINFO", "CONSUMERS", "s", "g"),
    ["SET", "str", "x"],
    ["XCLAIM", "str", "g", "c", "0", "1-1"],
    ["XCLAIM", "s", "g", "c", "0"],
  ]);

  maskedTest(pair, "XAUTOCLAIM: cursor, COUNT, JUSTID, deleted entries, errors", [
    ...adds("s", 6),
    ["XGROUP", "CREATE", "s", "g", "0"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", ">"],
    ["XAUTOCLAIM", "s", "g", "c2", "x", "0"],
    ["XAUTOCLAIM", "s", "g", "c2", "0", "x"],
    ["XAUTOCLAIM", "s", "g", "c2", "0", "0", "COUNT", "0"],
    ["XAUTOCLAIM", "s", "g", "c2", "0", "0", "COUNT", "-1"],
    ["XAUTOCLAIM", "s", "g", "c2", "0", "0", "COUNT", "x"],
    ["XAUTOCLAIM", "s", "g", "c2", "0", "0", "COUNT", "576460752303423488"],
    ["XAUTOCLAIM", "s", "g", "c2", "0", "0", "COUNT", "576460752303423487"],
    ["XAUTOCLAIM", "s", "g", "c2", "0", "0", "foo"],
    ["XAUTOCLAIM", "s", "g", "c2", "0", "0", "COUNT"],
    ["XAUTOCLAIM", "s", "nog", "c2", "0", "0"],
    ["XAUTOCLAIM", "nokey", "g", "c2", "0", "0"],
    ["XAUTOCLAIM", "nokey", "g", "c2", "0", "0", "COUNT", "576460752303423487"],
    ["XAUTOCLAIM", "s", "g", "c2", "0", `(${MAX_ID}`],
    ["XAUTOCLAIM", "s", "g", "c2", "100000", "0"],
    m("XINFO", "CONSUMERS", "s", "g"),
    ["XAUTOCLAIM", "s", "g", "c2", "0", "0", "COUNT", "2"],
    ["XAUTOCLAIM", "s", "g", "c2", "0", "3-1", "COUNT", "2", "JUSTID"],
    ["XAUTOCLAIM", "s", "g", "c3", "0", "(4-1", "COUNT", "5"],
    ["XAUTOCLAIM", "s", "g", "c3", "0", "-", "COUNT", "1"],
    ["XDEL", "s", "2-1", "3-1", "5-1"],
    ["XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT", "2"],
    ["XAUTOCLAIM", "s", "g", "c4", "0", "0"],
    ["XPENDING", "s", "g"],
    m("XINFO", "CONSUMERS", "s", "g"),
    ["SET", "str", "x"],
    ["XAUTOCLAIM", "str", "g", "c", "0", "0"],
    ["XAUTOCLAIM", "s", "g", "c", "0"],
  ]);

  diffTest(pair, "XAUTOCLAIM attempts are bounded by COUNT * 10", [
    ...adds("s", 40),
    ["XGROUP", "CREATE", "s", "g", "0"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", ">"],
    ["XAUTOCLAIM", "s", "g", "c2", "0", "0", "COUNT", "1", "JUSTID"],
    ["XAUTOCLAIM", "s", "g", "c2", "3600000", "0", "COUNT", "2", "JUSTID"],
    ["XAUTOCLAIM", "s", "g", "c2", "3600000", "21-1", "COUNT", "2", "JUSTID"],
    ["XAUTOCLAIM", "s", "g", "c2", "3600000", "0", "COUNT", "4", "JUSTID"],
    ["XPENDING", "s", "g"],
  ]);

  // --- XINFO / XSETID -------------------------------------------------------------------

  maskedTest(pair, "XINFO STREAM [FULL [COUNT]], GROUPS, CONSUMERS, HELP and errors", [
    ["XINFO", "STREAM", "nokey"],
    ["XINFO", "GROUPS", "nokey"],
    ["XINFO", "CONSUMERS", "nokey", "g"],
    ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"],
    ["XINFO", "STREAM", "s"],
    ["XINFO", "STREAM", "s", "FULL"],
    ...adds("s", 15),
    ["XGROUP", "CREATE", "s", "g2", "0"],
    ["XREADGROUP", "GROUP", "g2", "a", "COUNT", "12", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g2", "b", "STREAMS", "s", ">"],
    ["XGROUP", "CREATECONSUMER", "s", "g2", "z"],
    ["XINFO", "STREAM", "s"],
    m("XINFO", "STREAM", "s", "FULL"),
    m("XINFO", "STREAM", "s", "FULL", "COUNT", "2"),
    m("XINFO", "STREAM", "s", "full", "count", "0"),
    m("XINFO", "STREAM", "s", "FULL", "COUNT", "-1"),
    ["XINFO", "GROUPS", "s"],
    m("XINFO", "CONSUMERS", "s", "g2"),
    ["XINFO", "CONSUMERS", "s", "g"],
    ["XINFO", "CONSUMERS", "s", "nog"],
    ["XINFO", "STREAM", "s", "foo"],
    ["XINFO", "STREAM", "s", "FULL", "COUNT"],
    ["XINFO", "STREAM", "s", "FULL", "COUNT", "x"],
    ["XINFO", "STREAM", "s", "FULL", "COUNT", "1", "extra"],
    ["XINFO", "STREAM", "s", "FULL", "foo", "1"],
    ["XINFO", "STREAM", "nokey", "foo"],
    ["XINFO", "FOO", "s"],
    ["XINFO", "STREAM"],
    ["XINFO", "GROUPS", "s", "x"],
    ["XINFO", "CONSUMERS", "s"],
    ["XINFO", "HELP"],
    ["XINFO", "help"],
    ["XINFO", "HELP", "x"],
    ["XINFO"],
    ["SET", "str", "x"],
    ["XINFO", "STREAM", "str"],
    ["XINFO", "STREAM", "str", "foo"],
    ["XINFO", "GROUPS", "str"],
    ["XINFO", "CONSUMERS", "str", "g"],
  ]);

  diffTest(pair, "XSETID", [
    ["XSETID", "nokey", "1-1"],
    ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"],
    ["XSETID", "s", "x"],
    ["XSETID", "s", "-"],
    ["XSETID", "s", "+"],
    ["XSETID", "s", "1-1", "ENTRIESADDED", "-1"],
    ["XSETID", "s", "1-1", "ENTRIESADDED", "x"],
    ["XSETID", "s", "1-1", "MAXDELETEDID", "2-2"],
    ["XSETID", "s", "1-1", "MAXDELETEDID", "x"],
    ["XSETID", "s", "1-1", "FOO", "1"],
    ["XSETID", "s", "1-1", "ENTRIESADDED"],
    ["XSETID", "s", "5-5"],
    ["XINFO", "STREAM", "s"],
    ["XSETID", "s", "1-1"],
    ["XINFO", "STREAM", "s"],
    ["XADD", "s", "10-1", "a", "1"],
    ["XADD", "s", "10-2", "a", "1"],
    ["XSETID", "s", "10-1"],
    ["XSETID", "s", "10-2", "ENTRIESADDED", "1"],
    ["XSETID", "s", "10-5", "ENTRIESADDED", "7", "MAXDELETEDID", "10-3"],
    ["XSETID", "s", "10-2"],
    ["XSETID", "s", "10-4", "MAXDELETEDID", "0-0"],
    ["XSETID", "s", "10", "ENTRIESADDED", "2", "ENTRIESADDED", "9"],
    ["XINFO", "STREAM", "s"],
    ["XINFO", "GROUPS", "s"],
    ["XADD", "s", "10-3", "a", "1"],
    ["XADD", "s", "*", "a", "1", "NOTANID"],
    ["XSETID", "s", MAX_ID],
    ["XADD", "s", "*", "a", "1"],
    ["XSETID", "s"],
    ["SET", "str", "x"],
    ["XSETID", "str", "1-1"],
    ["XSETID", "str", "x"],
  ]);

  // --- types, arity, RESP3, other commands on streams ---------------------------------

  diffTest(pair, "WRONGTYPE from every stream command", [
    ["SET", "str", "x"],
    ["XADD", "str", "1-1", "a", "1"],
    ["XADD", "str", "NOMKSTREAM", "*", "a", "1"],
    ["XLEN", "str"],
    ["XRANGE", "str", "-", "+"],
    ["XREVRANGE", "str", "+", "-"],
    ["XDEL", "str", "1-1"],
    ["XTRIM", "str", "MAXLEN", "1"],
    ["XREAD", "STREAMS", "str", "0"],
    ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "str", ">"],
    ["XGROUP", "CREATE", "str", "g", "$"],
    ["XACK", "str", "g", "1-1"],
    ["XPENDING", "str", "g"],
    ["XCLAIM", "str", "g", "c", "0", "1-1"],
    ["XAUTOCLAIM", "str", "g", "c", "0", "0"],
    ["XINFO", "STREAM", "str"],
    ["XSETID", "str", "1-1"],
    ["XADD", "s", "1-1", "a", "1"],
    ["GET", "s"],
    ["LPUSH", "s", "x"],
    ["HSET", "s", "f", "v"],
  ]);

  diffTest(pair, "arity errors", [
    ["XADD", "s", "1-1", "a"],
    ["XLEN"],
    ["XLEN", "s", "x"],
    ["XRANGE", "s", "-"],
    ["XREVRANGE", "s", "+"],
    ["XDEL", "s"],
    ["XTRIM", "s", "MAXLEN"],
    ["XREAD", "STREAMS", "s"],
    ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s"],
    ["XACK", "s", "g"],
    ["XPENDING", "s"],
    ["XCLAIM", "s", "g", "c", "0"],
    ["XAUTOCLAIM", "s", "g", "c", "0"],
    ["XSETID", "s"],
    ["XGROUP", "CREATE", "s", "g"],
    ["XINFO", "STREAM"],
  ]);

  maskedTest(pair, "RESP3 replies", [
    { cmd: ["HELLO", "3"], typeOnly: true },
    ...adds("s", 3),
    ["XADD", "nokey", "NOMKSTREAM", "*", "a", "1"],
    ["XRANGE", "s", "-", "+", "COUNT", "0"],
    ["XREAD", "STREAMS", "s", "nokey", "0", "0"],
    ["XREAD", "STREAMS", "s", "$"],
    ["XREAD", "BLOCK", "1", "STREAMS", "s", "$"],
    ["XGROUP", "CREATE", "s", "g", "0"],
    ["XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">"],
    ["XDEL", "s", "1-1"],
    ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0"],
    ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "s", "0", ">"],
    ["XPENDING", "s", "g"],
    ["XGROUP", "CREATE", "s", "g2", "0"],
    ["XPENDING", "s", "g2"],
    ["XINFO", "STREAM", "s"],
    ["XINFO", "GROUPS", "s"],
    m("XINFO", "STREAM", "s", "FULL", "COUNT", "1"),
    ["XAUTOCLAIM", "s", "g", "c2", "0", "0", "JUSTID"],
    ["XCLAIM", "s", "g", "c3", "0", "2-1", "JUSTID"],
    ["XINFO", "HELP"],
    ["MULTI"],
    ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"],
    ["EXEC"],
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);

  diffTest(pair, "streams under generic key commands", [
    ...adds("s", 3),
    ["XGROUP", "CREATE", "s", "g", "0"],
    ["XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">"],
    ["COPY", "s", "t"],
    ["XINFO", "STREAM", "t"],
    ["XINFO", "GROUPS", "t"],
    ["XACK", "t", "g", "1-1"],
    ["XPENDING", "s", "g"],
    ["XPENDING", "t", "g"],
    ["RENAME", "t", "u"],
    ["XRANGE", "u", "-", "+"],
    ["TYPE", "u"],
    ["DEL", "u"],
    ["EXISTS", "u"],
    ["XADD", "e", "MAXLEN", "0", "1-1", "a", "1"],
    ["EXISTS", "e"],
    ["TYPE", "e"],
    ["XLEN", "e"],
    ["RENAME", "e", "f"],
    ["XINFO", "STREAM", "f"],
  ]);
});

describe("streams: small nodes (stream-node-max-entries 5, stream-node-max-bytes 200)", () => {
  const pair = useDiffPair({ "stream-node-max-entries": "5", "stream-node-max-bytes": "200" });

  diffTest(pair, "node splitting by entries and bytes, radix tree figures, approximate trims", [
    ...adds("s", 23),
    ["XINFO", "STREAM", "s"],
    ["XADD", "s", "100-1", "big", "x".repeat(150)],
    ["XADD", "s", "101-1", "f", "v"],
    ["XADD", "s", "102-1", "y".repeat(300), "v"],
    ["XINFO", "STREAM", "s"],
    ["XTRIM", "s", "MAXLEN", "~", "12"],
    ["XINFO", "STREAM", "s"],
    ["XTRIM", "s", "MAXLEN", "~", "4", "LIMIT", "6"],
    ["XINFO", "STREAM", "s"],
    ["XADD", "s", "MAXLEN", "~", "3", "103-1", "f", "v"],
    ["XLEN", "s"],
    ["XDEL", "s", "101-1", "102-1", "103-1"],
    ["XINFO", "STREAM", "s"],
    ...adds("t", 30, 1, (i) => ["f", String(i * 1000)]),
    ["XTRIM", "t", "MINID", "~", "13-1"],
    ["XINFO", "STREAM", "t"],
    ["XTRIM", "t", "MINID", "13-1"],
    ["XINFO", "STREAM", "t"],
    ["XTRIM", "t", "MAXLEN", "~", "0"],
    ["XINFO", "STREAM", "t"],
  ]);

  diffTest(pair, "IDs spread over the 64-bit space shape the radix tree", [
    ["XADD", "s", "1-0", "f", "v"],
    ["XADD", "s", "1-9", "f", "v"],
    ["XADD", "s", "256-0", "f", "v"],
    ["XADD", "s", "65536-0", "f", "v"],
    ["XADD", "s", "4294967296-0", "f", "v"],
    ["XADD", "s", "4294967296-4294967296", "f", "v"],
    ["XADD", "s", "9007199254740993-1", "f", "v"],
    ["XADD", "s", `18446744073709551614-${U64_MAX}`, "f", "v"],
    ...Array.from({ length: 30 }, (_, i) => ["XADD", "s", `${U64_MAX}-${i * 77}`, "f", "v"]),
    ["XINFO", "STREAM", "s"],
    ["XDEL", "s", "256-0", "65536-0", "4294967296-0"],
    ["XINFO", "STREAM", "s"],
    ["XTRIM", "s", "MAXLEN", "~", "20"],
    ["XINFO", "STREAM", "s"],
    ["XRANGE", "s", "-", "+", "COUNT", "4"],
  ]);
});

// ---------------------------------------------------------------------------
// Blocking between several clients (scripts run on each server in turn).
// ---------------------------------------------------------------------------

describe("streams: blocking XREAD / XREADGROUP between clients", () => {
  const pair = useDiffPair();

  /**
   * Runs `script` on each server with a control client and a way to open
   * more connections; it returns the texts to compare.
   */
  function blockingTest(name: string, script: (ctl: RespClient, open: () => Promise<RespClient>) => Promise<string[]>): void {
    testWithRedis(name, async () => {
      const results: string[][] = [];
      for (const [port, ctl] of [
        [pair.redisPort, pair.redis],
        [pair.redbunPort, pair.redbun],
      ] as const) {
        await ctl.send("FLUSHALL");
        const opened: RespClient[] = [];
        try {
          results.push(
            await script(ctl, async () => {
              const c = await RespClient.connect(port);
              opened.push(c);
              return c;
            }),
          );
        } finally {
          for (const c of opened) c.close();
          await waitBlocked(ctl, 0);
        }
      }
      expect(results[1]).toEqual(results[0]!);
      expect(results[0]!.length).toBeGreaterThan(0);
    });
  }

  const text = (r: { bytes: Buffer }) => r.bytes.toString("latin1");

  blockingTest("XREAD $ clients are all served by the next XADD, each with its own count", async (ctl, open) => {
    const a = await open();
    const b = await open();
    const c = await open();
    await ctl.send("XADD", "s", "1-1", "old", "x");
    const ra = a.send("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
    await waitBlocked(ctl, 1);
    const rb = b.send("XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "nokey", "s", "$", "$");
    await waitBlocked(ctl, 2);
    const rc = c.send("XREAD", "BLOCK", "0", "STREAMS", "s", "1-0");
    // 1-1 > 1-0: c is served at once.
    const out = [text(await rc)];
    await ctl.send("MULTI");
    await ctl.send("XADD", "s", "2-1", "a", "1");
    await ctl.send("XADD", "s", "3-1", "b", "2");
    out.push(text(await ctl.send("EXEC")));
    out.push(text(await ra), text(await rb));
    return out;
  });

  blockingTest("XREAD on a missing key is served when the key is created; other keys don't wake it", async (ctl, open) => {
    const a = await open();
    const ra = a.send("XREAD", "BLOCK", "0", "STREAMS", "k1", "k2", "$", "0-5");
    await waitBlocked(ctl, 1);
    await ctl.send("XADD", "other", "1-1", "a", "1");
    await ctl.send("XADD", "k2", "0-3", "a", "1"); // not after 0-5
    await ctl.send("SET", "k1", "string"); // wrong type: stays blocked
    await ctl.send("DEL", "k1");
    await waitBlocked(ctl, 1);
    await ctl.send("XADD", "k2", "0-6", "b", "2");
    return [text(await ra)];
  });

  blockingTest("XREADGROUP consumers are served first come first served, one entry each", async (ctl, open) => {
    const a = await open();
    const b = await open();
    const c = await open();
    await ctl.send("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
    const ra = a.send("XREADGROUP", "GROUP", "g", "ca", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", ">");
    await waitBlocked(ctl, 1);
    const rb = b.send("XREADGROUP", "GROUP", "g", "cb", "BLOCK", "0", "STREAMS", "s", ">");
    await waitBlocked(ctl, 2);
    const rc = c.send("XREADGROUP", "GROUP", "g", "cc", "NOACK", "BLOCK", "0", "STREAMS", "s", ">");
    await waitBlocked(ctl, 3);
    const out = [text(await ctl.send("XINFO", "GROUPS", "s"))];
    await ctl.send("MULTI");
    await ctl.send("XADD", "s", "1-1", "a", "1");
    await ctl.send("XADD", "s", "2-1", "b", "2");
    await ctl.send("EXEC");
    out.push(text(await ra), text(await rb));
    await waitBlocked(ctl, 1);
    await ctl.send("XADD", "s", "3-1", "c", "3");
    out.push(text(await rc));
    out.push(text(await ctl.send("XPENDING", "s", "g")), text(await ctl.send("XINFO", "GROUPS", "s")));
    return out;
  });

  blockingTest("blocked XREADGROUP gets an error when the key or the group goes away", async (ctl, open) => {
    const out: string[] = [];
    for (const kill of [["DEL", "s"], ["SET", "s", "x"], ["XGROUP", "DESTROY", "s", "g"], ["FLUSHALL"], ["FLUSHDB"]]) {
      await ctl.send("DEL", "s");
      await ctl.send("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
      const a = await open();
      const b = await open();
      const ra = a.send("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
      const rb = b.send("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
      await waitBlocked(ctl, 2);
      await ctl.send(...kill);
      out.push(text(await ra));
      // The XREAD client stays blocked until an entry arrives.
      await waitBlocked(ctl, 1);
      await ctl.send("DEL", "s");
      await ctl.send("XADD", "s", "5-5", "a", "1");
      out.push(text(await rb));
    }
    return out;
  });

  blockingTest("XGROUP SETID moves blocked consumers; XREADGROUP served after XDEL gets an empty list", async (ctl, open) => {
    const a = await open();
    await ctl.send("XADD", "s", "1-1", "a", "1");
    await ctl.send("XGROUP", "CREATE", "s", "g", "$");
    const ra = a.send("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
    await waitBlocked(ctl, 1);
    await ctl.send("XGROUP", "SETID", "s", "g", "0");
    await ctl.send("XADD", "s", "2-1", "b", "2");
    const out = [text(await ra)];
    const rb = a.send("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
    await waitBlocked(ctl, 1);
    await ctl.send("MULTI");
    await ctl.send("XADD", "s", "3-1", "c", "3");
    await ctl.send("XDEL", "s", "3-1");
    await ctl.send("EXEC");
    out.push(text(await rb), text(await ctl.send("XINFO", "GROUPS", "s")));
    const rc = a.send("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
    await waitBlocked(ctl, 1);
    await ctl.send("MULTI");
    await ctl.send("XADD", "s", "4-1", "d", "4");
    await ctl.send("XDEL", "s", "4-1");
    await ctl.send("EXEC");
    out.push(text(await rc));
    return out;
  });

  blockingTest("timeouts, CLIENT UNBLOCK, pipelined commands after a blocked XREAD, RESP3", async (ctl, open) => {
    const a = await open();
    const out = [text(await a.send("XREAD", "BLOCK", "20", "STREAMS", "s", "$"))];
    out.push(text(await a.send("HELLO", "3")).includes("proto") ? "hello" : "no");
    const ra = a.send("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
    await waitBlocked(ctl, 1);
    const id = /id=(\d+)/.exec(text(await ctl.send("CLIENT", "LIST")).split("\n").find((l) => l.includes("cmd=xread")) ?? "")?.[1];
    out.push(text(await ctl.send("CLIENT", "UNBLOCK", id ?? "0")));
    out.push(text(await ra));
    const rb = a.send("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
    const rping = a.send("PING");
    await waitBlocked(ctl, 1);
    await ctl.send("XADD", "s", "1-1", "a", "1");
    out.push(text(await rb), text(await rping));
    await ctl.send("XGROUP", "CREATE", "s", "g", "$");
    const rc = a.send("XREADGROUP", "GROUP", "g", "c", "BLOCK", "20", "STREAMS", "s", ">");
    out.push(text(await rc));
    const rd = a.send("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
    await waitBlocked(ctl, 1);
    await ctl.send("XADD", "s", "2-1", "b", "2");
    out.push(text(await rd));
    return out;
  });

  blockingTest("a blocked XREADGROUP without COUNT gets at most 1000 entries", async (ctl, open) => {
    const a = await open();
    await ctl.send("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
    const ra = a.send("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
    await waitBlocked(ctl, 1);
    await ctl.send("MULTI");
    for (let i = 1; i <= 1005; i++) await ctl.send("XADD", "s", `${i}-1`, "f", String(i));
    await ctl.send("EXEC");
    const r = (await ra).resp;
    const entries = r.t === "array" && r.v[0]?.t === "array" ? r.v[0].v[1] : null;
    return [String(entries?.t === "array" ? entries.v.length : -1), text(await ctl.send("XPENDING", "s", "g"))];
  });
});

// ---------------------------------------------------------------------------
// Keyspace events
// ---------------------------------------------------------------------------

describe("streams: keyspace events vs redis-server", () => {
  const pair = useDiffPair({ "notify-keyspace-events": "KEA" });

  testWithRedis("events of every stream command", async () => {
    const script: string[][] = [
      ["XADD", "s", "1-1", "a", "1"],
      ["XADD", "s", "2-1", "a", "1"],
      ["XADD", "s", "MAXLEN", "1", "3-1", "a", "1"],
      ["XADD", "s", "MAXLEN", "~", "1", "4-1", "a", "1"],
      ["XADD", "nokey", "NOMKSTREAM", "5-1", "a", "1"],
      ["XADD", "s", "1-1", "a", "1"],
      ["XTRIM", "s", "MAXLEN", "5"],
      ["XTRIM", "s", "MAXLEN", "0"],
      ["XADD", "s", "6-1", "a", "1"],
      ["XADD", "s", "7-1", "a", "1"],
      ["XDEL", "s", "9-9"],
      ["XDEL", "s", "6-1"],
      ["XGROUP", "CREATE", "s", "g", "0"],
      ["XGROUP", "CREATE", "s", "g", "0"],
      ["XGROUP", "CREATE", "m", "g", "$", "MKSTREAM"],
      ["XGROUP", "SETID", "s", "g", "0"],
      ["XGROUP", "CREATECONSUMER", "s", "g", "c0"],
      ["XGROUP", "CREATECONSUMER", "s", "g", "c0"],
      ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "c9", "STREAMS", "s", ">"],
      ["XACK", "s", "g", "7-1"],
      ["XCLAIM", "s", "g", "c2", "0", "7-1", "FORCE"],
      ["XAUTOCLAIM", "s", "g", "c3", "0", "0"],
      ["XGROUP", "DELCONSUMER", "s", "g", "c1"],
      ["XGROUP", "DELCONSUMER", "s", "g", "nobody"],
      ["XGROUP", "DESTROY", "s", "g"],
      ["XGROUP", "DESTROY", "s", "g"],
      ["XSETID", "s", "99-0"],
      ["DEL", "s"],
    ];
    const results: string[][] = [];
    for (const port of [pair.redisPort, pair.redbunPort]) {
      results.push(
        await keyeventMessages(port, async (cmd) => {
          for (const s of script) await cmd.send(...s);
        }),
      );
    }
    expect(results[1]).toEqual(results[0]!);
    expect(results[0]!.length).toBeGreaterThanOrEqual(20);
  });
});

// ---------------------------------------------------------------------------
// Propagation: what a replica of the reference server receives (MONITOR)
// vs what redbun hands its Propagator.
// ---------------------------------------------------------------------------

describe("streams: propagation vs redis-server", () => {
  const { propTest, sameAsRedis } = usePropagationHarness({ events: false });

  /** Propagated commands with the clock-dependent parts masked: generated IDs and XCLAIM's TIME. */
  function masked(r: Captured): void {
    const norm = (cmds: string[][]) =>
      cmds.map((c) => {
        const out = [...c];
        for (let i = 0; i < out.length; i++) {
          if (out[i] === '"TIME"' && i + 1 < out.length) out[i + 1] = "<time>";
          if (/^"1[6-9]\d{11}-\d+"$/.test(out[i]!)) out[i] = "<generated-id>";
        }
        return out;
      });
    expect(r.cmds[0].length).toBeGreaterThan(0);
    expect(norm(r.cmds[1])).toEqual(norm(r.cmds[0]));
  }

  propTest("XADD with explicit IDs, NOMKSTREAM, exact trims, XDEL, XTRIM, XSETID", [
    ["XADD", "s", "1-1", "a", "1"],
    ["XADD", "s", "2", "a", "1"],
    ["XADD", "s", "5-*", "a", "1"],
    ["XADD", "s", "5-*", "a", "1"],
    ["XADD", "s", "1-1", "a", "1"],
    ["XADD", "nokey", "NOMKSTREAM", "1-1", "a", "1"],
    ["XADD", "s", "MAXLEN", "3", "6-1", "a", "1"],
    ["XADD", "s", "MINID", "=", "5-1", "7-1", "a", "1"],
    ["XDEL", "s", "9-9"],
    ["XDEL", "s", "5-1", "7-1", "9-9"],
    ["XTRIM", "s", "MAXLEN", "100"],
    ["XTRIM", "s", "MAXLEN", "1"],
    ["XSETID", "s", "10-0", "ENTRIESADDED", "50", "MAXDELETEDID", "9-0"],
    ["XSETID", "s", "1-0"],
  ]);

  propTest("XADD * and approximate trims propagate as what they did", [
    ...adds("s", 250),
    ["XADD", "s", "*", "a", "1"],
    ["XADD", "s", "MAXLEN", "~", "120", "*", "a", "1"],
    ["XADD", "s", "MAXLEN", "~", "10", "LIMIT", "100", "*", "a", "1"],
    ["XTRIM", "s", "MAXLEN", "~", "100"],
    ["XTRIM", "s", "MINID", "~", "9999999999999-0"],
    ["XTRIM", "s", "MINID", "~", "0"],
    ["XADD", "t", "MINID", "~", "5", "1-1", "a", "1"],
    ["XADD", "t", "MINID", "~", "5", "LIMIT", "10", "2-1", "a", "1"],
  ], masked);

  propTest("consumer groups: XGROUP, XREADGROUP, XACK, XCLAIM, XAUTOCLAIM", [
    ...adds("s", 6),
    ["XGROUP", "CREATE", "s", "g", "0"],
    ["XGROUP", "CREATE", "s", "g", "0"],
    ["XGROUP", "CREATE", "m", "g", "$", "MKSTREAM", "ENTRIESREAD", "0"],
    ["XGROUP", "CREATECONSUMER", "s", "g", "c0"],
    ["XGROUP", "CREATECONSUMER", "s", "g", "c0"],
    ["XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g", "c1", "NOACK", "COUNT", "1", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", "0"],
    ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0"],
    ["XREADGROUP", "GROUP", "g", "c3", "STREAMS", "s", ">"],
    ["XACK", "s", "g", "1-1", "99-1"],
    ["XACK", "s", "g", "99-1"],
    ["XCLAIM", "s", "g", "c4", "0", "2-1", "JUSTID"],
    ["XCLAIM", "s", "g", "c4", "3600000", "4-1"],
    ["XCLAIM", "s", "g", "c4", "0", "4-1", "LASTID", "50-0"],
    ["XCLAIM", "s", "g", "c4", "0", "99-1", "LASTID", "60-0"],
    ["XDEL", "s", "5-1"],
    ["XAUTOCLAIM", "s", "g", "c5", "0", "0", "COUNT", "2"],
    ["XAUTOCLAIM", "s", "g", "c5", "0", "0"],
    ["XGROUP", "SETID", "s", "g", "3-1", "ENTRIESREAD", "3"],
    ["XGROUP", "DELCONSUMER", "s", "g", "c4"],
    ["XGROUP", "DELCONSUMER", "s", "g", "nobody"],
    ["XGROUP", "DESTROY", "s", "g"],
    ["XGROUP", "DESTROY", "s", "g"],
  ], masked);

  propTest(
    "a served XREADGROUP propagates the consumer, the claims and the group position",
    async (port, c) => {
      const b = await RespClient.connect(port);
      await c.send("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
      const reply = b.send("XREADGROUP", "GROUP", "g", "newc", "BLOCK", "0", "STREAMS", "s", ">");
      await waitBlocked(c, 1);
      await c.send("XADD", "s", "1-1", "a", "1");
      await reply;
      b.close();
    },
    masked,
  );

  propTest("XGROUP without changes is not propagated, XREAD never is", [
    ["XADD", "s", "1-1", "a", "1"],
    ["XREAD", "STREAMS", "s", "0"],
    ["XGROUP", "CREATE", "s", "g", "$"],
    ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"],
    ["XGROUP", "DESTROY", "s", "nog"],
    ["XTRIM", "s", "MAXLEN", "~", "0"],
  ], sameAsRedis);
});
