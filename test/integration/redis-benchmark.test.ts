// redis-benchmark, unchanged, with ALL its default tests (no -t) against
// redbun: it must complete with no error and print one result line per
// test — the same tests it runs against redis-server. redis-benchmark 7
// stops at the first error reply ("Error from server: ..."), so a command
// redbun lacks or answers wrongly fails this test.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { hasRedis, describeWithBench, hasBench } from "../helpers/diff.ts";
import { run } from "../helpers/process.ts";
import { RespClient, startRedis, type TempRedis } from "../helpers/resp-client.ts";

if (!hasBench) console.warn("\n*** redis-benchmark is not installed: redis-benchmark tests are SKIPPED ***\n");

let srv: RunningServer;
let redis: TempRedis | null = null;
beforeAll(async () => {
  srv = await startServer({ port: 0 });
  if (hasRedis && hasBench) redis = await startRedis();
});
afterAll(async () => {
  await srv?.stop();
  await redis?.stop();
});

async function send(port: number, ...cmd: string[]): Promise<string> {
  const c = await RespClient.connect(port);
  try {
    const { resp } = await c.send(...cmd);
    return resp.t === "null" ? "(nil)" : String(resp.v);
  } finally {
    c.close();
  }
}

/** The test names of a -q run, in order ("SET", "LRANGE_100 (first 100 elements)", ...). */
function testNames(out: string): string[] {
  // -q rewrites a progress line with \r; the final line of each test ends with \n.
  const lines = out.replace(/\r/g, "\n").split("\n");
  const names: string[] = [];
  for (const l of lines) {
    const m = /^(.+?): [0-9.]+ requests per second/.exec(l.trim());
    if (m) names.push(m[1]!);
  }
  return names;
}

/** redis-benchmark 7.0's default test list (redis-benchmark.c), in the order it runs them. */
const DEFAULT_TESTS = [
  "PING_INLINE",
  "PING_MBULK",
  "SET",
  "GET",
  "INCR",
  "LPUSH",
  "RPUSH",
  "LPOP",
  "RPOP",
  "SADD",
  "HSET",
  "SPOP",
  "ZADD",
  "ZPOPMIN",
  "LPUSH (needed to benchmark LRANGE)",
  "LRANGE_100 (first 100 elements)",
  "LRANGE_300 (first 300 elements)",
  "LRANGE_500 (first 500 elements)",
  "LRANGE_600 (first 600 elements)",
  "MSET (10 keys)",
];

describeWithBench("redis-benchmark", () => {
  test("all default tests (-n 1000 -q) complete with no error, one result line each, as against redis-server", async () => {
    const runs: Record<string, string[]> = {};
    const targets = [{ name: "redbun", port: srv.port }, ...(redis ? [{ name: "redis-server", port: redis.port }] : [])];
    for (const t of targets) {
      expect(await send(t.port, "FLUSHALL")).toBe("OK");
      const r = await run(["redis-benchmark", "-h", "127.0.0.1", "-p", String(t.port), "-n", "1000", "-q"]);
      const all = r.out + r.err;
      // Errors stop redis-benchmark ("Error from server: ..."); a failing CONFIG GET makes it warn.
      expect({ server: t.name, code: r.code, errors: all.split(/[\r\n]/).filter((l) => /error|ERR|WARN/i.test(l)) }).toEqual({
        server: t.name,
        code: 0,
        errors: [],
      });
      runs[t.name] = testNames(r.out);
      // The benchmark really ran its commands: 1000 INCRs on one counter, lists filled for LRANGE.
      expect(await send(t.port, "GET", "counter:__rand_int__")).toBe("1000");
      expect(Number(await send(t.port, "LLEN", "mylist"))).toBeGreaterThanOrEqual(600);
      expect((await send(t.port, "GET", "key:__rand_int__")).length).toBe(3); // -d 3: a 3-byte payload
    }
    expect(runs.redbun).toEqual(DEFAULT_TESTS);
    if (runs["redis-server"]) expect(runs.redbun).toEqual(runs["redis-server"]!);
  }, 120_000);

  test("pipelined (-P 16) default tests with 10 clients complete with no error", async () => {
    const r = await run(["redis-benchmark", "-h", "127.0.0.1", "-p", String(srv.port), "-n", "2000", "-c", "10", "-P", "16", "-q"]);
    expect(r.code).toBe(0);
    expect((r.out + r.err).split(/[\r\n]/).filter((l) => /error|ERR|WARN/i.test(l))).toEqual([]);
    expect(testNames(r.out)).toEqual(DEFAULT_TESTS);
  }, 120_000);
});
