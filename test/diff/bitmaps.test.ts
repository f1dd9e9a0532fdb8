// Differential tests of the bitmap commands (Redis 7.0's bitops.c) against a
// real redis-server: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD,
// BITFIELD_RO. Replies must be byte-identical. Generated cases use a fixed
// seed, so a failure is reproducible. A last part compares what is
// propagated (through a replica's MONITOR) and the keyspace events.

import { describe } from "bun:test";
import { diffTest, requireRedisInCI, type StepLike, useDiffPair } from "../helpers/diff.ts";
import { usePropagationHarness } from "../helpers/propagation.ts";
import { rng } from "../helpers/rng.ts";

requireRedisInCI();

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function randomBytes(r: () => number, len: number): string {
  let out = "";
  for (let i = 0; i < len; i++) out += String.fromCharCode(Math.floor(r() * 256));
  return out;
}

const ONES = "\xff\xff\xff";
const MIXED = "\x00\x0f\xf0\xff\x80\x01";

describe("bitmaps: differential vs redis-server", () => {
  const pair = useDiffPair();

  // --- SETBIT / GETBIT ----------------------------------------------------

  diffTest(pair, "SETBIT and GETBIT basics", [
    ["SETBIT", "k", "7", "1"],
    ["GET", "k"],
    ["SETBIT", "k", "7", "1"],
    ["SETBIT", "k", "7", "0"],
    ["GET", "k"],
    ["SETBIT", "k", "0", "1"],
    ["SETBIT", "k", "15", "1"],
    ["SETBIT", "k", "100", "0"],
    ["GET", "k"],
    ["STRLEN", "k"],
    ["GETBIT", "k", "0"],
    ["GETBIT", "k", "1"],
    ["GETBIT", "k", "15"],
    ["GETBIT", "k", "100"],
    ["GETBIT", "k", "101"],
    ["GETBIT", "k", "1000000"],
    ["GETBIT", "missing", "0"],
    ["GETBIT", "missing", "4294967295"],
    ["EXISTS", "missing"],
    ["setbit", "k", "3", "1"],
    ["getbit", "k", "3"],
    ["SETBIT", "z", "0", "0"],
    ["GET", "z"],
    ["SETBIT", "z2", "23", "0"],
    ["GET", "z2"],
  ]);

  diffTest(pair, "SETBIT / GETBIT on existing strings and integers", [
    ["SET", "s", "foobar"],
    ["GETBIT", "s", "1"],
    ["GETBIT", "s", "2"],
    ["GETBIT", "s", "47"],
    ["SETBIT", "s", "7", "1"],
    ["GET", "s"],
    ["SETBIT", "s", "60", "1"],
    ["GET", "s"],
    ["SET", "n", "12345"],
    ["GETBIT", "n", "2"],
    ["GETBIT", "n", "3"],
    ["GETBIT", "n", "39"],
    ["GETBIT", "n", "40"],
    ["SETBIT", "n", "7", "1"],
    ["GET", "n"],
    ["SET", "e", ""],
    ["GETBIT", "e", "0"],
    ["SETBIT", "e", "0", "0"],
    ["GET", "e"],
    ["SET", "bin", "\x00\xff\r\n"],
    ["SETBIT", "bin", "8", "0"],
    ["SETBIT", "bin", "17", "0"],
    ["GET", "bin"],
  ]);

  diffTest(pair, "SETBIT / GETBIT argument errors and arity", [
    ["SETBIT", "k", "-1", "1"],
    ["SETBIT", "k", "x", "1"],
    ["SETBIT", "k", "1.5", "1"],
    ["SETBIT", "k", "#1", "1"],
    ["SETBIT", "k", "", "1"],
    ["SETBIT", "k", " 1", "1"],
    ["SETBIT", "k", "01", "1"],
    ["SETBIT", "k", "4294967296", "1"],
    ["SETBIT", "k", "9223372036854775807", "1"],
    ["SETBIT", "k", "9223372036854775808", "1"],
    ["SETBIT", "k", "0", "2"],
    ["SETBIT", "k", "0", "-1"],
    ["SETBIT", "k", "0", "x"],
    ["SETBIT", "k", "0", ""],
    ["SETBIT", "k", "0", "01"],
    ["SETBIT", "k", "0", "1.0"],
    ["SETBIT", "k", "0", "9223372036854775808"],
    ["SETBIT", "k", "-1", "2"],
    ["EXISTS", "k"],
    ["GETBIT", "k", "-1"],
    ["GETBIT", "k", "x"],
    ["GETBIT", "k", "4294967296"],
    ["GETBIT", "k", "#0"],
    ["SETBIT", "k", "0"],
    ["SETBIT", "k", "0", "1", "1"],
    ["GETBIT", "k"],
    ["GETBIT", "k", "0", "0"],
    ["SETBIT"],
    ["GETBIT"],
  ]);

  diffTest(pair, "SETBIT at a moderate offset and near the 2^32 bit limit", [
    ["SETBIT", "big", "8000000", "1"],
    ["STRLEN", "big"],
    ["GETBIT", "big", "8000000"],
    ["GETBIT", "big", "7999999"],
    ["BITCOUNT", "big"],
    ["BITPOS", "big", "1"],
    ["BITPOS", "big", "0"],
    ["BITPOS", "big", "1", "-1"],
    ["SETBIT", "big", "4294967296", "1"],
    ["GETBIT", "big", "4294967296"],
    ["GETBIT", "big", "4294967295"],
    ["STRLEN", "big"],
    ["SETBIT", "big", "3", "1"],
    ["BITCOUNT", "big"],
    ["GETRANGE", "big", "0", "1"],
    ["GETRANGE", "big", "999999", "-1"],
  ]);

  diffTest(pair, "bitmaps with the string commands: GET, STRLEN, APPEND, GETRANGE, SETRANGE", [
    ["SETBIT", "k", "1", "1"],
    ["SETBIT", "k", "9", "1"],
    ["GET", "k"],
    ["STRLEN", "k"],
    ["APPEND", "k", "xyz"],
    ["GET", "k"],
    ["SETBIT", "k", "39", "1"],
    ["GET", "k"],
    ["GETRANGE", "k", "1", "3"],
    ["SETRANGE", "k", "10", "end"],
    ["GET", "k"],
    ["SETBIT", "k", "0", "1"],
    ["GETRANGE", "k", "0", "0"],
    ["STRLEN", "k"],
    ["SETRANGE", "k", "2", "\x00\x00"],
    ["BITCOUNT", "k"],
    ["APPEND", "k", "!"],
    ["APPEND", "k", "?"],
    ["SETBIT", "k", "200", "1"],
    ["GET", "k"],
    ["SETRANGE", "k", "0", ""],
    ["SETRANGE", "k", "30", ""],
    ["STRLEN", "k"],
    ["SETRANGE", "r", "5", "ab"],
    ["GET", "r"],
    ["SETBIT", "r", "63", "1"],
    ["GET", "r"],
    ["SETRANGE", "r", "1", "z"],
    ["GETBIT", "r", "15"],
    ["GET", "r"],
    ["INCR", "r"],
    ["SET", "i", "10"],
    ["SETBIT", "i", "7", "1"],
    ["GET", "i"],
    ["INCR", "i"],
    ["GET", "i"],
    ["SETBIT", "i", "7", "0"],
    ["GET", "i"],
    ["INCRBYFLOAT", "f", "1.5"],
    ["SETBIT", "f", "15", "0"],
    ["GET", "f"],
    ["COPY", "k", "kc"],
    ["SETBIT", "k", "0", "0"],
    ["GET", "kc"],
    ["GET", "k"],
    ["RENAME", "k", "k2"],
    ["GET", "k2"],
  ]);

  diffTest(pair, "OBJECT ENCODING after bit commands", [
    ["SETBIT", "a", "0", "1"],
    ["OBJECT", "ENCODING", "a"],
    ["SET", "b", "hello"],
    ["GETBIT", "b", "0"],
    ["BITCOUNT", "b"],
    ["BITFIELD", "b", "GET", "u8", "0"],
    ["BITFIELD_RO", "b", "GET", "u8", "0"],
    ["OBJECT", "ENCODING", "b"],
    ["SETBIT", "b", "1", "1"],
    ["OBJECT", "ENCODING", "b"],
    ["SET", "c", "12"],
    ["GETBIT", "c", "0"],
    ["BITPOS", "c", "1"],
    ["OBJECT", "ENCODING", "c"],
    ["SETBIT", "c", "2", "1"],
    ["OBJECT", "ENCODING", "c"],
    ["GET", "c"],
    ["SET", "d", "x"],
    ["BITFIELD", "d", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "100"],
    ["OBJECT", "ENCODING", "d"],
    ["BITOP", "AND", "dest", "a"],
    ["OBJECT", "ENCODING", "dest"],
    ["SET", "e", "x".repeat(60)],
    ["BITOP", "NOT", "dest", "e"],
    ["OBJECT", "ENCODING", "dest"],
    ["BITFIELD", "new", "SET", "u8", "0", "1"],
    ["OBJECT", "ENCODING", "new"],
    ["SETRANGE", "sr", "0", "abc"],
    ["OBJECT", "ENCODING", "sr"],
    ["INCRBYFLOAT", "fl", "3"],
    ["OBJECT", "ENCODING", "fl"],
    ["SETBIT", "fl", "0", "0"],
    ["OBJECT", "ENCODING", "fl"],
  ]);

  // --- BITCOUNT -----------------------------------------------------------

  const countSteps: StepLike[] = [
    ["SET", "s", "foobar"],
    ["BITCOUNT", "s"],
    ["BITCOUNT", "s", "0", "0"],
    ["BITCOUNT", "s", "1", "1"],
    ["BITCOUNT", "s", "1", "1", "BYTE"],
    ["BITCOUNT", "s", "5", "30", "BIT"],
    ["BITCOUNT", "s", "5", "30", "bit"],
    ["BITCOUNT", "s", "0", "-1", "byte"],
    ["BITCOUNT", "s", "-9223372036854775808", "9223372036854775807"],
    ["BITCOUNT", "s", "-9223372036854775808", "-9223372036854775807"],
    ["BITCOUNT", "s", "-9223372036854775807", "-9223372036854775808"],
    ["BITCOUNT", "s", "9223372036854775807", "9223372036854775807", "BIT"],
    ["BITCOUNT", "s", "-9223372036854775808", "9223372036854775807", "BIT"],
    ["BITCOUNT", "s", "-1", "-2"],
    ["BITCOUNT", "s", "-2", "-1"],
    ["BITCOUNT", "s", "-100", "-50"],
    ["BITCOUNT", "s", "3", "1"],
    ["BITCOUNT", "s", "0"],
    ["BITCOUNT", "s", "0", "1", "BITS"],
    ["BITCOUNT", "s", "0", "1", "BIT", "x"],
    ["BITCOUNT", "s", "0", "1", "BIT\0x"],
    ["BITCOUNT", "s", "a", "1"],
    ["BITCOUNT", "s", "0", "b"],
    ["BITCOUNT", "s", "0", "b", "x"],
    ["BITCOUNT", "s", "0", "9223372036854775808"],
    ["BITCOUNT", "missing"],
    ["BITCOUNT", "missing", "0", "-1"],
    ["BITCOUNT", "missing", "0", "-1", "BIT"],
    ["BITCOUNT", "missing", "a", "b"],
    ["BITCOUNT", "missing", "0"],
    ["BITCOUNT", "missing", "0", "1", "x"],
    ["SET", "n", "-123"],
    ["BITCOUNT", "n"],
    ["BITCOUNT", "n", "1", "2"],
    ["BITCOUNT", "n", "3", "20", "BIT"],
    ["SET", "e", ""],
    ["BITCOUNT", "e"],
    ["BITCOUNT", "e", "0", "-1"],
    ["BITCOUNT", "e", "0", "-1", "BIT"],
    ["BITCOUNT"],
  ];
  // Every small range of a mixed string, in bytes and in bits.
  countSteps.push(["SET", "m", MIXED + "\xaa\x55"]);
  for (const unit of [null, "BYTE", "BIT"]) {
    const bounds = unit === "BIT" ? [-70, -64, -63, -33, -17, -9, -8, -1, 0, 1, 3, 7, 8, 9, 15, 16, 31, 40, 63, 64, 100] : [-10, -8, -3, -1, 0, 1, 2, 5, 7, 8, 20];
    for (const a of bounds) {
      for (const b of bounds) {
        const cmd = ["BITCOUNT", "m", String(a), String(b)];
        if (unit) cmd.push(unit);
        countSteps.push(cmd);
      }
    }
  }
  diffTest(pair, "BITCOUNT ranges: negative, BYTE vs BIT, errors", countSteps);

  // A string long enough for the word-at-a-time paths, at every alignment.
  const longStr = randomBytes(rng(7), 1000) + "\xff".repeat(64) + "\x00".repeat(64);
  const longSteps: StepLike[] = [["SET", "L", longStr], ["SETBIT", "R", "9000", "1"], ["SETRANGE", "R", "0", longStr]];
  for (const k of ["L", "R"]) {
    longSteps.push(["BITCOUNT", k]);
    for (let i = 0; i < 12; i++) {
      longSteps.push(["BITCOUNT", k, String(i), String(1127 - i)]);
      longSteps.push(["BITCOUNT", k, String(i * 13 + 1), String(9000 - i * 7), "BIT"]);
    }
  }
  diffTest(pair, "BITCOUNT on longer strings (plain and raw)", longSteps);

  // --- BITPOS -------------------------------------------------------------

  const posSteps: StepLike[] = [
    ["SET", "ones", ONES],
    ["SET", "zeros", "\x00\x00\x00"],
    ["SET", "mixed", MIXED],
    ["SET", "e", ""],
    ["BITPOS", "ones", "0"],
    ["BITPOS", "ones", "1"],
    ["BITPOS", "ones", "0", "0"],
    ["BITPOS", "ones", "0", "0", "-1"],
    ["BITPOS", "ones", "0", "1"],
    ["BITPOS", "ones", "0", "-1"],
    ["BITPOS", "ones", "0", "0", "-1", "BIT"],
    ["BITPOS", "ones", "0", "0", "-1", "BYTE"],
    ["BITPOS", "ones", "0", "5"],
    ["BITPOS", "ones", "0", "5", "10"],
    ["BITPOS", "zeros", "1"],
    ["BITPOS", "zeros", "0"],
    ["BITPOS", "zeros", "1", "0", "-1", "BIT"],
    ["BITPOS", "zeros", "0", "3", "-1", "BIT"],
    ["BITPOS", "e", "0"],
    ["BITPOS", "e", "1"],
    ["BITPOS", "e", "0", "0"],
    ["BITPOS", "e", "0", "0", "-1"],
    ["BITPOS", "e", "1", "0", "-1", "BIT"],
    ["BITPOS", "missing", "0"],
    ["BITPOS", "missing", "1"],
    ["BITPOS", "missing", "0", "10", "20"],
    ["BITPOS", "missing", "1", "10", "20", "BIT"],
    ["BITPOS", "missing", "1", "a"],
    ["BITPOS", "missing", "1", "0", "1", "x"],
    ["BITPOS", "missing", "2"],
    ["BITPOS", "mixed", "2"],
    ["BITPOS", "mixed", "-1"],
    ["BITPOS", "mixed", "x"],
    ["BITPOS", "mixed", "01"],
    ["BITPOS", "mixed", "1", "x"],
    ["BITPOS", "mixed", "1", "0", "x"],
    ["BITPOS", "mixed", "1", "0", "x", "BIT"],
    ["BITPOS", "mixed", "1", "x", "0", "foo"],
    ["BITPOS", "mixed", "1", "0", "x", "foo"],
    ["BITPOS", "mixed", "1", "0", "1", "BITS"],
    ["BITPOS", "mixed", "1", "0", "1", "bit\0x"],
    ["BITPOS", "mixed", "1", "0", "1", "BIT", "x"],
    ["BITPOS", "mixed", "1", "-9223372036854775808", "9223372036854775807", "BIT"],
    ["BITPOS", "mixed", "0", "9223372036854775807"],
    ["BITPOS", "mixed", "0", "-9223372036854775808"],
    ["BITPOS", "mixed", "1", "0", "9223372036854775808"],
    ["SET", "n", "1234"],
    ["BITPOS", "n", "1"],
    ["BITPOS", "n", "0", "1"],
    ["BITPOS", "n", "1", "9", "20", "BIT"],
    ["BITPOS", "k"],
    ["BITPOS"],
  ];
  for (const key of ["ones", "zeros", "mixed"]) {
    for (const bit of ["0", "1"]) {
      for (const a of [-30, -9, -8, -1, 0, 1, 2, 5, 7, 8, 9, 15, 16, 23, 24, 40]) {
        posSteps.push(["BITPOS", key, bit, String(a)]);
        for (const b of [-25, -8, -2, -1, 0, 1, 7, 8, 15, 16, 17, 23, 47, 100]) {
          posSteps.push(["BITPOS", key, bit, String(a), String(b), "BIT"]);
          if (a > -10 && a < 10 && b > -10 && b < 20) {
            posSteps.push(["BITPOS", key, bit, String(a), String(b)]);
            posSteps.push(["BITPOS", key, bit, String(a), String(b), "BYTE"]);
          }
        }
      }
    }
  }
  diffTest(pair, "BITPOS: bit 0 on all-ones, end given or not, BIT vs BYTE ranges, errors", posSteps);

  const posLong: StepLike[] = [
    ["SET", "z", "\x00".repeat(300) + "\x01" + "\x00".repeat(50)],
    ["SET", "o", "\xff".repeat(300) + "\xfe" + "\xff".repeat(50)],
    ["SET", "allones", "\xff".repeat(333)],
    ["SETBIT", "raw", "5000", "1"],
  ];
  for (const k of ["z", "o", "allones", "raw"]) {
    for (const bit of ["0", "1"]) {
      posLong.push(["BITPOS", k, bit]);
      for (let i = 0; i < 9; i++) {
        posLong.push(["BITPOS", k, bit, String(i)]);
        posLong.push(["BITPOS", k, bit, String(i), "-1"]);
        posLong.push(["BITPOS", k, bit, String(i * 9 + 3), String(2700 - i), "BIT"]);
        posLong.push(["BITPOS", k, bit, String(i), "299"]);
      }
    }
  }
  diffTest(pair, "BITPOS on longer strings at every alignment", posLong);

  // --- BITOP --------------------------------------------------------------

  diffTest(pair, "BITOP AND / OR / XOR / NOT on different lengths and missing keys", [
    ["SET", "a", "\xff\x0f\xf0"],
    ["SET", "b", "\x0f"],
    ["SET", "c", "abcdef"],
    ["BITOP", "AND", "d", "a", "b"],
    ["GET", "d"],
    ["BITOP", "AND", "d", "b", "a"],
    ["GET", "d"],
    ["BITOP", "OR", "d", "a", "b", "c"],
    ["GET", "d"],
    ["BITOP", "XOR", "d", "a", "b", "c"],
    ["GET", "d"],
    ["BITOP", "NOT", "d", "a"],
    ["GET", "d"],
    ["BITOP", "not", "d", "c"],
    ["GET", "d"],
    ["BITOP", "and", "d", "a", "missing"],
    ["GET", "d"],
    ["BITOP", "AND", "d", "missing", "a"],
    ["GET", "d"],
    ["BITOP", "OR", "d", "missing", "a"],
    ["GET", "d"],
    ["BITOP", "XOR", "d", "a", "a"],
    ["GET", "d"],
    ["BITOP", "AND", "d", "a"],
    ["GET", "d"],
    ["BITOP", "NOT", "d", "missing"],
    ["EXISTS", "d"],
    ["BITOP", "OR", "d", "missing", "missing2"],
    ["EXISTS", "d"],
    ["SET", "empty", ""],
    ["BITOP", "OR", "d", "empty"],
    ["EXISTS", "d"],
    ["BITOP", "NOT", "a", "a"],
    ["GET", "a"],
    ["BITOP", "AND", "c", "c", "a"],
    ["GET", "c"],
    ["SET", "n", "12"],
    ["BITOP", "XOR", "d", "n", "b"],
    ["GET", "d"],
    ["SET", "x", "v", "EX", "100"],
    ["BITOP", "OR", "x", "b"],
    ["TTL", "x"],
    ["GET", "x"],
    ["SET", "y", "v", "EX", "100"],
    ["BITOP", "OR", "y", "missing"],
    ["EXISTS", "y"],
    ["RPUSH", "list", "a"],
    ["BITOP", "OR", "list", "b"],
    ["TYPE", "list"],
    ["GET", "list"],
  ]);

  const opSteps: StepLike[] = [];
  {
    const r = rng(99);
    for (let i = 0; i < 30; i++) {
      const n = 1 + Math.floor(r() * 4);
      const keys: string[] = [];
      for (let j = 0; j < n; j++) {
        const k = `s${i}_${j}`;
        if (r() < 0.85) opSteps.push(["SET", k, randomBytes(r, Math.floor(r() * 80))]);
        keys.push(k);
      }
      const op = n === 1 && r() < 0.5 ? "NOT" : pick(r, ["AND", "OR", "XOR"]);
      opSteps.push(["BITOP", op, "dst", ...(op === "NOT" ? [keys[0]!] : keys)]);
      opSteps.push(["GET", "dst"]);
    }
  }
  diffTest(pair, "BITOP on generated strings", opSteps);

  diffTest(pair, "BITOP errors and arity", [
    ["SET", "a", "x"],
    ["BITOP", "NOT", "d", "a", "a"],
    ["BITOP", "NOT", "d", "a", "missing", "more"],
    ["BITOP", "NAND", "d", "a"],
    ["BITOP", "DIFF", "d", "a", "a"],
    ["BITOP", "ONE", "d", "a", "a"],
    ["BITOP", "AND\0x", "d", "a"],
    ["BITOP", "", "d", "a"],
    ["RPUSH", "list", "x"],
    ["BITOP", "AND", "d", "a", "list"],
    ["BITOP", "AND", "d", "list", "missing"],
    ["BITOP", "NOT", "d", "list"],
    ["EXISTS", "d"],
    ["BITOP", "AND", "d"],
    ["BITOP", "AND"],
    ["BITOP"],
  ]);

  // --- BITFIELD -----------------------------------------------------------

  diffTest(pair, "BITFIELD GET / SET / INCRBY basics and # offsets", [
    ["BITFIELD", "k", "SET", "u8", "0", "255"],
    ["GET", "k"],
    ["BITFIELD", "k", "GET", "u8", "0", "GET", "i8", "0", "GET", "u4", "4", "GET", "i4", "4"],
    ["BITFIELD", "k", "SET", "i5", "#2", "-3", "GET", "i5", "#2", "GET", "u5", "#2", "GET", "u5", "10"],
    ["GET", "k"],
    ["BITFIELD", "k", "INCRBY", "u2", "100", "1", "OVERFLOW", "SAT", "incrby", "u2", "102", "1"],
    ["BITFIELD", "k", "GET", "u16", "#6", "GET", "u16", "96"],
    ["BITFIELD", "k", "set", "i64", "#1", "-9223372036854775808", "get", "i64", "64", "get", "u63", "64", "get", "u63", "65"],
    ["BITFIELD", "k", "SET", "i64", "3", "9223372036854775807", "GET", "i64", "3", "GET", "u63", "3", "GET", "u63", "4"],
    ["GET", "k"],
    ["BITFIELD", "k", "GET", "i1", "0", "GET", "u1", "0", "GET", "i2", "0", "GET", "i33", "5", "GET", "u33", "5", "GET", "u53", "3", "GET", "i53", "3"],
    ["BITFIELD", "k"],
    ["BITFIELD", "missing"],
    ["BITFIELD", "missing", "GET", "i64", "0", "GET", "u8", "1000"],
    ["EXISTS", "missing"],
    ["BITFIELD", "k", "GET", "u8", "100000"],
    ["BITFIELD", "k", "GET", "i64", "#0", "GET", "i64", "#100"],
    ["BITFIELD", "k", "GET", "u8", "#2305843009213693953"],
    ["BITFIELD", "k", "GET", "i64", "#144115188075855873"],
    ["BITFIELD", "k", "SET", "u8", "#0", "1", "SET", "u8", "#1", "2", "SET", "u8", "#2", "3"],
    ["GET", "k"],
    ["SET", "n", "123"],
    ["BITFIELD", "n", "GET", "u8", "0", "GET", "u24", "0", "GET", "i32", "0"],
    ["BITFIELD", "n", "INCRBY", "u8", "16", "1"],
    ["GET", "n"],
  ]);

  diffTest(pair, "BITFIELD overflow: WRAP, SAT, FAIL, signed and unsigned, i64 / u63", [
    ["BITFIELD", "k", "SET", "u8", "0", "250", "INCRBY", "u8", "0", "10", "GET", "u8", "0"],
    ["BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "300", "INCRBY", "u8", "0", "-1000"],
    ["BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "256", "INCRBY", "u8", "0", "-1", "GET", "u8", "0"],
    ["BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "255", "INCRBY", "u8", "0", "1", "OVERFLOW", "WRAP", "INCRBY", "u8", "0", "1"],
    ["BITFIELD", "k", "SET", "i8", "8", "127", "INCRBY", "i8", "8", "1", "INCRBY", "i8", "8", "-1"],
    ["BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "i8", "8", "-1000", "INCRBY", "i8", "8", "1000", "SET", "i8", "8", "-129", "SET", "i8", "8", "128"],
    ["BITFIELD", "k", "OVERFLOW", "WRAP", "SET", "i8", "8", "-129", "SET", "i8", "8", "128", "SET", "u8", "8", "-1", "SET", "u8", "8", "256"],
    ["BITFIELD", "k", "OVERFLOW", "SAT", "SET", "u8", "8", "-1", "SET", "u8", "8", "256", "SET", "u8", "8", "-9223372036854775808"],
    ["BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "u8", "8", "-1", "SET", "u8", "8", "256", "SET", "i8", "8", "-129", "SET", "i8", "8", "-128"],
    ["BITFIELD", "k", "SET", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0", "1", "INCRBY", "i64", "0", "-1"],
    ["BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0", "-9223372036854775808", "INCRBY", "i64", "0", "-9223372036854775808", "INCRBY", "i64", "0", "-1"],
    ["BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "i64", "0", "-9223372036854775808", "INCRBY", "i64", "0", "-1", "INCRBY", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0", "1"],
    ["BITFIELD", "k", "OVERFLOW", "WRAP", "SET", "u63", "0", "9223372036854775807", "INCRBY", "u63", "0", "1", "INCRBY", "u63", "0", "-1", "SET", "u63", "0", "-1"],
    ["BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "u63", "0", "9223372036854775807", "INCRBY", "u63", "0", "9223372036854775807", "INCRBY", "u63", "0", "-9223372036854775808", "SET", "u63", "0", "-5"],
    ["BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u63", "1", "9223372036854775807", "INCRBY", "u63", "1", "-1", "SET", "u63", "1", "-1"],
    ["BITFIELD", "k", "OVERFLOW", "WRAP", "INCRBY", "i64", "3", "-9223372036854775808", "INCRBY", "i64", "3", "-9223372036854775808", "INCRBY", "i63", "3", "9223372036854775807"],
    ["BITFIELD", "k", "SET", "i1", "0", "1", "SET", "i1", "0", "-1", "INCRBY", "i1", "0", "1", "INCRBY", "u1", "0", "1", "OVERFLOW", "SAT", "INCRBY", "i1", "0", "5", "INCRBY", "i1", "0", "-5"],
    ["BITFIELD", "k", "OVERFLOW", "WRAP", "INCRBY", "u32", "5", "9007199254740993", "INCRBY", "i32", "5", "-9007199254740993", "INCRBY", "u31", "5", "4294967295", "INCRBY", "i32", "5", "4294967296"],
    ["BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "u32", "5", "9007199254740991", "INCRBY", "i32", "5", "-9007199254740991", "INCRBY", "i32", "5", "9007199254740992"],
    ["GET", "k"],
  ]);

  // Generated operations: every width, random offsets (some #), values and overflow modes.
  const fieldSteps: StepLike[] = [];
  {
    const r = rng(2024);
    const widths = [1, 2, 3, 7, 8, 9, 13, 15, 16, 17, 24, 31, 32, 33, 40, 47, 48, 52, 53, 54, 62, 63, 64];
    const special = (bits: number, signed: boolean): string[] => {
      const out = ["0", "1", "-1", "2", "-2", "9223372036854775807", "-9223372036854775808", "9007199254740993", "-9007199254740993", "4294967296"];
      const b = BigInt(bits);
      if (signed) out.push(String((1n << (b - 1n)) - 1n), String(-(1n << (b - 1n))), String(1n << (b - 1n)), String(-(1n << (b - 1n)) - 1n));
      else if (bits < 64) out.push(String((1n << b) - 1n), String(1n << b), String(-(1n << b)));
      return out;
    };
    const randomValue = (bits: number, signed: boolean): string => {
      if (r() < 0.5) return pick(r, special(bits, signed));
      const mag = BigInt(Math.floor(r() * 2 ** 31)) * BigInt(Math.floor(r() * 2 ** 31)) + BigInt(Math.floor(r() * 1000));
      const v = BigInt.asIntN(64, mag >> BigInt(Math.floor(r() * 62)));
      return String(r() < 0.5 ? -v : v);
    };
    for (let i = 0; i < 300; i++) {
      const cmd = ["BITFIELD", pick(r, ["f1", "f2"])];
      const nops = 1 + Math.floor(r() * 5);
      for (let j = 0; j < nops; j++) {
        const signed = r() < 0.5;
        let bits = pick(r, widths);
        if (!signed && bits === 64) bits = 63;
        const type = (signed ? "i" : "u") + bits;
        const off = r() < 0.25 ? "#" + Math.floor(r() * 8) : String(Math.floor(r() * 130));
        const x = r();
        if (x < 0.15) cmd.push("OVERFLOW", pick(r, ["WRAP", "SAT", "FAIL", "wrap", "sat", "fail"]));
        if (x < 0.35) cmd.push("GET", type, off);
        else if (x < 0.65) cmd.push("SET", type, off, randomValue(bits, signed));
        else cmd.push("INCRBY", type, off, randomValue(bits, signed));
      }
      fieldSteps.push(cmd);
      if (i % 25 === 0) fieldSteps.push(["GET", "f1"], ["GET", "f2"]);
    }
    fieldSteps.push(["GET", "f1"], ["GET", "f2"]);
  }
  diffTest(pair, "BITFIELD generated operations", fieldSteps);

  diffTest(pair, "BITFIELD and BITFIELD_RO errors", [
    ["SET", "k", "abc"],
    ["BITFIELD", "k", "GET", "u64", "0"],
    ["BITFIELD", "k", "GET", "i65", "0"],
    ["BITFIELD", "k", "GET", "i0", "0"],
    ["BITFIELD", "k", "GET", "u0", "0"],
    ["BITFIELD", "k", "GET", "I8", "0"],
    ["BITFIELD", "k", "GET", "U8", "0"],
    ["BITFIELD", "k", "GET", "x8", "0"],
    ["BITFIELD", "k", "GET", "i", "0"],
    ["BITFIELD", "k", "GET", "", "0"],
    ["BITFIELD", "k", "GET", "i08", "0"],
    ["BITFIELD", "k", "GET", "i-8", "0"],
    ["BITFIELD", "k", "GET", "i8\0junk", "0"],
    ["BITFIELD", "k", "GET", "u8x", "0"],
    ["BITFIELD", "k", "GET", "i8", "-1"],
    ["BITFIELD", "k", "GET", "i8", "x"],
    ["BITFIELD", "k", "GET", "i8", "#"],
    ["BITFIELD", "k", "GET", "i8", "#-1"],
    ["BITFIELD", "k", "GET", "i8", "#x"],
    ["BITFIELD", "k", "GET", "i8", "##1"],
    ["BITFIELD", "k", "GET", "i8", "4294967296"],
    ["BITFIELD", "k", "GET", "i8", "4294967295"],
    ["BITFIELD", "k", "GET", "i8", "#536870912"],
    ["BITFIELD", "k", "GET", "i8", "#536870911"],
    ["BITFIELD", "k", "GET", "i64", "#67108864"],
    ["BITFIELD", "k", "GET", "i64", "#9223372036854775807"],
    ["BITFIELD", "k", "GET", "u8", "#9223372036854775807"],
    ["BITFIELD", "k", "SET", "i8", "4294967296", "1"],
    ["BITFIELD", "k", "SET", "i8", "0", "x"],
    ["BITFIELD", "k", "SET", "i8", "0", "9223372036854775808"],
    ["BITFIELD", "k", "INCRBY", "i8", "0", "1.5"],
    ["BITFIELD", "k", "SET", "i8", "0"],
    ["BITFIELD", "k", "INCRBY", "i8", "0"],
    ["BITFIELD", "k", "GET", "i8"],
    ["BITFIELD", "k", "GET"],
    ["BITFIELD", "k", "OVERFLOW"],
    ["BITFIELD", "k", "OVERFLOW", "BAD"],
    ["BITFIELD", "k", "OVERFLOW", "BAD", "GET", "u8", "0"],
    ["BITFIELD", "k", "OVERFLOW", "sat\0x", "GET", "u8", "0"],
    ["BITFIELD", "k", "FOO", "u8", "0"],
    ["BITFIELD", "k", "GET", "u8", "0", "FOO"],
    ["BITFIELD", "k", "get\0x", "u8", "0"],
    ["BITFIELD", "k", "SET", "u8", "0", "1", "GET", "u64", "0"],
    ["GET", "k"],
    ["BITFIELD"],
    ["BITFIELD_RO", "k", "GET", "u8", "0", "GET", "i16", "4"],
    ["BITFIELD_RO", "k", "OVERFLOW", "SAT", "GET", "u8", "0"],
    ["BITFIELD_RO", "k"],
    ["BITFIELD_RO", "missing", "GET", "u8", "0"],
    ["BITFIELD_RO", "k", "SET", "u8", "0", "1"],
    ["BITFIELD_RO", "k", "GET", "u8", "0", "INCRBY", "u8", "0", "1"],
    ["BITFIELD_RO", "k", "SET", "u8", "0", "x"],
    ["BITFIELD_RO", "k", "SET", "u64", "0", "1"],
    ["BITFIELD_RO", "k", "GET", "u8", "#x"],
    ["BITFIELD_RO", "k", "FOO"],
    ["BITFIELD_RO"],
    ["GET", "k"],
  ]);

  diffTest(pair, "BITFIELD writes that fail: the key is created, unchanged values", [
    ["BITFIELD", "nk", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "100"],
    ["EXISTS", "nk"],
    ["GET", "nk"],
    ["BITFIELD", "nk", "OVERFLOW", "FAIL", "INCRBY", "u8", "20", "300"],
    ["STRLEN", "nk"],
    ["BITFIELD", "nk", "SET", "u8", "0", "0", "GET", "u8", "0"],
    ["GET", "nk"],
  ]);

  diffTest(pair, "BITFIELD FAIL replies a null in RESP3", [
    { cmd: ["HELLO", "3"], typeOnly: true },
    ["BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "100", "SET", "u2", "0", "1"],
    ["BITFIELD", "k", "GET", "u2", "0"],
    ["BITCOUNT", "k"],
    ["BITPOS", "k", "1"],
    { cmd: ["HELLO", "2"], typeOnly: true },
  ]);

  // --- other types ----------------------------------------------------------

  const wrong: StepLike[] = [["RPUSH", "list", "a", "b"]];
  wrong.push(
    ["SETBIT", "list", "0", "1"],
    ["SETBIT", "list", "-1", "1"],
    ["SETBIT", "list", "0", "2"],
    ["GETBIT", "list", "0"],
    ["GETBIT", "list", "x"],
    ["BITCOUNT", "list"],
    ["BITCOUNT", "list", "0", "-1"],
    ["BITCOUNT", "list", "x", "y"],
    ["BITCOUNT", "list", "0"],
    ["BITPOS", "list", "1"],
    ["BITPOS", "list", "3"],
    ["BITPOS", "list", "1", "a", "0", "foo"],
    ["BITOP", "AND", "d", "list"],
    ["BITOP", "OR", "list", "missing"],
    ["TYPE", "list"],
    ["RPUSH", "list2", "a"],
    ["BITFIELD", "list2", "GET", "u8", "0"],
    ["BITFIELD", "list2", "SET", "u8", "0", "1"],
    ["BITFIELD", "list2", "GET", "u64", "0"],
    ["BITFIELD", "list2"],
    ["BITFIELD_RO", "list2", "GET", "u8", "0"],
    ["BITFIELD_RO", "list2", "SET", "u8", "0", "1"],
    ["LRANGE", "list2", "0", "-1"],
  );
  diffTest(pair, "WRONGTYPE on a list key", wrong);

  diffTest(pair, "WATCH: only changing writes touch the key; TTLs are kept", [
    ["SETBIT", "k", "7", "1"],
    ["EXPIRE", "k", "1000"],
    ["WATCH", "k"],
    ["SETBIT", "k", "7", "1"],
    ["BITFIELD", "k", "SET", "u8", "0", "1"],
    ["BITFIELD", "k", "GET", "u8", "0"],
    ["BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "255"],
    ["MULTI"],
    ["GETBIT", "k", "7"],
    ["EXEC"],
    ["WATCH", "k"],
    ["SETBIT", "k", "6", "1"],
    ["MULTI"],
    ["GETBIT", "k", "6"],
    ["EXEC"],
    ["WATCH", "k"],
    ["BITFIELD", "k", "INCRBY", "u8", "0", "1"],
    ["MULTI"],
    ["GET", "k"],
    ["EXEC"],
    ["WATCH", "n"],
    ["BITFIELD", "n", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "100"],
    ["MULTI"],
    ["EXISTS", "n"],
    ["EXEC"],
    ["WATCH", "d"],
    ["BITOP", "OR", "d", "k"],
    ["MULTI"],
    ["GET", "d"],
    ["EXEC"],
    { cmd: ["TTL", "k"], tolerance: 2 },
    ["SETBIT", "k", "100", "1"],
    ["BITFIELD", "k", "SET", "u8", "200", "1"],
    ["SETRANGE", "k", "40", "x"],
    { cmd: ["TTL", "k"], tolerance: 2 },
  ]);

  diffTest(pair, "COMMAND INFO and GETKEYS", [
    ["COMMAND", "INFO", "setbit", "getbit", "bitcount", "bitpos", "bitop", "bitfield", "bitfield_ro"],
    ["COMMAND", "GETKEYS", "BITOP", "AND", "d", "a", "b"],
    ["COMMAND", "GETKEYS", "BITFIELD", "k", "GET", "u8", "0"],
    ["COMMAND", "GETKEYS", "BITFIELD_RO", "k", "GET", "u8", "0"],
    ["COMMAND", "GETKEYS", "SETBIT", "k", "0", "1"],
    ["COMMAND", "GETKEYSANDFLAGS", "BITFIELD", "k", "GET", "u8", "0"],
    ["COMMAND", "GETKEYSANDFLAGS", "BITFIELD", "k", "SET", "u8", "0", "1"],
    ["COMMAND", "GETKEYSANDFLAGS", "BITOP", "AND", "d", "a", "b"],
  ]);

  diffTest(pair, "bit commands inside MULTI", [
    ["MULTI"],
    ["SETBIT", "k", "5", "1"],
    ["BITFIELD", "k", "INCRBY", "u4", "4", "3"],
    ["BITCOUNT", "k"],
    ["BITOP", "NOT", "n", "k"],
    ["GET", "n"],
    ["EXEC"],
  ]);
});

// A server with a small proto-max-bulk-len, so the offset limit can be
// reached without allocating 512MB.
describe("bitmaps: proto-max-bulk-len limits", () => {
  const pair = useDiffPair({ "proto-max-bulk-len": "1048576" });
  diffTest(pair, "bit offsets against proto-max-bulk-len", [
    ["SETBIT", "k", "8388608", "1"],
    ["GETBIT", "k", "8388608"],
    ["SETBIT", "k", "8388607", "1"],
    ["STRLEN", "k"],
    ["GETBIT", "k", "8388607"],
    ["BITFIELD", "k", "GET", "u8", "8388608"],
    ["BITFIELD", "k", "GET", "u8", "8388607"],
    ["BITFIELD", "k", "SET", "u8", "8388607", "255"],
    ["STRLEN", "k"],
    ["BITFIELD", "k", "GET", "u16", "8388600"],
    ["BITFIELD", "k", "SET", "u8", "#1048576", "1"],
    ["BITFIELD", "k", "SET", "i64", "#131071", "-1"],
    ["BITFIELD", "k", "SET", "i64", "#131072", "-1"],
    ["STRLEN", "k"],
    ["BITCOUNT", "k"],
    ["BITPOS", "k", "1", "1"],
    ["BITPOS", "k", "0", "-3"],
    ["SETRANGE", "k", "1048576", "x"],
    ["APPEND", "k", "xyz"],
    ["STRLEN", "k"],
  ]);
});

// ---------------------------------------------------------------------------
// What replicas/the AOF receive (a replica's MONITOR on the Redis side, the
// Propagator on redbun's) and the keyspace events, compared with Redis.
// ---------------------------------------------------------------------------

describe("bitmaps: propagation and keyspace events vs redis-server", () => {
  const { propTest } = usePropagationHarness({ events: true });

  propTest("SETBIT: propagated and notified only when the value changes", [
    ["SETBIT", "k", "7", "1"],
    ["SETBIT", "k", "7", "1"],
    ["SETBIT", "k", "7", "0"],
    ["SETBIT", "k", "100", "0"],
    ["SETBIT", "k", "100", "0"],
    ["SETBIT", "k", "-1", "0"],
    ["GETBIT", "k", "7"],
    ["SET", "s", "abc"],
    ["SETBIT", "s", "1", "1"],
    ["SETBIT", "s", "0", "0"],
  ]);

  propTest("BITFIELD: reads are not propagated, unchanged writes neither", [
    ["BITFIELD", "k", "GET", "u8", "0"],
    ["BITFIELD", "k", "SET", "u8", "0", "255"],
    ["BITFIELD", "k", "SET", "u8", "0", "255"],
    ["BITFIELD", "k", "GET", "u8", "0", "GET", "i4", "0"],
    ["BITFIELD", "k", "INCRBY", "u8", "8", "1", "GET", "u8", "8", "INCRBY", "u8", "8", "0"],
    ["BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1"],
    ["BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "1"],
    ["BITFIELD", "k", "SET", "u8", "40", "0"],
    ["BITFIELD", "nk", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "100"],
    ["BITFIELD", "k", "SET", "u8", "0", "x"],
    ["BITFIELD_RO", "k", "GET", "u8", "0"],
    ["BITFIELD", "k", "SET", "i16", "#3", "-2", "SET", "i16", "#3", "-2"],
  ]);

  propTest("BITOP: set, and del when the result is empty", [
    ["SET", "a", "\xff\x00"],
    ["BITOP", "AND", "d", "a", "missing"],
    ["BITOP", "NOT", "d", "a"],
    ["BITOP", "OR", "d", "missing1", "missing2"],
    ["BITOP", "OR", "d", "missing1"],
    ["SET", "e", ""],
    ["BITOP", "XOR", "e2", "e"],
    ["BITOP", "NOT", "d", "a", "a"],
    ["BITCOUNT", "a"],
    ["BITPOS", "a", "0"],
  ]);

  propTest("SETRANGE and APPEND on bitmaps", [
    ["SETBIT", "k", "10", "1"],
    ["SETRANGE", "k", "0", "ab"],
    ["SETRANGE", "k", "5", ""],
    ["APPEND", "k", "cd"],
    ["SETBIT", "k", "0", "1"],
    ["SETRANGE", "n", "3", "x"],
  ]);
});
