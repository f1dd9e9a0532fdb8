// The client matrix: every supported client library, each protocol it speaks,
// runs the same scenario groups against an in-process redbun — strings,
// hashes, lists, sets/zsets, transactions (the library's own MULTI/EXEC and
// WATCH API), Pub/Sub (channels and patterns, publish from another
// connection) and blocking pops (woken by a push from another connection,
// and timing out).
//
//   ioredis 6 ("ioredis")   RESP3 (its default) and protocol: 2
//   ioredis 5 ("ioredis5")  RESP2
//   node-redis 6 ("redis")  RESP2 and RESP3
//   node-redis 5 ("redis5") RESP2 and RESP3
//   Bun's RedisClient       RESP3 (HELLO 3)
//
// Each library is driven through its own API; a thin adapter only turns the
// library's reply shapes into one form so that one scenario checks all of
// them. MATRIX_TARGET=redis runs the same matrix against a real redis-server
// (to tell a client's limitation from a server difference).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import IORedis6 from "ioredis";
import IORedis5 from "ioredis5";
import { createClient as createClient6, RESP_TYPES as RESP_TYPES6 } from "redis";
import { createClient as createClient5, RESP_TYPES as RESP_TYPES5 } from "redis5";
import { startServer } from "../../src/lib.ts";
import { BIN, type IORedisLike, ioredisReady, nodeRedisConnect, toBuf, UTF8 } from "../helpers/clients.ts";
import { startRedis } from "../helpers/resp-client.ts";

const TARGET = process.env.MATRIX_TARGET === "redis" ? "redis" : "redbun";

let port = 0;
let stopTarget: () => Promise<void> = async () => {};
beforeAll(async () => {
  if (TARGET === "redis") {
    const r = await startRedis();
    port = r.port;
    stopTarget = r.stop;
  } else {
    const s = await startServer({ port: 0 });
    port = s.port;
    stopTarget = s.stop;
  }
});
afterAll(async () => {
  await stopTarget();
});

type Msg = { channel: string; message: string; pattern?: string };

/** One connection of one client library, in the library's own terms. */
interface Conn {
  /** Any command through the library's generic call (CLIENT INFO, FLUSHALL...). */
  raw(args: string[]): Promise<unknown>;
  set(k: string, v: string | Buffer): Promise<unknown>;
  get(k: string): Promise<string | null>;
  getBuf(k: string): Promise<Buffer | null>;
  incr(k: string): Promise<number>;
  mget(keys: string[]): Promise<(string | null)[]>;
  expire(k: string, s: number): Promise<number>;
  ttl(k: string): Promise<number>;
  del(keys: string[]): Promise<number>;

  hset(k: string, fields: Record<string, string>): Promise<number>;
  hgetall(k: string): Promise<Record<string, string>>;
  hincrby(k: string, f: string, by: number): Promise<number>;

  lpush(k: string, vals: string[]): Promise<number>;
  rpush(k: string, vals: string[]): Promise<number>;
  lrange(k: string, start: number, stop: number): Promise<string[]>;
  lpop(k: string): Promise<string | null>;

  sadd(k: string, members: string[]): Promise<number>;
  smembers(k: string): Promise<string[]>;
  zadd(k: string, items: [number, string][]): Promise<number>;
  zrangeWithScores(k: string, start: number, stop: number): Promise<[string, number][]>;

  /** MULTI; SET k 1; INCR k; INCRBY k 10; GET k; EXEC — through the library's transaction API. */
  txCounter(k: string): Promise<unknown[]>;
  /** MULTI; SET k abc; INCR k (fails at run time); GET k; EXEC — replies with errors as Error objects. */
  txRuntimeError(k: string): Promise<unknown[]>;
  /** WATCH k; then `between()` (another connection may write k); MULTI; SET k v; EXEC. "aborted" when the library reports the abort. */
  txWatched(k: string, v: string, between: () => Promise<void>): Promise<"aborted" | unknown[]>;

  subscribe(channel: string, onMessage: (m: Msg) => void): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  /** null when the library has no pattern-subscription API. */
  psubscribe: ((pattern: string, onMessage: (m: Msg) => void) => Promise<void>) | null;
  punsubscribe: ((pattern: string) => Promise<void>) | null;
  publish(channel: string, message: string): Promise<number>;

  /** BLPOP keys timeout → [key, element] or null on timeout. */
  blpop(keys: string[], timeout: number): Promise<[string, string] | null>;

  close(): Promise<void>;
}

interface ClientKind {
  name: string;
  /** The protocol the server should see the connection using. */
  resp: 2 | 3;
  /** RESP3: the library lets a subscribed connection run ordinary commands (Bun's RedisClient refuses them itself). */
  commandsWhileSubscribed: boolean;
  connect(): Promise<Conn>;
}

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));
/** Flat [m, s, m, s] (RESP2) or nested [[m, s], ...] (RESP3) WITHSCORES replies, as pairs. */
function pairsOf(reply: unknown[]): [string, number][] {
  if (reply.length > 0 && Array.isArray(reply[0])) return (reply as [unknown, unknown][]).map(([m, s]) => [String(m), Number(s)]);
  const out: [string, number][] = [];
  for (let i = 0; i < reply.length; i += 2) out.push([String(reply[i]), Number(reply[i + 1])]);
  return out;
}
const plain = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));

// --- ioredis ---------------------------------------------------------------

function ioredisKind(name: string, resp: 2 | 3, make: () => IORedisLike): ClientKind {
  return {
    name,
    resp,
    commandsWhileSubscribed: resp === 3,
    async connect() {
      const r = make();
      await ioredisReady(r);
      const channelHandlers = new Map<string, (m: Msg) => void>();
      const patternHandlers = new Map<string, (m: Msg) => void>();
      r.on("message", (channel: string, message: string) => channelHandlers.get(channel)?.({ channel, message }));
      r.on("pmessage", (pattern: string, channel: string, message: string) =>
        patternHandlers.get(pattern)?.({ pattern, channel, message }),
      );
      const execReplies = (res: [Error | null, unknown][] | null) =>
        res === null ? null : res.map(([e, v]) => (e ? asError(e) : v));
      return {
        raw: (args) => r.call(args[0]!, ...args.slice(1)),
        set: (k, v) => r.set(k, v),
        get: (k) => r.get(k),
        getBuf: (k) => r.getBuffer(k),
        incr: (k) => r.incr(k),
        mget: (keys) => r.mget(...keys),
        expire: (k, s) => r.expire(k, s),
        ttl: (k) => r.ttl(k),
        del: (keys) => r.del(...keys),
        hset: (k, f) => r.hset(k, f),
        hgetall: (k) => r.hgetall(k),
        hincrby: (k, f, by) => r.hincrby(k, f, by),
        lpush: (k, v) => r.lpush(k, ...v),
        rpush: (k, v) => r.rpush(k, ...v),
        lrange: (k, a, b) => r.lrange(k, a, b),
        lpop: (k) => r.lpop(k),
        sadd: (k, m) => r.sadd(k, ...m),
        smembers: (k) => r.smembers(k),
        zadd: (k, items) => r.zadd(k, ...items.flat()) as Promise<number>,
        zrangeWithScores: async (k, a, b) => pairsOf(await r.zrange(k, a, b, "WITHSCORES")),
        txCounter: async (k) => execReplies(await r.multi().set(k, "1").incr(k).incrby(k, 10).get(k).exec())!,
        txRuntimeError: async (k) => execReplies(await r.multi().set(k, "abc").incr(k).get(k).exec())!,
        txWatched: async (k, v, between) => {
          expect(await r.watch(k)).toBe("OK");
          await between();
          return execReplies(await r.multi().set(k, v).exec()) ?? "aborted";
        },
        subscribe: async (ch, cb) => {
          channelHandlers.set(ch, cb);
          await r.subscribe(ch);
        },
        unsubscribe: async (ch) => {
          await r.unsubscribe(ch);
          channelHandlers.delete(ch);
        },
        psubscribe: async (p, cb) => {
          patternHandlers.set(p, cb);
          await r.psubscribe(p);
        },
        punsubscribe: async (p) => {
          await r.punsubscribe(p);
          patternHandlers.delete(p);
        },
        publish: (ch, m) => r.publish(ch, m),
        blpop: async (keys, t) => (await r.blpop(...keys, t)) as [string, string] | null,
        close: async () => {
          await r.quit();
        },
      };
    },
  };
}

const ioOpts = () => ({ port, host: "127.0.0.1", maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: false });

// --- node-redis ------------------------------------------------------------

type NodeRedis = ReturnType<typeof createClient6>;

function nodeRedisKind(name: string, resp: 2 | 3, make: () => NodeRedis, RESP_TYPES: typeof RESP_TYPES6): ClientKind {
  return {
    name,
    resp,
    commandsWhileSubscribed: resp === 3,
    async connect() {
      const c = make();
      await nodeRedisConnect(c);
      const bytes = c.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
      const multiReplies = async (p: Promise<unknown[]>) => {
        try {
          return (await p).map((v) => (v instanceof Error ? v : v));
        } catch (e) {
          // node-redis rejects a transaction with a failed command with MultiErrorReply, carrying every reply.
          const replies = (e as { replies?: unknown[] }).replies;
          if (!replies) throw e;
          return replies.map((v) => (v instanceof Error ? v : v));
        }
      };
      return {
        raw: (args) => c.sendCommand(args),
        set: (k, v) => c.set(k, v),
        get: (k) => c.get(k) as Promise<string | null>,
        getBuf: async (k) => (await bytes.get(k)) as unknown as Buffer | null,
        incr: (k) => c.incr(k),
        mget: (keys) => c.mGet(keys) as Promise<(string | null)[]>,
        expire: async (k, s) => Number(await c.expire(k, s)),
        ttl: (k) => c.ttl(k),
        del: (keys) => c.del(keys),
        hset: (k, f) => c.hSet(k, f),
        hgetall: async (k) => plain((await c.hGetAll(k)) as Record<string, unknown>),
        hincrby: (k, f, by) => c.hIncrBy(k, f, by),
        lpush: (k, v) => c.lPush(k, v),
        rpush: (k, v) => c.rPush(k, v),
        lrange: (k, a, b) => c.lRange(k, a, b) as Promise<string[]>,
        lpop: (k) => c.lPop(k) as Promise<string | null>,
        sadd: (k, m) => c.sAdd(k, m),
        smembers: async (k) => Array.from((await c.sMembers(k)) as Iterable<string>),
        zadd: (k, items) => c.zAdd(k, items.map(([score, value]) => ({ score, value }))),
        zrangeWithScores: async (k, a, b) =>
          ((await c.zRangeWithScores(k, a, b)) as { value: string; score: number }[]).map(({ value, score }) => [String(value), Number(score)]),
        txCounter: (k) => multiReplies(c.multi().set(k, "1").incr(k).incrBy(k, 10).get(k).exec() as Promise<unknown[]>),
        txRuntimeError: (k) => multiReplies(c.multi().set(k, "abc").incr(k).get(k).exec() as Promise<unknown[]>),
        txWatched: async (k, v, between) => {
          expect(await c.watch(k)).toBe("OK");
          await between();
          try {
            return (await c.multi().set(k, v).exec()) as unknown[];
          } catch (e) {
            if ((e as Error).constructor.name === "WatchError") return "aborted";
            throw e;
          }
        },
        subscribe: (ch, cb) => c.subscribe(ch, (message: string, channel: string) => cb({ channel, message })) as Promise<void>,
        unsubscribe: (ch) => c.unsubscribe(ch) as Promise<void>,
        psubscribe: (p, cb) => c.pSubscribe(p, (message: string, channel: string) => cb({ pattern: p, channel, message })) as Promise<void>,
        punsubscribe: (p) => c.pUnsubscribe(p) as Promise<void>,
        publish: (ch, m) => c.publish(ch, m),
        blpop: async (keys, t) => {
          const r = (await c.blPop(keys, t)) as { key: string; element: string } | null;
          return r === null ? null : [String(r.key), String(r.element)];
        },
        close: async () => {
          c.destroy();
        },
      };
    },
  };
}

const nrSocket = () => ({ host: "127.0.0.1", port, reconnectStrategy: false as const });

// --- Bun's RedisClient -----------------------------------------------------

/** Bun's client has no MULTI API: the commands go through send() on the one connection, in order. */
async function bunTx(r: RedisClient, cmds: string[][]): Promise<unknown[] | null> {
  const queued = [r.send("MULTI", []), ...cmds.map(([cmd, ...args]) => r.send(cmd!, args))];
  const exec = r.send("EXEC", []);
  const q = await Promise.all(queued);
  expect(q).toEqual(["OK", ...cmds.map(() => "QUEUED")]);
  return (await exec) as unknown[] | null;
}

const bunKind: ClientKind = {
  name: "Bun RedisClient",
  resp: 3,
  commandsWhileSubscribed: false,
  async connect() {
    const r = new RedisClient(`redis://127.0.0.1:${port}`, { autoReconnect: false, connectionTimeout: 5000 });
    await r.connect();
    return {
      raw: (args) => r.send(args[0]!, args.slice(1)),
      set: (k, v) => r.set(k, v),
      get: (k) => r.get(k),
      getBuf: async (k) => toBuf(await r.getBuffer(k)),
      incr: (k) => r.incr(k),
      mget: (keys) => r.mget(...keys),
      expire: (k, s) => r.expire(k, s),
      ttl: (k) => r.ttl(k),
      del: (keys) => r.del(...keys),
      hset: (k, f) => r.hset(k, f),
      hgetall: async (k) => plain(await r.hgetall(k)),
      hincrby: (k, f, by) => r.hincrby(k, f, by),
      lpush: (k, [first, ...rest]) => r.lpush(k, first!, ...rest),
      rpush: (k, [first, ...rest]) => r.rpush(k, first!, ...rest),
      lrange: (k, a, b) => r.lrange(k, a, b),
      lpop: (k) => r.lpop(k),
      sadd: (k, m) => r.sadd(k, ...m),
      smembers: (k) => r.smembers(k),
      zadd: (k, items) => r.zadd(k, ...items.flat()),
      zrangeWithScores: async (k, a, b) => pairsOf(await r.zrange(k, a, b, "WITHSCORES")),
      txCounter: async (k) =>
        (await bunTx(r, [
          ["SET", k, "1"],
          ["INCR", k],
          ["INCRBY", k, "10"],
          ["GET", k],
        ]))!,
      txRuntimeError: async (k) =>
        (await bunTx(r, [
          ["SET", k, "abc"],
          ["INCR", k],
          ["GET", k],
        ]))!,
      txWatched: async (k, v, between) => {
        expect(await r.send("WATCH", [k])).toBe("OK");
        await between();
        return (await bunTx(r, [["SET", k, v]])) ?? "aborted";
      },
      subscribe: async (ch, cb) => {
        await r.subscribe(ch, (message, channel) => cb({ channel, message }));
      },
      unsubscribe: (ch) => r.unsubscribe(ch),
      // RedisClient (Bun 1.4) has no PSUBSCRIBE API.
      psubscribe: null,
      punsubscribe: null,
      publish: (ch, m) => r.publish(ch, m),
      blpop: (keys, t) => r.blpop(...keys, t),
      close: async () => r.close(),
    };
  },
};

const KINDS: ClientKind[] = [
  ioredisKind("ioredis 6, RESP3 (default)", 3, () => new IORedis6(ioOpts()) as unknown as IORedisLike),
  ioredisKind("ioredis 6, protocol 2", 2, () => new IORedis6({ ...ioOpts(), protocol: 2 }) as unknown as IORedisLike),
  ioredisKind("ioredis 5", 2, () => new IORedis5(ioOpts())),
  nodeRedisKind("node-redis 6, RESP2", 2, () => createClient6({ socket: nrSocket(), RESP: 2 }) as NodeRedis, RESP_TYPES6),
  nodeRedisKind("node-redis 6, RESP3", 3, () => createClient6({ socket: nrSocket(), RESP: 3 }) as NodeRedis, RESP_TYPES6),
  nodeRedisKind(
    "node-redis 5, RESP2",
    2,
    () => createClient5({ socket: nrSocket(), RESP: 2 }) as unknown as NodeRedis,
    RESP_TYPES5 as unknown as typeof RESP_TYPES6,
  ),
  nodeRedisKind(
    "node-redis 5, RESP3",
    3,
    () => createClient5({ socket: nrSocket(), RESP: 3 }) as unknown as NodeRedis,
    RESP_TYPES5 as unknown as typeof RESP_TYPES6,
  ),
  bunKind,
];

/** Resolves with get()'s value once it is defined, polling. */
async function until<T>(what: string, get: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

async function untilAsync(what: string, pred: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

/** Opens connections for one test and closes them whatever happens. */
async function withConns(kind: ClientKind, n: number, body: (...c: Conn[]) => Promise<void>): Promise<void> {
  const conns: Conn[] = [];
  try {
    for (let i = 0; i < n; i++) conns.push(await kind.connect());
    await body(...conns);
  } finally {
    for (const c of conns) await c.close().catch(() => {});
  }
}

for (const kind of KINDS) {
  // A key prefix per client so that no scenario sees another's data.
  const p = kind.name.replace(/[^a-z0-9]+/gi, "-");
  describe(kind.name, () => {
    test("connects and speaks the expected protocol", async () => {
      await withConns(kind, 1, async (c) => {
        const info = String(await c.raw(["CLIENT", "INFO"]));
        expect(info).toContain(`resp=${kind.resp}`);
        expect(await c.raw(["PING"])).toBe("PONG");
      });
    });

    test("strings: SET/GET/INCR/MGET/EXPIRE/TTL, binary and UTF-8 values", async () => {
      await withConns(kind, 1, async (c) => {
        const [kb, ku, kn, missing] = [`${p}:bin`, `${p}:utf8`, `${p}:n`, `${p}:missing`];
        await c.del([kb, ku, kn]);
        expect(await c.set(kb, BIN)).toBe("OK");
        expect(await c.set(ku, UTF8)).toBe("OK");
        expect((await c.getBuf(kb))!.equals(BIN)).toBe(true);
        expect(await c.get(ku)).toBe(UTF8);
        expect((await c.getBuf(ku))!.equals(Buffer.from(UTF8))).toBe(true);
        expect(await c.get(missing)).toBeNull();
        expect(await c.incr(kn)).toBe(1);
        expect(await c.incr(kn)).toBe(2);
        expect(await c.mget([ku, kn, missing])).toEqual([UTF8, "2", null]);
        expect(await c.expire(kb, 100)).toBe(1);
        const ttl = await c.ttl(kb);
        expect(ttl).toBeGreaterThanOrEqual(99);
        expect(ttl).toBeLessThanOrEqual(100);
        expect(await c.ttl(ku)).toBe(-1);
        expect(await c.ttl(missing)).toBe(-2);
        expect(await c.expire(missing, 100)).toBe(0);
        expect(await c.del([kb, ku, kn, missing])).toBe(3);
        expect(await c.getBuf(kb)).toBeNull();
      });
    });

    test("hashes: HSET/HGETALL/HINCRBY", async () => {
      await withConns(kind, 1, async (c) => {
        const k = `${p}:h`;
        await c.del([k]);
        expect(await c.hset(k, { name: "redbun", lang: "ts", n: "5", "f ü": UTF8 })).toBe(4);
        expect(await c.hset(k, { lang: "typescript", extra: "x" })).toBe(1);
        expect(await c.hgetall(k)).toEqual({ name: "redbun", lang: "typescript", n: "5", "f ü": UTF8, extra: "x" });
        expect(await c.hincrby(k, "n", 10)).toBe(15);
        expect(await c.hincrby(k, "new", -3)).toBe(-3);
        expect((await c.hgetall(k)).n).toBe("15");
        expect(await c.hgetall(`${p}:nohash`)).toEqual({});
        await c.del([k]);
      });
    });

    test("lists: LPUSH/RPUSH/LRANGE/LPOP", async () => {
      await withConns(kind, 1, async (c) => {
        const k = `${p}:l`;
        await c.del([k]);
        expect(await c.rpush(k, ["b", "c"])).toBe(2);
        expect(await c.lpush(k, ["a", "z"])).toBe(4);
        expect(await c.lrange(k, 0, -1)).toEqual(["z", "a", "b", "c"]);
        expect(await c.lrange(k, 1, 2)).toEqual(["a", "b"]);
        expect(await c.lpop(k)).toBe("z");
        expect(await c.lrange(k, -2, -1)).toEqual(["b", "c"]);
        expect(await c.lpop(`${p}:nolist`)).toBeNull();
        expect(await c.lrange(`${p}:nolist`, 0, -1)).toEqual([]);
        await c.del([k]);
      });
    });

    test("sets and sorted sets: SADD/SMEMBERS/ZADD/ZRANGE WITHSCORES", async () => {
      await withConns(kind, 1, async (c) => {
        const [ks, kz] = [`${p}:s`, `${p}:z`];
        await c.del([ks, kz]);
        expect(await c.sadd(ks, ["x", "y", "z", "x"])).toBe(3);
        expect(await c.sadd(ks, ["y", "w"])).toBe(1);
        expect((await c.smembers(ks)).sort()).toEqual(["w", "x", "y", "z"]);
        expect(await c.smembers(`${p}:noset`)).toEqual([]);
        expect(
          await c.zadd(kz, [
            [2, "two"],
            [1, "one"],
            [3.5, "three.5"],
            [-1, "minus"],
          ]),
        ).toBe(4);
        expect(await c.zadd(kz, [[10, "one"]])).toBe(0);
        expect(await c.zrangeWithScores(kz, 0, -1)).toEqual([
          ["minus", -1],
          ["two", 2],
          ["three.5", 3.5],
          ["one", 10],
        ]);
        expect(await c.zrangeWithScores(kz, 1, 1)).toEqual([["two", 2]]);
        await c.del([ks, kz]);
      });
    });

    test("transactions: MULTI/EXEC, a runtime error inside EXEC, WATCH", async () => {
      await withConns(kind, 2, async (c, other) => {
        const k = `${p}:tx`;
        await c.del([k]);
        expect(await c.txCounter(k)).toEqual(["OK", 2, 12, "12"]);
        expect(await c.get(k)).toBe("12");

        // A command failing at run time answers its error in place; the others still run.
        const mixed = await c.txRuntimeError(k);
        expect(mixed.length).toBe(3);
        expect(mixed[0]).toBe("OK");
        expect(mixed[1]).toBeInstanceOf(Error);
        expect(String((mixed[1] as Error).message)).toContain("ERR value is not an integer or out of range");
        expect(mixed[2]).toBe("abc");

        // WATCH with no change in between: the transaction commits.
        expect(await c.txWatched(k, "mine", async () => {})).toEqual(["OK"]);
        expect(await c.get(k)).toBe("mine");
        // Another connection writes the watched key: EXEC answers null, which the library reports.
        expect(
          await c.txWatched(k, "lost", async () => {
            expect(await other.set(k, "theirs")).toBe("OK");
          }),
        ).toBe("aborted");
        expect(await c.get(k)).toBe("theirs");
        // The connection is usable, unwatched, afterwards.
        expect(await c.txWatched(k, "again", async () => {})).toEqual(["OK"]);
        expect(await c.get(k)).toBe("again");
        await c.del([k]);
      });
    });

    test("Pub/Sub: SUBSCRIBE, PUBLISH from another connection, UNSUBSCRIBE", async () => {
      await withConns(kind, 2, async (sub, pub) => {
        const ch = `${p}:chan`;
        const got: Msg[] = [];
        await sub.subscribe(ch, (m) => got.push(m));
        expect(await pub.publish(ch, "hello")).toBe(1);
        expect(await pub.publish(ch, UTF8)).toBe(1);
        expect(await pub.publish(`${ch}:other`, "not for us")).toBe(0);
        await until("two messages", () => (got.length >= 2 ? true : undefined));
        expect(got.map(({ channel, message }) => ({ channel, message }))).toEqual([
          { channel: ch, message: "hello" },
          { channel: ch, message: UTF8 },
        ]);
        expect(await pub.raw(["PUBSUB", "NUMSUB", ch])).toEqual([ch, 1]);
        if (kind.commandsWhileSubscribed) {
          // RESP3: messages are push frames, so the subscribed connection can still run commands.
          expect(await pub.set(`${ch}:k`, "v")).toBe("OK");
          expect(await sub.get(`${ch}:k`)).toBe("v");
          expect(await sub.incr(`${ch}:n`)).toBe(1);
          expect(await pub.publish(ch, "between commands")).toBe(1);
          expect(await sub.del([`${ch}:k`, `${ch}:n`])).toBe(2);
          await until("the third message", () => (got.length >= 3 ? true : undefined));
          expect(got[2]).toEqual({ channel: ch, message: "between commands" });
          got.pop();
        }
        await sub.unsubscribe(ch);
        expect(await pub.raw(["PUBSUB", "NUMSUB", ch])).toEqual([ch, 0]);
        expect(await pub.publish(ch, "after")).toBe(0);
        await Bun.sleep(20);
        expect(got.length).toBe(2);
      });
    });

    test("Pub/Sub: PSUBSCRIBE patterns, PUNSUBSCRIBE", async () => {
      await withConns(kind, 2, async (sub, pub) => {
        if (!sub.psubscribe || !sub.punsubscribe) {
          // The library has no pattern API; the protocol itself is covered by the Pub/Sub differential tests.
          console.warn(`${kind.name}: no PSUBSCRIBE API in this client library, pattern subscriptions not exercised`);
          expect(sub.psubscribe).toBeNull();
          return;
        }
        const pattern = `${p}:news.*`;
        const got: Msg[] = [];
        await sub.psubscribe(pattern, (m) => got.push(m));
        expect(await pub.raw(["PUBSUB", "NUMPAT"])).toBe(1);
        expect(await pub.publish(`${p}:news.tech`, "t1")).toBe(1);
        expect(await pub.publish(`${p}:news.art`, "a1")).toBe(1);
        expect(await pub.publish(`${p}:weather`, "w1")).toBe(0);
        await until("two pattern messages", () => (got.length >= 2 ? true : undefined));
        expect(got).toEqual([
          { pattern, channel: `${p}:news.tech`, message: "t1" },
          { pattern, channel: `${p}:news.art`, message: "a1" },
        ]);
        await sub.punsubscribe(pattern);
        expect(await pub.raw(["PUBSUB", "NUMPAT"])).toBe(0);
        expect(await pub.publish(`${p}:news.tech`, "t2")).toBe(0);
      });
    });

    test("blocking pops: BLPOP woken by RPUSH from another connection; timeout → null", async () => {
      await withConns(kind, 2, async (blocked, pusher) => {
        const [k1, k2] = [`${p}:bl1`, `${p}:bl2`];
        await pusher.del([k1, k2]);
        const pending = blocked.blpop([k1, k2], 5);
        // Wait until the server has the client blocked before pushing.
        await untilAsync("the server to report the client blocked", async () =>
          /blocked_clients:1\b/.test(String(await pusher.raw(["INFO", "clients"]))),
        );
        expect(await pusher.rpush(k2, ["v1", "v2"])).toBe(2);
        expect(await pending).toEqual([k2, "v1"]);
        expect(await pusher.lrange(k2, 0, -1)).toEqual(["v2"]);
        // Data already there: answered at once.
        expect(await blocked.blpop([k1, k2], 1)).toEqual([k2, "v2"]);
        // Nothing arrives: null after the timeout.
        expect(await blocked.blpop([k1], 0.2)).toBeNull();
        await pusher.del([k1, k2]);
      });
    });
  });
}
