// CLIENT REPLY ON|OFF|SKIP: compared on the raw byte stream against redis-server.

import { describe, expect, test } from "bun:test";
import { hasRedis, requireRedisInCI, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

describe("CLIENT REPLY", () => {
  const pair = useDiffPair();
  testWithRedis("suppressed replies leave the stream identical to Redis's", async () => {
    const streams: string[] = [];
    for (const port of [pair.redisPort, pair.redbunPort]) {
      const c = await RespClient.connect(port);
      c.writeRaw(
        "CLIENT REPLY SKIP\r\nSET a 1\r\nGET a\r\nCLIENT REPLY OFF\r\nGET a\r\nCLIENT REPLY FOO\r\nINCR a\r\n" +
          "CLIENT REPLY ON\r\nGET a\r\nCLIENT REPLY FOO\r\nDEL a\r\n",
      );
      const got: string[] = [];
      for (let i = 0; i < 5; i++) got.push((await c.next()).bytes.toString("latin1"));
      streams.push(got.join(""));
      c.close();
    }
    expect(streams[1]).toBe(streams[0]!);
  });
});
