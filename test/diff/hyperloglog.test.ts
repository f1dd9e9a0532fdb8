// Differential tests of the HyperLogLog commands (Redis 7.0's hyperloglog.c)
// against a real redis-server: PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST.
// An HLL is a string, so besides the replies the stored bytes themselves
// (GET) are compared: sparse and dense encodings, the cached cardinality in
// the header, the promotion to dense at hll-sparse-max-bytes. Generated
// elements use fixed seeds, so a failure is reproducible. A last part
// compares what is propagated (through a replica's MONITOR) and the keyspace
// events.

import { describe, expect, test } from "bun:test";
import { diffTest, hasRedis, requireRedisInCI, runSteps, type StepLike, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { usePropagationHarness } from "../helpers/propagation.ts";
import { HllBuf, sparseSet, SparseCursor, SPARSE_PROMOTE } from "../../src/store/hll.ts";
import { murmurHash64A, murmurHash64ABig, murmurHash64ABytes } from "../../src/util/murmur64.ts";

requireRedisInCI();

/** Deterministic pseudo-random generator (LCG). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function randomBytes(r: () => number, len: number): string {
  let out = "";
  for (let i = 0; i < len; i++) out += String.fromCharCode(Math.floor(r() * 256));
  return out;
}

/** PFADD commands adding `${prefix}${i}` for i in [from, to), `batch` elements per command. */
function adds(key: string, prefix: string, from: number, to: number, batch: number): string[][] {
  const out: string[][] = [];
  for (let i = from; i < to; i += batch) {
    const cmd = ["PFADD", key];
    for (let j = i; j < Math.min(to, i + batch); j++) cmd.push(prefix + j);
    out.push(cmd);
  }
  return out;
}

/** An HLL header: "HYLL", encoding, 3 unused bytes, cached cardinality (8 bytes LE). */
function header(enc: number, card: string = "\0\0\0\0\0\0\0\x80"): string {
  return "HYLL" + String.fromCharCode(enc) + "\0\0\0" + card;
}
const SPARSE_EMPTY = header(1) + "\x7f\xff"; // XZERO:16384
const DENSE_ZERO = header(0) + "\0".repeat(12288);

describe("hyperloglog: internals", () => {
  test("the 32-bit-halves implementation agrees with a BigInt transliteration", () => {
    const r = rng(7);
    const out = new Uint32Array(2);
    for (let t = 0; t < 2000; t++) {
      const len = Math.floor(r() * 40);
      const s = randomBytes(r, len);
      const b = Buffer.from(s, "latin1");
      const seed = t % 2 === 0 ? 0xadc83b19 : Math.floor(r() * 4294967296);
      const ref = murmurHash64ABig(b, seed);
      murmurHash64A(s, seed, out);
      expect((BigInt(out[0]!) << 32n) | BigInt(out[1]!)).toBe(ref);
      murmurHash64ABytes(b, 0, len, seed, out);
      expect((BigInt(out[0]!) << 32n) | BigInt(out[1]!)).toBe(ref);
    }
  });
});

describe("hyperloglog: internals (sparse cursor)", () => {
  test("sparseSet with a cursor (increasing registers, as PFMERGE) edits exactly as a scan from the start", () => {
    const r = rng(99);
    const a = new HllBuf();
    const b = new HllBuf();
    const cursor = new SparseCursor();
    let edits = 0;
    for (let round = 0; round < 200; round++) {
      // A random sparse HLL: a few hundred registers of small values, with
      // runs of equal values so that VAL opcodes merge.
      a.loadEmpty();
      const n = Math.floor(r() * 400);
      for (let i = 0; i < n; i++) sparseSet(a, Math.floor(r() * 16384), 1 + Math.floor(r() * 4), 100_000);
      b.load(a.buf, a.len);
      cursor.reset();
      let reg = Math.floor(r() * 50);
      while (reg < 16384) {
        const val = 1 + Math.floor(r() * (r() < 0.1 ? 33 : 4));
        const ra = sparseSet(a, reg, val, 100_000);
        const rb = sparseSet(b, reg, val, 100_000, cursor);
        expect(rb).toBe(ra);
        if (ra === SPARSE_PROMOTE) break;
        expect(Buffer.from(b.buf.subarray(0, b.len)).equals(Buffer.from(a.buf.subarray(0, a.len)))).toBe(true);
        edits++;
        reg += 1 + Math.floor(r() * (r() < 0.5 ? 3 : 200));
      }
    }
    expect(edits).toBeGreaterThan(1000);
  });
});

describe("hyperloglog: differential vs redis-server", () => {
  const pair = useDiffPair();

  // --- PFADD / PFCOUNT basics ---------------------------------------------

  diffTest(pair, "PFADD creates a sparse HLL; the bytes and the cached cardinality", [
    ["PFADD", "k"],
    ["GET", "k"],
    ["PFADD", "k"],
    ["PFCOUNT", "k"],
    ["GET", "k"],
    ["PFADD", "k", "a", "b", "c"],
    ["GET", "k"],
    ["PFADD", "k", "a", "b"],
    ["PFADD", "k", "a", "d"],
    ["PFCOUNT", "k"],
    ["GET", "k"],
    ["PFCOUNT", "k"],
    ["PFCOUNT", "missing"],
    ["EXISTS", "missing"],
    ["TYPE", "k"],
    ["STRLEN", "k"],
    ["OBJECT", "ENCODING", "k"],
    ["PFADD", "e", ""],
    ["PFADD", "e", ""],
    ["PFCOUNT", "e"],
    ["GET", "e"],
    ["pfadd", "k", "x"],
    ["pfcount", "k"],
  ]);

  diffTest(pair, "small cardinalities: 1..10 elements, one at a time", [
    ...adds("s", "el:", 0, 10, 1).flatMap((c) => [c, ["PFCOUNT", "s"], ["GET", "s"]]),
    ["PFDEBUG", "DECODE", "s"],
    ["PFDEBUG", "ENCODING", "s"],
  ]);

  {
    const r = rng(42);
    const elements: string[] = [];
    // Every hash tail length (0..7 bytes past the 8-byte blocks), binary bytes.
    for (let i = 0; i < 300; i++) elements.push(randomBytes(r, Math.floor(r() * 40)));
    const steps: StepLike[] = [];
    for (let i = 0; i < elements.length; i += 30) steps.push(["PFADD", "b", ...elements.slice(i, i + 30)]);
    steps.push(["GET", "b"], ["PFCOUNT", "b"], ["GET", "b"], ["PFDEBUG", "DECODE", "b"]);
    for (let i = 0; i < 60; i += 3) steps.push(["PFADD", "b", elements[i]!, elements[i + 1]!]);
    steps.push(["PFCOUNT", "b"], ["GET", "b"]);
    diffTest(pair, "binary elements of every length", steps);
  }

  diffTest(pair, "1000 elements: sparse, counted, bytes", [
    ...adds("m", "member-", 0, 1000, 100),
    ["GET", "m"],
    ["PFCOUNT", "m"],
    ["GET", "m"],
    ["PFDEBUG", "ENCODING", "m"],
    ["PFDEBUG", "DECODE", "m"],
    ...adds("m", "member-", 0, 1000, 250),
    ["PFCOUNT", "m"],
  ]);

  diffTest(pair, "promotion to dense at hll-sparse-max-bytes (one element per command)", [
    ...adds("p", "x", 0, 1400, 200),
    ...adds("p", "x", 1400, 2000, 1).flatMap((c) => [c, ["STRLEN", "p"]]),
    ["PFDEBUG", "ENCODING", "p"],
    ["GET", "p"],
    ["PFCOUNT", "p"],
    ["GET", "p"],
  ]);

  diffTest(pair, "100k elements: dense, counted, bytes", [
    ...adds("big", "e", 0, 100_000, 2500),
    ["GET", "big"],
    ["PFCOUNT", "big"],
    ["GET", "big"],
    ["PFCOUNT", "big"],
    ["PFADD", "big", "e1", "e2", "e3"],
    ["GET", "big"],
    ["PFDEBUG", "ENCODING", "big"],
    ["OBJECT", "ENCODING", "big"],
    ["STRLEN", "big"],
  ]);

  diffTest(pair, "hll-sparse-max-bytes: 0, 30, 10000 and a promotion inside one PFADD", [
    ["CONFIG", "SET", "hll-sparse-max-bytes", "0"],
    ["PFADD", "z0"],
    ["GET", "z0"],
    ["PFADD", "z0", "a"],
    ["PFDEBUG", "ENCODING", "z0"],
    ["GET", "z0"],
    ["CONFIG", "SET", "hll-sparse-max-bytes", "30"],
    ...adds("z30", "v", 0, 12, 1).flatMap((c) => [c, ["STRLEN", "z30"]]),
    ["GET", "z30"],
    ["PFCOUNT", "z30"],
    ["CONFIG", "SET", "hll-sparse-max-bytes", "10000"],
    ...adds("z10k", "w", 0, 4000, 500).flatMap((c) => [c, ["STRLEN", "z10k"]]),
    ["PFDEBUG", "ENCODING", "z10k"],
    ["GET", "z10k"],
    ["PFCOUNT", "z10k"],
    ["CONFIG", "SET", "hll-sparse-max-bytes", "3000"],
    ...adds("one", "q", 0, 3000, 3000),
    ["PFDEBUG", "ENCODING", "one"],
    ["GET", "one"],
  ]);

  // --- PFCOUNT of several keys --------------------------------------------

  diffTest(pair, "PFCOUNT of several keys: the union, without touching the caches", [
    ...adds("u1", "a", 0, 500, 250),
    ...adds("u2", "a", 250, 900, 325),
    ...adds("u3", "b", 0, 20_000, 2500),
    ["PFCOUNT", "u1", "u2"],
    ["GET", "u1"],
    ["PFCOUNT", "u1", "u2", "u3"],
    ["PFCOUNT", "u1", "missing", "u3"],
    ["PFCOUNT", "missing1", "missing2"],
    ["PFCOUNT", "u1", "u1"],
    ["PFCOUNT", "u1"],
    ["PFCOUNT", "u3", "u2"],
    ["GET", "u3"],
  ]);

  // --- PFMERGE ------------------------------------------------------------

  diffTest(pair, "PFMERGE: sparse into a new key, sparse+dense, into existing sparse and dense keys", [
    ...adds("s1", "a", 0, 300, 150),
    ...adds("s2", "a", 200, 600, 200),
    ...adds("d1", "c", 0, 30_000, 3000),
    ["PFMERGE", "m1", "s1", "s2"],
    ["GET", "m1"],
    ["PFDEBUG", "ENCODING", "m1"],
    ["PFCOUNT", "m1"],
    ["PFMERGE", "m2", "s1", "d1"],
    ["GET", "m2"],
    ["PFDEBUG", "ENCODING", "m2"],
    ["PFCOUNT", "m2"],
    ["PFMERGE", "s1", "s2"],
    ["GET", "s1"],
    ["PFMERGE", "d1", "s2"],
    ["GET", "d1"],
    ["PFMERGE", "s2", "d1"],
    ["GET", "s2"],
    ["PFMERGE", "fresh"],
    ["GET", "fresh"],
    ["PFMERGE", "fresh2", "missing"],
    ["GET", "fresh2"],
    ["PFMERGE", "s1"],
    ["GET", "s1"],
    ["PFCOUNT", "s1", "s2", "d1", "m1", "m2"],
  ]);

  diffTest(pair, "PFMERGE of sparse HLLs past hll-sparse-max-bytes promotes the destination", [
    ...adds("a", "a", 0, 1000, 500),
    ...adds("b", "b", 0, 1000, 500),
    ["PFMERGE", "ab", "a", "b"],
    ["PFDEBUG", "ENCODING", "ab"],
    ["GET", "ab"],
    ["CONFIG", "SET", "hll-sparse-max-bytes", "100"],
    ...adds("c", "c", 0, 20, 20),
    ...adds("d", "d", 0, 40, 40),
    ["PFMERGE", "cd", "c", "d"],
    ["PFDEBUG", "ENCODING", "cd"],
    ["GET", "cd"],
    ["CONFIG", "SET", "hll-sparse-max-bytes", "3000"],
  ]);

  // --- PFDEBUG ------------------------------------------------------------

  diffTest(pair, "PFDEBUG GETREG, DECODE, ENCODING, TODENSE", [
    ["PFADD", "h", "a", "b", "c", "d", "e", "f"],
    ["PFDEBUG", "ENCODING", "h"],
    ["PFDEBUG", "DECODE", "h"],
    ["PFDEBUG", "GETREG", "h"],
    ["PFDEBUG", "ENCODING", "h"],
    ["GET", "h"],
    ["PFDEBUG", "DECODE", "h"],
    ["PFDEBUG", "TODENSE", "h"],
    ["PFADD", "h2", "x", "y"],
    ["PFCOUNT", "h2"],
    ["PFDEBUG", "TODENSE", "h2"],
    ["PFDEBUG", "TODENSE", "h2"],
    ["GET", "h2"],
    ["PFCOUNT", "h2"],
    ["PFDEBUG", "getreg", "h2"],
    ["pfdebug", "Encoding", "h2"],
    ["PFDEBUG", "nosuch", "h2"],
    ["PFDEBUG", "nosuch", "missing"],
    ["PFDEBUG", "GETREG", "missing"],
    ["PFDEBUG", "encoding\0junk", "h2"],
    ["PFDEBUG", "bad\0junk", "h2"],
    ["PFDEBUG", "GETREG"],
    ["PFDEBUG", "GETREG", "h2", "extra"],
    ["PFDEBUG"],
    ["SET", "str", "hello"],
    ["PFDEBUG", "ENCODING", "str"],
    ["LPUSH", "list", "x"],
    ["PFDEBUG", "ENCODING", "list"],
  ]);

  // --- errors -------------------------------------------------------------

  diffTest(pair, "WRONGTYPE: other types, and strings that are not HLLs", [
    ["LPUSH", "list", "x"],
    ["HSET", "hash", "f", "v"],
    ["PFADD", "list", "a"],
    ["PFADD", "list"],
    ["PFCOUNT", "list"],
    ["PFCOUNT", "hash", "list"],
    ["PFMERGE", "list", "x"],
    ["PFADD", "ok", "a"],
    ["PFMERGE", "ok", "hash"],
    ["PFMERGE", "dst", "ok", "list"],
    ["EXISTS", "dst"],
    ["PFCOUNT", "ok", "list"],
    ["SET", "str", "hello world"],
    ["PFADD", "str", "a"],
    ["PFCOUNT", "str"],
    ["PFCOUNT", "ok", "str"],
    ["PFMERGE", "str"],
    ["PFMERGE", "ok", "str"],
    ["SET", "int", "123"],
    ["PFADD", "int", "a"],
    ["SET", "int", "1234567890123456"],
    ["PFCOUNT", "int"],
    ["SET", "short", "HYLL"],
    ["PFCOUNT", "short"],
    ["SET", "magic", "HYLX" + SPARSE_EMPTY.slice(4)],
    ["PFCOUNT", "magic"],
    ["SET", "enc2", header(2) + "\x7f\xff"],
    ["PFADD", "enc2", "a"],
    ["SET", "raw", header(255) + "\x7f\xff"],
    ["PFCOUNT", "raw"],
    ["SET", "dshort", DENSE_ZERO.slice(0, -1)],
    ["PFCOUNT", "dshort"],
    ["SET", "dlong", DENSE_ZERO + "\0"],
    ["PFCOUNT", "dlong"],
    ["APPEND", "ok", "x"],
    ["PFCOUNT", "ok"],
  ]);

  diffTest(pair, "wrong number of arguments", [
    ["PFADD"],
    ["PFCOUNT"],
    ["PFMERGE"],
    ["PFDEBUG", "GETREG"],
    ["PFSELFTEST", "x"],
  ]);

  // --- HLLs written with SET, corrupted HLLs ------------------------------

  diffTest(pair, "HLL bytes written with SET: embstr/int values are unshared, a valid cache is trusted", [
    ["SET", "e", SPARSE_EMPTY],
    ["OBJECT", "ENCODING", "e"],
    ["PFCOUNT", "e"],
    ["OBJECT", "ENCODING", "e"],
    ["GET", "e"],
    ["SET", "e2", SPARSE_EMPTY],
    ["PFADD", "e2"],
    ["OBJECT", "ENCODING", "e2"],
    ["SET", "c", header(1, "\x05\x01\0\0\0\0\0\0") + "\x7f\xff"],
    ["PFCOUNT", "c"],
    ["SET", "c", header(1, "\x05\x01\0\0\0\0\x01\x7f") + "\x7f\xff"],
    ["PFCOUNT", "c"],
    ["SET", "c", header(1, "\0\0\0\0\0\0\0\0") + "\x7f\xff"],
    ["PFADD", "c", "a"],
    ["GET", "c"],
    ["SET", "d", DENSE_ZERO],
    ["PFCOUNT", "d"],
    ["GET", "d"],
    ["PFADD", "d", "a", "b"],
    ["PFCOUNT", "d"],
    ["SET", "hdr", "HYLL\x01\x07\x08\x09\0\0\0\0\0\0\0\x80\x7f\xff"],
    ["PFADD", "hdr", "a"],
    ["PFDEBUG", "TODENSE", "hdr"],
    ["GET", "hdr"],
  ]);

  diffTest(pair, "every register at its maximum: the estimate overflows as in Redis", [
    ["SET", "max", header(0) + "\xff".repeat(12288)],
    ["PFCOUNT", "max"],
    ["GET", "max"],
    ["PFCOUNT", "max"],
    ["PFCOUNT", "max", "max"],
    ["PFMERGE", "m", "max"],
    ["PFCOUNT", "m"],
    ["SET", "half", header(0) + "\xff".repeat(6144) + "\0".repeat(6144)],
    ["PFCOUNT", "half"],
    ["GET", "half"],
  ]);

  {
    const cases: Record<string, string> = {
      cut: "\x7f", // XZERO cut short (its second byte read as 0)
      empty: "", // no opcodes
      runs2: "\x7f\xff\x7f\xff", // twice as many registers
      xzThenVal: "\x7f\xff\x80", // a VAL past the last register
      xzThenZero: "\x7f\xff\x00",
      zeroThenXz: "\x00\x7f\xff",
      valThenXz: "\x80\x7f\xff",
      valCrossing: "\x7f\xfe\x83", // VAL run of 4 from the last register
      tooFew: "\x7f\xfe",
      vals: "\x40\x00\x7f\xfe", // XZERO:1 then XZERO:16383
    };
    const steps: StepLike[] = [];
    for (const [name, body] of Object.entries(cases)) {
      const v = header(1) + body;
      steps.push(
        ["SET", name, v],
        ["PFDEBUG", "DECODE", name],
        ["PFDEBUG", "TODENSE", name],
        ["PFDEBUG", "GETREG", name],
        ["PFCOUNT", name],
        ["PFCOUNT", name, "missing"],
        ["PFMERGE", name + ":m", name],
        ["EXISTS", name + ":m"],
        ["PFADD", name, "a", "b", "c", "d", "e"],
        ["GET", name],
        ["PFDEBUG", "DECODE", name],
        ["PFCOUNT", name],
      );
    }
    diffTest(pair, "corrupted sparse HLLs: INVALIDOBJ where Redis detects it", steps);
  }

  diffTest(pair, "a sparse HLL of 2^31 registers (int overflow in old Redis) is refused", [
    ["SET", "huge", header(1) + "\x7f\xff".repeat(131073)],
    ["PFCOUNT", "huge"],
    ["PFCOUNT", "huge", "missing"],
    ["PFMERGE", "dst", "huge"],
    ["PFDEBUG", "TODENSE", "huge"],
    ["STRLEN", "huge"],
  ]);

  // --- keyspace interplay -------------------------------------------------

  diffTest(pair, "TTL survives PFADD, PFCOUNT and the promotion to dense", [
    ["PFADD", "t", "a"],
    ["EXPIRE", "t", "1000"],
    ["PFADD", "t", "b"],
    { cmd: ["TTL", "t"], tolerance: 1 },
    ["PFCOUNT", "t"],
    { cmd: ["TTL", "t"], tolerance: 1 },
    ...adds("t", "z", 0, 3000, 1000),
    ["PFDEBUG", "ENCODING", "t"],
    { cmd: ["TTL", "t"], tolerance: 1 },
    ["PFMERGE", "t", "missing"],
    { cmd: ["TTL", "t"], tolerance: 1 },
  ]);

  diffTest(pair, "WATCH: PFCOUNT refreshing the cache touches the key, a cached PFCOUNT and PFDEBUG GETREG do not", [
    ["PFADD", "w", "a", "b"],
    ["WATCH", "w"],
    ["PFCOUNT", "w"],
    ["MULTI"],
    ["PING"],
    ["EXEC"],
    ["WATCH", "w"],
    ["PFCOUNT", "w"],
    ["MULTI"],
    ["PING"],
    ["EXEC"],
    ["WATCH", "w"],
    ["PFDEBUG", "GETREG", "w"],
    ["MULTI"],
    ["PING"],
    ["EXEC"],
    ["WATCH", "w"],
    ["PFADD", "w", "a"],
    ["MULTI"],
    ["PING"],
    ["EXEC"],
    ["WATCH", "w"],
    ["PFADD", "w", "new"],
    ["MULTI"],
    ["PING"],
    ["EXEC"],
  ]);

  diffTest(pair, "inside MULTI/EXEC", [
    ["MULTI"],
    ["PFADD", "x", "1", "2", "3"],
    ["PFCOUNT", "x"],
    ["PFMERGE", "y", "x"],
    ["PFCOUNT", "x", "y"],
    ["PFDEBUG", "ENCODING", "y"],
    ["EXEC"],
    ["GET", "y"],
  ]);

  diffTest(pair, "RESP3 replies", [
    { cmd: ["HELLO", "3"], typeOnly: true },
    ["PFADD", "r", "a"],
    ["PFCOUNT", "r"],
    ["PFDEBUG", "ENCODING", "r"],
    ["PFDEBUG", "DECODE", "r"],
    ["PFMERGE", "r2", "r"],
    ["PFCOUNT", "nope", "r"],
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);

  diffTest(pair, "PFSELFTEST", [["PFSELFTEST"]]);

  diffTest(pair, "COMMAND INFO, DOCS and GETKEYS", [
    ["COMMAND", "INFO", "pfadd", "pfcount", "pfmerge", "pfdebug", "pfselftest"],
    ["COMMAND", "DOCS", "pfadd", "pfcount", "pfmerge"],
    ["COMMAND", "GETKEYS", "PFMERGE", "d", "a", "b"],
    ["COMMAND", "GETKEYS", "PFCOUNT", "a", "b"],
    ["COMMAND", "GETKEYS", "PFDEBUG", "GETREG", "k"],
  ]);

  testWithRedis("keyspace hits and misses: PFCOUNT and PFMERGE read their keys, PFADD and PFDEBUG do not", async () => {
    const steps = [
      ["FLUSHALL"],
      ["PFADD", "a", "x"],
      ["PFADD", "b", "y"],
      ["CONFIG", "RESETSTAT"],
      ["PFADD", "a", "z"],
      ["PFADD", "new", "z"],
      ["PFCOUNT", "a"],
      ["PFCOUNT", "missing"],
      ["PFCOUNT", "a", "b", "missing"],
      ["PFMERGE", "d", "a", "missing"],
      ["PFMERGE", "d", "a"],
      ["PFDEBUG", "ENCODING", "a"],
      ["PFDEBUG", "ENCODING", "missing"],
    ];
    expect(await runSteps(pair, steps)).toEqual([]);
    const stat = async (c: typeof pair.redis) => {
      const r = await c.send("INFO", "stats");
      const text = r.resp.t === "bulk" ? r.resp.v : "";
      return text.split("\r\n").filter((l) => l.startsWith("keyspace_hits:") || l.startsWith("keyspace_misses:"));
    };
    const [a, b] = await Promise.all([stat(pair.redis), stat(pair.redbun)]);
    expect(a.length).toBe(2);
    expect(b).toEqual(a);
  });

  testWithRedis("an HLL DUMPed by Redis restores into redbun and keeps counting", async () => {
    const steps = [["FLUSHALL"], ...adds("src", "k", 0, 5000, 1000), ...adds("sp", "k", 0, 50, 50)];
    expect(await runSteps(pair, steps)).toEqual([]);
    for (const key of ["src", "sp"]) {
      const dump = await pair.redis.send("DUMP", key);
      expect(dump.resp.t).toBe("bulk");
      const payload = dump.resp.t === "bulk" ? dump.resp.v : "";
      const restored = await pair.redbun.send("RESTORE", key + ":r", "0", payload);
      expect(restored.resp).toMatchObject({ t: "simple", v: "OK" });
      await pair.redis.send("RESTORE", key + ":r", "0", payload);
    }
    expect(
      await runSteps(pair, [
        ["GET", "src:r"],
        ["PFCOUNT", "src:r"],
        ["PFADD", "src:r", "more", "elements"],
        ["PFCOUNT", "src:r", "sp:r"],
        ["PFADD", "sp:r", "x"],
        ["GET", "sp:r"],
        ["PFMERGE", "sp:r", "src:r"],
        ["GET", "sp:r"],
      ]),
    ).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// What replicas/the AOF receive (a replica's MONITOR on the Redis side, the
// Propagator on redbun's) and the keyspace events, compared with Redis.
// ---------------------------------------------------------------------------

describe("hyperloglog: propagation and keyspace events vs redis-server", () => {
  const { propTest } = usePropagationHarness({ events: true });

  propTest("PFADD: propagated and notified only when it changes the HLL", [
    ["PFADD", "k"],
    ["PFADD", "k"],
    ["PFADD", "k", "a", "b"],
    ["PFADD", "k", "a"],
    ["PFADD", "k", "c"],
    ["SET", "s", "x"],
    ["PFADD", "s", "a"],
  ]);

  propTest("PFCOUNT: the cache refresh is propagated (read-only, may replicate); a cached count and unions are not", [
    ["PFADD", "k", "a", "b", "c"],
    ["PFCOUNT", "k"],
    ["PFCOUNT", "k"],
    ["PFADD", "j", "x"],
    ["PFCOUNT", "k", "j"],
    ["PFCOUNT", "missing"],
    ["PFADD", "k", "d"],
    ["PFCOUNT", "k"],
  ]);

  propTest("PFMERGE: propagated, notified as pfadd", [
    ["PFADD", "a", "1", "2"],
    ["PFADD", "b", "3"],
    ["PFMERGE", "d", "a", "b"],
    ["PFMERGE", "d", "a"],
    ["PFMERGE", "e"],
    ["LPUSH", "l", "x"],
    ["PFMERGE", "f", "l"],
  ]);

  // MONITOR never shows admin commands such as PFDEBUG, even those a replica
  // receives, so Redis's side is checked without them; Redis does propagate
  // the conversions (its AOF holds "pfdebug todense a" and "pfdebug getreg b"
  // for these commands), which redbun must do too.
  propTest(
    "PFDEBUG: encoding changes are propagated, not notified",
    [
      ["PFADD", "a", "1", "2"],
      ["PFDEBUG", "ENCODING", "a"],
      ["PFDEBUG", "DECODE", "a"],
      ["PFDEBUG", "TODENSE", "a"],
      ["PFDEBUG", "TODENSE", "a"],
      ["PFADD", "b", "1"],
      ["PFDEBUG", "GETREG", "b"],
      ["PFDEBUG", "GETREG", "b"],
      ["PFDEBUG", "nosuch", "b"],
    ],
    (r) => {
      const notAdmin = (c: string[]) => c[0]!.toUpperCase() !== '"PFDEBUG"';
      expect(r.cmds[0].length).toBeGreaterThan(0);
      expect(r.cmds[1].filter(notAdmin)).toEqual(r.cmds[0]);
      expect(r.cmds[1].filter((c) => !notAdmin(c))).toEqual([
        ['"PFDEBUG"', '"TODENSE"', '"a"'],
        ['"PFDEBUG"', '"GETREG"', '"b"'],
      ]);
      expect(r.events[1]).toEqual(r.events[0]);
    },
  );

  propTest("MULTI with PFADD and a PFCOUNT refreshing the cache", [
    ["MULTI"],
    ["PFADD", "k", "a"],
    ["PFCOUNT", "k"],
    ["PFCOUNT", "k"],
    ["EXEC"],
  ]);
});
