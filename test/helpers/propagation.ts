// What replicas/the AOF receive, and the keyspace events, compared with Redis.
//
// Redis side: a replica of a reference redis-server runs MONITOR, which shows
// every command the master propagates (already rewritten: SET ... PXAT,
// PEXPIREAT, SET ... KEEPTTL, DEL...), and (with events) a PSUBSCRIBE
// __keyevent@0__:* client on the master sees the keyspace events
// (notify-keyspace-events "EA"). redbun side: the in-process server's
// Propagator listeners (onCommand / onNotify).
//
//   describe("hashes: propagation and keyspace events vs redis-server", () => {
//     const { propTest, capture } = usePropagationHarness({ events: true });
//     propTest("HSET", [["HSET", "h", "a", "1"], ...]);
//     testWithRedis("custom", async () => {
//       const r = await capture([...]);   // r.cmds / r.events / r.replies: [redis, redbun]
//     }, PROP_TEST_TIMEOUT);
//   });
//
// Each capture starts with FLUSHALL on both servers, then writes a sentinel
// key (SET __sync__N 1) and compares only what came between the previous
// sentinel and this one.

import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Socket } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { hasRedis, testWithRedis } from "./diff.ts";
import { encodeCommand, parseResp, type Resp, RespClient, startRedis } from "./resp-client.ts";

/** beforeAll budget: two redis-servers, a full sync and redbun, on a loaded 2-core machine. */
export const PROP_SETUP_TIMEOUT = 30_000;
/** Per-test budget for tests that capture (the sentinel may take a while to reach the replica). */
export const PROP_TEST_TIMEOUT = 30_000;

/** Redis's sdscatrepr, as MONITOR prints each argument. */
export function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 0x5c || ch === 0x22) out += "\\" + s[i];
    else if (ch === 10) out += "\\n";
    else if (ch === 13) out += "\\r";
    else if (ch === 9) out += "\\t";
    else if (ch === 7) out += "\\a";
    else if (ch === 8) out += "\\b";
    else if (ch >= 0x20 && ch <= 0x7e) out += s[i];
    else out += "\\x" + ch.toString(16).padStart(2, "0");
  }
  return out + '"';
}

/** A raw connection that accumulates everything the server pushes. */
class Listener {
  buf = Buffer.alloc(0);
  private constructor(private sock: Socket<undefined>) {}

  /** Connects, sends `argv`, and resolves once each command's first reply has arrived. */
  static async connect(port: number, argv: string[][]): Promise<Listener> {
    let l!: Listener;
    const sock = await Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        data(_s, d) {
          l.buf = Buffer.concat([l.buf, Buffer.from(d)]);
        },
      },
    });
    l = new Listener(sock);
    for (const a of argv) sock.write(encodeCommand(a));
    const deadline = Date.now() + 10_000;
    while (l.replies() < argv.length) {
      if (Date.now() > deadline) {
        l.close();
        throw new Error(`no reply to ${argv.map((a) => a[0]).join(", ")} within 10s`);
      }
      await Bun.sleep(5);
    }
    return l;
  }

  /** How many whole replies the buffer holds. */
  private replies(): number {
    let n = 0;
    let pos = 0;
    for (;;) {
      const r = parseResp(this.buf, pos);
      if (r === undefined) return n;
      n++;
      pos = r.end;
    }
  }

  close(): void {
    this.sock.end();
  }
}

/** MONITOR lines of the replica, as lists of repr'd arguments. */
function monitorCommands(l: Listener): string[][] {
  const out: string[][] = [];
  for (const line of l.buf.toString("latin1").split("\r\n")) {
    const at = line.indexOf("] ");
    if (!line.startsWith("+") || at < 0) continue;
    out.push(line.slice(at + 2).match(/"(?:[^"\\]|\\.)*"/g) ?? []);
  }
  return out;
}

/** [event, key] of each pmessage received by the subscriber. */
function keyEvents(l: Listener): string[][] {
  const out: string[][] = [];
  let pos = 0;
  for (;;) {
    const r = parseResp(l.buf, pos);
    if (r === undefined) break;
    pos = r.end;
    if ((r.t === "array" || r.t === "push") && r.v.length === 4 && r.v[0]!.t === "bulk" && r.v[0]!.v === "pmessage") {
      const ch = r.v[2]!.t === "bulk" ? r.v[2]!.v : "";
      const key = r.v[3]!.t === "bulk" ? r.v[3]!.v : "";
      out.push([ch.slice(ch.indexOf(":") + 1), key]);
    }
  }
  return out;
}

/** Not compared: connection/replication noise and FLUSHALL (sent by every capture). */
const IGNORED = new Set(["SELECT", "PING", "MULTI", "EXEC", "FLUSHALL", "REPLCONF"]);

/** The entries after the last-but-one sentinel and before the last one. */
function window<T>(all: T[][], isSentinel: (e: T[]) => boolean): T[][] {
  const marks: number[] = [];
  all.forEach((e, i) => isSentinel(e) && marks.push(i));
  const from = marks.length >= 2 ? marks[marks.length - 2]! + 1 : 0;
  return all.slice(from, marks[marks.length - 1]);
}

/** Propagated commands (repr'd arguments) and [event, key] pairs: index 0 is Redis, 1 is redbun. */
export interface Captured {
  cmds: [string[][], string[][]];
  events: [string[][], string[][]];
  /** With a command list: the reply to each command (cmds[i] → replies[side][i]); empty for a script. */
  replies: [Resp[], Resp[]];
}

/** Runs on one server at a time: its port and a connected client. */
export type Script = (port: number, c: RespClient) => Promise<void>;

export interface PropagationHarness {
  /**
   * FLUSHALL on both servers, then the commands (each sent to both at once)
   * or the script (on Redis, then on redbun); returns what each propagated
   * and notified since the previous capture.
   */
  capture(what: string[][] | Script): Promise<Captured>;
  /** A test that captures `what` and checks it with `compare` (default: sameAsRedis). */
  propTest(name: string, what: string[][] | Script, compare?: (r: Captured) => void): void;
  /** The default comparison: Redis propagated something, redbun the same commands (and events). */
  sameAsRedis(r: Captured): void;
}

/**
 * Starts, for the enclosing describe(), a reference redis-server master with a
 * replica running MONITOR, and an in-process redbun with Propagator listeners.
 * With `events`, keyspace events (notify-keyspace-events "EA") are collected
 * on both sides too. Everything started is stopped in afterAll, or at once if
 * setup fails.
 */
export function usePropagationHarness(opts: { events: boolean }): PropagationHarness {
  const { events } = opts;
  let masterPort = 0;
  let redbun: RunningServer | null = null;
  let mc: RespClient;
  let bc: RespClient;
  let monitor: Listener;
  let subscriber: Listener | null = null;
  const bunCommands: string[][] = [];
  const bunEvents: string[][] = [];
  let sync = 0;

  // Everything started, stopped in reverse order. Once torn down, anything a
  // still-running setup starts later is stopped as soon as it is registered.
  const cleanups: (() => unknown)[] = [];
  let tornDown = false;
  const started = (cleanup: () => unknown): void => {
    if (tornDown) void Promise.resolve().then(cleanup).catch(() => {});
    else cleanups.push(cleanup);
  };
  const teardown = async (): Promise<void> => {
    tornDown = true;
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch {
        // keep stopping the rest
      }
    }
  };

  beforeAll(async () => {
    if (!hasRedis) return;
    // Fail (and clean up) on our own before the hook's timeout does.
    const deadline = Date.now() + PROP_SETUP_TIMEOUT - 5_000;
    try {
      // A fresh directory: no stray dump.rdb is loaded, and the replica's
      // synced RDB is written there rather than into the cwd.
      const dir = mkdtempSync(join(tmpdir(), "redbun-prop-"));
      started(() => rmSync(dir, { recursive: true, force: true }));
      const redis = async (args: string[]) => {
        const r = await startRedis({ args: ["--dir", dir, ...args], cwd: dir, timeoutMs: Math.max(1, deadline - Date.now()) });
        started(r.stop);
        return r.port;
      };
      // Without a zero delay, a diskless full sync waits 5s for more replicas.
      masterPort = await redis(["--repl-diskless-sync-delay", "0"]);
      const rport = await redis(["--replicaof", "127.0.0.1", String(masterPort)]);
      // Synced when the replica's link is up and the master has put it online
      // (after a diskless sync, that waits for the replica's first ACK, ~1s).
      for (;;) {
        try {
          const r = await RespClient.connect(rport);
          const info = await r.send("INFO", "replication");
          r.close();
          const m = await RespClient.connect(masterPort);
          const minfo = await m.send("INFO", "replication");
          m.close();
          const up = info.resp.t === "bulk" && info.resp.v.includes("master_link_status:up");
          if (up && minfo.resp.t === "bulk" && minfo.resp.v.includes("state=online")) break;
        } catch {
          // not up yet
        }
        if (Date.now() > deadline) throw new Error("the replica did not sync in time");
        await Bun.sleep(50);
      }
      mc = await RespClient.connect(masterPort);
      started(() => mc.close());
      const m = await Listener.connect(rport, [["MONITOR"]]);
      started(() => m.close());
      monitor = m;
      if (events) {
        await mc.send("CONFIG", "SET", "notify-keyspace-events", "EA");
        const s = await Listener.connect(masterPort, [["PSUBSCRIBE", "__keyevent@0__:*"]]);
        started(() => s.close());
        subscriber = s;
      }

      const rb = await startServer({ port: 0 });
      started(() => rb.stop());
      redbun = rb;
      const prop = rb.server.prop;
      prop.onCommand.push((db, argv) => {
        if (db === 0) bunCommands.push(argv.map(repr));
      });
      if (events) {
        // notify-keyspace-events "EA": keyevent channel, classes g$lshzxet.
        prop.notifyMask = (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10);
        prop.onNotify.push((_cls, event, key, db) => {
          if (db === 0) bunEvents.push([event, key]);
        });
      }
      bc = await RespClient.connect(rb.port);
      started(() => bc.close());
    } catch (e) {
      await teardown();
      throw e;
    }
  }, PROP_SETUP_TIMEOUT);

  afterAll(teardown, PROP_SETUP_TIMEOUT);

  async function capture(what: string[][] | Script): Promise<Captured> {
    const replies: [Resp[], Resp[]] = [[], []];
    await Promise.all([mc.send("FLUSHALL"), bc.send("FLUSHALL")]);
    if (typeof what === "function") {
      await what(masterPort, mc);
      await what(redbun!.port, bc);
    } else {
      for (const c of what) {
        const [a, b] = await Promise.all([mc.send(...c), bc.send(...c)]);
        replies[0].push(a.resp);
        replies[1].push(b.resp);
      }
    }
    const mark = `__sync__${++sync}`;
    await Promise.all([mc.send("SET", mark, "1"), bc.send("SET", mark, "1")]);
    const deadline = Date.now() + 10_000;
    const isMark = (e: string[]) => e[1] === repr(mark) || e[1] === mark;
    const arrived = () => monitorCommands(monitor).some(isMark) && (subscriber === null || keyEvents(subscriber).some(isMark));
    while (!arrived() && Date.now() < deadline) await Bun.sleep(20);
    expect(arrived()).toBe(true);
    const isSync = (e: string[]) => e.length > 1 && (e[1]!.startsWith('"__sync__') || e[1]!.startsWith("__sync__"));
    const keep = (e: string[]) => !IGNORED.has(e[0]!.slice(1, -1).toUpperCase());
    return {
      cmds: [window(monitorCommands(monitor), isSync).filter(keep), window(bunCommands, isSync).filter(keep)],
      events: subscriber === null ? [[], []] : [window(keyEvents(subscriber), isSync), window(bunEvents, isSync)],
      replies,
    };
  }

  function sameAsRedis(r: Captured): void {
    expect(r.cmds[0].length).toBeGreaterThan(0);
    expect(r.cmds[1]).toEqual(r.cmds[0]);
    if (events) expect(r.events[1]).toEqual(r.events[0]);
  }

  function propTest(name: string, what: string[][] | Script, compare: (r: Captured) => void = sameAsRedis): void {
    testWithRedis(name, async () => compare(await capture(what)), PROP_TEST_TIMEOUT);
  }

  return { capture, propTest, sameAsRedis };
}
