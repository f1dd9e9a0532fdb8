// A subscriber that stops reading is disconnected once its pending output
// passes client-output-buffer-limit's pubsub hard limit, instead of growing
// server memory without bound; other clients are unaffected.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect, type Socket } from "node:net";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { RespClient } from "../helpers/resp-client.ts";

describe("pubsub output buffer limit", () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startServer({ port: 0, config: { "client-output-buffer-limit": "pubsub 1mb 256kb 60" } });
  });
  afterAll(() => srv.stop());

  test("a subscriber that does not read is closed at the hard limit", async () => {
    const sub: Socket = connect(srv.port, "127.0.0.1");
    await new Promise<void>((r) => sub.once("connect", () => r()));
    let closed = false;
    sub.on("close", () => (closed = true));
    sub.on("error", () => {});
    sub.write("SUBSCRIBE flood\r\n");
    await Bun.sleep(50);
    sub.pause(); // stop reading: the kernel buffers fill, then the server's queue grows

    const pub = await RespClient.connect(srv.port);
    const payload = "x".repeat(64 * 1024);
    let receivers = 1;
    // Bounded: at most 2000 × 64 KB, stopping as soon as the subscriber is gone.
    for (let i = 0; i < 2000 && receivers > 0; i++) {
      const r = await pub.send("PUBLISH", "flood", payload);
      receivers = r.resp.t === "int" ? r.resp.v : 0;
    }
    expect(receivers).toBe(0);
    const numsub = await pub.send("PUBSUB", "NUMSUB", "flood");
    expect(numsub.bytes.toString()).toBe("*2\r\n$5\r\nflood\r\n:0\r\n");
    // The server did not keep more than about the limit for it.
    for (const c of srv.server.clients.values()) expect(c.outBytes).toBeLessThan(4 * 1024 * 1024);
    expect((await pub.send("PING")).bytes.toString()).toBe("+PONG\r\n");
    sub.resume();
    for (let i = 0; i < 100 && !closed; i++) await Bun.sleep(20);
    expect(closed).toBe(true);
    pub.close();
  });
});
