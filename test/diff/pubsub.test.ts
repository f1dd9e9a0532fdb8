// Differential tests: Pub/Sub framing (RESP2 and RESP3) and keyspace notifications.

import { describe, expect, test } from "bun:test";
import { diffTest, hasRedis, requireRedisInCI, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

/** Reads n raw replies/pushes from a client that is not sending anything. */
async function collect(c: RespClient, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await c.next()).bytes.toString("latin1"));
  return out;
}

describe("pubsub", () => {
  const pair = useDiffPair();

  diffTest(pair, "subscribe / unsubscribe confirmations and the RESP2 context", [
    ["SUBSCRIBE", "a"],
    ["PSUBSCRIBE", "p*"],
    ["SSUBSCRIBE", "s1"],
    ["GET", "x"],
    ["PING"],
    ["PING", "hi"],
    ["UNSUBSCRIBE", "a"],
    ["UNSUBSCRIBE", "nope"],
    ["PUNSUBSCRIBE"],
    ["SUNSUBSCRIBE"],
    ["UNSUBSCRIBE"],
    ["PUNSUBSCRIBE"],
    ["GET", "x"],
  ]);

  diffTest(pair, "RESP3 subscribers may run any command", [
    { cmd: ["HELLO", "3"], typeOnly: true },
    ["SUBSCRIBE", "a"],
    ["GET", "x"],
    ["PING"],
    ["UNSUBSCRIBE", "x"],
    ["UNSUBSCRIBE", "a"],
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);

  diffTest(pair, "PUBSUB introspection and errors", [
    ["PUBSUB", "NUMSUB", "a", "b"],
    ["PUBSUB", "NUMSUB"],
    ["PUBSUB", "NUMPAT"],
    ["PUBSUB", "CHANNELS"],
    ["PUBSUB", "CHANNELS", "x*"],
    ["PUBSUB", "SHARDCHANNELS"],
    ["PUBSUB", "SHARDNUMSUB", "a"],
    ["PUBSUB", "FOO"],
    ["PUBSUB"],
    ["PUBLISH", "a"],
    ["PUBLISH", "a", "b"],
    ["SPUBLISH", "a", "b"],
    ["SUBSCRIBE"],
    ["PSUBSCRIBE"],
  ]);

  for (const proto of ["2", "3"]) {
    testWithRedis(`message framing, RESP${proto}`, async () => {
      const results: string[][] = [];
      for (const port of [pair.redisPort, pair.redbunPort]) {
        const sub = await RespClient.connect(port);
        const pub = await RespClient.connect(port);
        if (proto === "3") await sub.send("HELLO", "3");
        await sub.send("SUBSCRIBE", "news");
        await sub.send("PSUBSCRIBE", "n*");
        await sub.send("SSUBSCRIBE", "shard");
        const got: string[] = [];
        got.push((await pub.send("PUBLISH", "news", "hello\r\nworld\x00\xff")).bytes.toString("latin1"));
        got.push(...(await collect(sub, 2)));
        got.push((await pub.send("SPUBLISH", "shard", "x")).bytes.toString("latin1"));
        got.push(...(await collect(sub, 1)));
        got.push((await pub.send("PUBLISH", "other", "y")).bytes.toString("latin1"));
        got.push((await pub.send("PUBSUB", "NUMSUB", "news", "shard")).bytes.toString("latin1"));
        got.push((await pub.send("PUBSUB", "SHARDNUMSUB", "shard")).bytes.toString("latin1"));
        got.push((await pub.send("PUBSUB", "NUMPAT")).bytes.toString("latin1"));
        results.push(got);
        sub.close();
        pub.close();
      }
      expect(results[1]).toEqual(results[0]!);
    });
  }

  testWithRedis("keyspace notifications", async () => {
    const results: string[][] = [];
    for (const port of [pair.redisPort, pair.redbunPort]) {
      const sub = await RespClient.connect(port);
      const cmd = await RespClient.connect(port);
      await cmd.send("FLUSHALL");
      await cmd.send("CONFIG", "SET", "notify-keyspace-events", "KEA");
      await sub.send("PSUBSCRIBE", "__key*__:*");
      await cmd.send("SET", "k", "v");
      await cmd.send("INCR", "n");
      await cmd.send("SET", "t", "1", "PX", "20");
      await cmd.send("DEL", "k");
      await Bun.sleep(120);
      await cmd.send("GET", "t"); // expires on access if the active cycle has not yet
      await cmd.send("MULTI");
      await cmd.send("SET", "m", "1");
      await cmd.send("EXEC");
      const got = await collect(sub, 14);
      await cmd.send("CONFIG", "SET", "notify-keyspace-events", "");
      results.push(got);
      sub.close();
      cmd.close();
    }
    expect(results[1]).toEqual(results[0]!);
  });
});
