// Differential tests: ROLE, WAIT, READONLY, READWRITE, LOLWUT and DEBUG
// against redis-server 7. DEBUG runs against servers started with
// enable-debug-command yes (and local); without it both refuse it.
//
// Properties rather than bytes where Redis's answer is random or made of
// process internals: LOLWUT's generated art (its shape and text are
// compared), DEBUG OBJECT's address and LRU clock (masked), the new
// replication id of DEBUG CHANGE-REPL-ID.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALL_COMMANDS } from "../../src/commands/index.ts";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { type DiffPair, diffTest, hasRedis, requireRedisInCI, runSteps, type StepLike, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { freePort, type RawReply, type Resp, RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

const HAS_STREAMS = ALL_COMMANDS.some((d) => d.name === "xadd");
const HELLO3: StepLike = { cmd: ["HELLO", "3"], typeOnly: true };
const HELLO2: StepLike = { cmd: ["HELLO", "2"], typeOnly: true };

const DEBUG_REFUSED =
  '-ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.\r\n';

/** A redis-server with extra arguments, in its own directory. */
async function spawnRedis(args: string[], dir: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const proc: Subprocess = Bun.spawn(
    ["redis-server", "--port", String(port), "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir, ...args],
    { stdout: "ignore", stderr: "ignore", cwd: dir },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const c = await RespClient.connect(port);
      const r = await c.send("PING");
      c.close();
      if (r.resp.t === "simple") break;
    } catch {
      // not up yet
    }
    if (proc.exitCode !== null) throw new Error(`redis-server exited early (code ${proc.exitCode})`);
    if (Date.now() > deadline) {
      proc.kill();
      throw new Error("redis-server did not start within 10s");
    }
    await Bun.sleep(50);
  }
  return {
    port,
    async stop() {
      proc.kill();
      await proc.exited;
    },
  };
}

/**
 * Like useDiffPair, with `enable-debug-command` set on both servers at
 * startup (it can't be set later), each with its own data directory.
 */
function useDebugPair(mode: "yes" | "local", bind = "127.0.0.1"): DiffPair & { dirs: string[] } {
  const pair = { dirs: [] as string[] } as DiffPair & { dirs: string[] };
  let redis: { stop: () => Promise<void> } | null = null;
  let redbun: RunningServer | null = null;
  beforeAll(async () => {
    if (!hasRedis) return;
    const rdir = mkdtempSync(join(tmpdir(), "redbun-misc-redis-"));
    const bdir = mkdtempSync(join(tmpdir(), "redbun-misc-bun-"));
    pair.dirs.push(rdir, bdir);
    const r = await spawnRedis(["--bind", ...bind.split(" "), "--enable-debug-command", mode, "--protected-mode", "no"], rdir);
    redis = r;
    redbun = await startServer({ port: 0, bind, config: { "enable-debug-command": mode, dir: bdir, "protected-mode": "no" } });
    pair.redis = await RespClient.connect(r.port);
    pair.redbun = await RespClient.connect(redbun.port);
    pair.redisPort = r.port;
    pair.redbunPort = redbun.port;
  });
  afterAll(async () => {
    pair.redis?.close();
    pair.redbun?.close();
    await redis?.stop();
    await redbun?.stop();
    for (const d of pair.dirs) rmSync(d, { recursive: true, force: true });
  });
  return pair;
}

/** Sends the same command on both sides; returns [redis, redbun] replies. */
async function both(pair: DiffPair, ...cmd: string[]): Promise<[RawReply, RawReply]> {
  return Promise.all([pair.redis.send(...cmd), pair.redbun.send(...cmd)]);
}

const text = (r: RawReply): string => r.bytes.toString("latin1");

function str(r: Resp): string {
  if (r.t === "bulk" || r.t === "verbatim" || r.t === "simple" || r.t === "error") return r.v;
  throw new Error(`expected a string reply, got ${r.t}`);
}

// ---------------------------------------------------------------------------
// Default configuration
// ---------------------------------------------------------------------------

describe("ROLE, WAIT, READONLY, READWRITE, LOLWUT vs redis-server", () => {
  const pair = useDiffPair();

  diffTest(pair, "COMMAND INFO / DOCS of these commands", [
    ["COMMAND", "INFO", "ROLE", "WAIT", "READONLY", "READWRITE", "LOLWUT", "DEBUG"],
    ["COMMAND", "DOCS", "ROLE", "WAIT"],
  ]);

  diffTest(pair, "WAIT: answers at once when no acknowledgement is needed; argument errors", [
    ["WAIT", "0", "0"],
    ["WAIT", "0", "100"],
    ["WAIT", "-1", "0"],
    ["WAIT", "-5", "1000"],
    ["WAIT", "1", "-1"],
    ["WAIT", "0", "-1"],
    ["WAIT", "x", "0"],
    ["WAIT", "1.5", "0"],
    ["WAIT", "0", "x"],
    ["WAIT", "1", "1.5"],
    ["WAIT", "0", "99999999999999999999"],
    ["WAIT", "99999999999999999999", "0"],
    ["WAIT", "0"],
    ["WAIT", "0", "0", "0"],
    ["MULTI"],
    ["WAIT", "1", "0"],
    ["WAIT", "2", "100"],
    ["EXEC"],
  ]);

  testWithRedis("WAIT blocks until its timeout, CLIENT UNBLOCK, or forever", async () => {
    const out: string[][] = [];
    for (const port of [pair.redisPort, pair.redbunPort]) {
      const a = await RespClient.connect(port);
      const b = await RespClient.connect(port);
      try {
        const seen: string[] = [];
        const id = (await a.send("CLIENT", "ID")).resp;
        if (id.t !== "int") throw new Error("CLIENT ID");
        // With a timeout: 0 replicas acknowledged.
        seen.push(text(await a.send("WAIT", "1", "50")));
        // Without one: blocked until unblocked, with the timeout reply or the error.
        const p1 = a.send("WAIT", "1", "0");
        let blocked = "";
        for (let i = 0; i < 100 && !/blocked_clients:1\r/.test(blocked); i++) {
          blocked = text(await b.send("INFO", "clients"));
          await Bun.sleep(10);
        }
        seen.push(/blocked_clients:(\d+)/.exec(blocked)![1]!);
        seen.push(text(await b.send("CLIENT", "UNBLOCK", String(id.v), "ERROR")));
        seen.push(text(await p1));
        const p2 = a.send("WAIT", "3", "0");
        for (let i = 0; i < 100 && !/blocked_clients:1\r/.test(text(await b.send("INFO", "clients"))); i++) await Bun.sleep(10);
        seen.push(text(await b.send("CLIENT", "UNBLOCK", String(id.v))));
        seen.push(text(await p2));
        // A huge timeout blocks as if there were none (Redis's deadline wraps negative).
        const p3 = a.send("WAIT", "1", "9223372036854775807");
        for (let i = 0; i < 100 && !/blocked_clients:1\r/.test(text(await b.send("INFO", "clients"))); i++) await Bun.sleep(10);
        seen.push(text(await b.send("CLIENT", "UNBLOCK", String(id.v))));
        seen.push(text(await p3));
        // Pipelined commands wait behind a blocked WAIT.
        const p4 = a.send("WAIT", "1", "30");
        const p5 = a.send("PING");
        seen.push(text(await p4), text(await p5));
        out.push(seen);
      } finally {
        a.close();
        b.close();
      }
    }
    expect(out[1]).toEqual(out[0]);
    expect(out[0]).toEqual([":0\r\n", "1", ":1\r\n", "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n", ":1\r\n", ":0\r\n", ":1\r\n", ":0\r\n", ":0\r\n", "+PONG\r\n"]);
  });

  diffTest(pair, "READONLY / READWRITE without cluster support", [
    ["READONLY"],
    ["READWRITE"],
    ["readonly"],
    ["READONLY", "x"],
    ["READWRITE", "x"],
    ["MULTI"],
    ["READONLY"],
    ["EXEC"],
  ]);

  diffTest(pair, "LOLWUT: the version line, and the deterministic drawings", [
    ["LOLWUT"],
    ["LOLWUT", "10", "10"],
    ["LOLWUT", "x"],
    ["LOLWUT", "VERSION"],
    ["LOLWUT", "version", "7"],
    ["LOLWUT", "VERSION", "4"],
    ["LOLWUT", "VERSION", "0"],
    ["LOLWUT", "VERSION", "-1"],
    ["LOLWUT", "VERSION", "55"],
    ["LOLWUT", "VERSION", "x"],
    ["LOLWUT", "VERSION", "5", "x"],
    ["LOLWUT", "VERSION", "5", "1", "x"],
    ["LOLWUT", "VERSION", "5", "1", "1", "x"],
    ["LOLWUT", "VERSION", "6", "x"],
    ["LOLWUT", "VERSION", "6", "1", "x"],
    // Schotter's first two rows are not random.
    ["LOLWUT", "VERSION", "5", "1", "1", "1"],
    ["LOLWUT", "VERSION", "5", "1", "1", "2"],
    ["LOLWUT", "VERSION", "5", "2", "1", "1"],
    ["LOLWUT", "VERSION", "5", "3", "1", "2"],
    ["LOLWUT", "VERSION", "5", "10", "3", "2"],
    ["LOLWUT", "VERSION", "5", "0", "0", "0"],
    ["LOLWUT", "VERSION", "5", "-10", "-1", "-1"],
    ["LOLWUT", "VERSION", "5", "66", "8", "2"],
    ["LOLWUT", "VERSION", "5", "33", "5", "1"],
    ["LOLWUT", "VERSION", "5", "100", "7", "2"],
    ["LOLWUT", "VERSION", "5", "2000", "300", "1"],
    ["LOLWUT", "VERSION", "4294967301", "7", "3", "1"],
    HELLO3,
    ["LOLWUT"],
    ["LOLWUT", "VERSION", "5", "12", "2", "2"],
    HELLO2,
  ]);

  testWithRedis("LOLWUT VERSION 5 and 6: random art of Redis's shape and text", async () => {
    const shape = (r: RawReply, cell: RegExp) => {
      const s = str(r.resp);
      const lines = s.split("\n");
      return { type: r.resp.t, lines: lines.length, cells: lines.map((l) => (l.match(cell) ?? []).length), tail: lines.slice(-3) };
    };
    for (const args of [[], ["20", "4", "6"], ["1", "1", "30"]]) {
      const [a, b] = await both(pair, "LOLWUT", "VERSION", "5", ...args);
      expect(b.bytes.length).toBe(a.bytes.length); // every braille character is 3 bytes
      expect(shape(b, /\xe2[\xa0-\xa3][\x80-\xbf]/g)).toEqual(shape(a, /\xe2[\xa0-\xa3][\x80-\xbf]/g));
    }
    for (const args of [[], ["30", "12"], ["1", "1"], ["5", "40"]]) {
      const [a, b] = await both(pair, "LOLWUT", "VERSION", "6", ...args);
      const cell = /\x1b\[0;(30;40|90;100|37;47|97;107)m \x1b\[0m/g;
      const sa = shape(a, cell);
      const sb = shape(b, cell);
      expect(sb).toEqual(sa);
      // Nothing but cells on the drawing's lines.
      for (const l of str(b.resp).split("\n").slice(0, -3)) expect(l.replace(cell, "")).toBe("");
    }
  });

  diffTest(pair, "DEBUG is refused unless enable-debug-command allows it", [
    ["DEBUG", "SLEEP", "0"],
    ["DEBUG", "HELP"],
    ["DEBUG", "nosuch"],
    ["debug", "digest"],
    ["DEBUG"],
    ["CONFIG", "GET", "enable-debug-command"],
    ["CONFIG", "SET", "enable-debug-command", "yes"],
    ["MULTI"],
    ["DEBUG", "DIGEST"],
    ["PING"],
    ["EXEC"],
  ]);

  testWithRedis("a refused DEBUG counts as a rejected call", async () => {
    await runSteps(pair, [["CONFIG", "RESETSTAT"], ["DEBUG", "DIGEST"], ["DEBUG", "SLEEP", "0"]]);
    const [a, b] = await both(pair, "INFO", "commandstats");
    const line = (r: RawReply) => /cmdstat_debug:calls=(\d+),usec=\d+,usec_per_call=[\d.]+,rejected_calls=(\d+),failed_calls=(\d+)/.exec(text(r))?.slice(1);
    expect(line(b)).toEqual(line(a));
    expect(line(a)).toEqual(["0", "2", "0"]);
  });
});

// ---------------------------------------------------------------------------
// DEBUG, enabled
// ---------------------------------------------------------------------------

describe("DEBUG (enable-debug-command yes) vs redis-server", () => {
  const pair = useDebugPair("yes");

  // Here, in a fresh data directory: redis-server started in a directory with
  // a dump.rdb holding replication info resumes its replication offset.
  diffTest(pair, "ROLE: a master without replicas", [
    ["ROLE"],
    ["role"],
    ["ROLE", "x"],
    ["SET", "k", "v"],
    ["ROLE"],
    HELLO3,
    ["ROLE"],
    HELLO2,
  ]);

  diffTest(pair, "HELP, unknown subcommands and argument counts", [
    ["DEBUG", "HELP"],
    ["debug", "help"],
    ["DEBUG", "HELP", "x"],
    ["DEBUG", "nosuch"],
    ["DEBUG", "JMAP"],
    ["DEBUG", "x".repeat(300)],
    ["DEBUG", "a\r\nb"],
    ["DEBUG", "OBJECT"],
    ["DEBUG", "OBJECT", "a", "b"],
    ["DEBUG", "SLEEP"],
    ["DEBUG", "SLEEP", "0", "0"],
    ["DEBUG", "DIGEST", "x"],
    ["DEBUG", "PROTOCOL"],
    ["DEBUG", "PROTOCOL", "a", "b"],
    ["DEBUG", "CHANGE-REPL-ID", "x"],
    ["DEBUG", "SET-ACTIVE-EXPIRE"],
    ["DEBUG", "SET-ACTIVE-EXPIRE", "1", "2"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD"],
    ["DEBUG", "POPULATE"],
    ["DEBUG", "POPULATE", "1", "a", "1", "x"],
    ["DEBUG", "LOG"],
    ["DEBUG", "ERROR"],
    ["DEBUG"],
    ["MULTI"],
    ["DEBUG", "DIGEST"],
    ["DEBUG", "nosuch"],
    ["EXEC"],
  ]);

  diffTest(pair, "PROTOCOL in RESP2 (push refused), RESP3 below", [
    ...["string", "integer", "double", "bignum", "null", "array", "set", "map", "attrib", "push", "verbatim", "true", "false"].map((t) => ["DEBUG", "PROTOCOL", t]),
    ["DEBUG", "PROTOCOL", "STRING"],
    ["DEBUG", "PROTOCOL", "True"],
    ["DEBUG", "PROTOCOL", "nosuch"],
    ["DEBUG", "PROTOCOL", ""],
  ]);

  testWithRedis("PROTOCOL in RESP3: attribute and push replies, then the real reply", async () => {
    const out: string[] = [];
    for (const c of [pair.redis, pair.redbun]) {
      await c.send("HELLO", "3");
      let s = "";
      for (const t of ["string", "integer", "double", "bignum", "null", "array", "set", "map", "verbatim", "true", "false", "nosuch"]) {
        s += text(await c.send("DEBUG", "PROTOCOL", t));
      }
      s += text(await c.send("DEBUG", "PROTOCOL", "attrib"));
      s += text(await c.next());
      s += text(await c.send("DEBUG", "PROTOCOL", "push"));
      s += text(await c.next());
      await c.send("HELLO", "2");
      out.push(s);
    }
    expect(out[1]).toBe(out[0]);
    expect(out[0]).toContain("|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n");
    expect(out[0]).toContain(">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n");
  });

  const digestData: StepLike[] = [
    ["SET", "str", "hello"],
    ["SET", "int", "12345"],
    ["SET", "neg", "-7"],
    ["SET", "bin", "\x00\xff\r\nbin"],
    ["APPEND", "raw", "ab"],
    ["SETRANGE", "raw", "5", "cd"],
    ["SETBIT", "bits", "100", "1"],
    ["RPUSH", "list", "a", "b", "c", "1", "2", ""],
    ["SADD", "intset", "1", "2", "3", "-5", "100000"],
    ["SADD", "set", "x", "y", "1"],
    ["HSET", "hash", "f", "v", "n", "1", "", "empty"],
    ["HSET", "bighash", ...Array.from({ length: 600 }, (_, i) => `k${i}`)],
    ["ZADD", "zset", "1.1", "m", "-0", "n", "inf", "o", "-inf", "p", "3", "q", "1e100", "r", "0.1", "s"],
    ["ZADD", "bigzset", ...Array.from({ length: 300 }, (_, i) => [String(i / 7), `m${i}`]).flat()],
    ["SET", "ttl", "v", "EX", "1000"],
    ["HSET", "httl", "a", "b"],
    ["PEXPIRE", "httl", "100000"],
  ];

  diffTest(pair, "DIGEST and DIGEST-VALUE: Redis's SHA1 digests, byte for byte", [
    ["DEBUG", "DIGEST"],
    ["DEBUG", "DIGEST-VALUE"],
    ["DEBUG", "DIGEST-VALUE", "nokey"],
    ...digestData,
    ["DEBUG", "DIGEST-VALUE", "str", "int", "neg", "bin", "raw", "bits", "list", "intset", "set", "hash", "bighash", "zset", "bigzset", "ttl", "httl", "nokey"],
    ["OBJECT", "ENCODING", "bighash"],
    ["OBJECT", "ENCODING", "bigzset"],
    ["DEBUG", "DIGEST"],
    ["PERSIST", "ttl"],
    ["DEBUG", "DIGEST-VALUE", "ttl"],
    ["DEBUG", "DIGEST"],
    // The same data in another database digests differently.
    ["SELECT", "5"],
    ["SET", "str", "hello"],
    ["DEBUG", "DIGEST"],
    ["DEBUG", "DIGEST-VALUE", "str", "int"],
    ["SELECT", "0"],
    ["DEBUG", "DIGEST"],
    ["SWAPDB", "0", "5"],
    ["DEBUG", "DIGEST"],
    ["FLUSHALL"],
    ["DEBUG", "DIGEST"],
  ]);

  if (HAS_STREAMS) {
    diffTest(pair, "DIGEST-VALUE of streams: entry IDs, fields and values in order", [
      ["XADD", "s", "1-1", "a", "1", "b", "2"],
      ["XADD", "s", "2-0", "a", "3", "b", "4"],
      ["XADD", "s", "3-5", "c", "x"],
      ["XADD", "s", "18446744073709551615-18446744073709551615", "z", "z"],
      ["DEBUG", "DIGEST-VALUE", "s"],
      ["XDEL", "s", "2-0"],
      ["DEBUG", "DIGEST-VALUE", "s"],
      ["XADD", "e", "MAXLEN", "0", "5-0", "a", "1"],
      ["DEBUG", "DIGEST-VALUE", "e"],
      ["XGROUP", "CREATE", "s", "g", "0"],
      ["DEBUG", "DIGEST-VALUE", "s"],
      ["DEBUG", "DIGEST"],
      ["DEBUG", "RELOAD"],
      ["DEBUG", "DIGEST"],
    ]);
  }

  diffTest(pair, "RELOAD: save, flush, load back (encodings as Redis's loader picks them)", [
    ...digestData,
    ["HDEL", "bighash", ...Array.from({ length: 299 }, (_, i) => `k${i * 2}`)],
    ["OBJECT", "ENCODING", "bighash"],
    ["ZREMRANGEBYRANK", "bigzset", "0", "-3"],
    ["OBJECT", "ENCODING", "bigzset"],
    ["SELECT", "3"],
    ["SET", "in3", "x"],
    ["SELECT", "0"],
    ["DEBUG", "DIGEST"],
    ["DEBUG", "RELOAD"],
    ["DEBUG", "DIGEST"],
    ["DBSIZE"],
    ["OBJECT", "ENCODING", "bighash"],
    ["OBJECT", "ENCODING", "bigzset"],
    ["OBJECT", "ENCODING", "raw"],
    ["OBJECT", "ENCODING", "int"],
    ["TTL", "ttl"],
    ["SELECT", "3"],
    ["GET", "in3"],
    ["DBSIZE"],
    ["SELECT", "0"],
    // NOSAVE: back to what was saved; NOFLUSH MERGE: saved keys win, others stay.
    ["SET", "str", "changed"],
    ["SET", "extra", "1"],
    ["DEBUG", "RELOAD", "NOSAVE"],
    ["GET", "str"],
    ["EXISTS", "extra"],
    ["SET", "str", "changed"],
    ["SET", "extra", "1"],
    ["DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"],
    ["GET", "str"],
    ["GET", "extra"],
    ["DEBUG", "RELOAD", "nosave", "merge"],
    ["EXISTS", "extra"],
    ["DEBUG", "RELOAD", "foo"],
    ["DEBUG", "RELOAD", "NOSAVE", "foo"],
    ["DEBUG", "DIGEST"],
    ["FLUSHALL"],
    ["DEBUG", "RELOAD"],
    ["DBSIZE"],
    ["DEBUG", "DIGEST"],
  ]);

  testWithRedis("RELOAD: WATCH sees the flushed keys; keys expired in the file are not loaded", async () => {
    const out: string[] = [];
    for (const port of [pair.redisPort, pair.redbunPort]) {
      const a = await RespClient.connect(port);
      try {
        await a.send("FLUSHALL");
        await a.send("SET", "k", "v");
        await a.send("SET", "short", "v", "PX", "150");
        await a.send("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        await a.send("DEBUG", "RELOAD");
        await a.send("WATCH", "k");
        await a.send("DEBUG", "RELOAD");
        await a.send("MULTI");
        const exec = text(await a.send("EXEC"));
        await Bun.sleep(300);
        await a.send("DEBUG", "RELOAD", "NOSAVE"); // the file still has "short", expired by now
        const keys = text(await a.send("DBSIZE"));
        await a.send("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        out.push(exec + keys);
      } finally {
        a.close();
      }
    }
    expect(out[1]).toBe(out[0]);
    expect(out[0]).toBe("*-1\r\n:1\r\n");
  });

  testWithRedis("OBJECT: Redis's fields and values (address and LRU clock masked)", async () => {
    const mask = (r: RawReply) =>
      text(r)
        .replace(/^\+Value at:0x[0-9a-f]+ /, "+Value at:ADDR ")
        .replace(/ lru:\d+ lru_seconds_idle:\d+/, " lru:LRU");
    const steps: string[][] = [
      ["FLUSHALL"],
      ["SET", "s1", "bar"],
      ["SET", "s2", "x".repeat(44)],
      ["SET", "s3", "x".repeat(100)],
      ["SET", "s4", "0123456789abcdefghijkl"],
      ["SET", "i1", "123"],
      ["SET", "i2", "12345"],
      ["SET", "i3", "-5"],
      ["SET", "i4", "99999999999"],
      ["APPEND", "r1", "a"],
      ["RPUSH", "l1", "a", "b", "c"],
      ["RPUSH", "l2", ...Array.from({ length: 2000 }, (_, i) => `elem${i}`)],
      ["RPUSH", "l3", ...Array.from({ length: 50 }, (_, i) => String(i * 1000))],
      ["RPUSH", "l4", "x".repeat(10000), "y"],
      ["SADD", "st1", "1", "2", "3"],
      ["SADD", "st2", "a", "b"],
      ["HSET", "h1", "a", "1"],
      ["ZADD", "z1", "1", "a", "2.5", "b"],
      ["RPUSH", "src", "3", "1", "2"],
      ["SORT", "src", "STORE", "sorted"],
    ];
    for (const s of steps) await both(pair, ...s);
    for (const k of ["s1", "s2", "s3", "s4", "i1", "i2", "i3", "i4", "r1", "l1", "l2", "l3", "l4", "st1", "st2", "h1", "z1", "sorted", "nokey"]) {
      const [a, b] = await both(pair, "DEBUG", "OBJECT", k);
      expect(`${k}: ${mask(b)}`).toBe(`${k}: ${mask(a)}`);
    }
    // The quicklist of a list pushed after QUICKLIST-PACKED-THRESHOLD: elements of 2+ bytes get plain nodes.
    await both(pair, "DEBUG", "QUICKLIST-PACKED-THRESHOLD", "2");
    await both(pair, "RPUSH", "pl", "-5", "1", "1.5", "2", "3", "10");
    const [a, b] = await both(pair, "DEBUG", "OBJECT", "pl");
    await both(pair, "DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0");
    expect(mask(b)).toBe(mask(a));
    expect(mask(a)).toContain("ql_nodes:5 ql_avg_node:1.20");
    // Under an LRU maxmemory policy integers are not shared.
    await both(pair, "CONFIG", "SET", "maxmemory", "1gb", "maxmemory-policy", "allkeys-lru");
    await both(pair, "SET", "i5", "7");
    const [c, d] = await both(pair, "DEBUG", "OBJECT", "i5");
    await both(pair, "CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction");
    expect(mask(d)).toBe(mask(c));
  });

  diffTest(pair, "QUICKLIST-PACKED-THRESHOLD: memory values up to 4gb", [
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "100"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1kb"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1K"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "4095mb"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "4096mb"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "4gb"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "5gb"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "x"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "-1"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1.5"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "99999999999999999999999"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1"],
    ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0"],
  ]);

  diffTest(pair, "POPULATE: key:N = value:N, existing keys kept, optional prefix and size", [
    ["SET", "key:1", "mine"],
    ["DEBUG", "POPULATE", "3"],
    ["DBSIZE"],
    ["MGET", "key:0", "key:1", "key:2", "key:3"],
    ["DEBUG", "POPULATE", "2", "pre", "20"],
    ["GET", "pre:1"],
    ["OBJECT", "ENCODING", "pre:1"],
    ["DEBUG", "POPULATE", "2", "p2", "3"],
    ["GET", "p2:1"],
    ["DEBUG", "POPULATE", "2", "p3", "0"],
    ["GET", "p3:1"],
    ["DEBUG", "POPULATE", "-1"],
    ["DEBUG", "POPULATE", "x"],
    ["DEBUG", "POPULATE", "2", "pre", "-1"],
    ["DEBUG", "POPULATE", "2", "pre", "x"],
    ["DEBUG", "POPULATE", "0"],
    ["DBSIZE"],
    ["DEBUG", "DIGEST"],
  ]);

  diffTest(pair, "LOG, ERROR, SLEEP, SET-ACTIVE-EXPIRE, CHANGE-REPL-ID replies", [
    ["DEBUG", "LOG", "hello from the test"],
    ["DEBUG", "ERROR", "foo"],
    ["DEBUG", "ERROR", "MYERR custom text"],
    ["DEBUG", "ERROR", "a\nb\rc"],
    ["DEBUG", "ERROR", ""],
    ["DEBUG", "SLEEP", "0"],
    ["DEBUG", "SLEEP", "x"],
    ["DEBUG", "SLEEP", "-1"],
    ["DEBUG", "SLEEP", "0.01"],
    ["DEBUG", "SLEEP", ".02abc"],
    ["DEBUG", "SLEEP", "inf"],
    ["DEBUG", "SLEEP", "nan"],
    ["DEBUG", "SET-ACTIVE-EXPIRE", "0"],
    ["DEBUG", "SET-ACTIVE-EXPIRE", "x"],
    ["DEBUG", "SET-ACTIVE-EXPIRE", "1"],
    ["DEBUG", "CHANGE-REPL-ID"],
  ]);

  testWithRedis("ERROR replies are not counted as errors", async () => {
    await runSteps(pair, [["CONFIG", "RESETSTAT"], ["DEBUG", "ERROR", "XYZ oops"], ["GET"]]);
    const [a, b] = await both(pair, "INFO", "errorstats");
    expect(text(b)).toBe(text(a));
    const [c, d] = await both(pair, "INFO", "stats");
    const errs = (r: RawReply) => /total_error_replies:(\d+)/.exec(text(r))![1];
    expect(errs(d)).toBe(errs(c));
    expect(errs(c)).toBe("1");
  });

  testWithRedis("SLEEP stops the whole server", async () => {
    for (const port of [pair.redisPort, pair.redbunPort]) {
      const a = await RespClient.connect(port);
      const b = await RespClient.connect(port);
      try {
        await b.send("PING");
        const order: string[] = [];
        const pa = a.send("DEBUG", "SLEEP", "1").then((r) => order.push(`a ${text(r)}`));
        await Bun.sleep(200); // the sleep is under way
        const pb = b.send("PING").then((r) => order.push(`b ${text(r)}`));
        await Promise.all([pa, pb]);
        expect(order).toEqual(["a +OK\r\n", "b +PONG\r\n"]);
      } finally {
        a.close();
        b.close();
      }
    }
  });

  testWithRedis("SET-ACTIVE-EXPIRE 0 leaves expired keys to lazy expiry; 1 resumes the cycle", async () => {
    const results: string[][] = [];
    for (const port of [pair.redisPort, pair.redbunPort]) {
      const c = await RespClient.connect(port);
      try {
        const seen: string[] = [];
        await c.send("FLUSHALL");
        await c.send("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        await c.send("SET", "a", "1", "PX", "20");
        await c.send("SET", "b", "1", "PX", "20");
        await Bun.sleep(400); // several cron ticks (hz 10): nothing is reclaimed
        seen.push(text(await c.send("DBSIZE")));
        seen.push(text(await c.send("GET", "a"))); // lazy expiry still works
        seen.push(text(await c.send("DBSIZE")));
        await c.send("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        let n = "";
        for (let i = 0; i < 100 && n !== ":0\r\n"; i++) {
          await Bun.sleep(50);
          n = text(await c.send("DBSIZE"));
        }
        seen.push(n);
        results.push(seen);
      } finally {
        c.close();
      }
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0]).toEqual([":2\r\n", "$-1\r\n", ":1\r\n", ":0\r\n"]);
  });

  testWithRedis("CHANGE-REPL-ID gives a new replication id and no secondary one", async () => {
    for (const c of [pair.redis, pair.redbun]) {
      const id = (s: string, f: string) => new RegExp(`${f}:([0-9a-f]{40})\r`).exec(s)![1];
      const before = text(await c.send("INFO", "replication"));
      expect(text(await c.send("DEBUG", "CHANGE-REPL-ID"))).toBe("+OK\r\n");
      const after = text(await c.send("INFO", "replication"));
      expect(id(after, "master_replid")).not.toBe(id(before, "master_replid"));
      expect(id(after, "master_replid2")).toBe("0".repeat(40));
      expect(after).toContain("second_repl_offset:-1\r");
    }
  });
});

// ---------------------------------------------------------------------------
// enable-debug-command local: loopback clients only
// ---------------------------------------------------------------------------

/** Sends one inline command from `localAddress` and returns the first reply line. */
function inlineFrom(port: number, localAddress: string, line: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ port, host: localAddress, localAddress });
    let got = "";
    const done = () => {
      s.destroy();
      resolve(got);
    };
    s.on("connect", () => s.write(`${line}\r\n`));
    s.on("data", (d) => {
      got += d.toString("latin1");
      if (got.endsWith("\r\n")) done();
    });
    s.on("close", done);
    s.on("error", done);
    setTimeout(done, 2000);
  });
}

describe("DEBUG with enable-debug-command local vs redis-server", () => {
  const pair = useDebugPair("local", "127.0.0.1 127.0.0.2");

  diffTest(pair, "a loopback client may run DEBUG", [
    ["DEBUG", "PROTOCOL", "string"],
    ["DEBUG", "DIGEST"],
    ["CONFIG", "GET", "enable-debug-command"],
  ]);

  testWithRedis("a client from another address is refused", async () => {
    for (const port of [pair.redisPort, pair.redbunPort]) {
      expect(await inlineFrom(port, "127.0.0.2", "DEBUG PROTOCOL string")).toBe(DEBUG_REFUSED);
      expect(await inlineFrom(port, "127.0.0.1", "DEBUG PROTOCOL integer")).toBe(":12345\r\n");
    }
  });
});
