// Persistence bench: redbun next to redis-server on the same machine.
//
//   bun run bench/persistence.bench.ts           # 1M keys
//   bun run bench/persistence.bench.ts --short   # CI: 100k keys
//
// For each server, with the same dataset (N string keys plus 1% small hashes,
// lists, sets and sorted sets):
//   - SAVE: time of the command; file size;
//   - BGSAVE: time until done, and the worst PING round trip seen meanwhile
//     (the pause clients see: redbun's capture of the keyspace, Redis's fork);
//   - load at startup: "DB loaded from disk" as each server logs it;
//   - BGREWRITEAOF: time until done and worst PING round trip;
//   - AOF load at startup (base + incr);
//   - AOF write throughput: redis-benchmark SET (50 clients, pipeline 16) with
//     appendfsync everysec and always.

import { spawn, spawnSync, type Subprocess } from "bun";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RespClient } from "../test/helpers/resp-client.ts";

const short = process.argv.includes("--short");
const N = short ? 100_000 : 1_000_000;
const BENCH_REQUESTS = short ? 50_000 : 300_000;
const root = join(import.meta.dir, "..");

for (const bin of ["redis-server", "redis-benchmark"]) {
  if (!Bun.which(bin)) {
    console.error(`${bin} not found: install Debian's redis-server and redis-tools to run this bench`);
    process.exit(2);
  }
}

async function freePort(): Promise<number> {
  const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const p = s.port;
  s.stop(true);
  return p;
}

interface Srv {
  name: string;
  port: number;
  proc: Subprocess;
  log: () => string;
}

function capture(proc: Subprocess): () => string {
  let out = "";
  const pump = async (s: ReadableStream<Uint8Array>) => {
    const d = new TextDecoder();
    for await (const c of s) out += d.decode(c);
  };
  void pump(proc.stdout as ReadableStream<Uint8Array>);
  void pump(proc.stderr as ReadableStream<Uint8Array>);
  return () => out;
}

async function start(kind: "redis" | "redbun", dir: string, extra: string[]): Promise<Srv> {
  const port = await freePort();
  const common = ["--port", String(port), "--dir", dir, "--save", "", ...extra];
  const cmd = kind === "redis" ? ["redis-server", ...common] : ["bun", "run", join(root, "src/index.ts"), ...common];
  const proc = spawn(cmd, { stdout: "pipe", stderr: "pipe" });
  const log = capture(proc);
  for (let i = 0; i < 1200; i++) {
    try {
      const c = await RespClient.connect(port);
      const r = await c.send("PING");
      c.close();
      if (r.resp.t === "simple") return { name: kind, port, proc, log };
    } catch {}
    if (proc.exitCode !== null) throw new Error(`${kind} exited: ${log()}`);
    await Bun.sleep(50);
  }
  throw new Error(`${kind} did not start`);
}

async function stop(s: Srv): Promise<void> {
  s.proc.kill("SIGTERM");
  await s.proc.exited;
}

async function populate(port: number): Promise<void> {
  const c = await RespClient.connect(port);
  const pending: Promise<unknown>[] = [];
  const flush = async () => {
    await Promise.all(pending);
    pending.length = 0;
  };
  for (let i = 0; i < N; i += 1000) {
    const args = ["MSET"];
    for (let j = i; j < Math.min(N, i + 1000); j++) args.push(`key:${j}`, `value:${j}:abcdef`);
    pending.push(c.send(...args));
    if (pending.length >= 32) await flush();
  }
  for (let i = 0; i < N / 100; i++) {
    pending.push(c.send("HSET", `hash:${i}`, "a", "1", "b", "2", "c", String(i)));
    pending.push(c.send("RPUSH", `list:${i}`, "x", "y", String(i)));
    pending.push(c.send("SADD", `set:${i}`, "1", "2", String(i + 3)));
    pending.push(c.send("ZADD", `zset:${i}`, "1", "a", "2", "b", String(i), "c"));
    if (pending.length >= 4000) await flush();
  }
  await flush();
  c.close();
}

async function info(port: number, field: string): Promise<string> {
  const c = await RespClient.connect(port);
  try {
    const r = await c.send("INFO", "persistence");
    const m = new RegExp(`^${field}:(.*)$`, "m").exec((r.resp as { v: string }).v);
    return m ? m[1]!.trim() : "";
  } finally {
    c.close();
  }
}

/** Runs a background operation and measures its duration and the worst PING round trip meanwhile. */
async function background(port: number, command: string, flag: string): Promise<{ ms: number; worstPingMs: number }> {
  const c = await RespClient.connect(port);
  const ping = await RespClient.connect(port);
  const t0 = performance.now();
  await c.send(command);
  let worst = 0;
  for (;;) {
    const p0 = performance.now();
    await ping.send("PING");
    worst = Math.max(worst, performance.now() - p0);
    if ((await info(port, flag)) === "0") break;
    await Bun.sleep(2);
  }
  const ms = performance.now() - t0;
  c.close();
  ping.close();
  return { ms, worstPingMs: worst };
}

function loadedSeconds(log: string, what: RegExp): number {
  const m = what.exec(log);
  return m ? Number(m[1]) : NaN;
}

function benchSet(port: number, extra: string[] = []): number {
  const r = spawnSync(["redis-benchmark", "-p", String(port), "-t", "set", "-n", String(BENCH_REQUESTS), "-r", String(N), "-c", "50", "-P", "16", "-q", ...extra]);
  const m = /SET: ([\d.]+) requests per second/.exec(r.stdout.toString());
  return m ? Number(m[1]) : NaN;
}

type Row = Record<string, string | number>;
const rows: Row[] = [];

for (const kind of ["redis", "redbun"] as const) {
  const dir = mkdtempSync(join(tmpdir(), `persist-bench-${kind}-`));
  try {
    // --- RDB
    let s = await start(kind, dir, []);
    await populate(s.port);
    const t0 = performance.now();
    await (await RespClient.connect(s.port)).send("SAVE");
    const saveMs = performance.now() - t0;
    const rdbSize = statSync(join(dir, "dump.rdb")).size;
    const bg = await background(s.port, "BGSAVE", "rdb_bgsave_in_progress");
    await stop(s);
    s = await start(kind, dir, []);
    const loadS = loadedSeconds(s.log(), /DB loaded from disk: ([\d.]+) seconds/);
    // --- AOF rewrite and load
    const c = await RespClient.connect(s.port);
    await c.send("CONFIG", "SET", "appendonly", "yes");
    c.close();
    for (;;) {
      if ((await info(s.port, "aof_rewrite_in_progress")) === "0" && (await info(s.port, "aof_enabled")) === "1") break;
      await Bun.sleep(20);
    }
    const rw = await background(s.port, "BGREWRITEAOF", "aof_rewrite_in_progress");
    await stop(s);
    s = await start(kind, dir, ["--appendonly", "yes"]);
    const aofLoadS = loadedSeconds(s.log(), /DB loaded from append only file: ([\d.]+) seconds/);
    // --- AOF throughput
    const everysec = benchSet(s.port);
    const cc = await RespClient.connect(s.port);
    await cc.send("CONFIG", "SET", "appendfsync", "always");
    cc.close();
    const always = benchSet(s.port);
    await stop(s);
    rows.push({
      server: kind,
      keys: N + (N / 100) * 4,
      "SAVE ms": Math.round(saveMs),
      "RDB MB": (rdbSize / 1e6).toFixed(1),
      "BGSAVE ms": Math.round(bg.ms),
      "BGSAVE worst PING ms": bg.worstPingMs.toFixed(1),
      "RDB load s": loadS,
      "BGREWRITEAOF ms": Math.round(rw.ms),
      "rewrite worst PING ms": rw.worstPingMs.toFixed(1),
      "AOF load s": aofLoadS,
      "SET/s everysec P16": Math.round(everysec),
      "SET/s always P16": Math.round(always),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`\npersistence bench, ${N} string keys + ${(N / 100) * 4} small aggregates${short ? " (--short)" : ""}\n`);
const cols = Object.keys(rows[0]!);
for (const col of cols) {
  console.log(col.padEnd(24) + rows.map((r) => String(r[col]).padStart(14)).join(""));
}
