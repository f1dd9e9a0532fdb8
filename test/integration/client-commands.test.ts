// CLIENT LIST / INFO / KILL / SETINFO / NO-EVICT / NO-TOUCH across several
// connections, INFO's counters, CONFIG SET port (listening again) and
// CONFIG REWRITE, against an in-process redbun.

import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Config } from "../../src/config.ts";
import { loadConfig } from "../../src/configfile.ts";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { Server } from "../../src/server.ts";
import { freePort, type RawReply, RespClient } from "../helpers/resp-client.ts";

function str(r: RawReply): string {
  const x = r.resp;
  if (x.t === "bulk" || x.t === "simple") return x.v;
  if (x.t === "verbatim") return x.v.slice(4);
  if (x.t === "error") return x.v;
  if (x.t === "int") return String(x.v);
  if (x.t === "null") return "(nil)";
  throw new Error(`unexpected reply ${r.bytes.toString("latin1")}`);
}

/** CLIENT LIST text → one field map per line. */
function parseList(text: string): Record<string, string>[] {
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => Object.fromEntries(l.split(" ").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)])));
}

/** Resolves true once the server has closed c's connection (false if still open after ms). */
async function closedWithin(c: RespClient, ms = 2000): Promise<boolean> {
  return Promise.race([
    c.next().then(
      () => false,
      () => true,
    ),
    Bun.sleep(ms).then(() => false),
  ]);
}

async function infoField(c: RespClient, section: string, field: string): Promise<string | undefined> {
  const text = str(await c.send("INFO", section));
  for (const line of text.split("\r\n")) if (line.startsWith(field + ":")) return line.slice(field.length + 1);
  return undefined;
}

describe("CLIENT across connections", () => {
  let srv: RunningServer;
  const open: RespClient[] = [];
  const connect = async () => {
    const c = await RespClient.connect(srv.port);
    open.push(c);
    return c;
  };

  beforeAll(async () => {
    srv = await startServer({ port: 0 });
  });
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    // Let the server see the closes before the next test counts clients.
    for (let i = 0; i < 50 && srv.server.clients.size > 0; i++) await Bun.sleep(10);
  });
  afterAll(async () => {
    await srv.stop();
  });

  test("CLIENT LIST shows every connection with its id, name, db and last command", async () => {
    const a = await connect();
    const b = await connect();
    const idA = Number(str(await a.send("CLIENT", "ID")));
    const idB = Number(str(await b.send("CLIENT", "ID")));
    expect(idB).toBeGreaterThan(idA);
    await b.send("CLIENT", "SETNAME", "worker-b");
    await b.send("SELECT", "5");
    await b.send("SET", "k", "v");
    const rows = parseList(str(await a.send("CLIENT", "LIST")));
    expect(rows.map((r) => Number(r.id))).toEqual([idA, idB]);
    const rb = rows.find((r) => Number(r.id) === idB)!;
    expect(rb.name).toBe("worker-b");
    expect(rb.db).toBe("5");
    expect(rb.cmd).toBe("set");
    expect(rb.flags).toBe("N");
    expect(rb.multi).toBe("-1");
    expect(rb.resp).toBe("2");
    expect(rb.user).toBe("default");
    expect(rb.laddr).toBe(`127.0.0.1:${srv.port}`);
    expect(rb.addr).toMatch(/^127\.0\.0\.1:\d+$/);
    const ra = rows.find((r) => Number(r.id) === idA)!;
    expect(ra.cmd).toBe("client|list");
    expect(Number(ra.qbuf)).toBeGreaterThan(0);
    // Distinct stand-in descriptors.
    expect(new Set(rows.map((r) => r.fd)).size).toBe(rows.length);
  });

  test("CLIENT LIST ID picks clients in the given order, skipping unknown ids", async () => {
    const a = await connect();
    const b = await connect();
    const idA = str(await a.send("CLIENT", "ID"));
    const idB = str(await b.send("CLIENT", "ID"));
    const rows = parseList(str(await a.send("CLIENT", "LIST", "ID", idB, "999999", idA, idB)));
    expect(rows.map((r) => r.id)).toEqual([idB, idA, idB]);
  });

  test("a connection that sent nothing shows cmd=NULL", async () => {
    const a = await connect();
    const idA = str(await a.send("CLIENT", "ID"));
    await connect();
    for (let i = 0; i < 100 && srv.server.clients.size < 2; i++) await Bun.sleep(5);
    const rows = parseList(str(await a.send("CLIENT", "LIST")));
    const other = rows.find((r) => r.id !== idA)!;
    expect(other.cmd).toBe("NULL");
    expect(other.age).toMatch(/^\d+$/);
    expect(other.idle).toMatch(/^\d+$/);
    expect(rows.find((r) => r.id === idA)!.cmd).toBe("client|list");
  });

  test("TYPE pubsub and flags P, x, e, T", async () => {
    const a = await connect();
    const sub = await connect();
    const idSub = str(await sub.send("CLIENT", "ID"));
    await sub.send("SUBSCRIBE", "ch1", "ch2");
    await sub.next(); // second subscribe confirmation
    await sub.send("PSUBSCRIBE", "p*");
    const rows = parseList(str(await a.send("CLIENT", "LIST", "TYPE", "pubsub")));
    expect(rows.map((r) => r.id)).toEqual([idSub]);
    expect(rows[0]!.flags).toBe("P");
    expect(rows[0]!.sub).toBe("2");
    expect(rows[0]!.psub).toBe("1");
    expect(parseList(str(await a.send("CLIENT", "LIST", "TYPE", "normal"))).map((r) => r.id)).not.toContain(idSub);

    const idA = str(await a.send("CLIENT", "ID"));
    await a.send("MULTI");
    const m = await connect();
    await a.send("SET", "x", "1");
    await a.send("GET", "x");
    const [ra] = parseList(str(await m.send("CLIENT", "LIST", "ID", idA)));
    expect(ra!.flags).toBe("x");
    expect(ra!.multi).toBe("2");
    expect(Number(ra!["multi-mem"])).toBeGreaterThan(0);
    await a.send("DISCARD");

    expect(str(await a.send("CLIENT", "NO-EVICT", "on"))).toBe("OK");
    expect(parseList(str(await a.send("CLIENT", "INFO")))[0]!.flags).toBe("e");
    expect(str(await a.send("CLIENT", "NO-TOUCH", "ON"))).toBe("OK");
    expect(parseList(str(await a.send("CLIENT", "INFO")))[0]!.flags).toBe("eT");
    await a.send("CLIENT", "NO-EVICT", "off");
    await a.send("CLIENT", "NO-TOUCH", "off");
    expect(parseList(str(await a.send("CLIENT", "INFO")))[0]!.flags).toBe("N");
    expect(str(await a.send("CLIENT", "NO-TOUCH", "maybe"))).toBe("ERR syntax error");
  });

  test("CLIENT SETINFO (Redis 7.2): lib-name / lib-ver in CLIENT INFO and LIST", async () => {
    const a = await connect();
    expect(str(await a.send("CLIENT", "SETINFO", "LIB-NAME", "redbun-test"))).toBe("OK");
    expect(str(await a.send("CLIENT", "SETINFO", "lib-ver", "1.2.3"))).toBe("OK");
    const [row] = parseList(str(await a.send("CLIENT", "INFO")));
    expect(row!["lib-name"]).toBe("redbun-test");
    expect(row!["lib-ver"]).toBe("1.2.3");
    const info = str(await a.send("CLIENT", "INFO"));
    expect(info.endsWith(" lib-name=redbun-test lib-ver=1.2.3\n")).toBe(true);
    expect(str(await a.send("CLIENT", "SETINFO", "lib-foo", "x"))).toBe("ERR Unrecognized option 'lib-foo'");
    expect(str(await a.send("CLIENT", "SETINFO", "LIB-NAME", "a b"))).toBe(
      "ERR LIB-NAME cannot contain spaces, newlines or special characters.",
    );
    expect(str(await a.send("CLIENT", "SETINFO", "lib-ver", "1\n2"))).toBe("ERR lib-ver cannot contain spaces, newlines or special characters.");
    expect(str(await a.send("CLIENT", "SETINFO", "lib-name"))).toBe("ERR wrong number of arguments for 'client|setinfo' command");
    // An empty value clears it.
    expect(str(await a.send("CLIENT", "SETINFO", "lib-name", ""))).toBe("OK");
    expect(parseList(str(await a.send("CLIENT", "INFO")))[0]!["lib-name"]).toBe("");
  });

  test("CLIENT KILL ID closes that connection only", async () => {
    const a = await connect();
    const b = await connect();
    const c = await connect();
    const idB = str(await b.send("CLIENT", "ID"));
    await c.send("PING");
    expect(str(await a.send("CLIENT", "KILL", "ID", idB))).toBe("1");
    expect(await closedWithin(b)).toBe(true);
    expect(str(await c.send("PING"))).toBe("PONG");
    expect(parseList(str(await a.send("CLIENT", "LIST"))).map((r) => r.id)).not.toContain(idB);
    expect(str(await a.send("CLIENT", "KILL", "ID", idB))).toBe("0");
  });

  test("CLIENT KILL addr:port (old form), ADDR, LADDR, USER, TYPE, SKIPME", async () => {
    const a = await connect();
    const b = await connect();
    const [rb] = parseList(str(await b.send("CLIENT", "INFO")));
    expect(str(await a.send("CLIENT", "KILL", rb!.addr!))).toBe("OK");
    expect(await closedWithin(b)).toBe(true);
    expect(str(await a.send("CLIENT", "KILL", rb!.addr!))).toBe("ERR No such client");

    const c = await connect();
    const [rc] = parseList(str(await c.send("CLIENT", "INFO")));
    expect(str(await a.send("CLIENT", "KILL", "ADDR", rc!.addr!, "SKIPME", "yes"))).toBe("1");
    expect(await closedWithin(c)).toBe(true);

    const d = await connect();
    const e = await connect();
    await d.send("PING");
    await e.send("PING");
    // LADDR matches every connection to this listener; SKIPME (default yes) spares a.
    expect(str(await a.send("CLIENT", "KILL", "LADDR", `127.0.0.1:${srv.port}`))).toBe("2");
    expect(await closedWithin(d)).toBe(true);
    expect(await closedWithin(e)).toBe(true);
    expect(str(await a.send("PING"))).toBe("PONG");

    const f = await connect();
    await f.send("PING");
    expect(str(await a.send("CLIENT", "KILL", "USER", "default"))).toBe("1");
    expect(await closedWithin(f)).toBe(true);

    const g = await connect();
    await g.send("PING");
    expect(str(await a.send("CLIENT", "KILL", "TYPE", "pubsub"))).toBe("0");
    expect(str(await a.send("CLIENT", "KILL", "TYPE", "normal", "ID", "999999"))).toBe("0");
    expect(str(await a.send("CLIENT", "KILL", "TYPE", "normal"))).toBe("1");
    expect(await closedWithin(g)).toBe(true);
    expect(str(await a.send("PING"))).toBe("PONG");
  });

  test("a client can kill itself: the reply arrives, then the connection closes", async () => {
    const a = await connect();
    const id = str(await a.send("CLIENT", "ID"));
    expect(str(await a.send("CLIENT", "KILL", "ID", id, "SKIPME", "no"))).toBe("1");
    expect(await closedWithin(a)).toBe(true);

    const b = await connect();
    const [rb] = parseList(str(await b.send("CLIENT", "INFO")));
    expect(str(await b.send("CLIENT", "KILL", rb!.addr!))).toBe("OK");
    expect(await closedWithin(b)).toBe(true);
  });

  test("CLIENT HELP lists the subcommands redbun has", async () => {
    const a = await connect();
    const r = await a.send("CLIENT", "HELP");
    expect(r.resp.t).toBe("array");
    const lines = (r.resp as { v: { v: string }[] }).v.map((x) => x.v);
    expect(lines[0]).toBe("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    for (const s of ["GETNAME", "ID", "INFO", "LIST [options ...]", "SETNAME <name>", "SETINFO <option> <value>", "NO-EVICT (ON|OFF)", "NO-TOUCH (ON|OFF)"]) {
      expect(lines).toContain(s);
    }
    expect(lines.at(-2)).toBe("HELP");
  });
});

describe("INFO counters", () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startServer({ port: 0, config: { maxclients: 2 } });
  });
  afterAll(async () => {
    await srv.stop();
  });

  test("connections, rejections, commands, hits, misses, expiries, CONFIG RESETSTAT", async () => {
    const a = await RespClient.connect(srv.port);
    expect(str(await a.send("CONFIG", "RESETSTAT"))).toBe("OK");
    const b = await RespClient.connect(srv.port);
    await b.send("PING");
    // A third connection is over maxclients.
    const c = await RespClient.connect(srv.port);
    const r = await c.next();
    expect(str(r)).toBe("ERR max number of clients reached");
    expect(await infoField(a, "stats", "total_connections_received")).toBe("2");
    expect(await infoField(a, "stats", "rejected_connections")).toBe("1");
    expect(await infoField(a, "clients", "connected_clients")).toBe("2");
    await a.send("SET", "k", "v", "PX", "1");
    await a.send("GET", "nope");
    await Bun.sleep(10);
    await a.send("GET", "k"); // expired on access
    expect(await infoField(a, "stats", "keyspace_misses")).toBe("2");
    expect(await infoField(a, "stats", "expired_keys")).toBe("1");
    expect(Number(await infoField(a, "stats", "total_commands_processed"))).toBeGreaterThanOrEqual(6);
    expect(Number(await infoField(a, "stats", "total_net_input_bytes"))).toBeGreaterThan(0);
    expect(Number(await infoField(a, "persistence", "rdb_changes_since_last_save"))).toBeGreaterThanOrEqual(1);
    expect(str(await a.send("CONFIG", "RESETSTAT"))).toBe("OK");
    expect(await infoField(a, "stats", "keyspace_misses")).toBe("0");
    expect(await infoField(a, "stats", "expired_keys")).toBe("0");
    expect(await infoField(a, "stats", "total_connections_received")).toBe("0");
    const cmdstats = str(await a.send("INFO", "commandstats"));
    expect(cmdstats).toMatch(/^# Commandstats\r\ncmdstat_info:calls=\d+,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=0\r\ncmdstat_config\|resetstat:calls=1,/);
    a.close();
    b.close();
  });

  test("instantaneous_ops_per_sec is sampled by the cron", async () => {
    const a = await RespClient.connect(srv.port);
    // Keep traffic going until the cron has taken samples with traffic in them (no fixed timing).
    let infoOps = 0;
    let kbps = 0;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && (infoOps === 0 || kbps === 0); ) {
      await Promise.all(Array.from({ length: 200 }, () => a.send("PING")));
      await Bun.sleep(50);
      infoOps = Number(await infoField(a, "stats", "instantaneous_ops_per_sec"));
      kbps = Number(await infoField(a, "stats", "instantaneous_input_kbps"));
    }
    // INFO reports a non-zero sampled rate after traffic (a field check, not a speed check).
    expect(infoOps).toBeGreaterThan(0);
    expect(kbps).toBeGreaterThan(0);
    a.close();
  });
});

describe("CONFIG SET port / bind", () => {
  test("listening moves to the new port; connected clients stay; a busy port is refused", async () => {
    const srv = await startServer({ port: 0 });
    try {
      const a = await RespClient.connect(srv.port);
      const oldPort = srv.port;
      const newPort = await freePort();
      expect(str(await a.send("CONFIG", "SET", "port", String(newPort)))).toBe("OK");
      expect(str(await a.send("PING"))).toBe("PONG");
      expect(await infoField(a, "server", "tcp_port")).toBe(String(newPort));
      const b = await RespClient.connect(newPort);
      expect(str(await b.send("PING"))).toBe("PONG");
      await expect(RespClient.connect(oldPort)).rejects.toThrow();
      // A port someone else holds: refused, nothing changes.
      const blocker = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
      try {
        expect(str(await a.send("CONFIG", "SET", "port", String(blocker.port)))).toBe(
          "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.",
        );
      } finally {
        blocker.stop(true);
      }
      const port = (await a.send("CONFIG", "GET", "port")).resp as { v: { v: string }[] };
      expect(port.v[1]!.v).toBe(String(newPort));
      const c = await RespClient.connect(newPort);
      expect(str(await c.send("PING"))).toBe("PONG");
      // Atomic: a bad value alongside a new port changes neither.
      const other = await freePort();
      expect(str(await a.send("CONFIG", "SET", "port", String(other), "timeout", "x"))).toMatch(/^ERR CONFIG SET failed/);
      await expect(RespClient.connect(other)).rejects.toThrow();
      // bind: an address that can't be bound is refused.
      expect(str(await a.send("CONFIG", "SET", "bind", "192.0.2.123"))).toBe(
        "ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses.",
      );
      expect(str(await c.send("PING"))).toBe("PONG");
      // New addresses on the same port: the old listener gives the port up.
      expect(str(await a.send("CONFIG", "SET", "bind", "127.0.0.1 -::1"))).toBe("OK");
      const d = await RespClient.connect(newPort);
      expect(str(await d.send("PING"))).toBe("PONG");
      const bind = (await d.send("CONFIG", "GET", "bind")).resp as { v: { v: string }[] };
      expect(bind.v[1]!.v).toBe("127.0.0.1 -::1");
      for (const x of [a, b, c, d]) x.close();
    } finally {
      await srv.stop();
    }
  });
});

describe("CONFIG REWRITE", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "redbun-rewrite-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("without a config file", async () => {
    const srv = await startServer({ port: 0 });
    const a = await RespClient.connect(srv.port);
    expect(str(await a.send("CONFIG", "REWRITE"))).toBe("ERR The server is running without a config file");
    a.close();
    await srv.stop();
  });

  test("keeps comments and order, replaces changed lines, appends the rest", async () => {
    const file = join(dir, "redis.conf");
    writeFileSync(
      file,
      ["# top comment", "port 0", "", "hz 20", "# between", "maxmemory 1mb", "save 100 1", "save 200 2", "hash-max-ziplist-entries 100", ""].join("\n"),
    );
    const config = new Config();
    loadConfig(config, file, []);
    const server = new Server(config);
    server.log.sink = null;
    await server.listen();
    try {
      const a = await RespClient.connect(server.port);
      expect(str(await a.send("CONFIG", "SET", "hz", "30", "maxmemory", "2gb", "timeout", "5"))).toBe("OK");
      expect(str(await a.send("CONFIG", "SET", "notify-keyspace-events", "KEA", "hash-max-listpack-entries", "64"))).toBe("OK");
      expect(str(await a.send("CONFIG", "REWRITE"))).toBe("OK");
      const lines = readFileSync(file, "latin1").split("\n");
      expect(lines.slice(0, 9)).toEqual([
        "# top comment",
        "port 0",
        "",
        "hz 30",
        "# between",
        "maxmemory 2gb",
        "save 100 1 200 2",
        "hash-max-listpack-entries 64",
        "# Generated by CONFIG REWRITE",
      ]);
      expect(lines).toContain("timeout 5");
      expect(lines).toContain('notify-keyspace-events "AKE"');
      expect(lines.some((l) => l.startsWith("dir "))).toBe(true);
      expect(lines.at(-1)).toBe("");
      // Parameters at their default and absent from the file stay out.
      expect(lines.some((l) => l.startsWith("maxmemory-policy"))).toBe(false);
      // The rewritten file loads back to the same values.
      const again = new Config();
      loadConfig(again, file, []);
      for (const k of ["hz", "maxmemory", "timeout", "save", "notify-keyspace-events", "hash-max-listpack-entries"]) {
        expect({ k, v: again.get(k) }).toEqual({ k, v: config.get(k) });
      }
      // A second rewrite is stable (no second signature, nothing duplicated).
      expect(str(await a.send("CONFIG", "REWRITE"))).toBe("OK");
      expect(readFileSync(file, "latin1").split("\n")).toEqual(lines);
      a.close();
    } finally {
      await server.stop();
    }
  });
});
