// redis-cli, unchanged, against redbun: the interactive mode driven under
// tmux (prompt, replies printed as with redis-server, and the argument hints
// redis-cli builds from COMMAND DOCS while a command is being typed),
// --pipe mass insertion, -3 (RESP3) output, --scan --pattern, --bigkeys and
// --memkeys. Where redis-server is installed, every screen and output is
// compared with what the same redis-cli shows against it.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { hasRedis, describeWithCliAndTmux, describeWithCli, hasCli, hasTmux } from "../helpers/diff.ts";
import { run } from "../helpers/process.ts";
import { encodeCommand, RespClient, startRedis, type TempRedis } from "../helpers/resp-client.ts";

if (!hasCli) console.warn("\n*** redis-cli is not installed: redis-cli tests are SKIPPED ***\n");
if (hasCli && !hasTmux) console.warn("\n*** tmux is not installed: interactive redis-cli tests are SKIPPED (CI installs tmux) ***\n");

let srv: RunningServer;
let redis: TempRedis | null = null;
beforeAll(async () => {
  srv = await startServer({ port: 0 });
  if (hasRedis && hasCli) redis = await startRedis();
});
afterAll(async () => {
  await srv?.stop();
  await redis?.stop();
  rmSync(TMUX_DIR, { recursive: true, force: true });
});

/** The servers a test runs against: redbun, and redis-server when installed. */
const targets = (): { name: string; port: number }[] => [
  { name: "redbun", port: srv.port },
  ...(redis ? [{ name: "redis-server", port: redis.port }] : []),
];

const cli = (port: number, ...args: string[]) => ["redis-cli", "-h", "127.0.0.1", "-p", String(port), ...args];

/** Runs commands on a server through a raw connection (setup, not under test). */
async function setup(port: number, cmds: string[][]): Promise<void> {
  const c = await RespClient.connect(port);
  try {
    for (const cmd of cmds) {
      const r = await c.send(...cmd);
      if (r.resp.t === "error") throw new Error(`${cmd.join(" ")}: ${r.resp.v}`);
    }
  } finally {
    c.close();
  }
}

// --- tmux ------------------------------------------------------------------

/** A private tmux server on a socket in a temporary directory: the user's sessions are never touched, nothing is left behind. */
const TMUX_DIR = mkdtempSync(join(tmpdir(), "redbun-tmux-"));
const TMUX = ["tmux", "-S", join(TMUX_DIR, "socket")];

function tmux(...args: string[]): string {
  const p = Bun.spawnSync([...TMUX, ...args], { stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error(`tmux ${args.join(" ")}: ${p.stderr.toString()}`);
  return p.stdout.toString();
}

/** The prompt at the start of a line (lines are captured with trailing spaces trimmed). */
const PROMPT = /^127\.0\.0\.1:(\d+)(\[\d+\])?(\(TX\))?>( |$)/;
/** A prompt with nothing typed after it. */
const EMPTY_PROMPT = /^127\.0\.0\.1:(\d+)(\[\d+\])?(\(TX\))?>$/;

/** One interactive redis-cli in a tmux pane. */
class CliSession {
  private static seq = 0;
  readonly name: string;
  constructor(readonly port: number) {
    this.name = `cli${CliSession.seq++}`;
    // No history file: the user's ~/.rediscli_history stays as it is.
    tmux("new-session", "-d", "-s", this.name, "-x", "200", "-y", "50", `REDISCLI_HISTFILE=/dev/null redis-cli -h 127.0.0.1 -p ${port}`);
  }

  /** Every line, scrollback included, wrapped lines joined; trailing blank lines dropped. */
  lines(): string[] {
    const l = tmux("capture-pane", "-p", "-J", "-S", "-", "-t", this.name).split("\n").map((s) => s.trimEnd());
    while (l.length > 0 && l[l.length - 1] === "") l.pop();
    return l;
  }

  /** Polls the screen until `pred` holds on two captures in a row (redis-cli has finished drawing). */
  async waitFor(what: string, pred: (lines: string[]) => boolean, ms = 5000): Promise<string[]> {
    const deadline = Date.now() + ms;
    let prev: string | null = null;
    for (;;) {
      const l = this.lines();
      const now = l.join("\n");
      if (pred(l) && now === prev) return l;
      prev = pred(l) ? now : null;
      if (Date.now() > deadline) throw new Error(`redis-cli on port ${this.port}: timed out waiting for ${what}; screen:\n${now}`);
      await Bun.sleep(20);
    }
  }

  prompts(l: string[]): number {
    return l.filter((s) => PROMPT.test(s)).length;
  }

  /** Types a command, presses Enter and waits for the next prompt; returns the lines it printed. */
  async command(text: string): Promise<string[]> {
    const before = this.prompts(this.lines());
    tmux("send-keys", "-t", this.name, "-l", text);
    tmux("send-keys", "-t", this.name, "Enter");
    const l = await this.waitFor(`the reply to ${text}`, (l) => this.prompts(l) > before && EMPTY_PROMPT.test(l[l.length - 1]!));
    return l;
  }

  /** Types text without Enter; returns the input line as drawn (with redis-cli's hint after it). */
  async typePartial(text: string): Promise<string> {
    tmux("send-keys", "-t", this.name, "-l", text);
    const l = await this.waitFor(`"${text}" to be echoed`, (l) => {
      const last = l[l.length - 1] ?? "";
      return PROMPT.test(last) && last.replace(PROMPT, "").startsWith(text);
    });
    return l[l.length - 1]!.replace(PROMPT, "");
  }

  /** Clears the input line (Ctrl-U). */
  async clearLine(): Promise<void> {
    tmux("send-keys", "-t", this.name, "C-u");
    await this.waitFor("the input line to clear", (l) => EMPTY_PROMPT.test(l[l.length - 1] ?? ""));
  }

  kill(): void {
    try {
      tmux("kill-session", "-t", this.name);
    } catch {
      // already gone
    }
  }
}

/** Screen text with the port in prompts replaced, so that two servers' transcripts compare. */
const normalizePort = (lines: string[], port: number) => lines.map((s) => s.split(`127.0.0.1:${port}`).join("127.0.0.1:PORT"));

// A session: each line is typed in interactive mode, as a user would.
const SESSION = [
  'SET greeting "hello world"',
  "GET greeting",
  "STRLEN greeting",
  "INCR counter",
  "INCRBY counter 41",
  "INCR greeting",
  "GET nosuchkey",
  "MGET greeting counter nosuchkey",
  "RPUSH list a b c",
  "LRANGE list 0 -1",
  "LPOP list",
  "HSET hash f1 v1 f2 v2",
  "HGETALL hash",
  "HINCRBY hash n 5",
  "SADD set only",
  "SMEMBERS set",
  "ZADD zset 1 a 2.5 b",
  "ZRANGE zset 0 -1 WITHSCORES",
  "ZSCORE zset b",
  "EXPIRE greeting 100",
  "TTL counter",
  "TYPE hash",
  "EXISTS greeting list nosuchkey",
  "MULTI",
  "INCR counter",
  "GET counter",
  "EXEC",
  "SELECT 1",
  "DBSIZE",
  "SELECT 0",
  "FOO bar baz",
  "SET onlykey",
  "DEL greeting counter list hash set zset",
];

describeWithCliAndTmux("redis-cli interactive (tmux)", () => {
  const sessions: CliSession[] = [];
  // A session that lives for the whole file keeps the tmux server up: when a
  // test's last session closes, the server exits, and a new-session racing
  // that exit fails with "server exited unexpectedly".
  beforeAll(() => {
    tmux("new-session", "-d", "-s", "keeper", "-x", "80", "-y", "10", "sleep 600");
  });
  afterAll(() => {
    for (const s of sessions) s.kill();
    try {
      tmux("kill-server");
    } catch {
      // no server left
    }
  });

  async function open(port: number): Promise<CliSession> {
    const s = new CliSession(port);
    sessions.push(s);
    await s.waitFor("the prompt", (l) => l.length > 0 && EMPTY_PROMPT.test(l[l.length - 1]!));
    return s;
  }

  test("connects: the prompt names the server, not 'not connected>'", async () => {
    const s = await open(srv.port);
    const l = s.lines();
    expect(l[l.length - 1]).toBe(`127.0.0.1:${srv.port}>`);
    expect(l.join("\n")).not.toContain("not connected");
    expect(await s.command("PING")).toContain("PONG");
    s.kill();
  });

  test("typed commands print what they print against redis-server", async () => {
    const transcripts: Record<string, string[]> = {};
    for (const t of targets()) {
      await setup(t.port, [["FLUSHALL"]]);
      const s = await open(t.port);
      for (const line of SESSION) await s.command(line);
      transcripts[t.name] = normalizePort(s.lines(), t.port);
      s.kill();
    }
    const got = transcripts.redbun!.join("\n");
    // What a user sees, whether or not redis-server is here to compare with.
    for (const want of [
      '127.0.0.1:PORT> GET greeting\n"hello world"',
      "127.0.0.1:PORT> INCRBY counter 41\n(integer) 42",
      "127.0.0.1:PORT> INCR greeting\n(error) ERR value is not an integer or out of range",
      "127.0.0.1:PORT> GET nosuchkey\n(nil)",
      '127.0.0.1:PORT> MGET greeting counter nosuchkey\n1) "hello world"\n2) "42"\n3) (nil)',
      '127.0.0.1:PORT> LRANGE list 0 -1\n1) "a"\n2) "b"\n3) "c"',
      '127.0.0.1:PORT> HGETALL hash\n1) "f1"\n2) "v1"\n3) "f2"\n4) "v2"',
      '127.0.0.1:PORT> ZRANGE zset 0 -1 WITHSCORES\n1) "a"\n2) "1"\n3) "b"\n4) "2.5"',
      "127.0.0.1:PORT> MULTI\nOK\n127.0.0.1:PORT(TX)> INCR counter\nQUEUED\n127.0.0.1:PORT(TX)> GET counter\nQUEUED\n127.0.0.1:PORT(TX)> EXEC\n1) (integer) 43\n2) \"43\"",
      "127.0.0.1:PORT> SELECT 1\nOK\n127.0.0.1:PORT[1]> DBSIZE\n(integer) 0\n127.0.0.1:PORT[1]> SELECT 0\nOK",
      "127.0.0.1:PORT> FOO bar baz\n(error) ERR unknown command 'FOO', with args beginning with: 'bar' 'baz'",
      "127.0.0.1:PORT> SET onlykey\n(error) ERR wrong number of arguments for 'set' command",
      "127.0.0.1:PORT> DEL greeting counter list hash set zset\n(integer) 6",
    ]) {
      expect(got).toContain(want);
    }
    if (transcripts["redis-server"]) expect(transcripts.redbun).toEqual(transcripts["redis-server"]);
  }, 60_000);

  // Partially typed commands: redis-cli draws the remaining arguments after the
  // cursor, from the COMMAND DOCS reply it fetched when it connected.
  const PARTIAL = [
    "SET k",
    "SET k v",
    "SET k v EX 10",
    "GET",
    "HSET h",
    "HINCRBY h",
    "LPUSH l",
    "LRANGE l",
    "BLPOP",
    "ZADD z",
    "ZRANGE z",
    "SADD s",
    "EXPIRE k 10",
    "GETEX k",
    "SCAN 0",
    "CLIENT KILL",
    "CLIENT SETNAME",
    "CONFIG SET",
    "CONFIG GET",
    "OBJECT ENCODING",
    "SUBSCRIBE",
    "PUBLISH",
    "WATCH",
    "LPOS l",
    "COPY a",
    "MEMORY USAGE",
  ];

  /** How many COMMAND DOCS calls a server has answered (INFO commandstats). */
  async function docsCalls(port: number): Promise<number> {
    const c = await RespClient.connect(port);
    try {
      const r = await c.send("INFO", "commandstats");
      const m = /^cmdstat_command\|docs:calls=(\d+)/m.exec(r.resp.t === "bulk" ? r.resp.v : "");
      return m ? Number(m[1]) : 0;
    } finally {
      c.close();
    }
  }

  test("hints for partially typed commands (from COMMAND DOCS)", async () => {
    // redis-cli asks the server for COMMAND DOCS when it connects and builds its hints from the reply.
    const docsBefore = await docsCalls(srv.port);
    const hints: Record<string, string[]> = {};
    for (const t of targets()) {
      const s = await open(t.port);
      const drawn: string[] = [];
      for (const text of PARTIAL) {
        drawn.push(await s.typePartial(text));
        await s.clearLine();
      }
      hints[t.name] = drawn;
      s.kill();
    }
    expect(await docsCalls(srv.port)).toBeGreaterThan(docsBefore);
    const got = Object.fromEntries(PARTIAL.map((p, i) => [p, hints.redbun![i]!]));
    // Known hints, whether or not redis-server is here to compare with.
    expect(got["SET k"]).toBe("SET k value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]");
    expect(got["SET k v"]).toStartWith("SET k v [NX|XX] [GET]");
    expect(got["GET"]).toBe("GET key");
    expect(got["HSET h"]).toBe("HSET h field value [field value ...]");
    expect(got["BLPOP"]).toBe("BLPOP key [key ...] timeout");
    expect(got["ZADD z"]).toBe("ZADD z [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]");
    expect(got["CONFIG SET"]).toBe("CONFIG SET parameter value [parameter value ...]");
    expect(got["SCAN 0"]).toBe("SCAN 0 [MATCH pattern] [COUNT count] [TYPE type]");
    if (hints["redis-server"]) {
      const want = Object.fromEntries(PARTIAL.map((p, i) => [p, hints["redis-server"]![i]!]));
      expect(got).toEqual(want);
    }
  }, 60_000);
});

// --- non-interactive modes ---------------------------------------------------

describeWithCli("redis-cli modes", () => {
  test("--pipe mass insertion (with one failing command): same report as redis-server", async () => {
    const N = 5000;
    const parts: Buffer[] = [encodeCommand(["FLUSHALL"])];
    for (let i = 0; i < N; i++) parts.push(encodeCommand(["SET", `mass:${i}`, `value-${i}-\r\n\0\xff`]));
    for (let i = 0; i < 100; i++) parts.push(encodeCommand(["RPUSH", "mass:list", String(i)]));
    parts.push(encodeCommand(["INCR", "mass:0"])); // fails: not an integer
    parts.push(encodeCommand(["HSET", "mass:hash", "f", "v"]));
    const input = Buffer.concat(parts);
    const outputs: Record<string, { code: number; out: string; err: string }> = {};
    for (const t of targets()) {
      outputs[t.name] = await run(cli(t.port, "--pipe"), input);
      expect((await run(cli(t.port, "DBSIZE"))).out).toBe(`${N + 2}\n`);
      expect((await run(cli(t.port, "GET", "mass:4999"))).out).toBe("value-4999-\r\n\0\xff\n");
      expect((await run(cli(t.port, "LLEN", "mass:list"))).out).toBe("100\n");
    }
    const got = outputs.redbun!;
    expect(got.code).toBe(1); // redis-cli --pipe exits 1 when any reply was an error
    expect(got.out).toContain("All data transferred");
    expect(got.out).toContain(`errors: 1, replies: ${N + 103}`);
    expect(got.err).toContain("ERR value is not an integer or out of range");
    if (outputs["redis-server"]) expect(got).toEqual(outputs["redis-server"]!);
    await setup(srv.port, [["FLUSHALL"]]);
  }, 60_000);

  const RESP3_SETUP = [
    ["FLUSHALL"],
    ["HSET", "h", "field1", "v1", "field2", "v2"],
    ["SADD", "s", "m"],
    ["ZADD", "z", "1.5", "a"],
    ["SET", "str", "x"],
  ];

  test("-3 (RESP3): HELLO and HGETALL print as maps, like redis-server", async () => {
    const outs: Record<string, string[]> = {};
    for (const t of targets()) {
      await setup(t.port, RESP3_SETUP);
      const o: string[] = [];
      for (const flags of [["-3", "--no-raw"], ["-3"]]) {
        // The connection id differs between servers: the rest must not.
        o.push((await run(cli(t.port, ...flags, "HELLO"))).out.replace(/^(4# "id" => \(integer\) |id )\d+$/m, "$1ID"));
        o.push((await run(cli(t.port, ...flags, "HGETALL", "h"))).out);
        o.push((await run(cli(t.port, ...flags, "SMEMBERS", "s"))).out);
        o.push((await run(cli(t.port, ...flags, "ZSCORE", "z", "a"))).out);
        o.push((await run(cli(t.port, ...flags, "ZRANGE", "z", "0", "-1", "WITHSCORES"))).out);
        o.push((await run(cli(t.port, ...flags, "CONFIG", "GET", "maxclients"))).out);
        o.push((await run(cli(t.port, ...flags, "GET", "nosuch"))).out);
        o.push((await run(cli(t.port, ...flags, "EXISTS", "str"))).out);
      }
      outs[t.name] = o;
    }
    const got = outs.redbun!;
    expect(got[0]).toContain('1# "server" => "redis"');
    expect(got[0]).toContain('3# "proto" => (integer) 3');
    expect(got[0]).toContain('4# "id" => (integer) ID');
    expect(got[0]).toContain('7# "modules" => (empty array)');
    expect(got[1]).toBe('1# "field1" => "v1"\n2# "field2" => "v2"\n');
    expect(got[2]).toBe('1~ "m"\n');
    expect(got[3]).toBe("(double) 1.5\n");
    expect(got[6]).toBe("(nil)\n");
    if (outs["redis-server"]) expect(got).toEqual(outs["redis-server"]!);
  });

  test("--scan --pattern lists exactly the matching keys", async () => {
    const keys: string[][] = [["FLUSHALL"]];
    for (let i = 0; i < 300; i++) keys.push(["SET", `user:${i}`, "x"]);
    for (let i = 0; i < 200; i++) keys.push(["SET", `session:${i}`, "x"]);
    keys.push(["HSET", "user:h", "f", "v"]);
    for (const t of targets()) {
      await setup(t.port, keys);
      const all = await run(cli(t.port, "--scan"));
      expect(all.code).toBe(0);
      expect(all.out.trim().split("\n").length).toBe(501);
      const users = await run(cli(t.port, "--scan", "--pattern", "user:*"));
      const got = users.out.trim().split("\n").sort();
      expect(got).toEqual([...Array.from({ length: 300 }, (_, i) => `user:${i}`), "user:h"].sort());
      const few = await run(cli(t.port, "--scan", "--pattern", "user:[12]?"));
      expect(few.out.trim().split("\n").sort()).toEqual(Array.from({ length: 20 }, (_, i) => `user:${i + 10}`).sort());
      const none = await run(cli(t.port, "--scan", "--pattern", "nomatch:*"));
      expect(none).toEqual({ code: 0, out: "", err: "" });
    }
  });

  /** A keyspace whose biggest key of each type is unique, so that the summaries are deterministic. */
  const BIG_SETUP: string[][] = [
    ["FLUSHALL"],
    ["SET", "s:small", "ab"],
    ["SET", "s:big", "x".repeat(1000)],
    ["RPUSH", "l:small", "a"],
    ["RPUSH", "l:big", ...Array.from({ length: 50 }, (_, i) => `e${i}`)],
    ["HSET", "h:big", ...Array.from({ length: 20 }, (_, i) => [`f${i}`, `v${i}`]).flat()],
    ["SADD", "set:big", ...Array.from({ length: 30 }, (_, i) => `m${i}`)],
    ["ZADD", "z:big", ...Array.from({ length: 40 }, (_, i) => [String(i), `z${i}`]).flat()],
  ];
  const summaryOf = (out: string) => out.slice(out.indexOf("-------- summary -------"));

  test("--bigkeys: the same summary as redis-server", async () => {
    const outs: Record<string, string> = {};
    for (const t of targets()) {
      await setup(t.port, BIG_SETUP);
      const r = await run(cli(t.port, "--bigkeys"));
      expect(r.code).toBe(0);
      expect(r.err).toBe("");
      outs[t.name] = summaryOf(r.out);
    }
    const got = outs.redbun!;
    expect(got).toContain("Sampled 7 keys in the keyspace!");
    expect(got).toContain(`Biggest string found '"s:big"' has 1000 bytes`);
    expect(got).toContain(`Biggest   list found '"l:big"' has 50 items`);
    expect(got).toContain(`Biggest   hash found '"h:big"' has 20 fields`);
    expect(got).toContain(`Biggest    set found '"set:big"' has 30 members`);
    expect(got).toContain(`Biggest   zset found '"z:big"' has 40 members`);
    expect(got).toContain("2 strings with 1002 bytes");
    if (outs["redis-server"]) expect(got).toEqual(outs["redis-server"]!);
  });

  test("--memkeys: MEMORY USAGE answers for every key type", async () => {
    for (const t of targets()) {
      await setup(t.port, BIG_SETUP);
      const r = await run(cli(t.port, "--memkeys"));
      expect(r.code).toBe(0);
      // redis-cli prints "MEMORY USAGE on '<key>' failed" for every key the server cannot size.
      expect(`${t.name}: ${r.err}${r.out}`).not.toContain("failed");
      const summary = summaryOf(r.out);
      expect(summary).toContain("Sampled 7 keys in the keyspace!");
      // The byte counts are the server's own estimates; the biggest of each type must be the big key.
      for (const [type, key] of [
        ["string", "s:big"],
        ["list", "l:big"],
        ["hash", "h:big"],
        ["set", "set:big"],
        ["zset", "z:big"],
      ]) {
        expect(summary).toMatch(new RegExp(`Biggest +${type} found '"${key}"' has [1-9]\\d* bytes`));
      }
    }
  });
});
