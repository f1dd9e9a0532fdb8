// Starting redbun as redis-server is started: `bun run src/index.ts
// /path/redis.conf --port N ...`. The file uses redis.conf syntax (comments,
// "double-quoted" values with escapes, 'single-quoted' ones, include, repeated
// save lines, multi-address bind); command-line flags are applied after it.
// CONFIG GET shows the result, CONFIG REWRITE writes it back, a restart from
// the rewritten file gives the same configuration, a bad line is fatal and
// named, and timeout / maxclients / tcp-keepalive / requirepass from the file
// take effect. Where redis-server is installed, it is started with the same
// file and flags and its CONFIG GET replies are the reference.

import { afterAll, describe, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hasRedis } from "../helpers/diff.ts";
import { shutdownNosave, useTempDirs, waitForPort } from "../helpers/process.ts";
import { freePort, type Resp, RespClient } from "../helpers/resp-client.ts";

const ROOT = join(import.meta.dir, "..", "..");
const ENTRY = join(ROOT, "src", "index.ts");
const isLinux = process.platform === "linux";

const procs: Subprocess[] = [];
afterAll(() => {
  for (const p of procs) if (p.exitCode === null) p.kill();
});
const tempDir = useTempDirs("redbun-conf-");

interface Running {
  proc: Subprocess;
  port: number;
  output(): Promise<string>;
}

/** Starts a server process and waits until it accepts connections on 127.0.0.1:port. */
async function start(cmd: string[], port: number, cwd: string): Promise<Running> {
  const proc = Bun.spawn(cmd, { cwd, stdout: "pipe", stderr: "pipe" });
  procs.push(proc);
  const output = async () => (await new Response(proc.stdout).text()) + (await new Response(proc.stderr).text());
  try {
    await waitForPort(port, proc);
  } catch (e) {
    // Once it has exited, what it printed says why.
    throw new Error(`${cmd.join(" ")}: ${(e as Error).message}${proc.exitCode !== null ? `:\n${await output()}` : ""}`);
  }
  return { proc, port, output };
}

/** `bun run src/index.ts <file> <flags...>` — the way the issue says redbun is started. */
const redbun = (file: string | null, flags: string[], port: number, cwd = ROOT) =>
  start(["bun", "run", ENTRY, ...(file ? [file] : []), ...flags], port, cwd);
const redisServer = (file: string, flags: string[], port: number, cwd = ROOT) =>
  start(["redis-server", file, ...flags, "--daemonize", "no"], port, cwd);

/** Runs a server that must refuse to start; resolves with its exit code and everything it printed. */
async function failToStart(cmd: string[], cwd = ROOT): Promise<{ code: number; out: string }> {
  const p = Bun.spawn(cmd, { cwd, stdout: "pipe", stderr: "pipe" });
  procs.push(p);
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out: out + err };
}

async function connect(port: number, password?: string, host = "127.0.0.1"): Promise<RespClient> {
  const c = await RespClient.connect(port, host);
  if (password !== undefined) {
    const r = await c.send("AUTH", password);
    if (r.resp.t !== "simple") throw new Error(`AUTH failed: ${JSON.stringify(r.resp)}`);
  }
  return c;
}

/** CONFIG GET pattern as a name → value object. */
async function configGet(c: RespClient, pattern = "*"): Promise<Record<string, string>> {
  const r = (await c.send("CONFIG", "GET", pattern)).resp;
  if (r.t !== "array") throw new Error(`CONFIG GET ${pattern}: ${JSON.stringify(r)}`);
  const out: Record<string, string> = {};
  for (let i = 0; i < r.v.length; i += 2) out[(r.v[i] as { v: string }).v] = (r.v[i + 1] as { v: string }).v;
  return out;
}

const val = (r: Resp): unknown => ("v" in r ? (Array.isArray(r.v) ? r.v.map((x) => val(x as Resp)) : r.v) : null);

async function shutdown(s: Running, password?: string): Promise<void> {
  await shutdownNosave(s.proc, s.port, password);
}

const PASSWORD = 's3cret "q" \\ x'; // what the quoted value in the file below decodes to

/** A redis.conf using the syntax features redis-server accepts, plus a file it includes. */
function writeConf(dir: string): { main: string; extra: string } {
  const extra = join(dir, "extra.conf");
  writeFileSync(
    extra,
    [
      "# included from redis.conf",
      "maxclients 50",
      "list-max-ziplist-size -1", // an old alias
      "slowlog-max-len 64",
      "",
    ].join("\n"),
  );
  const main = join(dir, "redis.conf");
  writeFileSync(
    main,
    [
      "# A redis.conf in the usual syntax",
      "   # an indented comment",
      "",
      "port 1", // the command line says otherwise
      "bind 127.0.0.1 127.0.0.2",
      "timeout 0",
      "tcp-keepalive 60",
      "",
      "save 900 1",
      "save 300 10 60 10000", // repeated save lines add save points
      "\tmaxmemory-policy \"allkeys-lru\"", // leading whitespace, double quotes
      'requirepass "s3cr\\x65t \\"q\\" \\\\ x"', // escapes: \x65 \" \\
      "dbfilename 'my dump.rdb'", // single quotes, a space inside
      `dir ${dir}`,
      'notify-keyspace-events "KEA"',
      "maxmemory 100mb",
      "hz 20", // the command line says otherwise
      "LOGLEVEL warning", // directive names are case-insensitive
      `include ${extra}`,
      "",
    ].join("\n"),
  );
  return { main, extra };
}

/** Flags after the file: they win over what the file says. */
const FLAGS = (port: number) => ["--port", String(port), "--hz", "15", "--maxmemory-policy", "volatile-ttl"];

describe("redis.conf and command-line flags", () => {
  test("comments, quotes, include, repeated save, two bind addresses; flags override the file", async () => {
    const dir = tempDir();
    const { main } = writeConf(dir);
    const port = await freePort();
    const s = await redbun(main, FLAGS(port), port);
    try {
      const c = await connect(port, PASSWORD);
      const got = await configGet(c);
      expect({
        port: got.port,
        bind: got.bind,
        timeout: got.timeout,
        "tcp-keepalive": got["tcp-keepalive"],
        save: got.save,
        "maxmemory-policy": got["maxmemory-policy"],
        requirepass: got.requirepass,
        dbfilename: got.dbfilename,
        dir: got.dir,
        "notify-keyspace-events": got["notify-keyspace-events"],
        maxmemory: got.maxmemory,
        hz: got.hz,
        loglevel: got.loglevel,
        maxclients: got.maxclients,
        "list-max-listpack-size": got["list-max-listpack-size"],
        "slowlog-max-len": got["slowlog-max-len"],
      }).toEqual({
        port: String(port),
        bind: "127.0.0.1 127.0.0.2",
        timeout: "0",
        "tcp-keepalive": "60",
        save: "900 1 300 10 60 10000",
        "maxmemory-policy": "volatile-ttl",
        requirepass: PASSWORD,
        dbfilename: "my dump.rdb",
        dir,
        "notify-keyspace-events": "AKE",
        maxmemory: "104857600",
        hz: "15",
        loglevel: "warning",
        maxclients: "50",
        "list-max-listpack-size": "-1",
        "slowlog-max-len": "64",
      });
      // tcp-keepalive is a live parameter, as in Redis.
      expect(val((await c.send("CONFIG", "SET", "tcp-keepalive", "120")).resp)).toBe("OK");
      expect((await configGet(c, "tcp-keepalive"))["tcp-keepalive"]).toBe("120");
      c.close();
      // Both bind addresses accept clients (127.0.0.2 is loopback on Linux).
      if (isLinux) {
        const c2 = await connect(port, PASSWORD, "127.0.0.2");
        expect(val((await c2.send("PING")).resp)).toBe("PONG");
        c2.close();
      }

      // redis-server, from the same file and flags, reports the same values.
      if (hasRedis) {
        const rport = await freePort();
        const r = await redisServer(main, FLAGS(rport), rport);
        try {
          const rc = await connect(rport, PASSWORD);
          const want = await configGet(rc);
          rc.close();
          const mismatches: string[] = [];
          for (const [k, v] of Object.entries(got)) {
            if (k === "port" || k === "tcp-keepalive") continue;
            if (k in want && want[k] !== v) mismatches.push(`${k}: redis-server ${JSON.stringify(want[k])}, redbun ${JSON.stringify(v)}`);
          }
          expect(mismatches).toEqual([]);
        } finally {
          await shutdown(r, PASSWORD);
        }
      }
    } finally {
      await shutdown(s, PASSWORD);
    }
  }, 30_000);

  // redis-server appends the command line to the file's text and reads both as one
  // config: a --save flag adds save points to the file's (only --save "" clears them).
  test('--save on the command line adds to the file\'s save points, as redis-server does; --save "" clears them', async () => {
    const dir = tempDir();
    const conf = join(dir, "save.conf");
    writeFileSync(conf, "save 900 1\nsave 300 10\n");
    const results: Record<string, string[]> = {};
    for (const [name, run] of [["redbun", redbun], ...(hasRedis ? [["redis-server", redisServer] as const] : [])] as const) {
      const got: string[] = [];
      for (const flag of ["60 5", ""]) {
        const port = await freePort();
        const s = await run(conf, ["--port", String(port), "--save", flag], port, dir);
        const c = await connect(port);
        got.push((await configGet(c, "save")).save!);
        c.close();
        await shutdown(s);
      }
      results[name] = got;
    }
    expect(results.redbun).toEqual(["900 1 300 10 60 5", ""]);
    if (results["redis-server"]) expect(results.redbun).toEqual(results["redis-server"]!);
  }, 30_000);

  // redis-server opens an included path as given: relative to its working directory.
  test("include with a relative path is opened from the working directory, as redis-server does", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "main.conf"), "include inc.conf\n");
    writeFileSync(join(dir, "inc.conf"), "hz 44\n"); // the working directory's
    writeFileSync(join(dir, "sub", "inc.conf"), "hz 33\n"); // next to main.conf
    const results: Record<string, string> = {};
    for (const [name, run] of [["redbun", redbun], ...(hasRedis ? [["redis-server", redisServer] as const] : [])] as const) {
      const port = await freePort();
      const s = await run("sub/main.conf", ["--port", String(port)], port, dir);
      const c = await connect(port);
      results[name] = (await configGet(c, "hz")).hz!;
      c.close();
      await shutdown(s);
    }
    expect(results.redbun).toBe("44");
    if (results["redis-server"]) expect(results.redbun).toBe(results["redis-server"]!);
  }, 30_000);

  // Redis 7.0: "include /path/to/*.conf" includes every matching file, in sorted order.
  test("include with a glob pattern includes every matching file", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "conf.d"));
    writeFileSync(join(dir, "conf.d", "10-a.conf"), "hz 30\nslowlog-max-len 10\n");
    writeFileSync(join(dir, "conf.d", "20-b.conf"), "hz 40\n");
    writeFileSync(join(dir, "conf.d", "ignored.txt"), "hz 99\n");
    const conf = join(dir, "redis.conf");
    writeFileSync(conf, `save ""\ndir ${dir}\ninclude ${join(dir, "conf.d")}/*.conf\n`);
    const port = await freePort();
    const s = await redbun(conf, ["--port", String(port)], port);
    try {
      const c = await connect(port);
      const got = await configGet(c);
      expect([got.hz, got["slowlog-max-len"]]).toEqual(["40", "10"]);
      c.close();
    } finally {
      await shutdown(s);
    }
  }, 30_000);
});

describe("CONFIG REWRITE", () => {
  test("writes the running configuration back to the file; a restart from it has the same values", async () => {
    const dir = tempDir();
    const { main } = writeConf(dir);
    const port = await freePort();
    const s = await redbun(main, FLAGS(port), port);
    let before: Record<string, string>;
    try {
      const c = await connect(port, PASSWORD);
      for (const [k, v] of [
        ["maxmemory-policy", "volatile-lfu"],
        ["slowlog-max-len", "77"],
        ["save", "100 1 50 2"],
        ["notify-keyspace-events", "Ex"],
        ["maxmemory", "2gb"],
        ["maxmemory-samples", "7"],
        ["loglevel", "verbose"],
        ["list-max-listpack-size", "-3"],
      ]) {
        expect({ k, r: val((await c.send("CONFIG", "SET", k, v)).resp) }).toEqual({ k, r: "OK" });
      }
      expect(val((await c.send("CONFIG", "REWRITE")).resp)).toBe("OK");
      before = await configGet(c);
      c.close();
    } finally {
      await shutdown(s, PASSWORD);
    }
    const text = readFileSync(main, "latin1");
    // Comments and the include line stay; values are rewritten in place.
    expect(text).toStartWith("# A redis.conf in the usual syntax\n");
    expect(text).toContain("# an indented comment");
    expect(text).toContain(`include ${join(dir, "extra.conf")}`);
    expect(text).toContain(`port ${port}`);
    expect(text).not.toContain("port 1\n");
    expect(text).toMatch(/^maxmemory-policy volatile-lfu$/m);
    expect(text).toMatch(/^slowlog-max-len 77$/m);
    expect(text).toMatch(/^maxmemory 2gb$/m);
    expect(text).toMatch(/^hz 15$/m);

    // Restart from the rewritten file alone: the port and everything else come from it.
    const again = await redbun(main, [], port);
    try {
      const c = await connect(port, PASSWORD);
      const after = await configGet(c);
      expect(after).toEqual(before!);
      c.close();
    } finally {
      await shutdown(again, PASSWORD);
    }
  }, 30_000);

  test("without a config file: the Redis error", async () => {
    const port = await freePort();
    const s = await redbun(null, ["--port", String(port), "--save", ""], port, tempDir());
    try {
      const c = await connect(port);
      expect((await c.send("CONFIG", "REWRITE")).resp).toMatchObject({ t: "error", v: "ERR The server is running without a config file" });
      c.close();
    } finally {
      await shutdown(s);
    }
  });
});

describe("a bad configuration is fatal", () => {
  const CASES: { name: string; files: Record<string, string>; flags?: string[]; line?: number; shown: string; why: string }[] = [
    { name: "unknown directive", files: { "redis.conf": "# ok\nport 7000\nfoo bar\n" }, line: 3, shown: "foo bar", why: "Bad directive or wrong number of arguments" },
    { name: "bad value", files: { "redis.conf": "maxmemory abc\n" }, line: 1, shown: "maxmemory abc", why: "argument must be a memory value" },
    { name: "value out of range", files: { "redis.conf": "\n\nmaxclients 0\n" }, line: 3, shown: "maxclients 0", why: "argument must be between 1 and 4294967295 inclusive" },
    { name: "bad enum", files: { "redis.conf": "appendfsync sometimes\n" }, line: 1, shown: "appendfsync sometimes", why: "argument(s) must be one of the following: everysec, always, no" },
    { name: "unbalanced quotes", files: { "redis.conf": 'requirepass "abc\n' }, line: 1, shown: 'requirepass "abc', why: "Unbalanced quotes in configuration line" },
    {
      name: "error inside an included file",
      files: { "redis.conf": "# main\ninclude INC\n", "inc.conf": "hz 10\nbogus-directive\n" },
      line: 2,
      shown: "bogus-directive",
      why: "Bad directive or wrong number of arguments",
    },
    { name: "bad command-line flag", files: { "redis.conf": "hz 10\n" }, flags: ["--port", "abc"], shown: "port", why: "argument couldn't be parsed into an integer" },
  ];

  for (const k of CASES) {
    test(k.name, async () => {
      const dir = tempDir();
      for (const [f, body] of Object.entries(k.files)) writeFileSync(join(dir, f), body.replace("INC", join(dir, "inc.conf")));
      const conf = join(dir, "redis.conf");
      const got = await failToStart(["bun", "run", ENTRY, conf, ...(k.flags ?? ["--port", String(await freePort())])], dir);
      expect(got.code).not.toBe(0);
      expect(got.out).toContain("*** FATAL CONFIG FILE ERROR");
      if (k.line !== undefined) expect(got.out).toMatch(new RegExp(`Reading the configuration file, at line ${k.line}\\b`));
      expect(got.out).toContain(`>>> '${k.shown}`);
      expect(got.out).toContain(k.why);
      if (hasRedis) {
        const want = await failToStart(["redis-server", conf, ...(k.flags ?? ["--port", "0"])], dir);
        expect(want.code).not.toBe(0);
        expect(want.out).toContain(k.why); // the reference says the same
        if (k.line !== undefined) expect(want.out).toContain(`at line ${k.line}\n>>> '${k.shown}'`);
      }
    });
  }

  test("a missing config file", async () => {
    const dir = tempDir();
    const got = await failToStart(["bun", "run", ENTRY, join(dir, "nope.conf"), "--port", String(await freePort())], dir);
    expect(got.code).not.toBe(0);
    expect(got.out).toContain(`Fatal error, can't open config file '${join(dir, "nope.conf")}'`);
  });
});

/** A connection the server has accepted (PING answered), retrying while it refuses clients. */
async function acceptedClient(port: number): Promise<RespClient> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const c = await RespClient.connect(port);
    const r = await c.send("PING").catch(() => null);
    if (r && val(r.resp) === "PONG") return c;
    c.close();
    if (Date.now() > deadline) throw new Error(`port ${port}: no connection accepted within 5 s`);
    await Bun.sleep(20);
  }
}

/** Connects, sends nothing, and returns everything the server writes before it closes the connection. */
async function bytesUntilClosed(port: number): Promise<string> {
  const chunks: Buffer[] = [];
  let done!: () => void;
  const closed = new Promise<void>((r) => (done = r));
  await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data: (_s, d) => void chunks.push(Buffer.from(d)),
      close: () => done(),
      error: () => done(),
    },
  });
  await closed;
  return Buffer.concat(chunks).toString("latin1");
}

describe("parameters from the file take effect", () => {
  test("timeout 1 closes idle clients, not subscribers or blocked clients", async () => {
    const dir = tempDir();
    const conf = join(dir, "redis.conf");
    writeFileSync(conf, `timeout 1\nsave ""\ndir ${dir}\n`);
    const port = await freePort();
    const s = await redbun(conf, ["--port", String(port)], port);
    try {
      const idle = await connect(port);
      const sub = await connect(port);
      const psub = await connect(port);
      const blocked = await connect(port);
      expect(val((await sub.send("SUBSCRIBE", "ch")).resp)).toEqual(["subscribe", "ch", 1]);
      expect(val((await psub.send("PSUBSCRIBE", "p*")).resp)).toEqual(["psubscribe", "p*", 1]);
      const pending = blocked.send("BLPOP", "nothing-yet", "0");
      let idleClosed = false;
      const idleGone = idle.next().then(
        () => {},
        () => {
          idleClosed = true;
        },
      );
      // Redis checks idle clients in its cron; give it time, without asserting how much.
      const deadline = Date.now() + 15_000;
      while (!idleClosed && Date.now() < deadline) await Bun.sleep(50);
      await idleGone;
      expect(idleClosed).toBe(true);
      // One more idle period later, the others are still connected.
      await Bun.sleep(1500);
      const pusher = await connect(port);
      expect(val((await pusher.send("PUBLISH", "ch", "hi")).resp)).toBe(1);
      expect(val((await pusher.send("PUBLISH", "pq", "hi")).resp)).toBe(1);
      expect(val((await sub.next()).resp)).toEqual(["message", "ch", "hi"]);
      expect(val((await psub.next()).resp)).toEqual(["pmessage", "p*", "pq", "hi"]);
      expect(val((await pusher.send("RPUSH", "nothing-yet", "v")).resp)).toBe(1);
      expect(val((await pending).resp)).toEqual(["nothing-yet", "v"]);
      expect(val((await sub.send("PING")).resp)).toEqual(["pong", ""]);
      for (const c of [sub, psub, blocked, pusher]) c.close();
    } finally {
      await shutdown(s);
    }
  }, 30_000);

  test("maxclients 2: a third client gets the Redis error and is disconnected", async () => {
    const dir = tempDir();
    const conf = join(dir, "redis.conf");
    writeFileSync(conf, `maxclients 2\nsave ""\ndir ${dir}\n`);
    const port = await freePort();
    const s = await redbun(conf, ["--port", String(port)], port);
    try {
      // (The start-up probe's connection may still be counted for a moment: retry until accepted.)
      const a = await acceptedClient(port);
      const b = await acceptedClient(port);
      // The third connection: the server writes the error and closes it.
      expect(await bytesUntilClosed(port)).toBe("-ERR max number of clients reached\r\n");
      expect(val((await a.send("PING")).resp)).toBe("PONG");
      // Once one leaves, a new client is accepted.
      b.close();
      const c = await acceptedClient(port);
      expect(val((await a.send("CONFIG", "GET", "maxclients")).resp)).toEqual(["maxclients", "2"]);
      a.close();
      c.close();
    } finally {
      await shutdown(s);
    }
  }, 30_000);

  test("requirepass in the file: NOAUTH before AUTH, WRONGPASS for a bad one", async () => {
    const dir = tempDir();
    const { main } = writeConf(dir);
    const port = await freePort();
    const s = await redbun(main, ["--port", String(port)], port);
    try {
      const c = await RespClient.connect(port);
      expect((await c.send("GET", "k")).bytes.toString()).toBe("-NOAUTH Authentication required.\r\n");
      expect((await c.send("AUTH", "s3cret")).bytes.toString()).toBe("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
      expect((await c.send("AUTH", PASSWORD)).bytes.toString()).toBe("+OK\r\n");
      expect((await c.send("SET", "k", "v")).bytes.toString()).toBe("+OK\r\n");
      c.close();
      const d = await RespClient.connect(port);
      const hello = await d.send("HELLO", "3", "AUTH", "default", PASSWORD);
      expect(hello.resp.t).toBe("map");
      expect((await d.send("GET", "k")).bytes.toString()).toBe("$1\r\nv\r\n");
      d.close();
    } finally {
      await shutdown(s, PASSWORD);
    }
  }, 30_000);
});
