// mitata: sorted set commands at 1 000 members vs 1 000 000 members, through
// in-process dispatch (parse → table lookup → handler → reply encoding, no
// sockets). The order-statistic tree (src/store/ztree.ts) makes ZADD, ZRANK
// and a ZRANGE with a small LIMIT O(log N): the target is that the 1M
// cases stay within 3x of the 1K ones. Also prints the heap cost per member
// of a 1M-member sorted set. bench/zsets-load.ts measures the same through
// the server and redis-benchmark, next to redis-server.
//
//   bun bench/zsets.bench.ts

import { heapStats } from "bun:jsc";
import { bench, do_not_optimize, group, run, summary } from "mitata";
import { Client } from "../src/client.ts";
import { Config } from "../src/config.ts";
import { Server } from "../src/server.ts";
import { ZSet } from "../src/store/zset.ts";

const frame = (...args: string[]) => `*${args.length}\r\n` + args.map((a) => `$${a.length}\r\n${a}\r\n`).join("");

const config = new Config();
config.set("save", "", true);
const server = new Server(config);
server.log.sink = null;
const client = new Client(1, server, null, "127.0.0.1:1", "127.0.0.1:6379");
const db = server.dbs[0]!;

const SIZES = [1_000, 1_000_000];
/** Commands per iteration (pipelined in one buffer). */
const BATCH = 1000;
/**
 * Distinct buffers cycled through: ZADD then really changes scores, and the
 * lookups visit 256K different search paths rather than the same 1000
 * (which would sit in the CPU caches and hide the cost of a big set; with
 * 32K paths, a 1M-member ZADD measured twice as fast as with 256K).
 */
const VARIANTS = 256;

const member = (i: number) => `member:${i}`;
/**
 * A flat string, as the request parser makes them (a template literal makes
 * a rope, which the engine flattens on first read, costing time and memory).
 */
const flat = (s: string) => Buffer.from(s, "latin1").toString("latin1");

function build(key: string, n: number): ZSet {
  const z = new ZSet();
  for (let i = 0; i < n; i++) z.add(Math.random() * n, flat(member(i)), 0, server.limits);
  db.set(key, z);
  return z;
}

function frames(make: () => string[]): Buffer {
  let s = "";
  for (let i = 0; i < BATCH; i++) s += frame(...make());
  return Buffer.from(s, "latin1");
}

function variants(make: () => string[]): Buffer[] {
  return Array.from({ length: VARIANTS }, () => frames(make));
}

function dispatch(buf: Buffer): void {
  client.parser.feed(buf);
  server.processInput(client);
}

/** Heap bytes per member of a freshly built n-member sorted set. */
function bytesPerMember(n: number): number {
  Bun.gc(true);
  const before = heapStats().heapSize;
  const z = build("mem", n);
  Bun.gc(true);
  const after = heapStats().heapSize;
  do_not_optimize(z);
  db.delete("mem");
  return (after - before) / n;
}

const perMember = bytesPerMember(1_000_000);
console.log(`heap per member, 1M-member zset ("member:<i>" members, random double scores): ${perMember.toFixed(1)} bytes`);

for (const n of SIZES) build(`z${n}`, n);

group(`ZADD (update a random member's score), ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      const bufs = variants(() => ["ZADD", `z${n}`, String(Math.random() * n), member(Math.floor(Math.random() * n))]);
      let k = 0;
      bench(`${n} members`, () => dispatch(bufs[k++ % VARIANTS]!));
    }
  });
});

group(`ZADD of a new member + ZREM of it, ${BATCH} pairs per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      let s = "";
      for (let i = 0; i < BATCH; i++) {
        const m = `new:${i}`;
        s += frame("ZADD", `z${n}`, String(Math.random() * n), m) + frame("ZREM", `z${n}`, m);
      }
      const buf = Buffer.from(s, "latin1");
      bench(`${n} members`, () => dispatch(buf));
    }
  });
});

group(`ZRANK of a random member, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      const bufs = variants(() => ["ZRANK", `z${n}`, member(Math.floor(Math.random() * n))]);
      let k = 0;
      bench(`${n} members`, () => dispatch(bufs[k++ % VARIANTS]!));
    }
  });
});

group(`ZRANGE min +inf BYSCORE LIMIT 0 10 WITHSCORES, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      const bufs = variants(() => ["ZRANGE", `z${n}`, String(Math.random() * n), "+inf", "BYSCORE", "LIMIT", "0", "10", "WITHSCORES"]);
      let k = 0;
      bench(`${n} members`, () => dispatch(bufs[k++ % VARIANTS]!));
    }
  });
});

group(`ZRANGE start start+9 (by rank), ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      const bufs = variants(() => {
        const start = Math.floor(Math.random() * (n - 10));
        return ["ZRANGE", `z${n}`, String(start), String(start + 9)];
      });
      let k = 0;
      bench(`${n} members`, () => dispatch(bufs[k++ % VARIANTS]!));
    }
  });
});

await run();
