// Differential tests: AUTH/ACL, SLOWLOG, LATENCY, MONITOR framing.

import { describe, expect, test } from "bun:test";
import { diffTest, hasRedis, requireRedisInCI, useDiffPair, testWithRedis } from "../helpers/diff.ts";
import { RespClient } from "../helpers/resp-client.ts";

requireRedisInCI();

describe("auth and ACL", () => {
  const pair = useDiffPair();

  diffTest(pair, "AUTH without a password configured, ACL basics", [
    ["AUTH", "x"],
    ["AUTH", "default", "x"],
    ["AUTH", "a", "b", "c"],
    ["ACL", "WHOAMI"],
    ["ACL", "USERS"],
    ["ACL", "LIST"],
    ["ACL", "GETUSER", "default"],
    ["ACL", "GETUSER", "nobody"],
    ["ACL", "DELUSER", "default"],
    ["ACL", "FOO"],
    ["ACL", "SETUSER"],
    ["ACL", "CAT"],
  ]);

  diffTest(pair, "ACL SETUSER passwords for the default user and a new user", [
    ["ACL", "SETUSER", "default", ">secret"],
    ["ACL", "LIST"],
    ["AUTH", "default", "wrong"],
    ["AUTH", "secret"],
    ["AUTH", "default", "secret"],
    ["ACL", "SETUSER", "default", "<secret"],
    ["ACL", "SETUSER", "default", "<secret"],
    ["ACL", "SETUSER", "default", "nopass"],
    ["ACL", "SETUSER", "alice", "on", ">pw", "~*", "+@all"],
    ["ACL", "USERS"],
    ["ACL", "SETUSER", "alice", "badrule"],
    ["AUTH", "alice", "wrong"],
    ["AUTH", "alice", "pw"],
    ["ACL", "WHOAMI"],
    ["AUTH", "default", "anything"],
    ["ACL", "DELUSER", "alice", "bob"],
    ["ACL", "USERS"],
  ]);

  testWithRedis("NOAUTH before AUTH, HELLO AUTH, WRONGPASS", async () => {
    const results: string[][] = [];
    for (const port of [pair.redisPort, pair.redbunPort]) {
      const admin = await RespClient.connect(port);
      await admin.send("ACL", "SETUSER", "default", "resetpass", ">s3cret");
      const c = await RespClient.connect(port);
      const got: string[] = [];
      for (const cmd of [
        ["GET", "x"],
        ["PING"],
        ["HELLO", "3"],
        ["AUTH", "nope"],
        ["HELLO", "2", "AUTH", "default", "s3cret", "SETNAME", "me"],
        ["GET", "x"],
        ["CLIENT", "GETNAME"],
      ]) {
        const r = await c.send(...cmd);
        // The HELLO map holds the connection id, which differs between servers.
        got.push(cmd[0] === "HELLO" && r.resp.t !== "error" ? r.resp.t : r.bytes.toString("latin1"));
      }
      await admin.send("ACL", "SETUSER", "default", "nopass");
      results.push(got);
      c.close();
      admin.close();
    }
    expect(results[1]).toEqual(results[0]!);
  });
});

describe("slowlog and latency", () => {
  const pair = useDiffPair();
  diffTest(pair, "help texts and empty logs", [
    ["SLOWLOG", "HELP"],
    ["SLOWLOG", "RESET"],
    ["SLOWLOG", "LEN"],
    ["SLOWLOG", "GET"],
    ["SLOWLOG", "GET", "-2"],
    ["SLOWLOG", "GET", "x"],
    ["SLOWLOG", "FOO"],
    ["LATENCY", "HELP"],
    ["LATENCY", "LATEST"],
    ["LATENCY", "RESET"],
    ["LATENCY", "HISTORY", "command"],
  ]);

  testWithRedis("SLOWLOG records commands over the threshold with their arguments", async () => {
    const shapes: unknown[] = [];
    for (const port of [pair.redisPort, pair.redbunPort]) {
      const c = await RespClient.connect(port);
      await c.send("CONFIG", "SET", "slowlog-log-slower-than", "0");
      await c.send("SLOWLOG", "RESET");
      await c.send("CLIENT", "SETNAME", "slowpoke");
      await c.send("SET", "k", "x".repeat(200));
      const r = await c.send("SLOWLOG", "GET", "1");
      await c.send("CONFIG", "SET", "slowlog-log-slower-than", "10000");
      const entry = (r.resp as any).v[0].v;
      shapes.push([entry.length, entry[3].v.map((a: any) => a.v), entry[5].v]);
      c.close();
    }
    expect(shapes[1]).toEqual(shapes[0]);
  });

  testWithRedis("MONITOR shows other clients' commands", async () => {
    const lines: string[] = [];
    for (const port of [pair.redisPort, pair.redbunPort]) {
      const mon = await RespClient.connect(port);
      const c = await RespClient.connect(port);
      expect((await mon.send("MONITOR")).bytes.toString()).toBe("+OK\r\n");
      await c.send("SET", "mk", 'a "b"\n\x01');
      const line = (await mon.next()).bytes.toString("latin1");
      lines.push(line.replace(/^\+[\d.]+ \[0 [^\]]+\]/, "+TS [0 ADDR]"));
      mon.close();
      c.close();
    }
    expect(lines[1]).toBe(lines[0]!);
  });
});
