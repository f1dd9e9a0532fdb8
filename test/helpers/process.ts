// Child processes and temporary directories for tests: run a command to
// completion, collect a running process's output, wait for a server process
// to listen, and temporary directories removed after the test file.

import { afterAll } from "bun:test";
import type { FileSink, Subprocess } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RespClient } from "./resp-client.ts";

/**
 * Runs `cmd` to completion, feeding it `stdin` if given; stdout and stderr
 * come back as latin1 text (one char per byte: values may hold any byte).
 */
export async function run(cmd: string[], stdin?: string | Buffer): Promise<{ code: number; out: string; err: string }> {
  const p = Bun.spawn(cmd, { stdin: stdin === undefined ? "ignore" : "pipe", stdout: "pipe", stderr: "pipe" });
  if (stdin !== undefined) {
    const sink = p.stdin as unknown as FileSink;
    sink.write(stdin);
    await sink.end();
  }
  const text = async (r: ReadableStream<Uint8Array>) => Buffer.from(await new Response(r).arrayBuffer()).toString("latin1");
  const [out, err, code] = await Promise.all([text(p.stdout), text(p.stderr), p.exited]);
  return { code, out, err };
}

/** Collects everything a running process prints (stdout + stderr, piped); returns the text so far. */
export function collectOutput(proc: Subprocess): () => string {
  let out = "";
  const read = async (s: ReadableStream<Uint8Array> | null | undefined | number) => {
    if (!s || typeof s === "number") return;
    const dec = new TextDecoder();
    for await (const chunk of s as ReadableStream<Uint8Array>) out += dec.decode(chunk);
  };
  void read(proc.stdout as ReadableStream<Uint8Array>);
  void read(proc.stderr as ReadableStream<Uint8Array>);
  return () => out;
}

/**
 * Polls until something accepts connections on 127.0.0.1:`port` (connecting
 * only: a server with requirepass would refuse a PING). Throws if `proc`
 * exits first or nothing listens within `ms`.
 */
export async function waitForPort(port: number, proc?: { exitCode: number | null }, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const c = await RespClient.connect(port);
      c.close();
      return;
    } catch {
      if (proc && proc.exitCode !== null) throw new Error(`process exited (code ${proc.exitCode}) before listening on ${port}`);
      if (Date.now() > deadline) throw new Error(`nothing listening on ${port} after ${ms} ms`);
      await Bun.sleep(25);
    }
  }
}

/**
 * For the test file (or describe) it is called in: a function that makes a
 * fresh directory under the system tmpdir; all are removed in afterAll.
 */
export function useTempDirs(prefix = "redbun-test-"): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
}

/** SHUTDOWN NOSAVE over a fresh connection (after AUTH, with a password); resolves with the process's exit code. */
export async function shutdownNosave(proc: Subprocess, port: number, password?: string): Promise<number> {
  const c = await RespClient.connect(port);
  if (password !== undefined) await c.send("AUTH", password);
  c.send("SHUTDOWN", "NOSAVE").catch(() => {});
  const code = await proc.exited;
  c.close();
  return code;
}
