// Streams move between redbun and redis-server 7 in both directions:
// RDB files (RDB_TYPE_STREAM_LISTPACKS_2, checked by redis-check-rdb and
// loaded by redis-server), the Redis 6 encoding (RDB_TYPE_STREAM_LISTPACKS),
// DUMP / RESTORE payloads, AOF files (the commands streams propagate), and
// DEBUG RELOAD. A stream is compared through XINFO STREAM FULL (entries,
// tombstone metadata, radix tree figures, groups, PELs with delivery times
// and counts, consumers), XINFO GROUPS and XRANGE, byte for byte.

import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { startServer } from "../../src/lib.ts";
import { RdbType, RdbWriter, readDumpPayload, writeRdbHeader, writeSelectDb } from "../../src/persistence/rdb.ts";
import { StreamValue, streamRewriteCommands } from "../../src/store/stream.ts";
import { hasRedis, requireRedisInCI, testWithRedis } from "../helpers/diff.ts";
import { cmd, infoField, runAll, spawnRedis, waitFor } from "../helpers/persist.ts";
import { useTempDirs } from "../helpers/process.ts";
import { type Resp, RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

const dir = useTempDirs("redbun-stream-persist-");
const t = testWithRedis; // skipped only where redis-server is absent (see test/helpers/diff.ts)
const U64_MAX = "18446744073709551615";
const BIN = "a\r\nb\0c\xff\x80 ";

/** Streams of every shape: many nodes, tombstones, trims, groups, PELs, empty streams, 64-bit IDs. */
function streamDataset(): string[][] {
  const cmds: string[][] = [];
  const add = (key: string, n: number, from = 1, f = (i: number) => ["f", `v${i}`]) => {
    for (let i = 0; i < n; i++) cmds.push(["XADD", key, `${from + i}-1`, ...f(i)]);
  };
  // Several nodes, mixed field sets (SAMEFIELDS and not), numbers and binary values.
  add("big", 450, 1000, (i) => (i % 5 === 0 ? ["other", String(i), "x", BIN] : ["f", i % 3 === 0 ? String(i * 1000) : `value-${i}`]));
  cmds.push(["XDEL", "big", "1000-1", "1100-1", "1101-1", "1300-1"]);
  cmds.push(["XTRIM", "big", "MAXLEN", "420"]);
  cmds.push(["XGROUP", "CREATE", "big", "g1", "0"]);
  cmds.push(["XGROUP", "CREATE", "big", "g2", "$", "ENTRIESREAD", "7"]);
  cmds.push(["XGROUP", "CREATE", "big", "123", "1200-1"]);
  cmds.push(["XREADGROUP", "GROUP", "g1", "alice", "COUNT", "30", "STREAMS", "big", ">"]);
  cmds.push(["XREADGROUP", "GROUP", "g1", "bob", "COUNT", "5", "STREAMS", "big", ">"]);
  cmds.push(["XREADGROUP", "GROUP", "g1", "77", "NOACK", "COUNT", "5", "STREAMS", "big", ">"]);
  cmds.push(["XACK", "big", "g1", "1031-1", "1032-1"]);
  cmds.push(["XCLAIM", "big", "g1", "carol", "0", "1040-1", "1041-1", "RETRYCOUNT", "9", "TIME", "1700000000000"]);
  cmds.push(["XGROUP", "CREATECONSUMER", "big", "g1", "idle-one"]);
  cmds.push(["XREADGROUP", "GROUP", "123", "z", "COUNT", "3", "STREAMS", "big", ">"]);
  // Tombstones only in a node, entries read past a deletion.
  add("tomb", 120);
  cmds.push(["XTRIM", "tomb", "MAXLEN", "110"]);
  cmds.push(["XDEL", "tomb", "115-1", "120-1"]);
  cmds.push(["XTRIM", "tomb", "MINID", "120-1"]);
  // Empty streams: with and without groups, after XSETID.
  cmds.push(["XADD", "empty", "MAXLEN", "0", "5-5", "a", "b"]);
  cmds.push(["XGROUP", "CREATE", "mk", "g", "$", "MKSTREAM"]);
  cmds.push(["XADD", "setid", "1-1", "a", "1"]);
  cmds.push(["XDEL", "setid", "1-1"]);
  cmds.push(["XSETID", "setid", "99-7", "ENTRIESADDED", "50", "MAXDELETEDID", "98-0"]);
  cmds.push(["XGROUP", "CREATE", "setid", "g", "0"]);
  // IDs near 2^64 (negative deltas in the listpacks), big values (LZF).
  cmds.push(["XADD", "huge", "1-0", "a", "1"]);
  cmds.push(["XADD", "huge", `9007199254740993-${U64_MAX}`, "a", "2"]);
  cmds.push(["XADD", "huge", `${U64_MAX}-0`, "a", "3"]);
  cmds.push(["XADD", "huge", `${U64_MAX}-${U64_MAX}`, "payload", "z".repeat(5000)]);
  cmds.push(["XGROUP", "CREATE", "huge", "g", "0", "ENTRIESREAD", "0"]);
  cmds.push(["XREADGROUP", "GROUP", "g", "c", "STREAMS", "huge", ">"]);
  cmds.push(["XGROUP", "SETID", "huge", "g", "5", "ENTRIESREAD", "9223372036854775807"]);
  cmds.push(["XCLAIM", "huge", "g", "c", "0", "1-0", "RETRYCOUNT", "9223372036854775807"]);
  return cmds;
}

const KEYS = ["big", "tomb", "empty", "mk", "setid", "huge"];

/** Everything observable about the streams (times included: RDB and DUMP keep them). */
async function streamState(port: number, keys = KEYS, maskSeenTime = false): Promise<string[]> {
  const c = await RespClient.connect(port);
  const out: string[] = [];
  try {
    for (const k of keys) {
      for (const args of [
        ["TYPE", k],
        ["XINFO", "STREAM", k, "FULL", "COUNT", "0"],
        ["XINFO", "GROUPS", k],
        ["XRANGE", k, "-", "+"],
        ["XREVRANGE", k, "+", "-", "COUNT", "3"],
      ]) {
        const r = await c.send(...args);
        out.push(`${args.join(" ")} => ${maskSeenTime ? canonSeen(r.resp) : r.bytes.toString("latin1")}`);
      }
    }
  } finally {
    c.close();
  }
  return out;
}

/** A reply with the consumers' seen-time masked (AOF replay sets it anew). */
function canonSeen(r: Resp): string {
  if (r.t === "array") {
    const parts = r.v.map((e, i) => (i > 0 && r.v[i - 1]!.t === "bulk" && (r.v[i - 1] as { v: string }).v === "seen-time" ? "<seen>" : canonSeen(e)));
    return `[${parts.join(",")}]`;
  }
  if (r.t === "null") return "null";
  return JSON.stringify((r as { v: unknown }).v);
}

function redisCheckRdb(path: string): { code: number; out: string } {
  const r = Bun.spawnSync(["redis-check-rdb", path]);
  return { code: r.exitCode, out: r.stdout.toString() + r.stderr.toString() };
}

describe("stream RDB interop", () => {
  for (const cfg of [{}, { "stream-node-max-entries": "7", "stream-node-max-bytes": "512" }] as Record<string, string>[]) {
    const label = Object.keys(cfg).length === 0 ? "default nodes" : "small nodes";

    t(`redbun SAVE (${label}) passes redis-check-rdb and loads in redis-server with identical streams`, async () => {
      const d = dir();
      const rb = await startServer({ config: { dir: d, ...cfg } });
      let ours: string[];
      try {
        await runAll(rb.port, streamDataset());
        ours = await streamState(rb.port);
        expect(await cmd(rb.port, "SAVE")).toEqual(expect.objectContaining({ t: "simple", v: "OK" }));
      } finally {
        await rb.stop();
      }
      const check = redisCheckRdb(join(d, "dump.rdb"));
      expect(check.out).toContain("RDB looks OK");
      expect(check.code).toBe(0);
      const args = Object.entries(cfg).flatMap(([k, v]) => [`--${k}`, v]);
      const redis = await spawnRedis(["--dir", d, "--sanitize-dump-payload", "yes", ...args]);
      try {
        expect(await streamState(redis.port)).toEqual(ours);
      } finally {
        await redis.stop();
      }
      // And redbun reads its own file back to the same state.
      const rb2 = await startServer({ config: { dir: d, ...cfg } });
      try {
        expect(await streamState(rb2.port)).toEqual(ours);
      } finally {
        await rb2.stop();
      }
    }, 60_000);

    t(`redis-server SAVE (${label}) loads into redbun with identical streams, and keeps growing the same way`, async () => {
      const d = dir();
      const args = Object.entries(cfg).flatMap(([k, v]) => [`--${k}`, v]);
      const redis = await spawnRedis(["--dir", d, ...args]);
      const more = [
        ["XADD", "big", "5000-1", "f", "new"],
        ["XADD", "tomb", "121-1", "f", "new"],
        ["XTRIM", "big", "MAXLEN", "~", "200"],
        ["XREADGROUP", "GROUP", "g1", "alice", "COUNT", "3", "STREAMS", "big", ">"],
      ];
      let theirs: string[];
      let after: string[];
      try {
        await runAll(redis.port, streamDataset());
        theirs = await streamState(redis.port);
        expect(await cmd(redis.port, "SAVE")).toEqual(expect.objectContaining({ v: "OK" }));
        await runAll(redis.port, more);
        after = await streamState(redis.port, ["big", "tomb"]);
      } finally {
        await redis.stop();
      }
      const rb = await startServer({ config: { dir: d, ...cfg } });
      try {
        expect(await streamState(rb.port)).toEqual(theirs);
        await runAll(rb.port, more);
        // Delivery times of the new reads differ; everything else must not.
        const mask = (xs: string[]) => xs.map((x) => x.replace(/:1[6-9]\d{11}\r\n/g, ":<time>\r\n"));
        expect(mask(await streamState(rb.port, ["big", "tomb"]))).toEqual(mask(after));
      } finally {
        await rb.stop();
      }
    }, 60_000);
  }

  t("the Redis 6 encoding (RDB_TYPE_STREAM_LISTPACKS) loads in both servers alike", async () => {
    // Built from a stream with tombstones and a group, in the older layout:
    // no first ID, max deleted ID, entries added nor group read counters.
    const s = new StreamValue();
    for (let i = 1; i <= 12; i++) s.append(["XADD", "k", "f", `v${i}`], 2, { ms: i, seq: 0 }, 4096, 5);
    s.deleteEntry({ ms: 3, seq: 0 });
    s.deleteEntry({ ms: 11, seq: 0 });
    const p = s.toPlain();
    const d = dir();
    const rw = new RdbWriter();
    writeRdbHeader(rw, "6.2.0");
    writeSelectDb(rw, 0, 1, 0);
    rw.type(RdbType.STREAM_LISTPACKS);
    rw.string("old");
    rw.len(p.nodes.length);
    for (const n of p.nodes) {
      rw.blob(n.key);
      rw.blob(n.lp);
    }
    rw.len(s.length);
    rw.len(12);
    rw.len(0);
    // Two groups: one before the deletions, one after the first.
    rw.len(2);
    for (const [name, ms] of [["early", 0], ["late", 5]] as const) {
      rw.string(name);
      rw.len(ms);
      rw.len(0);
      rw.len(0); // global PEL
      rw.len(0); // consumers
    }
    rw.trailer();
    await Bun.write(join(d, "dump.rdb"), rw.bytes());
    const redis = await spawnRedis(["--dir", d]);
    let theirs: string[];
    try {
      theirs = await streamState(redis.port, ["old"]);
    } finally {
      await redis.stop();
    }
    const rb = await startServer({ config: { dir: d } });
    try {
      expect(await streamState(rb.port, ["old"])).toEqual(theirs);
    } finally {
      await rb.stop();
    }
  }, 30_000);
});

describe("stream DUMP / RESTORE across servers", () => {
  t("every stream dumped by one server restores in the other, which dumps it back the same", async () => {
    const redis = await spawnRedis([]);
    const rb = await startServer({ config: {} });
    try {
      await runAll(redis.port, streamDataset());
      await runAll(rb.port, streamDataset());
      const rc = await RespClient.connect(redis.port);
      const bc = await RespClient.connect(rb.port);
      const decode = (r: Resp | { v: string }) => readDumpPayload(new Uint8Array(Buffer.from((r as { v: string }).v, "latin1")));
      try {
        for (const k of KEYS) {
          const fromRedis = (await rc.send("DUMP", k)).resp as { v: string };
          const fromRedbun = (await bc.send("DUMP", k)).resp as { v: string };
          expect([k, (await bc.send("RESTORE", `x:${k}`, "0", fromRedis.v)).resp]).toEqual([k, expect.objectContaining({ v: "OK" })]);
          expect([k, (await rc.send("RESTORE", `x:${k}`, "0", fromRedbun.v)).resp]).toEqual([k, expect.objectContaining({ v: "OK" })]);
          // Round trips give back the same payload (LZF output may differ: compared decoded).
          expect([k, decode((await bc.send("DUMP", `x:${k}`)).resp)]).toEqual([k, decode(fromRedis)]);
          expect([k, decode((await rc.send("DUMP", `x:${k}`)).resp)]).toEqual([k, decode(fromRedbun)]);
          expect((await bc.send("RESTORE", `x:${k}`, "0", fromRedis.v)).resp).toEqual(expect.objectContaining({ t: "error", v: "BUSYKEY Target key name already exists." }));
        }
        // A damaged payload is refused (checksum), a consistent but wrong one too (bad data).
        const payload = Buffer.from(((await bc.send("DUMP", "tomb")).resp as { v: string }).v, "latin1");
        const corrupt = Buffer.from(payload);
        corrupt[20] = corrupt[20]! ^ 0xff;
        const r1 = (await bc.send("RESTORE", "bad", "0", corrupt.toString("latin1"))).resp;
        const r2 = (await rc.send("RESTORE", "bad", "0", corrupt.toString("latin1"))).resp;
        expect(r1).toEqual(r2);
        expect(r1).toEqual(expect.objectContaining({ t: "error" }));
      } finally {
        rc.close();
        bc.close();
      }
      // Redis's streams restored in redbun read the same as in Redis, and redbun's restored in Redis as in redbun.
      const xkeys = KEYS.map((k) => `x:${k}`);
      const orig = (xs: string[]) => xs.join("\n").replaceAll("x:", "");
      expect(orig(await streamState(rb.port, xkeys))).toEqual(orig(await streamState(redis.port, KEYS)));
      expect(orig(await streamState(redis.port, xkeys))).toEqual(orig(await streamState(rb.port, KEYS)));
    } finally {
      await redis.stop();
      await rb.stop();
    }
  }, 60_000);
});

describe("streams in the AOF", () => {
  for (const preamble of ["yes"]) {
    t(`redbun's AOF (aof-use-rdb-preamble ${preamble}, rewritten mid-way) restores the streams in redbun and in redis-server`, async () => {
      const d = dir();
      const rb = await startServer({ config: { dir: d, appendonly: "yes", "aof-use-rdb-preamble": preamble } });
      const data = streamDataset();
      const extra = [
        ["XADD", "auto", "*", "a", "1"],
        ["XADD", "auto", "MAXLEN", "~", "1", "LIMIT", "1", "*", "a", "2"],
        ["XTRIM", "big", "MAXLEN", "~", "300"],
        ["XTRIM", "big", "MINID", "~", "1200-1", "LIMIT", "100"],
        ["XAUTOCLAIM", "big", "g1", "dave", "0", "0", "COUNT", "4"],
        ["XGROUP", "DELCONSUMER", "big", "g1", "bob"],
        ["XDEL", "big", "1500-1"],
      ];
      let ours: string[];
      try {
        await runAll(rb.port, data.slice(0, 200));
        expect(((await cmd(rb.port, "BGREWRITEAOF")) as { v: string }).v).toContain("rewriting started");
        await runAll(rb.port, data.slice(200));
        await waitFor("rewrite", async () => (await infoField(rb.port, "aof_rewrite_in_progress")) === "0");
        expect(await infoField(rb.port, "aof_last_bgrewrite_status")).toBe("ok");
        await runAll(rb.port, extra);
        ours = await streamState(rb.port, [...KEYS, "auto"], true);
      } finally {
        await rb.stop();
      }
      // What Redis rebuilds from the same directory is the reference: a
      // consumer that only read with NOACK is not propagated by Redis 7.0
      // either, so it is gone after a restart in both.
      const redis = await spawnRedis(["--dir", d, "--appendonly", "yes", "--aof-use-rdb-preamble", preamble]);
      let theirs: string[];
      try {
        theirs = await streamState(redis.port, [...KEYS, "auto"], true);
      } finally {
        await redis.stop();
      }
      const rb2 = await startServer({ config: { dir: d, appendonly: "yes", "aof-use-rdb-preamble": preamble } });
      try {
        const reloaded = await streamState(rb2.port, [...KEYS, "auto"], true);
        expect(reloaded).toEqual(theirs);
        // Entries and the groups' positions and PELs survive the restart.
        const entries = (xs: string[]) => xs.filter((x) => x.startsWith("XRANGE") || x.startsWith("XREVRANGE"));
        expect(entries(reloaded)).toEqual(entries(ours));
        expect(reloaded.find((x) => x.startsWith("XINFO GROUPS big"))).toEqual(
          ours.find((x) => x.startsWith("XINFO GROUPS big"))!.replace('"consumers",4', '"consumers",3'),
        );
      } finally {
        await rb2.stop();
      }
    }, 60_000);
  }

  t("streamRewriteCommands (the AOF rewrite of a stream) rebuilds it in redis-server", async () => {
    const rb = await startServer({ config: {} });
    const redis = await spawnRedis([]);
    try {
      await runAll(rb.port, streamDataset());
      const cmds: string[][] = [];
      for (const k of KEYS) cmds.push(...streamRewriteCommands(k, rb.server.dbs[0]!.get(k) as StreamValue));
      await runAll(redis.port, cmds);
      // Everything but the radix tree layout (XADD rebuilds full nodes), the
      // first-entry ID of trimmed streams and the seen times.
      const strip = (xs: string[]) => xs.filter((x) => !x.startsWith("XINFO STREAM"));
      expect(strip(await streamState(redis.port, KEYS, true))).toEqual(strip(await streamState(rb.port, KEYS, true)));
    } finally {
      await redis.stop();
      await rb.stop();
    }
  }, 60_000);
});

describe("DEBUG RELOAD", () => {
  t("keeps every stream as it was", async () => {
    const rb = await startServer({ config: { dir: dir(), "enable-debug-command": "yes" } });
    try {
      await runAll(rb.port, streamDataset());
      const before = await streamState(rb.port);
      const r = await cmd(rb.port, "DEBUG", "RELOAD");
      expect(r).toEqual(expect.objectContaining({ t: "simple", v: "OK" }));
      expect(await streamState(rb.port)).toEqual(before);
    } finally {
      await rb.stop();
    }
  }, 30_000);
});
