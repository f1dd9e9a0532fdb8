// The networking layer end to end, over real sockets: concurrency, pipelining,
// partial frames, big values in pieces, output backpressure, protocol errors,
// connection limits, and the CLI process (startup line, signals, bad flags).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Socket, Subprocess } from "bun";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { VERSION } from "../../src/version.ts";
import { collectOutput } from "../helpers/process.ts";
import { encodeCommand, freePort, parseResp, type Resp, RespClient } from "../helpers/resp-client.ts";

const b = (s: string) => Buffer.from(s, "latin1");

/**
 * A raw connection: write any bytes, collect everything the server sends, and
 * know when it closed. Reading can be paused (the kernel buffers fill up and
 * the server sees a client that does not read).
 */
class RawConn {
  chunks: Buffer[] = [];
  received = 0;
  closed = false;
  private waiters: (() => void)[] = [];
  /** When set, incoming data goes here instead of being buffered. */
  onChunk: ((d: Buffer) => void) | null = null;

  private constructor(readonly sock: Socket<undefined>) {}

  static async open(port: number): Promise<RawConn> {
    let conn!: RawConn;
    const pending: Buffer[] = [];
    const sock = await Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        data(_s, d) {
          const buf = Buffer.from(d);
          if (conn) conn.onData(buf);
          else pending.push(buf);
        },
        close() {
          if (conn) conn.onClose();
        },
        error() {
          if (conn) conn.onClose();
        },
      },
    });
    conn = new RawConn(sock);
    for (const d of pending) conn.onData(d);
    return conn;
  }

  private onData(d: Buffer): void {
    this.received += d.length;
    if (this.onChunk) this.onChunk(d);
    else this.chunks.push(d);
    this.wake();
  }

  private onClose(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private changed(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  text(): string {
    return Buffer.concat(this.chunks).toString("latin1");
  }

  write(data: string | Buffer): void {
    const buf = typeof data === "string" ? b(data) : data;
    let off = 0;
    // Bun's write may take only part under backpressure; keep going.
    const n = this.sock.write(buf);
    off = n < 0 ? buf.length : n;
    if (off < buf.length) throw new Error(`short write ${off}/${buf.length}: use writeAll`);
  }

  /** Writes a large buffer completely, waiting for the socket to drain as needed. */
  async writeAll(buf: Buffer): Promise<void> {
    let off = 0;
    while (off < buf.length) {
      const n = this.sock.write(buf.subarray(off));
      if (n < 0) throw new Error("socket closed");
      off += n;
      if (off < buf.length) await Bun.sleep(1);
    }
  }

  /** Waits until the collected text satisfies pred (or the timeout passes). */
  async until(pred: (text: string, closed: boolean) => boolean, ms = 5000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const t = this.text();
      if (pred(t, this.closed)) return t;
      if (Date.now() > deadline) throw new Error(`timed out; have ${JSON.stringify(t.slice(0, 300))} closed=${this.closed}`);
      await this.changed(Math.max(1, Math.min(50, deadline - Date.now())));
    }
  }

  /** Waits for n complete replies and returns them parsed. */
  async replies(n: number, ms = 5000): Promise<Resp[]> {
    let out: Resp[] = [];
    await this.until(() => {
      out = [];
      const buf = Buffer.concat(this.chunks);
      if (this.chunks.length > 1) this.chunks = [buf];
      let pos = 0;
      while (out.length < n) {
        const r = parseResp(buf, pos);
        if (!r) return false;
        out.push(r);
        pos = r.end;
      }
      return true;
    }, ms);
    return out;
  }

  waitClosed(ms = 5000): Promise<string> {
    return this.until((_, closed) => closed, ms);
  }

  end(): void {
    this.sock.end();
  }
}

function clientsOf(srv: RunningServer) {
  return [...srv.server.clients.values()];
}

async function eventually(pred: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await Bun.sleep(5);
  }
}

describe("one server", () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startServer({ port: 0 });
  });
  afterAll(async () => {
    await srv.stop();
  });

  test("startServer with port 0 listens on a free port", async () => {
    expect(srv.port).toBeGreaterThan(0);
    expect(srv.url).toBe(`redis://127.0.0.1:${srv.port}`);
    const c = await RespClient.connect(srv.port);
    expect((await c.send("PING")).bytes.toString()).toBe("+PONG\r\n");
    c.close();
  });

  test("100 clients each sending INCR concurrently", async () => {
    const clients = await Promise.all(Array.from({ length: 100 }, () => RespClient.connect(srv.port)));
    await clients[0]!.send("DEL", "incr:a");
    const replies = await Promise.all(clients.map((c) => c.send("INCR", "incr:a")));
    const values = replies.map((r) => (r.resp.t === "int" ? r.resp.v : NaN)).sort((x, y) => x - y);
    expect(values).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect((await clients[1]!.send("GET", "incr:a")).bytes.toString()).toBe("$3\r\n100\r\n");
    for (const c of clients) c.close();
  });

  test("a client that sent half a frame does not block anyone", async () => {
    const idle = await RawConn.open(srv.port);
    idle.write("*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$5\r\nhel");
    const idleBig = await RawConn.open(srv.port);
    idleBig.write("*3\r\n$3\r\nSET\r\n$7\r\nhalfbig\r\n$1000000\r\n" + "x".repeat(1000));
    const idleInline = await RawConn.open(srv.port);
    idleInline.write("SET halfinline ab");
    await Bun.sleep(20);

    const other = await RespClient.connect(srv.port);
    for (let i = 0; i < 50; i++) expect((await other.send("ECHO", `m${i}`)).bytes.toString()).toBe(`$${`m${i}`.length}\r\nm${i}\r\n`);
    expect((await other.send("EXISTS", "half", "halfbig", "halfinline")).bytes.toString()).toBe(":0\r\n");
    expect(idle.received + idleBig.received + idleInline.received).toBe(0);

    // The rest arrives: each half-sent command completes.
    idle.write("lo\r\n");
    idleBig.write("x".repeat(1000000 - 1000) + "\r\n");
    idleInline.write("c\r\n");
    await idle.until((t) => t === "+OK\r\n");
    await idleBig.until((t) => t === "+OK\r\n");
    await idleInline.until((t) => t === "+OK\r\n");
    expect((await other.send("GET", "half")).bytes.toString()).toBe("$5\r\nhello\r\n");
    expect((await other.send("STRLEN", "halfbig")).bytes.toString()).toBe(":1000000\r\n");
    expect((await other.send("GET", "halfinline")).bytes.toString()).toBe("$3\r\nabc\r\n");
    other.close();
    idle.end();
    idleBig.end();
    idleInline.end();
  });

  test("a pipeline of 10 000 commands in one write gets 10 000 replies in order", async () => {
    const c = await RawConn.open(srv.port);
    const parts: Buffer[] = [encodeCommand(["DEL", "pipe:n"])];
    let want = ":0\r\n";
    for (let i = 1; i <= 10_000; i++) {
      if (i % 3 === 0) {
        parts.push(b(`ECHO e${i}\r\n`)); // inline frames mixed in
        want += `$${String(i).length + 1}\r\ne${i}\r\n`;
      } else {
        parts.push(encodeCommand(["INCR", "pipe:n"]));
        want += `:${i - Math.floor(i / 3)}\r\n`;
      }
    }
    await c.writeAll(Buffer.concat(parts));
    const got = await c.until((t) => t.length >= want.length, 20_000);
    expect(got.length).toBe(want.length);
    expect(got === want).toBe(true);
    c.end();
  });

  test("an 8 MB SET value sent in small pieces round-trips", async () => {
    const size = 8 * 1024 * 1024;
    const value = Buffer.alloc(size);
    for (let i = 0; i < size; i++) value[i] = (i * 31 + (i >> 11)) & 255; // every byte value, \r\n included
    const frame = Buffer.concat([b(`*3\r\n$3\r\nSET\r\n$6\r\nbig:v8\r\n$${size}\r\n`), value, b("\r\n")]);
    const c = await RawConn.open(srv.port);
    // Pieces of 1 B .. 4 KB, flushed a few at a time so the server sees many small reads.
    let pos = 0;
    let k = 0;
    while (pos < frame.length) {
      const n = 1 + ((k++ * 2654435761) % 4096);
      await c.writeAll(frame.subarray(pos, pos + n));
      pos += n;
      if (k % 64 === 0) await Bun.sleep(0);
    }
    await c.until((t) => t === "+OK\r\n", 30_000);
    c.chunks = [];
    c.write(encodeCommand(["GET", "big:v8"]));
    const header = `$${size}\r\n`;
    await c.until((t) => t.length >= header.length + size + 2, 30_000);
    const got = Buffer.concat(c.chunks);
    expect(got.subarray(0, header.length).toString()).toBe(header);
    expect(got.subarray(header.length, header.length + size).equals(value)).toBe(true);
    expect(got.length).toBe(header.length + size + 2);
    c.end();
  }, 60_000);

  /**
   * A client that does not read: the server must stop reading its requests
   * once its unsent output is over the bound, and deliver everything in order
   * once it reads again.
   */
  async function nonReadingClient(opts: { keys: number; valueSize: number; gets: number; oneWrite: boolean }) {
    const values: Buffer[] = [];
    const setup = await RespClient.connect(srv.port);
    for (let k = 0; k < opts.keys; k++) {
      const v = Buffer.alloc(opts.valueSize, 97 + k);
      v.write(`value-${k}-`, 0, "latin1");
      values.push(v);
      await setup.send("SET", `np:${k}`, v.toString("latin1"));
    }
    setup.close();
    const replies = values.map((v) => Buffer.concat([b(`$${v.length}\r\n`), v, b("\r\n")]));
    const R = replies[0]!.length;
    const total = R * opts.gets;

    const c = await RawConn.open(srv.port);
    c.sock.pause(); // stop reading: the kernel buffers fill, then the server's queue
    let offset = 0;
    let mismatch: string | null = null;
    c.onChunk = (d) => {
      // Compare against the expected stream without buffering 200 MB.
      let p = 0;
      while (p < d.length && mismatch === null) {
        const idx = Math.floor(offset / R);
        const within = offset % R;
        const exp = replies[idx % opts.keys];
        if (exp === undefined || idx >= opts.gets) {
          mismatch = `extra bytes after ${offset}`;
          break;
        }
        const n = Math.min(d.length - p, R - within);
        if (!d.subarray(p, p + n).equals(exp.subarray(within, within + n))) mismatch = `reply ${idx} differs at ${within}`;
        p += n;
        offset += n;
      }
    };

    let maxOut = 0;
    let sawPaused = false;
    const server = clientsOf(srv);
    void server;
    const poll = setInterval(() => {
      for (const cl of clientsOf(srv)) {
        maxOut = Math.max(maxOut, cl.outBytes);
        if (cl.readPaused) sawPaused = true;
      }
    }, 2);

    const gets = Array.from({ length: opts.gets }, (_, i) => encodeCommand(["GET", `np:${i % opts.keys}`]));
    if (opts.oneWrite) {
      await c.writeAll(Buffer.concat(gets));
    } else {
      for (const g of gets) {
        await c.writeAll(g);
        await Bun.sleep(1); // one small read per GET on the server side
      }
    }
    // Let the server do all it can while the client is not reading.
    await Bun.sleep(300);
    const outWhilePaused = maxOut;
    expect(c.received).toBeLessThan(total);

    c.sock.resume();
    await eventually(() => offset >= total || mismatch !== null, 60_000);
    clearInterval(poll);
    expect(mismatch).toBeNull();
    expect(offset).toBe(total);
    c.end();
    return { maxOut, outWhilePaused, sawPaused, total };
  }

  test("200 × GET of a 1 MB value from a client that does not read: output stays bounded, all arrives in order", async () => {
    const r = await nonReadingClient({ keys: 4, valueSize: 1024 * 1024, gets: 200, oneWrite: true });
    expect(r.total).toBeGreaterThan(200 * 1024 * 1024);
    expect(r.sawPaused).toBe(true);
    expect(r.maxOut).toBeLessThan(32 * 1024 * 1024);
  }, 90_000);

  test("GETs of 100 KB values, one per read, from a client that does not read: output stays bounded", async () => {
    const r = await nonReadingClient({ keys: 3, valueSize: 100 * 1024, gets: 1000, oneWrite: false });
    expect(r.total).toBeGreaterThan(100_000_000);
    expect(r.sawPaused).toBe(true);
    expect(r.maxOut).toBeLessThan(32 * 1024 * 1024);
  }, 90_000);

  test("a protocol error closes only that client; other clients and the data are intact", async () => {
    const good = await RespClient.connect(srv.port);
    await good.send("SET", "pe:k", "v1");
    const bad = await RawConn.open(srv.port);
    bad.write("PING\r\n*1\r\n$abc\r\nPING\r\n");
    await bad.waitClosed();
    expect(bad.text()).toBe("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
    const bad2 = await RawConn.open(srv.port);
    bad2.write('SET pe:k "unterminated\r\n');
    await bad2.waitClosed();
    expect(bad2.text()).toBe("-ERR Protocol error: unbalanced quotes in request\r\n");
    expect((await good.send("GET", "pe:k")).bytes.toString()).toBe("$2\r\nv1\r\n");
    expect((await good.send("PING")).bytes.toString()).toBe("+PONG\r\n");
    await eventually(() => clientsOf(srv).length === 1);
    good.close();
  });

  test("CONFIG SET proto-max-bulk-len applies to clients already connected", async () => {
    const early = await RawConn.open(srv.port);
    early.write("PING\r\n");
    await early.until((t) => t === "+PONG\r\n");
    const admin = await RespClient.connect(srv.port);
    expect((await admin.send("CONFIG", "SET", "proto-max-bulk-len", "1mb")).bytes.toString()).toBe("+OK\r\n");
    try {
      early.write("*2\r\n$4\r\nECHO\r\n$1048577\r\n");
      await early.waitClosed();
      expect(early.text()).toBe("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
      // Exactly the limit is fine.
      const ok = await RespClient.connect(srv.port);
      const v = "v".repeat(1048576);
      expect((await ok.send("ECHO", v)).bytes.length).toBe(1048576 + 12); // "$1048576\r\n" + value + "\r\n"
      ok.close();
    } finally {
      await admin.send("CONFIG", "SET", "proto-max-bulk-len", "512mb");
      admin.close();
    }
  });

  test("inline commands", async () => {
    const c = await RawConn.open(srv.port);
    c.write('PING\r\nSET inl:a "b c"\nGET inl:a\r\n\r\nECHO \'x y\' \n');
    const want = "+PONG\r\n+OK\r\n$3\r\nb c\r\n$3\r\nx y\r\n";
    expect(await c.until((t) => t.length >= want.length)).toBe(want);
    c.end();
  });

  test("QUIT replies +OK and closes; nothing after it runs", async () => {
    const c = await RawConn.open(srv.port);
    c.write("PING\r\nQUIT\r\nSET quit:after 1\r\n");
    await c.waitClosed();
    expect(c.text()).toBe("+PONG\r\n+OK\r\n");
    const d = await RespClient.connect(srv.port);
    expect((await d.send("EXISTS", "quit:after")).bytes.toString()).toBe(":0\r\n");
    d.close();
  });

  test("unknown command error text", async () => {
    const c = await RespClient.connect(srv.port);
    expect((await c.send("FOO", "bar", "baz")).bytes.toString()).toBe("-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' \r\n");
    expect((await c.send("nosuch")).bytes.toString()).toBe("-ERR unknown command 'nosuch', with args beginning with: \r\n");
    c.close();
  });

  test("a command that throws (a bug) gets an error reply; its partial reply is dropped and the client goes on", async () => {
    srv.server.commands.register([
      {
        name: "test-throw",
        arity: 1,
        flags: [],
        handler: (c) => {
          c.w.arrayHeader(2);
          c.w.bulk("half");
          throw new Error("boom\r\nline");
        },
      },
    ]);
    const c = await RawConn.open(srv.port);
    c.write("PING\r\nTEST-THROW\r\nECHO after\r\n");
    const want = "+PONG\r\n-ERR internal error: boom line\r\n$5\r\nafter\r\n";
    expect(await c.until((t) => t.length >= want.length)).toBe(want);
    // Replies to other clients still flow.
    const d = await RespClient.connect(srv.port);
    expect((await d.send("PING")).bytes.toString()).toBe("+PONG\r\n");
    d.close();
    c.end();
  });

  test("starting a second server on the same port rejects", async () => {
    await expect(startServer({ port: srv.port })).rejects.toThrow();
    // ...and the first one still serves.
    const c = await RespClient.connect(srv.port);
    expect((await c.send("PING")).bytes.toString()).toBe("+PONG\r\n");
    c.close();
  });
});

describe("maxclients", () => {
  test("maxclients 5: the 6th connection gets the error and is closed", async () => {
    const srv = await startServer({ port: 0, config: { maxclients: 5 } });
    try {
      const five = await Promise.all(Array.from({ length: 5 }, () => RespClient.connect(srv.port)));
      for (const c of five) expect((await c.send("PING")).bytes.toString()).toBe("+PONG\r\n");
      const sixth = await RawConn.open(srv.port);
      await sixth.waitClosed();
      expect(sixth.text()).toBe("-ERR max number of clients reached\r\n");
      expect(srv.server.stats.rejectedConnections).toBe(1);
      // A slot freed is a slot usable again.
      five[0]!.close();
      await eventually(() => srv.server.clients.size === 4);
      const again = await RespClient.connect(srv.port);
      expect((await again.send("PING")).bytes.toString()).toBe("+PONG\r\n");
      again.close();
      for (const c of five.slice(1)) c.close();
    } finally {
      await srv.stop();
    }
  });
});

// --- the CLI ---------------------------------------------------------------

const ENTRY = new URL("../../src/index.ts", import.meta.url).pathname;

interface Proc {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  out: () => string;
}

function spawnCli(args: string[]): Proc {
  // A private working directory: the CLI saves dump.rdb there on shutdown, as redis-server does.
  const cwd = mkdtempSync(join(tmpdir(), "redbun-cli-"));
  const proc = Bun.spawn(["bun", "run", ENTRY, ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe", cwd });
  void proc.exited.then(() => rmSync(cwd, { recursive: true, force: true }));
  return { proc, out: collectOutput(proc) };
}

async function waitOutput(p: Proc, re: RegExp, ms = 10_000): Promise<string> {
  const deadline = Date.now() + ms;
  while (!re.test(p.out())) {
    if (Date.now() > deadline) throw new Error(`no ${re} in output: ${p.out()}`);
    if (p.proc.exitCode !== null) throw new Error(`exited ${p.proc.exitCode}: ${p.out()}`);
    await Bun.sleep(20);
  }
  return p.out();
}

describe("the CLI (bun run src/index.ts)", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    test(`starts, logs version/port/pid, answers PING, exits 0 on ${signal}`, async () => {
      const port = await freePort();
      const p = spawnCli(["--port", String(port)]);
      try {
        await waitOutput(p, /ready to accept connections/);
        const lines = p.out().split("\n").filter((l) => l.includes(String(port)) && l.includes(VERSION) && l.includes(`pid ${p.proc.pid}`));
        expect(lines.length).toBe(1);
        const c = await RespClient.connect(port);
        expect((await c.send("PING")).bytes.toString()).toBe("+PONG\r\n");
        c.close();
        p.proc.kill(signal);
        expect(await p.proc.exited).toBe(0);
      } finally {
        if (p.proc.exitCode === null) p.proc.kill("SIGKILL");
      }
    }, 20_000);
  }

  test("--nosuchflag 1 exits non-zero with a clear message", async () => {
    const p = spawnCli(["--port", "0", "--nosuchflag", "1"]);
    expect(await p.proc.exited).not.toBe(0);
    await Bun.sleep(50);
    expect(p.out()).toContain("nosuchflag");
    expect(p.out()).toContain("Bad directive");
  });

  test("--port abc exits non-zero with a clear message", async () => {
    const p = spawnCli(["--port", "abc"]);
    expect(await p.proc.exited).not.toBe(0);
    await Bun.sleep(50);
    expect(p.out()).toContain("port abc");
    expect(p.out()).toContain("couldn't be parsed into an integer");
  });

  test("a port in use exits non-zero", async () => {
    const srv = await startServer({ port: 0 });
    try {
      const p = spawnCli(["--port", String(srv.port)]);
      expect(await p.proc.exited).not.toBe(0);
      await Bun.sleep(50);
      expect(p.out()).toContain(`127.0.0.1:${srv.port}`);
      expect(p.out()).toContain("Address already in use");
    } finally {
      await srv.stop();
    }
  });
});
