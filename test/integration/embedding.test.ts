// Embedding redbun, as README.md ("Embedding (tests)") documents it: a Bun
// test file starts the server in-process on a free port, uses it with any
// client, and stops it — the port is then free again, and two servers in one
// process share nothing. And the `bin` entry: `bun src/index.ts --port N`,
// and the packed package installed into a fresh project, run as
// `bunx redbun --port N` and imported as "redbun".

import { afterAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import IORedis from "ioredis";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { shutdownNosave, useTempDirs, waitForPort } from "../helpers/process.ts";
import { freePort, RespClient } from "../helpers/resp-client.ts";

const ROOT = join(import.meta.dir, "..", "..");

async function canBind(port: number): Promise<boolean> {
  try {
    const l = Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } });
    l.stop(true);
    return true;
  } catch {
    return false;
  }
}

describe("startServer (programmatic API)", () => {
  test("the README example: port 0, Bun's RedisClient on srv.url, stop()", async () => {
    const srv = await startServer({ port: 0 });
    try {
      expect(srv.port).toBeGreaterThan(0);
      expect(srv.host).toBe("127.0.0.1");
      expect(srv.url).toBe(`redis://127.0.0.1:${srv.port}`);
      const client = new RedisClient(srv.url, { autoReconnect: false });
      await client.set("k", "v");
      expect(await client.get("k")).toBe("v");
      expect(await client.incr("n")).toBe(1);
      client.close();
    } finally {
      await srv.stop();
    }
  });

  test("ioredis on srv.port; stop() disconnects clients and frees the port for a new server", async () => {
    const srv = await startServer({ port: 0 });
    const port = srv.port;
    const io = new IORedis({ port, host: "127.0.0.1", maxRetriesPerRequest: 0, retryStrategy: () => null });
    const closed = new Promise<void>((resolve) => io.once("end", () => resolve()));
    try {
      expect(await io.set("io:k", "v")).toBe("OK");
      expect(await io.hset("io:h", { a: "1", b: "2" })).toBe(2);
      expect(await io.hgetall("io:h")).toEqual({ a: "1", b: "2" });
      expect(await io.rpush("io:l", "x", "y")).toBe(2);
      expect(await io.lrange("io:l", 0, -1)).toEqual(["x", "y"]);
    } finally {
      await srv.stop();
    }
    // The connected client sees the server go away.
    await closed;
    expect(io.status).toBe("end");
    // Nothing listens any more, and the port can be bound again — by another redbun, too.
    await expect(RespClient.connect(port)).rejects.toThrow();
    expect(await canBind(port)).toBe(true);
    const again = await startServer({ port });
    try {
      expect(again.port).toBe(port);
      const c = await RespClient.connect(port);
      // A new server: the old data is gone.
      expect((await c.send("EXISTS", "io:k", "io:h", "io:l")).resp).toMatchObject({ t: "int", v: 0 });
      c.close();
    } finally {
      await again.stop();
    }
    expect(await canBind(port)).toBe(true);
  });

  test("stop() is prompt with clients still connected, including a blocked and a subscribed one", async () => {
    const srv = await startServer({ port: 0 });
    const idle = await RespClient.connect(srv.port);
    const blocked = await RespClient.connect(srv.port);
    const sub = await RespClient.connect(srv.port);
    const blockedReply = blocked.send("BLPOP", "nothing", "0").catch((e: Error) => e);
    expect((await sub.send("SUBSCRIBE", "ch")).resp.t).toBe("array");
    await srv.stop();
    // Every connection is closed by the server.
    expect(await blockedReply).toBeInstanceOf(Error);
    await expect(idle.send("PING")).rejects.toThrow();
    await expect(sub.send("PING")).rejects.toThrow();
    expect(await canBind(srv.port)).toBe(true);
  });

  test("two servers in one process are independent", async () => {
    const a = await startServer({ port: 0 });
    const b = await startServer({ port: 0, config: { databases: 4 } });
    try {
      expect(a.port).not.toBe(b.port);
      const ca = new RedisClient(a.url, { autoReconnect: false });
      const cb = new IORedis({ port: b.port, host: "127.0.0.1", maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await ca.set("shared-name", "in a");
        expect(await cb.get("shared-name")).toBeNull();
        await cb.set("shared-name", "in b");
        expect(await ca.get("shared-name")).toBe("in a");
        expect(await cb.get("shared-name")).toBe("in b");
        // Configuration is per server.
        expect(await ca.send("CONFIG", ["GET", "databases"])).toEqual({ databases: "16" });
        expect(await cb.config("GET", "databases")).toEqual(["databases", "4"]);
        await cb.config("SET", "maxmemory-policy", "allkeys-lru");
        expect(await ca.send("CONFIG", ["GET", "maxmemory-policy"])).toEqual({ "maxmemory-policy": "noeviction" });
        // Pub/Sub is per server.
        const sub = new RedisClient(a.url, { autoReconnect: false });
        const got: string[] = [];
        await sub.subscribe("news", (m) => got.push(m));
        expect(await cb.publish("news", "from b")).toBe(0);
        expect(await ca.publish("news", "from a")).toBe(1);
        const deadline = Date.now() + 5000;
        while (got.length === 0 && Date.now() < deadline) await Bun.sleep(5);
        expect(got).toEqual(["from a"]);
        sub.close();
        // FLUSHALL on one leaves the other alone.
        expect(await cb.flushall()).toBe("OK");
        expect(await ca.get("shared-name")).toBe("in a");
        // Stopping one leaves the other serving.
        cb.disconnect();
        await b.stop();
        expect(await ca.get("shared-name")).toBe("in a");
        expect(await ca.send("DBSIZE", [])).toBe(1);
      } finally {
        ca.close();
        cb.disconnect();
      }
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  test("options from the README: bind, config (requirepass, maxclients), log", async () => {
    const srv = await startServer({ port: 0, bind: "127.0.0.1", config: { maxclients: 50, requirepass: "pw", "protected-mode": true }, log: false });
    try {
      const c = await RespClient.connect(srv.port);
      expect((await c.send("GET", "k")).resp).toMatchObject({ t: "error", v: "NOAUTH Authentication required." });
      expect((await c.send("AUTH", "wrong")).resp).toMatchObject({
        t: "error",
        v: "WRONGPASS invalid username-password pair or user is disabled.",
      });
      expect((await c.send("AUTH", "pw")).resp).toMatchObject({ t: "simple", v: "OK" });
      const cfg = await c.send("CONFIG", "GET", "maxclients");
      expect(cfg.bytes.toString()).toBe("*2\r\n$10\r\nmaxclients\r\n$2\r\n50\r\n");
      const pm = await c.send("CONFIG", "GET", "protected-mode");
      expect(pm.bytes.toString()).toBe("*2\r\n$14\r\nprotected-mode\r\n$3\r\nyes\r\n");
      c.close();
      // Clients pass the password the usual way.
      const io = new IORedis({ port: srv.port, host: "127.0.0.1", password: "pw", maxRetriesPerRequest: 0, retryStrategy: () => null });
      expect(await io.ping()).toBe("PONG");
      io.disconnect();
      const bun = new RedisClient(`redis://:pw@127.0.0.1:${srv.port}`, { autoReconnect: false });
      expect(await bun.ping()).toBe("PONG");
      bun.close();
    } finally {
      await srv.stop();
    }
    // A bad parameter is an exception, not a half-started server.
    await expect(startServer({ port: 0, config: { maxclients: "many" } })).rejects.toThrow(/maxclients/);
    await expect(startServer({ port: 0, config: { "no-such-parameter": 1 } })).rejects.toThrow();
  });

  test("a port in use is an error from startServer", async () => {
    const a = await startServer({ port: 0 });
    try {
      await expect(startServer({ port: a.port })).rejects.toThrow();
    } finally {
      await a.stop();
    }
  });
});

// --- the command-line entry point and the package's bin -------------------------

const procs: import("bun").Subprocess[] = [];
afterAll(() => {
  for (const p of procs) if (p.exitCode === null) p.kill();
});
const tempDir = useTempDirs("redbun-embed-");

/** Spawns a server process and waits until it listens; the caller shuts it down. */
async function spawnServer(cmd: string[], port: number, cwd: string, env?: Record<string, string>) {
  const p = Bun.spawn(cmd, { cwd, stdout: "pipe", stderr: "pipe", env: { ...process.env, ...env } });
  procs.push(p);
  await waitForPort(port, p);
  return p;
}

describe("command line and bin", () => {
  test("package.json bin points at src/index.ts, which starts with a bun shebang", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg.bin).toEqual({ redbun: "src/index.ts" });
    expect(readFileSync(join(ROOT, "src/index.ts"), "utf8").split("\n")[0]).toBe("#!/usr/bin/env bun");
    expect(pkg.files).toContain("src");
  });

  for (const [name, argv] of [
    ["bun src/index.ts --port N", ["src/index.ts"]],
    ["bun run src/index.ts --port N", ["run", "src/index.ts"]],
  ] as const) {
    test(name, async () => {
      const port = await freePort();
      // cwd: a temporary directory would not find src/; save "" keeps the checkout free of dump.rdb.
      const p = await spawnServer(["bun", ...argv, "--port", String(port), "--save", ""], port, ROOT);
      const c = new RedisClient(`redis://127.0.0.1:${port}`, { autoReconnect: false });
      expect(await c.set("k", "v")).toBe("OK");
      expect(await c.get("k")).toBe("v");
      expect(String(await c.send("INFO", ["server"]))).toContain(`tcp_port:${port}`);
      c.close();
      expect(await shutdownNosave(p, port)).toBe(0);
      const log = await new Response(p.stdout).text();
      expect(log).toContain("ready to accept connections");
    });
  }

  test("--help and --version", async () => {
    const help = Bun.spawnSync(["bun", "src/index.ts", "--help"], { cwd: ROOT });
    expect(help.exitCode).toBe(0);
    expect(help.stdout.toString()).toContain("--port");
    const ver = Bun.spawnSync(["bun", "src/index.ts", "--version"], { cwd: ROOT });
    expect(ver.exitCode).toBe(0);
    expect(ver.stdout.toString()).toMatch(/redis_version=7\.\d+\.\d+/);
  });

  test("the packed package in a fresh project: `bunx redbun --port N`, the bin by its shebang, import \"redbun\"", async () => {
    const dir = tempDir();
    // A private install cache: nothing is shared with (or left in) the user's bun cache.
    const env = { BUN_INSTALL_CACHE_DIR: join(dir, "cache") };
    const pack = Bun.spawnSync(["bun", "pm", "pack", "--destination", dir], { cwd: ROOT, env: { ...process.env, ...env } });
    expect(pack.exitCode).toBe(0);
    const tgz = join(dir, readdirSync(dir).find((f) => f.endsWith(".tgz"))!);
    const app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    const add = Bun.spawnSync(["bun", "add", tgz], { cwd: app, env: { ...process.env, ...env } });
    expect({ code: add.exitCode, err: add.exitCode === 0 ? "" : add.stderr.toString() }).toEqual({ code: 0, err: "" });

    // bunx runs the package's bin.
    let port = await freePort();
    let p = await spawnServer(["bunx", "redbun", "--port", String(port), "--save", ""], port, app, env);
    let c = await RespClient.connect(port);
    expect((await c.send("PING")).resp).toMatchObject({ t: "simple", v: "PONG" });
    c.close();
    expect(await shutdownNosave(p, port)).toBe(0);

    // The installed bin is executable and runs through its shebang.
    port = await freePort();
    p = await spawnServer([join(app, "node_modules", ".bin", "redbun"), "--port", String(port), "--save", ""], port, app, env);
    c = await RespClient.connect(port);
    expect((await c.send("ECHO", "shebang")).resp).toMatchObject({ t: "bulk", v: "shebang" });
    c.close();
    expect(await shutdownNosave(p, port)).toBe(0);

    // The programmatic API from the installed package.
    writeFileSync(
      join(app, "embed.ts"),
      [
        'import { startServer } from "redbun";',
        'import { RedisClient } from "bun";',
        "const srv = await startServer({ port: 0 });",
        "const client = new RedisClient(srv.url);",
        'await client.set("k", "v");',
        'console.log(await client.get("k"), srv.port > 0);',
        "client.close();",
        "await srv.stop();",
      ].join("\n"),
    );
    const embed = Bun.spawnSync(["bun", "embed.ts"], { cwd: app, env: { ...process.env, ...env } });
    expect({ code: embed.exitCode, out: embed.stdout.toString(), err: embed.stderr.toString() }).toEqual({ code: 0, out: "v true\n", err: "" });
  }, 60_000);
});
