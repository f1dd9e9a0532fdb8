// Crash tests: the redbun CLI with the AOF on is killed with SIGKILL at random
// moments while clients write, then restarted on the same directory.
//   - appendfsync always: every write that was acknowledged is there, every
//     cycle (an INCR counter never goes below the acknowledged count, and at
//     most the in-flight writes beyond it);
//   - appendfsync everysec: what is lost (if anything) was acknowledged less
//     than ~2 s before the kill.
// A SIGKILL'd process loses nothing the kernel already has, so these check
// that a reply never leaves before its write() to the AOF; fsync itself only
// matters for an OS crash, which a test cannot stage.

import { expect, test } from "bun:test";
import { spawnRedbun } from "../helpers/persist.ts";
import { useTempDirs } from "../helpers/process.ts";
import { RespClient } from "../helpers/resp-client.ts";

const dir = useTempDirs("redbun-persist-");

let seed = Number(process.env.CRASH_SEED ?? Date.now() % 100000);
const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;

const CYCLES = Number(process.env.CRASH_CYCLES ?? 10);
const WRITERS = 4;

interface Writer {
  done: Promise<void>;
}

/** A client writing until its connection dies; records what was acknowledged. */
function writer(port: number, id: number, cycle: number, onAck: (key: string, value: string, incr: number | null) => void): Writer {
  const done = (async () => {
    let c: RespClient;
    try {
      c = await RespClient.connect(port);
    } catch {
      return;
    }
    try {
      for (let i = 0; ; i++) {
        const key = `k:${cycle}:${id}:${i}`;
        const value = `${Date.now()}`;
        const r = await c.send("SET", key, value);
        if (r.resp.t !== "simple") throw new Error(`unexpected reply ${JSON.stringify(r.resp)}`);
        onAck(key, value, null);
        const n = await c.send("INCR", "counter");
        if (n.resp.t !== "int") throw new Error(`unexpected reply ${JSON.stringify(n.resp)}`);
        onAck("", "", n.resp.v);
      }
    } catch (e) {
      if (!/closed|ECONNRESET|EPIPE|Socket/i.test(String(e))) throw e;
    } finally {
      c.close();
    }
  })();
  return { done };
}

async function fetchAll(port: number, keys: string[]): Promise<Map<string, string | null>> {
  const c = await RespClient.connect(port);
  const out = new Map<string, string | null>();
  try {
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const r = await c.send("MGET", ...chunk);
      if (r.resp.t !== "array") throw new Error("MGET failed");
      r.resp.v.forEach((v, j) => out.set(chunk[j]!, v.t === "bulk" ? v.v : null));
    }
  } finally {
    c.close();
  }
  return out;
}

async function counter(port: number): Promise<number> {
  const c = await RespClient.connect(port);
  try {
    const r = await c.send("GET", "counter");
    return r.resp.t === "bulk" ? Number(r.resp.v) : 0;
  } finally {
    c.close();
  }
}

test(`appendfsync always: every acknowledged write survives SIGKILL (${CYCLES} cycles)`, async () => {
  const d = dir();
  const acked = new Map<string, string>();
  let ackedIncrs = 0;
  let maxCounter = 0;
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const p = await spawnRedbun(["--dir", d, "--appendonly", "yes", "--appendfsync", "always"]);
    // Everything acknowledged in earlier cycles is there.
    const got = await fetchAll(p.port, [...acked.keys()]);
    const missing = [...acked].filter(([k, v]) => got.get(k) !== v).map(([k]) => k);
    expect([cycle, missing.slice(0, 5), missing.length]).toEqual([cycle, [], 0]);
    const n = await counter(p.port);
    expect(n).toBeGreaterThanOrEqual(ackedIncrs);
    expect(n).toBeGreaterThanOrEqual(maxCounter);
    // At most one unacknowledged INCR per writer per crash may have been applied.
    expect(n).toBeLessThanOrEqual(ackedIncrs + cycle * WRITERS);
    const ws = Array.from({ length: WRITERS }, (_, id) =>
      writer(p.port, id, cycle, (key, value, incr) => {
        if (incr === null) acked.set(key, value);
        else {
          ackedIncrs++;
          maxCounter = Math.max(maxCounter, incr);
        }
      }),
    );
    await Bun.sleep(100 + rnd(400));
    await p.kill();
    await Promise.all(ws.map((w) => w.done));
  }
  expect(acked.size).toBeGreaterThan(CYCLES * 10);
  const last = await spawnRedbun(["--dir", d, "--appendonly", "yes"]);
  try {
    const got = await fetchAll(last.port, [...acked.keys()]);
    expect([...acked].filter(([k, v]) => got.get(k) !== v).length).toBe(0);
    expect(await counter(last.port)).toBeGreaterThanOrEqual(ackedIncrs);
  } finally {
    await last.stop();
  }
}, 300_000);

test("appendfsync everysec: a SIGKILL loses at most the last ~2 seconds of acknowledged writes", async () => {
  const d = dir();
  for (let cycle = 0; cycle < 3; cycle++) {
    const p = await spawnRedbun(["--dir", d, "--appendonly", "yes", "--appendfsync", "everysec"]);
    const ackAt = new Map<string, number>();
    const ws = Array.from({ length: WRITERS }, (_, id) =>
      writer(p.port, id, cycle, (key) => {
        if (key) ackAt.set(key, Date.now());
      }),
    );
    await Bun.sleep(2500 + rnd(500));
    const killedAt = Date.now();
    await p.kill();
    await Promise.all(ws.map((w) => w.done));
    const q = await spawnRedbun(["--dir", d, "--appendonly", "yes"]);
    try {
      const got = await fetchAll(q.port, [...ackAt.keys()]);
      const lostTooOld = [...ackAt].filter(([k, t]) => got.get(k) === null && t < killedAt - 2000);
      expect(lostTooOld).toEqual([]);
      expect(ackAt.size).toBeGreaterThan(50);
    } finally {
      await q.stop();
    }
  }
}, 120_000);
