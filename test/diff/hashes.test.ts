// Differential tests: the hash commands (Redis 7.0's t_hash.c) against
// redis-server 7 — every command, its options and its errors, RESP3 reply
// shapes, OBJECT ENCODING at the listpack thresholds, HRANDFIELD by its
// properties, HSCAN by full iteration, and (at the end) what is propagated to
// replicas and the keyspace events.

import { describe, expect, test } from "bun:test";
import { diffTest, hasRedis, requireRedisInCI, type StepLike, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { usePropagationHarness } from "../helpers/propagation.ts";
import { bulkStrings, scanPages } from "../helpers/replies.ts";
import { type Resp, RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

const BIN = "\x00b\xffin\r\n";
const HI = "\xe9t\xe9";
const LONG64 = "v".repeat(64);
const LONG65 = "v".repeat(65);
const HELLO3: StepLike = { cmd: ["HELLO", "3"], typeOnly: true };
const HELLO2: StepLike = { cmd: ["HELLO", "2"], typeOnly: true };

/** HSET key f0 v0 f1 v1 ... with n fields. */
function hsetMany(key: string, n: number, prefix = "f", from = 0): string[] {
  const a = ["HSET", key];
  for (let i = from; i < from + n; i++) a.push(`${prefix}${i}`, `v${i}`);
  return a;
}

const unordered = (...cmd: string[]): StepLike => ({ cmd, unordered: true });
const pairs = (...cmd: string[]): StepLike => ({ cmd, unordered: true, pairs: true });

describe("hashes vs redis-server", () => {
  const pair = useDiffPair();

  diffTest(pair, "HSET / HGET / HMGET / HLEN / HEXISTS / HSTRLEN", [
    ["HSET", "h", "a", "1"],
    ["HSET", "h", "a", "2", "b", "3", "a", "4"],
    ["HGET", "h", "a"],
    ["HGET", "h", "b"],
    ["HGET", "h", "nofield"],
    ["HGET", "nokey", "a"],
    ["HMGET", "h", "a", "nofield", "b"],
    ["HMGET", "nokey", "a", "b"],
    ["HLEN", "h"],
    ["HLEN", "nokey"],
    ["HEXISTS", "h", "a"],
    ["HEXISTS", "h", "zz"],
    ["HEXISTS", "nokey", "a"],
    ["HSTRLEN", "h", "a"],
    ["HSTRLEN", "h", "zz"],
    ["HSTRLEN", "nokey", "a"],
    ["HSET", "h", "", ""],
    ["HGET", "h", ""],
    ["HSTRLEN", "h", ""],
    ["HSET", "h", BIN, HI, HI, BIN],
    ["HGET", "h", BIN],
    ["HGET", "h", HI],
    ["HSTRLEN", "h", HI],
    ["HGETALL", "h"],
    ["HKEYS", "h"],
    ["HVALS", "h"],
    ["TYPE", "h"],
    ["OBJECT", "ENCODING", "h"],
  ]);

  diffTest(pair, "integer-looking fields and values keep their bytes", [
    ["HSET", "h", "0", "0", "-0", "-0", "01", "01", "1", "-1", "-1", "+1"],
    ["HSET", "h", "9007199254740993", "9007199254740993", "12345678901234567890", "-9223372036854775808"],
    ["HSET", "h", "1.5", "1e3", " 1", "1 ", "007", "9223372036854775807"],
    ["HGETALL", "h"],
    ["HGET", "h", "0"],
    ["HGET", "h", "-0"],
    ["HGET", "h", "01"],
    ["HGET", "h", "1"],
    ["HGET", "h", "-1"],
    ["HGET", "h", "9007199254740993"],
    ["HGET", "h", "12345678901234567890"],
    ["HGET", "h", " 1"],
    ["HGET", "h", "007"],
    ["HSTRLEN", "h", "1"],
    ["HSTRLEN", "h", "12345678901234567890"],
    ["HSTRLEN", "h", "9007199254740993"],
    ["HEXISTS", "h", "+1"],
    ["HEXISTS", "h", "1.0"],
    ["HMGET", "h", "0", "00", "-0", "1", "+1"],
    ["HINCRBY", "h", "0", "5"],
    ["HINCRBY", "h", "007", "1"],
    ["HINCRBY", "h", "1", "1"],
    ["HGETALL", "h"],
  ]);

  diffTest(pair, "HSET / HMSET arity and replies", [
    ["HSET", "h", "a"],
    ["HSET", "h", "a", "1", "b"],
    ["HSET", "h"],
    ["HMSET", "h", "a"],
    ["HMSET", "h", "a", "1", "b"],
    ["HMSET", "h", "a", "1", "b", "2"],
    ["HMSET", "h", "a", "3"],
    ["HGETALL", "h"],
    ["EXISTS", "h2"],
    ["HSET", "h2", "x"],
    ["EXISTS", "h2"],
    ["hset", "h2", "x", "1"],
    ["HsEt", "h2", "x", "2", "y", "3"],
    ["HGETALL", "h2"],
  ]);

  diffTest(pair, "HSETNX", [
    ["HSETNX", "h", "a", "1"],
    ["HSETNX", "h", "a", "2"],
    ["HGET", "h", "a"],
    ["HSETNX", "h", "b", "2"],
    ["HGETALL", "h"],
    ["HSETNX", "h", "a"],
    ["HSETNX", "h", "a", "1", "2"],
  ]);

  diffTest(pair, "HDEL (and the key goes when emptied)", [
    ["HSET", "h", "a", "1", "b", "2", "c", "3"],
    ["HDEL", "h", "a"],
    ["HDEL", "h", "a"],
    ["HDEL", "h", "zz", "b", "b", "zz"],
    ["HGETALL", "h"],
    ["HDEL", "h", "c", "x"],
    ["EXISTS", "h"],
    ["HDEL", "nokey", "a"],
    ["HDEL", "h"],
    ["HSET", "h", "a", "1", "b", "2"],
    ["HDEL", "h", "a", "b", "c"],
    ["EXISTS", "h"],
  ]);

  diffTest(pair, "HKEYS / HVALS / HGETALL on listpack hashes keep the listpack order", [
    ["HSET", "h", "z", "1", "y", "2", "x", "3", "w", "4"],
    ["HSET", "h", "y", "20"],
    ["HDEL", "h", "x"],
    ["HSET", "h", "x", "30", "a", "5"],
    ["HKEYS", "h"],
    ["HVALS", "h"],
    ["HGETALL", "h"],
    ["HKEYS", "nokey"],
    ["HVALS", "nokey"],
    ["HGETALL", "nokey"],
    HELLO3,
    ["HGETALL", "h"],
    ["HGETALL", "nokey"],
    ["HKEYS", "h"],
    ["HKEYS", "nokey"],
    ["HVALS", "h"],
    ["HMGET", "h", "z", "nofield"],
    ["HMGET", "nokey", "z"],
    ["HGET", "h", "nofield"],
    HELLO2,
  ]);

  diffTest(pair, "HKEYS / HVALS / HGETALL on hashtable hashes (unordered)", [
    hsetMany("h", 600),
    ["OBJECT", "ENCODING", "h"],
    unordered("HKEYS", "h"),
    unordered("HVALS", "h"),
    pairs("HGETALL", "h"),
    ["HLEN", "h"],
    ["HDEL", "h", "f1", "f2", "f3"],
    unordered("HKEYS", "h"),
    HELLO3,
    pairs("HGETALL", "h"),
    HELLO2,
  ]);

  diffTest(pair, "writes after HRANDFIELD has indexed a large hash keep it consistent", [
    hsetMany("h", 1000),
    { cmd: ["HRANDFIELD", "h"], typeOnly: true },
    { cmd: ["HRANDFIELD", "h", "-3", "WITHVALUES"], typeOnly: true },
    ["HSET", "h", "f5", "changed", "f2000", "new", "f6", "6"],
    ["HDEL", "h", "f0", "f999", "f500", "nope"],
    ["HGET", "h", "f5"],
    ["HGET", "h", "f999"],
    ["HGET", "h", "f2000"],
    ["HSETNX", "h", "f2000", "x"],
    ["HSETNX", "h", "f3000", "x"],
    ["HINCRBY", "h", "f6", "3"],
    ["HINCRBY", "h", "f7", "3"],
    ["HINCRBYFLOAT", "h", "f6", "0.5"],
    ["HSTRLEN", "h", "f2000"],
    ["HEXISTS", "h", "f0"],
    ["HMGET", "h", "f1", "f0", "f6"],
    ["HLEN", "h"],
    pairs("HGETALL", "h"),
    unordered("HKEYS", "h"),
    unordered("HVALS", "h"),
    ["COPY", "h", "h2"],
    pairs("HGETALL", "h2"),
    ["HDEL", "h", ...Array.from({ length: 960 }, (_, i) => `f${i + 1}`)],
    ["HLEN", "h"],
    pairs("HGETALL", "h"),
    { cmd: ["HRANDFIELD", "h", "-3", "WITHVALUES"], typeOnly: true },
    ["HSET", "h", "last", "1"],
    ["HGET", "h", "last"],
    pairs("HGETALL", "h"),
    ["OBJECT", "ENCODING", "h"],
  ]);

  diffTest(pair, "HINCRBY", [
    ["HINCRBY", "h", "a", "5"],
    ["HINCRBY", "h", "a", "-7"],
    ["HINCRBY", "h", "a", "0"],
    ["HGET", "h", "a"],
    ["HSET", "h", "s", "abc", "f", "1.5", "e", "", "sp", " 1", "z", "01", "big", "9223372036854775807", "small", "-9223372036854775808"],
    ["HINCRBY", "h", "s", "1"],
    ["HINCRBY", "h", "f", "1"],
    ["HINCRBY", "h", "e", "1"],
    ["HINCRBY", "h", "sp", "1"],
    ["HINCRBY", "h", "z", "1"],
    ["HINCRBY", "h", "big", "1"],
    ["HINCRBY", "h", "big", "0"],
    ["HINCRBY", "h", "big", "-1"],
    ["HINCRBY", "h", "small", "-1"],
    ["HINCRBY", "h", "small", "1"],
    ["HINCRBY", "h", "a", "x"],
    ["HINCRBY", "h", "a", "1.0"],
    ["HINCRBY", "h", "a", "9223372036854775808"],
    ["HINCRBY", "h", "a", "-9223372036854775808"],
    ["HINCRBY", "h", "n", "9223372036854775807"],
    ["HINCRBY", "h", "n", "1"],
    ["HINCRBY", "h", "m", "9007199254740993"],
    ["HINCRBY", "h", "m", "9007199254740993"],
    ["HGETALL", "h"],
    ["HINCRBY", "nokey2", "f", "x"],
    ["EXISTS", "nokey2"],
    ["HINCRBY", "h", "a"],
    ["HINCRBY", "h", "a", "1", "2"],
  ]);

  diffTest(pair, "HINCRBYFLOAT", [
    ["HINCRBYFLOAT", "h", "a", "1.5"],
    ["HINCRBYFLOAT", "h", "a", "0.1"],
    ["HINCRBYFLOAT", "h", "a", "-3"],
    ["HINCRBYFLOAT", "h", "b", "0.1"],
    ["HINCRBYFLOAT", "h", "b", "0.2"],
    ["HINCRBYFLOAT", "h", "c", "1e3"],
    ["HINCRBYFLOAT", "h", "c", "3.0e1"],
    ["HINCRBYFLOAT", "h", "d", "-0.0"],
    ["HINCRBYFLOAT", "h", "e", "0x10"],
    ["HINCRBYFLOAT", "h", "f", "5.0e3"],
    ["HINCRBYFLOAT", "h", "g", "1e308"],
    ["HINCRBYFLOAT", "h", "g2", "1e4000"],
    ["HINCRBYFLOAT", "h", "x", "abc"],
    ["HINCRBYFLOAT", "h", "x", "nan"],
    ["HINCRBYFLOAT", "h", "x", "inf"],
    ["HINCRBYFLOAT", "h", "x", "-Infinity"],
    ["HINCRBYFLOAT", "h", "x", " 1"],
    ["HINCRBYFLOAT", "h", "x", "1 "],
    ["HINCRBYFLOAT", "h", "x", ""],
    ["HINCRBYFLOAT", "h", "x", "1e-5000"],
    ["HSET", "h", "s", "abc", "sp", " 1", "emp", "", "int", "10", "big", "9223372036854775807"],
    ["HINCRBYFLOAT", "h", "s", "1"],
    ["HINCRBYFLOAT", "h", "sp", "1"],
    ["HINCRBYFLOAT", "h", "emp", "1"],
    ["HINCRBYFLOAT", "h", "int", "0.5"],
    ["HINCRBYFLOAT", "h", "big", "1"],
    ["HINCRBYFLOAT", "h", "int", "1e308"],
    ["HINCRBYFLOAT", "h", "g2", "1e4932"],
    ["HINCRBY", "h", "c", "1"],
    ["HINCRBY", "h", "a", "1"],
    pairs("HGETALL", "h"),
    ["OBJECT", "ENCODING", "h"],
    ["HINCRBYFLOAT", "nokey3", "f", "x"],
    ["EXISTS", "nokey3"],
  ]);

  diffTest(pair, "HRANDFIELD: deterministic replies and errors", [
    ["HRANDFIELD", "nokey"],
    ["HRANDFIELD", "nokey", "3"],
    ["HRANDFIELD", "nokey", "-3"],
    ["HRANDFIELD", "nokey", "3", "WITHVALUES"],
    ["HRANDFIELD", "nokey", "x"],
    ["HRANDFIELD", "nokey", "1", "foo"],
    ["HSET", "h", "a", "1", "b", "2", "c", "3"],
    ["HRANDFIELD", "h", "0"],
    ["HRANDFIELD", "h", "0", "WITHVALUES"],
    ["HRANDFIELD", "h", "3"],
    ["HRANDFIELD", "h", "100"],
    ["HRANDFIELD", "h", "100", "withvalues"],
    ["HRANDFIELD", "h", "9223372036854775807"],
    ["HRANDFIELD", "h", "4611686018427387903", "WITHVALUES"],
    ["HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"],
    ["HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"],
    ["HRANDFIELD", "h", "-9223372036854775808"],
    ["HRANDFIELD", "h", "9223372036854775808"],
    ["HRANDFIELD", "h", "x"],
    ["HRANDFIELD", "h", "1.5"],
    ["HRANDFIELD", "h", "3", "WITHVALUESX"],
    ["HRANDFIELD", "h", "3", "WITHVALUES", "x"],
    ["HRANDFIELD", "h", "x", "WITHVALUES"],
    HELLO3,
    ["HRANDFIELD", "nokey"],
    ["HRANDFIELD", "nokey", "3", "WITHVALUES"],
    ["HRANDFIELD", "h", "100", "WITHVALUES"],
    ["HRANDFIELD", "h", "100"],
    ["HRANDFIELD", "h", "0", "WITHVALUES"],
    HELLO2,
    ["DEL", "h"],
    ["HSET", "h", "only", "one"],
    ["HRANDFIELD", "h"],
    ["HRANDFIELD", "h", "-3"],
    ["HRANDFIELD", "h", "-2", "WITHVALUES"],
    ["HRANDFIELD", "h", "1", "WITHVALUES"],
    HELLO3,
    ["HRANDFIELD", "h", "-2", "WITHVALUES"],
    HELLO2,
  ]);

  diffTest(pair, "HSCAN: small hashes come whole, with cursor 0", [
    ["HSET", "h", "a", "1", "b", "2", "ab", "3", "ba", "4", "c", "5"],
    ["HSCAN", "h", "0"],
    ["HSCAN", "h", "0", "COUNT", "1"],
    ["HSCAN", "h", "123"],
    ["HSCAN", "h", "0", "MATCH", "a*"],
    ["HSCAN", "h", "0", "MATCH", "*a*", "COUNT", "2"],
    ["HSCAN", "h", "0", "match", "*", "count", "100"],
    ["HSCAN", "h", "0", "MATCH", "zz*"],
    ["HSCAN", "h", "0", "COUNT", "1", "MATCH", "b", "COUNT", "5"],
    ["HSCAN", "nokey", "0"],
    ["HSCAN", "nokey", "0", "foo"],
    ["HSCAN", "nokey", "0", "COUNT", "0"],
    ["HSCAN", "nokey", "x"],
    ["HSCAN", "h", "x"],
    ["HSCAN", "h", "18446744073709551616"],
    ["HSCAN", "h", "-1"],
    ["HSCAN", "h", "18446744073709551615"],
    ["HSCAN", "h", ""],
    ["HSCAN", "h", "0", "COUNT", "0"],
    ["HSCAN", "h", "0", "COUNT", "-1"],
    ["HSCAN", "h", "0", "COUNT", "x"],
    ["HSCAN", "h", "0", "COUNT"],
    ["HSCAN", "h", "0", "MATCH"],
    ["HSCAN", "h", "0", "TYPE", "string"],
    ["HSCAN", "h", "0", "NOVALUES"],
    ["HSCAN", "h", "0", "foo", "bar"],
    HELLO3,
    ["HSCAN", "h", "0"],
    ["HSCAN", "nokey", "0"],
    HELLO2,
  ]);

  diffTest(pair, "WRONGTYPE for every hash command", [
    ["SET", "str", "v"],
    ["HSET", "str", "a", "1"],
    ["HMSET", "str", "a", "1"],
    ["HSETNX", "str", "a", "1"],
    ["HGET", "str", "a"],
    ["HMGET", "str", "a"],
    ["HDEL", "str", "a"],
    ["HLEN", "str"],
    ["HSTRLEN", "str", "a"],
    ["HEXISTS", "str", "a"],
    ["HKEYS", "str"],
    ["HVALS", "str"],
    ["HGETALL", "str"],
    ["HINCRBY", "str", "a", "1"],
    ["HINCRBY", "str", "a", "x"],
    ["HINCRBYFLOAT", "str", "a", "1"],
    ["HINCRBYFLOAT", "str", "a", "x"],
    ["HRANDFIELD", "str"],
    ["HRANDFIELD", "str", "2"],
    ["HRANDFIELD", "str", "x"],
    ["HRANDFIELD", "str", "2", "WITHVALUES"],
    ["HSCAN", "str", "0"],
    ["HSCAN", "str", "x"],
    ["HSCAN", "str", "0", "COUNT", "0"],
    ["SADD", "set", "a"],
    ["HGET", "set", "a"],
    ["HSET", "set", "a", "1"],
    ["HSET", "str", "a"],
    ["GET", "str"],
  ]);

  diffTest(pair, "wrong number of arguments", [
    ["HSET", "h"],
    ["HSET", "h", "a"],
    ["HSETNX", "h", "a"],
    ["HGET", "h"],
    ["HGET", "h", "a", "b"],
    ["HMGET", "h"],
    ["HMSET", "h", "a"],
    ["HDEL", "h"],
    ["HLEN"],
    ["HLEN", "h", "x"],
    ["HSTRLEN", "h"],
    ["HEXISTS", "h"],
    ["HKEYS"],
    ["HVALS", "h", "x"],
    ["HGETALL"],
    ["HINCRBY", "h", "a"],
    ["HINCRBYFLOAT", "h", "a"],
    ["HRANDFIELD"],
    ["HSCAN", "h"],
  ]);
});

// ---------------------------------------------------------------------------
// OBJECT ENCODING: listpack → hashtable, one way, at the configured limits.
// ---------------------------------------------------------------------------

describe("hash encoding transitions vs redis-server", () => {
  const pair = useDiffPair({ "hash-max-listpack-entries": "4", "hash-max-listpack-value": "8" });

  diffTest(pair, "entry count: the 5th field converts, HDEL does not convert back", [
    ["HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4"],
    ["OBJECT", "ENCODING", "h"],
    ["HSET", "h", "d", "40"],
    ["OBJECT", "ENCODING", "h"],
    ["HSET", "h", "e", "5"],
    ["OBJECT", "ENCODING", "h"],
    ["HDEL", "h", "a", "b", "c", "d"],
    ["OBJECT", "ENCODING", "h"],
    ["HGETALL", "h"],
    ["HSET", "h2", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5"],
    ["OBJECT", "ENCODING", "h2"],
  ]);

  diffTest(pair, "value and field length: 8 bytes stay, 9 convert (HSET, HSETNX, HINCRBY*)", [
    ["HSET", "h", "12345678", "12345678"],
    ["OBJECT", "ENCODING", "h"],
    ["HSET", "h", "x", "123456789"],
    ["OBJECT", "ENCODING", "h"],
    ["HSET", "h2", "123456789", "x"],
    ["OBJECT", "ENCODING", "h2"],
    ["HSET", "h3", "a", "1"],
    ["HSETNX", "h3", "a", "123456789"],
    ["OBJECT", "ENCODING", "h3"],
    ["HSETNX", "h3", "b", "123456789"],
    ["OBJECT", "ENCODING", "h3"],
    ["HSET", "h4", "a", "1"],
    ["HINCRBY", "h4", "123456789", "1"],
    ["OBJECT", "ENCODING", "h4"],
    ["HSET", "h5", "a", "1"],
    ["HINCRBY", "h5", "a", "99999999"],
    ["OBJECT", "ENCODING", "h5"],
    ["HINCRBY", "h5", "a", "1"],
    ["OBJECT", "ENCODING", "h5"],
    ["HSET", "h6", "a", "1"],
    ["HINCRBYFLOAT", "h6", "a", "1.00000000000000000000000000000000000000001"],
    ["OBJECT", "ENCODING", "h6"],
    ["HINCRBYFLOAT", "h6", "a", "0.25"],
    ["OBJECT", "ENCODING", "h6"],
    ["HINCRBYFLOAT", "h6", "a", "0.125"],
    ["OBJECT", "ENCODING", "h6"],
    ["HSET", "h7", "a", "1", "b", "2"],
    ["HSET", "h7", "a", "123456789", "a", "1"],
    ["OBJECT", "ENCODING", "h7"],
    pairs("HGETALL", "h7"),
  ]);

  diffTest(pair, "CONFIG SET: existing hashes convert on their next write", [
    ["CONFIG", "SET", "hash-max-listpack-entries", "128"],
    hsetMany("h", 10),
    ["OBJECT", "ENCODING", "h"],
    ["CONFIG", "SET", "hash-max-listpack-entries", "4"],
    ["OBJECT", "ENCODING", "h"],
    ["HGET", "h", "f1"],
    ["OBJECT", "ENCODING", "h"],
    ["HSET", "h", "f1", "x"],
    ["OBJECT", "ENCODING", "h"],
    ["CONFIG", "SET", "hash-max-listpack-entries", "0"],
    ["HSET", "z", "a", "1"],
    ["OBJECT", "ENCODING", "z"],
    ["CONFIG", "SET", "hash-max-listpack-entries", "4"],
    ["CONFIG", "SET", "hash-max-listpack-value", "0"],
    ["HSET", "z2", "a", "1"],
    ["OBJECT", "ENCODING", "z2"],
    ["HSET", "z3", "", ""],
    ["OBJECT", "ENCODING", "z3"],
    ["CONFIG", "SET", "hash-max-ziplist-value", "8"],
    ["CONFIG", "GET", "hash-max-listpack-value"],
  ]);

  diffTest(pair, "COPY keeps the encoding; HSCAN of a small converted hash", [
    ["HSET", "h", "a", "123456789", "b", "2"],
    ["HDEL", "h", "a"],
    ["OBJECT", "ENCODING", "h"],
    ["HSCAN", "h", "0"],
    ["HSCAN", "h", "0", "MATCH", "a*"],
    ["HSET", "h", "a", "1"],
    ["COPY", "h", "h2"],
    ["OBJECT", "ENCODING", "h2"],
    pairs("HGETALL", "h2"),
    ["HSET", "s", "a", "1"],
    ["COPY", "s", "s2"],
    ["OBJECT", "ENCODING", "s2"],
  ]);
});

// ---------------------------------------------------------------------------
// Random and cursor-based replies, checked by their properties on both servers.
// ---------------------------------------------------------------------------

/** Checks an HRANDFIELD reply against the hash's contents; returns the fields in reply order. */
function checkRandfield(r: Resp, hash: Map<string, string>, count: number, withValues: boolean, proto: 2 | 3): string[] {
  if (r.t !== "array") throw new Error(`expected an array, got ${r.t}`);
  const fields: string[] = [];
  if (withValues && proto === 3) {
    for (const p of r.v) {
      const [f, v] = bulkStrings(p);
      expect(bulkStrings(p).length).toBe(2);
      expect(hash.get(f!)).toBe(v!);
      fields.push(f!);
    }
  } else if (withValues) {
    const flat = bulkStrings(r);
    expect(flat.length % 2).toBe(0);
    for (let i = 0; i < flat.length; i += 2) {
      expect(hash.get(flat[i]!)).toBe(flat[i + 1]!);
      fields.push(flat[i]!);
    }
  } else {
    for (const f of bulkStrings(r)) {
      expect(hash.has(f)).toBe(true);
      fields.push(f);
    }
  }
  const n = count >= 0 ? Math.min(count, hash.size) : -count;
  expect(fields.length).toBe(n);
  if (count >= 0) expect(new Set(fields).size).toBe(fields.length);
  return fields;
}

async function hscanAll(c: RespClient, key: string, opts: string[]): Promise<{ pairs: string[]; calls: number }> {
  const pages = await scanPages(c, ["HSCAN", key], opts);
  const seen = new Map<string, string>();
  for (const items of pages) {
    expect(items.length % 2).toBe(0);
    for (let i = 0; i < items.length; i += 2) seen.set(items[i]!, items[i + 1]!);
  }
  return { pairs: [...seen].map(([f, v]) => `${f}=${v}`).sort(), calls: pages.length };
}

describe("HRANDFIELD and HSCAN properties, on both servers", () => {
  const pair = useDiffPair();
  const clients = (): [string, RespClient][] => [
    ["redis", pair.redis],
    ["redbun", pair.redbun],
  ];

  async function fill(key: string, n: number): Promise<Map<string, string>> {
    const h = new Map<string, string>();
    for (const [, c] of clients()) await c.send("DEL", key);
    for (let from = 0; from < n; from += 500) {
      const cmd = hsetMany(key, Math.min(500, n - from), "f", from);
      for (const [, c] of clients()) await c.send(...cmd);
    }
    for (let i = 0; i < n; i++) h.set(`f${i}`, `v${i}`);
    return h;
  }

  for (const [label, n] of [
    ["listpack", 40],
    ["hashtable", 2000],
  ] as const) {
    testWithRedis(`HRANDFIELD on a ${n}-field ${label} hash`, async () => {
      const hash = await fill("h", n);
      for (const [name, c] of clients()) {
        expect([name, (await c.send("OBJECT", "ENCODING", "h")).resp]).toMatchObject([name, { v: label }]);
        for (let i = 0; i < 20; i++) {
          const one = await c.send("HRANDFIELD", "h");
          expect(one.resp.t).toBe("bulk");
          expect(hash.has((one.resp as { v: string }).v)).toBe(true);
        }
        // count*3 > size, count*3 <= size, count >= size, negative counts, 1.
        for (const count of [1, 2, 5, Math.floor(n / 2), n - 1, n, n + 10, -1, -5, -n, -3 * n]) {
          for (const proto of [2, 3] as const) {
            await c.send("HELLO", String(proto));
            checkRandfield((await c.send("HRANDFIELD", "h", String(count))).resp, hash, count, false, proto);
            checkRandfield((await c.send("HRANDFIELD", "h", String(count), "WITHVALUES")).resp, hash, count, true, proto);
          }
          await c.send("HELLO", "2");
        }
        if (label === "listpack") {
          // Few distinct fields out of a listpack come in listpack order (both servers).
          const order = [...hash.keys()];
          for (let i = 0; i < 10; i++) {
            const got = checkRandfield((await c.send("HRANDFIELD", "h", "5")).resp, hash, 5, false, 2);
            const idx = got.map((f) => order.indexOf(f));
            expect(idx).toEqual([...idx].sort((a, b) => a - b));
          }
        }
      }
    });
  }

  testWithRedis("HRANDFIELD reaches every field (uniform picks) on both encodings", async () => {
    for (const n of [50, 500]) {
      const hash = await fill("h", n);
      for (const [, c] of clients()) {
        const seen = new Set<string>();
        for (let i = 0; i < 40 && seen.size < n; i++) {
          for (const f of checkRandfield((await c.send("HRANDFIELD", "h", String(-n))).resp, hash, -n, false, 2)) seen.add(f);
        }
        expect(seen.size).toBe(n);
      }
    }
  });

  testWithRedis("redbun refuses repeated-pick counts too large to buffer (Redis 7.0 runs out of memory)", async () => {
    await fill("h", 3);
    for (const cmd of [
      ["HRANDFIELD", "h", "-100000000"],
      ["HRANDFIELD", "h", "-9223372036854775807"],
      ["HRANDFIELD", "h", "-4611686018427387903", "WITHVALUES"],
    ]) {
      expect((await pair.redbun.send(...cmd)).resp).toEqual(expect.objectContaining({ t: "error", v: "ERR value is out of range" }));
    }
    // Below the limit the reply is served in full.
    const r = (await pair.redbun.send("HRANDFIELD", "h", "-100000")).resp;
    expect(r.t === "array" && r.v.length).toBe(100000);
  });

  testWithRedis("HSCAN over a hashtable hash returns every field, with MATCH and COUNT", async () => {
    const hash = await fill("h", 3000);
    const all = [...hash].map(([f, v]) => `${f}=${v}`).sort();
    const matching = [...hash]
      .filter(([f]) => f.startsWith("f1"))
      .map(([f, v]) => `${f}=${v}`)
      .sort();
    for (const [, c] of clients()) {
      const plain = await hscanAll(c, "h", []);
      expect(plain.pairs).toEqual(all);
      expect(plain.calls).toBeGreaterThan(10);
      expect((await hscanAll(c, "h", ["COUNT", "1000"])).pairs).toEqual(all);
      expect((await hscanAll(c, "h", ["MATCH", "f1*", "COUNT", "50"])).pairs).toEqual(matching);
    }
  });

  testWithRedis("HSCAN keeps going while the hash changes", async () => {
    const hash = await fill("h", 1000);
    for (const [, c] of clients()) {
      const pages = await scanPages(c, ["HSCAN", "h"], ["COUNT", "20"], async (calls) => {
        // Add and remove fields that were never part of the original hash.
        await c.send("HSET", "h", `new${calls}`, "x");
        await c.send("HDEL", "h", `new${calls - 3}`);
      });
      const seen = new Set<string>();
      for (const items of pages) for (let i = 0; i < items.length; i += 2) seen.add(items[i]!);
      for (const f of hash.keys()) expect(seen.has(f)).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------
// Propagation (replicas / AOF) and keyspace events, compared with Redis (see
// test/helpers/propagation.ts).
// ---------------------------------------------------------------------------

describe("hashes: propagation and keyspace events vs redis-server", () => {
  const { propTest } = usePropagationHarness({ events: true });

  propTest("HSET, HMSET, HSETNX, HDEL", [
    ["HSET", "h", "a", "1", "b", "2"],
    ["HSET", "h", "a", "1"],
    ["HMSET", "h", "c", "3"],
    ["HSETNX", "h", "a", "9"],
    ["HSETNX", "h", "d", "4"],
    ["HSET", "h", "x"],
    ["HDEL", "h", "nope"],
    ["HDEL", "h", "a", "nope"],
    ["HDEL", "nokey", "a"],
    ["HDEL", "h", "b", "c", "d"],
    ["EXISTS", "h"],
  ]);

  propTest("HINCRBY, HINCRBYFLOAT (replicated as HSET with the result)", [
    ["HINCRBY", "h", "n", "5"],
    ["HINCRBY", "h", "n", "x"],
    ["HSET", "h", "s", "abc"],
    ["HINCRBY", "h", "s", "1"],
    ["HINCRBYFLOAT", "h", "f", "1.5"],
    ["HINCRBYFLOAT", "h", "f", "0.1"],
    ["HINCRBYFLOAT", "h", "f", "3.0e1"],
    ["HINCRBYFLOAT", "h", "g", "0x10"],
    ["HINCRBYFLOAT", "h", "s", "1"],
    ["HINCRBYFLOAT", "h", "f", "inf"],
    ["HINCRBYFLOAT", "h2", "f", "-0.0"],
  ]);

  propTest("reads propagate nothing", [
    ["HSET", "h", "a", "1"],
    ["HGET", "h", "a"],
    ["HMGET", "h", "a", "b"],
    ["HGETALL", "h"],
    ["HRANDFIELD", "h", "-5"],
    ["HSCAN", "h", "0"],
    ["HGET", "nokey", "a"],
  ]);
});
