// Differential tests: DUMP / RESTORE and the persistence commands' argument
// handling against redis-server 7 (raw replies compared byte for byte).
// SAVE/BGSAVE/BGREWRITEAOF/SHUTDOWN happy paths write files and stop servers,
// so they are covered in test/integration/persistence*.test.ts on private
// directories; here only what needs no data directory.

import { describe } from "bun:test";
import { crc64 } from "../../src/persistence/crc64.ts";
import { diffTest, requireRedisInCI, useDiffPair } from "../helpers/diff.ts";

requireRedisInCI();

const bin = (hex: string) => Buffer.from(hex, "hex").toString("latin1");

/** A payload with a correct footer around arbitrary object bytes. */
function payload(objHex: string, version = 10): string {
  const body = Buffer.concat([Buffer.from(objHex, "hex"), Buffer.from([version & 0xff, version >> 8])]);
  const c = crc64(new Uint8Array(body)).bytesLE();
  return Buffer.concat([body, Buffer.from(c)]).toString("latin1");
}

// Payloads recorded from redis-server 7.0.15.
const P_STRING = bin("000568656c6c6f0a006372df766534200a"); // "hello"
const P_HASH = bin("10151500000004008266310382763103826632030201ff0a005c5ea813feec1ff5"); // f1 v1 f2 2
const P_ZSET = bin("111a1a0000000600816302dffd02816102010181620283322e3504ff0a00a68a1ab1a9f2dcc2");

describe("DUMP / RESTORE", () => {
  const pair = useDiffPair();

  diffTest(pair, "DUMP of small values is byte-identical; missing key is nil", [
    ["SET", "s", "hello"],
    ["DUMP", "s"],
    ["SET", "i", "12345"],
    ["DUMP", "i"],
    ["SET", "neg", "-2147483648"],
    ["DUMP", "neg"],
    ["SET", "wide", "2147483648"],
    ["DUMP", "wide"],
    ["SET", "bin", "\x00\xff\r\n"],
    ["DUMP", "bin"],
    ["RPUSH", "l", "a", "1", "b", "-300", "70000"],
    ["DUMP", "l"],
    ["HSET", "h", "f1", "v1", "f2", "2"],
    ["DUMP", "h"],
    ["SADD", "si", "3", "1", "2"],
    ["DUMP", "si"],
    ["SADD", "ss", "x"],
    ["DUMP", "ss"],
    ["ZADD", "z", "1", "a", "2.5", "b", "-0", "c"],
    ["DUMP", "z"],
    ["DUMP", "missing"],
    { cmd: ["HELLO", "3"], typeOnly: true },
    ["DUMP", "missing"],
    ["DUMP", "s"],
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);

  diffTest(pair, "RESTORE Redis payloads of each kind, then read them back", [
    ["RESTORE", "s", "0", P_STRING],
    ["GET", "s"],
    ["OBJECT", "ENCODING", "s"],
    ["RESTORE", "h", "0", P_HASH],
    ["HGETALL", "h"],
    ["OBJECT", "ENCODING", "h"],
    ["RESTORE", "z", "0", P_ZSET],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["OBJECT", "ENCODING", "z"],
    ["TTL", "z"],
  ]);

  diffTest(pair, "RESTORE: BUSYKEY, REPLACE, TTL, ABSTTL in the past deletes", [
    ["SET", "k", "old"],
    ["RESTORE", "k", "0", P_STRING],
    ["GET", "k"],
    ["RESTORE", "k", "0", P_STRING, "REPLACE"],
    ["GET", "k"],
    ["RESTORE", "t", "100000", P_STRING],
    { cmd: ["PTTL", "t"], tolerance: 1000 },
    ["RESTORE", "t", "1", P_STRING, "REPLACE", "ABSTTL"],
    ["EXISTS", "t"],
    ["RESTORE", "gone", "1", P_STRING, "ABSTTL"],
    ["EXISTS", "gone"],
    ["RESTORE", "abs", "99999999999999", P_STRING, "ABSTTL"],
    ["PEXPIRETIME", "abs"],
    ["RESTORE", "idle", "0", P_STRING, "IDLETIME", "1000"],
    ["GET", "idle"],
    ["RESTORE", "freq", "0", P_STRING, "FREQ", "100"],
    ["GET", "freq"],
    ["RESTORE", "rep", "0", P_STRING, "REPLACE", "REPLACE", "ABSTTL"],
    ["GET", "rep"],
  ]);

  diffTest(pair, "RESTORE argument errors in Redis's order", [
    ["SET", "busy", "1"],
    ["RESTORE", "busy", "0", P_STRING],
    ["RESTORE", "busy", "abc", P_STRING],
    ["RESTORE", "x", "abc", P_STRING],
    ["RESTORE", "x", "-1", P_STRING],
    ["RESTORE", "x", "1.5", P_STRING],
    ["RESTORE", "x", "0", "garbage"],
    ["RESTORE", "x", "0", ""],
    ["RESTORE", "x", "0", P_STRING.slice(0, -1) + "\x00"],
    ["RESTORE", "x", "0", payload("000568656c6c6f", 11)],
    ["RESTORE", "x", "0", payload("000568656c6c6f", 9)],
    ["GET", "x"],
    ["DEL", "x"],
    ["RESTORE", "x", "0", payload("0005686565")],
    ["RESTORE", "x", "0", payload("63")],
    ["RESTORE", "x", "0", payload("0400")],
    ["RESTORE", "x", "0", P_STRING, "BOGUS"],
    ["RESTORE", "x", "0", P_STRING, "IDLETIME"],
    ["RESTORE", "x", "0", P_STRING, "IDLETIME", "-1"],
    ["RESTORE", "x", "0", P_STRING, "IDLETIME", "abc"],
    ["RESTORE", "x", "0", P_STRING, "FREQ", "256"],
    ["RESTORE", "x", "0", P_STRING, "FREQ", "-1"],
    ["RESTORE", "x", "0", P_STRING, "FREQ", "x"],
    ["RESTORE", "x", "0", P_STRING, "IDLETIME", "1", "FREQ", "1"],
    ["RESTORE", "x", "0", P_STRING, "FREQ", "1", "IDLETIME", "1"],
    ["RESTORE", "x", "0"],
    ["RESTORE", "x"],
    ["DUMP"],
    ["DUMP", "a", "b"],
    ["EXISTS", "x"],
  ]);

  diffTest(pair, "RESTORE of a corrupt listpack or intset inside a valid payload", [
    ["RESTORE", "h", "0", payload("1007" + "0700000000000a")],
    ["RESTORE", "s", "0", payload("0b08" + "0300000000000000")],
    ["RESTORE", "z", "0", payload("0502" + "0161" + "000000000000f03f")],
    ["EXISTS", "h", "s", "z"],
  ]);

  diffTest(pair, "RESTORE inside MULTI, and WRONGTYPE-free overwrite with REPLACE", [
    ["RPUSH", "k", "a"],
    ["MULTI"],
    ["RESTORE", "k", "0", P_HASH, "REPLACE"],
    ["TYPE", "k"],
    ["EXEC"],
    ["HGETALL", "k"],
  ]);
});

describe("persistence commands: argument errors and replies that need no files", () => {
  const pair = useDiffPair();

  diffTest(pair, "arity and syntax", [
    ["SAVE", "x"],
    ["BGSAVE", "NOW"],
    ["BGSAVE", "SCHEDULE", "x"],
    ["LASTSAVE", "x"],
    { cmd: ["LASTSAVE"], typeOnly: true },
    ["BGREWRITEAOF", "x"],
    ["SHUTDOWN", "FOO"],
    ["SHUTDOWN", "SAVE", "NOSAVE"],
    ["SHUTDOWN", "NOSAVE", "SAVE", "NOW"],
    ["SHUTDOWN", "ABORT", "NOW"],
    ["SHUTDOWN", "ABORT", "FORCE"],
    ["SHUTDOWN", "ABORT", "SAVE"],
    ["SHUTDOWN", "ABORT"],
    ["SHUTDOWN", "abort"],
  ]);

  diffTest(pair, "SAVE and SHUTDOWN are refused inside MULTI", [
    ["MULTI"],
    ["SAVE"],
    ["SHUTDOWN"],
    ["SET", "a", "1"],
    ["EXEC"],
    ["GET", "a"],
  ]);
});
