// Protected mode: with no password, a client connecting from an address other
// than 127.0.0.1/::1 gets Redis's DENIED explanation and is disconnected.
// Both servers listen on 127.0.0.1 and 127.0.0.2 (loopback only); the remote
// client binds 127.0.0.2 as its source address.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { startServer, type RunningServer } from "../../src/lib.ts";
import { hasRedis, requireRedisInCI, testWithRedis } from "../helpers/diff.ts";
import { RespClient, startRedis, type TempRedis } from "../helpers/resp-client.ts";

requireRedisInCI();

/** Sends PING from `localAddress` and returns the first reply line (a refused client may see a reset after it). */
function pingFrom(port: number, localAddress: string, host: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ port, host, localAddress });
    let got = "";
    const done = () => {
      s.destroy();
      resolve(got);
    };
    s.on("connect", () => s.write("PING\r\n"));
    s.on("data", (d) => {
      got += d.toString("latin1");
      if (got.endsWith("\r\n")) done();
    });
    s.on("close", done);
    s.on("error", done);
    setTimeout(done, 2000);
  });
}

describe("protected mode", () => {
  let redisPort = 0;
  let redis: TempRedis | null = null;
  let redbun: RunningServer;
  beforeAll(async () => {
    redbun = await startServer({ port: 0, bind: "127.0.0.1 127.0.0.2" });
    if (!hasRedis) return;
    redis = await startRedis({ args: ["--bind", "127.0.0.1", "127.0.0.2"] });
    redisPort = redis.port;
  });
  afterAll(async () => {
    await redis?.stop();
    await redbun.stop();
  });

  test("redbun: loopback 127.0.0.1 is served, 127.0.0.2 is refused with DENIED", async () => {
    expect(await pingFrom(redbun.port, "127.0.0.1", "127.0.0.1")).toBe("+PONG\r\n");
    const denied = await pingFrom(redbun.port, "127.0.0.2", "127.0.0.2");
    expect(denied.startsWith("-DENIED Redis is running in protected mode")).toBe(true);
  });

  testWithRedis("the DENIED reply is byte-identical to redis-server's", async () => {
    const a = await pingFrom(redisPort, "127.0.0.2", "127.0.0.2");
    const b = await pingFrom(redbun.port, "127.0.0.2", "127.0.0.2");
    expect(b).toBe(a);
  });

  test("a password (or protected-mode no) lifts the restriction", async () => {
    const admin = await RespClient.connect(redbun.port);
    await admin.send("CONFIG", "SET", "protected-mode", "no");
    expect(await pingFrom(redbun.port, "127.0.0.2", "127.0.0.2")).toBe("+PONG\r\n");
    await admin.send("CONFIG", "SET", "protected-mode", "yes");
    await admin.send("CONFIG", "SET", "requirepass", "pw");
    expect(await pingFrom(redbun.port, "127.0.0.2", "127.0.0.2")).toBe("-NOAUTH Authentication required.\r\n");
    await admin.send("CONFIG", "SET", "requirepass", "");
    admin.close();
  });
});
