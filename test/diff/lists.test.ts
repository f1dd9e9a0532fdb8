// Differential tests of the list commands (Redis 7.0's t_list.c) against a
// real redis-server: replies must be byte-identical. Covers every command,
// its errors (wrong type, bad integers, syntax, arity) and edge cases, the
// blocking forms where they don't block (data available, EXEC, timeouts),
// keyspace events, and what is propagated to replicas/AOF (the reference's
// propagation is observed through a replica running MONITOR).
//
// Blocking behaviour between several clients is in test/integration/blocking.test.ts.

import { describe, expect, test } from "bun:test";
import { diffTest, has, hasRedis, keyeventMessages, requireRedisInCI, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { usePropagationHarness } from "../helpers/propagation.ts";
import { waitBlocked } from "../helpers/replies.ts";
import { RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

const BIN = "a\r\nb\0c\xff\x80 ";
const LLONG_MAX = "9223372036854775807";
const LLONG_MIN = "-9223372036854775808";

/** Commands that create a key of each other type, for WRONGTYPE checks. */
const STRING_KEY = ["SET", "str", "x"];

describe("lists: differential vs redis-server", () => {
  const pair = useDiffPair();

  // --- push / pop -----------------------------------------------------------

  diffTest(pair, "LPUSH, RPUSH, LRANGE basics and element bytes", [
    ["LPUSH", "l", "a"],
    ["LPUSH", "l", "b", "c", "d"],
    ["RPUSH", "l", "e", "f"],
    ["LRANGE", "l", "0", "-1"],
    ["RPUSH", "bin", BIN, "", "123", "-0", "9223372036854775808", "1.5"],
    ["LRANGE", "bin", "0", "-1"],
    ["LLEN", "bin"],
    ["LLEN", "nokey"],
    ["TYPE", "l"],
    ["LPUSH", "big", ...Array.from({ length: 300 }, (_, i) => `v${i}`)],
    ["RPUSH", "big", ...Array.from({ length: 3000 }, (_, i) => `w${i}`)],
    ["LLEN", "big"],
    ["LRANGE", "big", "295", "305"],
    ["LRANGE", "big", "-3", "-1"],
    ["LINDEX", "big", "1500"],
  ]);

  diffTest(pair, "LPUSHX and RPUSHX", [
    ["LPUSHX", "l", "a"],
    ["RPUSHX", "l", "a", "b"],
    ["EXISTS", "l"],
    ["RPUSH", "l", "x"],
    ["LPUSHX", "l", "a", "b"],
    ["RPUSHX", "l", "c", "d"],
    ["LRANGE", "l", "0", "-1"],
  ]);

  diffTest(pair, "LPOP and RPOP, with and without count", [
    ["RPUSH", "l", "a", "b", "c", "d", "e", "f"],
    ["LPOP", "l"],
    ["RPOP", "l"],
    ["LPOP", "l", "2"],
    ["RPOP", "l", "1"],
    ["LPOP", "l", "0"],
    ["RPOP", "l", "100"],
    ["EXISTS", "l"],
    ["LPOP", "l"],
    ["RPOP", "l"],
    ["LPOP", "l", "0"],
    ["RPOP", "l", "3"],
    ["RPUSH", "l", "x"],
    ["LPOP", "l", "5"],
    ["EXISTS", "l"],
  ]);

  diffTest(pair, "LPOP / RPOP errors", [
    ["RPUSH", "l", "a", "b"],
    ["LPOP", "l", "abc"],
    ["LPOP", "l", "-1"],
    ["RPOP", "l", "1.5"],
    ["LPOP", "l", LLONG_MAX],
    ["LPOP", "l", "9223372036854775808"],
    ["RPUSH", "l", "a"],
    ["LPOP", "l", "1", "2"],
    ["RPOP", "l", "1", "2"],
    ["LPOP"],
    ["RPOP"],
    ["LPOP", "nokey", "abc"],
    ["LPOP", "nokey", "0"],
  ]);

  // --- LLEN / LRANGE / LINDEX ------------------------------------------------

  diffTest(pair, "LRANGE index conversions", [
    ["RPUSH", "l", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    ["LRANGE", "l", "0", "0"],
    ["LRANGE", "l", "0", "-1"],
    ["LRANGE", "l", "-1", "-1"],
    ["LRANGE", "l", "-100", "2"],
    ["LRANGE", "l", "-100", "-50"],
    ["LRANGE", "l", "5", "2"],
    ["LRANGE", "l", "8", "100"],
    ["LRANGE", "l", "10", "20"],
    ["LRANGE", "l", "-3", "-5"],
    ["LRANGE", "l", LLONG_MIN, LLONG_MAX],
    ["LRANGE", "l", "2", "-8"],
    ["LRANGE", "l", "2", "-9"],
    ["LRANGE", "nokey", "0", "-1"],
    ["LRANGE", "l", "a", "1"],
    ["LRANGE", "l", "0", "b"],
    ["LRANGE", "nokey", "x", "1"],
    ["LRANGE", "l", "0", "9223372036854775808"],
    ["LRANGE", "l", "0"],
    ["LRANGE", "l", "0", "1", "2"],
  ]);

  diffTest(pair, "LINDEX", [
    ["RPUSH", "l", "a", "b", "c"],
    ["LINDEX", "l", "0"],
    ["LINDEX", "l", "2"],
    ["LINDEX", "l", "3"],
    ["LINDEX", "l", "-1"],
    ["LINDEX", "l", "-3"],
    ["LINDEX", "l", "-4"],
    ["LINDEX", "l", LLONG_MIN],
    ["LINDEX", "l", "abc"],
    ["LINDEX", "nokey", "0"],
    ["LINDEX", "nokey", "abc"],
    ["LINDEX", "l"],
    ["LLEN"],
    ["LLEN", "l", "x"],
  ]);

  // --- LSET / LINSERT / LREM / LTRIM -------------------------------------------

  diffTest(pair, "LSET", [
    ["RPUSH", "l", "a", "b", "c"],
    ["LSET", "l", "0", "A"],
    ["LSET", "l", "-1", "C"],
    ["LSET", "l", "1", BIN],
    ["LRANGE", "l", "0", "-1"],
    ["LSET", "l", "3", "x"],
    ["LSET", "l", "-4", "x"],
    ["LSET", "l", "abc", "x"],
    ["LSET", "nokey", "0", "x"],
    ["LSET", "nokey", "abc", "x"],
    ["LSET", "l", "0"],
  ]);

  diffTest(pair, "LINSERT", [
    ["RPUSH", "l", "a", "b", "c", "b"],
    ["LINSERT", "l", "BEFORE", "b", "x"],
    ["LINSERT", "l", "after", "b", "y"],
    ["LINSERT", "l", "AfTeR", "c", "z"],
    ["LINSERT", "l", "BEFORE", "a", "first"],
    ["LINSERT", "l", "AFTER", "b", "last?"],
    ["LRANGE", "l", "0", "-1"],
    ["LINSERT", "l", "BEFORE", "nope", "x"],
    ["LINSERT", "nokey", "BEFORE", "a", "x"],
    ["EXISTS", "nokey"],
    ["LINSERT", "l", "MIDDLE", "a", "x"],
    ["LINSERT", "nokey", "MIDDLE", "a", "x"],
    ["LINSERT", "l", "BEFORE", "a"],
    ["RPUSH", "big", ...Array.from({ length: 2500 }, (_, i) => `e${i}`)],
    ["LINSERT", "big", "BEFORE", "e1200", "mid"],
    ["LINSERT", "big", "AFTER", "e2", "near-head"],
    ["LINSERT", "big", "AFTER", "e2497", "near-tail"],
    ["LRANGE", "big", "0", "5"],
    ["LRANGE", "big", "1198", "1204"],
    ["LRANGE", "big", "-5", "-1"],
    ["LLEN", "big"],
  ]);

  diffTest(pair, "LREM from the head, from the tail, all", [
    ["RPUSH", "l", "a", "b", "a", "c", "a", "b", "a"],
    ["LREM", "l", "2", "a"],
    ["LRANGE", "l", "0", "-1"],
    ["LREM", "l", "-1", "a"],
    ["LRANGE", "l", "0", "-1"],
    ["LREM", "l", "0", "b"],
    ["LRANGE", "l", "0", "-1"],
    ["LREM", "l", "0", "nope"],
    ["LREM", "l", "0", "a"],
    ["LREM", "l", "-5", "c"],
    ["EXISTS", "l"],
    ["LREM", "nokey", "0", "a"],
    ["RPUSH", "m", "x", "y", "x"],
    ["LREM", "m", LLONG_MIN, "x"],
    ["LRANGE", "m", "0", "-1"],
    ["LREM", "m", "abc", "x"],
    ["LREM", "nokey", "abc", "x"],
    ["LREM", "m", "1"],
    ["RPUSH", "big", ...Array.from({ length: 2100 }, (_, i) => (i % 7 === 0 ? "hit" : `e${i}`))],
    ["LREM", "big", "3", "hit"],
    ["LREM", "big", "-3", "hit"],
    ["LRANGE", "big", "0", "30"],
    ["LRANGE", "big", "-30", "-1"],
    ["LREM", "big", "0", "hit"],
    ["LLEN", "big"],
    ["LINDEX", "big", "1000"],
  ]);

  diffTest(pair, "LTRIM", [
    ["RPUSH", "l", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    ["LTRIM", "l", "1", "-2"],
    ["LRANGE", "l", "0", "-1"],
    ["LTRIM", "l", "-100", "100"],
    ["LRANGE", "l", "0", "-1"],
    ["LTRIM", "l", "2", "3"],
    ["LRANGE", "l", "0", "-1"],
    ["LTRIM", "l", "1", "0"],
    ["EXISTS", "l"],
    ["RPUSH", "l", "a", "b"],
    ["LTRIM", "l", "5", "10"],
    ["EXISTS", "l"],
    ["RPUSH", "l", "a", "b"],
    ["LTRIM", "l", "0", "-3"],
    ["EXISTS", "l"],
    ["LTRIM", "nokey", "0", "1"],
    ["LTRIM", "l", "a", "1"],
    ["LTRIM", "nokey", "0", "b"],
    ["LTRIM", "l", "0"],
    ["RPUSH", "big", ...Array.from({ length: 5000 }, (_, i) => `e${i}`)],
    ["LTRIM", "big", "1000", "-1000"],
    ["LLEN", "big"],
    ["LRANGE", "big", "0", "2"],
    ["LRANGE", "big", "-2", "-1"],
    ["LTRIM", "big", "0", "0"],
    ["LRANGE", "big", "0", "-1"],
  ]);

  // --- LPOS -------------------------------------------------------------------

  diffTest(pair, "LPOS with RANK, COUNT and MAXLEN", [
    ["RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c"],
    ["LPOS", "l", "a"],
    ["LPOS", "l", "c"],
    ["LPOS", "l", "nope"],
    ["LPOS", "l", "c", "RANK", "2"],
    ["LPOS", "l", "c", "RANK", "-1"],
    ["LPOS", "l", "c", "RANK", "-3"],
    ["LPOS", "l", "c", "RANK", "4"],
    ["LPOS", "l", "c", "RANK", "-4"],
    ["LPOS", "l", "c", "COUNT", "0"],
    ["LPOS", "l", "c", "COUNT", "2"],
    ["LPOS", "l", "c", "COUNT", "0", "RANK", "2"],
    ["LPOS", "l", "c", "COUNT", "0", "RANK", "-1"],
    ["LPOS", "l", "c", "COUNT", "1", "RANK", "-2"],
    ["LPOS", "l", "c", "RANK", "5", "COUNT", "0"],
    ["LPOS", "l", "nope", "COUNT", "0"],
    ["LPOS", "l", "c", "MAXLEN", "3"],
    ["LPOS", "l", "c", "MAXLEN", "2"],
    ["LPOS", "l", "c", "COUNT", "0", "MAXLEN", "7"],
    ["LPOS", "l", "c", "COUNT", "0", "MAXLEN", "1", "RANK", "-1"],
    ["LPOS", "l", "c", "MAXLEN", "0"],
    ["LPOS", "l", "c", "rank", "1", "count", "1", "maxlen", "100"],
    ["LPOS", "l", "c", "RANK", "1", "RANK", "-1"],
    ["LPOS", "l", "c", "RANK", LLONG_MAX],
    ["LPOS", "l", "c", "RANK", LLONG_MIN],
    ["LPOS", "l", "c", "RANK", LLONG_MIN, "COUNT", "1"],
    ["LPOS", "l", "c", "RANK", LLONG_MIN, "COUNT", "2", "MAXLEN", "2"],
    ["LPOS", "nokey", "c"],
    ["LPOS", "nokey", "c", "COUNT", "1"],
  ]);

  diffTest(pair, "LPOS errors", [
    ["RPUSH", "l", "a"],
    ["LPOS", "l", "a", "RANK", "0"],
    ["LPOS", "l", "a", "RANK", "abc"],
    ["LPOS", "l", "a", "COUNT", "-1"],
    ["LPOS", "l", "a", "COUNT", "abc"],
    ["LPOS", "l", "a", "MAXLEN", "-1"],
    ["LPOS", "l", "a", "MAXLEN", "x"],
    ["LPOS", "l", "a", "RANK"],
    ["LPOS", "l", "a", "COUNT"],
    ["LPOS", "l", "a", "FOO", "1"],
    ["LPOS", "l", "a", "1"],
    ["LPOS", "nokey", "a", "RANK", "0"],
    STRING_KEY,
    ["LPOS", "str", "a", "RANK", "0"],
    ["LPOS", "str", "a"],
    ["LPOS", "l"],
  ]);

  // --- LMOVE / RPOPLPUSH --------------------------------------------------------

  diffTest(pair, "LMOVE in every direction and RPOPLPUSH", [
    ["RPUSH", "src", "1", "2", "3", "4", "5"],
    ["LMOVE", "src", "dst", "LEFT", "LEFT"],
    ["LMOVE", "src", "dst", "LEFT", "RIGHT"],
    ["LMOVE", "src", "dst", "right", "left"],
    ["LMOVE", "src", "dst", "Right", "Right"],
    ["LRANGE", "src", "0", "-1"],
    ["LRANGE", "dst", "0", "-1"],
    ["RPOPLPUSH", "src", "dst"],
    ["EXISTS", "src"],
    ["RPOPLPUSH", "src", "dst"],
    ["LMOVE", "src", "dst", "LEFT", "LEFT"],
    ["LRANGE", "dst", "0", "-1"],
    ["LMOVE", "dst", "dst", "LEFT", "RIGHT"],
    ["RPOPLPUSH", "dst", "dst"],
    ["LRANGE", "dst", "0", "-1"],
    ["RPUSH", "one", "x"],
    ["LMOVE", "one", "one", "LEFT", "LEFT"],
    ["LRANGE", "one", "0", "-1"],
    ["LMOVE", "one", "fresh", "RIGHT", "LEFT"],
    ["EXISTS", "one"],
    ["LRANGE", "fresh", "0", "-1"],
    ["LMOVE", "fresh", "x", "UP", "LEFT"],
    ["LMOVE", "fresh", "x", "LEFT", "DOWN"],
    ["LMOVE", "nokey", "x", "UP", "LEFT"],
    ["LMOVE", "fresh", "x", "LEFT"],
    ["RPOPLPUSH", "fresh"],
  ]);

  // --- LMPOP ----------------------------------------------------------------------

  diffTest(pair, "LMPOP", [
    ["RPUSH", "b", "1", "2", "3", "4"],
    ["RPUSH", "c", "x"],
    ["LMPOP", "1", "b", "LEFT"],
    ["LMPOP", "1", "b", "RIGHT"],
    ["LMPOP", "3", "a", "b", "c", "LEFT", "COUNT", "10"],
    ["EXISTS", "b"],
    ["LMPOP", "2", "b", "c", "right", "count", "1"],
    ["LMPOP", "2", "b", "c", "LEFT"],
    ["EXISTS", "c"],
    ["RPUSH", "d", "1", "2", "3"],
    ["LMPOP", "1", "d", "RIGHT", "COUNT", "2"],
    ["LMPOP", "1", "d", "RIGHT", "COUNT", LLONG_MAX],
  ]);

  diffTest(pair, "LMPOP errors", [
    ["RPUSH", "l", "a"],
    ["LMPOP", "0", "l", "LEFT"],
    ["LMPOP", "-1", "l", "LEFT"],
    ["LMPOP", "abc", "l", "LEFT"],
    ["LMPOP", "2", "l", "LEFT"],
    ["LMPOP", "5", "l", "LEFT"],
    ["LMPOP", LLONG_MAX, "l", "LEFT"],
    ["LMPOP", "1", "l", "MIDDLE"],
    ["LMPOP", "1", "l", "LEFT", "COUNT"],
    ["LMPOP", "1", "l", "LEFT", "COUNT", "0"],
    ["LMPOP", "1", "l", "LEFT", "COUNT", "-1"],
    ["LMPOP", "1", "l", "LEFT", "COUNT", "abc"],
    ["LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "1"],
    ["LMPOP", "1", "l", "LEFT", "FOO"],
    ["LMPOP", "1", "l"],
    ["LMPOP", "1"],
    ["LLEN", "l"],
  ]);

  // --- WRONGTYPE ----------------------------------------------------------------

  diffTest(pair, "WRONGTYPE for every list command", [
    STRING_KEY,
    ["RPUSH", "l", "a"],
    ["LPUSH", "str", "a"],
    ["RPUSH", "str", "a"],
    ["LPUSHX", "str", "a"],
    ["RPUSHX", "str", "a"],
    ["LPOP", "str"],
    ["RPOP", "str", "2"],
    ["LPOP", "str", "0"],
    ["LLEN", "str"],
    ["LRANGE", "str", "0", "-1"],
    ["LINDEX", "str", "0"],
    ["LINDEX", "str", "abc"],
    ["LSET", "str", "0", "x"],
    ["LSET", "str", "abc", "x"],
    ["LINSERT", "str", "BEFORE", "a", "b"],
    ["LREM", "str", "0", "a"],
    ["LTRIM", "str", "0", "1"],
    ["LPOS", "str", "a"],
    ["LMOVE", "str", "l", "LEFT", "LEFT"],
    ["LMOVE", "l", "str", "LEFT", "LEFT"],
    ["LRANGE", "l", "0", "-1"],
    ["RPOPLPUSH", "str", "l"],
    ["RPOPLPUSH", "l", "str"],
    ["RPOPLPUSH", "nokey", "str"],
    ["LMPOP", "2", "nokey", "str", "LEFT"],
    ["LMPOP", "2", "l", "str", "LEFT"],
    ["RPUSH", "l", "a"],
    ["BLPOP", "str", "0"],
    ["BLPOP", "nokey", "str", "0"],
    ["BRPOP", "l", "str", "0"],
    ["BLMPOP", "0", "2", "nokey", "str", "LEFT"],
    ["BLMOVE", "str", "l", "LEFT", "LEFT", "0"],
    ["RPUSH", "l", "b"],
    ["BLMOVE", "l", "str", "LEFT", "LEFT", "0"],
    ["BRPOPLPUSH", "str", "l", "0"],
    ["GET", "str"],
    ["LRANGE", "l", "0", "-1"],
  ]);

  // --- blocking forms that don't block ----------------------------------------

  diffTest(pair, "BLPOP / BRPOP with data available", [
    ["RPUSH", "b", "1", "2", "3"],
    ["RPUSH", "c", "x"],
    ["BLPOP", "a", "b", "c", "0"],
    ["BRPOP", "a", "b", "c", "0"],
    ["BLPOP", "c", "b", "1"],
    ["BLPOP", "c", "b", "0.5"],
    ["EXISTS", "b", "c"],
    ["RPUSH", "d", "x"],
    ["BRPOP", "d", "d", "0"],
    ["BLPOP", "a", "0.01"],
    ["BRPOP", "a", "b", "0.02"],
  ]);

  diffTest(pair, "BLMPOP, BLMOVE, BRPOPLPUSH with data available", [
    ["RPUSH", "b", "1", "2", "3", "4"],
    ["BLMPOP", "0", "2", "a", "b", "LEFT"],
    ["BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2"],
    ["BLMPOP", "0.1", "1", "b", "LEFT", "COUNT", "9"],
    ["EXISTS", "b"],
    ["BLMPOP", "0.01", "1", "b", "LEFT"],
    ["RPUSH", "s", "1", "2", "3"],
    ["BLMOVE", "s", "d", "LEFT", "RIGHT", "0"],
    ["BLMOVE", "s", "d", "RIGHT", "LEFT", "0.5"],
    ["BRPOPLPUSH", "s", "d", "0"],
    ["EXISTS", "s"],
    ["LRANGE", "d", "0", "-1"],
    ["BLMOVE", "s", "d", "LEFT", "RIGHT", "0.01"],
    ["BRPOPLPUSH", "s", "d", "0.01"],
  ]);

  diffTest(pair, "blocking timeouts: parsing and errors", [
    ["BLPOP", "a", "abc"],
    ["BLPOP", "a", "-1"],
    ["BLPOP", "a", "-0.002"],
    ["BLPOP", "a", "-0.0015"],
    ["BLPOP", "a", "inf"],
    ["BLPOP", "a", "-inf"],
    ["BLPOP", "a", "+inf"],
    ["BLPOP", "a", "nan"],
    ["BLPOP", "a", "1e20"],
    ["BLPOP", "a", "1e5000"],
    ["BLPOP", "a", " 1"],
    ["BLPOP", "a", ""],
    ["BLPOP", "a", "9223372036854776"],
    ["BRPOP", "a", "x"],
    ["BLMPOP", "x", "1", "a", "LEFT"],
    ["BLMPOP", "-1", "1", "a", "LEFT"],
    ["BLMPOP", "x", "0", "a", "LEFT"],
    ["BLMPOP", "0", "1", "a", "MIDDLE"],
    ["BLMPOP", "0", "1", "a", "LEFT", "COUNT", "0"],
    ["BLMPOP", "0", "2", "a", "LEFT"],
    ["BLMOVE", "a", "b", "LEFT", "LEFT", "x"],
    ["BLMOVE", "a", "b", "UP", "LEFT", "x"],
    ["BLMOVE", "a", "b", "LEFT", "UP", "-1"],
    ["BRPOPLPUSH", "a", "b", "x"],
    ["BRPOPLPUSH", "a", "b", "-1"],
    ["BLPOP", "a"],
    ["BLMOVE", "a", "b", "LEFT", "LEFT"],
    ["BRPOPLPUSH", "a", "b"],
    ["BLMPOP", "0", "1", "a"],
    // Fractional timeouts that round up to a millisecond, and a tiny one.
    ["BLPOP", "a", "0.001"],
    ["BLPOP", "a", "0.0001"],
    ["BLPOP", "a", "1e-300"],
    ["BRPOPLPUSH", "a", "b", "0.001"],
    ["BLMOVE", "a", "b", "LEFT", "LEFT", "0.001"],
    ["BLMPOP", "0.001", "1", "a", "LEFT"],
  ]);

  // Redis computes (long long) ceill(seconds * 1000) in long double: "-0.001"
  // is -0.99999999999999999998 ms, whose ceiling is 0 (no timeout), while
  // "-0.002" is negative. So these block until served.
  testWithRedis("timeouts that round to 0 block until a push", async () => {
    const results: string[][] = [];
    for (const [port, c] of [
      [pair.redisPort, pair.redis],
      [pair.redbunPort, pair.redbun],
    ] as const) {
      await c.send("FLUSHALL");
      const out: string[] = [];
      for (const t of ["-0.001", "-0.0009", "-1e-3", "-0", "-0.9e-3"]) {
        const b = await RespClient.connect(port);
        const reply = b.send("BLPOP", "q", t);
        await waitBlocked(c, 1);
        await c.send("RPUSH", "q", t);
        out.push((await reply).bytes.toString("latin1"));
        b.close();
      }
      results.push(out);
    }
    expect(results[1]).toEqual(results[0]!);
  });

  diffTest(pair, "blocking forms inside MULTI/EXEC answer at once", [
    ["MULTI"],
    ["BLPOP", "a", "0"],
    ["BRPOP", "a", "b", "0"],
    ["BLMPOP", "0", "1", "a", "LEFT"],
    ["BLMOVE", "a", "b", "LEFT", "LEFT", "0"],
    ["BRPOPLPUSH", "a", "b", "0"],
    ["RPUSH", "a", "x", "y", "z", "w"],
    ["BLPOP", "a", "0"],
    ["BLMOVE", "a", "b", "RIGHT", "LEFT", "0"],
    ["BLMPOP", "0", "1", "a", "LEFT", "COUNT", "5"],
    ["BRPOPLPUSH", "a", "b", "0"],
    ["EXEC"],
    ["LRANGE", "b", "0", "-1"],
  ]);

  diffTest(pair, "RESP3 replies", [
    { cmd: ["HELLO", "3"], typeOnly: true },
    ["RPUSH", "l", "a", "b", "c"],
    ["LPOP", "l", "2"],
    ["LPOP", "nokey"],
    ["LPOP", "nokey", "2"],
    ["LINDEX", "l", "5"],
    ["LPOS", "l", "zz"],
    ["LPOS", "nokey", "zz", "COUNT", "0"],
    ["LMPOP", "1", "l", "LEFT"],
    ["LMPOP", "1", "nokey", "LEFT"],
    ["BLPOP", "nokey", "0.01"],
    ["BLMPOP", "0.01", "1", "nokey", "LEFT"],
    ["BLMOVE", "nokey", "x", "LEFT", "LEFT", "0.01"],
    ["BRPOPLPUSH", "nokey", "x", "0.01"],
    ["RPOPLPUSH", "nokey", "x"],
    ["MULTI"],
    ["BLPOP", "nokey", "0"],
    ["BRPOPLPUSH", "nokey", "x", "0"],
    ["EXEC"],
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);

  diffTest(pair, "CLIENT UNBLOCK arguments", [
    ["CLIENT", "UNBLOCK", "abc"],
    ["CLIENT", "UNBLOCK", "abc", "foo"],
    ["CLIENT", "UNBLOCK", "99999", "foo"],
    ["CLIENT", "UNBLOCK", "99999", "timeout", "x"],
    ["CLIENT", "UNBLOCK", "99999"],
    ["CLIENT", "UNBLOCK", "99999", "ERROR"],
    ["CLIENT", "UNBLOCK", "-1", "TIMEOUT"],
    ["CLIENT", "UNBLOCK", "99999999999999999999"],
    ["CLIENT", "UNBLOCK"],
  ]);

  diffTest(pair, "arity errors", [
    ["LPUSH", "l"],
    ["RPUSH", "l"],
    ["LPUSHX", "l"],
    ["RPUSHX"],
    ["LINSERT", "l", "BEFORE", "a", "b", "c"],
    ["LREM", "l", "0"],
    ["LTRIM", "l", "0", "1", "2"],
    ["LSET", "l", "0", "a", "b"],
    ["LMOVE", "a", "b", "LEFT", "LEFT", "x"],
    ["RPOPLPUSH", "a", "b", "c"],
    ["LMPOP", "1", "l"],
    ["BLPOP", "l"],
    ["BRPOP"],
    ["BLMOVE", "a", "b", "LEFT", "LEFT", "0", "x"],
    ["BRPOPLPUSH", "a", "b", "0", "x"],
    ["BLMPOP", "0", "1", "l"],
    ["LPOS", "l"],
  ]);

  testWithRedis("lists that expire behave as missing keys", async () => {
    const results: string[][] = [];
    for (const client of [pair.redis, pair.redbun]) {
      await client.send("FLUSHALL");
      await client.send("RPUSH", "l", "a", "b");
      await client.send("PEXPIRE", "l", "5");
      await Bun.sleep(30);
      const out: string[] = [];
      for (const c of [["LLEN", "l"], ["LPUSHX", "l", "x"], ["LRANGE", "l", "0", "-1"], ["LPOP", "l"], ["RPUSH", "l", "z"], ["TTL", "l"]]) {
        out.push((await client.send(...c)).bytes.toString("latin1"));
      }
      results.push(out);
    }
    expect(results[1]).toEqual(results[0]!);
  });

  testWithRedis("OBJECT ENCODING is quicklist at any size (Redis 7.0)", async () => {
    const steps = [
      ["RPUSH", "small", "a"],
      ["OBJECT", "ENCODING", "small"],
      ["RPUSH", "big", ...Array.from({ length: 1000 }, (_, i) => `element-${i}`)],
      ["OBJECT", "ENCODING", "big"],
      ["LTRIM", "big", "0", "0"],
      ["OBJECT", "ENCODING", "big"],
    ];
    await Promise.all([pair.redis.send("FLUSHALL"), pair.redbun.send("FLUSHALL")]);
    for (const s of steps) {
      const [a, b] = await Promise.all([pair.redis.send(...s), pair.redbun.send(...s)]);
      expect(b.bytes.toString("latin1")).toBe(a.bytes.toString("latin1"));
    }
  });

  testWithRedis("random operations on big lists stay identical", async () => {
    let s = 12345;
    const r = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 4294967296;
    };
    const pick = (n: number) => Math.floor(r() * n);
    const val = () => String.fromCharCode(97 + pick(4)) + (r() < 0.3 ? String(pick(3)) : "");
    await Promise.all([pair.redis.send("FLUSHALL"), pair.redbun.send("FLUSHALL")]);
    const init = Array.from({ length: 3000 }, () => val());
    await Promise.all([pair.redis.send("RPUSH", "l", ...init), pair.redbun.send("RPUSH", "l", ...init)]);
    const mismatches: string[] = [];
    for (let i = 0; i < 600; i++) {
      const idx = () => String(pick(4000) - 2000);
      const cmds: string[][] = [
        ["LPUSH", "l", val(), val()],
        ["RPUSH", "l", val()],
        ["LPOP", "l", String(pick(4))],
        ["RPOP", "l"],
        ["LINSERT", "l", r() < 0.5 ? "BEFORE" : "AFTER", val(), "ins"],
        ["LREM", "l", String(pick(5) - 2), val()],
        ["LSET", "l", idx(), "set"],
        ["LINDEX", "l", idx()],
        ["LRANGE", "l", idx(), idx()],
        ["LPOS", "l", val(), "RANK", String(pick(5) + 1), "COUNT", String(pick(3))],
        ["LMOVE", "l", "l", r() < 0.5 ? "LEFT" : "RIGHT", r() < 0.5 ? "LEFT" : "RIGHT"],
        ["LLEN", "l"],
      ];
      const cmd = cmds[pick(cmds.length)]!;
      const [a, b] = await Promise.all([pair.redis.send(...cmd), pair.redbun.send(...cmd)]);
      if (!a.bytes.equals(b.bytes)) mismatches.push(`${cmd.join(" ")}: ${a.bytes} vs ${b.bytes}`);
    }
    const [a, b] = await Promise.all([pair.redis.send("LRANGE", "l", "0", "-1"), pair.redbun.send("LRANGE", "l", "0", "-1")]);
    expect(mismatches).toEqual([]);
    expect(b.bytes.equals(a.bytes)).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Keyspace events.
// ---------------------------------------------------------------------------

describe("lists: keyspace events vs redis-server", () => {
  const pair = useDiffPair({ "notify-keyspace-events": "KEA" });

  testWithRedis("events of every list command", async () => {
    const script: string[][] = [
      ["RPUSH", "l", "a", "b", "c", "d"],
      ["LPUSH", "l", "z"],
      ["LPUSHX", "nokey", "x"],
      ["RPUSHX", "l", "e"],
      ["LPOP", "l"],
      ["RPOP", "l", "2"],
      ["LPOP", "l", "0"],
      ["LSET", "l", "0", "A"],
      ["LINSERT", "l", "BEFORE", "A", "B"],
      ["LINSERT", "l", "BEFORE", "nope", "B"],
      ["LREM", "l", "0", "nope"],
      ["LREM", "l", "1", "B"],
      ["LTRIM", "l", "0", "-1"],
      ["LMOVE", "l", "m", "LEFT", "RIGHT"],
      ["RPOPLPUSH", "l", "m"],
      ["LMOVE", "m", "m", "LEFT", "LEFT"],
      ["LMPOP", "1", "m", "RIGHT", "COUNT", "1"],
      ["BLPOP", "m", "0"],
      ["RPUSH", "n", "1", "2", "3"],
      ["BLMOVE", "n", "o", "LEFT", "LEFT", "0"],
      ["BRPOPLPUSH", "n", "o", "0"],
      ["BLMPOP", "0", "1", "n", "LEFT", "COUNT", "5"],
      ["LREM", "o", "0", "1"],
      ["LTRIM", "o", "1", "0"],
      ["RPUSH", "p", "x"],
      ["BRPOP", "p", "0"],
      ["RPUSH", "q", "x"],
      ["LREM", "q", "0", "x"],
    ];
    const results: string[][] = [];
    for (const port of [pair.redisPort, pair.redbunPort]) results.push(await keyeventMessages(port, script));
    expect(results[1]).toEqual(results[0]!);
    expect(results[0]!.length).toBeGreaterThan(20);
  });
});

// ---------------------------------------------------------------------------
// Propagation: what a replica of the reference server receives (seen through
// MONITOR on it) vs what redbun hands its Propagator (see
// test/helpers/propagation.ts).
// ---------------------------------------------------------------------------

describe("lists: propagation vs redis-server", () => {
  /**
   * propTest(name, commands | run): sends the commands (or runs `run`, which
   * gets the server's port and a connected client) on both servers, then
   * compares what was propagated since the previous sync mark.
   */
  const { propTest } = usePropagationHarness({ events: false });

  propTest("pushes, pops, edits and moves", [
    ["RPUSH", "l", "a", "b", "c", "d", "e", "f"],
    ["LPUSH", "l", "z"],
    ["LPUSHX", "nokey", "x"],
    ["RPUSHX", "l", "g"],
    ["LPOP", "l"],
    ["RPOP", "l", "2"],
    ["LPOP", "l", "0"],
    ["LPOP", "nokey"],
    ["LSET", "l", "0", "A"],
    ["LSET", "l", "99", "A"],
    ["LINSERT", "l", "AFTER", "A", "B"],
    ["LINSERT", "l", "AFTER", "nope", "B"],
    ["LREM", "l", "0", "B"],
    ["LREM", "l", "0", "nope"],
    ["LTRIM", "l", "0", "-1"],
    ["LTRIM", "nokey", "0", "-1"],
    ["LMOVE", "l", "m", "left", "RIGHT"],
    ["RPOPLPUSH", "l", "m"],
    ["LMOVE", "nokey", "m", "LEFT", "LEFT"],
  ]);

  propTest("LMPOP and the blocking forms that don't block are rewritten", [
    ["RPUSH", "l", "1", "2", "3", "4", "5", "6", "7", "8"],
    ["LMPOP", "2", "nokey", "l", "LEFT", "COUNT", "2"],
    ["LMPOP", "1", "l", "RIGHT", "COUNT", "1"],
    ["LMPOP", "1", "nokey", "RIGHT"],
    ["BLPOP", "nokey", "l", "0"],
    ["BRPOP", "l", "0"],
    ["BLMPOP", "0", "1", "l", "RIGHT", "COUNT", "1"],
    ["BLMOVE", "l", "m", "left", "Right", "0"],
    ["BRPOPLPUSH", "l", "m", "0"],
    ["BLMPOP", "0", "1", "m", "LEFT", "COUNT", "100"],
    ["RPUSH", "x", "1"],
    ["BLPOP", "x", "0.01"],
    ["BLPOP", "x", "0.01"],
  ]);

  /** Blocks `blocker` with `cmd`, then runs `trigger` from another client and waits for the reply. */
  const blocked =
    (cmd: string[], triggers: string[][]) =>
    async (port: number, c: RespClient): Promise<void> => {
      const b = await RespClient.connect(port);
      const reply = b.send(...cmd);
      await waitBlocked(c, 1);
      for (const t of triggers) await c.send(...t);
      await reply;
      b.close();
    };

  propTest("a served BLPOP propagates as LPOP after the push", blocked(["BLPOP", "q", "0"], [["RPUSH", "q", "a", "b"]]));
  propTest("a served BRPOP propagates as RPOP", blocked(["BRPOP", "q", "0"], [["LPUSH", "q", "a"]]));
  propTest(
    "a served BLMPOP propagates as LPOP key count",
    blocked(["BLMPOP", "0", "2", "q", "r", "LEFT", "COUNT", "5"], [["RPUSH", "r", "a", "b", "c"]]),
  );
  propTest(
    "a served BLMOVE propagates as LMOVE with lowercase directions",
    blocked(["BLMOVE", "q", "d", "LEFT", "RIGHT", "0"], [["RPUSH", "q", "a", "b"]]),
  );
  propTest("a served BRPOPLPUSH propagates as RPOPLPUSH", blocked(["BRPOPLPUSH", "q", "d", "0"], [["RPUSH", "q", "a", "b"]]));
});
