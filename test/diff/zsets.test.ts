// Differential tests: the sorted set commands (Redis 7.0's t_zset.c) against
// redis-server 7 — every command, its options and its errors, score
// formatting, RESP3 reply shapes, OBJECT ENCODING, and (at the end) what is
// propagated to replicas and the keyspace events.

import { describe, expect, test } from "bun:test";
import { diffTest, diffTestIf, has, hasRedis, requireRedisInCI, runSteps, type StepLike, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { usePropagationHarness } from "../helpers/propagation.ts";
import { scanPages, waitBlocked } from "../helpers/replies.ts";
import { type Resp, RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

const BIN = "\x00b\xffin\r\n";
const HI = "\xe9t\xe9";
const LONG64 = "m".repeat(64);
const LONG65 = "m".repeat(65);
/** HELLO's reply holds the connection id, which differs: compare its type only. */
const HELLO3: StepLike = { cmd: ["HELLO", "3"], typeOnly: true };
const HELLO2: StepLike = { cmd: ["HELLO", "2"], typeOnly: true };

/** Steps for every command of the group against a key of another type. */
const WRONGTYPE: StepLike[] = [
  ["SET", "str", "v"],
  ["ZADD", "str", "1", "a"],
  ["ZINCRBY", "str", "1", "a"],
  ["ZREM", "str", "a"],
  ["ZCARD", "str"],
  ["ZSCORE", "str", "a"],
  ["ZMSCORE", "str", "a"],
  ["ZRANK", "str", "a"],
  ["ZREVRANK", "str", "a"],
  ["ZCOUNT", "str", "-inf", "+inf"],
  ["ZLEXCOUNT", "str", "-", "+"],
  ["ZRANGE", "str", "0", "-1"],
  ["ZRANGESTORE", "dst", "str", "0", "-1"],
  ["ZREVRANGE", "str", "0", "-1"],
  ["ZRANGEBYSCORE", "str", "-inf", "+inf"],
  ["ZREVRANGEBYSCORE", "str", "+inf", "-inf"],
  ["ZRANGEBYLEX", "str", "-", "+"],
  ["ZREVRANGEBYLEX", "str", "+", "-"],
  ["ZREMRANGEBYRANK", "str", "0", "-1"],
  ["ZREMRANGEBYSCORE", "str", "-inf", "+inf"],
  ["ZREMRANGEBYLEX", "str", "-", "+"],
  ["ZPOPMIN", "str"],
  ["ZPOPMAX", "str", "2"],
  ["ZMPOP", "1", "str", "MIN"],
  ["ZMPOP", "2", "nokey", "str", "MAX"],
  ["ZRANDMEMBER", "str"],
  ["ZRANDMEMBER", "str", "2"],
  ["ZUNION", "1", "str"],
  ["ZINTER", "2", "nokey", "str"],
  ["ZDIFF", "1", "str"],
  ["ZUNIONSTORE", "dst", "1", "str"],
  ["ZINTERSTORE", "dst", "1", "str"],
  ["ZDIFFSTORE", "dst", "1", "str"],
  ["ZINTERCARD", "1", "str"],
  ["ZSCAN", "str", "0"],
  ["EXISTS", "dst"],
  ["GET", "str"],
];

/** Wrong numbers of arguments (the dispatcher's arity check, from the command table). */
const ARITY: StepLike[] = [
  ["ZADD", "z", "1"],
  ["ZINCRBY", "z", "1"],
  ["ZINCRBY", "z", "1", "a", "b"],
  ["ZREM", "z"],
  ["ZCARD"],
  ["ZCARD", "z", "x"],
  ["ZSCORE", "z"],
  ["ZMSCORE", "z"],
  ["ZRANK", "z"],
  ["ZREVRANK", "z", "a", "b"],
  ["ZCOUNT", "z", "0"],
  ["ZLEXCOUNT", "z", "-"],
  ["ZRANGE", "z", "0"],
  ["ZRANGESTORE", "d", "z", "0"],
  ["ZREVRANGE", "z", "0"],
  ["ZRANGEBYSCORE", "z", "0"],
  ["ZREVRANGEBYSCORE", "z", "0"],
  ["ZRANGEBYLEX", "z", "-"],
  ["ZREVRANGEBYLEX", "z", "+"],
  ["ZREMRANGEBYRANK", "z", "0"],
  ["ZREMRANGEBYSCORE", "z", "0", "1", "2"],
  ["ZREMRANGEBYLEX", "z", "-"],
  ["ZPOPMIN"],
  ["ZPOPMAX"],
  ["ZMPOP", "1", "z"],
  ["ZRANDMEMBER"],
  ["ZUNION", "1"],
  ["ZINTER", "1"],
  ["ZDIFF", "1"],
  ["ZUNIONSTORE", "d", "1"],
  ["ZINTERSTORE", "d", "1"],
  ["ZDIFFSTORE", "d", "1"],
  ["ZINTERCARD", "1"],
  ["ZSCAN", "z"],
];

describe("zsets", () => {
  const pair = useDiffPair();

  // --- ZADD / ZINCRBY ------------------------------------------------------

  diffTest(pair, "ZADD basics", [
    ["ZADD", "z", "1", "a"],
    ["ZADD", "z", "2", "b", "3", "c", "1", "a"],
    ["ZADD", "z", "5", "a", "5", "a", "6", "a"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["ZADD", "z", "1", ""],
    ["ZADD", "z", "1", BIN, "1", HI],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["ZCARD", "z"],
    ["zadd", "z", "7", "d"],
    ["TYPE", "z"],
  ]);

  diffTest(pair, "ZADD NX XX GT LT CH", [
    ["ZADD", "z", "1", "a", "2", "b"],
    ["ZADD", "z", "NX", "10", "a", "3", "c"],
    ["ZADD", "z", "XX", "10", "a", "4", "d"],
    ["ZADD", "z", "XX", "CH", "11", "a", "4", "d"],
    ["ZADD", "z", "CH", "11", "a", "5", "b", "6", "e"],
    ["ZADD", "z", "GT", "CH", "1", "a", "20", "b", "7", "f"],
    ["ZADD", "z", "LT", "CH", "1", "a", "30", "b", "8", "g"],
    ["ZADD", "z", "GT", "XX", "CH", "100", "a", "100", "zz"],
    ["ZADD", "z", "lt", "xx", "ch", "-100", "a"],
    ["ZADD", "z", "nx", "ch", "0", "a", "0", "new"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["ZADD", "nokey", "XX", "1", "a"],
    ["ZADD", "nokey", "XX", "CH", "1", "a"],
    ["EXISTS", "nokey"],
    ["ZADD", "z", "CH", "CH", "CH", "1", "a"],
    ["ZADD", "z", "GT", "GT", "5", "a"],
  ]);

  diffTest(pair, "ZADD INCR and ZINCRBY", [
    ["ZADD", "z", "INCR", "1", "a"],
    ["ZADD", "z", "INCR", "2.5", "a"],
    ["ZADD", "z", "INCR", "NX", "1", "a"],
    ["ZADD", "z", "INCR", "NX", "1", "b"],
    ["ZADD", "z", "INCR", "XX", "1", "c"],
    ["ZADD", "z", "INCR", "XX", "1", "a"],
    ["ZADD", "z", "INCR", "GT", "-1", "a"],
    ["ZADD", "z", "INCR", "GT", "1", "a"],
    ["ZADD", "z", "INCR", "LT", "1", "a"],
    ["ZADD", "z", "INCR", "LT", "-10", "a"],
    ["ZADD", "z", "INCR", "CH", "0", "a"],
    ["ZADD", "nokey", "INCR", "XX", "1", "a"],
    ["ZINCRBY", "z", "1", "a"],
    ["ZINCRBY", "z", "-1.5", "a"],
    ["ZINCRBY", "z", "0", "a"],
    ["ZINCRBY", "z", "5", "new"],
    ["ZINCRBY", "newkey", "5", "m"],
    ["ZINCRBY", "z", "inf", "a"],
    ["ZINCRBY", "z", "1", "a"],
    ["ZINCRBY", "z", "-inf", "a"],
    ["ZADD", "z", "INCR", "-inf", "a"],
    ["ZSCORE", "z", "a"],
    ["ZINCRBY", "z", "nan", "a"],
    ["ZINCRBY", "z", "abc", "a"],
    ["ZINCRBY", "z", "", "a"],
    ["ZINCRBY", "z", "1e400", "a"],
    // The increment is parsed as an option first, as in Redis.
    ["ZINCRBY", "z", "nx", "a"],
    ["ZINCRBY", "z", "incr", "a"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
  ]);

  diffTest(pair, "ZADD errors", [
    ["ZADD", "z", "1", "a"],
    ["ZADD", "z", "1", "a", "2"],
    ["ZADD", "z", "NX"],
    ["ZADD", "z", "NX", "1"],
    ["ZADD", "z", "x", "a"],
    ["ZADD", "z", "1", "a", "x", "b"],
    ["ZADD", "z", "nan", "a"],
    ["ZADD", "z", "1e400", "a"],
    ["ZADD", "z", " 1", "a"],
    ["ZADD", "z", "1 ", "a"],
    ["ZADD", "z", "", "a"],
    ["ZADD", "z", "1\x00", "a"],
    ["ZADD", "z", "NX", "XX", "1", "a"],
    ["ZADD", "z", "XX", "NX", "INCR", "1", "a", "2", "b"],
    ["ZADD", "z", "GT", "LT", "1", "a"],
    ["ZADD", "z", "GT", "NX", "1", "a"],
    ["ZADD", "z", "LT", "NX", "1", "a"],
    ["ZADD", "z", "INCR", "1", "a", "2", "b"],
    ["ZADD", "z", "INCR", "GT", "LT", "1", "a", "2", "b"],
    ["ZADD", "z", "FOO", "1", "a"],
    ["ZADD", "z", "1", "a", "NX"],
    // Scores are all parsed before anything is added.
    ["ZADD", "z", "5", "b", "bad", "c"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
  ]);

  diffTest(pair, "score formatting", [
    ["ZADD", "z", "0.1", "a", "1e100", "b", "-0", "c", "inf", "d", "3.0", "e", "1.5e-7", "f"],
    ["ZADD", "z", "-inf", "g", "+inf", "h", "-1e-300", "i", "1e17", "j", "9007199254740993", "k"],
    ["ZADD", "z", "12345678901234567890", "l", "0x10", "m", "1e-320", "n", "-2.5", "o", "1.7976931348623157e308", "p"],
    ["ZADD", "z", "123456789012345", "q", "0.30000000000000004", "r", "100", "s", "-INF", "t", "Infinity", "u", "1E3", "v"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["ZSCORE", "z", "a"],
    ["ZSCORE", "z", "c"],
    ["ZSCORE", "z", "d"],
    ["ZSCORE", "z", "f"],
    ["ZSCORE", "z", "n"],
    ["ZMSCORE", "z", "a", "b", "c", "d", "e", "f", "g", "nope", "j", "k", "l", "m", "n"],
    ["ZSCAN", "z", "0"],
    ["ZINCRBY", "z", "0.2", "a"],
    ["ZINCRBY", "z", "1", "f"],
    ["ZINCRBY", "z", "-1e100", "b"],
    HELLO3,
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["ZSCORE", "z", "a"],
    ["ZSCORE", "z", "d"],
    ["ZSCORE", "z", "g"],
    ["ZMSCORE", "z", "a", "nope", "c"],
    ["ZINCRBY", "z", "1", "e"],
    ["ZADD", "z", "INCR", "1", "e"],
    ["ZADD", "z", "INCR", "NX", "1", "e"],
    ["ZSCORE", "z", "nope"],
    ["ZSCORE", "nokey", "a"],
    HELLO2,
  ]);

  // --- ZREM / ZCARD / ZSCORE / ZMSCORE / ZRANK -------------------------------

  diffTest(pair, "ZREM, ZCARD, ZSCORE, ZMSCORE", [
    ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
    ["ZREM", "z", "a", "x", "a"],
    ["ZREM", "z", "x"],
    ["ZCARD", "z"],
    ["ZCARD", "nokey"],
    ["ZSCORE", "z", "b"],
    ["ZSCORE", "z", "a"],
    ["ZSCORE", "nokey", "a"],
    ["ZMSCORE", "z", "b", "a", "c"],
    ["ZMSCORE", "nokey", "a", "b"],
    ["ZREM", "z", "b", "c", "d"],
    ["EXISTS", "z"],
    ["ZREM", "nokey", "a"],
    ["ZADD", "z", "1", "a", "2", "b"],
    ["ZREM", "z", "a", "b", "a"],
    ["EXISTS", "z"],
  ]);

  diffTest(pair, "ZRANK and ZREVRANK", [
    ["ZADD", "z", "1", "a", "2", "b", "2", "c", "3", "d", "-inf", "e", "inf", "f"],
    ["ZRANK", "z", "a"],
    ["ZRANK", "z", "c"],
    ["ZRANK", "z", "e"],
    ["ZRANK", "z", "f"],
    ["ZRANK", "z", "x"],
    ["ZRANK", "nokey", "a"],
    ["ZREVRANK", "z", "a"],
    ["ZREVRANK", "z", "f"],
    ["ZREVRANK", "z", "x"],
    ["ZREVRANK", "nokey", "x"],
    ["ZRANK", "z", "a", "WITHSCORE"],
    HELLO3,
    ["ZRANK", "z", "x"],
    ["ZREVRANK", "z", "b"],
    HELLO2,
  ]);

  // --- ZCOUNT / ZLEXCOUNT ------------------------------------------------------

  diffTest(pair, "ZCOUNT and score range syntax", [
    ["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "-inf", "ninf", "inf", "pinf"],
    ["ZCOUNT", "z", "-inf", "+inf"],
    ["ZCOUNT", "z", "2", "4"],
    ["ZCOUNT", "z", "(2", "4"],
    ["ZCOUNT", "z", "2", "(4"],
    ["ZCOUNT", "z", "(2", "(4"],
    ["ZCOUNT", "z", "(2", "(2"],
    ["ZCOUNT", "z", "2", "2"],
    ["ZCOUNT", "z", "4", "2"],
    ["ZCOUNT", "z", "(-inf", "(inf"],
    ["ZCOUNT", "z", "-inf", "-inf"],
    ["ZCOUNT", "z", "100", "200"],
    ["ZCOUNT", "z", "", ""],
    ["ZCOUNT", "z", "(", "3"],
    ["ZCOUNT", "z", " 2", "\t4"],
    ["ZCOUNT", "z", "1e400", "-1e400"],
    ["ZCOUNT", "z", "-1e400", "1e400"],
    ["ZCOUNT", "z", "0x1", "0x4"],
    ["ZCOUNT", "z", "3\x00junk", "4"],
    ["ZCOUNT", "z", "1", "x"],
    ["ZCOUNT", "z", "x", "1"],
    ["ZCOUNT", "z", "nan", "1"],
    ["ZCOUNT", "z", "1", "(nan"],
    ["ZCOUNT", "z", "1 ", "2"],
    ["ZCOUNT", "z", "  ", "2"],
    ["ZCOUNT", "z", "[1", "2"],
    ["ZCOUNT", "nokey", "0", "1"],
    ["ZCOUNT", "nokey", "x", "1"],
  ]);

  diffTest(pair, "ZLEXCOUNT and lex range syntax", [
    ["ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "", "0", HI, "0", "aa"],
    ["ZLEXCOUNT", "z", "-", "+"],
    ["ZLEXCOUNT", "z", "+", "-"],
    ["ZLEXCOUNT", "z", "-", "-"],
    ["ZLEXCOUNT", "z", "+", "+"],
    ["ZLEXCOUNT", "z", "[a", "[c"],
    ["ZLEXCOUNT", "z", "(a", "[c"],
    ["ZLEXCOUNT", "z", "(a", "(c"],
    ["ZLEXCOUNT", "z", "[", "(b"],
    ["ZLEXCOUNT", "z", "(", "+"],
    ["ZLEXCOUNT", "z", "[\xe0", "+"],
    ["ZLEXCOUNT", "z", "[c", "[a"],
    ["ZLEXCOUNT", "z", "[a", "[a"],
    ["ZLEXCOUNT", "z", "(a", "[a"],
    ["ZLEXCOUNT", "z", "a", "[c"],
    ["ZLEXCOUNT", "z", "[a", "c"],
    ["ZLEXCOUNT", "z", "", "+"],
    ["ZLEXCOUNT", "z", "-x", "+"],
    ["ZLEXCOUNT", "z", "-", "+x"],
    ["ZLEXCOUNT", "z", "-\x00x", "+"],
    ["ZLEXCOUNT", "nokey", "-", "+"],
    ["ZLEXCOUNT", "nokey", "x", "+"],
  ]);

  // --- ZRANGE family -----------------------------------------------------------

  const ranged: StepLike[] = [
    ["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "5", "f", "6", "g", "-1", "h"],
    ["ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "f", "0", "g"],
  ];

  diffTest(pair, "ZRANGE by rank, ZREVRANGE", [
    ...ranged,
    ["ZRANGE", "z", "0", "-1"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["ZRANGE", "z", "2", "4"],
    ["ZRANGE", "z", "-3", "-1"],
    ["ZRANGE", "z", "-100", "100"],
    ["ZRANGE", "z", "5", "2"],
    ["ZRANGE", "z", "8", "10"],
    ["ZRANGE", "z", "-1", "-2"],
    ["ZRANGE", "z", "0", "0", "withscores"],
    ["ZRANGE", "z", "0", "-1", "REV"],
    ["ZRANGE", "z", "1", "3", "REV", "WITHSCORES"],
    ["ZRANGE", "z", "-9223372036854775808", "9223372036854775807"],
    ["ZREVRANGE", "z", "0", "-1"],
    ["ZREVRANGE", "z", "0", "2", "WITHSCORES"],
    ["ZREVRANGE", "z", "-2", "-1"],
    ["ZRANGE", "nokey", "0", "-1"],
    ["ZRANGE", "z", "a", "1"],
    ["ZRANGE", "z", "0", "1.5"],
    ["ZRANGE", "z", "0", "9223372036854775808"],
    ["ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"],
    ["ZRANGE", "z", "0", "-1", "FOO"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES", "FOO"],
    ["ZREVRANGE", "z", "0", "-1", "REV"],
    ["ZREVRANGE", "z", "0", "-1", "BYSCORE"],
    ["ZREVRANGE", "z", "0", "-1", "LIMIT", "0", "1"],
    ["ZRANGE", "z", "0", "-1", "REV", "REV"],
  ]);

  diffTest(pair, "ZRANGE BYSCORE, ZRANGEBYSCORE, ZREVRANGEBYSCORE", [
    ...ranged,
    ["ZRANGE", "z", "2", "5", "BYSCORE"],
    ["ZRANGE", "z", "(2", "(5", "BYSCORE", "WITHSCORES"],
    ["ZRANGE", "z", "5", "2", "BYSCORE", "REV"],
    ["ZRANGE", "z", "5", "(2", "BYSCORE", "REV", "WITHSCORES"],
    ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "3"],
    ["ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "1", "3"],
    ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "-1"],
    ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "2", "-5"],
    ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "3"],
    ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "0"],
    ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "7", "5"],
    ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "8", "5"],
    ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "100", "5"],
    ["ZRANGE", "z", "4", "5", "BYSCORE", "LIMIT", "2", "5"],
    ["ZRANGE", "z", "4", "5", "BYSCORE", "LIMIT", "1", "5", "REV"],
    ["ZRANGE", "z", "-inf", "+inf", "LIMIT", "1", "2", "BYSCORE", "WITHSCORES", "REV"],
    ["ZRANGEBYSCORE", "z", "-inf", "+inf"],
    ["ZRANGEBYSCORE", "z", "2", "5", "WITHSCORES"],
    ["ZRANGEBYSCORE", "z", "(1", "5", "LIMIT", "1", "2"],
    ["ZRANGEBYSCORE", "z", "(1", "5", "LIMIT", "1", "2", "WITHSCORES"],
    ["ZRANGEBYSCORE", "z", "(1", "5", "LIMIT", "1", "2", "LIMIT", "0", "1"],
    ["ZRANGEBYSCORE", "z", "5", "1"],
    ["ZRANGEBYSCORE", "z", "10", "20"],
    ["ZRANGEBYSCORE", "z", "-20", "-10"],
    ["ZREVRANGEBYSCORE", "z", "+inf", "-inf"],
    ["ZREVRANGEBYSCORE", "z", "5", "(2", "WITHSCORES"],
    ["ZREVRANGEBYSCORE", "z", "5", "2", "LIMIT", "1", "1"],
    ["ZREVRANGEBYSCORE", "z", "2", "5"],
    ["ZRANGEBYSCORE", "nokey", "0", "1"],
    ["ZRANGEBYSCORE", "z", "x", "1"],
    ["ZRANGEBYSCORE", "nokey", "x", "1"],
    ["ZRANGEBYSCORE", "z", "0", "1", "LIMIT", "x", "1"],
    ["ZRANGEBYSCORE", "z", "0", "1", "LIMIT", "0", "x"],
    ["ZRANGEBYSCORE", "z", "0", "1", "LIMIT", "0"],
    ["ZRANGEBYSCORE", "z", "0", "1", "LIMIT"],
    ["ZRANGEBYSCORE", "z", "0", "1", "BYSCORE"],
    ["ZRANGEBYSCORE", "z", "0", "1", "REV"],
    ["ZRANGEBYSCORE", "z", "0", "1", "FOO"],
    ["ZRANGE", "z", "x", "1", "BYSCORE"],
    ["ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX"],
    ["ZRANGE", "z", "0", "1", "BYSCORE", "BYSCORE"],
  ]);

  diffTest(pair, "ZRANGE BYLEX, ZRANGEBYLEX, ZREVRANGEBYLEX", [
    ...ranged,
    ["ZRANGE", "lex", "-", "+", "BYLEX"],
    ["ZRANGE", "lex", "[b", "(e", "BYLEX"],
    ["ZRANGE", "lex", "(e", "[b", "BYLEX", "REV"],
    ["ZRANGE", "lex", "-", "+", "BYLEX", "LIMIT", "2", "3"],
    ["ZRANGE", "lex", "+", "-", "BYLEX", "REV", "LIMIT", "2", "3"],
    ["ZRANGE", "lex", "-", "+", "BYLEX", "LIMIT", "-1", "3"],
    ["ZRANGE", "lex", "-", "+", "BYLEX", "LIMIT", "1", "-1"],
    ["ZRANGE", "lex", "-", "+", "BYLEX", "LIMIT", "7", "1"],
    ["ZRANGE", "lex", "-", "+", "BYLEX", "WITHSCORES"],
    ["ZRANGE", "lex", "-", "+", "WITHSCORES", "BYLEX"],
    ["ZRANGEBYLEX", "lex", "-", "+"],
    ["ZRANGEBYLEX", "lex", "[aa", "(d"],
    ["ZRANGEBYLEX", "lex", "(a", "[g", "LIMIT", "1", "2"],
    ["ZRANGEBYLEX", "lex", "+", "-"],
    ["ZRANGEBYLEX", "lex", "[z", "+"],
    ["ZRANGEBYLEX", "lex", "-", "+", "WITHSCORES"],
    ["ZREVRANGEBYLEX", "lex", "+", "-"],
    ["ZREVRANGEBYLEX", "lex", "[e", "(b"],
    ["ZREVRANGEBYLEX", "lex", "+", "-", "LIMIT", "1", "2"],
    ["ZREVRANGEBYLEX", "lex", "-", "+"],
    ["ZRANGEBYLEX", "lex", "a", "+"],
    ["ZRANGEBYLEX", "lex", "-", "b"],
    ["ZRANGEBYLEX", "nokey", "-", "+"],
    ["ZRANGEBYLEX", "nokey", "x", "+"],
    ["ZRANGEBYLEX", "lex", "-", "+", "LIMIT", "0", "x"],
    ["ZRANGE", "lex", "a", "b", "BYLEX"],
  ]);

  diffTest(pair, "LIMIT with large offsets (rank jumps) forward and reverse", [
    ["ZADD", "z", ...Array.from({ length: 200 }, (_, i) => [String(Math.floor(i / 3)), "m" + String(i).padStart(3, "0")]).flat()],
    ["ZADD", "lex", ...Array.from({ length: 200 }, (_, i) => ["0", "k" + String(i).padStart(3, "0")]).flat()],
    ...[0, 1, 31, 32, 33, 40, 100, 150, 189, 199, 200, 250].flatMap((off): StepLike[] => [
      ["ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", String(off), "3", "WITHSCORES"],
      ["ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", String(off), "3"],
      ["ZRANGE", "z", "(10", "50", "BYSCORE", "LIMIT", String(off), "5"],
      ["ZRANGE", "z", "50", "(10", "BYSCORE", "REV", "LIMIT", String(off), "-1"],
      ["ZRANGE", "lex", "[k050", "(k150", "BYLEX", "LIMIT", String(off), "4"],
      ["ZRANGE", "lex", "(k150", "[k050", "BYLEX", "REV", "LIMIT", String(off), "4"],
      ["ZRANGEBYSCORE", "z", "5", "60", "LIMIT", String(off), "2"],
      ["ZREVRANGEBYLEX", "lex", "+", "-", "LIMIT", String(off), "2"],
    ]),
    ["ZRANGESTORE", "d", "z", "10", "60", "BYSCORE", "LIMIT", "40", "7"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
  ]);

  // Unspecified by the documentation, but deterministic for a listpack:
  // lex ranges over mixed scores scan from one end.
  diffTest(pair, "lex ranges over mixed scores in a listpack", [
    ["ZADD", "mix", "1", "d", "2", "a", "3", "c", "4", "b", "5", "f", "6", "e", "7", "a2"],
    ["ZRANGEBYLEX", "mix", "[b", "[d"],
    ["ZRANGEBYLEX", "mix", "(a", "+"],
    ["ZREVRANGEBYLEX", "mix", "[e", "[b"],
    ["ZRANGE", "mix", "[b", "[f", "BYLEX", "LIMIT", "1", "10"],
    ["ZLEXCOUNT", "mix", "[b", "[e"],
    ["ZLEXCOUNT", "mix", "-", "[c"],
    ["ZLEXCOUNT", "mix", "[c", "+"],
    ["ZREMRANGEBYLEX", "mix", "[c", "[e"],
    ["ZRANGE", "mix", "0", "-1"],
  ]);

  diffTest(pair, "ZRANGESTORE", [
    ...ranged,
    ["ZRANGESTORE", "dst", "z", "0", "-1"],
    ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
    ["ZRANGESTORE", "dst", "z", "1", "2", "REV"],
    ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
    ["ZRANGESTORE", "dst", "z", "(1", "5", "BYSCORE", "LIMIT", "1", "2"],
    ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
    ["ZRANGESTORE", "dst", "z", "5", "(1", "BYSCORE", "REV"],
    ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
    ["ZRANGESTORE", "dst", "lex", "[b", "[d", "BYLEX"],
    ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
    ["ZRANGESTORE", "dst", "z", "0", "-1", "WITHSCORES"],
    ["ZRANGESTORE", "dst", "z", "0", "-1", "LIMIT", "0", "1"],
    ["ZRANGESTORE", "dst", "z", "x", "1"],
    ["ZRANGESTORE", "z", "z", "0", "2"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["SET", "dst", "string"],
    ["EXPIRE", "dst", "100"],
    ["ZRANGESTORE", "dst", "z", "0", "0"],
    ["TTL", "dst"],
    ["ZRANGESTORE", "dst", "z", "10", "20"],
    ["EXISTS", "dst"],
    ["ZRANGESTORE", "dst", "nokey", "0", "-1"],
    ["ZRANGESTORE", "dst", "nokey", "0", "-1"],
  ]);

  // --- ZREMRANGEBY* ------------------------------------------------------------

  diffTest(pair, "ZREMRANGEBYRANK, BYSCORE, BYLEX", [
    ...ranged,
    ["ZREMRANGEBYRANK", "z", "0", "0"],
    ["ZRANGE", "z", "0", "-1"],
    ["ZREMRANGEBYRANK", "z", "-2", "-1"],
    ["ZRANGE", "z", "0", "-1"],
    ["ZREMRANGEBYRANK", "z", "5", "2"],
    ["ZREMRANGEBYRANK", "z", "100", "200"],
    ["ZREMRANGEBYRANK", "z", "x", "1"],
    ["ZREMRANGEBYRANK", "nokey", "0", "1"],
    ["ZREMRANGEBYSCORE", "z", "(2", "4"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["ZREMRANGEBYSCORE", "z", "10", "20"],
    ["ZREMRANGEBYSCORE", "z", "x", "20"],
    ["ZREMRANGEBYSCORE", "nokey", "x", "20"],
    ["ZREMRANGEBYSCORE", "z", "-inf", "+inf"],
    ["EXISTS", "z"],
    ["ZREMRANGEBYLEX", "lex", "[b", "(d"],
    ["ZRANGE", "lex", "0", "-1"],
    ["ZREMRANGEBYLEX", "lex", "(x", "+"],
    ["ZREMRANGEBYLEX", "lex", "x", "+"],
    ["ZREMRANGEBYLEX", "lex", "-", "+"],
    ["EXISTS", "lex"],
    ["ZREMRANGEBYLEX", "nokey", "-", "+"],
    ["ZADD", "r", "1", "a", "2", "b"],
    ["ZREMRANGEBYRANK", "r", "-100", "100"],
    ["EXISTS", "r"],
  ]);

  // --- ZPOPMIN / ZPOPMAX / ZMPOP -----------------------------------------------

  diffTest(pair, "ZPOPMIN and ZPOPMAX", [
    ["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"],
    ["ZPOPMIN", "z"],
    ["ZPOPMAX", "z"],
    ["ZPOPMIN", "z", "2"],
    ["ZPOPMAX", "z", "0"],
    ["ZPOPMAX", "z", "10"],
    ["EXISTS", "z"],
    ["ZPOPMIN", "nokey"],
    ["ZPOPMIN", "nokey", "3"],
    ["ZADD", "z", "1", "a"],
    ["ZPOPMIN", "z", "-1"],
    ["ZPOPMIN", "z", "x"],
    ["ZPOPMIN", "z", "1", "2"],
    ["ZPOPMAX", "z", "9223372036854775807"],
    ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
    HELLO3,
    ["ZPOPMIN", "z"],
    ["ZPOPMAX", "z", "1"],
    ["ZPOPMAX", "z", "5"],
    ["ZPOPMIN", "nokey"],
    ["ZPOPMIN", "nokey", "2"],
    HELLO2,
  ]);

  diffTest(pair, "ZMPOP", [
    ["ZADD", "z1", "1", "a", "2", "b", "3", "c"],
    ["ZADD", "z2", "10", "x", "20", "y"],
    ["ZMPOP", "1", "z1", "MIN"],
    ["ZMPOP", "1", "z1", "MAX", "COUNT", "1"],
    ["ZMPOP", "2", "nokey", "z2", "min", "count", "10"],
    ["EXISTS", "z2"],
    ["ZMPOP", "3", "nokey", "z2", "z1", "MAX", "COUNT", "5"],
    ["ZMPOP", "2", "nokey", "z1", "MIN"],
    ["ZADD", "z1", "1", "a"],
    ["ZMPOP", "0", "z1", "MIN"],
    ["ZMPOP", "-1", "z1", "MIN"],
    ["ZMPOP", "x", "z1", "MIN"],
    ["ZMPOP", "2", "z1", "MIN"],
    ["ZMPOP", "1", "z1", "FOO"],
    ["ZMPOP", "1", "z1", "MIN", "COUNT"],
    ["ZMPOP", "1", "z1", "MIN", "COUNT", "0"],
    ["ZMPOP", "1", "z1", "MIN", "COUNT", "-1"],
    ["ZMPOP", "1", "z1", "MIN", "COUNT", "x"],
    ["ZMPOP", "1", "z1", "MIN", "COUNT", "1", "COUNT", "1"],
    ["ZMPOP", "1", "z1", "MIN", "FOO"],
    ["ZMPOP", "1", "nokey", "MIN", "FOO"],
    ["ZADD", "z1", "1", "a", "2", "b"],
    HELLO3,
    ["ZMPOP", "1", "z1", "MIN"],
    ["ZMPOP", "1", "z1", "MAX", "COUNT", "3"],
    ["ZMPOP", "1", "z1", "MAX"],
    HELLO2,
  ]);

  // --- ZRANDMEMBER (random: properties) ------------------------------------------

  diffTest(pair, "ZRANDMEMBER deterministic cases and errors", [
    ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
    ["ZADD", "one", "7", "only"],
    ["ZRANDMEMBER", "one"],
    ["ZRANDMEMBER", "one", "1"],
    ["ZRANDMEMBER", "one", "-3"],
    ["ZRANDMEMBER", "one", "-2", "WITHSCORES"],
    ["ZRANDMEMBER", "z", "0"],
    ["ZRANDMEMBER", "z", "0", "WITHSCORES"],
    // The whole set comes back from the highest score down.
    ["ZRANDMEMBER", "z", "3"],
    ["ZRANDMEMBER", "z", "100", "WITHSCORES"],
    ["ZRANDMEMBER", "nokey"],
    ["ZRANDMEMBER", "nokey", "5"],
    ["ZRANDMEMBER", "nokey", "-5", "WITHSCORES"],
    ["ZRANDMEMBER", "z", "x"],
    ["ZRANDMEMBER", "z", "1", "FOO"],
    ["ZRANDMEMBER", "z", "1", "WITHSCORES", "x"],
    ["ZRANDMEMBER", "z", "-9223372036854775808"],
    ["ZRANDMEMBER", "z", "9223372036854775807", "WITHSCORES"],
    ["ZRANDMEMBER", "z", "-9223372036854775807", "WITHSCORES"],
    ["ZRANDMEMBER", "z", "4611686018427387904", "WITHSCORES"],
    ["ZRANDMEMBER", "nokey", "9223372036854775807", "WITHSCORES"],
    HELLO3,
    ["ZRANDMEMBER", "nokey"],
    ["ZRANDMEMBER", "one", "-2", "WITHSCORES"],
    ["ZRANDMEMBER", "z", "3", "WITHSCORES"],
    HELLO2,
  ]);

  testWithRedis("ZRANDMEMBER random draws", async () => {
    await runSteps(pair, [["FLUSHALL"]]);
    const members = Array.from({ length: 20 }, (_, i) => "m" + i);
    const big = Array.from({ length: 300 }, (_, i) => "b" + i);
    const setup = [
      ["ZADD", "small", ...members.flatMap((m, i) => [String(i / 2), m])],
      ["ZADD", "big", ...big.flatMap((m, i) => [String(i), m])],
    ];
    for (const client of [pair.redis, pair.redbun]) {
      for (const s of setup) await client.send(...s);
      for (const key of ["small", "big"]) {
        const all = key === "small" ? members : big;
        const scoreOf = (m: string) => (key === "small" ? all.indexOf(m) / 2 : all.indexOf(m));
        // Single draws.
        for (let i = 0; i < 20; i++) {
          const r = await client.send("ZRANDMEMBER", key);
          expect(r.resp.t).toBe("bulk");
          expect(all).toContain((r.resp as { v: string }).v);
        }
        // Distinct draws: count elements, no repeats; a few from a listpack
        // come in its order (Redis's case 4), more come in hash order.
        for (const count of [1, 5, 19, 150]) {
          const r = await client.send("ZRANDMEMBER", key, String(count), "WITHSCORES");
          const v = flat(r.resp);
          const n = Math.min(count, all.length);
          expect(v.length).toBe(n * 2);
          const got = v.filter((_, i) => i % 2 === 0);
          expect(new Set(got).size).toBe(n);
          for (let i = 0; i < v.length; i += 2) expect(Number(v[i + 1])).toBe(scoreOf(v[i]!));
          if (key === "small" && count * 3 <= all.length) expect(got).toEqual([...got].sort((a, b) => all.indexOf(a) - all.indexOf(b)));
        }
        // Draws with repetitions.
        const r = await client.send("ZRANDMEMBER", key, "-50");
        const v = flat(r.resp);
        expect(v.length).toBe(50);
        for (const m of v) expect(all).toContain(m);
      }
    }
    // Over many draws every member comes up (redbun only: the point is uniformity).
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) for (const m of flat((await pair.redbun.send("ZRANDMEMBER", "small", "-20")).resp)) seen.add(m);
    expect(seen.size).toBe(20);
  });

  // --- ZUNION / ZINTER / ZDIFF / *STORE / ZINTERCARD --------------------------

  const opsSetup: StepLike[] = [
    ["ZADD", "z1", "1", "a", "2", "b", "3", "c", "4", "d"],
    ["ZADD", "z2", "10", "b", "20", "c", "30", "e"],
    ["ZADD", "z3", "100", "c", "200", "d", "300", "f", "-inf", "a"],
    ["ZADD", "inf", "inf", "a", "-inf", "b", "1", "c"],
    ["ZADD", "ninf", "-inf", "a", "inf", "b", "0", "c"],
  ];

  diffTest(pair, "ZUNION, ZINTER, ZDIFF", [
    ...opsSetup,
    ["ZUNION", "2", "z1", "z2"],
    ["ZUNION", "2", "z1", "z2", "WITHSCORES"],
    ["ZUNION", "3", "z1", "z2", "z3", "WITHSCORES"],
    ["ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "-1", "WITHSCORES"],
    ["ZUNION", "2", "z1", "z2", "AGGREGATE", "MIN", "WITHSCORES"],
    ["ZUNION", "2", "z1", "z2", "AGGREGATE", "max", "WITHSCORES"],
    ["ZUNION", "2", "z1", "z2", "AGGREGATE", "SUM", "WEIGHTS", "0", "0", "WITHSCORES"],
    ["ZUNION", "2", "inf", "ninf", "WITHSCORES"],
    ["ZUNION", "1", "inf", "WEIGHTS", "0", "WITHSCORES"],
    ["ZUNION", "2", "z1", "nokey", "WITHSCORES"],
    ["ZUNION", "2", "nokey", "nokey2"],
    ["ZUNION", "2", "z1", "z1", "WITHSCORES"],
    ["ZINTER", "2", "z1", "z2"],
    ["ZINTER", "2", "z1", "z2", "WITHSCORES"],
    ["ZINTER", "3", "z1", "z2", "z3", "WITHSCORES"],
    ["ZINTER", "2", "z1", "z3", "WEIGHTS", "1", "0.5", "AGGREGATE", "MAX", "WITHSCORES"],
    ["ZINTER", "2", "z1", "z3", "AGGREGATE", "MIN", "WITHSCORES"],
    ["ZINTER", "2", "inf", "ninf", "WITHSCORES"],
    ["ZINTER", "2", "z1", "z1", "WEIGHTS", "1", "2", "WITHSCORES"],
    ["ZINTER", "2", "z1", "nokey"],
    ["ZDIFF", "2", "z1", "z2"],
    ["ZDIFF", "2", "z1", "z2", "WITHSCORES"],
    ["ZDIFF", "3", "z1", "z2", "z3", "WITHSCORES"],
    ["ZDIFF", "2", "z1", "z1"],
    ["ZDIFF", "2", "nokey", "z1"],
    ["ZDIFF", "2", "z1", "nokey", "WITHSCORES"],
    ["ZDIFF", "1", "z3", "WITHSCORES"],
    HELLO3,
    ["ZUNION", "2", "z1", "z2", "WITHSCORES"],
    ["ZINTER", "2", "z1", "z2", "WITHSCORES"],
    ["ZDIFF", "2", "z1", "z2", "WITHSCORES"],
    ["ZUNION", "2", "z1", "z2"],
    HELLO2,
  ]);

  diffTest(pair, "set operation errors", [
    ...opsSetup,
    ["ZUNION", "0", "z1"],
    ["ZUNION", "-1", "z1"],
    ["ZUNION", "x", "z1"],
    ["ZUNION", "3", "z1", "z2"],
    ["ZINTER", "0", "z1"],
    ["ZDIFF", "0", "z1"],
    ["ZUNIONSTORE", "d", "0", "z1"],
    ["ZINTERSTORE", "d", "0", "z1"],
    ["ZDIFFSTORE", "d", "0", "z1"],
    ["ZDIFFSTORE", "d", "x", "z1"],
    ["ZINTERCARD", "0", "z1"],
    ["ZINTERCARD", "x", "z1"],
    ["ZINTERCARD", "2", "z1"],
    ["ZUNION", "1", "z1", "WEIGHTS", "x"],
    ["ZUNION", "1", "z1", "WEIGHTS"],
    ["ZUNION", "2", "z1", "z2", "WEIGHTS", "1"],
    ["ZUNION", "1", "z1", "WEIGHTS", "1", "2"],
    ["ZUNION", "1", "z1", "WEIGHTS", "nan"],
    ["ZUNION", "1", "z1", "AGGREGATE"],
    ["ZUNION", "1", "z1", "AGGREGATE", "AVG"],
    ["ZUNION", "1", "z1", "FOO"],
    ["ZUNION", "1", "z1", "WITHSCORES", "WITHSCORES"],
    ["ZUNION", "1", "z1", "aggregate", "sum", "withscores", "weights", "2"],
    ["ZUNIONSTORE", "d", "1", "z1", "WITHSCORES"],
    ["ZDIFF", "1", "z1", "WEIGHTS", "1"],
    ["ZDIFF", "1", "z1", "AGGREGATE", "SUM"],
    ["ZDIFFSTORE", "d", "1", "z1", "WITHSCORES"],
    ["ZINTERCARD", "1", "z1", "WITHSCORES"],
    ["ZINTERCARD", "1", "z1", "WEIGHTS", "1"],
    ["ZINTERCARD", "1", "z1", "LIMIT"],
    ["ZINTERCARD", "1", "z1", "LIMIT", "-1"],
    ["ZINTERCARD", "1", "z1", "LIMIT", "x"],
    ["EXISTS", "d"],
  ]);

  diffTest(pair, "ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE", [
    ...opsSetup,
    ["ZUNIONSTORE", "d", "2", "z1", "z2"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    ["ZUNIONSTORE", "d", "3", "z1", "z2", "z3", "WEIGHTS", "1", "2", "3", "AGGREGATE", "MAX"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    ["ZINTERSTORE", "d", "2", "z1", "z2"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    ["ZINTERSTORE", "d", "2", "z1", "z2", "AGGREGATE", "MIN"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    ["ZDIFFSTORE", "d", "2", "z1", "z2"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    ["ZINTERSTORE", "d", "2", "z2", "nokey"],
    ["EXISTS", "d"],
    ["ZINTERSTORE", "d", "2", "z2", "nokey"],
    ["ZUNIONSTORE", "z1", "2", "z1", "z2"],
    ["ZRANGE", "z1", "0", "-1", "WITHSCORES"],
    ["SET", "d", "x"],
    ["EXPIRE", "d", "100"],
    ["ZUNIONSTORE", "d", "1", "z2"],
    ["TTL", "d"],
    ["TYPE", "d"],
    ["ZDIFFSTORE", "d", "2", "z2", "z2"],
    ["EXISTS", "d"],
  ]);

  diffTest(pair, "ZINTERCARD", [
    ...opsSetup,
    ["ZINTERCARD", "2", "z1", "z2"],
    ["ZINTERCARD", "3", "z1", "z2", "z3"],
    ["ZINTERCARD", "2", "z1", "z3", "LIMIT", "0"],
    ["ZINTERCARD", "2", "z1", "z3", "LIMIT", "1"],
    ["ZINTERCARD", "2", "z1", "z3", "LIMIT", "2"],
    ["ZINTERCARD", "2", "z1", "z3", "LIMIT", "100"],
    ["ZINTERCARD", "1", "z1", "limit", "2"],
    ["ZINTERCARD", "2", "z1", "nokey"],
    ["ZINTERCARD", "2", "z1", "z1"],
  ]);

  diffTestIf(has("sadd"), pair, "sets as inputs count with score 1", [
    ...opsSetup,
    ["SADD", "s", "a", "b", "x", "y"],
    ["SADD", "ints", "1", "2", "3", "4"],
    ["ZADD", "zi", "5", "1", "6", "2", "7", "9"],
    ["ZUNION", "2", "z1", "s", "WITHSCORES"],
    ["ZUNION", "2", "s", "ints", "WITHSCORES"],
    ["ZINTER", "2", "z1", "s", "WITHSCORES"],
    ["ZINTER", "2", "zi", "ints", "WEIGHTS", "1", "10", "WITHSCORES"],
    ["ZINTER", "1", "s", "WITHSCORES"],
    ["ZDIFF", "2", "s", "z1", "WITHSCORES"],
    ["ZDIFF", "2", "z1", "s", "WITHSCORES"],
    ["ZDIFF", "2", "ints", "zi", "WITHSCORES"],
    ["ZINTERCARD", "2", "z1", "s"],
    ["ZUNIONSTORE", "d", "2", "s", "ints"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    ["OBJECT", "ENCODING", "d"],
    ["ZINTERSTORE", "d", "2", "s", "s"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    ["ZDIFFSTORE", "d", "2", "s", "z1"],
    ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
    // Only sorted sets and sets are accepted.
    ["ZRANGE", "s", "0", "-1"],
    ["ZADD", "s", "1", "a"],
  ]);

  // --- ZSCAN ---------------------------------------------------------------------

  diffTest(pair, "ZSCAN of a listpack (whole, in order)", [
    ["ZADD", "z", "1", "a", "2", "b", "3", "c", "1.5", "key:1", "2.5", "key:2", "0.1", BIN, "1e17", "big", "-0", "negz"],
    ["ZSCAN", "z", "0"],
    ["ZSCAN", "z", "0", "COUNT", "1"],
    ["ZSCAN", "z", "12345"],
    ["ZSCAN", "z", "0", "MATCH", "key:*"],
    ["ZSCAN", "z", "0", "MATCH", "*"],
    ["ZSCAN", "z", "0", "match", "?", "count", "100"],
    ["ZSCAN", "z", "0", "COUNT", "0"],
    ["ZSCAN", "z", "0", "COUNT", "-1"],
    ["ZSCAN", "z", "0", "COUNT", "x"],
    ["ZSCAN", "z", "0", "MATCH"],
    ["ZSCAN", "z", "0", "TYPE", "zset"],
    ["ZSCAN", "z", "0", "FOO", "bar"],
    ["ZSCAN", "z", "x"],
    ["ZSCAN", "z", "-1"],
    ["ZSCAN", "z", "18446744073709551616"],
    ["ZSCAN", "nokey", "0"],
    ["ZSCAN", "nokey", "0", "FOO"],
    ["ZSCAN", "nokey", "x"],
    HELLO3,
    ["ZSCAN", "z", "0"],
    HELLO2,
  ]);

  testWithRedis("ZSCAN of a skiplist returns every member once, with its score", async () => {
    await runSteps(pair, [["FLUSHALL"]]);
    const args: string[] = [];
    for (let i = 0; i < 300; i++) args.push(String(i % 7 === 0 ? i / 10 : i), "m" + i);
    for (const c of [pair.redis, pair.redbun]) await c.send("ZADD", "z", ...args);
    for (const opts of [[], ["COUNT", "7"], ["MATCH", "m1*"], ["MATCH", "m2?", "COUNT", "3"], ["COUNT", "1000"]]) {
      const a = await zscanAll(pair.redis, "z", opts);
      const b = await zscanAll(pair.redbun, "z", opts);
      expect(b).toEqual(a);
    }
  });

  // --- encodings, binary members, RESP3, types, arity -------------------------

  diffTest(pair, "OBJECT ENCODING listpack and skiplist", [
    ["ZADD", "z", "1", "a"],
    ["OBJECT", "ENCODING", "z"],
    ["ZADD", "long", "1", LONG64],
    ["OBJECT", "ENCODING", "long"],
    ["ZADD", "long", "1", LONG65],
    ["OBJECT", "ENCODING", "long"],
    ["ZREM", "long", LONG65],
    ["OBJECT", "ENCODING", "long"],
    ["ZADD", "first", "1", LONG65],
    ["OBJECT", "ENCODING", "first"],
    ["ZADD", "n", ...Array.from({ length: 128 }, (_, i) => [String(i), "m" + i]).flat()],
    ["OBJECT", "ENCODING", "n"],
    ["ZADD", "n", "1", "m0"],
    ["OBJECT", "ENCODING", "n"],
    ["ZADD", "n", "1", "m128"],
    ["OBJECT", "ENCODING", "n"],
    ["ZPOPMIN", "n", "100"],
    ["OBJECT", "ENCODING", "n"],
    // Repeated members of one ZADD do not count toward the size.
    ["ZADD", "dup", ...Array.from({ length: 200 }, () => ["1", "same"]).flat()],
    ["OBJECT", "ENCODING", "dup"],
    // Results get their encoding from their final size.
    ["ZADD", "big", ...Array.from({ length: 200 }, (_, i) => [String(i), "b" + i]).flat()],
    ["ZRANGESTORE", "d", "big", "0", "9"],
    ["OBJECT", "ENCODING", "d"],
    ["ZRANGESTORE", "d", "big", "0", "199"],
    ["OBJECT", "ENCODING", "d"],
    ["ZRANGESTORE", "d", "big", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "128"],
    ["OBJECT", "ENCODING", "d"],
    ["ZRANGESTORE", "d", "big", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "129"],
    ["OBJECT", "ENCODING", "d"],
    ["ZUNIONSTORE", "d", "1", "big"],
    ["OBJECT", "ENCODING", "d"],
    ["ZINTERSTORE", "d", "2", "big", "z"],
    ["ZADD", "z", "5", "b5"],
    ["ZINTERSTORE", "d", "2", "big", "z"],
    ["OBJECT", "ENCODING", "d"],
    ["ZDIFFSTORE", "d", "2", "long", "z"],
    ["OBJECT", "ENCODING", "d"],
    ["ZUNIONSTORE", "d", "2", "long", "z"],
    ["OBJECT", "ENCODING", "d"],
    ["COPY", "big", "bigcopy"],
    ["OBJECT", "ENCODING", "bigcopy"],
    ["COPY", "z", "zcopy"],
    ["OBJECT", "ENCODING", "zcopy"],
    ["ZRANGE", "bigcopy", "0", "3", "WITHSCORES"],
  ]);

  diffTest(pair, "-0 in a listpack and in a skiplist", [
    ["ZADD", "lp", "-0", "a"],
    ["ZSCORE", "lp", "a"],
    ["ZADD", "lp", "INCR", "-0", "b"],
    ["ZSCORE", "lp", "b"],
    ["ZADD", "sl", "1", LONG65],
    ["ZADD", "sl", "-0", "a"],
    ["ZSCORE", "sl", "a"],
    ["ZRANGE", "sl", "0", "-1", "WITHSCORES"],
    ["ZADD", "sl", "0", "a"],
    ["ZSCORE", "sl", "a"],
    ["ZINCRBY", "sl", "0", "a"],
    ["ZADD", "sl", "INCR", "-0", "a"],
    ["ZSCORE", "sl", "a"],
    ["ZUNION", "1", "sl", "WITHSCORES"],
    ["ZUNION", "1", "sl", "WEIGHTS", "-1", "WITHSCORES"],
    ["ZUNIONSTORE", "d", "1", "sl"],
    ["ZSCORE", "d", "a"],
    ["ZADD", "t", "1", "a"],
    ["ZINTERSTORE", "d", "2", "sl", "t", "WEIGHTS", "1", "0"],
    ["ZSCORE", "d", "a"],
    ["OBJECT", "ENCODING", "d"],
    ["ZINTERSTORE", "d", "2", "sl", "t", "AGGREGATE", "MIN"],
    ["ZSCORE", "d", "a"],
    ["ZRANGESTORE", "d", "sl", "0", "0"],
    ["ZSCORE", "d", "a"],
    ["ZPOPMIN", "sl"],
  ]);

  diffTest(pair, "binary members order as unsigned bytes", [
    ["ZADD", "z", "0", "a", "0", "\x80", "0", "\xff", "0", "\x00", "0", "", "0", "a\x00", "0", "A", "0", HI, "0", BIN],
    ["ZRANGE", "z", "0", "-1"],
    ["ZRANGEBYLEX", "z", "(\x7f", "+"],
    ["ZRANGEBYLEX", "z", "[\x00", "(a"],
    ["ZRANK", "z", "\xff"],
    ["ZSCORE", "z", BIN],
    ["ZREM", "z", BIN, "\x00"],
    ["ZRANGE", "z", "0", "-1"],
  ]);

  // --- BZPOPMIN / BZPOPMAX / BZMPOP -------------------------------------------

  diffTest(pair, "BZPOPMIN, BZPOPMAX, BZMPOP without blocking, and their errors", [
    ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
    ["BZPOPMIN", "z", "0"],
    ["BZPOPMAX", "z", "nokey", "0"],
    ["BZPOPMIN", "nokey", "z", "0.01"],
    ["EXISTS", "z"],
    ["BZPOPMIN", "nokey", "0.01"],
    ["BZPOPMIN", "z", "x"],
    ["BZPOPMIN", "z", "-1"],
    ["BZPOPMIN", "z", "inf"],
    ["BZPOPMIN", "z", ""],
    ["BZMPOP", "0.01", "1", "nokey", "MIN"],
    ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
    ["BZMPOP", "0", "1", "z", "MIN"],
    ["BZMPOP", "0", "2", "nokey", "z", "MAX", "COUNT", "10"],
    ["BZMPOP", "x", "1", "z", "MIN"],
    ["BZMPOP", "-1", "1", "z", "MIN"],
    ["BZMPOP", "0", "0", "z", "MIN"],
    ["BZMPOP", "0", "x", "z", "MIN"],
    ["BZMPOP", "0", "1", "z", "FOO"],
    ["BZMPOP", "x", "1", "z", "FOO"],
    ["BZMPOP", "0", "1", "z", "MIN", "COUNT", "0"],
    ["BZMPOP", "0", "3", "z", "MIN"],
    ["SET", "s", "x"],
    ["BZPOPMIN", "s", "0"],
    ["BZPOPMIN", "nokey", "s", "0"],
    ["BZMPOP", "0", "1", "s", "MIN"],
    ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
    HELLO3,
    ["BZPOPMIN", "z", "0"],
    ["BZMPOP", "0", "1", "z", "MAX", "COUNT", "1"],
    ["BZMPOP", "0.01", "1", "nokey", "MIN"],
    ["BZPOPMIN", "nokey", "0.01"],
    HELLO2,
    // Inside EXEC they never block.
    ["MULTI"],
    ["BZPOPMIN", "nokey", "0"],
    ["BZMPOP", "0", "1", "nokey", "MIN"],
    ["BZPOPMAX", "z", "0"],
    ["EXEC"],
    ["BZPOPMIN"],
    ["BZPOPMIN", "z"],
    ["BZMPOP", "0", "1", "z"],
  ]);

  /**
   * Runs a scenario with two fresh connections to each server (`blocked`
   * issues blocking commands, `other` writes) and compares every reply.
   */
  function blockingTest(name: string, scenario: (blocked: RespClient, other: RespClient, out: string[]) => Promise<void>): void {
    testWithRedis(name, async () => {
      await runSteps(pair, [["FLUSHALL"]]);
      const results: string[][] = [];
      for (const port of [pair.redisPort, pair.redbunPort]) {
        const blocked = await RespClient.connect(port);
        const other = await RespClient.connect(port);
        const out: string[] = [];
        try {
          await scenario(blocked, other, out);
        } finally {
          blocked.close();
          other.close();
        }
        results.push(out);
      }
      expect(results[1]).toEqual(results[0]!);
    });
  }

  const bytes = (r: { bytes: Uint8Array }) => Buffer.from(r.bytes).toString("latin1");

  blockingTest("BZPOPMIN blocks until a ZADD, then pops", async (b, o, out) => {
    const p = b.send("BZPOPMIN", "k1", "k2", "0");
    await Bun.sleep(50);
    out.push(bytes(await o.send("ZADD", "k2", "5", "x", "6", "y")));
    out.push(bytes(await p));
    out.push(bytes(await o.send("ZRANGE", "k2", "0", "-1", "WITHSCORES")));
    const q = b.send("BZPOPMAX", "k1", "k2", "0");
    await Bun.sleep(50);
    out.push(bytes(await q));
    out.push(bytes(await o.send("EXISTS", "k2")));
  });

  blockingTest("BZMPOP served with nested pairs; RESP3 doubles", async (b, o, out) => {
    out.push(bytes(await b.send("HELLO", "3")).replace(/id\r\n:\d+/, "id"));
    const p = b.send("BZMPOP", "0", "2", "k1", "k2", "MAX", "COUNT", "2");
    await Bun.sleep(50);
    out.push(bytes(await o.send("ZADD", "k1", "1", "a", "2.5", "b", "3", "c")));
    out.push(bytes(await p));
    const q = b.send("BZPOPMIN", "k2", "k1", "0");
    out.push(bytes(await q));
    const r = b.send("BZMPOP", "0", "1", "k1", "MIN", "COUNT", "5");
    await Bun.sleep(50);
    out.push(bytes(await o.send("ZADD", "k1", "7", "z")));
    out.push(bytes(await r));
  });

  blockingTest("timeouts answer the null array", async (b, _o, out) => {
    out.push(bytes(await b.send("BZPOPMIN", "k", "0.05")));
    out.push(bytes(await b.send("BZMPOP", "0.05", "1", "k", "MIN")));
    out.push(bytes(await b.send("HELLO", "3")).replace(/id\r\n:\d+/, "id"));
    out.push(bytes(await b.send("BZPOPMAX", "k", "0.05")));
  });

  blockingTest("a store, not only ZADD, wakes a blocked client; a MULTI that adds and removes does not", async (b, o, out) => {
    const p = b.send("BZPOPMIN", "dst", "0");
    await Bun.sleep(50);
    out.push(bytes(await o.send("MULTI")));
    out.push(bytes(await o.send("ZADD", "dst", "1", "gone")));
    out.push(bytes(await o.send("ZREM", "dst", "gone")));
    out.push(bytes(await o.send("EXEC")));
    out.push(bytes(await o.send("ZADD", "src", "3", "m", "4", "n")));
    out.push(bytes(await o.send("ZUNIONSTORE", "dst", "1", "src", "WEIGHTS", "2")));
    out.push(bytes(await p));
    out.push(bytes(await o.send("ZRANGE", "dst", "0", "-1", "WITHSCORES")));
  });

  blockingTest("a key of another type does not serve; the client waits for a zset", async (b, o, out) => {
    const p = b.send("BZPOPMIN", "k", "0");
    await Bun.sleep(50);
    out.push(bytes(await o.send("SET", "k", "str")));
    await Bun.sleep(30);
    out.push(bytes(await o.send("DEL", "k")));
    out.push(bytes(await o.send("ZADD", "k", "1", "m")));
    out.push(bytes(await p));
  });

  // A seeded random mix of writes and queries over a set that grows past the
  // listpack limit, every reply compared.
  for (const seed of (process.env.ZSET_SEEDS ?? "7,8,9").split(",").map(Number)) {
    diffTest(pair, `random operations, seed ${seed}`, randomOps(seed, 1500));
  }

  const NAMES = [
    "zadd", "zincrby", "zrem", "zcard", "zscore", "zmscore", "zrank", "zrevrank", "zcount", "zlexcount",
    "zrange", "zrangestore", "zrevrange", "zrangebyscore", "zrevrangebyscore", "zrangebylex", "zrevrangebylex",
    "zremrangebyrank", "zremrangebyscore", "zremrangebylex", "zpopmin", "zpopmax", "zmpop", "bzpopmin", "bzpopmax",
    "bzmpop", "zrandmember", "zunion", "zinter", "zdiff", "zunionstore", "zinterstore", "zdiffstore", "zintercard", "zscan",
  ];
  diffTest(pair, "COMMAND INFO and GETKEYS", [
    ...NAMES.map((n) => ["COMMAND", "INFO", n]),
    ["COMMAND", "GETKEYS", "ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"],
    ["COMMAND", "GETKEYS", "ZINTERSTORE", "d", "1", "a"],
    ["COMMAND", "GETKEYS", "ZDIFFSTORE", "d", "2", "a", "b"],
    ["COMMAND", "GETKEYS", "ZUNION", "2", "a", "b", "WITHSCORES"],
    ["COMMAND", "GETKEYS", "ZINTER", "3", "a", "b", "c"],
    ["COMMAND", "GETKEYS", "ZDIFF", "1", "a"],
    ["COMMAND", "GETKEYS", "ZINTERCARD", "2", "a", "b", "LIMIT", "1"],
    ["COMMAND", "GETKEYS", "ZMPOP", "2", "a", "b", "MIN"],
    ["COMMAND", "GETKEYS", "BZMPOP", "0", "2", "a", "b", "MAX", "COUNT", "2"],
    ["COMMAND", "GETKEYS", "BZPOPMIN", "a", "b", "0"],
    ["COMMAND", "GETKEYS", "ZRANGESTORE", "d", "s", "0", "-1"],
    ["COMMAND", "GETKEYS", "ZADD", "k", "1", "a"],
  ]);

  diffTest(pair, "WRONGTYPE for every command", WRONGTYPE);
  diffTest(pair, "wrong number of arguments", ARITY);
});

// Skiplist-specific behaviour: every set is a skiplist from its first element.
describe("zsets with zset-max-listpack-entries 0", () => {
  const pair = useDiffPair({ "zset-max-listpack-entries": "0" });

  diffTest(pair, "skiplist from the start keeps -0", [
    ["ZADD", "s", "-0", "a", "1", "b", "-inf", "c"],
    ["OBJECT", "ENCODING", "s"],
    ["ZSCORE", "s", "a"],
    ["ZRANGE", "s", "0", "-1", "WITHSCORES"],
    ["ZADD", "s", "0", "a"],
    ["ZSCORE", "s", "a"],
    ["ZINCRBY", "s", "0", "a"],
    ["ZADD", "s", "INCR", "-0", "a"],
    ["ZRANGEBYSCORE", "s", "-0", "0"],
    ["ZUNIONSTORE", "d", "1", "s"],
    ["OBJECT", "ENCODING", "d"],
    ["ZSCORE", "d", "a"],
    ["ZRANGESTORE", "d", "s", "0", "0"],
    ["OBJECT", "ENCODING", "d"],
    ["ZRANDMEMBER", "s", "5", "WITHSCORES"],
    ["ZPOPMAX", "s", "3"],
  ]);

  diffTest(pair, "ranges and ranks on skiplists", [
    ["ZADD", "z", ...Array.from({ length: 60 }, (_, i) => [String(i % 13), "m" + i]).flat()],
    ["ZRANGE", "z", "10", "20", "WITHSCORES"],
    ["ZRANGE", "z", "3", "(7", "BYSCORE", "LIMIT", "4", "6"],
    ["ZRANGE", "z", "7", "(3", "BYSCORE", "REV", "LIMIT", "4", "6", "WITHSCORES"],
    ["ZCOUNT", "z", "(2", "9"],
    ["ZRANK", "z", "m33"],
    ["ZREVRANK", "z", "m33"],
    ["ZREMRANGEBYRANK", "z", "5", "9"],
    ["ZREMRANGEBYSCORE", "z", "(11", "+inf"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["ZADD", "lex", ...Array.from({ length: 40 }, (_, i) => ["0", "k" + String(i).padStart(2, "0")]).flat()],
    ["ZRANGE", "lex", "[k05", "(k20", "BYLEX", "LIMIT", "3", "4"],
    ["ZRANGE", "lex", "(k20", "[k05", "BYLEX", "REV", "LIMIT", "3", "4"],
    ["ZLEXCOUNT", "lex", "(k10", "+"],
    ["ZREMRANGEBYLEX", "lex", "-", "[k09"],
    ["ZRANGE", "lex", "0", "2"],
    ["ZRANDMEMBER", "lex", "1000"],
  ]);
});

describe("zsets with small listpack limits", () => {
  const pair = useDiffPair({ "zset-max-listpack-entries": "4", "zset-max-listpack-value": "3" });

  diffTest(pair, "conversion thresholds follow the configuration", [
    ["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"],
    ["OBJECT", "ENCODING", "z"],
    ["ZADD", "z", "5", "e"],
    ["OBJECT", "ENCODING", "z"],
    ["ZADD", "v", "1", "abc"],
    ["OBJECT", "ENCODING", "v"],
    ["ZADD", "v", "1", "abcd"],
    ["OBJECT", "ENCODING", "v"],
    ["ZUNIONSTORE", "d", "1", "z"],
    ["OBJECT", "ENCODING", "d"],
    ["ZRANGESTORE", "d", "z", "0", "3"],
    ["OBJECT", "ENCODING", "d"],
    ["ZRANGESTORE", "d", "z", "0", "4"],
    ["OBJECT", "ENCODING", "d"],
    ["ZRANGESTORE", "d", "v", "0", "-1"],
    ["OBJECT", "ENCODING", "d"],
    ["CONFIG", "SET", "zset-max-listpack-entries", "128"],
    ["ZUNIONSTORE", "d", "1", "z"],
    ["OBJECT", "ENCODING", "d"],
    ["OBJECT", "ENCODING", "z"],
    ["CONFIG", "SET", "zset-max-listpack-entries", "4"],
  ]);
});

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** A seeded sequence of sorted set commands (deterministic, so a failure can be replayed). */
function randomOps(seed: number, n: number): StepLike[] {
  let st = seed >>> 0;
  const rnd = () => {
    st = (st + 0x6d2b79f5) >>> 0;
    let t = st;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (k: number) => Math.floor(rnd() * k);
  const mem = () => "m" + int(300);
  const scores = ["0", "1", "2.5", "-3", "0.1", "1e3", "-inf", "inf", "7", "7", "42"];
  const score = () => (rnd() < 0.5 ? String(int(50) - 10) : scores[int(scores.length)]!);
  const bound = () => {
    const v = rnd() < 0.2 ? ["-inf", "+inf"][int(2)]! : String(int(50) - 10);
    return rnd() < 0.3 ? "(" + v : v;
  };
  const lex = () => {
    const r = rnd();
    if (r < 0.1) return "-";
    if (r < 0.2) return "+";
    return (rnd() < 0.5 ? "[" : "(") + mem();
  };
  const out: StepLike[] = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const k = rnd() < 0.8 ? "z" : "y";
    if (r < 0.3) {
      const args: string[] = [];
      for (let j = 1 + int(4); j > 0; j--) args.push(score(), mem());
      const opts = [[], ["NX"], ["XX"], ["CH"], ["GT"], ["LT", "CH"], ["XX", "GT"]][int(7)]!;
      out.push(["ZADD", k, ...opts, ...args]);
    } else if (r < 0.38) out.push(["ZINCRBY", k, score(), mem()]);
    else if (r < 0.45) out.push(["ZREM", k, mem(), mem()]);
    else if (r < 0.52) out.push(["ZRANK", k, mem()], ["ZREVRANK", k, mem()]);
    else if (r < 0.58) out.push(["ZSCORE", k, mem()], ["ZMSCORE", k, mem(), mem()]);
    else if (r < 0.64) out.push(["ZCOUNT", k, bound(), bound()], ["ZLEXCOUNT", "l", lex(), lex()]);
    else if (r < 0.72) out.push(["ZRANGE", k, String(int(60) - 30), String(int(400) - 100), ...(rnd() < 0.5 ? ["REV"] : []), "WITHSCORES"]);
    else if (r < 0.8) out.push(["ZRANGE", k, bound(), bound(), "BYSCORE", ...(rnd() < 0.5 ? ["REV"] : []), "LIMIT", String(int(80) - 2), String(int(20) - 2), "WITHSCORES"]);
    // Lex ranges on a set of equal scores (with mixed scores a skip list's
    // answer depends on its random levels, in Redis too).
    else if (r < 0.85) out.push(["ZADD", "l", "0", mem()], ["ZRANGE", "l", lex(), lex(), "BYLEX", ...(rnd() < 0.5 ? ["REV"] : []), "LIMIT", String(int(80)), String(int(10))]);
    else if (r < 0.88) out.push(["ZREMRANGEBYSCORE", k, bound(), bound()]);
    else if (r < 0.9) out.push(["ZREMRANGEBYRANK", k, String(int(20) - 10), String(int(20) - 10)]);
    else if (r < 0.92) out.push(["ZREMRANGEBYLEX", "l", lex(), lex()]);
    else if (r < 0.94) out.push([["ZPOPMIN", "ZPOPMAX"][int(2)]!, k, String(int(3))]);
    else if (r < 0.97) out.push([["ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"][int(3)]!, "d", "2", "z", "y"], ["ZRANGE", "d", "0", "-1", "WITHSCORES"]);
    else out.push(["ZCARD", k], ["OBJECT", "ENCODING", k]);
  }
  out.push(["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["ZRANGE", "y", "0", "-1", "WITHSCORES"], ["ZRANGE", "l", "0", "-1"]);
  return out;
}

/** The strings of a flat or nested array reply, flattened. */
function flat(r: Resp): string[] {
  if (r.t === "array") return r.v.flatMap(flat);
  if (r.t === "bulk" || r.t === "double") return [r.v];
  throw new Error(`unexpected ${r.t}`);
}

/** Iterates ZSCAN to cursor 0 and returns the member → score pairs seen, sorted. */
async function zscanAll(c: RespClient, key: string, opts: string[]): Promise<string[]> {
  const seen = new Map<string, string>();
  for (const items of await scanPages(c, ["ZSCAN", key], opts)) {
    for (let i = 0; i < items.length; i += 2) seen.set(items[i]!, items[i + 1]!);
  }
  return [...seen].map(([m, s]) => `${m}=${s}`).sort();
}

// ---------------------------------------------------------------------------
// Propagation (replicas / AOF) and keyspace events, compared with Redis (see
// test/helpers/propagation.ts).
// ---------------------------------------------------------------------------

describe("zsets: propagation and keyspace events vs redis-server", () => {
  const { propTest } = usePropagationHarness({ events: true });

  propTest("ZADD, ZINCRBY, ZREM", [
    ["ZADD", "z", "1", "a", "2", "b"],
    ["ZADD", "z", "1", "a"],
    ["ZADD", "z", "XX", "1", "new"],
    ["ZADD", "z", "INCR", "5", "a"],
    ["ZADD", "z", "NX", "INCR", "5", "a"],
    ["ZINCRBY", "z", "1", "b"],
    ["ZINCRBY", "z", "inf", "b"],
    ["ZINCRBY", "z", "-inf", "b"],
    ["ZADD", "z", "x", "a"],
    ["ZREM", "z", "nope"],
    ["ZREM", "z", "a"],
    ["ZREM", "z", "b", "c"],
  ]);

  propTest("range removals", [
    ["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"],
    ["ZREMRANGEBYRANK", "z", "0", "0"],
    ["ZREMRANGEBYRANK", "z", "10", "20"],
    ["ZREMRANGEBYSCORE", "z", "(2", "3"],
    ["ZREMRANGEBYSCORE", "z", "100", "200"],
    ["ZADD", "l", "0", "a", "0", "b"],
    ["ZREMRANGEBYLEX", "l", "-", "(b"],
    ["ZREMRANGEBYLEX", "l", "-", "+"],
    ["ZREMRANGEBYSCORE", "z", "-inf", "+inf"],
  ]);

  propTest("pops: ZMPOP is replayed as ZPOPMIN/ZPOPMAX with a count", [
    ["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"],
    ["ZPOPMIN", "z"],
    ["ZPOPMAX", "z", "1"],
    ["ZPOPMIN", "nokey"],
    ["ZPOPMIN", "z", "0"],
    ["ZMPOP", "2", "nokey", "z", "MAX"],
    ["ZADD", "z2", "1", "x", "2", "y"],
    ["ZMPOP", "1", "z2", "MIN", "COUNT", "5"],
    ["ZMPOP", "1", "z2", "MIN"],
  ]);

  propTest("blocking pops that find data are replayed as ZPOPMIN/ZPOPMAX", [
    ["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"],
    ["BZPOPMIN", "z", "0"],
    ["BZPOPMAX", "nokey", "z", "0"],
    ["BZMPOP", "0", "1", "z", "MIN"],
    ["BZMPOP", "0", "1", "z", "MAX", "COUNT", "10"],
    ["BZPOPMIN", "nokey", "0.01"],
  ]);

  // On each server in turn: a second client blocks, then is served by a ZADD.
  propTest("blocked clients served later: propagation and events", async (port, c) => {
    const extra = await RespClient.connect(port);
    try {
      const pending = extra.send("BZPOPMIN", "k", "0");
      await waitBlocked(c, 1);
      await c.send("ZADD", "k", "1", "a", "2", "b");
      await pending;
      const pending2 = extra.send("BZMPOP", "0", "1", "k2", "MAX", "COUNT", "5");
      await waitBlocked(c, 1);
      await c.send("ZADD", "k2", "1", "x", "2", "y");
      await pending2;
    } finally {
      extra.close();
    }
  });

  propTest("stores", [
    ["ZADD", "a", "1", "x", "2", "y"],
    ["ZADD", "b", "3", "y", "4", "z"],
    ["ZUNIONSTORE", "d", "2", "a", "b"],
    ["ZINTERSTORE", "d", "2", "a", "b"],
    ["ZDIFFSTORE", "d", "2", "a", "b"],
    ["ZINTERSTORE", "d", "2", "a", "nokey"],
    ["ZINTERSTORE", "d", "2", "a", "nokey"],
    ["ZRANGESTORE", "d", "a", "0", "-1"],
    ["ZRANGESTORE", "d", "a", "5", "10"],
    ["ZRANGESTORE", "d", "a", "5", "10"],
  ]);
});
