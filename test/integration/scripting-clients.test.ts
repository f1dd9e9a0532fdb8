// Scripts through the client libraries' own script APIs, the way applications
// use them: ioredis defineCommand (EVALSHA, falling back to EVAL on NOSCRIPT),
// node-redis scripts (defineScript) and eval/evalSha, Bun's RedisClient, and
// redis-py's Lock (its acquire/extend/release are Lua scripts). Plus the
// atomicity promise: 100 clients each running a read-modify-write script.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import IORedis6 from "ioredis";
import IORedis5 from "ioredis5";
import { createClient as createClient6, defineScript as defineScript6 } from "redis";
import { createClient as createClient5, defineScript as defineScript5 } from "redis5";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { BIN, ioredisReady, nodeRedisConnect } from "../helpers/clients.ts";
import { RespClient } from "../helpers/resp-client.ts";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(async () => {
  await server.stop();
});

const INCR_TWICE = "redis.call('incr', KEYS[1]) return redis.call('incr', KEYS[1])";
// Read-modify-write that is only correct if nothing runs in between.
const GET_ADD_SET = "local v = tonumber(redis.call('get', KEYS[1]) or '0') redis.call('set', KEYS[1], v + ARGV[1]) return v + ARGV[1]";

describe("ioredis defineCommand", () => {
  for (const [name, IORedis] of [["ioredis 6", IORedis6], ["ioredis 5", IORedis5]] as const) {
    test(`${name}: EVALSHA with the EVAL fallback, SCRIPT FLUSH in between, binary arguments`, async () => {
      const r = new IORedis(server.port, { lazyConnect: false }) as unknown as IORedis6;
      await ioredisReady(r as never);
      try {
        r.defineCommand("incrTwice", { numberOfKeys: 1, lua: INCR_TWICE });
        r.defineCommand("echoArg", { numberOfKeys: 0, lua: "return ARGV[1]" });
        const key = `${name}:ctr`;
        expect(await (r as any).incrTwice(key)).toBe(2);
        expect(await (r as any).incrTwice(key)).toBe(4);
        await r.script("FLUSH");
        expect(await (r as any).incrTwice(key)).toBe(6); // NOSCRIPT → EVAL, transparently
        expect(Buffer.from(await (r as any).echoArgBuffer(BIN))).toEqual(BIN);
        expect(await r.eval("return {KEYS[1], ARGV[1], 3, {ok='x'}}", 1, "k", "v")).toEqual(["k", "v", 3, "x"]);
        await expect(r.eval("return redis.call('nosuch')", 0)).rejects.toThrow(/Unknown Redis command called from script/);
      } finally {
        r.disconnect();
      }
    });
  }
});

describe("node-redis scripts", () => {
  for (const [name, createClient, defineScript] of [
    ["node-redis 6", createClient6, defineScript6],
    ["node-redis 5", createClient5, defineScript5],
  ] as const) {
    for (const RESP of [2, 3] as const) {
      test(`${name} RESP${RESP}: defineScript, eval, evalSha, scriptLoad`, async () => {
        const incrTwice = defineScript({
          SCRIPT: INCR_TWICE,
          NUMBER_OF_KEYS: 1,
          parseCommand(parser: { pushKey(k: string): void }, key: string) {
            parser.pushKey(key);
          },
          transformReply: (reply: unknown) => reply as number,
        } as never);
        const c = createClient({ socket: { port: server.port }, RESP, scripts: { incrTwice } } as never) as any;
        await nodeRedisConnect(c);
        try {
          const key = `${name}:${RESP}:ctr`;
          expect(await c.incrTwice(key)).toBe(2);
          await c.scriptFlush();
          expect(await c.incrTwice(key)).toBe(4);
          expect(await c.eval("return ARGV[1] .. KEYS[1]", { keys: ["k"], arguments: ["a"] })).toBe("ak");
          const sha = await c.scriptLoad("return 42");
          expect(await c.evalSha(sha)).toBe(42);
          expect(await c.scriptExists([sha, "0".repeat(40)])).toEqual([1, 0]); // Redis 7.0 answers integers in RESP3 too
        } finally {
          await c.quit();
        }
      });
    }
  }
});

test("Bun RedisClient: EVAL and EVALSHA through send()", async () => {
  const c = new RedisClient(`redis://127.0.0.1:${server.port}`);
  try {
    expect(await c.send("EVAL", [INCR_TWICE, "1", "bun:ctr"])).toBe(2);
    const sha = await c.send("SCRIPT", ["LOAD", "return {1, 'two', {double=3.5}}"]);
    expect(await c.send("EVALSHA", [sha, "0"])).toEqual([1, "two", 3.5]);
  } finally {
    c.close();
  }
});

test("atomic: 100 clients each run a GET-add-SET script 10 times; no update is lost", async () => {
  const clients = await Promise.all(
    Array.from({ length: 100 }, async () => {
      const r = new IORedis6(server.port);
      await ioredisReady(r as never);
      r.defineCommand("getAddSet", { numberOfKeys: 1, lua: GET_ADD_SET });
      return r;
    }),
  );
  try {
    await Promise.all(clients.map(async (r) => {
      for (let i = 0; i < 10; i++) await (r as any).getAddSet("atomic", 1);
    }));
    expect(await clients[0]!.get("atomic")).toBe("1000");
  } finally {
    for (const r of clients) r.disconnect();
  }
});

// redis-py is not an npm package: Debian's python3-redis provides it (CI installs it).
const PYTHON = "/usr/bin/python3";
const hasPyRedis = Bun.spawnSync([PYTHON, "-c", "import redis"], { stderr: "ignore" }).exitCode === 0;
const inCI = process.env.CI === "true" || process.env.CI === "1";
if (!hasPyRedis) console.warn("\n*** python3-redis is not installed: the redis-py Lock test is SKIPPED (CI installs it) ***\n");

test("python3-redis is available where CI requires it", () => {
  if (inCI) expect(hasPyRedis).toBe(true);
});

test.skipIf(!hasPyRedis)("redis-py: Lock acquire / extend / release (Lua scripts), a transaction pipeline, EVAL", async () => {
  const script = `
import redis, sys
r = redis.Redis(port=int(sys.argv[1]))
lock = r.lock("pylock", timeout=5)
assert lock.acquire(blocking=False)
assert not r.lock("pylock", timeout=5).acquire(blocking=False)
assert lock.extend(5)
assert 5000 < r.pttl("pylock") <= 10000
lock.release()
assert r.get("pylock") is None
p = r.pipeline(transaction=True); p.set("x", 1); p.incr("x"); print(p.execute())
print(r.eval("return {KEYS[1], ARGV[1]}", 1, "k", "v"))
print("ok")
`;
  const p = Bun.spawn([PYTHON, "-c", script, String(server.port)], { stdout: "pipe", stderr: "pipe" });
  const [out, errText, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  expect({ code, errText }).toEqual({ code: 0, errText: "" });
  expect(out).toBe("[True, 2]\n[b'k', b'v']\nok\n");
});

test("a script that runs past busy-reply-threshold without writing is stopped; the server keeps serving", async () => {
  const c = await RespClient.connect(server.port);
  try {
    await c.send("CONFIG", "SET", "busy-reply-threshold", "200");
    const r = await c.send("EVAL", "while true do end", "0");
    expect(r.bytes.toString()).toMatch(/^-ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:1\.\r\n$/);
    expect((await c.send("PING")).bytes.toString()).toBe("+PONG\r\n");
    // A long script that finishes in time is not touched.
    expect((await c.send("EVAL", "local t = 0 for i = 1, 200000 do t = t + i end return t", "0")).bytes.toString()).toBe(":20000100000\r\n");
  } finally {
    await c.send("CONFIG", "SET", "busy-reply-threshold", "5000");
    c.close();
  }
});
