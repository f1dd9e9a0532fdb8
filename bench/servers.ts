// What the load benches share: a free port, redis-server and redbun started
// side by side in a private directory, redis-benchmark runs parsed from CSV.

import { spawn, spawnSync } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Exits with a clear message when a Redis tool the bench compares against is missing. */
export function need(bin: string): string {
  const p = Bun.which(bin);
  if (!p) {
    console.error(`${bin} not found: install Debian's redis-server and redis-tools to run this bench`);
    process.exit(2);
  }
  return p;
}

/** A port the OS just handed out (127.0.0.1). */
export function freePort(): number {
  const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const p = s.port;
  s.stop(true);
  return p;
}

export async function waitReady(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = spawnSync(["redis-cli", "-p", String(port), "PING"]);
    if (r.stdout.toString().trim() === "PONG") return;
    await Bun.sleep(50);
  }
  throw new Error(`server on ${port} did not come up`);
}

export interface Pair {
  redisPort: number;
  redbunPort: number;
  redisPid: number;
  redbunPid: number;
  stop(): void;
}

/** redis-server and redbun, persistence off, in one temporary directory. */
export async function startPair(): Promise<Pair> {
  for (const bin of ["redis-server", "redis-benchmark", "redis-cli"]) need(bin);
  const dir = mkdtempSync(join(tmpdir(), "redbun-bench-"));
  const root = join(import.meta.dir, "..");
  const redisPort = freePort();
  const redis = spawn(["redis-server", "--port", String(redisPort), "--save", "", "--appendonly", "no", "--dir", dir], {
    stdout: "ignore",
    stderr: "inherit",
  });
  const redbunPort = freePort();
  const redbun = spawn(["bun", "run", join(root, "src/index.ts"), "--port", String(redbunPort), "--save", "", "--dir", dir], {
    stdout: "ignore",
    stderr: "inherit",
  });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    redis.kill();
    redbun.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  await waitReady(redisPort);
  await waitReady(redbunPort);
  return { redisPort, redbunPort, redisPid: redis.pid, redbunPid: redbun.pid, stop };
}

/**
 * One redis-benchmark run; returns requests per second. `args` are the
 * benchmark's options after the port (-t test or a literal command last);
 * `row` is how the CSV names the result row (the test name, or the command).
 */
export function redisBenchmark(port: number, args: string[], row: string): number {
  const r = spawnSync(["redis-benchmark", "-p", String(port), "--csv", ...args]);
  // CSV: "test","rps","avg_latency_ms",...
  const lines = r.stdout.toString().trim().split("\n");
  const line = lines.find((l) => l.toUpperCase().startsWith(`"${row.toUpperCase()}`));
  if (!line) throw new Error(`redis-benchmark gave no result for ${row}: ${r.stdout} ${r.stderr}`);
  return Number(JSON.parse(`[${line}]`)[1]);
}

/** Sends a stream of RESP commands with redis-cli --pipe. */
export function pipe(port: number, resp: string): void {
  const r = spawnSync(["redis-cli", "-p", String(port), "--pipe"], { stdin: Buffer.from(resp, "latin1") });
  if (r.exitCode !== 0) throw new Error(`redis-cli --pipe failed: ${r.stderr}`);
}

/** One command as RESP. */
export function resp(...args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${Buffer.byteLength(a, "latin1")}\r\n${a}\r\n`;
  return s;
}
