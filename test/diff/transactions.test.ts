// Differential tests: MULTI/EXEC/DISCARD/WATCH against redis-server.

import { describe, expect, test } from "bun:test";
import { diffTest, hasRedis, requireRedisInCI, runSteps, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

describe("transactions", () => {
  const pair = useDiffPair();

  diffTest(pair, "MULTI/EXEC basics", [
    ["MULTI"],
    ["SET", "a", "1"],
    ["INCR", "a"],
    ["GET", "a"],
    ["EXEC"],
    ["EXEC"],
    ["DISCARD"],
    ["MULTI"],
    ["EXEC"],
  ]);

  diffTest(pair, "errors while queueing abort EXEC", [
    ["MULTI"],
    ["FOO", "bar"],
    ["SET", "a", "1"],
    ["EXEC"],
    ["GET", "a"],
    ["MULTI"],
    ["GET"],
    ["EXEC"],
  ]);

  diffTest(pair, "runtime errors inside EXEC don't stop the rest", [
    ["SET", "s", "foo"],
    ["MULTI"],
    ["INCR", "s"],
    ["SET", "t", "1"],
    ["INCRBY", "t", "x"],
    ["EXEC"],
    ["GET", "t"],
  ]);

  diffTest(pair, "nesting and WATCH inside MULTI", [
    ["MULTI"],
    ["MULTI"],
    ["WATCH", "x"],
    ["SET", "a", "1"],
    ["EXEC"],
    ["MULTI"],
    ["DISCARD"],
    ["DISCARD"],
  ]);

  diffTest(pair, "WATCH invalidated by own write", [
    ["WATCH", "w"],
    ["SET", "w", "1"],
    ["MULTI"],
    ["PING"],
    ["EXEC"],
    ["WATCH", "w"],
    ["MULTI"],
    ["SET", "w", "2"],
    ["EXEC"],
    ["GET", "w"],
    ["UNWATCH"],
  ]);

  diffTest(pair, "WATCH of a missing key, FLUSHDB, DISCARD unwatches", [
    ["WATCH", "m"],
    ["MULTI"],
    ["EXEC"],
    ["SET", "m", "1"],
    ["WATCH", "m"],
    ["FLUSHDB"],
    ["MULTI"],
    ["PING"],
    ["EXEC"],
    ["WATCH", "n"],
    ["FLUSHALL"],
    ["MULTI"],
    ["PING"],
    ["EXEC"],
    ["SET", "q", "1"],
    ["WATCH", "q"],
    ["MULTI"],
    ["DISCARD"],
    ["SET", "q", "2"],
    ["MULTI"],
    ["GET", "q"],
    ["EXEC"],
  ]);

  diffTest(pair, "RESP3 EXEC shapes", [
    { cmd: ["HELLO", "3"], typeOnly: true }, // the map holds the client id, which differs
    ["WATCH", "z"],
    ["SET", "z", "1"],
    ["MULTI"],
    ["GET", "z"],
    ["EXEC"],
    ["MULTI"],
    ["GET", "z"],
    ["GET", "nope"],
    ["EXEC"],
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);

  testWithRedis("WATCH is invalidated by another client's write and by expiry", async () => {
    for (const port of [pair.redisPort, pair.redbunPort]) {
      const a = await RespClient.connect(port);
      const b = await RespClient.connect(port);
      await a.send("FLUSHALL");
      await a.send("SET", "k", "1");
      await a.send("WATCH", "k");
      await b.send("SET", "k", "2");
      await a.send("MULTI");
      await a.send("SET", "k", "3");
      expect((await a.send("EXEC")).bytes.toString()).toBe("*-1\r\n");
      // Expiry of a watched key fails the transaction too.
      await a.send("SET", "e", "1", "PX", "30");
      await a.send("WATCH", "e");
      await Bun.sleep(60);
      await a.send("MULTI");
      await a.send("PING");
      expect((await a.send("EXEC")).bytes.toString()).toBe("*-1\r\n");
      // An unrelated write by another client does not.
      await a.send("WATCH", "k");
      await b.send("SET", "other", "1");
      await a.send("MULTI");
      await a.send("GET", "k");
      expect((await a.send("EXEC")).bytes.toString()).toBe("*1\r\n$1\r\n2\r\n");
      a.close();
      b.close();
    }
  });

  testWithRedis("pipelined transaction replies match", async () => {
    const steps = [["MULTI"], ["SET", "p", "1"], ["LPUSH", "p", "x"], ["GET", "p"], ["EXEC"]];
    expect(await runSteps(pair, steps)).toEqual([]);
  });
});
