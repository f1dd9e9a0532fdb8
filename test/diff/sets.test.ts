// Differential tests: the set commands (Redis 7.0's t_set.c) against
// redis-server 7 — every command, its options and its errors, RESP3 reply
// shapes, OBJECT ENCODING (intset → hashtable, one way; 7.0 has no listpack
// sets), the order of intset replies (ascending, compared byte for byte),
// SPOP/SRANDMEMBER by their properties, SSCAN by full iteration, and (at the
// end) what is propagated to replicas and the keyspace events.

import { describe, expect, test } from "bun:test";
import { diffTest, hasRedis, requireRedisInCI, type StepLike, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { PROP_TEST_TIMEOUT, repr, usePropagationHarness } from "../helpers/propagation.ts";
import { bulkStrings, scanPages } from "../helpers/replies.ts";
import { type Resp, RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

const BIN = "\x00b\xffin\r\n";
const HI = "\xe9t\xe9";
const HELLO3: StepLike = { cmd: ["HELLO", "3"], typeOnly: true };
const HELLO2: StepLike = { cmd: ["HELLO", "2"], typeOnly: true };

/** SADD key <prefix>from ... <prefix>(from+n-1). */
function saddMany(key: string, n: number, prefix = "m", from = 0): string[] {
  const a = ["SADD", key];
  for (let i = from; i < from + n; i++) a.push(`${prefix}${i}`);
  return a;
}

const unordered = (...cmd: string[]): StepLike => ({ cmd, unordered: true });

describe("sets vs redis-server", () => {
  const pair = useDiffPair();

  diffTest(pair, "SADD / SREM / SCARD / SISMEMBER / SMISMEMBER", [
    ["SADD", "s", "a", "b", "c"],
    ["SADD", "s", "a", "d", "d"],
    ["SCARD", "s"],
    ["SCARD", "nokey"],
    ["SISMEMBER", "s", "a"],
    ["SISMEMBER", "s", "zz"],
    ["SISMEMBER", "nokey", "a"],
    ["SMISMEMBER", "s", "a", "zz", "d", "a"],
    ["SMISMEMBER", "nokey", "a", "b"],
    ["SREM", "s", "a", "zz", "a"],
    ["SREM", "s", "zz"],
    ["SREM", "nokey", "a"],
    ["SCARD", "s"],
    ["SADD", "s", "", BIN, HI],
    ["SISMEMBER", "s", ""],
    ["SISMEMBER", "s", BIN],
    ["SISMEMBER", "s", HI],
    unordered("SMEMBERS", "s"),
    ["SREM", "s", "b", "c", "d", "", BIN, HI, "x"],
    ["EXISTS", "s"],
    ["TYPE", "s"],
    ["SADD", "s", "x"],
    ["TYPE", "s"],
    ["SMEMBERS", "s"],
    ["SMEMBERS", "nokey"],
    HELLO3,
    ["SMEMBERS", "s"],
    ["SMEMBERS", "nokey"],
    ["SMISMEMBER", "s", "x", "y"],
    ["SISMEMBER", "s", "x"],
    HELLO2,
  ]);

  diffTest(pair, "intsets: string2ll members, ascending order, byte-exact replies", [
    ["SADD", "s", "5", "3", "-1", "10", "9223372036854775807", "-9223372036854775808", "0", "9007199254740993", "-9007199254740993"],
    ["SMEMBERS", "s"],
    ["OBJECT", "ENCODING", "s"],
    ["SISMEMBER", "s", "9007199254740993"],
    ["SISMEMBER", "s", "9007199254740992"],
    ["SISMEMBER", "s", "-0"],
    ["SISMEMBER", "s", "05"],
    ["SISMEMBER", "s", "5"],
    ["SSCAN", "s", "0"],
    ["SSCAN", "s", "99", "MATCH", "*1*", "COUNT", "1"],
    ["SRANDMEMBER", "s", "100"],
    ["SUNION", "s"],
    ["SINTER", "s", "s"],
    ["SDIFF", "s", "nokey"],
    ["SADD", "t", "01"],
    ["OBJECT", "ENCODING", "t"],
    ["SADD", "t2", "-0"],
    ["OBJECT", "ENCODING", "t2"],
    ["SADD", "t3", "9223372036854775808"],
    ["OBJECT", "ENCODING", "t3"],
    ["SADD", "t4", " 1"],
    ["OBJECT", "ENCODING", "t4"],
    ["SADD", "t5", "+1"],
    ["OBJECT", "ENCODING", "t5"],
    ["SADD", "t6", "1", "a"],
    ["SREM", "t6", "a"],
    ["OBJECT", "ENCODING", "t6"],
    ["SADD", "t7", "1.0"],
    ["OBJECT", "ENCODING", "t7"],
    ["SADD", "u", "3", "1", "2"],
    ["SREM", "u", "2"],
    ["SADD", "u", "2", "-5"],
    ["SMEMBERS", "u"],
    HELLO3,
    ["SMEMBERS", "u"],
    ["SUNION", "u", "s"],
    HELLO2,
  ]);

  diffTest(pair, "writes after SRANDMEMBER has indexed a large set keep it consistent", [
    saddMany("s", 1000),
    saddMany("t", 600, "m", 500),
    { cmd: ["SRANDMEMBER", "s"], typeOnly: true },
    { cmd: ["SRANDMEMBER", "t", "-5"], typeOnly: true },
    ["SADD", "s", "m5", "new1", "new2"],
    ["SREM", "s", "m0", "m999", "m500", "nope"],
    ["SISMEMBER", "s", "m0"],
    ["SISMEMBER", "s", "new2"],
    ["SMISMEMBER", "s", "m1", "m500", "new1"],
    ["SCARD", "s"],
    unordered("SMEMBERS", "s"),
    unordered("SINTER", "s", "t"),
    ["SINTERCARD", "2", "s", "t"],
    unordered("SDIFF", "t", "s"),
    ["SMOVE", "s", "t", "m1"],
    ["SMOVE", "t", "s", "m1"],
    ["COPY", "s", "s2"],
    unordered("SMEMBERS", "s2"),
    ["SREM", "s", ...Array.from({ length: 960 }, (_, i) => `m${i + 1}`)],
    ["SCARD", "s"],
    unordered("SMEMBERS", "s"),
    { cmd: ["SRANDMEMBER", "s", "-3"], typeOnly: true },
    ["SADD", "s", "last"],
    unordered("SMEMBERS", "s"),
    ["OBJECT", "ENCODING", "s"],
  ]);

  diffTest(pair, "SMOVE", [
    ["SADD", "a", "1", "2", "x"],
    ["SADD", "b", "3"],
    ["SMOVE", "a", "b", "1"],
    ["SMOVE", "a", "b", "1"],
    ["SMOVE", "a", "b", "zz"],
    ["SMEMBERS", "b"],
    ["OBJECT", "ENCODING", "b"],
    ["SMOVE", "a", "b", "x"],
    ["OBJECT", "ENCODING", "b"],
    unordered("SMEMBERS", "b"),
    ["SMOVE", "a", "a", "2"],
    ["SMOVE", "a", "a", "zz"],
    ["SMOVE", "a", "new", "2"],
    ["EXISTS", "a"],
    ["SMEMBERS", "new"],
    ["OBJECT", "ENCODING", "new"],
    ["SMOVE", "b", "new2", "x"],
    ["OBJECT", "ENCODING", "new2"],
    ["SADD", "c", "3"],
    ["SMOVE", "b", "c", "3"],
    ["SMEMBERS", "c"],
    ["SMOVE", "nokey", "c", "3"],
    ["SMOVE", "nokey", "nokey2", "3"],
    ["SET", "str", "v"],
    ["SMOVE", "nokey", "str", "3"],
    ["SMOVE", "str", "c", "3"],
    ["SMOVE", "c", "str", "3"],
    ["SMOVE", "c", "str", "nonmember"],
    ["SMEMBERS", "c"],
    ["SMOVE", "str", "str", "3"],
    ["EXPIRE", "c", "100"],
    ["SMOVE", "c", "d", "3"],
    ["EXISTS", "c"],
  ]);

  diffTest(pair, "SINTER / SUNION / SDIFF", [
    ["SADD", "a", "1", "2", "3", "4", "x", "y"],
    ["SADD", "b", "2", "3", "5", "x", "z"],
    ["SADD", "c", "3", "x", "q"],
    ["SADD", "i1", "1", "2", "3", "4"],
    ["SADD", "i2", "3", "4", "5"],
    unordered("SINTER", "a", "b"),
    unordered("SINTER", "a", "b", "c"),
    ["SINTER", "a", "nokey"],
    ["SINTER", "nokey", "a"],
    ["SINTER", "nokey"],
    ["SINTER", "i1", "i2"],
    ["SINTER", "i2", "i1"],
    ["SINTER", "i1", "a"],
    unordered("SUNION", "a", "b"),
    unordered("SUNION", "a", "nokey", "c"),
    ["SUNION", "nokey"],
    ["SUNION", "nokey", "nokey2"],
    ["SUNION", "i1", "i2"],
    ["SUNION", "i2", "nokey", "i1"],
    unordered("SDIFF", "a", "b"),
    unordered("SDIFF", "a", "b", "c"),
    unordered("SDIFF", "b", "a", "c"),
    ["SDIFF", "a", "a"],
    ["SDIFF", "nokey", "a"],
    unordered("SDIFF", "a", "nokey"),
    ["SDIFF", "i1", "i2"],
    ["SDIFF", "i1", "a"],
    ["SDIFF", "i2", "i1", "nokey"],
    HELLO3,
    ["SINTER", "i1", "i2"],
    ["SINTER", "a", "nokey"],
    ["SUNION", "i1", "i2"],
    ["SUNION", "nokey"],
    ["SDIFF", "i1", "i2"],
    ["SDIFF", "nokey", "a"],
    HELLO2,
    ["SET", "str", "v"],
    ["SINTER", "a", "str"],
    ["SINTER", "nokey", "str"],
    ["SINTER", "str", "nokey"],
    ["SUNION", "nokey", "str"],
    ["SDIFF", "nokey", "str"],
    ["SDIFF", "str", "nokey"],
    ["SDIFF", "a", "str"],
  ]);

  diffTest(pair, "SINTERSTORE / SUNIONSTORE / SDIFFSTORE", [
    ["SADD", "a", "1", "2", "3", "x"],
    ["SADD", "b", "2", "3", "4"],
    ["SINTERSTORE", "d", "a", "b"],
    ["SMEMBERS", "d"],
    ["OBJECT", "ENCODING", "d"],
    ["SUNIONSTORE", "d", "a", "b"],
    unordered("SMEMBERS", "d"),
    ["OBJECT", "ENCODING", "d"],
    ["SDIFFSTORE", "d", "b", "a"],
    ["SMEMBERS", "d"],
    ["OBJECT", "ENCODING", "d"],
    ["SDIFFSTORE", "d", "a", "b"],
    unordered("SMEMBERS", "d"),
    ["OBJECT", "ENCODING", "d"],
    ["SINTERSTORE", "d", "a", "nokey"],
    ["EXISTS", "d"],
    ["SINTERSTORE", "d", "a", "nokey"],
    ["SUNIONSTORE", "d", "nokey"],
    ["SDIFFSTORE", "d", "a", "a"],
    ["EXISTS", "d"],
    ["SET", "str", "v"],
    ["SUNIONSTORE", "str", "a"],
    ["TYPE", "str"],
    ["SET", "str", "v"],
    ["SINTERSTORE", "str", "a", "nokey"],
    ["EXISTS", "str"],
    ["SET", "str", "v"],
    ["SINTERSTORE", "d", "a", "str"],
    ["SUNIONSTORE", "d", "a", "str"],
    ["SDIFFSTORE", "d", "a", "str"],
    ["SDIFFSTORE", "d", "str", "a"],
    ["SINTERSTORE", "d", "nokey", "str"],
    ["SADD", "e", "9"],
    ["EXPIRE", "e", "100"],
    ["SUNIONSTORE", "e", "a"],
    ["TTL", "e"],
    ["SUNIONSTORE", "a", "a", "b"],
    unordered("SMEMBERS", "a"),
    ["SINTERSTORE", "b", "b"],
    ["SMEMBERS", "b"],
  ]);

  diffTest(pair, "SINTERCARD", [
    ["SADD", "a", "1", "2", "3", "4", "x", "y"],
    ["SADD", "b", "2", "3", "4", "x", "z"],
    ["SINTERCARD", "1", "a"],
    ["SINTERCARD", "2", "a", "b"],
    ["SINTERCARD", "2", "a", "b", "LIMIT", "0"],
    ["SINTERCARD", "2", "a", "b", "LIMIT", "2"],
    ["SINTERCARD", "2", "a", "b", "limit", "100"],
    ["SINTERCARD", "2", "a", "b", "LIMIT", "1", "LIMIT", "3"],
    ["SINTERCARD", "2", "a", "nokey"],
    ["SINTERCARD", "1", "nokey", "LIMIT", "5"],
    ["SINTERCARD", "0", "a"],
    ["SINTERCARD", "-1", "a"],
    ["SINTERCARD", "x", "a"],
    ["SINTERCARD", "9223372036854775808", "a"],
    ["SINTERCARD", "3", "a", "b"],
    ["SINTERCARD", "2", "a"],
    ["SINTERCARD", "1", "a", "LIMIT"],
    ["SINTERCARD", "1", "a", "LIMIT", "-1"],
    ["SINTERCARD", "1", "a", "LIMIT", "x"],
    ["SINTERCARD", "1", "a", "foo", "1"],
    ["SINTERCARD", "1", "a", "b"],
    ["SET", "str", "v"],
    ["SINTERCARD", "1", "str"],
    ["SINTERCARD", "2", "nokey", "str"],
    ["SINTERCARD", "2", "a", "str", "LIMIT", "x"],
    ["SINTERCARD", "1"],
    ["SINTERCARD"],
  ]);

  diffTest(pair, "SRANDMEMBER / SPOP: deterministic replies and errors", [
    ["SRANDMEMBER", "nokey"],
    ["SRANDMEMBER", "nokey", "5"],
    ["SRANDMEMBER", "nokey", "-5"],
    ["SRANDMEMBER", "nokey", "x"],
    ["SPOP", "nokey"],
    ["SPOP", "nokey", "3"],
    ["SPOP", "nokey", "0"],
    ["SPOP", "nokey", "-1"],
    ["SADD", "s", "5", "1", "3"],
    ["SRANDMEMBER", "s", "0"],
    ["SRANDMEMBER", "s", "3"],
    ["SRANDMEMBER", "s", "100"],
    ["SRANDMEMBER", "s", "9223372036854775807"],
    ["SRANDMEMBER", "s", "-9223372036854775808"],
    ["SRANDMEMBER", "s", "9223372036854775808"],
    ["SRANDMEMBER", "s", "x"],
    ["SRANDMEMBER", "s", "1.5"],
    ["SRANDMEMBER", "s", "5", "x"],
    ["SRANDMEMBER", "s", "5", "WITHVALUES"],
    ["SPOP", "s", "0"],
    ["SPOP", "s", "-1"],
    ["SPOP", "s", "x"],
    ["SPOP", "s", "9223372036854775808"],
    ["SPOP", "s", "1", "2"],
    ["SCARD", "s"],
    HELLO3,
    ["SRANDMEMBER", "nokey"],
    ["SRANDMEMBER", "nokey", "5"],
    ["SRANDMEMBER", "s", "100"],
    ["SPOP", "nokey"],
    ["SPOP", "nokey", "3"],
    ["SPOP", "s", "0"],
    ["SPOP", "s", "100"],
    ["EXISTS", "s"],
    HELLO2,
    ["SADD", "s", "3", "1", "2"],
    ["SPOP", "s", "3"],
    ["EXISTS", "s"],
    ["SADD", "s", "only"],
    ["SRANDMEMBER", "s"],
    ["SRANDMEMBER", "s", "-3"],
    ["SRANDMEMBER", "s", "1"],
    ["SPOP", "s"],
    ["EXISTS", "s"],
    ["SADD", "s", "only"],
    ["SPOP", "s", "9223372036854775807"],
    ["EXISTS", "s"],
  ]);

  diffTest(pair, "SSCAN: intsets come whole with cursor 0; errors", [
    ["SADD", "s", "10", "1", "12", "3", "21"],
    ["SSCAN", "s", "0"],
    ["SSCAN", "s", "0", "COUNT", "1"],
    ["SSCAN", "s", "77"],
    ["SSCAN", "s", "0", "MATCH", "1*"],
    ["SSCAN", "s", "0", "MATCH", "*", "COUNT", "100"],
    ["SSCAN", "s", "0", "MATCH", "x*"],
    ["SSCAN", "nokey", "0"],
    ["SSCAN", "nokey", "0", "foo"],
    ["SSCAN", "nokey", "x"],
    ["SSCAN", "s", "x"],
    ["SSCAN", "s", "-1"],
    ["SSCAN", "s", "18446744073709551616"],
    ["SSCAN", "s", "0", "COUNT", "0"],
    ["SSCAN", "s", "0", "COUNT", "x"],
    ["SSCAN", "s", "0", "COUNT"],
    ["SSCAN", "s", "0", "MATCH"],
    ["SSCAN", "s", "0", "TYPE", "set"],
    ["SSCAN", "s", "0", "foo", "bar"],
    ["SADD", "one", "a"],
    ["SSCAN", "one", "0"],
    ["SSCAN", "one", "0", "MATCH", "b"],
    HELLO3,
    ["SSCAN", "s", "0"],
    HELLO2,
  ]);

  diffTest(pair, "WRONGTYPE for every set command", [
    ["SET", "str", "v"],
    ["SADD", "str", "a"],
    ["SREM", "str", "a"],
    ["SCARD", "str"],
    ["SISMEMBER", "str", "a"],
    ["SMISMEMBER", "str", "a"],
    ["SMEMBERS", "str"],
    ["SRANDMEMBER", "str"],
    ["SRANDMEMBER", "str", "2"],
    ["SRANDMEMBER", "str", "x"],
    ["SPOP", "str"],
    ["SPOP", "str", "2"],
    ["SPOP", "str", "-2"],
    ["SSCAN", "str", "0"],
    ["HSET", "h", "a", "1"],
    ["SADD", "h", "a"],
    ["SMEMBERS", "h"],
    ["GET", "str"],
  ]);

  diffTest(pair, "wrong number of arguments", [
    ["SADD", "s"],
    ["SREM", "s"],
    ["SCARD"],
    ["SCARD", "s", "x"],
    ["SISMEMBER", "s"],
    ["SISMEMBER", "s", "a", "b"],
    ["SMISMEMBER", "s"],
    ["SMEMBERS"],
    ["SRANDMEMBER"],
    ["SPOP"],
    ["SMOVE", "a", "b"],
    ["SMOVE", "a", "b", "c", "d"],
    ["SINTER"],
    ["SINTERCARD", "1"],
    ["SUNION"],
    ["SDIFF"],
    ["SINTERSTORE", "d"],
    ["SUNIONSTORE", "d"],
    ["SDIFFSTORE", "d"],
    ["SSCAN", "s"],
  ]);
});

// ---------------------------------------------------------------------------
// OBJECT ENCODING: intset → hashtable, one way, at set-max-intset-entries.
// ---------------------------------------------------------------------------

describe("set encoding transitions vs redis-server", () => {
  const pair = useDiffPair({ "set-max-intset-entries": "4" });

  diffTest(pair, "the 5th integer converts; SREM does not convert back; re-adding a member does not count", [
    ["SADD", "s", "4", "3", "2", "1"],
    ["OBJECT", "ENCODING", "s"],
    ["SMEMBERS", "s"],
    ["SADD", "s", "4"],
    ["OBJECT", "ENCODING", "s"],
    ["SADD", "s", "5"],
    ["OBJECT", "ENCODING", "s"],
    ["SREM", "s", "5", "4", "3"],
    ["OBJECT", "ENCODING", "s"],
    ["SADD", "s2", "1", "2", "3", "4", "5"],
    ["OBJECT", "ENCODING", "s2"],
    ["SADD", "s3", "a"],
    ["SREM", "s3", "a"],
    ["SADD", "s3", "1"],
    ["OBJECT", "ENCODING", "s3"],
  ]);

  diffTest(pair, "store results and SMOVE destinations are encoded afresh", [
    ["SADD", "a", "1", "2", "3", "4", "5", "6", "x"],
    ["SADD", "b", "1", "2", "3", "y"],
    ["OBJECT", "ENCODING", "a"],
    ["SINTERSTORE", "d", "a", "b"],
    ["OBJECT", "ENCODING", "d"],
    ["SMEMBERS", "d"],
    ["SDIFFSTORE", "d", "a", "b"],
    ["OBJECT", "ENCODING", "d"],
    ["SUNIONSTORE", "d", "b"],
    ["OBJECT", "ENCODING", "d"],
    ["SREM", "b", "y"],
    ["SUNIONSTORE", "d", "b"],
    ["OBJECT", "ENCODING", "d"],
    ["SMEMBERS", "d"],
    ["SMOVE", "a", "m", "6"],
    ["OBJECT", "ENCODING", "m"],
    ["SMOVE", "a", "m2", "x"],
    ["OBJECT", "ENCODING", "m2"],
    unordered("SUNION", "a", "b"),
    ["SADD", "c", "1", "2", "3", "4", "5"],
    unordered("SINTER", "c", "b"),
    ["SDIFF", "c", "b"],
    ["SINTER", "c", "d"],
  ]);

  diffTest(pair, "SPOP: survivors of a big pop are re-encoded; popping a whole converted set lists it sorted", [
    ["SADD", "s", "9", "8", "7", "6", "5", "4", "3", "2", "1", "10"],
    ["OBJECT", "ENCODING", "s"],
    { cmd: ["SPOP", "s", "9"], typeOnly: true },
    ["OBJECT", "ENCODING", "s"],
    ["SCARD", "s"],
    ["SADD", "t", "5", "3", "1", "2", "9"],
    ["OBJECT", "ENCODING", "t"],
    ["SREM", "t", "9"],
    ["SPOP", "t", "10"],
    ["SADD", "u", "5", "3", "1", "2", "9"],
    ["SREM", "u", "9"],
    HELLO3,
    ["SPOP", "u", "4"],
    HELLO2,
    ["SADD", "v", "5", "3", "1", "2", "9"],
    ["SREM", "v", "9"],
    unordered("SRANDMEMBER", "v", "10"),
  ]);

  diffTest(pair, "CONFIG SET: existing intsets convert on their next add", [
    ["CONFIG", "SET", "set-max-intset-entries", "512"],
    ["SADD", "s", "1", "2", "3", "4", "5", "6"],
    ["OBJECT", "ENCODING", "s"],
    ["CONFIG", "SET", "set-max-intset-entries", "2"],
    ["OBJECT", "ENCODING", "s"],
    ["SADD", "s", "6"],
    ["OBJECT", "ENCODING", "s"],
    ["SREM", "s", "6"],
    ["OBJECT", "ENCODING", "s"],
    ["SADD", "s", "7"],
    ["OBJECT", "ENCODING", "s"],
    ["CONFIG", "SET", "set-max-intset-entries", "0"],
    ["SADD", "z", "1"],
    ["OBJECT", "ENCODING", "z"],
    ["CONFIG", "SET", "set-max-intset-entries", "4"],
    ["SADD", "c", "1", "2"],
    ["COPY", "c", "c2"],
    ["OBJECT", "ENCODING", "c2"],
    ["SMEMBERS", "c2"],
  ]);
});

// ---------------------------------------------------------------------------
// Random and cursor-based replies, checked by their properties on both servers.
// ---------------------------------------------------------------------------

/** The bulk strings of an array or (RESP3) set reply. */
const strings = (r: Resp): string[] => bulkStrings(r, { set: true });

async function sscanAll(c: RespClient, key: string, opts: string[]): Promise<{ members: string[]; calls: number }> {
  const pages = await scanPages(c, ["SSCAN", key], opts);
  return { members: [...new Set(pages.flat())].sort(), calls: pages.length };
}

describe("SRANDMEMBER, SPOP and SSCAN properties, on both servers", () => {
  const pair = useDiffPair();
  const clients = (): [string, RespClient][] => [
    ["redis", pair.redis],
    ["redbun", pair.redbun],
  ];

  async function fill(key: string, n: number, prefix: string): Promise<Set<string>> {
    const s = new Set<string>();
    for (const [, c] of clients()) await c.send("DEL", key);
    for (let from = 0; from < n; from += 500) {
      const cmd = saddMany(key, Math.min(500, n - from), prefix, from);
      for (const [, c] of clients()) await c.send(...cmd);
    }
    for (let i = 0; i < n; i++) s.add(`${prefix}${i}`);
    return s;
  }

  const KINDS = [
    ["intset", 100, ""],
    ["hashtable", 60, "m"],
    ["hashtable", 3000, "m"],
  ] as const;

  for (const [enc, n, prefix] of KINDS) {
    testWithRedis(`SRANDMEMBER on a ${n}-member ${enc} set`, async () => {
      const set = await fill("s", n, prefix);
      for (const [name, c] of clients()) {
        expect([name, (await c.send("OBJECT", "ENCODING", "s")).resp]).toMatchObject([name, { v: enc }]);
        for (let i = 0; i < 20; i++) {
          const one = await c.send("SRANDMEMBER", "s");
          expect(set.has((one.resp as { v: string }).v)).toBe(true);
        }
        for (const count of [1, 2, 5, Math.floor(n / 3), n - 1, n, n + 5, -1, -7, -n, -3 * n]) {
          for (const proto of [2, 3] as const) {
            await c.send("HELLO", String(proto));
            const r = (await c.send("SRANDMEMBER", "s", String(count))).resp;
            expect(r.t).toBe("array");
            const got = strings(r);
            expect(got.length).toBe(count >= 0 ? Math.min(count, n) : -count);
            for (const m of got) expect(set.has(m)).toBe(true);
            if (count >= 0) expect(new Set(got).size).toBe(got.length);
          }
          await c.send("HELLO", "2");
        }
        expect((await c.send("SCARD", "s")).resp).toMatchObject({ v: n });
      }
    });

    testWithRedis(`SPOP on a ${n}-member ${enc} set`, async () => {
      for (const [name, c] of clients()) {
        for (const proto of [2, 3] as const) {
          // Single pops, then each strategy of SPOP with a count.
          const remaining = new Set(await fill("s", n, prefix));
          await c.send("HELLO", String(proto));
          for (let i = 0; i < 5; i++) {
            const r = (await c.send("SPOP", "s")).resp as { t: string; v: string };
            expect([name, r.t]).toEqual([name, "bulk"]);
            expect(remaining.delete(r.v)).toBe(true);
          }
          // 1 and 3: pops one by one; a quarter: the same; 9/10: survivors moved to a new set.
          for (const part of [-1, -3, 0.25, 0.9]) {
            const count = part < 0 ? -part : Math.floor(remaining.size * part);
            const r = (await c.send("SPOP", "s", String(count))).resp;
            expect(r.t).toBe(proto === 3 ? "set" : "array");
            const got = strings(r);
            expect(got.length).toBe(count);
            for (const m of got) expect(remaining.delete(m)).toBe(true);
            expect((await c.send("SCARD", "s")).resp).toMatchObject({ v: remaining.size });
          }
          const members = strings((await c.send("SMEMBERS", "s")).resp).sort();
          expect(members).toEqual([...remaining].sort());
          const rest = strings((await c.send("SPOP", "s", String(remaining.size + 1))).resp).sort();
          expect(rest).toEqual([...remaining].sort());
          expect((await c.send("EXISTS", "s")).resp).toMatchObject({ v: 0 });
          await c.send("HELLO", "2");
        }
      }
    });
  }

  testWithRedis("SPOP one at a time drains a large set, each member exactly once", async () => {
    const set = await fill("s", 2000, "m");
    for (const [, c] of clients()) {
      await fill("s", 2000, "m");
      const seen = new Set<string>();
      for (let i = 0; i < 2000; i++) {
        const r = (await c.send("SPOP", "s")).resp as { v: string };
        expect(seen.has(r.v)).toBe(false);
        seen.add(r.v);
      }
      expect(seen).toEqual(set);
      expect((await c.send("EXISTS", "s")).resp).toMatchObject({ v: 0 });
    }
  });

  testWithRedis("SRANDMEMBER reaches every member (uniform picks) on small and large sets", async () => {
    for (const n of [50, 500]) {
      await fill("s", n, "m");
      for (const [, c] of clients()) {
        const seen = new Set<string>();
        for (let i = 0; i < 40 && seen.size < n; i++) {
          for (const m of strings((await c.send("SRANDMEMBER", "s", String(-n))).resp)) seen.add(m);
        }
        expect(seen.size).toBe(n);
      }
    }
  });

  testWithRedis("redbun refuses repeated-pick counts too large to buffer (Redis 7.0 runs out of memory)", async () => {
    await fill("s", 3, "m");
    for (const count of ["-100000000", "-9223372036854775807"]) {
      expect((await pair.redbun.send("SRANDMEMBER", "s", count)).resp).toEqual(
        expect.objectContaining({ t: "error", v: "ERR value is out of range" }),
      );
    }
    const r = (await pair.redbun.send("SRANDMEMBER", "s", "-100000")).resp;
    expect(r.t === "array" && r.v.length).toBe(100000);
  });

  testWithRedis("SSCAN over a hashtable set returns every member, with MATCH and COUNT", async () => {
    const set = await fill("s", 3000, "m");
    const all = [...set].sort();
    const matching = all.filter((m) => m.startsWith("m1"));
    for (const [, c] of clients()) {
      const plain = await sscanAll(c, "s", []);
      expect(plain.members).toEqual(all);
      expect(plain.calls).toBeGreaterThan(10);
      expect((await sscanAll(c, "s", ["COUNT", "1000"])).members).toEqual(all);
      expect((await sscanAll(c, "s", ["MATCH", "m1*", "COUNT", "50"])).members).toEqual(matching);
    }
  });

  testWithRedis("SSCAN keeps going while the set changes", async () => {
    const set = await fill("s", 1000, "m");
    for (const [, c] of clients()) {
      const pages = await scanPages(c, ["SSCAN", "s"], ["COUNT", "20"], async (calls) => {
        await c.send("SADD", "s", `new${calls}`);
        await c.send("SREM", "s", `new${calls - 3}`);
      });
      const seen = new Set(pages.flat());
      for (const m of set) expect(seen.has(m)).toBe(true);
    }
  });

  testWithRedis("big intersections, unions and differences agree", async () => {
    await fill("a", 3000, "m");
    await fill("b", 2000, "m");
    for (const [, c] of clients()) {
      await c.send("SREM", "b", "m10", "m11", "m12");
      await c.send("SADD", "b", "other1", "other2");
    }
    const results: string[][][] = [];
    for (const [, c] of clients()) {
      const one: string[][] = [];
      for (const cmd of [
        ["SINTER", "a", "b"],
        ["SUNION", "a", "b"],
        ["SDIFF", "a", "b"],
        ["SDIFF", "b", "a"],
      ]) {
        one.push(strings((await c.send(...cmd)).resp).sort());
      }
      one.push([JSON.stringify((await c.send("SINTERCARD", "2", "a", "b")).resp)]);
      one.push([JSON.stringify((await c.send("SINTERCARD", "2", "a", "b", "LIMIT", "100")).resp)]);
      results.push(one);
    }
    expect(results[1]).toEqual(results[0]!);
    expect(results[0]![0]!.length).toBe(1997);
  });
});

// ---------------------------------------------------------------------------
// Propagation (replicas / AOF) and keyspace events, compared with Redis (see
// test/helpers/propagation.ts).
// ---------------------------------------------------------------------------

describe("sets: propagation and keyspace events vs redis-server", () => {
  const { propTest, capture } = usePropagationHarness({ events: true });

  propTest("SADD, SREM (del when emptied)", [
    ["SADD", "s", "a", "b", "c"],
    ["SADD", "s", "a"],
    ["SREM", "s", "zz"],
    ["SREM", "s", "a", "zz"],
    ["SREM", "nokey", "a"],
    ["SREM", "s", "b", "c", "d"],
    ["EXISTS", "s"],
  ]);

  propTest("SMOVE: srem on the source, sadd on the destination, del when emptied", [
    ["SADD", "a", "1", "2"],
    ["SADD", "b", "2"],
    ["SMOVE", "a", "b", "1"],
    ["SMOVE", "a", "b", "zz"],
    ["SMOVE", "a", "b", "2"],
    ["SADD", "a", "x"],
    ["SMOVE", "a", "a", "x"],
    ["SMOVE", "a", "new", "x"],
    ["SMOVE", "nokey", "new", "x"],
  ]);

  propTest("store commands: sinterstore / sunionstore / sdiffstore, del on empty results", [
    ["SADD", "a", "1", "2", "3"],
    ["SADD", "b", "2", "3", "4"],
    ["SINTERSTORE", "d", "a", "b"],
    ["SUNIONSTORE", "d", "a", "b"],
    ["SDIFFSTORE", "d", "a", "b"],
    ["SDIFFSTORE", "d", "a", "a"],
    ["SDIFFSTORE", "d", "a", "a"],
    ["SINTERSTORE", "d", "a", "nokey"],
    ["SUNIONSTORE", "d", "a"],
    ["SINTERSTORE", "d", "a", "nokey"],
    ["SET", "str", "v"],
    ["SINTERSTORE", "d", "a", "str"],
    ["SINTERSTORE", "str", "a", "nokey"],
  ]);

  propTest("SPOP: one member as SREM; the whole set as DEL", [
    ["SADD", "s", "only"],
    ["SPOP", "s"],
    ["SPOP", "s"],
    ["SADD", "s", "1", "2", "3"],
    ["SPOP", "s", "3"],
    ["SADD", "s", "a", "b"],
    ["SPOP", "s", "100"],
    ["SADD", "s", "a"],
    ["SPOP", "s", "0"],
    ["SPOP", "nokey", "5"],
    ["SPOP", "s", "1"],
  ]);

  propTest("reads propagate nothing", [
    ["SADD", "s", "a"],
    ["SMEMBERS", "s"],
    ["SRANDMEMBER", "s", "-5"],
    ["SINTER", "s", "s"],
    ["SSCAN", "s", "0"],
    ["SINTERCARD", "1", "s"],
  ]);

  testWithRedis("SPOP with a count: one SREM per popped member (both strategies)", async () => {
    const r = await capture([
      ["SADD", "s", ...Array.from({ length: 20 }, (_, i) => `m${i}`)],
      ["SPOP", "s", "3"],
      ["SPOP", "s", "14"],
      ["SPOP", "s"],
    ]);
    for (let side = 0; side < 2; side++) {
      const popped = [...strings(r.replies[side]![1]!), ...strings(r.replies[side]![2]!), (r.replies[side]![3] as { v: string }).v];
      const cmds = r.cmds[side]!;
      expect(cmds[0]![0]!.toUpperCase()).toBe('"SADD"');
      const srems = cmds.slice(1);
      expect(srems.length).toBe(popped.length);
      for (let i = 0; i < srems.length; i++) {
        expect(srems[i]![0]).toBe('"SREM"');
        expect(srems[i]!.length).toBe(3);
      }
      expect(srems.map((c) => c[2]).sort()).toEqual(popped.map(repr).sort());
      // Events: sadd, then spop for each SPOP call.
      expect(r.events[side]!.map((e) => e[0])).toEqual(["sadd", "spop", "spop", "spop"]);
    }
  }, PROP_TEST_TIMEOUT);
});
