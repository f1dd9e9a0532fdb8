// Sorted sets under load: ZADD, ZRANK and ZRANGE BYSCORE with a small LIMIT
// on a 1,000-member and a 1,000,000-member set, through redis-benchmark
// (50 clients, pipelined 16 deep), redbun next to redis-server in the same
// run. Prints each server's ops/s and its 1K / 1M slowdown.
// (bench/zsets.bench.ts measures the same in-process, without sockets.)
//
//   bun run bench/zsets-load.ts            # 200k requests per run, best of 3
//   bun run bench/zsets-load.ts --short    # CI: 50k requests, one run

import { spawnSync } from "bun";
import { pipe, redisBenchmark, resp, startPair } from "./servers.ts";

const short = process.argv.includes("--short");
const REQUESTS = short ? 50_000 : 200_000;
const ROUNDS = short ? 1 : 3;
const SIZES = [1_000, 1_000_000];
const CLIENTS = 50;
const PIPELINE = 16;

/** redis-benchmark's __rand_int__ expands to 12 digits. */
const member = (i: number) => `member:${String(i).padStart(12, "0")}`;

/** The set of n members member:<i> with score i, in ZADDs of 1000 members. */
function fill(port: number, key: string, n: number): void {
  const parts: string[] = [resp("DEL", key)];
  for (let i = 0; i < n; i += 1000) {
    const args = ["ZADD", key];
    for (let j = i; j < Math.min(n, i + 1000); j++) args.push(String(j), member(j));
    parts.push(resp(...args));
  }
  pipe(port, parts.join(""));
}

const COMMANDS: [name: string, make: (key: string) => string[]][] = [
  ["ZADD (score update)", (k) => ["ZADD", k, "__rand_int__", "member:__rand_int__"]],
  ["ZRANK", (k) => ["ZRANK", k, "member:__rand_int__"]],
  ["ZRANGE BYSCORE LIMIT 0 10", (k) => ["ZRANGE", k, "__rand_int__", "+inf", "BYSCORE", "LIMIT", "0", "10"]],
];

/** used_memory after MEMORY PURGE (jemalloc purge in Redis, a full GC in redbun). */
function usedMemory(port: number): number {
  spawnSync(["redis-cli", "-p", String(port), "MEMORY", "PURGE"]);
  const out = spawnSync(["redis-cli", "-p", String(port), "INFO", "memory"]).stdout.toString();
  return Number(/^used_memory:(\d+)/m.exec(out)?.[1] ?? 0);
}

const servers = await startPair();
const ports = { redis: servers.redisPort, redbun: servers.redbunPort };
const perMember: Record<string, number> = {};
for (const [server, port] of Object.entries(ports)) {
  const before = usedMemory(port);
  for (const n of SIZES) fill(port, `z${n}`, n);
  perMember[server] = (usedMemory(port) - before) / SIZES.reduce((a, b) => a + b, 0);
}

function run(port: number, n: number, cmd: string[]): number {
  const args = ["-n", String(REQUESTS), "-c", String(CLIENTS), "-P", String(PIPELINE), "-r", String(n), ...cmd];
  return redisBenchmark(port, args, cmd[0]!);
}

// Warm-up: let the JIT compile redbun's paths before anything is measured.
for (const [, make] of COMMANDS) for (const n of SIZES) run(ports.redbun, n, make(`z${n}`));

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
console.log(`\nSorted sets: redis-benchmark, ${CLIENTS} clients, -P ${PIPELINE}, ${REQUESTS} requests per run, best of ${ROUNDS}`);
console.log("| command | redis 1K | redis 1M | redis 1K/1M | redbun 1K | redbun 1M | redbun 1K/1M |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
let worst = 0;
for (const [name, make] of COMMANDS) {
  const best: Record<string, number> = {};
  for (const server of ["redis", "redbun"] as const) {
    for (const n of SIZES) {
      let b = 0;
      for (let r = 0; r < ROUNDS; r++) b = Math.max(b, run(ports[server], n, make(`z${n}`)));
      best[`${server}${n}`] = b;
    }
  }
  const rr = best.redis1000! / best.redis1000000!;
  const br = best.redbun1000! / best.redbun1000000!;
  worst = Math.max(worst, br);
  console.log(
    `| ${name} | ${fmt(best.redis1000!)} | ${fmt(best.redis1000000!)} | ${rr.toFixed(2)}x | ${fmt(best.redbun1000!)} | ${fmt(best.redbun1000000!)} | ${br.toFixed(2)}x |`,
  );
}
console.log(`\nredbun's largest 1K/1M slowdown: ${worst.toFixed(2)}x`);
console.log(
  `memory (used_memory growth after MEMORY PURGE, per member): redis-server ${perMember.redis!.toFixed(1)} B, redbun ${perMember.redbun!.toFixed(1)} B`,
);
servers.stop();
process.exit(0);
