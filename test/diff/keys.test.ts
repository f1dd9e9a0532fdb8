// Differential tests: the generic key commands (DEL, UNLINK, EXISTS, TOUCH,
// TYPE, KEYS, SCAN, RANDOMKEY, RENAME, RENAMENX, COPY, MOVE, SWAPDB, the
// EXPIRE family, TTL family, PERSIST, OBJECT) against redis-server 7.

import { describe, expect, test } from "bun:test";
import { type DiffPair, diffTest, diffTestIf, has, hasRedis, keyeventMessages, requireRedisInCI, runSteps, type StepLike, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { type RawReply, type Resp, RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

const BIN1 = "\x00bin\xff\r\nkey";
const BIN2 = "\xe9t\xe9\x00";
const LONG44 = "x".repeat(44);
const LONG45 = "x".repeat(45);

function strs(r: Resp): string[] {
  if (r.t !== "array") throw new Error(`expected an array, got ${r.t}`);
  return r.v.map((e) => {
    if (e.t !== "bulk") throw new Error(`expected bulk strings, got ${e.t}`);
    return e.v;
  });
}

/**
 * Iterates SCAN to cursor 0 and returns the union of the keys seen (sorted),
 * or the error text. `between` runs after every call (concurrent changes).
 */
async function scanAll(
  c: RespClient,
  opts: string[],
  between?: (round: number) => Promise<void>,
): Promise<{ keys: string[] } | { error: string }> {
  let cursor = "0";
  const seen = new Set<string>();
  let calls = 0;
  do {
    const r: RawReply = await c.send("SCAN", cursor, ...opts);
    if (r.resp.t === "error") return { error: r.resp.v };
    if (r.resp.t !== "array" || r.resp.v.length !== 2) throw new Error("bad SCAN reply");
    const [cur, page] = r.resp.v;
    if (cur!.t !== "bulk") throw new Error("bad SCAN cursor");
    cursor = cur!.v;
    for (const k of strs(page!)) seen.add(k);
    calls++;
    if (calls > 100_000) throw new Error("SCAN did not terminate");
    if (between) await between(calls);
  } while (cursor !== "0");
  return { keys: [...seen].sort() };
}

async function onBoth(pair: DiffPair, fn: (c: RespClient) => Promise<unknown>): Promise<[unknown, unknown]> {
  const a = await fn(pair.redis);
  const b = await fn(pair.redbun);
  return [a, b];
}

async function reset(pair: DiffPair): Promise<void> {
  await runSteps(pair, [["FLUSHALL"], ["SELECT", "0"]]);
}

describe("keys", () => {
  const pair = useDiffPair();

  // --- DEL / UNLINK / EXISTS / TOUCH / TYPE ------------------------------

  diffTest(pair, "DEL and UNLINK", [
    ["MSET", "a", "1", "b", "2", "c", "3", BIN1, "x"],
    ["DEL", "a", "b", "nokey"],
    ["DEL", "a"],
    ["EXISTS", "a", "b", "c"],
    ["DEL", "c", "c"],
    ["DEL", BIN1],
    ["EXISTS", BIN1],
    ["SET", "u", "1"],
    ["UNLINK", "u", "u", "nokey"],
    ["UNLINK", "u"],
    ["del", "nokey"],
    ["DEL"],
    ["UNLINK"],
  ]);

  diffTest(pair, "EXISTS and TOUCH", [
    ["SET", "a", "1"],
    ["SET", BIN2, "v"],
    ["EXISTS", "a"],
    ["EXISTS", "a", "a", "a"],
    ["EXISTS", "nokey", "a", BIN2],
    ["TOUCH", "a", "nokey", "a", BIN2],
    ["TOUCH", "nokey"],
    ["EXISTS"],
    ["TOUCH"],
  ]);

  diffTest(pair, "TYPE of strings and missing keys", [
    ["SET", "s", "v"],
    ["SET", "n", "12"],
    ["SET", BIN1, "v"],
    ["TYPE", "s"],
    ["TYPE", "n"],
    ["TYPE", BIN1],
    ["TYPE", "nokey"],
    ["type", "s"],
    ["TYPE"],
    ["TYPE", "s", "n"],
  ]);

  diffTestIf(has("rpush", "hset", "sadd", "zadd"), pair, "TYPE of every data type", [
    ["RPUSH", "l", "a"],
    ["HSET", "h", "f", "v"],
    ["SADD", "s", "m"],
    ["ZADD", "z", "1", "m"],
    ["SET", "str", "v"],
    ["TYPE", "l"],
    ["TYPE", "h"],
    ["TYPE", "s"],
    ["TYPE", "z"],
    ["TYPE", "str"],
    ["GET", "l"],
    ["DEL", "l", "h", "s", "z", "str"],
    ["TYPE", "l"],
  ]);

  // --- KEYS --------------------------------------------------------------

  const keysSetup: StepLike[] = [
    [
      "MSET",
      "hello", "1", "hallo", "1", "hxllo", "1", "hllo", "1", "heeeello", "1", "Hello", "1",
      "a*b", "1", "a\\b", "1", "a?b", "1", "[x]", "1", "x]", "1", "-", "1", "^", "1",
      BIN1, "1", BIN2, "1", "key:1", "1", "key:2", "1", "key:10", "1", "\xff", "1",
    ],
  ];
  const patterns = [
    "*", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h[b-a]llo", "H*", "*o", "hello",
    "nokey", "a\\*b", "a\\?b", "a\\\\b", "a*b", "\\*", "[", "[x]", "\\[x]", "[[]x]", "x]", "[-]", "[^]",
    "key:[0-9]", "key:?0", "key:*", "*\\", "\xff", "[\xe9]t*", "*\x00*", "\x00*", "?", "??", "[^a-z]*",
    "h[a-]llo", "*l*l*o*", "",
  ];
  diffTest(pair, "KEYS patterns (unordered)", [
    ...keysSetup,
    ...patterns.map((p) => ({ cmd: ["KEYS", p], unordered: true })),
    ["KEYS"],
    ["KEYS", "*", "x"],
  ]);

  diffTest(pair, "KEYS with the empty key and on an empty database", [
    ["KEYS", "*"],
    ["KEYS", "x"],
    ["SET", "", "empty"],
    { cmd: ["KEYS", "*"], unordered: true },
    ["KEYS", ""],
    ["KEYS", "?"],
  ]);

  diffTestIf(has("rpush", "hset"), pair, "KEYS lists keys of every type", [
    ["RPUSH", "list:1", "a"],
    ["HSET", "hash:1", "f", "v"],
    ["SET", "str:1", "v"],
    { cmd: ["KEYS", "*"], unordered: true },
    { cmd: ["KEYS", "*:1"], unordered: true },
    ["KEYS", "list:1"],
  ]);

  testWithRedis("KEYS, EXISTS and SCAN skip expired keys", async () => {
    await reset(pair);
    const setup: StepLike[] = [];
    for (let i = 0; i < 20; i++) setup.push(["SET", `live:${i}`, "v"]);
    for (let i = 0; i < 20; i++) setup.push(["SET", `gone:${i}`, "v", "PX", "1"]);
    setup.push(["SET", "gone:plain", "v", "PX", "1"]);
    expect(await runSteps(pair, setup)).toEqual([]);
    await Bun.sleep(30);
    expect(
      await runSteps(pair, [
        { cmd: ["KEYS", "*"], unordered: true },
        ["KEYS", "gone:plain"],
        ["KEYS", "gone:1"],
        ["EXISTS", "gone:1", "live:1"],
      ]),
    ).toEqual([]);
    const [a, b] = await onBoth(pair, (c) => scanAll(c, []));
    expect(b).toEqual(a);
    expect((a as { keys: string[] }).keys.length).toBe(20);
  });

  // --- SCAN --------------------------------------------------------------

  diffTest(pair, "SCAN errors and arity", [
    ["SCAN"],
    ["SCAN", "x"],
    ["SCAN", " 0"],
    ["SCAN", "0 "],
    ["SCAN", "-"],
    ["SCAN", "+"],
    ["SCAN", "0x10"],
    ["SCAN", "1.5"],
    ["SCAN", "18446744073709551616"],
    ["SCAN", "0", "COUNT", "0"],
    ["SCAN", "0", "COUNT", "-1"],
    ["SCAN", "0", "COUNT", "x"],
    ["SCAN", "0", "COUNT", "9223372036854775808"],
    ["SCAN", "0", "COUNT"],
    ["SCAN", "0", "MATCH"],
    ["SCAN", "0", "TYPE"],
    ["SCAN", "0", "FOO"],
    ["SCAN", "0", "FOO", "bar"],
    ["SCAN", "0", "MATCH", "*", "COUNT", "0"],
    ["SCAN", "x", "FOO"],
  ]);

  diffTest(pair, "SCAN of an empty database", [
    ["SCAN", "0"],
    ["SCAN", ""],
    ["SCAN", "+0"],
    ["SCAN", "-0"],
    ["SCAN", "0", "MATCH", "*", "COUNT", "100", "TYPE", "string"],
    ["SCAN", "18446744073709551615"],
    ["SCAN", "-1"],
    ["scan", "0", "match", "x", "count", "1", "type", "list"],
  ]);

  diffTest(pair, "SCAN of a single key", [["SET", BIN1, "v"], ["SCAN", "0"], ["SCAN", "0", "MATCH", "\x00*"]]);

  testWithRedis("SCAN iterated to cursor 0: the union of keys, with MATCH / COUNT / TYPE", async () => {
    await reset(pair);
    const setup: StepLike[] = [];
    for (let i = 0; i < 500; i++) setup.push(["SET", `key:${i}`, String(i)]);
    for (let i = 0; i < 50; i++) setup.push(["SET", `other:${i}\xff`, "v"]);
    setup.push(["SET", BIN1, "v"], ["SET", BIN2, "v"], ["SET", "", "empty"]);
    if (has("rpush")) for (let i = 0; i < 30; i++) setup.push(["RPUSH", `list:${i}`, "a"]);
    if (has("hset")) for (let i = 0; i < 30; i++) setup.push(["HSET", `hash:${i}`, "f", "v"]);
    expect(await runSteps(pair, setup)).toEqual([]);
    const variants: string[][] = [
      [],
      ["COUNT", "1"],
      ["COUNT", "7"],
      ["COUNT", "1000"],
      ["COUNT", "9223372036854775807"],
      ["MATCH", "*"],
      ["MATCH", "key:1*"],
      ["MATCH", "key:1*", "COUNT", "3"],
      ["MATCH", "*\xff"],
      ["MATCH", "\x00*"],
      ["MATCH", "nomatch*"],
      ["MATCH", "key:42"],
      ["TYPE", "string"],
      ["TYPE", "STRING"],
      ["TYPE", "list"],
      ["TYPE", "hash", "COUNT", "5"],
      ["TYPE", "none"],
      ["TYPE", "nosuchtype"],
      ["MATCH", "list:1*", "TYPE", "list"],
      ["MATCH", "key:*", "TYPE", "list"],
      ["COUNT", "2", "MATCH", "other:*", "COUNT", "50"],
      ["MATCH", "a", "MATCH", "key:7*"],
    ];
    for (const v of variants) {
      const [a, b] = await onBoth(pair, (c) => scanAll(c, v));
      expect({ opts: v, keys: b }).toEqual({ opts: v, keys: a });
    }
    // The whole keyspace is seen without options, whatever the page sizes.
    const all = (await scanAll(pair.redbun, ["COUNT", "3"])) as { keys: string[] };
    expect(all.keys.length).toBe(553 + (has("rpush") ? 30 : 0) + (has("hset") ? 30 : 0));
  });

  testWithRedis("SCAN returns every key present for the whole scan while others come and go", async () => {
    await reset(pair);
    const setup: StepLike[] = [];
    for (let i = 0; i < 300; i++) setup.push(["SET", `stable:${i}`, "v"]);
    for (let i = 0; i < 100; i++) setup.push(["SET", `churn:${i}`, "v"]);
    expect(await runSteps(pair, setup)).toEqual([]);
    for (const c of [pair.redis, pair.redbun]) {
      let n = 1000;
      const r = await scanAll(c, ["COUNT", "5"], async (round) => {
        // Delete some churn keys and add new ones during the iteration.
        await c.send("DEL", `churn:${round}`);
        await c.send("SET", `new:${n++}`, "v");
        await c.send("SET", `new:${n++}`, "v");
      });
      if (!("keys" in r)) throw new Error(r.error);
      const stable = r.keys.filter((k) => k.startsWith("stable:"));
      expect(stable.length).toBe(300);
    }
  });

  testWithRedis("SCAN cursors are independent per database and per iteration", async () => {
    await reset(pair);
    for (const c of [pair.redis, pair.redbun]) {
      for (let i = 0; i < 40; i++) await c.send("SET", `db0:${i}`, "v");
      await c.send("SELECT", "1");
      for (let i = 0; i < 25; i++) await c.send("SET", `db1:${i}`, "v");
      // Two interleaved iterations over db 1.
      let c1 = "0";
      let c2 = "0";
      const s1 = new Set<string>();
      const s2 = new Set<string>();
      do {
        if (c1 !== "0" || s1.size === 0) {
          const r = await c.send("SCAN", c1, "COUNT", "4");
          const [cur, page] = (r.resp as { v: Resp[] }).v;
          c1 = (cur as { v: string }).v;
          for (const k of strs(page!)) s1.add(k);
        }
        if (c2 !== "0" || s2.size === 0) {
          const r = await c.send("SCAN", c2, "COUNT", "3");
          const [cur, page] = (r.resp as { v: Resp[] }).v;
          c2 = (cur as { v: string }).v;
          for (const k of strs(page!)) s2.add(k);
        }
      } while (c1 !== "0" || c2 !== "0");
      expect([...s1].sort()).toEqual([...s2].sort());
      expect(s1.size).toBe(25);
      await c.send("SELECT", "0");
    }
  });

  // --- RANDOMKEY ---------------------------------------------------------

  diffTest(pair, "RANDOMKEY", [
    ["RANDOMKEY"],
    ["SET", BIN1, "v"],
    ["RANDOMKEY"],
    ["SET", "b", "v"],
    ["SET", "c", "v"],
    { cmd: ["RANDOMKEY"], typeOnly: true },
    ["DEL", "b", "c", BIN1],
    ["RANDOMKEY"],
    ["RANDOMKEY", "x"],
    { cmd: ["HELLO", "3"], typeOnly: true },
    ["RANDOMKEY"],
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);

  testWithRedis("RANDOMKEY skips (and reclaims) expired keys", async () => {
    await reset(pair);
    const setup: StepLike[] = [];
    for (let i = 0; i < 200; i++) setup.push(["SET", `gone:${i}`, "v", "PX", "1"]);
    expect(await runSteps(pair, setup)).toEqual([]);
    await Bun.sleep(30);
    // Only expired keys: nil. Then one live key among expired ones: that key.
    expect(await runSteps(pair, [["RANDOMKEY"], ["DBSIZE"]])).toEqual([]);
    const setup2: StepLike[] = [["SET", "live", "v"]];
    for (let i = 0; i < 200; i++) setup2.push(["SET", `gone:${i}`, "v", "PX", "1"]);
    expect(await runSteps(pair, setup2)).toEqual([]);
    await Bun.sleep(30);
    expect(await runSteps(pair, [["RANDOMKEY"], ["RANDOMKEY"], ["EXISTS", "live"]])).toEqual([]);
  });

  // --- RENAME / RENAMENX -------------------------------------------------

  diffTest(pair, "RENAME", [
    ["RENAME", "nokey", "b"],
    ["RENAME", "nokey", "nokey"],
    ["SET", "a", "1"],
    ["RENAME", "a", "a"],
    ["GET", "a"],
    ["RENAME", "a", "b"],
    ["EXISTS", "a"],
    ["GET", "b"],
    ["SET", "c", "3"],
    ["RENAME", "b", "c"],
    ["GET", "c"],
    ["EXISTS", "b"],
    ["RENAME", "c", BIN1],
    ["GET", BIN1],
    ["RENAME", BIN1, BIN2],
    ["GET", BIN2],
    ["rename", BIN2, "x"],
    ["RENAME", "x"],
    ["RENAME", "x", "y", "z"],
  ]);

  diffTest(pair, "RENAMENX", [
    ["RENAMENX", "nokey", "b"],
    ["RENAMENX", "nokey", "nokey"],
    ["SET", "a", "1"],
    ["RENAMENX", "a", "a"],
    ["RENAMENX", "a", "b"],
    ["GET", "b"],
    ["SET", "c", "3"],
    ["RENAMENX", "b", "c"],
    ["GET", "b"],
    ["GET", "c"],
    ["RENAMENX", "b", BIN1],
    ["GET", BIN1],
    ["RENAMENX", "x"],
  ]);

  diffTest(pair, "RENAME moves the TTL (and drops the destination's)", [
    ["SET", "a", "1", "EX", "100"],
    ["RENAME", "a", "b"],
    { cmd: ["TTL", "b"], tolerance: 1 },
    ["TTL", "a"],
    ["SET", "c", "1", "EX", "100"],
    ["SET", "d", "1"],
    ["RENAME", "d", "c"],
    ["TTL", "c"],
    ["SET", "e", "1", "EX", "100"],
    ["RENAMENX", "e", "f"],
    { cmd: ["TTL", "f"], tolerance: 1 },
    ["SET", "g", "1", "EX", "100"],
    ["RENAME", "g", "g"],
    { cmd: ["TTL", "g"], tolerance: 1 },
  ]);

  diffTestIf(has("rpush", "lrange"), pair, "RENAME of a list keeps its type and content", [
    ["RPUSH", "l", "a", "b"],
    ["SET", "s", "v"],
    ["RENAME", "l", "s"],
    ["TYPE", "s"],
    ["LRANGE", "s", "0", "-1"],
    ["GET", "s"],
  ]);

  // --- COPY --------------------------------------------------------------

  diffTest(pair, "COPY", [
    ["COPY", "nokey", "b"],
    ["SET", "a", "hello"],
    ["COPY", "a", "a"],
    ["COPY", "a", "b"],
    ["GET", "b"],
    ["COPY", "a", "b"],
    ["SET", "a", "changed"],
    ["GET", "b"],
    ["COPY", "a", "b", "REPLACE"],
    ["GET", "b"],
    ["COPY", "a", "b", "replace", "REPLACE"],
    ["COPY", "a", BIN1],
    ["GET", BIN1],
    ["COPY", "nokey", "b", "REPLACE"],
    ["GET", "b"],
    ["SET", "n", "12"],
    ["COPY", "n", "n2"],
    ["OBJECT", "ENCODING", "n2"],
    ["COPY", LONG45, "z"],
    ["SET", "big", LONG45],
    ["COPY", "big", "big2"],
    ["OBJECT", "ENCODING", "big2"],
    ["COPY", "a"],
  ]);

  diffTest(pair, "COPY options and errors", [
    ["SET", "a", "1"],
    ["COPY", "a", "a", "DB", "0"],
    ["COPY", "a", "a", "DB", "1"],
    ["SELECT", "1"],
    ["GET", "a"],
    ["SELECT", "0"],
    ["COPY", "a", "a", "DB", "1"],
    ["COPY", "a", "a", "DB", "1", "REPLACE"],
    ["COPY", "a", "b", "DB", "16"],
    ["COPY", "a", "b", "DB", "-1"],
    ["COPY", "a", "b", "DB", "x"],
    ["COPY", "a", "b", "DB", "2147483648"],
    ["COPY", "a", "b", "DB", "1.0"],
    ["COPY", "a", "b", "DB"],
    ["COPY", "a", "b", "FOO"],
    ["COPY", "a", "b", "REPLACE", "FOO"],
    ["COPY", "a", "b", "DB", "99", "FOO"],
    ["COPY", "a", "a", "DB", "99"],
    ["COPY", "nokey", "b", "DB", "99"],
    ["COPY", "a", "b", "DB", "2", "DB", "3"],
    ["SELECT", "3"],
    ["GET", "b"],
    ["SELECT", "2"],
    ["GET", "b"],
    ["SELECT", "0"],
    ["EXISTS", "b"],
  ]);

  diffTest(pair, "COPY copies the TTL", [
    ["SET", "a", "1", "EX", "100"],
    ["COPY", "a", "b"],
    { cmd: ["TTL", "b"], tolerance: 1 },
    ["COPY", "a", "c", "DB", "1"],
    ["SELECT", "1"],
    { cmd: ["TTL", "c"], tolerance: 1 },
    ["SELECT", "0"],
    ["SET", "d", "1", "EX", "100"],
    ["SET", "e", "1"],
    ["COPY", "e", "d", "REPLACE"],
    ["TTL", "d"],
    { cmd: ["TTL", "a"], tolerance: 1 },
  ]);

  diffTestIf(has("append"), pair, "COPY of a modified (raw) string is independent", [
    ["SET", "a", "x"],
    ["APPEND", "a", "y"],
    ["COPY", "a", "b"],
    ["APPEND", "b", "z"],
    ["GET", "a"],
    ["GET", "b"],
    ["OBJECT", "ENCODING", "b"],
  ]);

  diffTestIf(has("rpush", "lrange", "hset", "hgetall", "sadd", "smembers", "zadd", "zrange"), pair, "COPY is a deep copy for every type", [
    ["RPUSH", "l", "a", "b"],
    ["COPY", "l", "l2"],
    ["RPUSH", "l2", "c"],
    ["LRANGE", "l", "0", "-1"],
    ["LRANGE", "l2", "0", "-1"],
    ["HSET", "h", "f", "v"],
    ["COPY", "h", "h2"],
    ["HSET", "h2", "g", "w"],
    { cmd: ["HGETALL", "h"], unordered: true, pairs: true },
    { cmd: ["HGETALL", "h2"], unordered: true, pairs: true },
    ["SADD", "s", "1", "2"],
    ["COPY", "s", "s2"],
    ["SADD", "s2", "3"],
    { cmd: ["SMEMBERS", "s"], unordered: true },
    { cmd: ["SMEMBERS", "s2"], unordered: true },
    ["ZADD", "z", "1", "a"],
    ["COPY", "z", "z2", "DB", "1"],
    ["SELECT", "1"],
    ["ZADD", "z2", "2", "b"],
    ["ZRANGE", "z2", "0", "-1", "WITHSCORES"],
    ["SELECT", "0"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["TYPE", "l2"],
    ["TYPE", "h2"],
    ["TYPE", "s2"],
    ["OBJECT", "ENCODING", "l2"],
    ["OBJECT", "ENCODING", "h2"],
    ["OBJECT", "ENCODING", "s2"],
    ["COPY", "l", "h", "REPLACE"],
    ["TYPE", "h"],
  ]);

  // --- MOVE --------------------------------------------------------------

  diffTest(pair, "MOVE", [
    ["SET", "a", "1"],
    ["MOVE", "a", "1"],
    ["EXISTS", "a"],
    ["SELECT", "1"],
    ["GET", "a"],
    ["MOVE", "a", "0"],
    ["SELECT", "0"],
    ["GET", "a"],
    ["MOVE", "nokey", "1"],
    ["MOVE", "a", "0"],
    ["MOVE", "nokey", "0"],
    ["MOVE", "a", "16"],
    ["MOVE", "a", "-1"],
    ["MOVE", "a", "x"],
    ["MOVE", "a", "4294967296"],
    ["SET", BIN1, "v"],
    ["MOVE", BIN1, "2"],
    ["SELECT", "2"],
    ["GET", BIN1],
    ["SELECT", "0"],
    ["MOVE", "a"],
    ["MOVE", "a", "1", "2"],
  ]);

  diffTest(pair, "MOVE fails when the key exists in the target; moves the TTL", [
    ["SET", "a", "src"],
    ["SELECT", "1"],
    ["SET", "a", "dst"],
    ["SELECT", "0"],
    ["MOVE", "a", "1"],
    ["GET", "a"],
    ["SET", "t", "1", "EX", "100"],
    ["MOVE", "t", "1"],
    ["SELECT", "1"],
    { cmd: ["TTL", "t"], tolerance: 1 },
    ["GET", "a"],
  ]);

  // --- SWAPDB ------------------------------------------------------------

  diffTest(pair, "SWAPDB", [
    ["SET", "a", "db0"],
    ["SET", "t", "1", "EX", "100"],
    ["SELECT", "1"],
    ["SET", "a", "db1"],
    ["SET", "only1", "x"],
    ["SWAPDB", "0", "1"],
    ["GET", "a"],
    { cmd: ["TTL", "t"], tolerance: 1 },
    ["DBSIZE"],
    ["SELECT", "0"],
    ["GET", "a"],
    ["GET", "only1"],
    ["DBSIZE"],
    ["SWAPDB", "0", "0"],
    ["GET", "a"],
    ["SWAPDB", "1", "0"],
    ["GET", "a"],
    ["SWAPDB", "0", "16"],
    ["SWAPDB", "-1", "0"],
    ["SWAPDB", "x", "0"],
    ["SWAPDB", "0", "x"],
    ["SWAPDB", "x", "y"],
    ["SWAPDB", "99", "y"],
    ["SWAPDB", "1.5", "0"],
    ["SWAPDB", "0"],
    ["SWAPDB", "0", "1", "2"],
  ]);

  diffTestIf(has("watch", "multi", "exec"), pair, "SWAPDB fails transactions watching keys in either database", [
    ["SET", "w", "1"],
    ["WATCH", "w"],
    ["SWAPDB", "1", "2"],
    ["MULTI"],
    ["PING"],
    ["EXEC"],
    ["WATCH", "w"],
    ["SWAPDB", "0", "1"],
    ["MULTI"],
    ["PING"],
    ["EXEC"],
    ["SELECT", "1"],
    ["WATCH", "nothere"],
    ["SWAPDB", "0", "1"],
    ["MULTI"],
    ["PING"],
    ["EXEC"],
    ["SELECT", "0"],
  ]);

  // --- EXPIRE family -----------------------------------------------------

  diffTest(pair, "EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT basics", [
    ["EXPIRE", "nokey", "100"],
    ["PEXPIRE", "nokey", "100"],
    ["EXPIREAT", "nokey", "4000000000"],
    ["PEXPIREAT", "nokey", "4000000000000"],
    ["SET", "a", "1"],
    ["EXPIRE", "a", "100"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    { cmd: ["PTTL", "a"], tolerance: 1000 },
    ["PEXPIRE", "a", "200000"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    ["EXPIREAT", "a", "4000000000"],
    ["EXPIRETIME", "a"],
    ["PEXPIRETIME", "a"],
    ["PEXPIREAT", "a", "4000000000123"],
    ["PEXPIRETIME", "a"],
    ["EXPIRETIME", "a"],
    ["expire", "a", "50"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    ["SET", BIN1, "v"],
    ["EXPIRE", BIN1, "10"],
    { cmd: ["TTL", BIN1], tolerance: 1 },
    ["EXPIRE", "a"],
    ["PEXPIRE"],
    ["EXPIREAT", "a"],
    ["PEXPIREAT", "a"],
  ]);

  diffTest(pair, "EXPIRE family: NX / XX / GT / LT", [
    ["SET", "a", "1"],
    ["EXPIRE", "a", "100", "XX"],
    ["EXPIRE", "a", "100", "GT"],
    ["TTL", "a"],
    ["EXPIRE", "a", "100", "NX"],
    ["EXPIRE", "a", "200", "NX"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    ["EXPIRE", "a", "200", "XX"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    ["EXPIRE", "a", "100", "GT"],
    ["EXPIRE", "a", "300", "GT"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    ["EXPIRE", "a", "400", "LT"],
    ["EXPIRE", "a", "50", "LT"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    ["EXPIRE", "a", "60", "XX", "GT"],
    ["EXPIRE", "a", "40", "XX", "GT"],
    ["EXPIRE", "a", "30", "xx", "lt"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    ["EXPIRE", "a", "29", "GT", "XX"], // 29 s: never later than the TTL just set (30 s would race the clock)
    ["EXPIRE", "a", "1000", "GT", "GT"],
    ["SET", "b", "1"],
    ["EXPIRE", "b", "100", "LT"],
    { cmd: ["TTL", "b"], tolerance: 1 },
    ["SET", "c", "1"],
    ["PEXPIRE", "c", "100000", "nx"],
    ["PEXPIREAT", "c", "4000000000000", "GT"],
    ["PEXPIRETIME", "c"],
    ["EXPIREAT", "c", "4000000001", "LT"],
    ["EXPIREAT", "c", "3999999999", "LT"],
    ["EXPIRETIME", "c"],
    ["EXPIRE", "nokey", "100", "NX"],
    ["EXPIRE", "nokey", "100", "XX"],
  ]);

  diffTest(pair, "EXPIRE family: option errors come before the time argument's", [
    ["SET", "a", "1"],
    ["EXPIRE", "a", "100", "NX", "XX"],
    ["EXPIRE", "a", "100", "NX", "GT"],
    ["EXPIRE", "a", "100", "LT", "NX"],
    ["EXPIRE", "a", "100", "GT", "LT"],
    ["EXPIRE", "a", "100", "XX", "GT", "LT"],
    ["EXPIRE", "a", "100", "NX", "XX", "GT", "LT"],
    ["EXPIRE", "a", "100", "FOO"],
    ["EXPIRE", "a", "x", "FOO"],
    ["EXPIRE", "a", "x", "NX", "XX"],
    ["PEXPIRE", "a", "100", "NX", "foo\x00bar"],
    ["EXPIRE", "a", "100", ""],
    ["EXPIRE", "a", "x"],
    ["EXPIRE", "a", "1.5"],
    ["EXPIRE", "a", " 1"],
    ["EXPIRE", "a", ""],
    ["EXPIRE", "a", "9223372036854775808"],
    ["EXPIRE", "nokey", "x"],
    ["EXPIRE", "nokey", "100", "FOO"],
    ["TTL", "a"],
  ]);

  diffTest(pair, "EXPIRE family: overflow", [
    ["SET", "a", "1"],
    ["EXPIRE", "a", "9223372036854775807"],
    ["EXPIRE", "a", "9223372036854776"],
    ["EXPIRE", "a", "9223372036854775"],
    ["EXPIRE", "a", "-9223372036854775808"],
    ["EXPIRE", "a", "-9223372036854776"],
    ["PEXPIRE", "a", "9223372036854775807"],
    ["PEXPIRE", "a", "9223372036854775000"],
    ["EXPIREAT", "a", "9223372036854776"],
    ["EXPIREAT", "a", "-9223372036854776"],
    ["PEXPIREAT", "a", "9223372036854775808"],
    ["EXPIRE", "nokey", "9223372036854775807"],
    ["TTL", "a"],
    ["EXISTS", "a"],
    ["PEXPIREAT", "a", "9223372036854775807"],
    ["EXISTS", "a"],
    ["EXPIREAT", "a", "9223372036854775"],
    ["EXISTS", "a"],
    ["PEXPIRE", "a", "-9223372036854775808"],
    ["EXISTS", "a"],
  ]);

  diffTest(pair, "EXPIRE family: a time in the past deletes the key", [
    ["SET", "a", "1"],
    ["EXPIRE", "a", "-1"],
    ["EXISTS", "a"],
    ["SET", "a", "1"],
    ["EXPIRE", "a", "0"],
    ["EXISTS", "a"],
    ["SET", "a", "1"],
    ["PEXPIRE", "a", "0"],
    ["EXISTS", "a"],
    ["SET", "a", "1"],
    ["EXPIREAT", "a", "0"],
    ["EXISTS", "a"],
    ["SET", "a", "1"],
    ["PEXPIREAT", "a", "1"],
    ["EXISTS", "a"],
    ["SET", "a", "1"],
    ["EXPIREAT", "a", "1000000000"],
    ["EXISTS", "a"],
    ["SET", "a", "1", "EX", "100"],
    ["EXPIRE", "a", "-5", "GT"],
    ["EXISTS", "a"],
    ["EXPIRE", "a", "-5", "LT"],
    ["EXISTS", "a"],
    ["SET", "a", "1"],
    ["EXPIRE", "a", "-5", "XX"],
    ["EXISTS", "a"],
    ["EXPIRE", "a", "-5", "NX"],
    ["EXISTS", "a"],
    ["SET", "a", "1"],
    ["EXPIRE", "a", "-5", "LT"],
    ["EXISTS", "a"],
    ["SET", "a", "1"],
    ["EXPIRE", "a", "-5", "GT"],
    ["EXISTS", "a"],
  ]);

  diffTestIf(has("rpush", "hset"), pair, "EXPIRE on other types", [
    ["RPUSH", "l", "a"],
    ["HSET", "h", "f", "v"],
    ["EXPIRE", "l", "100"],
    { cmd: ["TTL", "l"], tolerance: 1 },
    ["PEXPIREAT", "h", "4000000000000"],
    ["EXPIRETIME", "h"],
    ["PERSIST", "h"],
    ["TTL", "h"],
    ["EXPIRE", "l", "-1"],
    ["EXISTS", "l"],
  ]);

  // --- TTL family / PERSIST ----------------------------------------------

  diffTest(pair, "TTL / PTTL / EXPIRETIME / PEXPIRETIME", [
    ["TTL", "nokey"],
    ["PTTL", "nokey"],
    ["EXPIRETIME", "nokey"],
    ["PEXPIRETIME", "nokey"],
    ["SET", "a", "1"],
    ["TTL", "a"],
    ["PTTL", "a"],
    ["EXPIRETIME", "a"],
    ["PEXPIRETIME", "a"],
    ["PEXPIREAT", "a", "1999999999500"],
    ["EXPIRETIME", "a"],
    ["PEXPIRETIME", "a"],
    ["PEXPIREAT", "a", "1999999999499"],
    ["EXPIRETIME", "a"],
    ["PEXPIREAT", "a", "1999999999999"],
    ["EXPIRETIME", "a"],
    ["PEXPIRE", "a", "1500"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    { cmd: ["PTTL", "a"], tolerance: 100 },
    ["PEXPIRE", "a", "100000499"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    ["TTL"],
    ["PTTL", "a", "b"],
    ["EXPIRETIME"],
    ["PEXPIRETIME", "a", "b"],
  ]);

  diffTest(pair, "PERSIST", [
    ["PERSIST", "nokey"],
    ["SET", "a", "1"],
    ["PERSIST", "a"],
    ["EXPIRE", "a", "100"],
    ["PERSIST", "a"],
    ["TTL", "a"],
    ["PERSIST", "a"],
    ["GET", "a"],
    ["PERSIST"],
    ["PERSIST", "a", "b"],
  ]);

  diffTest(pair, "which writes keep or clear a TTL", [
    ["SET", "a", "1", "EX", "100"],
    ["SET", "a", "2"],
    ["TTL", "a"],
    ["SET", "a", "1", "EX", "100"],
    ["SET", "a", "2", "KEEPTTL"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    ["INCR", "a"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    ["INCRBY", "a", "5"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    ["MSET", "a", "1"],
    ["TTL", "a"],
    ["SET", "b", "1", "EX", "100"],
    ["DEL", "b"],
    ["SET", "b", "1"],
    ["TTL", "b"],
  ]);

  diffTestIf(has("getset", "append", "setrange"), pair, "GETSET clears a TTL, APPEND / SETRANGE keep it", [
    ["SET", "a", "1", "EX", "100"],
    ["GETSET", "a", "2"],
    ["TTL", "a"],
    ["SET", "a", "1", "EX", "100"],
    ["APPEND", "a", "x"],
    { cmd: ["TTL", "a"], tolerance: 1 },
    ["SETRANGE", "a", "0", "y"],
    { cmd: ["TTL", "a"], tolerance: 1 },
  ]);

  // --- OBJECT ------------------------------------------------------------

  diffTest(pair, "OBJECT ENCODING of strings", [
    ["OBJECT", "ENCODING", "nokey"],
    ["SET", "a", "1"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", "-1"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", "0"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", "9223372036854775807"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", "-9223372036854775808"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", "9223372036854775808"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", "-9223372036854775809"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", "12345678901234567"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", "01"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", "-0"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", "+1"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", " 1"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", "1.5"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", ""],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", LONG44],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", LONG45],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "a", BIN1],
    ["OBJECT", "ENCODING", "a"],
    ["MSET", "m", "77", "m2", LONG45],
    ["OBJECT", "ENCODING", "m"],
    ["OBJECT", "ENCODING", "m2"],
    ["SET", "n", "9007199254740990"],
    ["INCRBY", "n", "10"],
    ["OBJECT", "ENCODING", "n"],
    ["object", "encoding", "n"],
    ["SET", BIN2, "x"],
    ["OBJECT", "ENCODING", BIN2],
  ]);

  diffTestIf(has("append", "setrange"), pair, "OBJECT ENCODING after in-place string edits", [
    ["SET", "a", "1"],
    ["APPEND", "a", "2"],
    ["OBJECT", "ENCODING", "a"],
    ["INCR", "a"],
    ["OBJECT", "ENCODING", "a"],
    ["SETRANGE", "b", "0", "x"],
    ["OBJECT", "ENCODING", "b"],
  ]);

  diffTestIf(has("rpush", "hset", "sadd", "zadd"), pair, "OBJECT ENCODING of small aggregates", [
    ["RPUSH", "l", "a"],
    ["HSET", "h", "f", "v"],
    ["SADD", "s", "1", "2"],
    ["SADD", "s2", "a"],
    ["ZADD", "z", "1", "m"],
    ["OBJECT", "ENCODING", "l"],
    ["OBJECT", "ENCODING", "h"],
    ["OBJECT", "ENCODING", "s"],
    ["OBJECT", "ENCODING", "s2"],
    ["OBJECT", "ENCODING", "z"],
    ["OBJECT", "REFCOUNT", "l"],
  ]);

  diffTest(pair, "OBJECT REFCOUNT / IDLETIME / FREQ under the default policy", [
    ["OBJECT", "REFCOUNT", "nokey"],
    ["OBJECT", "IDLETIME", "nokey"],
    ["OBJECT", "FREQ", "nokey"],
    ["SET", "a", "100"],
    ["OBJECT", "REFCOUNT", "a"],
    ["SET", "a", "0"],
    ["OBJECT", "REFCOUNT", "a"],
    ["SET", "a", "9999"],
    ["OBJECT", "REFCOUNT", "a"],
    ["INCR", "a"],
    ["OBJECT", "REFCOUNT", "a"],
    ["SET", "a", "10000"],
    ["OBJECT", "REFCOUNT", "a"],
    ["SET", "a", "-1"],
    ["OBJECT", "REFCOUNT", "a"],
    ["SET", "a", "abc"],
    ["OBJECT", "REFCOUNT", "a"],
    ["OBJECT", "IDLETIME", "a"],
    ["OBJECT", "FREQ", "a"],
    ["OBJECT", "freq", "a"],
  ]);

  diffTest(pair, "OBJECT HELP, arity and unknown subcommands", [
    ["OBJECT", "HELP"],
    ["object", "help"],
    ["OBJECT"],
    ["OBJECT", "FOO"],
    ["OBJECT", "FOO", "a"],
    ["OBJECT", "ENCODING"],
    ["OBJECT", "ENCODING", "a", "b"],
    ["OBJECT", "REFCOUNT"],
    ["OBJECT", "IDLETIME", "a", "b"],
    ["OBJECT", "FREQ"],
    ["OBJECT", "HELP", "x"],
  ]);

  diffTest(pair, "RESP3 nulls and replies", [
    { cmd: ["HELLO", "3"], typeOnly: true },
    ["OBJECT", "ENCODING", "nokey"],
    ["OBJECT", "HELP"],
    ["RANDOMKEY"],
    ["SET", "a", "1"],
    ["SCAN", "0"],
    ["KEYS", "*"],
    ["TYPE", "a"],
    ["TTL", "a"],
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);
});

describe("keys under an LFU maxmemory policy", () => {
  const pair = useDiffPair({ "maxmemory-policy": "allkeys-lfu" });

  diffTest(pair, "OBJECT FREQ / IDLETIME / REFCOUNT", [
    ["SET", "fresh", "abc"],
    ["SET", "shared", "5"],
    ["SET", "big", "10000"],
    ["OBJECT", "FREQ", "fresh"],
    ["OBJECT", "FREQ", "shared"],
    ["OBJECT", "FREQ", "nokey"],
    ["OBJECT", "IDLETIME", "fresh"],
    ["OBJECT", "IDLETIME", "nokey"],
    ["OBJECT", "REFCOUNT", "shared"],
    ["OBJECT", "REFCOUNT", "big"],
    ["OBJECT", "ENCODING", "shared"],
  ]);
});

describe("keys with keyspace notifications on", () => {
  const pair = useDiffPair({ "notify-keyspace-events": "KEA" });

  // --- keyspace events ---------------------------------------------------

  testWithRedis("keyspace events of the generic commands", async () => {
    const script: string[][] = [
      ["SET", "a", "1"],
      ["RENAME", "a", "b"],
      ["RENAME", "b", "b"],
      ["RENAMENX", "b", "c"],
      ["COPY", "c", "d"],
      ["COPY", "c", "e", "DB", "3"],
      ["MOVE", "d", "2"],
      ["EXPIRE", "c", "100"],
      ["EXPIRE", "c", "100", "NX"],
      ["PERSIST", "c"],
      ["PERSIST", "c"],
      ["PEXPIREAT", "c", "1"],
      ["SET", "f", "1"],
      ["DEL", "f", "nokey"],
      ["SET", "g", "1"],
      ["UNLINK", "g"],
      ["SWAPDB", "0", "1"],
      ["TOUCH", "nokey"],
      ["SET", "t", "1", "PX", "1"],
    ];
    const results: string[][] = [];
    for (const port of [pair.redisPort, pair.redbunPort]) {
      results.push(
        await keyeventMessages(port, async (cmd) => {
          for (const s of script) await cmd.send(...s);
          await Bun.sleep(20);
          await cmd.send("EXISTS", "t"); // expired on access (or by the cycle): "expired" either way
        }),
      );
    }
    expect(results[1]).toEqual(results[0]!);
    expect(results[0]!.length).toBeGreaterThan(10);
  });
});
