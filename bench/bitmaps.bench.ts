// mitata: bitmap commands through in-process dispatch (parse → table lookup
// → handler → reply encoding, no sockets), on a 1 MB bitmap, plus the
// in-place writes (SETBIT, BITFIELD, SETRANGE) at 1 KB, 1 MB and 64 MB: they
// write into the value's byte buffer, so their cost must not grow with the
// size of the value (a copy per call would make the 64 MB case ~64 000x the
// 1 KB one).
//
//   bun bench/bitmaps.bench.ts

import { bench, group, run, summary } from "mitata";
import { Client } from "../src/client.ts";
import { Config } from "../src/config.ts";
import { Server } from "../src/server.ts";

const frame = (...args: string[]) => `*${args.length}\r\n` + args.map((a) => `$${a.length}\r\n${a}\r\n`).join("");

const config = new Config();
config.set("save", "", true);
const server = new Server(config);
server.log.sink = null;
const client = new Client(1, server, null, "127.0.0.1:1", "127.0.0.1:6379");

/** Commands per iteration (pipelined in one buffer). */
const BATCH = 1000;
const KB = 1024;
const MB = 1024 * 1024;
const SIZES: [string, number][] = [
  ["1KB", KB],
  ["1MB", MB],
  ["64MB", 64 * MB],
];

function dispatch(buf: Buffer): void {
  client.parser.feed(buf);
  server.processInput(client);
}

function frames(n: number, make: (i: number) => string[]): Buffer {
  let s = "";
  for (let i = 0; i < n; i++) s += frame(...make(i));
  return Buffer.from(s, "latin1");
}

/** Deterministic pseudo-random integers below n. */
let seed = 12345;
function rnd(n: number): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return Math.floor((seed / 4294967296) * n);
}

// The bitmaps: created by SETBIT at their last bit, then filled with random
// bytes by SETRANGE in 64 KB chunks.
const CHUNK = 64 * KB;
const chunk = Buffer.alloc(CHUNK);
for (let i = 0; i < CHUNK; i++) chunk[i] = rnd(256);
const chunkStr = chunk.toString("latin1");
for (const [name, bytes] of SIZES) {
  const key = `bm:${name}`;
  dispatch(frames(1, () => ["SETBIT", key, String(bytes * 8 - 1), "1"]));
  for (let off = 0; off + CHUNK <= bytes; off += CHUNK) dispatch(frames(1, () => ["SETRANGE", key, String(off), chunkStr]));
}

group(`SETBIT at random offsets, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const [name, bytes] of SIZES) {
      const buf = frames(BATCH, () => ["SETBIT", `bm:${name}`, String(rnd(bytes * 8)), String(rnd(2))]);
      bench(`${name} bitmap`, () => dispatch(buf));
    }
  });
});

group(`BITFIELD INCRBY u16 at random offsets, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const [name, bytes] of SIZES) {
      const buf = frames(BATCH, () => ["BITFIELD", `bm:${name}`, "INCRBY", "u16", String(rnd(bytes * 8 - 16)), "7"]);
      bench(`${name} bitmap`, () => dispatch(buf));
    }
  });
});

group(`BITFIELD SET i64 + GET i64 at random offsets, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const [name, bytes] of SIZES) {
      const buf = frames(BATCH, () => {
        const off = String(rnd(bytes * 8 - 64));
        return ["BITFIELD", `bm:${name}`, "SET", "i64", off, "-1234567890123456789", "GET", "i64", off];
      });
      bench(`${name} bitmap`, () => dispatch(buf));
    }
  });
});

group(`SETRANGE of 8 bytes at random offsets, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const [name, bytes] of SIZES) {
      const buf = frames(BATCH, () => ["SETRANGE", `bm:${name}`, String(rnd(bytes - 8)), "abcdefgh"]);
      bench(`${name} bitmap`, () => dispatch(buf));
    }
  });
});

group(`GETBIT at random offsets, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const [name, bytes] of SIZES) {
      const buf = frames(BATCH, () => ["GETBIT", `bm:${name}`, String(rnd(bytes * 8))]);
      bench(`${name} bitmap`, () => dispatch(buf));
    }
  });
});

group("BITCOUNT / BITPOS on the 1 MB bitmap, 10 commands per iteration", () => {
  const key = "bm:1MB";
  // A plain (SET) string: scanned from a copy of the JS string's bytes.
  const value = Buffer.alloc(MB, 0x11).toString("latin1");
  dispatch(frames(1, () => ["SET", "plain", value]));
  const whole = frames(10, () => ["BITCOUNT", key]);
  const bitRange = frames(10, () => ["BITCOUNT", key, "13", String(MB * 8 - 13), "BIT"]);
  const plain = frames(10, () => ["BITCOUNT", "plain"]);
  const pos = frames(10, () => ["BITPOS", key, "0"]);
  dispatch(frames(1, () => ["SETBIT", "zeros", String(MB * 8 - 1), "1"]));
  const posFar = frames(10, () => ["BITPOS", "zeros", "1"]);
  bench("BITCOUNT key (1 MB)", () => dispatch(whole));
  bench("BITCOUNT key 13 <end-13> BIT (1 MB)", () => dispatch(bitRange));
  bench("BITCOUNT of a plain 1 MB SET string", () => dispatch(plain));
  bench("BITPOS key 0 (first zero near the start)", () => dispatch(pos));
  bench("BITPOS key 1 (only set bit is the last, 1 MB scan)", () => dispatch(posFar));
});

group("BITOP on two 1 MB bitmaps, 10 commands per iteration", () => {
  dispatch(frames(1, () => ["BITOP", "NOT", "bm:other", "bm:1MB"]));
  const and = frames(10, () => ["BITOP", "AND", "dest", "bm:1MB", "bm:other"]);
  const not = frames(10, () => ["BITOP", "NOT", "dest", "bm:1MB"]);
  bench("BITOP AND dest a b", () => dispatch(and));
  bench("BITOP NOT dest a", () => dispatch(not));
});

await run();
