// Helpers for durability tests: server processes (redis-server and the redbun
// CLI) started on data directories, a full key-by-key dump of a dataset for
// comparing two servers, and a dataset script covering every type in its
// small and large encodings, with expiries and several databases.

import type { Subprocess } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectOutput } from "./process.ts";
import { freePort, type Resp, RespClient, waitForPing } from "./resp-client.ts";

export const ROOT = join(import.meta.dir, "..", "..");

/** A fresh directory under /tmp, removed by cleanup(). */
export function tempDir(prefix = "redbun-persist-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface Proc {
  port: number;
  proc: Subprocess;
  /** Everything the process printed (stdout + stderr), for assertions on logs. */
  output(): string;
  /** SIGTERM and wait. */
  stop(): Promise<number>;
  /** SIGKILL and wait (a crash). */
  kill(): Promise<void>;
}

function wrap(port: number, proc: Subprocess, output: () => string): Proc {
  return {
    port,
    proc,
    output,
    async stop() {
      proc.kill("SIGTERM");
      return await proc.exited;
    },
    async kill() {
      proc.kill("SIGKILL");
      await proc.exited;
    },
  };
}

/** redis-server with the given options (no persistence unless they ask for it). */
export async function spawnRedis(args: string[], timeoutMs = 20_000): Promise<Proc> {
  const port = await freePort();
  // Without --dir, an empty directory of its own (never a stray dump.rdb in /tmp).
  const own = args.includes("--dir") ? null : tempDir("redis-");
  const proc = Bun.spawn(
    ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...(own ? ["--dir", own] : []), ...args],
    { stdout: "pipe", stderr: "pipe", cwd: tmpdir() },
  );
  const out = collectOutput(proc);
  await waitForPing(port, proc, { what: "redis-server", timeoutMs, output: out });
  const p = wrap(port, proc, out);
  if (own) void proc.exited.then(() => cleanup(own));
  return p;
}

/** Starts the redbun CLI (bun run src/index.ts --port <free> --save "" ...args), its output collected. */
async function launchRedbun(args: string[]): Promise<{ port: number; proc: Subprocess; out: () => string }> {
  const port = await freePort();
  const proc = Bun.spawn(["bun", "run", join(ROOT, "src/index.ts"), "--port", String(port), "--save", "", ...args], {
    stdout: "pipe",
    stderr: "pipe",
    cwd: tmpdir(),
  });
  return { port, proc, out: collectOutput(proc) };
}

/** The redbun CLI in its own process (bun run src/index.ts ...). */
export async function spawnRedbun(args: string[], timeoutMs = 30_000): Promise<Proc> {
  const { port, proc, out } = await launchRedbun(args);
  await waitForPing(port, proc, { what: "redbun", timeoutMs, output: out });
  return wrap(port, proc, out);
}

/** Runs the redbun CLI to completion (startup that is expected to fail): exit code and output. */
export async function runRedbunToExit(args: string[], timeoutMs = 30_000): Promise<{ code: number; output: string }> {
  const { port, proc, out } = await launchRedbun(args);
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  // If it did start, stop it: the caller expected a refusal.
  const started = (async () => {
    for (let i = 0; i < 100 && proc.exitCode === null; i++) {
      try {
        const c = await RespClient.connect(port);
        c.close();
        proc.kill("SIGTERM");
        return;
      } catch {
        await Bun.sleep(50);
      }
    }
  })();
  const code = await proc.exited;
  clearTimeout(timer);
  await started;
  await Bun.sleep(20);
  return { code, output: out() };
}

// ---------------------------------------------------------------------------
// Dataset comparison
// ---------------------------------------------------------------------------

function flat(r: Resp): string[] {
  if (r.t === "array" || r.t === "set" || r.t === "push") return r.v.map((x) => (x.t === "bulk" || x.t === "simple" ? x.v : JSON.stringify(x)));
  if (r.t === "map") return r.v.flatMap(([k, v]) => [String((k as { v: unknown }).v), String((v as { v: unknown }).v)]);
  throw new Error(`unexpected reply ${JSON.stringify(r)}`);
}

async function val(c: RespClient, ...args: string[]): Promise<Resp> {
  const r = await c.send(...args);
  if (r.resp.t === "error") throw new Error(`${args.join(" ")}: ${r.resp.v}`);
  return r.resp;
}

export interface KeyDump {
  type: string;
  /** Normalized: list in order, set sorted, hash sorted pairs, zset in rank order with scores. */
  value: string[] | string;
  /** Absolute expiry in ms, or -1. */
  expireAt: number;
}

/** Every key of the given databases: db → key → type, value, absolute expiry. */
export async function dumpDataset(port: number, dbs: readonly number[]): Promise<Map<number, Map<string, KeyDump>>> {
  const c = await RespClient.connect(port);
  const out = new Map<number, Map<string, KeyDump>>();
  try {
    for (const db of dbs) {
      await val(c, "SELECT", String(db));
      const m = new Map<string, KeyDump>();
      const keys = flat(await val(c, "KEYS", "*"));
      for (const k of keys) {
        const type = ((await val(c, "TYPE", k)) as { v: string }).v;
        let value: string[] | string;
        switch (type) {
          case "string":
            value = ((await val(c, "GET", k)) as { v: string }).v;
            break;
          case "list":
            value = flat(await val(c, "LRANGE", k, "0", "-1"));
            break;
          case "set":
            value = flat(await val(c, "SMEMBERS", k)).sort();
            break;
          case "hash": {
            const fv = flat(await val(c, "HGETALL", k));
            const pairs: string[] = [];
            for (let i = 0; i < fv.length; i += 2) pairs.push(`${fv[i]}=${fv[i + 1]}`);
            value = pairs.sort();
            break;
          }
          case "zset":
            value = flat(await val(c, "ZRANGE", k, "0", "-1", "WITHSCORES"));
            break;
          default:
            value = `<${type}>`;
        }
        const pe = (await val(c, "PEXPIRETIME", k)) as { v: number };
        m.set(k, { type, value, expireAt: pe.v });
      }
      out.set(db, m);
    }
  } finally {
    c.close();
  }
  return out;
}

/** Differences between two dumps (empty when equal). */
export function diffDatasets(a: Map<number, Map<string, KeyDump>>, b: Map<number, Map<string, KeyDump>>): string[] {
  const out: string[] = [];
  for (const [db, ma] of a) {
    const mb = b.get(db) ?? new Map();
    for (const [k, va] of ma) {
      const vb = mb.get(k);
      if (!vb) out.push(`db${db} ${JSON.stringify(k)}: missing in second`);
      else if (JSON.stringify(va) !== JSON.stringify(vb))
        out.push(`db${db} ${JSON.stringify(k)}: ${JSON.stringify(va).slice(0, 200)} != ${JSON.stringify(vb).slice(0, 200)}`);
    }
    for (const k of mb.keys()) if (!ma.has(k)) out.push(`db${db} ${JSON.stringify(k)}: missing in first`);
  }
  return out;
}

export function countKeys(d: Map<number, Map<string, KeyDump>>): number {
  let n = 0;
  for (const m of d.values()) n += m.size;
  return n;
}

// ---------------------------------------------------------------------------
// A dataset with every type and encoding
// ---------------------------------------------------------------------------

let binary = "";
for (let i = 0; i < 256; i++) binary += String.fromCharCode(i);

/** Databases the dataset uses. */
export const DATASET_DBS = [0, 1, 5, 15];

/** Commands building the dataset (run in order; SELECT switches databases). */
export function datasetCommands(expireAt: number): string[][] {
  const cmds: string[][] = [];
  const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
  cmds.push(["SELECT", "0"]);
  // Strings: int encodings, plain, binary, LZF-compressible, large, beyond int32, negative.
  cmds.push(["SET", "int8", "-7"], ["SET", "int16", "12345"], ["SET", "int32", "-2000000000"], ["SET", "int64", "9007199254740993"]);
  cmds.push(["SET", "big-int", "-9223372036854775808"], ["SET", "not-int", "007"], ["SET", "float", "3.14"]);
  cmds.push(["SET", "plain", "hello world"], ["SET", "empty", ""], ["SET", "binary", binary + binary]);
  cmds.push(["SET", "compressible", "abc".repeat(2000)], ["SET", "large", range(20000, (i) => String.fromCharCode(33 + ((i * 7919) % 90))).join("")]);
  cmds.push(["APPEND", "appended", "part1"], ["APPEND", "appended", "-part2"]);
  cmds.push(["SET", "ttl-string", "expires", "PXAT", String(expireAt)]);
  // Lists: small, with integers, many nodes, big elements.
  cmds.push(["RPUSH", "list-small", "a", "b", "1", "-2", "300", "70000", "x".repeat(100)]);
  cmds.push(["RPUSH", "list-big", ...range(6000, (i) => (i % 3 === 0 ? String(i) : `element-${i}`))]);
  cmds.push(["RPUSH", "list-huge-elems", "y".repeat(10000), "z".repeat(9000), "small"]);
  cmds.push(["LPUSH", "list-binary", binary, "\x00\r\n"]);
  // Hashes: listpack, hashtable by count, hashtable by value length.
  cmds.push(["HSET", "hash-small", "f1", "v1", "f2", "2", "num", "-100", "bin", "\x00\xff"]);
  cmds.push(["HSET", "hash-big", ...range(1200, (i) => (i % 2 === 0 ? `field:${i}` : String(i)))]);
  cmds.push(["HSET", "hash-longval", "f", "v".repeat(100)]);
  // Sets: intset (16/32/64-bit), hashtable by type and by count.
  cmds.push(["SADD", "set-int16", "1", "2", "3", "-5"]);
  cmds.push(["SADD", "set-int32", "1", "100000", "-2000000000"]);
  cmds.push(["SADD", "set-int64", "1", "9007199254740993", "-9223372036854775808"]);
  cmds.push(["SADD", "set-str", "a", "b", "c", "1"]);
  cmds.push(["SADD", "set-bigint", ...range(700, (i) => String(i * 3))]);
  cmds.push(["SADD", "set-big", ...range(2000, (i) => `member-${i}`)]);
  // Sorted sets: listpack, skiplist by count and by member length, special scores.
  cmds.push(["ZADD", "zset-small", "1", "a", "2.5", "b", "-3", "c", "0", "d", "1e17", "e"]);
  cmds.push(["ZADD", "zset-inf", "inf", "top", "-inf", "bottom", "0.1", "tenth"]);
  cmds.push(["ZADD", "zset-big", ...range(600, (i) => (i % 2 === 0 ? String(i / 7) : `m${i}`))]);
  cmds.push(["ZADD", "zset-longmember", "1", "q".repeat(100), "2", "short"]);
  cmds.push(["EXPIRE", "list-small", "100000"]);
  cmds.push(["PEXPIREAT", "hash-small", String(expireAt + 1)]);
  cmds.push(["SELECT", "1"]);
  cmds.push(["SET", "db1-key", "in db 1"], ["RPUSH", "db1-list", "1", "2", "3"], ["PEXPIREAT", "db1-list", String(expireAt + 2)]);
  cmds.push(["SELECT", "5"]);
  cmds.push(["HSET", "db5-hash", "a", "b"], ["ZADD", "db5-zset", "5", "five"], ["SADD", "db5-set", "x"]);
  cmds.push(["SELECT", "15"]);
  for (let i = 0; i < 200; i++) cmds.push(["SET", `k:${i}`, `v:${i}`]);
  cmds.push(["SELECT", "0"]);
  return cmds;
}

/** Runs commands on a server, failing on any error reply. */
export async function runAll(port: number, cmds: string[][]): Promise<void> {
  const c = await RespClient.connect(port);
  try {
    const replies = await Promise.all(cmds.map((cmd) => c.send(...cmd)));
    replies.forEach((r, i) => {
      if (r.resp.t === "error") throw new Error(`${cmds[i]!.join(" ").slice(0, 80)}: ${r.resp.v}`);
    });
  } finally {
    c.close();
  }
}

/** Sends one command and returns the parsed reply (errors included). */
export async function cmd(port: number, ...args: string[]): Promise<Resp> {
  const c = await RespClient.connect(port);
  try {
    return (await c.send(...args)).resp;
  } finally {
    c.close();
  }
}

/** Polls until the predicate holds (or fails after timeoutMs). */
export async function waitFor(what: string, pred: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(20);
  }
}

/** One INFO field's value. */
export async function infoField(port: number, field: string): Promise<string> {
  const r = await cmd(port, "INFO", "persistence");
  const text = (r as { v: string }).v;
  const m = new RegExp(`^${field}:(.*)$`, "m").exec(text);
  return m ? m[1]!.trim() : "";
}
