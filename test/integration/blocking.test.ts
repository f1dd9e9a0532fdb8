// Blocking list commands between several raw clients: who is served, in what
// order, when, and what happens on timeouts, disconnects, CLIENT UNBLOCK,
// MULTI/EXEC and pipelining. Every scenario runs against redbun and, when it
// is installed, against redis-server too, with the same expectations, so the
// expectations themselves are checked against the reference.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { blockedClients, waitBlocked } from "../helpers/replies.ts";
import { encodeCommand, RespClient, startRedis, type TempRedis } from "../helpers/resp-client.ts";

const hasRedis = Bun.which("redis-server") !== null;

interface Target {
  port: number;
  /** The in-process server (redbun only). */
  running: RunningServer | null;
}

const text = (r: { bytes: Buffer }) => r.bytes.toString("latin1");
const bulkArray = (...items: string[]) => `*${items.length}\r\n` + items.map((s) => `$${s.length}\r\n${s}\r\n`).join("");

/** Tracks whether a promise has settled, without waiting for it. */
function track<T>(p: Promise<T>): { done: () => boolean; p: Promise<T> } {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { done: () => settled, p };
}

function scenarios(name: string, setup: () => Promise<Target>, teardown: () => Promise<void>): void {
  describe(`blocking (${name})`, () => {
    let t: Target;
    let ctl: RespClient;
    const opened: RespClient[] = [];
    const connect = async () => {
      const c = await RespClient.connect(t.port);
      opened.push(c);
      return c;
    };

    beforeAll(async () => {
      t = await setup();
      ctl = await RespClient.connect(t.port);
    });
    afterAll(async () => {
      for (const c of opened) c.close();
      ctl?.close();
      await teardown();
    });

    async function fresh(): Promise<void> {
      for (const c of opened.splice(0)) c.close();
      await waitBlocked(ctl, 0);
      await ctl.send("FLUSHALL");
    }

    test("clients blocked on a key are served first come, first served", async () => {
      await fresh();
      const [a, b, c] = [await connect(), await connect(), await connect()];
      const ra = track(a.send("BLPOP", "q", "0"));
      await waitBlocked(ctl, 1);
      const rb = track(b.send("BLPOP", "q", "0"));
      await waitBlocked(ctl, 2);
      const rc = track(c.send("BRPOP", "q", "0"));
      await waitBlocked(ctl, 3);
      expect(text(await ctl.send("RPUSH", "q", "one", "two"))).toBe(":2\r\n");
      expect(text(await ra.p)).toBe(bulkArray("q", "one"));
      expect(text(await rb.p)).toBe(bulkArray("q", "two"));
      // The list emptied: the third client waits on.
      expect(text(await ctl.send("EXISTS", "q"))).toBe(":0\r\n");
      expect(await blockedClients(ctl)).toBe(1);
      expect(rc.done()).toBe(false);
      await ctl.send("LPUSH", "q", "three");
      expect(text(await rc.p)).toBe(bulkArray("q", "three"));
      await waitBlocked(ctl, 0);
    });

    test("a client blocked on several keys is served by the first that gets data", async () => {
      await fresh();
      const a = await connect();
      const r = a.send("BLPOP", "k1", "k2", "k3", "0");
      await waitBlocked(ctl, 1);
      await ctl.send("RPUSH", "k2", "x", "y");
      expect(text(await r)).toBe(bulkArray("k2", "x"));
      expect(text(await ctl.send("LRANGE", "k2", "0", "-1"))).toBe(bulkArray("y"));
      // Pushes to the other keys reach nobody now.
      await ctl.send("RPUSH", "k1", "z");
      expect(text(await ctl.send("LLEN", "k1"))).toBe(":1\r\n");
    });

    test("timeouts, fractional ones included, answer a null array", async () => {
      await fresh();
      const a = await connect();
      expect(text(await a.send("BLPOP", "q", "0.05"))).toBe("*-1\r\n");
      expect(text(await a.send("BRPOP", "q", "r", "0.02"))).toBe("*-1\r\n");
      expect(text(await a.send("BLMOVE", "q", "d", "LEFT", "RIGHT", "0.01"))).toBe("*-1\r\n");
      expect(text(await a.send("BRPOPLPUSH", "q", "d", "0.01"))).toBe("*-1\r\n");
      expect(text(await a.send("BLMPOP", "0.01", "2", "q", "r", "LEFT", "COUNT", "3"))).toBe("*-1\r\n");
      await a.send("HELLO", "3");
      expect(text(await a.send("BLPOP", "q", "0.01"))).toBe("_\r\n");
      expect(text(await a.send("BLMOVE", "q", "d", "LEFT", "RIGHT", "0.01"))).toBe("_\r\n");
      expect(await blockedClients(ctl)).toBe(0);
      expect(text(await ctl.send("EXISTS", "q", "d"))).toBe(":0\r\n");
    });

    test("timeout 0 blocks until a push, however long that takes", async () => {
      await fresh();
      const a = await connect();
      const r = track(a.send("BLPOP", "q", "0"));
      await waitBlocked(ctl, 1);
      await Bun.sleep(300);
      expect(r.done()).toBe(false);
      await ctl.send("RPUSH", "q", "late");
      expect(text(await r.p)).toBe(bulkArray("q", "late"));
    });

    test("a long timeout (beyond a 32-bit millisecond timer) does not fire early", async () => {
      await fresh();
      const a = await connect();
      const r = track(a.send("BLPOP", "q", "3000000"));
      await waitBlocked(ctl, 1);
      await Bun.sleep(100);
      expect(r.done()).toBe(false);
      await ctl.send("RPUSH", "q", "x");
      expect(text(await r.p)).toBe(bulkArray("q", "x"));
    });

    test("BLMOVE is served, and its push serves the next client in a chain", async () => {
      await fresh();
      const [mover, popper] = [await connect(), await connect()];
      const rm = mover.send("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
      await waitBlocked(ctl, 1);
      const rp = popper.send("BLPOP", "dst", "0");
      await waitBlocked(ctl, 2);
      await ctl.send("RPUSH", "src", "a", "b");
      expect(text(await rm)).toBe("$1\r\na\r\n");
      expect(text(await rp)).toBe(bulkArray("dst", "a"));
      expect(text(await ctl.send("LRANGE", "src", "0", "-1"))).toBe(bulkArray("b"));
      expect(text(await ctl.send("EXISTS", "dst"))).toBe(":0\r\n");
    });

    test("BRPOPLPUSH onto a key of another type is served with WRONGTYPE", async () => {
      await fresh();
      const a = await connect();
      await ctl.send("SET", "dst", "string");
      const r = a.send("BRPOPLPUSH", "src", "dst", "0");
      await waitBlocked(ctl, 1);
      await ctl.send("RPUSH", "src", "x");
      expect(text(await r)).toBe("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
      expect(text(await ctl.send("LRANGE", "src", "0", "-1"))).toBe(bulkArray("x"));
      await waitBlocked(ctl, 0);
    });

    test("BLMPOP is served with up to COUNT elements", async () => {
      await fresh();
      const a = await connect();
      const r = a.send("BLMPOP", "0", "2", "x", "y", "RIGHT", "COUNT", "2");
      await waitBlocked(ctl, 1);
      await ctl.send("RPUSH", "y", "1", "2", "3");
      expect(text(await r)).toBe("*2\r\n$1\r\ny\r\n" + bulkArray("3", "2"));
    });

    test("a key of another type does not serve list waiters; they wait on", async () => {
      await fresh();
      const a = await connect();
      const r = track(a.send("BLPOP", "q", "0"));
      await waitBlocked(ctl, 1);
      await ctl.send("SET", "q", "string");
      await ctl.send("DEL", "q");
      await ctl.send("SADD", "q", "member");
      expect(await blockedClients(ctl)).toBe(1);
      expect(r.done()).toBe(false);
      await ctl.send("DEL", "q");
      await ctl.send("RPUSH", "q", "ok");
      expect(text(await r.p)).toBe(bulkArray("q", "ok"));
    });

    test("a client blocked in another database is served from that database only", async () => {
      await fresh();
      const a = await connect();
      await a.send("SELECT", "1");
      const r = track(a.send("BLPOP", "q", "0"));
      await waitBlocked(ctl, 1);
      await ctl.send("RPUSH", "q", "db0");
      expect(await blockedClients(ctl)).toBe(1);
      await ctl.send("SELECT", "1");
      await ctl.send("RPUSH", "q", "db1");
      await ctl.send("SELECT", "0");
      expect(text(await r.p)).toBe(bulkArray("q", "db1"));
      expect(text(await ctl.send("LLEN", "q"))).toBe(":1\r\n");
      await ctl.send("FLUSHALL");
    });

    test("a client that disconnects while blocked leaves no trace", async () => {
      await fresh();
      const a = await RespClient.connect(t.port);
      a.send("BLPOP", "q", "0").catch(() => {});
      await waitBlocked(ctl, 1);
      a.close();
      await waitBlocked(ctl, 0);
      await ctl.send("RPUSH", "q", "kept");
      expect(text(await ctl.send("LRANGE", "q", "0", "-1"))).toBe(bulkArray("kept"));
      // A client with a timeout that disconnects: nothing fires later either.
      const b = await RespClient.connect(t.port);
      b.send("BLPOP", "r", "0.05").catch(() => {});
      await waitBlocked(ctl, 1);
      b.close();
      await waitBlocked(ctl, 0);
      await Bun.sleep(100);
      expect(await blockedClients(ctl)).toBe(0);
    });

    test("commands pipelined after a blocking command wait for it", async () => {
      await fresh();
      const a = await connect();
      a.writeRaw(Buffer.concat([encodeCommand(["BLPOP", "q", "0"]), encodeCommand(["SET", "after", "1"]), encodeCommand(["PING"])]));
      const first = track(a.next());
      await waitBlocked(ctl, 1);
      await Bun.sleep(50);
      expect(first.done()).toBe(false);
      expect(text(await ctl.send("EXISTS", "after"))).toBe(":0\r\n");
      // More input while blocked waits as well.
      a.writeRaw(encodeCommand(["ECHO", "later"]));
      await Bun.sleep(20);
      expect(text(await ctl.send("EXISTS", "after"))).toBe(":0\r\n");
      await ctl.send("RPUSH", "q", "v");
      expect(text(await first.p)).toBe(bulkArray("q", "v"));
      expect(text(await a.next())).toBe("+OK\r\n");
      expect(text(await a.next())).toBe("+PONG\r\n");
      expect(text(await a.next())).toBe("$5\r\nlater\r\n");
      expect(text(await ctl.send("EXISTS", "after"))).toBe(":1\r\n");
      // After a timeout too.
      a.writeRaw(Buffer.concat([encodeCommand(["BLPOP", "q", "0.02"]), encodeCommand(["PING"])]));
      expect(text(await a.next())).toBe("*-1\r\n");
      expect(text(await a.next())).toBe("+PONG\r\n");
    });

    test("CLIENT UNBLOCK with TIMEOUT and with ERROR", async () => {
      await fresh();
      const a = await connect();
      const id = text(await a.send("CLIENT", "ID")).slice(1, -2);
      const r1 = a.send("BLPOP", "q", "0");
      await waitBlocked(ctl, 1);
      expect(text(await ctl.send("CLIENT", "UNBLOCK", id))).toBe(":1\r\n");
      expect(text(await r1)).toBe("*-1\r\n");
      expect(text(await ctl.send("CLIENT", "UNBLOCK", id))).toBe(":0\r\n");
      const r2 = a.send("BLMOVE", "q", "d", "LEFT", "LEFT", "0");
      await waitBlocked(ctl, 1);
      expect(text(await ctl.send("CLIENT", "UNBLOCK", id, "TIMEOUT"))).toBe(":1\r\n");
      expect(text(await r2)).toBe("*-1\r\n");
      a.writeRaw(Buffer.concat([encodeCommand(["BRPOP", "q", "10"]), encodeCommand(["PING"])]));
      const r3 = a.next();
      await waitBlocked(ctl, 1);
      expect(text(await ctl.send("CLIENT", "UNBLOCK", id, "error"))).toBe(":1\r\n");
      expect(text(await r3)).toBe("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
      expect(text(await a.next())).toBe("+PONG\r\n");
      expect(await blockedClients(ctl)).toBe(0);
      expect(text(await ctl.send("CLIENT", "UNBLOCK", "999999"))).toBe(":0\r\n");
      expect(text(await ctl.send("CLIENT", "UNBLOCK", id, "MAYBE"))).toBe("-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n");
    });

    test("pushes inside MULTI/EXEC serve blocked clients only after EXEC", async () => {
      await fresh();
      const a = await connect();
      const r = a.send("BLPOP", "q", "0");
      await waitBlocked(ctl, 1);
      await ctl.send("MULTI");
      await ctl.send("RPUSH", "q", "a", "b");
      await ctl.send("LLEN", "q");
      await ctl.send("LPOP", "q");
      // Inside the transaction nobody was served between the commands.
      expect(text(await ctl.send("EXEC"))).toBe("*3\r\n:2\r\n:2\r\n$1\r\na\r\n");
      expect(text(await r)).toBe(bulkArray("q", "b"));
      expect(text(await ctl.send("EXISTS", "q"))).toBe(":0\r\n");
    });

    test("a key pushed and then emptied within a transaction serves nobody", async () => {
      await fresh();
      const a = await connect();
      const r = track(a.send("BLPOP", "q", "0"));
      await waitBlocked(ctl, 1);
      await ctl.send("MULTI");
      await ctl.send("RPUSH", "q", "a");
      await ctl.send("DEL", "q");
      expect(text(await ctl.send("EXEC"))).toBe("*2\r\n:1\r\n:1\r\n");
      await ctl.send("MULTI");
      await ctl.send("RPUSH", "q", "a");
      await ctl.send("RPOP", "q");
      await ctl.send("EXEC");
      expect(await blockedClients(ctl)).toBe(1);
      expect(r.done()).toBe(false);
      await ctl.send("RPUSH", "q", "c");
      expect(text(await r.p)).toBe(bulkArray("q", "c"));
    });

    test("one push serves clients on several keys in signal order", async () => {
      await fresh();
      const [a, b] = [await connect(), await connect()];
      const ra = a.send("BRPOP", "x", "0");
      await waitBlocked(ctl, 1);
      const rb = b.send("BRPOP", "y", "0");
      await waitBlocked(ctl, 2);
      await ctl.send("MULTI");
      await ctl.send("RPUSH", "y", "1");
      await ctl.send("RPUSH", "x", "2");
      await ctl.send("EXEC");
      expect(text(await ra)).toBe(bulkArray("x", "2"));
      expect(text(await rb)).toBe(bulkArray("y", "1"));
    });

    test("keys that appear by RENAME, LMOVE or SWAPDB serve waiters", async () => {
      await fresh();
      const [a, b, c] = [await connect(), await connect(), await connect()];
      const ra = a.send("BLPOP", "renamed", "0");
      const rb = b.send("BRPOP", "moved", "0");
      await waitBlocked(ctl, 2);
      await ctl.send("RPUSH", "tmp", "r1");
      await ctl.send("RENAME", "tmp", "renamed");
      expect(text(await ra)).toBe(bulkArray("renamed", "r1"));
      await ctl.send("RPUSH", "tmp", "m1");
      await ctl.send("LMOVE", "tmp", "moved", "LEFT", "LEFT");
      expect(text(await rb)).toBe(bulkArray("moved", "m1"));
      await ctl.send("SELECT", "1");
      await ctl.send("RPUSH", "swapped", "s1");
      await ctl.send("SELECT", "0");
      const rc = c.send("BLPOP", "swapped", "0");
      await waitBlocked(ctl, 1);
      await ctl.send("SWAPDB", "0", "1");
      expect(text(await rc)).toBe(bulkArray("swapped", "s1"));
      await ctl.send("FLUSHALL");
    });

    test("BLMOVE from a list to itself serves every waiter in turn", async () => {
      await fresh();
      const [a, b] = [await connect(), await connect()];
      const ra = a.send("BLMOVE", "ring", "ring", "LEFT", "RIGHT", "0");
      await waitBlocked(ctl, 1);
      const rb = b.send("BLMOVE", "ring", "ring", "RIGHT", "LEFT", "0");
      await waitBlocked(ctl, 2);
      await ctl.send("RPUSH", "ring", "x", "y");
      expect(text(await ra)).toBe("$1\r\nx\r\n");
      expect(text(await rb)).toBe("$1\r\nx\r\n");
      expect(text(await ctl.send("LRANGE", "ring", "0", "-1"))).toBe(bulkArray("x", "y"));
    });

    test("blocked clients show in INFO and CLIENT LIST", async () => {
      await fresh();
      const a = await connect();
      const r = a.send("BLPOP", "q", "0");
      await waitBlocked(ctl, 1);
      const list = await ctl.send("CLIENT", "LIST");
      expect(list.resp.t === "bulk" && / flags=b /.test(list.resp.v)).toBe(true);
      await ctl.send("RPUSH", "q", "x");
      await r;
      expect(await blockedClients(ctl)).toBe(0);
    });
  });
}

let redbun: RunningServer | null = null;
scenarios(
  "redbun",
  async () => {
    redbun = await startServer({ port: 0 });
    return { port: redbun.port, running: redbun };
  },
  async () => {
    await redbun?.stop();
  },
);

if (hasRedis) {
  let redis: TempRedis | null = null;
  scenarios(
    "redis-server reference",
    async () => {
      redis = await startRedis();
      return { port: redis.port, running: null };
    },
    async () => {
      await redis?.stop();
    },
  );
}

test("redbun: nothing is left blocked and timers are gone after the scenarios", () => {
  const b = redbun?.server.blocking;
  expect(b?.blockedCount ?? 0).toBe(0);
  expect(b?.timeoutCount ?? 0).toBe(0);
});
