// Real Redis clients against an in-process redbun: ioredis 6 (RESP3 by
// default, and RESP2) and 5, node-redis 6 and 5 (RESP2 and RESP3), Bun's
// RedisClient, redis-cli (RESP2, RESP3, piped commands, --pipe mass
// insertion) and redis-benchmark. Each connects with its own handshake
// (HELLO 3, CLIENT SETINFO, INFO ... — see /work/shared/CLIENTS.md) and runs
// SET/GET/INCR/MGET/DEL/EXPIRE/TTL with binary values.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import IORedis6 from "ioredis";
import IORedis5 from "ioredis5";
import { createClient as createClient6, RESP_TYPES as RESP_TYPES6 } from "redis";
import { createClient as createClient5, RESP_TYPES as RESP_TYPES5 } from "redis5";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { BIN, type IORedisLike, ioredisReady, nodeRedisConnect, toBuf, UTF8 } from "../helpers/clients.ts";
import { hasRedis, testWithRedis, describeWithCli, describeWithBench } from "../helpers/diff.ts";
import { run } from "../helpers/process.ts";
import { encodeCommand, startRedis, type TempRedis } from "../helpers/resp-client.ts";

let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ port: 0 });
});
afterAll(async () => {
  await srv.stop();
});

/**
 * The protocol the server sees the (single) connected client speaking: each
 * test's client is the only one connected once earlier ones are gone.
 */
async function serverSideProto(): Promise<number> {
  const deadline = Date.now() + 5000;
  while (srv.server.clients.size !== 1) {
    if (Date.now() > deadline) throw new Error(`expected one connected client, have ${srv.server.clients.size}`);
    await Bun.sleep(5);
  }
  return [...srv.server.clients.values()][0]!.proto;
}

/** What every client library test does, through a thin adapter over its API. */
interface Adapter {
  set(k: string, v: Buffer | string): Promise<unknown>;
  getBuf(k: string): Promise<Buffer | null>;
  get(k: string): Promise<string | null>;
  incr(k: string): Promise<number>;
  mget(keys: string[]): Promise<(string | null)[]>;
  /** MGET keeping bytes, where the library can. */
  mgetBuf?(keys: string[]): Promise<(Buffer | null)[]>;
  del(keys: string[]): Promise<number>;
  expire(k: string, s: number): Promise<unknown>;
  ttl(k: string): Promise<number>;
  close(): Promise<void>;
}

async function scenario(a: Adapter, prefix: string): Promise<void> {
  const kb = `${prefix}:bin`;
  const ku = `${prefix}:utf8`;
  const kn = `${prefix}:n`;
  const missing = `${prefix}:missing`;
  try {
    await a.del([kb, ku, kn]);
    expect(await a.set(kb, BIN)).toBe("OK");
    expect(await a.set(ku, UTF8)).toBe("OK");
    expect((await a.getBuf(kb))!.equals(BIN)).toBe(true);
    expect(await a.get(ku)).toBe(UTF8);
    expect((await a.getBuf(ku))!.equals(Buffer.from(UTF8))).toBe(true);
    expect(await a.get(missing)).toBeNull();
    expect(await a.incr(kn)).toBe(1);
    expect(await a.incr(kn)).toBe(2);
    expect(await a.incr(kn)).toBe(3);
    expect(await a.mget([ku, kn, missing])).toEqual([UTF8, "3", null]);
    if (a.mgetBuf) {
      const got = await a.mgetBuf([kb, missing, ku]);
      expect(got.length).toBe(3);
      expect(got[0]!.equals(BIN)).toBe(true);
      expect(got[1]).toBeNull();
      expect(got[2]!.equals(Buffer.from(UTF8))).toBe(true);
    }
    expect(Number(await a.expire(kb, 100))).toBe(1);
    const ttl = await a.ttl(kb);
    expect(ttl).toBeGreaterThanOrEqual(99);
    expect(ttl).toBeLessThanOrEqual(100);
    expect(await a.ttl(ku)).toBe(-1);
    expect(await a.ttl(missing)).toBe(-2);
    expect(Number(await a.expire(missing, 100))).toBe(0);
    expect(await a.del([kb, ku, kn, missing])).toBe(3);
    expect(await a.getBuf(kb)).toBeNull();
  } finally {
    await a.close();
  }
}

// --- ioredis ---------------------------------------------------------------

function ioredisAdapter(r: IORedisLike): Adapter {
  return {
    set: (k, v) => r.set(k, v),
    getBuf: (k) => r.getBuffer(k),
    get: (k) => r.get(k),
    incr: (k) => r.incr(k),
    mget: (keys) => r.mget(...keys),
    mgetBuf: (keys) => r.mgetBuffer(...keys),
    del: (keys) => r.del(...keys),
    expire: (k, s) => r.expire(k, s),
    ttl: (k) => r.ttl(k),
    close: async () => {
      await r.quit();
    },
  };
}

describe("ioredis", () => {
  test("ioredis 6, default protocol (RESP3: HELLO 3, then CLIENT SETINFO, INFO)", async () => {
    const r = new IORedis6({ port: srv.port, host: "127.0.0.1", maxRetriesPerRequest: 0, retryStrategy: () => null });
    await ioredisReady(r as unknown as IORedisLike);
    expect(await serverSideProto()).toBe(3);
    await scenario(ioredisAdapter(r as unknown as IORedisLike), "io6r3");
  });

  test("ioredis 6, protocol 2", async () => {
    const r = new IORedis6({ port: srv.port, host: "127.0.0.1", protocol: 2, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await ioredisReady(r as unknown as IORedisLike);
    expect(await serverSideProto()).toBe(2);
    await scenario(ioredisAdapter(r as unknown as IORedisLike), "io6r2");
  });

  test("ioredis 5 (RESP2)", async () => {
    const r = new IORedis5({ port: srv.port, host: "127.0.0.1", maxRetriesPerRequest: 0, retryStrategy: () => null });
    await ioredisReady(r);
    expect(await serverSideProto()).toBe(2);
    await scenario(ioredisAdapter(r), "io5");
  });

  test("ioredis 6 pipeline and multi-client concurrency", async () => {
    const r = new IORedis6({ port: srv.port, host: "127.0.0.1", maxRetriesPerRequest: 0, retryStrategy: () => null });
    await ioredisReady(r as unknown as IORedisLike);
    try {
      const p = r.pipeline();
      for (let i = 0; i < 1000; i++) p.incr("io6:pipe");
      const res = await p.exec();
      expect(res!.map(([e, v]) => (e ? String(e) : v))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      expect(await r.del("io6:pipe")).toBe(1);
    } finally {
      await r.quit();
    }
  });
});

// --- node-redis ------------------------------------------------------------

// The two majors share an API for what is used here.
type NodeRedis = ReturnType<typeof createClient6>;

function nodeRedisAdapter(c: NodeRedis, RESP_TYPES: typeof RESP_TYPES6): Adapter {
  const bytes = c.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  return {
    set: (k, v) => c.set(k, v),
    getBuf: async (k) => (await bytes.get(k)) as unknown as Buffer | null,
    get: (k) => c.get(k) as Promise<string | null>,
    incr: (k) => c.incr(k),
    mget: (keys) => c.mGet(keys) as Promise<(string | null)[]>,
    mgetBuf: async (keys) => (await bytes.mGet(keys)) as unknown as (Buffer | null)[],
    del: (keys) => c.del(keys),
    expire: (k, s) => c.expire(k, s),
    ttl: (k) => c.ttl(k),
    close: async () => {
      c.destroy();
    },
  };
}

describe("node-redis", () => {
  for (const RESP of [2, 3] as const) {
    test(`node-redis 6 (package "redis"), RESP${RESP}`, async () => {
      const c = createClient6({ socket: { host: "127.0.0.1", port: srv.port, reconnectStrategy: false }, RESP });
      await nodeRedisConnect(c);
      expect(await serverSideProto()).toBe(RESP);
      await scenario(nodeRedisAdapter(c as NodeRedis, RESP_TYPES6), `nr6r${RESP}`);
    });

    test(`node-redis 5 (package "redis5"), RESP${RESP}`, async () => {
      const c = createClient5({ socket: { host: "127.0.0.1", port: srv.port, reconnectStrategy: false }, RESP });
      await nodeRedisConnect(c);
      expect(await serverSideProto()).toBe(RESP);
      await scenario(nodeRedisAdapter(c as unknown as NodeRedis, RESP_TYPES5 as unknown as typeof RESP_TYPES6), `nr5r${RESP}`);
    });
  }

  test("node-redis 6 default options (RESP3 by default)", async () => {
    const c = createClient6({ url: srv.url, socket: { reconnectStrategy: false } });
    await nodeRedisConnect(c);
    try {
      expect(await serverSideProto()).toBe(3);
      expect(await c.ping()).toBe("PONG");
      const replies = await Promise.all(Array.from({ length: 200 }, () => c.incr("nr6:auto")));
      expect(replies).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(await c.del("nr6:auto")).toBe(1);
    } finally {
      c.destroy();
    }
  });
});

// --- Bun's RedisClient -----------------------------------------------------

describe("Bun RedisClient", () => {
  test("new RedisClient(redis://127.0.0.1:port) (HELLO 3)", async () => {
    const r = new RedisClient(srv.url, { autoReconnect: false, connectionTimeout: 5000 });
    await r.connect();
    expect(await serverSideProto()).toBe(3);
    await scenario(
      {
        set: (k, v) => r.set(k, v),
        getBuf: async (k) => toBuf(await r.getBuffer(k)),
        get: (k) => r.get(k),
        incr: (k) => r.incr(k),
        mget: (keys) => r.mget(...keys),
        del: (keys) => r.del(...keys),
        expire: (k, s) => r.expire(k, s),
        ttl: (k) => r.ttl(k),
        close: async () => r.close(),
      },
      "bun",
    );
  });

  test("automatic pipelining keeps replies in order", async () => {
    const r = new RedisClient(srv.url, { autoReconnect: false });
    await r.connect();
    try {
      const replies = await Promise.all(Array.from({ length: 500 }, (_, i) => (i % 2 ? r.incr("bun:auto") : r.send("ECHO", [`e${i}`]))));
      let n = 0;
      replies.forEach((v, i) => expect(v).toBe(i % 2 ? ++n : `e${i}`));
      expect(await r.del("bun:auto")).toBe(1);
    } finally {
      r.close();
    }
  });
});

// --- redis-cli, redis-benchmark ---------------------------------------------


// Commands fed to redis-cli on stdin (its sdssplitargs handles the quoting and \x escapes).
const CLI_SCRIPT = [
  "DEL cli:bin cli:n cli:s",
  'SET cli:bin "a\\x00b\\r\\n\\xff\\x80 \\"q\\""',
  "GET cli:bin",
  "STRLEN cli:bin",
  "SET cli:s 'single quoted'",
  "INCR cli:n",
  "INCR cli:n",
  "INCRBY cli:n 40",
  "MGET cli:bin cli:s cli:n cli:missing",
  "EXPIRE cli:s 100",
  "TTL cli:n",
  "TTL cli:missing",
  "GET cli:missing",
  "INCR cli:s",
  "FOO bar",
  "DEL cli:bin cli:n cli:s cli:missing",
  "",
].join("\n");

describeWithCli("redis-cli", () => {
  let redis: TempRedis | null = null;
  beforeAll(async () => {
    if (hasRedis) redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  test("one command per invocation", async () => {
    const port = String(srv.port);
    expect(await run(["redis-cli", "-p", port, "PING"])).toEqual({ code: 0, out: "PONG\n", err: "" });
    expect((await run(["redis-cli", "-p", port, "SET", "cli:one", "a b\tc"])).out).toBe("OK\n");
    expect((await run(["redis-cli", "-p", port, "GET", "cli:one"])).out).toBe("a b\tc\n");
    expect((await run(["redis-cli", "-p", port, "--no-raw", "INCR", "cli:one:n"])).out).toBe("(integer) 1\n");
    expect((await run(["redis-cli", "-p", port, "-3", "--no-raw", "INCR", "cli:one:n"])).out).toBe("(integer) 2\n");
    expect((await run(["redis-cli", "-p", port, "-3", "GET", "cli:one"])).out).toBe("a b\tc\n");
    expect((await run(["redis-cli", "-p", port, "DEL", "cli:one", "cli:one:n"])).out).toBe("2\n");
  });

  // The same script against redis-server and redbun must print the same.
  for (const [name, flags] of [
    ["RESP2, raw output", []],
    ["RESP2, --no-raw", ["--no-raw"]],
    ["RESP3 (-3), --no-raw", ["-3", "--no-raw"]],
    ["RESP3 (-3), raw output", ["-3"]],
  ] as const) {
    testWithRedis(`piped commands, ${name}: same output as redis-server`, async () => {
      const want = await run(["redis-cli", "-p", String(redis!.port), ...flags], CLI_SCRIPT);
      const got = await run(["redis-cli", "-p", String(srv.port), ...flags], CLI_SCRIPT);
      expect(want.out).toContain("single quoted"); // the script really ran
      expect(got).toEqual(want);
    });
  }

  test("piped commands (redis-server not needed): expected output", async () => {
    const got = await run(["redis-cli", "-p", String(srv.port), "--no-raw"], CLI_SCRIPT);
    expect(got.code).toBe(0);
    expect(got.out).toBe(
      [
        "(integer) 0",
        "OK",
        '"a\\x00b\\r\\n\\xff\\x80 \\"q\\""',
        "(integer) 11",
        "OK",
        "(integer) 1",
        "(integer) 2",
        "(integer) 42",
        '1) "a\\x00b\\r\\n\\xff\\x80 \\"q\\""',
        '2) "single quoted"',
        '3) "42"',
        "4) (nil)",
        "(integer) 1",
        "(integer) -1",
        "(integer) -2",
        "(nil)",
        "(error) ERR value is not an integer or out of range",
        "(error) ERR unknown command 'FOO', with args beginning with: 'bar' ",
        "(integer) 3",
        "",
      ].join("\n"),
    );
  });

  test("redis-cli --pipe mass insertion", async () => {
    const N = 20_000;
    const parts: Buffer[] = [];
    for (let i = 0; i < N; i++) parts.push(encodeCommand(["SET", `mass:${i}`, `value-${i}-\r\n\0`]));
    parts.push(encodeCommand(["INCRBY", "mass:counter", String(N)]));
    const got = await run(["redis-cli", "-p", String(srv.port), "--pipe"], Buffer.concat(parts));
    expect(got.code).toBe(0);
    expect(got.out).toContain("All data transferred");
    expect(got.out).toContain(`errors: 0, replies: ${N + 1}`);
    expect((await run(["redis-cli", "-p", String(srv.port), "GET", "mass:19999"])).out).toBe("value-19999-\r\n\0\n");
    expect((await run(["redis-cli", "-p", String(srv.port), "GET", "mass:counter"])).out).toBe(`${N}\n`);
    // Clean up with a second mass operation.
    const dels: Buffer[] = [];
    for (let i = 0; i < N; i += 1000) dels.push(encodeCommand(["DEL", ...Array.from({ length: 1000 }, (_, j) => `mass:${i + j}`)]));
    dels.push(encodeCommand(["DEL", "mass:counter"]));
    const del = await run(["redis-cli", "-p", String(srv.port), "--pipe"], Buffer.concat(dels));
    expect(del.out).toContain(`errors: 0, replies: ${dels.length}`);
    expect((await run(["redis-cli", "-p", String(srv.port), "EXISTS", "mass:0", "mass:19999", "mass:counter"])).out).toBe("0\n");
  }, 30_000);
});

describeWithBench("redis-benchmark", () => {
  test("redis-benchmark -t set,get,incr -n 2000 -q completes", async () => {
    const got = await run(["redis-benchmark", "-h", "127.0.0.1", "-p", String(srv.port), "-t", "set,get,incr", "-n", "2000", "-q"]);
    expect(got.code).toBe(0);
    const text = got.out.replace(/\r/g, "\n");
    for (const t of ["SET", "GET", "INCR"]) expect(text).toMatch(new RegExp(`^${t}: [0-9.]+ requests per second`, "m"));
    expect(got.err + got.out).not.toContain("ERR");
  }, 60_000);

  test("redis-benchmark with pipelining (-P 16) and 20 clients", async () => {
    const got = await run(["redis-benchmark", "-h", "127.0.0.1", "-p", String(srv.port), "-t", "set,get", "-n", "5000", "-P", "16", "-c", "20", "-q"]);
    expect(got.code).toBe(0);
    const text = got.out.replace(/\r/g, "\n");
    expect(text).toMatch(/^SET: [0-9.]+ requests per second/m);
    expect(text).toMatch(/^GET: [0-9.]+ requests per second/m);
  }, 60_000);
});
