// Differential tests of the string commands (Redis 7.0's t_string.c) against
// a real redis-server: replies must be byte-identical, TTLs equal within a
// tolerance. A few steps use commands owned by other groups (TTL, PTTL,
// OBJECT, EXPIRE, RPUSH/SADD/HSET/ZADD for WRONGTYPE, CONFIG): those tests
// are kept apart so the string commands' own coverage shows on its own.

import { describe, expect } from "bun:test";
import { diffTest, requireRedisInCI, type Step, type StepLike, useDiffPair } from "../helpers/diff.ts";
import { usePropagationHarness } from "../helpers/propagation.ts";
import { rng } from "../helpers/rng.ts";

requireRedisInCI();

const ALL_BYTES = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
const BIN_KEY = "k\r\n\0\xff key";
const BIN_VAL = "v\r\nal\0ue\r\n\0\x80\xfe\xff";

const ttl = (k: string): Step => ({ cmd: ["TTL", k], tolerance: 1 });
const pttl = (k: string, tolerance = 250): Step => ({ cmd: ["PTTL", k], tolerance });

function randomString(r: () => number, len: number, alphabet: string): string {
  let out = "";
  for (let i = 0; i < len; i++) out += alphabet[Math.floor(r() * alphabet.length)];
  return out;
}

/** A far-future absolute time (2100-01-01) in seconds, for EXAT/PXAT. */
const FUTURE_S = "4102444800";
const FUTURE_MS = "4102444800000";

describe("strings: differential vs redis-server", () => {
  const pair = useDiffPair();

  // --- GET / SET ----------------------------------------------------------

  diffTest(pair, "GET and SET basics", [
    ["GET", "nokey"],
    ["SET", "k", "hello"],
    ["GET", "k"],
    ["SET", "k", ""],
    ["GET", "k"],
    ["SET", "k", "world"],
    ["GET", "k"],
    ["SET", "n", "12345"],
    ["GET", "n"],
    ["SET", "n", "-0"],
    ["GET", "n"],
    ["SET", "n", "007"],
    ["GET", "n"],
    ["SET", "n", "9223372036854775807"],
    ["GET", "n"],
    ["SET", "n", "-9223372036854775808"],
    ["GET", "n"],
    ["SET", "n", "99999999999999999999999"],
    ["GET", "n"],
    ["set", "lower", "case"],
    ["gEt", "lower"],
    ["EXISTS", "k", "n", "lower", "nokey"],
  ]);

  diffTest(pair, "binary-safe keys and values: all 256 bytes, CRLF, NUL", [
    ["SET", ALL_BYTES, ALL_BYTES],
    ["GET", ALL_BYTES],
    ["STRLEN", ALL_BYTES],
    ["SET", BIN_KEY, BIN_VAL],
    ["GET", BIN_KEY],
    ["SET", "\0", "\0"],
    ["GET", "\0"],
    ["GET", "\0\0"],
    ["SET", "\r\n", "\r\n"],
    ["GET", "\r\n"],
    ["SET", "", ""],
    ["GET", ""],
    ["MGET", ALL_BYTES, BIN_KEY, "\0", "\r\n", "", "missing"],
    ["GETRANGE", ALL_BYTES, "0", "-1"],
    ["GETRANGE", ALL_BYTES, "10", "13"],
    ["GETRANGE", ALL_BYTES, "-3", "-1"],
    ["APPEND", ALL_BYTES, ALL_BYTES],
    ["GET", ALL_BYTES],
    ["SETRANGE", BIN_KEY, "3", "\0\r\n\xff"],
    ["GET", BIN_KEY],
    ["GETSET", BIN_KEY, ALL_BYTES],
    ["GETDEL", BIN_KEY],
    ["GET", BIN_KEY],
    ["SET", "b1", "\x80\x81\x82abc\0def\xff"],
    ["SET", "b2", "abc\0\xff\x80zz"],
    ["LCS", "b1", "b2"],
    ["LCS", "b1", "b2", "IDX", "WITHMATCHLEN"],
    ["MSET", "\0a", "\r\n\0", "\xffb", ALL_BYTES],
    ["MGET", "\0a", "\xffb"],
    ["MSETNX", "\0a", "x", "\0b", "y"],
    ["MSETNX", "\0c", "\0", "\0b", "\r\n"],
    ["MGET", "\0a", "\0b", "\0c"],
    ["SETNX", "\r\n\r\n", "\0"],
    ["SETNX", "\r\n\r\n", "x"],
    ["GET", "\r\n\r\n"],
    ["INCR", "\0int"],
    ["INCRBYFLOAT", "\0int", "1.5"],
    ["GET", "\0int"],
  ]);

  // --- SET options --------------------------------------------------------

  diffTest(pair, "SET NX / XX / GET", [
    ["SET", "k", "v1", "XX"],
    ["GET", "k"],
    ["SET", "k", "v1", "NX"],
    ["SET", "k", "v2", "NX"],
    ["GET", "k"],
    ["SET", "k", "v3", "XX"],
    ["GET", "k"],
    ["SET", "k", "v4", "GET"],
    ["SET", "new", "v", "GET"],
    ["GET", "new"],
    ["SET", "k", "v5", "NX", "GET"],
    ["GET", "k"],
    ["SET", "k2", "v", "NX", "GET"],
    ["GET", "k2"],
    ["SET", "k3", "v", "XX", "GET"],
    ["EXISTS", "k3"],
    ["SET", "k", "v6", "XX", "GET"],
    ["GET", "k"],
    ["SET", "k", "v7", "GET", "GET"],
    ["SET", "k", "v8", "NX", "NX"],
    ["SET", "k", "v8", "XX", "XX"],
    ["SET", "k", "v9", "get", "xx"],
    ["SET", "k", "v10", "Nx", "gEt"],
    ["GET", "k"],
    // Options are compared as C strings: anything after a NUL is ignored.
    ["SET", "k", "v11", "NX\0junk"],
    ["SET", "k", "v12", "xx\0"],
    ["GET", "k"],
    ["SET", "k", "v13", "GET\0x"],
    ["SET", "k", "12345", "GET"],
    ["SET", "k", "x", "GET"],
  ]);

  diffTest(pair, "SET option syntax errors", [
    ["SET", "k", "v", "NX", "XX"],
    ["SET", "k", "v", "XX", "NX"],
    ["SET", "k", "v", "FOO"],
    ["SET", "k", "v", "EX"],
    ["SET", "k", "v", "PX"],
    ["SET", "k", "v", "EXAT"],
    ["SET", "k", "v", "PXAT"],
    ["SET", "k", "v", "EX", "10", "PX", "100"],
    ["SET", "k", "v", "PX", "100", "EX", "10"],
    ["SET", "k", "v", "EX", "10", "EXAT", FUTURE_S],
    ["SET", "k", "v", "EXAT", FUTURE_S, "PXAT", FUTURE_MS],
    ["SET", "k", "v", "PXAT", FUTURE_MS, "EX", "10"],
    ["SET", "k", "v", "EX", "10", "KEEPTTL"],
    ["SET", "k", "v", "KEEPTTL", "EX", "10"],
    ["SET", "k", "v", "KEEPTTL", "PXAT", FUTURE_MS],
    ["SET", "k", "v", "PERSIST"],
    ["SET", "k", "v", "NX", "FOO", "GET"],
    ["SET", "k", "v", "EX", "abc", "FOO"],
    ["SET", "k", "v", "NXX"],
    ["SET", "k", "v", "N"],
    ["SET", "k", "v", ""],
    ["SET", "k", "v", "EX10"],
    ["EXISTS", "k"],
  ]);

  diffTest(pair, "SET expire argument errors", [
    ["SET", "k", "v", "EX", "0"],
    ["SET", "k", "v", "EX", "-1"],
    ["SET", "k", "v", "PX", "0"],
    ["SET", "k", "v", "PX", "-100"],
    ["SET", "k", "v", "EXAT", "0"],
    ["SET", "k", "v", "EXAT", "-1"],
    ["SET", "k", "v", "PXAT", "0"],
    ["SET", "k", "v", "PXAT", "-9223372036854775808"],
    ["SET", "k", "v", "EX", "abc"],
    ["SET", "k", "v", "EX", "1.5"],
    ["SET", "k", "v", "EX", ""],
    ["SET", "k", "v", "EX", " 10"],
    ["SET", "k", "v", "EX", "10 "],
    ["SET", "k", "v", "EX", "+10"],
    ["SET", "k", "v", "EX", "010"],
    ["SET", "k", "v", "EX", "9223372036854775808"],
    ["SET", "k", "v", "PX", "9223372036854775807"],
    ["SET", "k", "v", "PX", "9223372036854775000"],
    ["SET", "k", "v", "EX", "9223372036854775"],
    ["SET", "k", "v", "EX", "9223372036854776"],
    ["SET", "k", "v", "EX", "9223372036854775807"],
    ["SET", "k", "v", "EXAT", "9223372036854776"],
    ["SET", "k", "v", "EXAT", "9223372036854775807"],
    ["set", "k", "v", "ex", "0"],
    ["EXISTS", "k"],
    // The expire is checked before GET, NX and XX are looked at.
    ["SET", "k", "old"],
    ["SET", "k", "v", "EX", "0", "GET"],
    ["SET", "k", "v", "NX", "PX", "-1"],
    ["GET", "k"],
  ]);

  diffTest(pair, "SET with EX/PX/EXAT/PXAT/KEEPTTL (TTL)", [
    ["SET", "k", "v", "EX", "100"],
    ttl("k"),
    pttl("k"),
    ["SET", "k", "v", "PX", "50000"],
    ttl("k"),
    pttl("k"),
    ["SET", "k", "v", "EXAT", FUTURE_S],
    ttl("k"),
    ["SET", "k", "v", "PXAT", FUTURE_MS],
    pttl("k", 1000),
    ["SET", "k", "v", "ex", "100", "EX", "200"],
    ttl("k"),
    ["SET", "k", "v", "PX", "1000", "px", "300000"],
    ttl("k"),
    ["SET", "k", "v2", "KEEPTTL"],
    ttl("k"),
    ["GET", "k"],
    ["SET", "k", "v3", "KEEPTTL", "KEEPTTL", "XX"],
    ttl("k"),
    ["SET", "k", "v4"],
    ttl("k"),
    ["SET", "k", "v", "EX", "100", "NX"],
    ttl("k"),
    ["SET", "k", "v", "EX", "100", "XX", "GET"],
    ttl("k"),
    ["SET", "k", "v5", "GET", "KEEPTTL"],
    ttl("k"),
    ["SET", "nokey", "v", "KEEPTTL"],
    ttl("nokey"),
    // Huge but valid expirations.
    ["SET", "k", "v", "EX", "9223372036854"],
    ttl("k"),
    ["SET", "k", "v", "PX", "9223370000000000000"],
    pttl("k", 10000),
    ["SET", "k", "v", "PXAT", "9223372036854775807"],
    pttl("k", 10000),
    ["SET", "k", "v", "EXAT", "9223372036854775"],
    { cmd: ["TTL", "k"], tolerance: 16 }, // beyond 2^53: compared as doubles
    // Absolute times in the past: the key is set and is gone at once.
    ["SET", "k", "v", "EXAT", "1"],
    ["GET", "k"],
    ["EXISTS", "k"],
    ["SET", "k", "v", "PXAT", "1", "GET"],
    ["SET", "k", "v", "PXAT", "1000"],
    ["GET", "k"],
    ["SET", "k", "v", "EX", "100"],
    ["SET", "k", "v", "EXAT", "1", "GET"],
    ["EXISTS", "k"],
  ]);

  // --- SETNX / SETEX / PSETEX ---------------------------------------------

  diffTest(pair, "SETNX", [
    ["SETNX", "k", "v1"],
    ["SETNX", "k", "v2"],
    ["GET", "k"],
    ["SETNX", "n", "123"],
    ["GET", "n"],
    ["SETNX", "k", ""],
    ["SETNX", "e", ""],
    ["GET", "e"],
    ["setnx", "k", "x"],
  ]);

  diffTest(pair, "SETEX and PSETEX", [
    ["SETEX", "k", "100", "v"],
    ["GET", "k"],
    ["SETEX", "k", "0", "v"],
    ["SETEX", "k", "-1", "v"],
    ["SETEX", "k", "abc", "v"],
    ["SETEX", "k", "1.5", "v"],
    ["SETEX", "k", "", "v"],
    ["SETEX", "k", "9223372036854775807", "v"],
    ["SETEX", "k", "9223372036854775", "v"],
    ["SETEX", "k", "9223372036854775808", "v"],
    ["PSETEX", "k", "0", "v"],
    ["PSETEX", "k", "-5", "v"],
    ["PSETEX", "k", "abc", "v"],
    ["PSETEX", "k", "9223372036854775807", "v"],
    ["PSETEX", "k2", "100000", "12345"],
    ["GET", "k2"],
    ["setex", "k3", "10", ALL_BYTES],
    ["GET", "k3"],
    ["GET", "k"],
  ]);

  diffTest(pair, "SETEX and PSETEX (TTL)", [
    ["SETEX", "k", "100", "v"],
    ttl("k"),
    pttl("k"),
    ["PSETEX", "k", "100000", "v"],
    ttl("k"),
    pttl("k"),
    ["SETEX", "k", "0", "v"],
    ttl("k"),
    ["SETEX", "k", "9223372036854", "v"],
    ttl("k"),
    ["PSETEX", "p", "100000", "v"],
    pttl("p"),
  ]);

  // --- GETSET / GETDEL / GETEX --------------------------------------------

  diffTest(pair, "GETSET and GETDEL", [
    ["GETSET", "k", "v1"],
    ["GETSET", "k", "v2"],
    ["GET", "k"],
    ["GETSET", "k", "123"],
    ["GETSET", "k", ""],
    ["GETSET", "k", "x"],
    ["GETDEL", "k"],
    ["GETDEL", "k"],
    ["EXISTS", "k"],
    ["SET", "n", "-42"],
    ["GETDEL", "n"],
    ["GETDEL", "nokey"],
    ["SET", "e", ""],
    ["GETDEL", "e"],
    ["EXISTS", "e"],
  ]);

  diffTest(pair, "GETSET drops the TTL, GETDEL removes it (TTL)", [
    ["SET", "k", "v", "EX", "100"],
    ["GETSET", "k", "w"],
    ttl("k"),
    ["SET", "k", "v", "EX", "100"],
    ["GETDEL", "k"],
    ttl("k"),
    ["SET", "k", "v", "PXAT", "1"],
    ["GETSET", "k", "fresh"],
    ["GETDEL", "k"],
  ]);

  diffTest(pair, "GETEX options and errors", [
    ["GETEX", "nokey"],
    ["GETEX", "nokey", "EX", "100"],
    // A missing key answers nil before the expire is even validated.
    ["GETEX", "nokey", "EX", "-1"],
    ["GETEX", "nokey", "EX", "abc"],
    ["GETEX", "nokey", "PERSIST"],
    ["GETEX", "nokey", "FOO"],
    ["SET", "k", "v"],
    ["GETEX", "k"],
    ["GETEX", "k", "EX", "abc"],
    ["GETEX", "k", "EX", "1.5"],
    ["GETEX", "k", "EX", "0"],
    ["GETEX", "k", "EX", "-1"],
    ["GETEX", "k", "PX", "0"],
    ["GETEX", "k", "EXAT", "0"],
    ["GETEX", "k", "PXAT", "-1"],
    ["GETEX", "k", "EX", "9223372036854775807"],
    ["GETEX", "k", "PX", "9223372036854775807"],
    ["GETEX", "k", "EXAT", "9223372036854775807"],
    ["GETEX", "k", "EX", "9223372036854775808"],
    ["GETEX", "k", "EX"],
    ["GETEX", "k", "PX"],
    ["GETEX", "k", "EXAT"],
    ["GETEX", "k", "PXAT"],
    ["GETEX", "k", "EX", "10", "PX", "100"],
    ["GETEX", "k", "EX", "10", "PERSIST"],
    ["GETEX", "k", "PERSIST", "EX", "10"],
    ["GETEX", "k", "PERSIST", "PXAT", FUTURE_MS],
    ["GETEX", "k", "KEEPTTL"],
    ["GETEX", "k", "NX"],
    ["GETEX", "k", "XX"],
    ["GETEX", "k", "GET"],
    ["GETEX", "k", "FOO"],
    ["GETEX", "k", "PERSIST\0x"],
    ["GETEX", "k", "persist", "PERSIST"],
    ["GETEX", "k", "ex", "100", "EX", "200"],
    ["GETEX", "k", "PXAT", FUTURE_MS],
    ["SET", "n", "12345"],
    ["GETEX", "n", "PX", "100000"],
    ["GETEX", "n", "PERSIST"],
    ["GET", "k"],
    ["GET", "n"],
  ]);

  diffTest(pair, "GETEX sets and removes TTLs (TTL)", [
    ["SET", "k", "v"],
    ["GETEX", "k", "EX", "100"],
    ttl("k"),
    ["GETEX", "k", "PX", "50000"],
    pttl("k"),
    ["GETEX", "k", "EXAT", FUTURE_S],
    ttl("k"),
    ["GETEX", "k", "PXAT", FUTURE_MS],
    pttl("k", 1000),
    ["GETEX", "k"],
    ttl("k"),
    ["GETEX", "k", "PERSIST"],
    ttl("k"),
    ["GETEX", "k", "PERSIST"],
    ttl("k"),
    ["GETEX", "k", "EX", "0"],
    ttl("k"),
    ["GETEX", "k", "PX", "9223370000000000000"],
    pttl("k", 10000),
    // An absolute time in the past deletes the key after replying.
    ["GETEX", "k", "EXAT", "1"],
    ["EXISTS", "k"],
    ["SET", "k", "v2"],
    ["GETEX", "k", "PXAT", "1"],
    ["GETEX", "k"],
    ["SET", "k", "v3", "EX", "100"],
    ["GETEX", "k", "PXAT", "1000"],
    ["EXISTS", "k"],
  ]);

  // --- MGET / MSET / MSETNX -----------------------------------------------

  diffTest(pair, "MGET, MSET, MSETNX", [
    ["MGET", "a", "b", "c"],
    ["MSET", "a", "1", "b", "2"],
    ["MGET", "a", "b", "c"],
    ["MSET", "a", "x", "a", "y"],
    ["GET", "a"],
    ["MSET", "a"],
    ["MSET", "a", "1", "b"],
    ["MSET", "a", "1", "b", "2", "c"],
    ["MSETNX", "a", "1"],
    ["MSETNX", "c", "3", "d", "4"],
    ["MGET", "a", "b", "c", "d"],
    ["MSETNX", "e", "5", "a", "6"],
    ["EXISTS", "e"],
    ["GET", "a"],
    ["MSETNX", "f", "1", "f", "2"],
    ["GET", "f"],
    ["MSETNX", "g"],
    ["MSETNX", "g", "1", "h"],
    ["EXISTS", "g", "h"],
    ["mset", "k1", "", "k2", "-1"],
    ["mget", "k1", "k2", "k1"],
    ["MGET", "a", "a", "nokey", "a"],
  ]);

  diffTest(pair, "MSET drops TTLs, MSETNX treats expired keys as missing (TTL)", [
    ["SET", "a", "1", "EX", "100"],
    ["MSET", "a", "2", "b", "3"],
    ttl("a"),
    ["SET", "c", "1", "PXAT", "1"],
    ["MSETNX", "c", "2", "d", "3"],
    ["MGET", "c", "d"],
  ]);

  // --- APPEND / STRLEN ----------------------------------------------------

  diffTest(pair, "APPEND and STRLEN", [
    ["STRLEN", "k"],
    ["APPEND", "k", "hello"],
    ["APPEND", "k", " world"],
    ["GET", "k"],
    ["STRLEN", "k"],
    ["APPEND", "k", ""],
    ["STRLEN", "k"],
    ["APPEND", "e", ""],
    ["EXISTS", "e"],
    ["STRLEN", "e"],
    ["SET", "n", "-123"],
    ["STRLEN", "n"],
    ["APPEND", "n", "45"],
    ["GET", "n"],
    ["INCR", "n"],
    ["APPEND", "n", "x"],
    ["INCR", "n"],
    ["GET", "n"],
    ["SET", "z", "0"],
    ["STRLEN", "z"],
    ["APPEND", "fresh", "123"],
    ["INCR", "fresh"],
    ["STRLEN", "fresh"],
    ["SET", "big", "9223372036854775807"],
    ["STRLEN", "big"],
    ["STRLEN", "nokey"],
  ]);

  diffTest(pair, "APPEND keeps the TTL (TTL)", [
    ["SET", "k", "v", "EX", "100"],
    ["APPEND", "k", "w"],
    ttl("k"),
    ["SETRANGE", "k", "5", "x"],
    ttl("k"),
    ["INCR", "i"],
    ["EXPIRE", "i", "100"],
    ["INCR", "i"],
    ["INCRBY", "i", "10"],
    ["DECR", "i"],
    ttl("i"),
    ["INCRBYFLOAT", "i", "0.5"],
    ttl("i"),
    ["GETRANGE", "i", "0", "-1"],
  ]);

  // --- GETRANGE / SUBSTR / SETRANGE ---------------------------------------

  const idx = ["-100", "-12", "-11", "-10", "-5", "-1", "0", "1", "4", "10", "11", "12", "100"];
  const rangeSteps: StepLike[] = [["SET", "s", "Hello World"], ["SET", "n", "-1234567890"], ["SET", "e", ""]];
  for (const a of idx) for (const b of idx) rangeSteps.push(["GETRANGE", "s", a, b]);
  for (const a of ["-20", "-3", "0", "2", "30"]) {
    for (const b of ["-20", "-3", "-1", "0", "2", "30"]) {
      rangeSteps.push(["GETRANGE", "n", a, b], ["SUBSTR", "n", a, b], ["GETRANGE", "e", a, b], ["GETRANGE", "missing", a, b]);
    }
  }
  diffTest(pair, "GETRANGE and SUBSTR index arithmetic", rangeSteps);

  diffTest(pair, "GETRANGE / SUBSTR errors and int64 edges", [
    ["SET", "s", "Hello World"],
    ["GETRANGE", "s", "a", "1"],
    ["GETRANGE", "s", "1", "b"],
    ["GETRANGE", "s", "1.5", "3"],
    ["GETRANGE", "s", "", "3"],
    ["GETRANGE", "missing", "a", "1"],
    ["SUBSTR", "s", "x", "y"],
    ["GETRANGE", "s", "9223372036854775807", "9223372036854775807"],
    ["GETRANGE", "s", "-9223372036854775808", "9223372036854775807"],
    ["GETRANGE", "s", "-9223372036854775808", "-9223372036854775808"],
    ["GETRANGE", "s", "-9223372036854775807", "-9223372036854775808"],
    ["GETRANGE", "s", "-9223372036854775808", "-9223372036854775807"],
    ["GETRANGE", "s", "0", "-9223372036854775808"],
    ["GETRANGE", "s", "9223372036854775808", "1"],
    ["GETRANGE", "s", "0", "-9223372036854775809"],
    ["SUBSTR", "s", "0", "4"],
    ["substr", "s", "-5", "-1"],
  ]);

  diffTest(pair, "SETRANGE", [
    ["SETRANGE", "k", "0", ""],
    ["EXISTS", "k"],
    ["SETRANGE", "k", "10", ""],
    ["EXISTS", "k"],
    ["SETRANGE", "k", "0", "hello"],
    ["GET", "k"],
    ["SETRANGE", "k2", "5", "xy"],
    ["GET", "k2"],
    ["STRLEN", "k2"],
    ["SET", "s", "Hello World"],
    ["SETRANGE", "s", "6", "Redis"],
    ["GET", "s"],
    ["SETRANGE", "s", "0", "J"],
    ["GET", "s"],
    ["SETRANGE", "s", "11", "!"],
    ["GET", "s"],
    ["SETRANGE", "s", "15", "??"],
    ["GET", "s"],
    ["SETRANGE", "s", "3", "\0\r\n"],
    ["GET", "s"],
    ["SETRANGE", "s", "0", ""],
    ["SETRANGE", "s", "100", ""],
    ["GET", "s"],
    ["SETRANGE", "s", "-1", "x"],
    ["SETRANGE", "s", "-1", ""],
    ["SETRANGE", "missing", "-1", "x"],
    ["SETRANGE", "s", "abc", "x"],
    ["SETRANGE", "s", "1.5", "x"],
    ["SETRANGE", "s", "", "x"],
    ["SETRANGE", "s", "9223372036854775808", "x"],
    ["SETRANGE", "s", "9223372036854775807", "x"],
    ["SETRANGE", "s", "536870912", "x"],
    ["SETRANGE", "s", "536870911", "xy"],
    ["SETRANGE", "s", "9223372036854775807", ""],
    ["SETRANGE", "missing", "536870912", "x"],
    ["SETRANGE", "missing", "9223372036854775807", ""],
    ["EXISTS", "missing"],
    ["SET", "n", "12345"],
    ["SETRANGE", "n", "1", "9"],
    ["GET", "n"],
    ["INCR", "n"],
    ["SETRANGE", "n", "0", "-"],
    ["INCR", "n"],
    ["GET", "n"],
    ["SETRANGE", "n", "1", "x"],
    ["INCR", "n"],
  ]);

  // --- INCR family --------------------------------------------------------

  diffTest(pair, "INCR / DECR / INCRBY / DECRBY", [
    ["INCR", "k"],
    ["INCR", "k"],
    ["DECR", "k"],
    ["DECR", "nk"],
    ["INCRBY", "k", "100"],
    ["INCRBY", "k", "-1000"],
    ["DECRBY", "k", "5"],
    ["DECRBY", "k", "-5"],
    ["INCRBY", "k", "0"],
    ["GET", "k"],
    ["INCRBY", "new", "-7"],
    ["DECRBY", "new2", "7"],
    ["SET", "s", "10"],
    ["INCR", "s"],
    ["SET", "s", "-10"],
    ["DECR", "s"],
    ["incrby", "s", "20"],
    ["decrby", "s", "20"],
    ["INCRBY", "k", "abc"],
    ["INCRBY", "k", "1.5"],
    ["INCRBY", "k", ""],
    ["INCRBY", "k", " 1"],
    ["INCRBY", "k", "+1"],
    ["INCRBY", "k", "01"],
    ["INCRBY", "k", "-0"],
    ["INCRBY", "k", "1\0"],
    ["DECRBY", "k", "abc"],
    ["DECRBY", "k", "9223372036854775808"],
  ]);

  const badInts = ["abc", "1.5", "", " 1", "1 ", "+1", "01", "-0", "0x10", "1e3", "1\0", "\x001", "18446744073709551616", "9223372036854775808", "-9223372036854775809", "123456789012345678901"];
  const badIntSteps: StepLike[] = [];
  for (const v of badInts) badIntSteps.push(["SET", "k", v], ["INCR", "k"], ["DECR", "k"], ["INCRBY", "k", "1"], ["DECRBY", "k", "1"], ["GET", "k"]);
  diffTest(pair, "INCR family on values that are not integers", badIntSteps);

  diffTest(pair, "INCR family at the int64 edges", [
    ["SET", "k", "9223372036854775807"],
    ["INCR", "k"],
    ["INCRBY", "k", "1"],
    ["INCRBY", "k", "0"],
    ["DECR", "k"],
    ["INCR", "k"],
    ["GET", "k"],
    ["SET", "k", "-9223372036854775808"],
    ["DECR", "k"],
    ["DECRBY", "k", "1"],
    ["INCRBY", "k", "-1"],
    ["INCR", "k"],
    ["DECR", "k"],
    ["GET", "k"],
    ["INCRBY", "k", "9223372036854775807"],
    ["INCRBY", "k", "9223372036854775807"],
    ["INCRBY", "k", "1"],
    ["GET", "k"],
    ["SET", "z", "0"],
    ["INCRBY", "z", "-9223372036854775808"],
    ["DECR", "z"],
    ["INCRBY", "z", "9223372036854775807"],
    ["SET", "z", "1"],
    ["DECRBY", "z", "-9223372036854775808"],
    ["DECRBY", "z", "-9223372036854775807"],
    ["DECRBY", "z", "9223372036854775807"],
    ["SET", "z", "-2"],
    ["DECRBY", "z", "9223372036854775807"],
    ["SET", "z", "-1"],
    ["DECRBY", "z", "9223372036854775807"],
    ["GET", "z"],
    ["DECRBY", "fresh", "-9223372036854775808"],
    ["EXISTS", "fresh"],
    ["INCRBY", "fresh", "-9223372036854775808"],
    ["GET", "fresh"],
    // Around 2^53, where JS numbers stop being exact.
    ["SET", "p", "9007199254740991"],
    ["INCR", "p"],
    ["INCR", "p"],
    ["INCRBY", "p", "9007199254740993"],
    ["GET", "p"],
    ["DECRBY", "p", "18014398509481985"],
    ["GET", "p"],
    ["SET", "m", "-9007199254740991"],
    ["DECR", "m"],
    ["DECRBY", "m", "9007199254740993"],
    ["INCRBY", "m", "18014398509481986"],
    ["GET", "m"],
    ["SET", "q", "4611686018427387904"],
    ["INCRBY", "q", "4611686018427387903"],
    ["INCRBY", "q", "1"],
    ["GET", "q"],
  ]);

  // --- INCRBYFLOAT --------------------------------------------------------

  const floatPairs: [string | null, string][] = [
    [null, "0.1"],
    ["0.1", "0.2"],
    ["10.50", "0.1"],
    ["5.0e3", "2.0e2"],
    ["1", "-1"],
    ["-0", "0"],
    ["0", "-0"],
    ["3", "1.5"],
    ["-1.5", "1.5"],
    ["100", "-0.0001"],
    ["1.1", "2.2"],
    ["0.1", "0.7"],
    ["3.0", "0"],
    ["1e20", "1"],
    ["1e-20", "1"],
    ["1e-17", "0"],
    ["1e-18", "0"],
    ["5e-18", "0"],
    ["123456789012345678", "1"],
    ["9223372036854775807", "1"],
    ["-9223372036854775808", "-1"],
    ["18446744073709551616", "0.5"],
    ["1e308", "1e308"],
    ["1.7976931348623157e308", "1e308"],
    ["1e-300", "0"],
    ["1e4000", "1e4000"],
    ["1e4932", "1e4932"],
    ["1.18e4932", "0"],
    ["-1e4932", "-1e4932"],
    ["1e-4950", "0"],
    ["3.14159265358979323846264338327950288", "0"],
    ["2.718281828459045", "3.141592653589793"],
    ["0x10", "0x1p-2"],
    ["0X1.8P1", "1"],
    ["inf", "1"],
    ["1", "inf"],
    ["-inf", "1"],
    ["1", "-Infinity"],
    ["nan", "1"],
    ["1", "nan"],
    ["1", "NaN"],
    ["abc", "1"],
    ["1", "abc"],
    ["", "1"],
    ["1", ""],
    [" 1", "1"],
    ["1 ", "1"],
    ["1", " 1"],
    ["1e", "1"],
    ["1", "1e"],
    ["1", "+1"],
    ["+1.5", "-.5"],
    [".5", "5."],
    ["1.5\0x", "1"],
    ["1", "2\0"],
    ["1", "1e400"],
    ["1", "1e-400"],
    ["1", "1e5000"],
    ["1." + "0".repeat(5117), "1"],
    ["1." + "0".repeat(5118), "1"],
    ["1", "1." + "0".repeat(5117)],
    ["1", "1." + "0".repeat(5118)],
    ["0.1", "-0.1"],
    ["1e-5", "0"],
    ["12345.678", "-12345.678"],
    ["99999999999999999", "1"],
    ["0.30000000000000004", "0"],
    ["2", "-2.00000000000000001"],
  ];
  const fr = rng(42);
  for (let i = 0; i < 40; i++) {
    const mag = Math.floor(fr() * 30) - 15;
    const a = ((fr() - 0.5) * 10 ** mag).toPrecision(1 + Math.floor(fr() * 17));
    const b = ((fr() - 0.5) * 10 ** (mag + Math.floor(fr() * 6) - 3)).toString();
    floatPairs.push([a, b]);
  }
  const floatSteps: StepLike[] = [];
  for (const [init, by] of floatPairs) {
    floatSteps.push(["DEL", "f"]);
    if (init !== null) floatSteps.push(["SET", "f", init]);
    floatSteps.push(["INCRBYFLOAT", "f", by], ["GET", "f"]);
  }
  diffTest(pair, "INCRBYFLOAT results and formatting", floatSteps);

  const accSteps: StepLike[] = [];
  for (let i = 0; i < 30; i++) accSteps.push(["INCRBYFLOAT", "acc", "0.1"]);
  for (let i = 0; i < 10; i++) accSteps.push(["INCRBYFLOAT", "acc", "-0.3"]);
  for (let i = 0; i < 10; i++) accSteps.push(["INCRBYFLOAT", "big", "1e17"], ["INCRBYFLOAT", "big", "0.01"]);
  for (let i = 0; i < 10; i++) accSteps.push(["INCRBYFLOAT", "tiny", "1.5e-7"]);
  accSteps.push(["GET", "acc"], ["GET", "big"], ["GET", "tiny"], ["INCR", "acc"], ["SET", "i", "10"], ["INCRBYFLOAT", "i", "5"], ["INCR", "i"]);
  diffTest(pair, "INCRBYFLOAT accumulation", accSteps);

  // --- LCS ----------------------------------------------------------------

  diffTest(pair, "LCS", [
    ["MSET", "key1", "ohmytext", "key2", "mynewtext"],
    ["LCS", "key1", "key2"],
    ["LCS", "key1", "key2", "LEN"],
    ["LCS", "key1", "key2", "IDX"],
    ["LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4"],
    ["LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"],
    ["LCS", "key1", "key2", "IDX", "WITHMATCHLEN"],
    ["LCS", "key1", "key2", "WITHMATCHLEN"],
    ["LCS", "key1", "key2", "MINMATCHLEN", "2"],
    ["LCS", "key1", "key2", "LEN", "WITHMATCHLEN", "MINMATCHLEN", "3"],
    ["LCS", "key1", "key2", "idx", "minmatchlen", "-5", "withmatchlen"],
    ["LCS", "key1", "key2", "IDX", "MINMATCHLEN", "9223372036854775807"],
    ["LCS", "key1", "key2", "IDX", "IDX"],
    ["LCS", "key1", "key2", "IDX\0junk"],
    ["LCS", "key1", "key2", "IDX", "LEN"],
    ["LCS", "key1", "key2", "LEN", "IDX"],
    ["LCS", "key1", "key2", "MINMATCHLEN"],
    ["LCS", "key1", "key2", "MINMATCHLEN", "x"],
    ["LCS", "key1", "key2", "MINMATCHLEN", "1.5"],
    ["LCS", "key1", "key2", "FOO"],
    ["LCS", "key1", "key2", "IDX", "FOO"],
    ["LCS", "key1", "missing"],
    ["LCS", "missing", "key2", "IDX"],
    ["LCS", "missing", "missing2", "LEN"],
    ["LCS", "missing", "missing2", "IDX", "WITHMATCHLEN"],
    ["LCS", "key1", "key1", "IDX", "WITHMATCHLEN"],
    ["SET", "n1", "123456789"],
    ["SET", "n2", "1357913579"],
    ["LCS", "n1", "n2", "IDX", "WITHMATCHLEN"],
    ["MSET", "a", "aaaa", "b", "aa"],
    ["LCS", "a", "b", "IDX", "WITHMATCHLEN"],
    ["MSET", "a", "abcabcabc", "b", "cbacbacba"],
    ["LCS", "a", "b"],
    ["LCS", "a", "b", "IDX", "WITHMATCHLEN"],
    ["LCS", "b", "a", "IDX", "WITHMATCHLEN"],
    ["MSET", "a", "xyz", "b", "abc"],
    ["LCS", "a", "b"],
    ["LCS", "a", "b", "IDX"],
    ["LCS", "a", "b", "LEN"],
  ]);

  const lr = rng(7);
  const lcsSteps: StepLike[] = [];
  for (let i = 0; i < 12; i++) {
    const alphabet = i % 3 === 0 ? "AB" : i % 3 === 1 ? "ACGT" : "abcdefghij";
    const x = randomString(lr, 5 + Math.floor(lr() * 150), alphabet);
    const y = randomString(lr, 5 + Math.floor(lr() * 150), alphabet);
    lcsSteps.push(
      ["MSET", "x", x, "y", y],
      ["LCS", "x", "y"],
      ["LCS", "y", "x"],
      ["LCS", "x", "y", "LEN"],
      ["LCS", "x", "y", "IDX", "WITHMATCHLEN"],
      ["LCS", "x", "y", "IDX", "MINMATCHLEN", "3", "WITHMATCHLEN"],
    );
  }
  const bx = randomString(lr, 1500, ALL_BYTES);
  const by = randomString(lr, 1400, ALL_BYTES);
  lcsSteps.push(["MSET", "bx", bx, "by", by], ["LCS", "bx", "by"], ["LCS", "bx", "by", "IDX", "MINMATCHLEN", "2", "WITHMATCHLEN"]);
  diffTest(pair, "LCS on generated strings (ties, binary, larger inputs)", lcsSteps);

  diffTest(pair, "LCS transient memory limit", [
    ["SET", "a", "x".repeat(12000)],
    ["SET", "b", "y".repeat(12000)],
    ["LCS", "a", "b", "LEN"],
    ["LCS", "a", "missing"],
  ]);

  // --- Large values -------------------------------------------------------

  const big = randomString(rng(3), 1 << 20, ALL_BYTES);
  diffTest(pair, "large values", [
    ["SET", "big", big],
    ["STRLEN", "big"],
    ["GET", "big"],
    ["GETRANGE", "big", "500000", "500100"],
    ["GETRANGE", "big", "-10", "-1"],
    ["APPEND", "big", big],
    ["STRLEN", "big"],
    ["GETRANGE", "big", "1048570", "1048590"],
    ["SETRANGE", "big", "3000000", "tail"],
    ["STRLEN", "big"],
    ["GETRANGE", "big", "2097150", "2097160"],
    ["GETRANGE", "big", "2999998", "-1"],
    ["SETRANGE", "fresh", "1000000", "x"],
    ["GETRANGE", "fresh", "999998", "1000000"],
    ["MSET", "b1", big, "b2", big.slice(1000)],
    ["MGET", "b1", "b2"],
    ["GETSET", "b1", big.slice(5)],
    ["GETDEL", "b2"],
    ["GETEX", "b1"],
    ["SETNX", "b3", big],
    ["STRLEN", "b3"],
  ]);

  // --- Arity --------------------------------------------------------------

  diffTest(pair, "wrong number of arguments", [
    ["GET"],
    ["GET", "a", "b"],
    ["SET", "k"],
    ["SET"],
    ["SETNX", "k"],
    ["SETNX", "k", "v", "x"],
    ["SETEX", "k", "10"],
    ["SETEX", "k", "10", "v", "x"],
    ["PSETEX", "k", "10"],
    ["GETSET", "k"],
    ["GETSET", "k", "v", "x"],
    ["GETDEL"],
    ["GETDEL", "a", "b"],
    ["GETEX"],
    ["MGET"],
    ["MSET"],
    ["MSET", "k"],
    ["MSETNX"],
    ["MSETNX", "k"],
    ["APPEND", "k"],
    ["APPEND", "k", "v", "x"],
    ["STRLEN"],
    ["STRLEN", "a", "b"],
    ["GETRANGE", "k", "0"],
    ["GETRANGE", "k", "0", "1", "2"],
    ["SUBSTR", "k", "0"],
    ["SETRANGE", "k", "0"],
    ["SETRANGE", "k", "0", "v", "x"],
    ["INCR"],
    ["INCR", "a", "b"],
    ["DECR"],
    ["INCRBY", "k"],
    ["INCRBY", "k", "1", "2"],
    ["DECRBY", "k"],
    ["INCRBYFLOAT", "k"],
    ["INCRBYFLOAT", "k", "1", "2"],
    ["LCS", "k"],
    ["LCS"],
    ["EXISTS", "k"],
  ]);

  // --- RESP3 --------------------------------------------------------------

  diffTest(pair, "RESP3 replies", [
    { cmd: ["HELLO", "3"], typeOnly: true },
    ["GET", "missing"],
    ["SET", "k", "v", "GET"],
    ["SET", "k", "v", "NX"],
    ["GETEX", "missing"],
    ["GETDEL", "missing"],
    ["GETSET", "missing", "v"],
    ["MGET", "k", "missing"],
    ["INCRBYFLOAT", "f", "1.5"],
    ["MSET", "key1", "ohmytext", "key2", "mynewtext"],
    ["LCS", "key1", "key2", "IDX", "WITHMATCHLEN"],
    ["LCS", "key1", "key2", "LEN"],
    ["LCS", "key1", "key2"],
    { cmd: ["HELLO", "2"], typeOnly: true },
    ["GET", "missing"],
  ]);
});

// Steps that need commands of other groups: WRONGTYPE needs lists, sets,
// hashes and sorted sets; encodings need OBJECT.
describe("strings: WRONGTYPE and encodings", () => {
  const pair = useDiffPair();

  const wrongSteps: StepLike[] = [["RPUSH", "list", "a"], ["SADD", "set", "a"], ["HSET", "hash", "f", "v"], ["ZADD", "zset", "1", "a"]];
  for (const k of ["list", "set", "hash", "zset"]) {
    wrongSteps.push(
      ["GET", k],
      ["SET", k, "v", "GET"],
      ["SET", k, "v", "GET", "EX", "0"],
      ["SET", k, "v", "NX", "GET"],
      ["GETSET", k, "v"],
      ["GETDEL", k],
      ["GETEX", k],
      ["GETEX", k, "EX", "0"],
      ["GETEX", k, "EX", "abc"],
      ["GETEX", k, "FOO"],
      ["APPEND", k, "x"],
      ["APPEND", k, ""],
      ["STRLEN", k],
      ["GETRANGE", k, "0", "-1"],
      ["GETRANGE", k, "x", "-1"],
      ["SUBSTR", k, "0", "-1"],
      ["SETRANGE", k, "0", "x"],
      ["SETRANGE", k, "0", ""],
      ["SETRANGE", k, "-1", "x"],
      ["SETRANGE", k, "a", "x"],
      ["INCR", k],
      ["DECR", k],
      ["INCRBY", k, "1"],
      ["INCRBY", k, "x"],
      ["DECRBY", k, "1"],
      ["DECRBY", k, "-9223372036854775808"],
      ["INCRBYFLOAT", k, "1"],
      ["INCRBYFLOAT", k, "x"],
      ["LCS", k, "missing"],
      ["LCS", "missing", k, "LEN"],
      ["LCS", k, k, "FOO"],
      ["MGET", k, "missing"],
      ["SETNX", k, "v"],
      ["MSETNX", k, "v", "other", "v"],
      ["EXISTS", "other"],
      ["TYPE", k],
    );
  }
  // Writes that replace a value of any type.
  wrongSteps.push(
    ["SET", "list", "v"],
    ["GET", "list"],
    ["SETEX", "set", "100", "v"],
    ["GET", "set"],
    ["MSET", "hash", "v", "zset", "w"],
    ["MGET", "hash", "zset"],
    ["RPUSH", "l2", "a"],
    ["SET", "l2", "v", "XX", "PX", "100000"],
    ["GET", "l2"],
  );
  diffTest(pair, "string commands on other types", wrongSteps);

  diffTest(pair, "OBJECT ENCODING after string commands", [
    ["SET", "k", "123"],
    ["OBJECT", "ENCODING", "k"],
    ["SET", "k", "-123"],
    ["OBJECT", "ENCODING", "k"],
    ["SET", "k", "0123"],
    ["OBJECT", "ENCODING", "k"],
    ["SET", "k", "hello"],
    ["OBJECT", "ENCODING", "k"],
    ["SET", "k", "x".repeat(44)],
    ["OBJECT", "ENCODING", "k"],
    ["SET", "k", "x".repeat(45)],
    ["OBJECT", "ENCODING", "k"],
    ["APPEND", "a", "123"],
    ["OBJECT", "ENCODING", "a"],
    ["APPEND", "a", "4"],
    ["OBJECT", "ENCODING", "a"],
    ["APPEND", "b", "abc"],
    ["OBJECT", "ENCODING", "b"],
    ["APPEND", "b", ""],
    ["OBJECT", "ENCODING", "b"],
    ["SETRANGE", "c", "0", "abc"],
    ["OBJECT", "ENCODING", "c"],
    ["SET", "d", "abc"],
    ["SETRANGE", "d", "0", ""],
    ["OBJECT", "ENCODING", "d"],
    ["SETRANGE", "d", "1", "x"],
    ["OBJECT", "ENCODING", "d"],
    ["INCR", "d2"],
    ["OBJECT", "ENCODING", "d2"],
    ["SET", "e", "10"],
    ["INCRBYFLOAT", "e", "1"],
    ["OBJECT", "ENCODING", "e"],
    ["INCR", "e"],
    ["OBJECT", "ENCODING", "e"],
    ["SETRANGE", "e", "0", "2"],
    ["OBJECT", "ENCODING", "e"],
    ["INCR", "e"],
    ["OBJECT", "ENCODING", "e"],
    ["MSET", "m1", "1", "m2", "x"],
    ["OBJECT", "ENCODING", "m1"],
    ["OBJECT", "ENCODING", "m2"],
    ["GETSET", "m2", "42"],
    ["OBJECT", "ENCODING", "m2"],
    ["SETNX", "m3", "7"],
    ["OBJECT", "ENCODING", "m3"],
    ["SETEX", "m4", "100", "8"],
    ["OBJECT", "ENCODING", "m4"],
    ["MSETNX", "m5", "9"],
    ["OBJECT", "ENCODING", "m5"],
    ["SET", "f", "1.5"],
    ["INCRBYFLOAT", "f", "0.5"],
    ["OBJECT", "ENCODING", "f"],
  ]);
});

// A server with a small proto-max-bulk-len, so that the size limits of
// APPEND, SETRANGE and LCS can be reached without allocating 512MB.
describe("strings: proto-max-bulk-len limits", () => {
  const pair = useDiffPair({ "proto-max-bulk-len": "1048576" });
  const half = "a".repeat(524288);
  diffTest(pair, "APPEND / SETRANGE / LCS beyond proto-max-bulk-len", [
    ["SET", "k", half],
    ["APPEND", "k", half],
    ["STRLEN", "k"],
    ["APPEND", "k", "x"],
    ["APPEND", "k", ""],
    ["STRLEN", "k"],
    ["SETRANGE", "k", "1048575", "y"],
    ["SETRANGE", "k", "1048576", "y"],
    ["SETRANGE", "k", "1048575", "yz"],
    ["SETRANGE", "k", "1048577", ""],
    ["SETRANGE", "new", "1048576", "y"],
    ["SETRANGE", "new", "1048575", "y"],
    ["STRLEN", "new"],
    ["SETRANGE", "k", "9223372036854775807", "x"],
    ["APPEND", "fresh", half],
    ["STRLEN", "fresh"],
    ["SET", "a", "x".repeat(600)],
    ["SET", "b", "y".repeat(600)],
    ["LCS", "a", "b"],
    ["SET", "a", "x".repeat(400)],
    ["SET", "b", "y".repeat(400)],
    ["LCS", "a", "b", "LEN"],
  ]);
});

// ---------------------------------------------------------------------------
// What replicas/the AOF receive, and the keyspace events, compared with Redis
// (see test/helpers/propagation.ts). Absolute times may differ by a little;
// everything else must be identical.
// ---------------------------------------------------------------------------

/** Same commands, allowing absolute ms timestamps to differ by 2s. */
function sameCommands(a: string[][], b: string[][]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.length !== b[i]!.length) return false;
    for (let j = 0; j < a[i]!.length; j++) {
      const x = a[i]![j]!;
      const y = b[i]![j]!;
      if (x === y) continue;
      const ts = /^"\d{12,}"$/;
      if (ts.test(x) && ts.test(y) && Math.abs(Number(x.slice(1, -1)) - Number(y.slice(1, -1))) <= 2000) continue;
      return false;
    }
  }
  return true;
}

describe("strings: propagation and keyspace events vs redis-server", () => {
  const harness = usePropagationHarness({ events: true });

  /** Runs the commands on both servers, then compares what each propagated and notified. */
  function propTest(name: string, cmds: string[][]): void {
    harness.propTest(name, cmds, (r) => {
      const [redisCmds, bunCmds] = r.cmds;
      const [redisEv, bunEv] = r.events;
      expect(redisCmds.length).toBeGreaterThan(0);
      const same = sameCommands(redisCmds, bunCmds);
      if (!same) expect(bunCmds).toEqual(redisCmds); // shows the difference
      expect(same).toBe(true);
      expect(bunEv).toEqual(redisEv);
    });
  }

  propTest("SET and its options", [
    ["SET", "k", "v"],
    ["SET", "k", "v", "EX", "100"],
    ["SET", "k", "12345", "PX", "100000", "GET"],
    ["SET", "k", "v", "EXAT", FUTURE_S],
    ["SET", "k", "v", "PXAT", FUTURE_MS],
    ["SET", "k", "v2", "KEEPTTL"],
    ["SET", "k", "v", "NX"],
    ["SET", "k", "v", "NX", "EX", "10"],
    ["SET", "nk", "v", "XX"],
    ["SET", "k", "v3", "XX", "GET"],
    ["set", "k", "v4", "GET", "gEt", "KEEPTTL"],
    ["SET", "k", "v", "EX", "0"],
    ["SET", "k", "v", "FOO"],
    ["SET", "k", "v", "EXAT", "1"],
    ["GET", "k"],
    ["SET", "p", "v", "PXAT", "1", "GET"],
    ["SET", "p", "w", "GET"],
  ]);

  propTest("SETNX, SETEX, PSETEX, GETSET, GETDEL", [
    ["SETNX", "k", "v"],
    ["SETNX", "k", "v"],
    ["SETEX", "k", "100", "v"],
    ["PSETEX", "k", "100000", "v"],
    ["SETEX", "k", "0", "v"],
    ["PSETEX", "k", "abc", "v"],
    ["GETSET", "k", "w"],
    ["getset", "new", "1"],
    ["GETDEL", "k"],
    ["GETDEL", "k"],
  ]);

  propTest("GETEX", [
    ["SET", "k", "v"],
    ["GETEX", "k"],
    ["GETEX", "k", "EX", "100"],
    ["GETEX", "k", "PX", "100000"],
    ["GETEX", "k", "EXAT", FUTURE_S],
    ["GETEX", "k", "PXAT", FUTURE_MS],
    ["GETEX", "k", "PERSIST"],
    ["GETEX", "k", "PERSIST"],
    ["GETEX", "k", "EX", "0"],
    ["GETEX", "missing", "EX", "10"],
    ["GETEX", "k", "EXAT", "1"],
    ["SET", "k", "v", "EX", "100"],
    ["GETEX", "k", "PXAT", "1000"],
  ]);

  propTest("MSET, MSETNX, APPEND, SETRANGE, INCR family, INCRBYFLOAT", [
    ["MSET", "a", "1", "b", "2"],
    ["MSETNX", "c", "1", "d", "2"],
    ["MSETNX", "a", "1", "e", "2"],
    ["APPEND", "a", "23"],
    ["APPEND", "new", "x"],
    ["SETRANGE", "a", "1", "xy"],
    ["SETRANGE", "a", "1", ""],
    ["SETRANGE", "none", "3", ""],
    ["SETRANGE", "none", "3", "z"],
    ["INCR", "i"],
    ["DECR", "i"],
    ["INCRBY", "i", "10"],
    ["DECRBY", "i", "3"],
    ["INCR", "a"],
    ["INCRBYFLOAT", "f", "1.5"],
    ["INCRBYFLOAT", "f", "0.25"],
    ["SET", "g", "1", "EX", "100"],
    ["INCRBYFLOAT", "g", "2"],
    ["INCRBYFLOAT", "f", "abc"],
    ["INCRBYFLOAT", "f", "inf"],
  ]);

  propTest("binary arguments and read-only commands", [
    ["SET", "a b\r\n\0\"\\\t\x07\x08\xff", "c\"d\x00\x7f\x80"],
    ["APPEND", "a b\r\n\0\"\\\t\x07\x08\xff", "\r\n"],
    ["INCRBYFLOAT", "\0f", "1e-3"],
    ["GETEX", "\0f", "EX", "100"],
    ["GET", "missing"],
    ["MGET", "a", "missing"],
    ["STRLEN", "\0f"],
    ["GETRANGE", "\0f", "0", "1"],
    ["LCS", "\0f", "missing"],
  ]);
});
