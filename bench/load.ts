// Load bench: redbun next to redis-server on the same machine, in the same run.
//
//   bun run bench/load.ts            # full: 200k requests per row, 1M keys for memory
//   bun run bench/load.ts --short    # CI: 20k requests per row, 100k keys
//
// For each row (GET, SET, INCR × pipeline 1 and 16, 50 clients) redis-benchmark
// runs against both servers, alternating, several rounds; the best round of
// each is kept (the machines are noisy) and the ratio redbun/redis printed.
// Then both servers are filled with the same N keys by `redis-cli --pipe` and
// their memory growth compared as bytes per key.

import { spawnSync } from "bun";
import { pipe, redisBenchmark, resp, startPair } from "./servers.ts";

const short = process.argv.includes("--short");
const REQUESTS = short ? 20_000 : 200_000;
const ROUNDS = short ? 1 : 3;
const KEYS = short ? 100_000 : 1_000_000;
const CLIENTS = 50;
const TESTS = ["get", "set", "incr"] as const;
const PIPELINES = [1, 16];

const servers = await startPair();
const { redisPort, redbunPort } = servers;
const redis = { pid: servers.redisPid };
const redbun = { pid: servers.redbunPid };
const cleanup = () => servers.stop();

function benchOnce(port: number, test: string, pipeline: number): number {
  const args = ["-t", test, "-n", String(REQUESTS), "-c", String(CLIENTS), "-P", String(pipeline), "-r", "100000"];
  return redisBenchmark(port, args, test);
}

// Warm-up: let the JIT compile redbun's hot paths before anything is measured.
for (const test of TESTS) benchOnce(redbunPort, test, 16);

interface Row {
  name: string;
  redis: number;
  redbun: number;
}
const rows: Row[] = [];
for (const pipeline of PIPELINES) {
  for (const test of TESTS) {
    let best = { redis: 0, redbun: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which server goes first so warm-up effects don't favour one.
      if (round % 2 === 0) {
        best.redis = Math.max(best.redis, benchOnce(redisPort, test, pipeline));
        best.redbun = Math.max(best.redbun, benchOnce(redbunPort, test, pipeline));
      } else {
        best.redbun = Math.max(best.redbun, benchOnce(redbunPort, test, pipeline));
        best.redis = Math.max(best.redis, benchOnce(redisPort, test, pipeline));
      }
    }
    rows.push({ name: `${test.toUpperCase()} -P ${pipeline}`, ...best });
  }
}

// --- bytes per key ----------------------------------------------------------

function rssBytes(pid: number): number {
  const status = require("node:fs").readFileSync(`/proc/${pid}/status`, "utf8") as string;
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

function info(port: number, field: string): number {
  const r = spawnSync(["redis-cli", "-p", String(port), "INFO", "memory"]);
  const m = new RegExp(`^${field}:(\\d+)`, "m").exec(r.stdout.toString());
  return m ? Number(m[1]) : 0;
}

/** SET key:<i> value:<i> for i < n, as one redis-cli --pipe stream. */
function massInsert(port: number, n: number): void {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(resp("SET", `key:${i}`, `value:${i}`));
  pipe(port, parts.join(""));
}

/** used_memory after MEMORY PURGE (jemalloc purge in Redis, a full GC in redbun). */
function usedMemory(port: number): number {
  spawnSync(["redis-cli", "-p", String(port), "MEMORY", "PURGE"]);
  return info(port, "used_memory");
}

spawnSync(["redis-cli", "-p", String(redisPort), "FLUSHALL"]);
spawnSync(["redis-cli", "-p", String(redbunPort), "FLUSHALL"]);
await Bun.sleep(500);
const before = {
  redis: rssBytes(redis.pid),
  redbun: rssBytes(redbun.pid),
  redisUsed: usedMemory(redisPort),
  redbunUsed: usedMemory(redbunPort),
};
massInsert(redisPort, KEYS);
massInsert(redbunPort, KEYS);
await Bun.sleep(1000);
const after = {
  redisUsed: usedMemory(redisPort),
  redbunUsed: usedMemory(redbunPort),
  redis: rssBytes(redis.pid),
  redbun: rssBytes(redbun.pid),
};
const dbsize = (port: number) => Number(spawnSync(["redis-cli", "-p", String(port), "DBSIZE"]).stdout.toString().trim());

// --- report -------------------------------------------------------------------

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(`\nLoad bench: redis-benchmark, ${CLIENTS} clients, ${REQUESTS} requests per run, best of ${ROUNDS}`);
console.log(`machine: ${navigator.hardwareConcurrency} cores, bun ${Bun.version}, ${spawnSync(["redis-server", "--version"]).stdout.toString().trim().split(" ").slice(0, 3).join(" ")}`);
console.log("| test | redis-server ops/s | redbun ops/s | ratio |");
console.log("|---|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.name} | ${fmt(r.redis)} | ${fmt(r.redbun)} | ${(r.redbun / r.redis).toFixed(2)} |`);
const perKey = (a: number, b: number) => (a - b) / KEYS;
console.log(`\nMemory for ${fmt(KEYS)} keys (SET key:<i> value:<i>; dbsize redis=${dbsize(redisPort)} redbun=${dbsize(redbunPort)}):`);
console.log("| server | RSS growth, bytes/key | used_memory growth, bytes/key |");
console.log("|---|---:|---:|");
console.log(`| redis-server | ${perKey(after.redis, before.redis).toFixed(1)} | ${perKey(after.redisUsed, before.redisUsed).toFixed(1)} |`);
console.log(`| redbun | ${perKey(after.redbun, before.redbun).toFixed(1)} | ${perKey(after.redbunUsed, before.redbunUsed).toFixed(1)} (JS heap after a full GC) |`);
const worst = Math.min(...rows.map((r) => r.redbun / r.redis));
console.log(`\nlowest ratio: ${worst.toFixed(2)}`);
cleanup();
process.exit(0);
