// CLIENT PAUSE / UNPAUSE: commands held until the pause ends, in order, replies intact.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { RespClient } from "../helpers/resp-client.ts";

describe("CLIENT PAUSE", () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startServer({ port: 0 });
  });
  afterAll(() => srv.stop());

  test("WRITE mode holds writes (and EXEC of writes) but not reads; UNPAUSE releases them in order", async () => {
    const admin = await RespClient.connect(srv.port);
    const a = await RespClient.connect(srv.port);
    await a.send("SET", "k", "1");
    expect((await admin.send("CLIENT", "PAUSE", "10000", "WRITE")).bytes.toString()).toBe("+OK\r\n");
    let done = false;
    const write = a.send("INCR", "k").then((r) => {
      done = true;
      return r;
    });
    const after = a.send("GET", "k"); // queued behind the held write on the same connection
    const reader = await RespClient.connect(srv.port);
    expect((await reader.send("GET", "k")).bytes.toString()).toBe("$1\r\n1\r\n");
    await Bun.sleep(50);
    expect(done).toBe(false);
    expect((await admin.send("CLIENT", "UNPAUSE")).bytes.toString()).toBe("+OK\r\n");
    expect((await write).bytes.toString()).toBe(":2\r\n");
    expect((await after).bytes.toString()).toBe("$1\r\n2\r\n");
    for (const c of [admin, a, reader]) c.close();
  });

  test("ALL mode holds every command until the timeout", async () => {
    const admin = await RespClient.connect(srv.port);
    const b = await RespClient.connect(srv.port);
    await admin.send("CLIENT", "PAUSE", "150", "ALL");
    let answered = false;
    const ping = b.send("PING").then((r) => {
      answered = true;
      return r;
    });
    await Bun.sleep(30);
    expect(answered).toBe(false); // held while paused
    expect((await ping).bytes.toString()).toBe("+PONG\r\n"); // released by the timeout
    admin.close();
    b.close();
  });

  test("a pipelined PING + CLIENT UNPAUSE keeps both replies while held clients resume", async () => {
    const admin = await RespClient.connect(srv.port);
    const a = await RespClient.connect(srv.port);
    await admin.send("CLIENT", "PAUSE", "10000", "WRITE");
    const held = a.send("SET", "pp", "1");
    await Bun.sleep(20);
    admin.writeRaw("PING\r\nCLIENT UNPAUSE\r\n");
    expect((await admin.next()).bytes.toString()).toBe("+PONG\r\n");
    expect((await admin.next()).bytes.toString()).toBe("+OK\r\n");
    expect((await held).bytes.toString()).toBe("+OK\r\n");
    admin.close();
    a.close();
  });

  test("errors", async () => {
    const c = await RespClient.connect(srv.port);
    expect((await c.send("CLIENT", "PAUSE", "abc")).bytes.toString()).toBe("-ERR timeout is not an integer or out of range\r\n");
    expect((await c.send("CLIENT", "PAUSE", "-1")).bytes.toString()).toBe("-ERR timeout is negative\r\n");
    expect((await c.send("CLIENT", "PAUSE", "10", "FOO")).bytes.toString()).toBe("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n");
    expect((await c.send("CLIENT", "UNPAUSE", "x")).bytes.toString()).toBe("-ERR wrong number of arguments for 'client|unpause' command\r\n");
    c.close();
  });
});
