// A raw RESP2/RESP3 client for tests, benchmarks and scripts: replies come
// back both parsed and as the exact bytes the server sent, so differential
// tests can compare servers byte for byte. Also starts a throwaway
// redis-server on a free port.

import type { Subprocess } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// ---------------------------------------------------------------------------
// A small raw RESP2/RESP3 client
// ---------------------------------------------------------------------------

/** One parsed reply with its byte range [start, end) in the source buffer. */
export type Resp =
  | { t: "simple"; v: string; start: number; end: number }
  | { t: "error"; v: string; start: number; end: number }
  | { t: "int"; v: number; start: number; end: number }
  | { t: "bulk"; v: string; start: number; end: number }
  | { t: "verbatim"; v: string; start: number; end: number }
  | { t: "double"; v: string; start: number; end: number }
  | { t: "bignum"; v: string; start: number; end: number }
  | { t: "bool"; v: boolean; start: number; end: number }
  /** kind: "$" = RESP2 null bulk, "*" = RESP2 null array, "_" = RESP3 null. */
  | { t: "null"; kind: "$" | "*" | "_"; start: number; end: number }
  | { t: "array" | "set" | "push"; v: Resp[]; start: number; end: number }
  | { t: "map" | "attr"; v: [Resp, Resp][]; start: number; end: number };

/** Thrown by parseResp when the buffer does not yet hold a whole reply. */
const INCOMPLETE = Symbol("incomplete");

function readLine(buf: Uint8Array, pos: number): [string, number] {
  for (let i = pos; i + 1 < buf.length; i++) {
    if (buf[i] === 13 && buf[i + 1] === 10) {
      return [Buffer.from(buf.buffer, buf.byteOffset + pos, i - pos).toString("latin1"), i + 2];
    }
  }
  throw INCOMPLETE;
}

function parseAt(buf: Uint8Array, start: number): Resp {
  if (start >= buf.length) throw INCOMPLETE;
  const type = String.fromCharCode(buf[start]!);
  const [line, after] = readLine(buf, start + 1);
  switch (type) {
    case "+":
      return { t: "simple", v: line, start, end: after };
    case "-":
      return { t: "error", v: line, start, end: after };
    case ":":
      return { t: "int", v: Number(line), start, end: after };
    case ",":
      return { t: "double", v: line, start, end: after };
    case "(":
      return { t: "bignum", v: line, start, end: after };
    case "#":
      return { t: "bool", v: line === "t", start, end: after };
    case "_":
      return { t: "null", kind: "_", start, end: after };
    case "$":
    case "=":
    case "!": {
      const n = Number(line);
      if (n < 0) return { t: "null", kind: "$", start, end: after };
      if (after + n + 2 > buf.length) throw INCOMPLETE;
      const v = Buffer.from(buf.buffer, buf.byteOffset + after, n).toString("latin1");
      const end = after + n + 2;
      if (type === "!") return { t: "error", v, start, end };
      return { t: type === "=" ? "verbatim" : "bulk", v, start, end };
    }
    case "*":
    case "~":
    case ">": {
      const n = Number(line);
      if (n < 0) return { t: "null", kind: "*", start, end: after };
      const v: Resp[] = [];
      let p = after;
      for (let i = 0; i < n; i++) {
        const item = parseAt(buf, p);
        v.push(item);
        p = item.end;
      }
      return { t: type === "*" ? "array" : type === "~" ? "set" : "push", v, start, end: p };
    }
    case "%":
    case "|": {
      const n = Number(line);
      const v: [Resp, Resp][] = [];
      let p = after;
      for (let i = 0; i < n; i++) {
        const k = parseAt(buf, p);
        const val = parseAt(buf, k.end);
        v.push([k, val]);
        p = val.end;
      }
      return { t: type === "%" ? "map" : "attr", v, start, end: p };
    }
    default:
      throw new Error(`RESP protocol error: unexpected type byte ${JSON.stringify(type)} at ${start}`);
  }
}

/** Parses one whole reply at `pos`; undefined if the buffer holds only part of it. */
export function parseResp(buf: Uint8Array, pos = 0): Resp | undefined {
  try {
    return parseAt(buf, pos);
  } catch (e) {
    if (e === INCOMPLETE) return undefined;
    throw e;
  }
}

/** Encodes a command as a RESP array of bulk strings. */
export function encodeCommand(args: string[]): Buffer {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${Buffer.byteLength(a, "latin1")}\r\n${a}\r\n`;
  return Buffer.from(s, "latin1");
}

/** A reply: its parse tree and the exact bytes it was parsed from. */
export interface RawReply {
  resp: Resp;
  bytes: Buffer;
}

/** A minimal pipelined RESP client over Bun.connect. */
export class RespClient {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private waiters: { resolve: (r: RawReply) => void; reject: (e: Error) => void }[] = [];
  private closed: Error | undefined;

  private constructor(private socket: Awaited<ReturnType<typeof Bun.connect>>) {}

  static async connect(port: number, host = "127.0.0.1"): Promise<RespClient> {
    let client!: RespClient;
    const socket = await Bun.connect({
      hostname: host,
      port,
      socket: {
        data(_s, data) {
          client.onData(Buffer.from(data));
        },
        close() {
          client.onClose(new Error("connection closed"));
        },
        error(_s, err) {
          client.onClose(err);
        },
      },
    });
    client = new RespClient(socket);
    return client;
  }

  private onData(data: Buffer): void {
    this.chunks.push(data);
    this.buffered += data.length;
    for (;;) {
      if (this.waiters.length === 0 || this.buffered === 0) return;
      const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
      const resp = parseResp(buf);
      if (!resp) {
        this.chunks = [buf];
        return;
      }
      const bytes = Buffer.from(buf.subarray(0, resp.end));
      const rest = buf.subarray(resp.end);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
      this.waiters.shift()!.resolve({ resp, bytes });
    }
  }

  private onClose(err: Error): void {
    this.closed = err;
    for (const w of this.waiters.splice(0)) w.reject(err);
  }

  /** Sends a command and resolves with its reply (errors are replies, not rejections). */
  send(...args: string[]): Promise<RawReply> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.socket.write(encodeCommand(args));
    });
  }

  /** Resolves with the next reply or push that arrives without sending anything. */
  next(): Promise<RawReply> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.onData(Buffer.alloc(0));
    });
  }

  /** Sends raw bytes (for protocol tests); replies are read with next(). */
  writeRaw(bytes: string | Uint8Array): void {
    this.socket.write(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes);
  }

  close(): void {
    this.socket.end();
  }
}

// ---------------------------------------------------------------------------
// Temporary redis-server
// ---------------------------------------------------------------------------

export async function freePort(): Promise<number> {
  const srv = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = srv.port;
  srv.stop(true);
  return port;
}

export interface TempRedis {
  port: number;
  stop(): Promise<void>;
}

/**
 * Polls until the server process `proc` answers PING on `port`. Throws if it
 * exits first, or (after killing it) if it is not up within `timeoutMs`;
 * `output` adds what it printed to the error.
 */
export async function waitForPing(
  port: number,
  proc: Subprocess,
  opts: { what?: string; timeoutMs?: number; output?: () => string } = {},
): Promise<void> {
  const { what = "redis-server", timeoutMs = 10_000, output } = opts;
  const printed = () => (output ? `:\n${output()}` : "");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${what} exited early (code ${proc.exitCode})${printed()}`);
    try {
      const c = await RespClient.connect(port);
      const r = await c.send("PING");
      c.close();
      if (r.resp.t === "simple") return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`${what} did not start within ${timeoutMs} ms${printed()}`);
    }
    await Bun.sleep(30);
  }
}

export interface StartRedisOptions {
  /** More redis-server options (a --bind here replaces the default 127.0.0.1). */
  args?: string[];
  /** The working directory (default /tmp). */
  cwd?: string;
  /** How long it may take to answer PING (default 10 s). */
  timeoutMs?: number;
}

/** Starts `redis-server` on a free port with no persistence; resolves once it answers PING. */
export async function startRedis(opts: StartRedisOptions = {}): Promise<TempRedis> {
  // A private directory by default: a redis-server started where a dump.rdb
  // lies (e.g. /tmp) would load it and not start empty.
  const own = opts.cwd === undefined ? mkdtempSync(join(tmpdir(), "redbun-redis-")) : null;
  const { args = [], cwd = own!, timeoutMs = 10_000 } = opts;
  const port = await freePort();
  const bind = args.includes("--bind") ? [] : ["--bind", "127.0.0.1"];
  const proc: Subprocess = Bun.spawn(
    ["redis-server", "--port", String(port), ...bind, "--save", "", "--appendonly", "no", "--daemonize", "no", ...args],
    { stdout: "ignore", stderr: "ignore", cwd },
  );
  await waitForPing(port, proc, { timeoutMs });
  return {
    port,
    async stop() {
      proc.kill();
      await proc.exited;
      if (own !== null) rmSync(own, { recursive: true, force: true });
    },
  };
}
