// Memory of MANY SMALL hashes and sets (the typical Redis workload: user
// sessions / objects of a few fields), redbun next to redis-server.
//
//   bun bench/small-aggregates-memory.ts            # 1M keys per workload
//   bun bench/small-aggregates-memory.ts --short    # 100k keys
//   bun bench/small-aggregates-memory.ts --keys 250000
//
// For each workload a fresh pair of servers is started on free ports (so RSS
// growth is not hidden by memory a previous workload freed), both are filled
// with the same commands by `redis-cli --pipe`, and their growth is compared
// as bytes per key: used_memory (after MEMORY PURGE: a jemalloc purge in
// Redis, a full GC in redbun) and RSS. redbun's used_memory is the JS heap
// (heapUsed + external), exact and repeatable, but blind to the bodies of
// strings (key names here), which JSC allocates outside the GC heap. RSS sees
// those, and also whatever the fill's garbage left the allocators holding:
// for redbun it varies by ±50 bytes/key from run to run.

import { spawn, spawnSync } from "bun";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const argKeys = process.argv.indexOf("--keys");
const KEYS = argKeys > 0 ? Number(process.argv[argKeys + 1]) : process.argv.includes("--short") ? 100_000 : 1_000_000;

/** Pause after the fill before reading memory. */
const SETTLE_MS = 3000;

for (const bin of ["redis-server", "redis-cli"]) {
  if (!Bun.which(bin)) {
    console.error(`${bin} not found: install Debian's redis-server and redis-tools to run this bench`);
    process.exit(2);
  }
}

interface Workload {
  name: string;
  /** The command filling key i. */
  command: (i: number) => string[];
  /** A key whose OBJECT ENCODING is shown (both servers must agree). */
  sample: string;
}

const WORKLOADS: Workload[] = [
  {
    // The floor: what any key costs (its name, the keyspace entry) plus a small string value.
    name: "baseline: string value (SET str:<i> alice)",
    command: (i) => ["SET", `str:${i}`, "alice"],
    sample: "str:0",
  },
  {
    name: "hash, 5 fields (HSET user:<i> name alice age 42 city paris email a@b.c score 7)",
    command: (i) => ["HSET", `user:${i}`, "name", "alice", "age", "42", "city", "paris", "email", "a@b.c", "score", "7"],
    sample: "user:0",
  },
  {
    name: "set, 5 small strings (SADD tags:<i> red green blue cyan black)",
    command: (i) => ["SADD", `tags:${i}`, "red", "green", "blue", "cyan", "black"],
    sample: "tags:0",
  },
  {
    name: "set, 5 small integers (SADD ids:<i> 10 20 30 40 50)",
    command: (i) => ["SADD", `ids:${i}`, "10", "20", "30", "40", "50"],
    sample: "ids:0",
  },
];

async function freePort(): Promise<number> {
  const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const p = s.port;
  s.stop(true);
  return p;
}

function cli(port: number, ...args: string[]): string {
  return spawnSync(["redis-cli", "-p", String(port), ...args]).stdout.toString().trim();
}

async function waitReady(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (cli(port, "PING") === "PONG") return;
    await Bun.sleep(50);
  }
  throw new Error(`server on ${port} did not come up`);
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

/** used_memory after MEMORY PURGE. */
function usedMemory(port: number): number {
  cli(port, "MEMORY", "PURGE");
  const m = /^used_memory:(\d+)/m.exec(cli(port, "INFO", "memory"));
  return m ? Number(m[1]) : 0;
}

function resp(args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** The whole fill as one RESP stream, built once per workload and fed to both servers. */
function stream(w: Workload): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < KEYS; i++) parts.push(resp(w.command(i)));
  return Buffer.from(parts.join(""), "latin1");
}

function massInsert(port: number, data: Buffer): void {
  const r = spawnSync(["redis-cli", "-p", String(port), "--pipe"], { stdin: data });
  if (r.exitCode !== 0) throw new Error(`mass insert failed: ${r.stderr}`);
}

interface Result {
  used: number;
  rss: number;
  dbsize: number;
  encoding: string;
  seconds: number;
}

const root = join(import.meta.dir, "..");

async function measure(server: "redis" | "redbun", w: Workload, data: Buffer): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), "redbun-bench-"));
  const port = await freePort();
  const argv =
    server === "redis"
      ? ["redis-server", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir]
      : ["bun", "run", join(root, "src/index.ts"), "--port", String(port), "--save", "", "--dir", dir];
  const proc = spawn(argv, { stdout: "ignore", stderr: "inherit" });
  try {
    await waitReady(port);
    await Bun.sleep(300);
    const used0 = usedMemory(port);
    const rss0 = rssBytes(proc.pid);
    const t0 = performance.now();
    massInsert(port, data);
    const seconds = (performance.now() - t0) / 1000;
    // Let the allocators give back what the fill's garbage took (JSC's
    // scavenger returns free pages to the OS a while after a collection).
    usedMemory(port);
    await Bun.sleep(SETTLE_MS);
    const used1 = usedMemory(port);
    await Bun.sleep(SETTLE_MS);
    const rss1 = rssBytes(proc.pid);
    return {
      used: (used1 - used0) / KEYS,
      rss: (rss1 - rss0) / KEYS,
      dbsize: Number(cli(port, "DBSIZE")),
      encoding: cli(port, "OBJECT", "ENCODING", w.sample),
      seconds,
    };
  } finally {
    cli(port, "SHUTDOWN", "NOSAVE");
    proc.kill();
    await proc.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => n.toFixed(1);
const version = spawnSync(["redis-server", "--version"]).stdout.toString().trim().split(" ").slice(0, 3).join(" ");
console.log(`Small aggregates: ${KEYS.toLocaleString("en-US")} keys per workload; bun ${Bun.version}, ${version}`);
console.log("| workload | server | encoding | used_memory B/key | RSS B/key | fill s |");
console.log("|---|---|---|---:|---:|---:|");
for (const w of WORKLOADS) {
  const data = stream(w);
  for (const server of ["redis", "redbun"] as const) {
    const r = await measure(server, w, data);
    if (r.dbsize !== KEYS) throw new Error(`${server}: dbsize ${r.dbsize}, expected ${KEYS}`);
    console.log(`| ${w.name} | ${server} | ${r.encoding} | ${fmt(r.used)} | ${fmt(r.rss)} | ${r.seconds.toFixed(1)} |`);
  }
}
process.exit(0);
