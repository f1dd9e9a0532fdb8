// mitata: hash and set commands on a 5-element value (the typical small
// object, kept packed: store/packed.ts), a 1 000-element one (listpack /
// intset sized in Redis's terms, a Map/Set here) and a 1 000 000-element one,
// through in-process dispatch (parse → table lookup → handler → reply
// encoding, no sockets); then on 100 000 keys of 5 fields each, a random key
// per command (the many-small-objects workload). Before the benches it
// prints the heap cost per element of 1M-element hashes and sets, with and
// without the random-pick index that HRANDFIELD / SPOP / SRANDMEMBER build on
// large values.
//
//   bun bench/hashes-sets.bench.ts            # memory figures + benches
//   bun bench/hashes-sets.bench.ts --memory   # memory figures only

import { heapStats } from "bun:jsc";
import { bench, do_not_optimize, group, run, summary } from "mitata";
import { Client } from "../src/client.ts";
import { Config } from "../src/config.ts";
import { Server } from "../src/server.ts";
import { Hash } from "../src/store/hash.ts";
import { RSet } from "../src/store/set.ts";

const frame = (...args: string[]) => `*${args.length}\r\n` + args.map((a) => `$${a.length}\r\n${a}\r\n`).join("");

const config = new Config();
config.set("save", "", true);
const server = new Server(config);
server.log.sink = null;
const client = new Client(1, server, null, "127.0.0.1:1", "127.0.0.1:6379");
const db = server.dbs[0]!;
const limits = server.limits;

const SIZES = [5, 1_000, 1_000_000];
/** Keys of the many-small-objects benches. */
const SMALL_KEYS = 100_000;
/** Commands per iteration (pipelined in one buffer). */
const BATCH = 1000;

// Strings made the way the request parser makes them (flat latin1 slices),
// not JS ropes, so the memory figures are those of a real server.
const scratch = Buffer.alloc(64);
function flat(s: string): string {
  const n = scratch.write(s, 0, "latin1");
  return scratch.toString("latin1", 0, n);
}

function buildHash(key: string, n: number, value: (i: number) => string): Hash {
  const h = new Hash();
  for (let i = 0; i < n; i++) h.set(flat(`field:${i}`), flat(value(i)), limits);
  db.set(key, h);
  return h;
}

function buildSet(key: string, n: number, member: (i: number) => string): RSet {
  const s = new RSet();
  for (let i = 0; i < n; i++) s.add(flat(member(i)), limits);
  db.set(key, s);
  return s;
}

function heap(): number {
  for (let i = 0; i < 3; i++) Bun.gc(true);
  const h = heapStats();
  return h.heapSize + h.extraMemorySize;
}

/** Heap bytes per element of a freshly built value, then after its first random pick. */
function measure(label: string, n: number, build: () => Hash | RSet): void {
  const before = heap();
  const v = build();
  const built = heap();
  if (v instanceof Hash) v.randomField();
  else v.random();
  const indexed = heap();
  do_not_optimize(v);
  db.delete("mem");
  console.log(
    `${label.padEnd(58)} ${((built - before) / n).toFixed(1).padStart(6)} B/element` +
      `   + random index ${((indexed - built) / n).toFixed(1).padStart(5)} B/element`,
  );
}

const M = 1_000_000;
console.log(`heap per element at ${M} elements (all strings included; JSC heap + string storage):`);
measure(`hash "field:<i>" → "value:<i>"`, M, () => buildHash("mem", M, (i) => `value:${i}`));
measure(`hash "field:<i>" → <i> (integer values)`, M, () => buildHash("mem", M, (i) => String(i)));
measure(`set "member:<i>"`, M, () => buildSet("mem", M, (i) => `member:${i}`));
measure(`set of integers <i * 7919>`, M, () => buildSet("mem", M, (i) => String(i * 7919)));

if (process.argv.includes("--memory")) process.exit(0);

for (const n of SIZES) {
  buildHash(`h${n}`, n, (i) => `value:${i}`);
  buildSet(`s${n}`, n, (i) => `member:${i}`);
  buildSet(`i${n}`, n, (i) => String(i));
}

for (let k = 0; k < SMALL_KEYS; k++) {
  buildHash(`user:${k}`, 5, (i) => `value:${i}`);
  buildSet(`tags:${k}`, 5, (i) => `member:${i}`);
}

function frames(make: () => string[]): Buffer {
  let s = "";
  for (let i = 0; i < BATCH; i++) s += frame(...make());
  return Buffer.from(s, "latin1");
}

function dispatch(buf: Buffer): void {
  client.parser.feed(buf);
  server.processInput(client);
}

const rnd = (n: number) => Math.floor(Math.random() * n);

group(`HSET of an existing field, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      const buf = frames(() => ["HSET", `h${n}`, `field:${rnd(n)}`, `value:${rnd(n)}`]);
      bench(`${n} fields`, () => dispatch(buf));
    }
  });
});

group(`HSET of a new field + HDEL of it, ${BATCH} pairs per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      let s = "";
      for (let i = 0; i < BATCH; i++) s += frame("HSET", `h${n}`, `new:${i}`, "x") + frame("HDEL", `h${n}`, `new:${i}`);
      const buf = Buffer.from(s, "latin1");
      bench(`${n} fields`, () => dispatch(buf));
    }
  });
});

group(`HGET of a random field, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      const buf = frames(() => ["HGET", `h${n}`, `field:${rnd(n)}`]);
      bench(`${n} fields`, () => dispatch(buf));
    }
  });
});

group(`HRANDFIELD, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      const buf = frames(() => ["HRANDFIELD", `h${n}`]);
      bench(`${n} fields`, () => dispatch(buf));
    }
  });
});

group(`SADD of an existing member, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      const buf = frames(() => ["SADD", `s${n}`, `member:${rnd(n)}`]);
      bench(`${n} members`, () => dispatch(buf));
    }
  });
});

group(`SADD of a new member + SREM of it, ${BATCH} pairs per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      let s = "";
      for (let i = 0; i < BATCH; i++) s += frame("SADD", `s${n}`, `new:${i}`) + frame("SREM", `s${n}`, `new:${i}`);
      const buf = Buffer.from(s, "latin1");
      bench(`${n} members`, () => dispatch(buf));
    }
  });
});

group(`SISMEMBER of a random member (half of them absent), ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      const buf = frames(() => ["SISMEMBER", `s${n}`, `member:${rnd(2 * n)}`]);
      bench(`${n} members`, () => dispatch(buf));
    }
  });
});

group(`SISMEMBER on an integer set, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      const buf = frames(() => ["SISMEMBER", `i${n}`, String(rnd(2 * n))]);
      bench(`${n} members`, () => dispatch(buf));
    }
  });
});

group(`SRANDMEMBER, ${BATCH} commands per iteration`, () => {
  summary(() => {
    for (const n of SIZES) {
      const buf = frames(() => ["SRANDMEMBER", `s${n}`]);
      bench(`${n} members`, () => dispatch(buf));
    }
  });
});

group(`${SMALL_KEYS} hashes of 5 fields, a random key per command, ${BATCH} commands per iteration`, () => {
  summary(() => {
    const hget = frames(() => ["HGET", `user:${rnd(SMALL_KEYS)}`, `field:${rnd(5)}`]);
    bench("HGET", () => dispatch(hget));
    const hset = frames(() => ["HSET", `user:${rnd(SMALL_KEYS)}`, `field:${rnd(5)}`, `value:${rnd(1000)}`]);
    bench("HSET (existing field)", () => dispatch(hset));
    const hgetall = frames(() => ["HGETALL", `user:${rnd(SMALL_KEYS)}`]);
    bench("HGETALL", () => dispatch(hgetall));
  });
});

group(`${SMALL_KEYS} sets of 5 members, a random key per command, ${BATCH} commands per iteration`, () => {
  summary(() => {
    const sism = frames(() => ["SISMEMBER", `tags:${rnd(SMALL_KEYS)}`, `member:${rnd(10)}`]);
    bench("SISMEMBER (half absent)", () => dispatch(sism));
    const sadd = frames(() => ["SADD", `tags:${rnd(SMALL_KEYS)}`, `member:${rnd(5)}`]);
    bench("SADD (existing member)", () => dispatch(sadd));
    const smembers = frames(() => ["SMEMBERS", `tags:${rnd(SMALL_KEYS)}`]);
    bench("SMEMBERS", () => dispatch(smembers));
  });
});

await run();
