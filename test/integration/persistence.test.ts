// redbun's durability behaviour end to end: SAVE/BGSAVE replies and state,
// the point-in-time consistency of a BGSAVE under concurrent writes, save
// points, failed saves (old file kept, INFO, MISCONF), AOF logging, rewrite
// and runtime enabling, damaged RDB and AOF files (documented outcome, never
// a crash), and SHUTDOWN / SIGTERM.

import { describe, expect, test } from "bun:test";
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "../../src/lib.ts";
import { LoadError } from "../../src/persistence/errors.ts";
import { hasRedis, testWithRedis } from "../helpers/diff.ts";
import {
  cmd,
  DATASET_DBS,
  datasetCommands,
  diffDatasets,
  dumpDataset,
  infoField,
  runAll,
  runRedbunToExit,
  spawnRedbun,
  spawnRedis,
  waitFor,
} from "../helpers/persist.ts";
import { useTempDirs } from "../helpers/process.ts";
import { RespClient } from "../helpers/resp-client.ts";

const dir = useTempDirs("redbun-persist-");

const EXPIRE_AT = Date.now() + 50 * 24 * 3600 * 1000;
const ok = expect.objectContaining({ t: "simple", v: "OK" });
const errMatching = (re: RegExp) => expect.objectContaining({ t: "error", v: expect.stringMatching(re) });

async function bgDone(port: number): Promise<void> {
  await waitFor("background job", async () => (await infoField(port, "rdb_bgsave_in_progress")) === "0" && (await infoField(port, "aof_rewrite_in_progress")) === "0");
}

describe("SAVE / BGSAVE / LASTSAVE", () => {
  test("replies, LASTSAVE and INFO fields", async () => {
    const d = dir();
    const rb = await startServer({ config: { dir: d } });
    try {
      const before = (await cmd(rb.port, "LASTSAVE")) as { v: number };
      expect(Math.abs(before.v - Date.now() / 1000)).toBeLessThan(60);
      await runAll(rb.port, [["SET", "a", "1"], ["SET", "b", "2"]]);
      expect(await infoField(rb.port, "rdb_changes_since_last_save")).toBe("2");
      expect(await cmd(rb.port, "SAVE")).toEqual(ok);
      expect(existsSync(join(d, "dump.rdb"))).toBe(true);
      expect(await infoField(rb.port, "rdb_changes_since_last_save")).toBe("0");
      expect(await infoField(rb.port, "rdb_saves")).toBe("1");
      await cmd(rb.port, "SET", "c", "3");
      expect(await cmd(rb.port, "BGSAVE")).toEqual(expect.objectContaining({ t: "simple", v: "Background saving started" }));
      await bgDone(rb.port);
      expect(await infoField(rb.port, "rdb_last_bgsave_status")).toBe("ok");
      expect(await infoField(rb.port, "rdb_changes_since_last_save")).toBe("0");
      expect(await cmd(rb.port, "BGSAVE", "SCHEDULE")).toEqual(expect.objectContaining({ v: "Background saving started" }));
      await bgDone(rb.port);
      // No temporary files are left behind.
      expect(readdirSync(d)).toEqual(["dump.rdb"]);
      // CONFIG RESETSTAT clears the save counter, as in Redis.
      expect(await infoField(rb.port, "rdb_saves")).toBe("3");
      await cmd(rb.port, "CONFIG", "RESETSTAT");
      expect(await infoField(rb.port, "rdb_saves")).toBe("0");
    } finally {
      await rb.stop();
    }
  });

  test("a second BGSAVE, a SAVE and a BGREWRITEAOF during a BGSAVE; BGSAVE SCHEDULE during a rewrite", async () => {
    const d = dir();
    const rb = await startServer({ config: { dir: d } });
    try {
      const db = rb.server.dbs[0]!;
      for (let i = 0; i < 300_000; i++) db.data.set(`key:${i}`, `value:${i}`);
      const c = await RespClient.connect(rb.port);
      try {
        // One pipelined batch: everything after BGSAVE runs while the job is in progress.
        const [r1, r2, r3, r4, r5] = await Promise.all([
          c.send("BGSAVE"),
          c.send("BGSAVE"),
          c.send("SAVE"),
          c.send("BGREWRITEAOF"),
          c.send("INFO", "persistence"),
        ]);
        expect(r1.resp).toEqual(expect.objectContaining({ v: "Background saving started" }));
        expect(r2.resp).toEqual(expect.objectContaining({ t: "error", v: "ERR Background save already in progress" }));
        expect(r3.resp).toEqual(expect.objectContaining({ t: "error", v: "ERR Background save already in progress" }));
        expect(r4.resp).toEqual(expect.objectContaining({ t: "simple", v: "Background append only file rewriting scheduled" }));
        expect((r5.resp as { v: string }).v).toContain("rdb_bgsave_in_progress:1");
        expect((r5.resp as { v: string }).v).toContain("aof_rewrite_scheduled:1");
        await waitFor("scheduled rewrite", async () => (await infoField(rb.port, "aof_rewrites")) === "1");
        // Now a rewrite runs (started by hand): BGSAVE must wait for it.
        const [r6, r7, r8] = await Promise.all([c.send("BGREWRITEAOF"), c.send("BGSAVE"), c.send("BGSAVE", "SCHEDULE")]);
        expect(r6.resp).toEqual(expect.objectContaining({ v: "Background append only file rewriting started" }));
        expect(r7.resp).toEqual(
          expect.objectContaining({
            t: "error",
            v: "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
          }),
        );
        expect(r8.resp).toEqual(expect.objectContaining({ t: "simple", v: "Background saving scheduled" }));
        await waitFor("scheduled bgsave", async () => (await infoField(rb.port, "rdb_saves")) === "2" && (await infoField(rb.port, "rdb_bgsave_in_progress")) === "0");
        expect(await infoField(rb.port, "rdb_last_bgsave_status")).toBe("ok");
      } finally {
        c.close();
      }
    } finally {
      await rb.stop();
    }
  }, 60_000);

  test("BGSAVE is one point in time: writes made while it runs are not in the file", async () => {
    const d = dir();
    const rb = await startServer({ config: { dir: d } });
    try {
      // Bulk in db 1 (compared by count: a key-by-key dump of it would be slow), so the job spans many turns.
      const db1 = rb.server.dbs[1]!;
      for (let i = 0; i < 200_000; i++) db1.data.set(`filler:${i}`, i % 2 ? `v${i}` : i);
      const setup: string[][] = [
        ["HSET", "h", ...Array.from({ length: 400 }, (_, i) => [`f${i}`, `v${i}`]).flat()],
        ["HSET", "hbig", ...Array.from({ length: 2000 }, (_, i) => [`f${i}`, `v${i}`]).flat()],
        ["RPUSH", "l", ...Array.from({ length: 5000 }, (_, i) => `e${i}`)],
        ["SADD", "s", ...Array.from({ length: 100 }, (_, i) => String(i))],
        ["SADD", "sbig", ...Array.from({ length: 3000 }, (_, i) => `m${i}`)],
        ["ZADD", "z", ...Array.from({ length: 100 }, (_, i) => [String(i), `m${i}`]).flat()],
        ["ZADD", "zbig", ...Array.from({ length: 3000 }, (_, i) => [String(i), `m${i}`]).flat()],
        ["APPEND", "raw", "start"],
        ["SET", "n", "10"],
        ["SET", "del-me", "x"],
        ["SET", "ttl", "x", "PXAT", String(EXPIRE_AT)],
        ["SELECT", "3"],
        ["RPUSH", "l3", "a", "b"],
        ["SELECT", "0"],
      ];
      await runAll(rb.port, setup);
      const atT = await dumpDataset(rb.port, [0, 3]);
      const c = await RespClient.connect(rb.port);
      const c2 = await RespClient.connect(rb.port);
      try {
        const writes = [
          ["HSET", "h", "f0", "changed", "new", "field"],
          ["HDEL", "hbig", "f1", "f2"],
          ["HSET", "hbig", "f3", "changed"],
          ["LPUSH", "l", "head"],
          ["RPOP", "l", "3"],
          ["LSET", "l", "100", "set"],
          ["SADD", "s", "1000", "x"],
          ["SREM", "sbig", "m1"],
          ["SPOP", "sbig", "5"],
          ["ZADD", "z", "1000", "m1", "5", "new"],
          ["ZREM", "zbig", "m5"],
          ["ZINCRBY", "zbig", "100", "m6"],
          ["APPEND", "raw", "-more"],
          ["SETRANGE", "raw", "0", "S"],
          ["INCR", "n"],
          ["DEL", "del-me"],
          ["PERSIST", "ttl"],
          ["SET", "created-later", "x"],
          ["RENAME", "h", "h-renamed"],
          ["HSET", "h-renamed", "after", "rename"],
          ["SELECT", "3"],
          ["LPUSH", "l3", "z"],
          ["SELECT", "0"],
          ["MOVE", "s", "3"],
          ["SELECT", "3"],
          ["SADD", "s", "moved"],
          ["SELECT", "0"],
          ["SWAPDB", "0", "3"],
          ["FLUSHDB"],
          ["SELECT", "3"],
          ["LPUSH", "l", "after-swap"],
          ["FLUSHDB"], // (FLUSHALL would stop the BGSAVE, as in Redis)
          ["SELECT", "0"],
          ["FLUSHDB"],
        ];
        const replies = await Promise.all([c.send("BGSAVE"), ...writes.map((w) => c.send(...w)), c.send("INFO", "persistence")]);
        expect(replies[0]!.resp).toEqual(expect.objectContaining({ v: "Background saving started" }));
        for (let i = 0; i < writes.length; i++) expect([writes[i], replies[i + 1]!.resp.t]).toEqual([writes[i], expect.not.stringMatching(/^error$/)]);
        // Every write above was applied while the snapshot was in progress.
        expect((replies[replies.length - 1]!.resp as { v: string }).v).toContain("rdb_bgsave_in_progress:1");
        // More writes from another connection while the job runs in slices.
        let during = 0;
        while ((await infoField(rb.port, "rdb_bgsave_in_progress")) === "1") {
          await c2.send("HSET", "h", `late${during}`, "x");
          await c2.send("RPUSH", "l", `late${during}`);
          during++;
        }
        expect(await infoField(rb.port, "rdb_last_bgsave_status")).toBe("ok");
      } finally {
        c.close();
        c2.close();
      }
      await rb.stop();
      // The file holds exactly the dataset as it was when BGSAVE started.
      const again = await startServer({ config: { dir: d } });
      try {
        const loaded = await dumpDataset(again.port, [0, 3]);
        expect(diffDatasets(atT, loaded)).toEqual([]);
        expect(again.server.dbs[1]!.size).toBe(200_000);
        expect(again.server.dbs[1]!.data.get("filler:7")).toBe("v7");
      } finally {
        await again.stop();
      }
    } finally {
      await rb.stop();
    }
  }, 120_000);

  test("FLUSHALL with save points stops a running BGSAVE and saves the empty dataset", async () => {
    const d = dir();
    const rb = await startServer({ config: { dir: d, save: "3600 1000000" } });
    try {
      const db = rb.server.dbs[2]!;
      for (let i = 0; i < 200_000; i++) db.data.set(`k${i}`, "v");
      const c = await RespClient.connect(rb.port);
      try {
        const [a, b, info] = await Promise.all([c.send("BGSAVE"), c.send("FLUSHALL"), c.send("INFO", "persistence")]);
        expect(a.resp).toEqual(expect.objectContaining({ v: "Background saving started" }));
        expect(b.resp).toEqual(ok);
        expect((info.resp as { v: string }).v).toContain("rdb_bgsave_in_progress:0");
        expect((info.resp as { v: string }).v).toContain("rdb_last_bgsave_status:ok");
        expect((info.resp as { v: string }).v).toContain("rdb_changes_since_last_save:0");
      } finally {
        c.close();
      }
      expect(readdirSync(d)).toEqual(["dump.rdb"]);
    } finally {
      await rb.stop();
    }
    const again = await startServer({ config: { dir: d } });
    try {
      expect(again.server.dbs[2]!.size).toBe(0);
    } finally {
      await again.stop();
    }
  }, 30_000);

  test("save points trigger a BGSAVE from the cron", async () => {
    const d = dir();
    const rb = await startServer({ config: { dir: d, save: "1 2" } });
    try {
      await cmd(rb.port, "SET", "a", "1");
      await Bun.sleep(1300);
      expect(existsSync(join(d, "dump.rdb"))).toBe(false); // 1 change < 2
      await cmd(rb.port, "SET", "b", "2");
      await waitFor("save point", () => existsSync(join(d, "dump.rdb")), 10_000);
      await bgDone(rb.port);
      expect(await infoField(rb.port, "rdb_changes_since_last_save")).toBe("0");
      // CONFIG SET save changes the points at runtime.
      expect(await cmd(rb.port, "CONFIG", "SET", "save", "")).toEqual(ok);
      await cmd(rb.port, "SET", "c", "3");
      await cmd(rb.port, "SET", "d", "4");
      await Bun.sleep(2500);
      expect(await infoField(rb.port, "rdb_changes_since_last_save")).toBe("2");
    } finally {
      await rb.stop();
    }
  }, 30_000);

  test("a failed save leaves the old file, is reported in INFO and refuses writes (MISCONF) until a save succeeds", async () => {
    const d = dir();
    const rb = await startServer({ config: { dir: d, save: "3600 1000000" } });
    try {
      await cmd(rb.port, "SET", "v", "1");
      expect(await cmd(rb.port, "SAVE")).toEqual(ok);
      const old = readFileSync(join(d, "dump.rdb"));
      await cmd(rb.port, "SET", "v", "2");
      // A directory where the temporary file must go makes every save fail.
      const blocker = join(d, `temp-${process.pid}.rdb`);
      mkdirSync(blocker);
      expect(await cmd(rb.port, "SAVE")).toEqual(expect.objectContaining({ t: "error", v: "ERR" }));
      expect(await infoField(rb.port, "rdb_last_bgsave_status")).toBe("ok"); // SAVE does not change it (as Redis)
      expect(await cmd(rb.port, "BGSAVE")).toEqual(expect.objectContaining({ v: "Background saving started" }));
      await bgDone(rb.port);
      expect(await infoField(rb.port, "rdb_last_bgsave_status")).toBe("err");
      expect(readFileSync(join(d, "dump.rdb")).equals(old)).toBe(true);
      expect(await cmd(rb.port, "SET", "v", "3")).toEqual(errMatching(/^MISCONF Redis is configured to save RDB snapshots/));
      expect(await cmd(rb.port, "PING")).toEqual(errMatching(/^MISCONF/));
      expect(await cmd(rb.port, "GET", "v")).toEqual(expect.objectContaining({ v: "2" }));
      // stop-writes-on-bgsave-error no lifts the refusal.
      await cmd(rb.port, "CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
      expect(await cmd(rb.port, "SET", "v", "3")).toEqual(ok);
      await cmd(rb.port, "CONFIG", "SET", "stop-writes-on-bgsave-error", "yes");
      rmdirSync(blocker);
      expect(await cmd(rb.port, "BGSAVE")).toEqual(expect.objectContaining({ v: "Background saving started" }));
      await bgDone(rb.port);
      expect(await infoField(rb.port, "rdb_last_bgsave_status")).toBe("ok");
      expect(await cmd(rb.port, "SET", "v", "4")).toEqual(ok);
    } finally {
      await rb.stop();
    }
  }, 30_000);
});

describe("damaged RDB files", () => {
  async function makeRdb(d: string): Promise<Buffer> {
    const rb = await startServer({ config: { dir: d } });
    try {
      await runAll(rb.port, datasetCommands(EXPIRE_AT).slice(0, 40));
      await cmd(rb.port, "SAVE");
    } finally {
      await rb.stop();
    }
    return readFileSync(join(d, "dump.rdb"));
  }

  test("truncated or bit-flipped dump.rdb: the server refuses to start with a message naming the file and offset, never another error", async () => {
    const d = dir();
    const good = await makeRdb(d);
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const cases: Buffer[] = [];
    for (const n of [0, 5, 9, 20, Math.floor(good.length / 2), good.length - 9, good.length - 1]) cases.push(good.subarray(0, n));
    for (let i = 0; i < 40; i++) {
      const b = Buffer.from(good);
      const at = rnd(b.length);
      b[at]! ^= 1 << rnd(8);
      cases.push(b);
    }
    for (const bad of cases) {
      writeFileSync(join(d, "dump.rdb"), bad);
      let err: unknown = null;
      try {
        const s = await startServer({ config: { dir: d } });
        await s.stop();
      } catch (e) {
        err = e;
      }
      // An empty file is "Short read"; every damaged file is refused (checksum or format).
      expect(err).toBeInstanceOf(LoadError);
      expect((err as Error).message).toContain(join(d, "dump.rdb"));
      expect((err as Error).message).toMatch(/offset \d+/);
    }
  }, 60_000);

  test("the CLI exits with status 1 and a one-line reason", async () => {
    const d = dir();
    const good = await makeRdb(d);
    const b = Buffer.from(good);
    b[b.length - 3]! ^= 0xff; // inside the checksum
    writeFileSync(join(d, "dump.rdb"), b);
    const r = await runRedbunToExit(["--dir", d]);
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/Fatal error loading the DB .*dump\.rdb: Wrong RDB checksum expected: \([0-9a-f]+\) got \([0-9a-f]+\)\. Aborting now\. \(at offset \d+\)/);
    expect(r.output).not.toMatch(/^\s+at /m); // no stack trace
  }, 60_000);
});

describe("AOF", () => {
  function incrPath(d: string, n = 1) {
    return join(d, "appendonlydir", `appendonly.aof.${n}.incr.aof`);
  }

  test("logs writes with SELECT on database changes, relative expiries as absolute, expired keys as DEL", async () => {
    const d = dir();
    const rb = await startServer({ config: { dir: d, appendonly: "yes", appendfsync: "always" } });
    try {
      await runAll(rb.port, [
        ["SET", "a", "1"],
        ["GET", "a"],
        ["SELECT", "2"],
        ["SET", "b", "2", "EX", "100"],
        ["SET", "short", "x", "PX", "50"],
        ["SELECT", "0"],
        ["INCR", "a"],
      ]);
      await Bun.sleep(120);
      await runAll(rb.port, [["SELECT", "2"], ["GET", "short"]]);
      const text = readFileSync(incrPath(d), "latin1");
      const cmds = text.split("*").filter((x) => x !== "").map((x) => x.split("\r\n").filter((_, i) => i > 0 && i % 2 === 0).join(" "));
      expect(cmds[0]).toBe("SELECT 0");
      expect(cmds[1]).toBe("SET a 1");
      expect(cmds[2]).toBe("SELECT 2");
      expect(cmds[3]).toMatch(/^SET b 2 PXAT \d{13}$/);
      expect(cmds[4]).toMatch(/^SET short x PXAT \d{13}$/);
      expect(cmds[5]).toBe("SELECT 0");
      expect(cmds[6]).toBe("INCR a");
      expect(cmds[7]).toBe("SELECT 2");
      expect(cmds[8]).toBe("DEL short");
      expect(cmds.length).toBe(9);
    } finally {
      await rb.stop();
    }
  });

  test("every policy: data acknowledged before a clean stop is there after restart", async () => {
    for (const policy of ["always", "everysec", "no"]) {
      const d = dir();
      const rb = await startServer({ config: { dir: d, appendonly: "yes", appendfsync: policy } });
      let before;
      try {
        await runAll(rb.port, datasetCommands(EXPIRE_AT));
        before = await dumpDataset(rb.port, DATASET_DBS);
      } finally {
        await rb.stop();
      }
      const rb2 = await startServer({ config: { dir: d, appendonly: "yes" } });
      try {
        expect([policy, diffDatasets(before, await dumpDataset(rb2.port, DATASET_DBS))]).toEqual([policy, []]);
      } finally {
        await rb2.stop();
      }
    }
  }, 60_000);

  test("BGREWRITEAOF under a stream of writes loses nothing; history files are removed", async () => {
    const d = dir();
    const rb = await startServer({ config: { dir: d, appendonly: "yes" } });
    let expected;
    try {
      // A large dataset (db 1, compared by count), so the rewrite spans many event-loop turns.
      await runAll(rb.port, [["SET", "seed", "1"]]);
      const db1 = rb.server.dbs[1]!;
      for (let i = 0; i < 200_000; i++) db1.data.set(`bulk:${i}`, `v${i}`);
      const c = await RespClient.connect(rb.port);
      try {
        expect((await c.send("BGREWRITEAOF")).resp).toEqual(expect.objectContaining({ v: "Background append only file rewriting started" }));
        let i = 0;
        while ((await infoField(rb.port, "aof_rewrite_in_progress")) === "1" || i < 50) {
          await Promise.all([c.send("INCR", "counter"), c.send("RPUSH", "log", String(i)), c.send("HSET", "h", `f${i % 50}`, String(i)), c.send("SET", `late:${i}`, String(i))]);
          i++;
        }
        expect(await infoField(rb.port, "aof_last_bgrewrite_status")).toBe("ok");
        expect(await infoField(rb.port, "aof_rewrites")).toBe("1");
      } finally {
        c.close();
      }
      expected = await dumpDataset(rb.port, [0]);
    } finally {
      await rb.stop();
    }
    expect(readdirSync(join(d, "appendonlydir")).sort()).toEqual(["appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"]);
    const rb2 = await startServer({ config: { dir: d, appendonly: "yes" } });
    try {
      expect(diffDatasets(expected, await dumpDataset(rb2.port, [0]))).toEqual([]);
      expect(rb2.server.dbs[1]!.size).toBe(200_000);
    } finally {
      await rb2.stop();
    }
  }, 120_000);

  test("auto-aof-rewrite-percentage / min-size start a rewrite as the file grows", async () => {
    const d = dir();
    const rb = await startServer({ config: { dir: d, appendonly: "yes", "auto-aof-rewrite-min-size": "10000", "auto-aof-rewrite-percentage": "100" } });
    try {
      for (let i = 0; i < 20; i++) await cmd(rb.port, "SET", `k${i}`, "x".repeat(1000));
      await waitFor("auto rewrite", async () => Number(await infoField(rb.port, "aof_rewrites")) >= 1, 10_000);
      await bgDone(rb.port);
      const size = Number(await infoField(rb.port, "aof_current_size"));
      const base = Number(await infoField(rb.port, "aof_base_size"));
      expect(size).toBeGreaterThan(0);
      expect(base).toBeGreaterThan(0);
    } finally {
      await rb.stop();
    }
  }, 30_000);

  test("CONFIG SET appendonly yes writes a base and starts logging; appendonly no stops", async () => {
    const d = dir();
    const rb = await startServer({ config: { dir: d } });
    try {
      await runAll(rb.port, datasetCommands(EXPIRE_AT));
      expect(await infoField(rb.port, "aof_enabled")).toBe("0");
      expect(await cmd(rb.port, "CONFIG", "SET", "appendonly", "yes")).toEqual(ok);
      expect(await infoField(rb.port, "aof_enabled")).toBe("1");
      await runAll(rb.port, [["SET", "during", "1"]]);
      await bgDone(rb.port);
      await runAll(rb.port, [["SET", "after", "2"], ["INCR", "during"]]);
      expect(readdirSync(join(d, "appendonlydir")).sort()).toEqual(["appendonly.aof.1.base.rdb", "appendonly.aof.1.incr.aof", "appendonly.aof.manifest"]);
      expect(await cmd(rb.port, "CONFIG", "SET", "appendonly", "no")).toEqual(ok);
      await runAll(rb.port, [["SET", "not-logged", "3"]]);
    } finally {
      await rb.stop();
    }
    const rb2 = await startServer({ config: { dir: d, appendonly: "yes" } });
    try {
      expect(await cmd(rb2.port, "GET", "during")).toEqual(expect.objectContaining({ v: "2" }));
      expect(await cmd(rb2.port, "GET", "after")).toEqual(expect.objectContaining({ v: "2" }));
      expect(await cmd(rb2.port, "GET", "plain")).toEqual(expect.objectContaining({ v: "hello world" }));
      expect(await cmd(rb2.port, "EXISTS", "not-logged")).toEqual(expect.objectContaining({ v: 0 }));
    } finally {
      await rb2.stop();
    }
  }, 60_000);

  describe("damaged AOF files", () => {
    async function makeAof(d: string, extra: string[][] = []): Promise<void> {
      const rb = await startServer({ config: { dir: d, appendonly: "yes" } });
      try {
        await runAll(rb.port, [["SET", "a", "1"], ["RPUSH", "l", "x", "y"], ["SELECT", "1"], ["SET", "b", "2"], ...extra]);
      } finally {
        await rb.stop();
      }
    }

    async function load(d: string, cfg: Record<string, string> = {}): Promise<{ err: Error | null; get: (db: number, k: string) => string | null }> {
      try {
        const s = await startServer({ config: { dir: d, appendonly: "yes", ...cfg } });
        const vals = new Map<string, string>();
        for (const [db, k] of [[0, "a"], [1, "b"], [0, "c"], [0, "m"]] as const) {
          const v = s.server.dbs[db]!.data.get(k);
          if (v !== undefined) vals.set(`${db}/${k}`, String(v));
        }
        await s.stop();
        return { err: null, get: (db, k) => vals.get(`${db}/${k}`) ?? null };
      } catch (e) {
        return { err: e as Error, get: () => null };
      }
    }

    test("a truncated last command is cut off with aof-load-truncated yes, refused with no", async () => {
      const d = dir();
      await makeAof(d);
      const p = incrPath(d);
      const full = statSync(p).size;
      appendFileSync(p, "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$5\r\nhal"); // a crash mid-write
      const refused = await load(d, { "aof-load-truncated": "no" });
      expect(refused.err).toBeInstanceOf(LoadError);
      expect(refused.err!.message).toContain("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof");
      expect(refused.err!.message).toContain(`offset ${full}`);
      const r = await load(d);
      expect(r.err).toBeNull();
      expect(r.get(1, "b")).toBe("2");
      expect(r.get(0, "c")).toBeNull();
      expect(statSync(p).size).toBe(full); // truncated back to the last whole command
    }, 30_000);

    test("an incomplete MULTI at the end is reverted", async () => {
      const d = dir();
      await makeAof(d);
      const p = incrPath(d);
      const full = statSync(p).size;
      appendFileSync(p, "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n1\r\n");
      const r = await load(d);
      expect(r.err).toBeNull();
      expect(r.get(0, "c")).toBeNull();
      expect(statSync(p).size).toBe(full);
      // A complete transaction is applied.
      appendFileSync(p, "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n1\r\n*1\r\n$4\r\nEXEC\r\n");
      expect((await load(d)).get(0, "c")).toBe("1");
    }, 30_000);

    test("corruption before the end refuses to start, naming the file and offset", async () => {
      const d = dir();
      await makeAof(d);
      const p = incrPath(d);
      const good = readFileSync(p);
      const at = good.indexOf("*3", 10);
      const bad = Buffer.from(good);
      bad[at] = 0x40; // '@' where a command starts
      writeFileSync(p, bad);
      const r = await load(d);
      expect(r.err).toBeInstanceOf(LoadError);
      expect(r.err!.message).toContain(`Bad file format reading the append only file appendonly.aof.1.incr.aof at offset ${at}`);
      // Unknown commands are refused too.
      writeFileSync(p, Buffer.concat([good, Buffer.from("*1\r\n$7\r\nNOTACMD\r\n")]));
      const u = await load(d);
      expect(u.err!.message).toContain("Unknown command 'NOTACMD' reading the append only file appendonly.aof.1.incr.aof");
    }, 30_000);

    test("random bit flips and truncations of the incr file, base and manifest: loaded or refused, never a crash", async () => {
      const d = dir();
      await makeAof(d, [["SELECT", "0"], ["HSET", "m", "f", "v"], ["SET", "c", "3"]]);
      const files = ["appendonly.aof.1.incr.aof", "appendonly.aof.1.base.rdb", "appendonly.aof.manifest"].map((f) => join(d, "appendonlydir", f));
      const originals = files.map((f) => readFileSync(f));
      let seed = 99;
      const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
      let refused = 0;
      let loaded = 0;
      for (let i = 0; i < 60; i++) {
        const which = i % 3;
        const b = Buffer.from(originals[which]!);
        let mutated: Buffer = b;
        if (rnd(4) === 0) mutated = b.subarray(0, rnd(b.length));
        else b[rnd(b.length)]! ^= 1 << rnd(8);
        writeFileSync(files[which]!, mutated);
        const r = await load(d);
        if (r.err) {
          expect(r.err).toBeInstanceOf(LoadError);
          refused++;
        } else loaded++;
        for (let j = 0; j < 3; j++) writeFileSync(files[j]!, originals[j]!);
      }
      expect(refused + loaded).toBe(60);
      expect(refused).toBeGreaterThan(0);
    }, 120_000);

    test("the CLI refuses a corrupt AOF with exit status 1 and no stack trace", async () => {
      const d = dir();
      await makeAof(d);
      writeFileSync(join(d, "appendonlydir", "appendonly.aof.manifest"), "file appendonly.aof.1.base.rdb seq x type b\n");
      const r = await runRedbunToExit(["--dir", d, "--appendonly", "yes"]);
      expect(r.code).toBe(1);
      expect(r.output).toContain("Invalid AOF manifest file format");
      expect(r.output).not.toMatch(/^\s+at /m);
    }, 60_000);
  });
});

describe("SHUTDOWN and signals (CLI)", () => {
  test("SHUTDOWN NOSAVE skips the save points' final snapshot; plain SHUTDOWN saves", async () => {
    const d = dir();
    let p = await spawnRedbun(["--dir", d, "--save", "3600 1"]);
    await cmd(p.port, "SET", "a", "1");
    const c = await RespClient.connect(p.port);
    c.writeRaw("*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n");
    expect(await p.proc.exited).toBe(0);
    c.close();
    expect(existsSync(join(d, "dump.rdb"))).toBe(false);
    p = await spawnRedbun(["--dir", d, "--save", "3600 1"]);
    await cmd(p.port, "SET", "a", "1");
    const c2 = await RespClient.connect(p.port);
    c2.writeRaw("*1\r\n$8\r\nSHUTDOWN\r\n");
    expect(await p.proc.exited).toBe(0);
    c2.close();
    expect(existsSync(join(d, "dump.rdb"))).toBe(true);
    expect(p.output()).toContain("Saving the final RDB snapshot before exiting.");
    const q = await spawnRedbun(["--dir", d]);
    try {
      expect(await cmd(q.port, "GET", "a")).toEqual(expect.objectContaining({ v: "1" }));
    } finally {
      await q.stop();
    }
  }, 60_000);

  test("SHUTDOWN SAVE without save points saves; a failing save keeps the server up unless FORCE", async () => {
    const d = dir();
    const p = await spawnRedbun(["--dir", d]);
    await cmd(p.port, "SET", "k", "v");
    mkdirSync(join(d, `temp-${p.proc.pid}.rdb`)); // the save's temporary file cannot be created
    expect(await cmd(p.port, "SHUTDOWN", "SAVE")).toEqual(expect.objectContaining({ t: "error", v: "ERR Errors trying to SHUTDOWN. Check logs." }));
    expect(await cmd(p.port, "PING")).toEqual(expect.objectContaining({ v: "PONG" }));
    const c = await RespClient.connect(p.port);
    c.writeRaw("*3\r\n$8\r\nSHUTDOWN\r\n$4\r\nSAVE\r\n$5\r\nFORCE\r\n");
    expect(await p.proc.exited).toBe(0);
    c.close();
    expect(p.output()).toContain("Error trying to save the DB. Exit anyway.");
    rmdirSync(join(d, `temp-${p.proc.pid}.rdb`));
    const p2 = await spawnRedbun(["--dir", d]);
    await cmd(p2.port, "SET", "k", "v2");
    const c2 = await RespClient.connect(p2.port);
    c2.writeRaw("*2\r\n$8\r\nSHUTDOWN\r\n$4\r\nSAVE\r\n");
    expect(await p2.proc.exited).toBe(0);
    c2.close();
    expect(existsSync(join(d, "dump.rdb"))).toBe(true);
  }, 60_000);

  test("SIGTERM flushes the AOF and writes the final snapshot when save points are set", async () => {
    const d = dir();
    const p = await spawnRedbun(["--dir", d, "--save", "3600 1", "--appendonly", "yes", "--appendfsync", "no"]);
    const c = await RespClient.connect(p.port);
    const writes = Array.from({ length: 2000 }, (_, i) => c.send("SET", `k${i}`, String(i)));
    await Promise.all(writes);
    c.close();
    expect(await p.stop()).toBe(0);
    expect(p.output()).toContain("Received SIGTERM scheduling shutdown...");
    expect(p.output()).toContain("DB saved on disk");
    expect(existsSync(join(d, "dump.rdb"))).toBe(true);
    // Both the AOF and the RDB hold every write.
    const a = await spawnRedbun(["--dir", d, "--appendonly", "yes"]);
    try {
      expect(await cmd(a.port, "DBSIZE")).toEqual(expect.objectContaining({ v: 2000 }));
    } finally {
      await a.stop();
    }
    const r = await spawnRedbun(["--dir", d]);
    try {
      expect(await cmd(r.port, "DBSIZE")).toEqual(expect.objectContaining({ v: 2000 }));
    } finally {
      await r.stop();
    }
  }, 60_000);

  testWithRedis("SHUTDOWN replies match Redis where the server keeps running", async () => {
    const redis = await spawnRedis([]);
    const rb = await spawnRedbun([]);
    try {
      for (const args of [["ABORT"], ["NOSAVE", "SAVE"], ["ABORT", "NOW"], ["BOGUS"]]) {
        const a = await cmd(redis.port, "SHUTDOWN", ...args);
        const b = await cmd(rb.port, "SHUTDOWN", ...args);
        expect([args, b]).toEqual([args, { ...a, start: b.start, end: b.end }]);
      }
    } finally {
      await redis.stop();
      await rb.stop();
    }
  }, 60_000);
});
