// Differential testing: the same commands go to a real redis-server 7 and to
// redbun, and the raw reply bytes are compared.
//
//   const pair = useDiffPair();            // in a describe(): starts both servers
//   diffTest("SET options", [["SET", "k", "v", "NX"], ["GET", "k"], ...]);
//
// Where Redis's order is unspecified (SMEMBERS, KEYS, HGETALL...), a step can
// ask for the reply's elements to be compared as a multiset.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type RawReply, type Resp, RespClient, startRedis, type TempRedis } from "./resp-client.ts";
import { ALL_COMMANDS } from "../../src/commands/index.ts";
import { startServer, type RunningServer } from "../../src/lib.ts";

export const hasRedis = Bun.which("redis-server") !== null;
const inCI = process.env.CI === "true" || process.env.CI === "1";

if (!hasRedis) {
  console.warn(
    "\n*** redis-server is not installed: differential tests against Redis are SKIPPED " +
      "(install Debian's redis-server to run them; CI installs it) ***\n",
  );
}

export interface Step {
  cmd: string[];
  /** Compare an array reply as a multiset (and pairs as a multiset of pairs with pairs=true). */
  unordered?: boolean;
  /** With unordered: elements come in key/value pairs (HGETALL, CONFIG GET). */
  pairs?: boolean;
  /** Integer replies may differ by up to this much (PTTL...). */
  tolerance?: number;
  /** Only compare the reply's type (e.g. RANDOMKEY, TIME). */
  typeOnly?: boolean;
}

export type StepLike = string[] | Step;

export interface DiffPair {
  redis: RespClient;
  redbun: RespClient;
  redisPort: number;
  redbunPort: number;
}

/**
 * Starts redis-server and an in-process redbun for the enclosing describe();
 * the returned object is filled in beforeAll.
 */
export function useDiffPair(config: Record<string, string> = {}): DiffPair {
  const pair = {} as DiffPair;
  let redis: TempRedis | null = null;
  let redbun: RunningServer | null = null;
  beforeAll(async () => {
    if (!hasRedis) return;
    redis = await startRedis();
    redbun = await startServer({ port: 0, config });
    pair.redis = await RespClient.connect(redis.port);
    pair.redbun = await RespClient.connect(redbun.port);
    pair.redisPort = redis.port;
    pair.redbunPort = redbun.port;
    for (const [k, v] of Object.entries(config)) await pair.redis.send("CONFIG", "SET", k, v);
  });
  afterAll(async () => {
    pair.redis?.close();
    pair.redbun?.close();
    await redis?.stop();
    await redbun?.stop();
  });
  return pair;
}

function toStep(s: StepLike): Step {
  return Array.isArray(s) ? { cmd: s } : s;
}

function printable(b: Uint8Array): string {
  return JSON.stringify(Buffer.from(b).toString("latin1"));
}

function sortedElements(src: Buffer, r: Resp, pairs: boolean): string[] {
  if (r.t !== "array" && r.t !== "set" && r.t !== "map") return [src.subarray(r.start, r.end).toString("latin1")];
  const items: string[] = [];
  if (r.t === "map") {
    for (const [k, v] of r.v) items.push(src.subarray(k.start, v.end).toString("latin1"));
  } else if (pairs) {
    for (let i = 0; i + 1 < r.v.length; i += 2) items.push(src.subarray(r.v[i]!.start, r.v[i + 1]!.end).toString("latin1"));
  } else {
    for (const e of r.v) items.push(src.subarray(e.start, e.end).toString("latin1"));
  }
  const header = r.t === "map" ? "%" : r.t === "set" ? "~" : "*";
  return [header + r.v.length, ...items.sort()];
}

/** Compares one reply pair according to the step's rules; returns a message on mismatch. */
export function compareReplies(step: Step, a: RawReply, b: RawReply): string | null {
  const cmd = step.cmd.map((x) => (x.length > 40 ? x.slice(0, 40) + "…" : x)).join(" ");
  if (step.typeOnly) {
    if (a.resp.t === b.resp.t) return null;
  } else if (step.tolerance !== undefined && a.resp.t === "int" && b.resp.t === "int") {
    if (Math.abs(a.resp.v - b.resp.v) <= step.tolerance) return null;
  } else if (step.unordered) {
    const x = sortedElements(a.bytes, a.resp, step.pairs ?? false);
    const y = sortedElements(b.bytes, b.resp, step.pairs ?? false);
    if (JSON.stringify(x) === JSON.stringify(y)) return null;
  } else if (a.bytes.equals(b.bytes)) {
    return null;
  }
  return `${cmd}\n   redis:  ${printable(a.bytes)}\n   redbun: ${printable(b.bytes)}`;
}

/** Runs steps against both servers, in order; returns the mismatches. */
export async function runSteps(pair: DiffPair, steps: readonly StepLike[]): Promise<string[]> {
  const out: string[] = [];
  for (const s of steps) {
    const step = toStep(s);
    const [a, b] = await Promise.all([pair.redis.send(...step.cmd), pair.redbun.send(...step.cmd)]);
    const m = compareReplies(step, a, b);
    if (m) out.push(m);
  }
  return out;
}

/**
 * A test that flushes both servers, runs the steps on each, and expects
 * identical replies. Skipped (with the warning above) without redis-server.
 */
export function diffTest(pair: DiffPair, name: string, steps: readonly StepLike[]): void {
  testWithRedis(name, async () => {
    await runSteps(pair, [["FLUSHALL"], ["SELECT", "0"]]);
    const mismatches = await runSteps(pair, steps);
    expect(mismatches).toEqual([]);
  });
}

/** True when redbun implements every named command (lowercase; other groups land separately). */
export const has = (...names: string[]): boolean => names.every((n) => ALL_COMMANDS.some((d) => d.name === n));

/** A diff test over commands redbun must have: a missing one fails the test (no silent skip). */
export function diffTestIf(ok: boolean, pair: DiffPair, name: string, steps: readonly StepLike[]): void {
  if (ok) diffTest(pair, name, steps);
  else
    test(name, () => {
      throw new Error(`${name}: redbun lacks a command this test needs`);
    });
}

/**
 * The keyspace-event messages (raw bytes, in order) that a PSUBSCRIBE
 * __keyevent@*__:* client on `port` receives while `script` (commands sent
 * in order, or a function given the connection) runs on a second
 * connection, after FLUSHALL. The server must have notify-keyspace-events
 * set; a PUBLISH on a "sentinel" channel marks the end.
 */
export async function keyeventMessages(port: number, script: string[][] | ((c: RespClient) => Promise<void>)): Promise<string[]> {
  const sub = await RespClient.connect(port);
  const cmd = await RespClient.connect(port);
  try {
    await cmd.send("FLUSHALL");
    await sub.send("PSUBSCRIBE", "__keyevent@*__:*");
    await sub.send("SUBSCRIBE", "sentinel");
    if (typeof script === "function") await script(cmd);
    else for (const s of script) await cmd.send(...s);
    await cmd.send("PUBLISH", "sentinel", "end");
    const got: string[] = [];
    for (;;) {
      const m = await sub.next();
      const text = m.bytes.toString("latin1");
      if (text.includes("sentinel")) break;
      got.push(text);
    }
    return got;
  } finally {
    sub.close();
    cmd.close();
  }
}

/**
 * The one reason a test here is skipped: it compares against a real
 * redis-server (or drives redis-cli / redis-benchmark / tmux) and that tool
 * is not installed. The warning above says so at run time, and in CI
 * (CI=true) a missing tool is a failure instead (requireRedisInCI).
 */
export const testWithRedis = test.skipIf(!hasRedis);
export const describeWithRedis = describe.skipIf(!hasRedis);

export const hasCli = Bun.which("redis-cli") !== null;
export const hasBench = Bun.which("redis-benchmark") !== null;
export const hasTmux = Bun.which("tmux") !== null;
/** Tests that drive redis-cli (and tmux) or redis-benchmark; same rule as testWithRedis. */
export const testWithCli = test.skipIf(!hasCli);
export const describeWithCli = describe.skipIf(!hasCli);
export const describeWithCliAndTmux = describe.skipIf(!hasCli || !hasTmux);
export const describeWithBench = describe.skipIf(!hasBench);

/** In CI a missing redis-server (or redis-cli, redis-benchmark, tmux) is a failure, not a skip. */
export function requireRedisInCI(): void {
  test("redis-server, redis-cli, redis-benchmark and tmux are available where CI requires them", () => {
    if (inCI) expect({ hasRedis, hasCli, hasBench, hasTmux }).toEqual({ hasRedis: true, hasCli: true, hasBench: true, hasTmux: true });
  });
}
