// Differential tests: SORT and SORT_RO (Redis 7.0's sort.c) against
// redis-server 7 — lists, sets, sorted sets; numeric and ALPHA order, BY and
// GET patterns (`*`, `->field`, `#`), BY nosort, LIMIT edge cases, STORE,
// the errors, the key finder (COMMAND GETKEYS), and at the end what SORT ...
// STORE propagates and notifies.
//
// Redis never clears errno before the strtod of a numeric SORT, so once a
// SORT has hit ERANGE (1e400, 1e-310...) every later numeric SORT on that
// server fails until some command clears errno. Tests that provoke ERANGE
// therefore run INCRBYFLOAT right after (it sets errno = 0 in Redis), so the
// reference server is back to a clean state; redbun always starts clean.

import { describe, expect, test } from "bun:test";
import { diffTest, hasRedis, requireRedisInCI, runSteps, type StepLike, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { usePropagationHarness } from "../helpers/propagation.ts";
import { RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

const CLEAR_ERRNO: StepLike = ["INCRBYFLOAT", "__errno", "0"];
const HELLO3: StepLike = { cmd: ["HELLO", "3"], typeOnly: true };
const HELLO2: StepLike = { cmd: ["HELLO", "2"], typeOnly: true };

/** A small deterministic PRNG (mulberry32), so generated data is the same on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("SORT vs redis-server", () => {
  const pair = useDiffPair();

  diffTest(pair, "numeric and ALPHA order on a list, ASC/DESC, LIMIT", [
    ["RPUSH", "l", "3", "1", "2", "10", "-5", "1.5"],
    ["SORT", "l"],
    ["SORT", "l", "DESC"],
    ["SORT", "l", "ASC"],
    ["SORT", "l", "ALPHA"],
    ["SORT", "l", "alpha", "desc"],
    ["SORT", "l", "ASC", "DESC", "ASC"],
    ["SORT", "l", "LIMIT", "1", "2"],
    ["SORT", "l", "LIMIT", "-1", "2"],
    ["SORT", "l", "LIMIT", "2", "-1"],
    ["SORT", "l", "LIMIT", "2", "-100"],
    ["SORT", "l", "LIMIT", "5", "1"],
    ["SORT", "l", "LIMIT", "6", "1"],
    ["SORT", "l", "LIMIT", "10", "2"],
    ["SORT", "l", "LIMIT", "0", "0"],
    ["SORT", "l", "LIMIT", "0", "100"],
    ["SORT", "l", "LIMIT", "9223372036854775807", "9223372036854775807"],
    ["SORT", "l", "LIMIT", "-9223372036854775808", "3"],
    ["SORT", "l", "LIMIT", "1", "2", "LIMIT", "0", "1"],
    ["SORT", "l", "DESC", "LIMIT", "0", "2", "ALPHA"],
    ["SORT_RO", "l"],
    ["SORT_RO", "l", "LIMIT", "0", "2", "DESC"],
    ["SORT_RO", "l", "ALPHA", "LIMIT", "1", "1"],
  ]);

  diffTest(pair, "equal scores fall back to the elements' bytes; duplicates", [
    ["RPUSH", "l", "1.0", "1", "01", "+1", "1e0", "0x1", " 1", "1", "b", "a"],
    ["DEL", "l"],
    ["RPUSH", "l", "1.0", "1", "01", "+1", "1e0", "0x1", " 1", "1"],
    ["SORT", "l"],
    ["SORT", "l", "DESC"],
    ["SORT", "l", "LIMIT", "2", "3"],
    ["RPUSH", "m", "-0", "0", "00", "0.0", "-0.0"],
    ["SORT", "m"],
    ["SORT", "m", "DESC"],
  ]);

  diffTest(pair, "numbers as C strtod reads them", [
    ["RPUSH", "a", " 5", "0x10", "1e3", "inf", "-inf", "", "\t7", "+5", ".5", "5.", "1E2", "Infinity", "-INF", "0x1.8p1", "-0x10"],
    ["SORT", "a"],
    ["SORT", "a", "DESC"],
    ["SORT", "a", "LIMIT", "3", "4"],
    // A NUL byte ends the number.
    ["RPUSH", "n", "7\x00xyz", "3", "\x00"],
    ["SORT", "n"],
    // Exact denormals and the smallest normal are fine.
    ["RPUSH", "d", "0x1p-1074", "2.2250738585072014e-308", "0"],
    ["SORT", "d"],
  ]);

  diffTest(pair, "numbers that can't be converted", [
    ["RPUSH", "bad", "a", "1"],
    ["SORT", "bad"],
    ["SORT", "bad", "DESC", "LIMIT", "0", "1"],
    ["SORT", "bad", "ALPHA"],
    ["SORT", "bad", "BY", "nosort"],
    ["SORT", "bad", "STORE", "dst"],
    ["EXISTS", "dst"],
    ["RPUSH", "nan", "nan"],
    ["SORT", "nan"],
    ["RPUSH", "trail", "5 "],
    ["SORT", "trail"],
    ["RPUSH", "blank", "  "],
    ["SORT", "blank"],
    ["RPUSH", "x", "0x"],
    ["SORT", "x"],
    ["RPUSH", "zz", "1", "2", "three"],
    ["SORT", "zz", "LIMIT", "0", "1"],
  ]);

  diffTest(pair, "out of double range: overflow, underflow, inexact denormals (ERANGE)", [
    CLEAR_ERRNO,
    ["RPUSH", "o", "1e400"],
    ["SORT", "o"],
    CLEAR_ERRNO,
    ["RPUSH", "u", "1e-400"],
    ["SORT", "u"],
    CLEAR_ERRNO,
    ["RPUSH", "dn", "1e-310"],
    ["SORT", "dn"],
    CLEAR_ERRNO,
    ["RPUSH", "dn2", "4.9406564584124654e-324"],
    ["SORT", "dn2"],
    CLEAR_ERRNO,
    ["RPUSH", "neg", "-1e309"],
    ["SORT", "neg"],
    CLEAR_ERRNO,
    ["SORT", "o", "ALPHA"],
    ["RPUSH", "ok", "2", "1"],
    ["SORT", "ok"],
  ]);

  diffTest(pair, "ALPHA: bytes up to a NUL; binary comparison with STORE", [
    ["RPUSH", "m", "\xe9", "z", "a\x00b", "a\x00a", "A", "\xff", "", "a", "Z"],
    ["SORT", "m", "ALPHA"],
    ["SORT", "m", "ALPHA", "DESC"],
    ["SORT", "m", "ALPHA", "LIMIT", "1", "3"],
    ["SORT", "m", "ALPHA", "STORE", "mm"],
    ["LRANGE", "mm", "0", "-1"],
    ["SORT", "m", "ALPHA", "DESC", "STORE", "mm"],
    ["LRANGE", "mm", "0", "-1"],
  ]);

  diffTest(pair, "BY and GET patterns: *, ->field, #", [
    ["RPUSH", "l", "3", "1", "2"],
    ["MSET", "w_1", "30", "w_2", "20", "w_3", "10", "o_1", "one", "o_2", "two", "o_3", "three"],
    ["HSET", "h_1", "f", "5", "g", "x"],
    ["HSET", "h_2", "f", "1"],
    ["SORT", "l", "BY", "w_*"],
    ["SORT", "l", "BY", "w_*", "DESC"],
    ["SORT", "l", "BY", "w_*", "GET", "o_*", "GET", "#"],
    ["SORT", "l", "BY", "w_*", "GET", "o_*", "GET", "#", "LIMIT", "1", "1"],
    ["SORT", "l", "GET", "#"],
    ["SORT", "l", "GET", "o_*", "GET", "o_*"],
    ["SORT", "l", "BY", "h_*->f"],
    ["SORT", "l", "BY", "h_*->f", "GET", "h_*->g", "GET", "#", "GET", "h_*->"],
    ["SORT", "l", "GET", "h_*->f->x"],
    ["SORT", "l", "GET", "h->*"],
    ["SORT", "l", "GET", "o_"],
    ["SORT", "l", "GET", "nokey_*"],
    ["SORT", "l", "GET", "w_*->f"],
    ["SORT", "l", "GET", "h_*"],
    ["SORT", "l", "BY", "h_*"],
    ["SORT", "l", "BY", "w_*", "ALPHA"],
    ["SORT", "l", "BY", "missing_*", "ALPHA"],
    ["SORT", "l", "BY", "missing_*", "ALPHA", "DESC"],
    ["SORT", "l", "BY", "missing_*"],
    ["SORT", "l", "BY", "missing_*", "DESC"],
    ["SORT", "l", "BY", "h_*->g", "ALPHA"],
    ["SORT", "l", "BY", "h_*->g", "ALPHA", "LIMIT", "0", "2"],
    ["SORT", "l", "BY", "h_*->g", "ALPHA", "LIMIT", "1", "1"],
    ["SORT", "l", "BY", "w_*", "LIMIT", "1", "1"],
    // Patterns are C strings where Redis looks with strchr/strstr.
    ["SORT", "l", "BY", "w_\x00*"],
    ["SORT", "l", "GET", "#\x00zz"],
    ["SORT", "l", "GET", "o_*\x00x"],
    ["SET", "o_*\x00x", "nul"],
    ["SET", "1o_", "k"],
    ["SORT", "l", "GET", "*o_"],
    // A weight that is not a number.
    ["SET", "w_1", "x"],
    ["SORT", "l", "BY", "w_*"],
    ["SORT", "l", "BY", "w_*", "ALPHA"],
    ["SORT", "l", "BY", "w_*", "ALPHA", "STORE", "dst"],
    ["LRANGE", "dst", "0", "-1"],
    ["SORT", "l", "GET", "o_*", "GET", "nokey_*", "STORE", "dst"],
    ["LRANGE", "dst", "0", "-1"],
    // Weights of other types are missing.
    ["RPUSH", "w_2", "x"],
    ["SORT", "l", "BY", "w_*", "ALPHA"],
    ["SORT", "l", "GET", "w_*"],
  ]);

  diffTest(pair, "BY nosort keeps the native order (and a later BY with * does not undo it)", [
    ["RPUSH", "l", "3", "1", "2", "b", "a"],
    ["SORT", "l", "BY", "nosort"],
    ["SORT", "l", "BY", "nosort", "DESC"],
    ["SORT", "l", "BY", "nosort", "LIMIT", "1", "5"],
    ["SORT", "l", "BY", "nosort", "LIMIT", "1", "2"],
    ["SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "1"],
    ["SORT", "l", "BY", "nosort", "DESC", "LIMIT", "0", "2"],
    ["SORT", "l", "BY", "nosort", "LIMIT", "5", "1"],
    ["SORT", "l", "BY", "nosort", "LIMIT", "-3", "2"],
    ["SORT", "l", "BY", "nosort", "GET", "#", "GET", "x_*"],
    ["SORT", "l", "BY", "nosort", "BY", "w_*"],
    ["SORT", "l", "BY", "w_*", "BY", "nosort"],
    ["SORT", "l", "BY", "#"],
    ["SORT", "l", "BY", "nosort", "STORE", "dst"],
    ["LRANGE", "dst", "0", "-1"],
    ["SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "3", "STORE", "dst"],
    ["LRANGE", "dst", "0", "-1"],
  ]);

  diffTest(pair, "sorted sets: BY nosort keeps the score order with LIMIT; SORT converts to skiplist", [
    ["ZADD", "z", "3", "a", "1", "b", "2", "c", "5", "d", "4", "e"],
    ["OBJECT", "ENCODING", "z"],
    ["SORT", "z", "BY", "nosort"],
    ["OBJECT", "ENCODING", "z"],
    ["SORT", "z", "BY", "nosort", "DESC"],
    ["SORT", "z", "BY", "nosort", "LIMIT", "1", "2"],
    ["SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "2"],
    ["SORT", "z", "BY", "nosort", "DESC", "LIMIT", "0", "2"],
    ["SORT", "z", "BY", "nosort", "LIMIT", "3", "10"],
    ["SORT", "z", "BY", "nosort", "LIMIT", "5", "10"],
    ["SORT", "z", "BY", "nosort", "LIMIT", "4", "1"],
    ["SORT", "z", "BY", "nosort", "DESC", "LIMIT", "4", "1"],
    ["SORT", "z", "ALPHA"],
    ["SORT", "z", "ALPHA", "DESC", "LIMIT", "1", "2"],
    ["SORT", "z"],
    ["SORT", "z", "BY", "nosort", "STORE", "dst"],
    ["LRANGE", "dst", "0", "-1"],
    ["ZADD", "zn", "1", "30", "2", "10", "3", "20"],
    ["SORT_RO", "zn"],
    ["OBJECT", "ENCODING", "zn"],
    ["SORT", "zn", "BY", "nosort", "GET", "#"],
    ["ZADD", "zn", "-0", "-0"],
    ["ZRANGE", "zn", "0", "-1", "WITHSCORES"],
  ]);

  diffTest(pair, "sets: intsets sort; BY nosort with STORE sorts ALPHA", [
    ["SADD", "s", "5", "3", "9", "1", "-2"],
    ["SORT", "s"],
    ["SORT", "s", "DESC"],
    ["SORT", "s", "ALPHA"],
    ["SORT", "s", "BY", "nosort"],
    ["SORT", "s", "BY", "nosort", "DESC"],
    ["SORT", "s", "BY", "nosort", "LIMIT", "1", "2"],
    ["SORT", "s", "BY", "nosort", "STORE", "dst"],
    ["LRANGE", "dst", "0", "-1"],
    ["SORT", "s", "BY", "nosort", "DESC", "STORE", "dst"],
    ["LRANGE", "dst", "0", "-1"],
    ["SADD", "s2", "b", "a", "c", "10", "9"],
    ["SORT", "s2", "ALPHA"],
    ["SORT", "s2", "ALPHA", "DESC", "LIMIT", "0", "3"],
    ["SORT", "s2"],
    ["SORT", "s2", "BY", "nosort", "STORE", "dst"],
    ["LRANGE", "dst", "0", "-1"],
    ["SORT", "s2", "BY", "nosort", "LIMIT", "1", "2", "STORE", "dst"],
    ["LRANGE", "dst", "0", "-1"],
    ["SORT", "s", "BY", "nothing_*", "ALPHA"],
    ["SORT", "s", "BY", "nothing_*", "ALPHA", "LIMIT", "1", "3"],
    ["SORT", "s", "BY", "nothing_*"],
  ]);

  diffTest(pair, "STORE: replaces any type, drops the TTL, deletes on an empty result", [
    ["RPUSH", "l", "2", "1"],
    ["SET", "dst", "str", "EX", "100"],
    ["SORT", "l", "STORE", "dst"],
    ["TYPE", "dst"],
    ["TTL", "dst"],
    ["LRANGE", "dst", "0", "-1"],
    ["OBJECT", "ENCODING", "dst"],
    ["SORT", "l", "STORE", "dst", "STORE", "dst2"],
    ["EXISTS", "dst2"],
    ["SORT", "l", "LIMIT", "5", "5", "STORE", "dst"],
    ["EXISTS", "dst"],
    ["SORT", "nokey", "STORE", "dst2"],
    ["EXISTS", "dst2"],
    ["SORT", "nokey", "STORE", "dst2"],
    ["SORT", "l", "STORE", "l"],
    ["LRANGE", "l", "0", "-1"],
    ["SORT", "l", "GET", "nokey_*", "GET", "#", "STORE", "dst"],
    ["LRANGE", "dst", "0", "-1"],
    ["SORT", "l", "LIMIT", "0", "0", "GET", "#", "STORE", "dst"],
    ["EXISTS", "dst"],
  ]);

  diffTest(pair, "errors: syntax, LIMIT integers, WRONGTYPE, SORT_RO STORE, arity", [
    ["RPUSH", "l", "1"],
    ["SORT", "l", "LIMIT", "x", "1"],
    ["SORT", "l", "LIMIT", "1", "x"],
    ["SORT", "l", "LIMIT", "1.5", "1"],
    ["SORT", "l", "LIMIT", "1"],
    ["SORT", "l", "LIMIT"],
    ["SORT", "l", "foo"],
    ["SORT", "l", "BY"],
    ["SORT", "l", "GET"],
    ["SORT", "l", "STORE"],
    ["SORT", "l", "sort"],
    ["SORT_RO", "l", "STORE", "x"],
    ["SORT_RO", "l", "STORE"],
    ["SET", "str", "x"],
    ["SORT", "str"],
    ["SORT", "str", "BY", "nosort"],
    ["SORT", "str", "LIMIT", "x", "1"],
    ["SORT", "str", "foo"],
    ["SORT_RO", "str"],
    ["HSET", "h", "a", "1"],
    ["SORT", "h"],
    ["SORT", "nokey"],
    ["SORT", "nokey", "BY", "nosort", "LIMIT", "0", "1"],
    ["SORT_RO", "nokey"],
    ["SORT"],
    ["SORT_RO"],
  ]);

  diffTest(pair, "RESP3: missing GET values are nulls", [
    HELLO3,
    ["RPUSH", "l", "2", "1"],
    ["SET", "o_1", "one"],
    ["SORT", "l", "GET", "o_*", "GET", "#"],
    ["SORT", "l", "STORE", "dst"],
    HELLO2,
  ]);

  diffTest(pair, "COMMAND GETKEYS: the sorted key and the last STORE destination", [
    ["COMMAND", "GETKEYS", "SORT", "k"],
    ["COMMAND", "GETKEYS", "SORT", "k", "STORE", "x"],
    ["COMMAND", "GETKEYS", "SORT", "k", "STORE", "x", "STORE", "y"],
    ["COMMAND", "GETKEYS", "SORT", "k", "LIMIT", "store", "x", "1", "store", "y"],
    ["COMMAND", "GETKEYS", "SORT", "k", "BY", "store", "GET", "store", "STORE", "z"],
    ["COMMAND", "GETKEYS", "SORT", "k", "STORE"],
    ["COMMAND", "GETKEYS", "SORT_RO", "k", "STORE", "x"],
    ["COMMAND", "GETKEYSANDFLAGS", "SORT", "k", "STORE", "x"],
    ["COMMAND", "GETKEYSANDFLAGS", "SORT_RO", "k"],
    ["COMMAND", "GETKEYS", "SORT"],
    ["COMMAND", "INFO", "SORT", "SORT_RO"],
    ["COMMAND", "DOCS", "SORT_RO"],
  ]);

  // Many equal weights: the order Redis leaves them in comes from glibc's
  // (stable) merge sort, or with BY and a partial LIMIT from pqsort.c.
  const rnd = prng(7);
  const els = Array.from({ length: 200 }, () => String(Math.floor(rnd() * 51)) + ["", "a", "b"][Math.floor(rnd() * 3)]);
  const setup: string[][] = [["RPUSH", "big", ...els]];
  for (const e of new Set(els)) {
    setup.push(["SET", `wt_${e}`, String(Math.floor(rnd() * 6))]);
    setup.push(["HSET", `hh_${e}`, "f", ["x", "y", "z"][Math.floor(rnd() * 3)]!]);
  }
  const limits: [number, number][] = [
    [0, 10],
    [5, 20],
    [100, 50],
    [190, 20],
    [0, 199],
    [1, 198],
    [0, 200],
    [3, 3],
    [199, 5],
    [50, 0],
  ];
  const tieSteps: StepLike[] = [...setup];
  for (const [s, n] of limits) {
    for (const opts of [["ALPHA"], ["ALPHA", "DESC"], [], ["DESC"]]) {
      for (const by of ["wt_*", "hh_*->f", "nothing_*"]) tieSteps.push(["SORT", "big", "BY", by, ...opts, "LIMIT", String(s), String(n)]);
    }
    tieSteps.push(["SORT", "big", "BY", "wt_*", "ALPHA", "LIMIT", String(s), String(n), "GET", "#", "GET", "hh_*->f", "STORE", "dd"]);
    tieSteps.push(["LRANGE", "dd", "0", "-1"]);
  }
  tieSteps.push(["SORT", "big", "BY", "wt_*", "ALPHA"], ["SORT", "big", "BY", "hh_*->f", "ALPHA", "DESC"], ["SORT", "big"], ["SORT", "big", "ALPHA"]);
  tieSteps.push(["SADD", "is", ...Array.from({ length: 100 }, (_, i) => String((i * 7919) % 1000))]);
  tieSteps.push(["SORT", "is", "BY", "nothing_*", "ALPHA", "LIMIT", "10", "20"], ["SORT", "is", "DESC", "LIMIT", "0", "5"]);
  diffTest(pair, "ties: equal weights keep Redis's order (merge sort, partial quicksort)", tieSteps);

  testWithRedis("WATCH sees the STORE destination change", async () => {
    const out: string[] = [];
    for (const port of [pair.redisPort, pair.redbunPort]) {
      const a = await RespClient.connect(port);
      const b = await RespClient.connect(port);
      try {
        await a.send("FLUSHALL");
        await a.send("RPUSH", "src", "2", "1");
        await a.send("WATCH", "dst");
        await b.send("SORT", "src", "STORE", "dst");
        await a.send("MULTI");
        await a.send("PING");
        const r1 = await a.send("EXEC");
        await a.send("WATCH", "dst");
        await b.send("SORT", "nokey", "STORE", "dst"); // deletes dst
        await a.send("MULTI");
        const r2 = (await a.send("EXEC")).bytes.toString("latin1");
        await a.send("WATCH", "src");
        await b.send("SORT", "src", "STORE", "other"); // reading src touches nothing
        await a.send("MULTI");
        const r3 = (await a.send("EXEC")).bytes.toString("latin1");
        out.push(r1.bytes.toString("latin1") + r2 + r3);
      } finally {
        a.close();
        b.close();
      }
    }
    expect(out[1]).toBe(out[0]);
    expect(out[0]).toBe("*-1\r\n*-1\r\n*0\r\n");
  });

  testWithRedis("keyspace hits and misses of BY/GET lookups", async () => {
    const steps: StepLike[] = [
      ["CONFIG", "RESETSTAT"],
      ["RPUSH", "l", "1", "2", "3"],
      ["SET", "w_1", "3"],
      ["SORT", "l", "BY", "w_*", "GET", "#", "GET", "o_*"],
    ];
    const mism = await runSteps(pair, [["FLUSHALL"], ...steps]);
    expect(mism).toEqual([]);
    const stat = async (c: RespClient) => {
      const info = (await c.send("INFO", "stats")).bytes.toString("latin1");
      return [/keyspace_hits:(\d+)/.exec(info)![1], /keyspace_misses:(\d+)/.exec(info)![1]];
    };
    expect(await stat(pair.redbun)).toEqual(await stat(pair.redis));
  });
});

// ---------------------------------------------------------------------------
// Propagation (replicas / AOF) and keyspace events, compared with Redis (see
// test/helpers/propagation.ts).
// ---------------------------------------------------------------------------

describe("SORT: propagation and keyspace events vs redis-server", () => {
  const { propTest } = usePropagationHarness({ events: true });

  propTest("SORT ... STORE replays as given; sortstore, del events", [
    ["RPUSH", "l", "3", "1", "2"],
    ["SORT", "l", "STORE", "dst"],
    ["SORT", "l", "DESC", "LIMIT", "0", "2", "STORE", "dst"],
    ["SET", "s", "x"],
    ["SORT", "l", "STORE", "s"],
    ["SORT", "nokey", "STORE", "dst"],
    ["SORT", "nokey", "STORE", "dst"],
    ["SADD", "set", "b", "a"],
    ["SORT", "set", "BY", "nosort", "STORE", "dst"],
    ["SORT", "l", "BY", "nosort", "STORE", "l"],
  ]);

  propTest("SORT without STORE and SORT_RO propagate nothing", [
    ["RPUSH", "l", "3", "1", "2"],
    ["SORT", "l"],
    ["SORT", "l", "BY", "w_*", "GET", "#"],
    ["SORT_RO", "l", "ALPHA"],
    ["SORT", "l", "LIMIT", "x", "1", "STORE", "dst"],
    ["ZADD", "z", "1", "a"],
    ["SORT", "z", "ALPHA"],
  ]);
});
