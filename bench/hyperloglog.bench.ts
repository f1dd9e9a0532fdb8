// mitata: HyperLogLog commands through in-process dispatch (parse → table
// lookup → handler → reply encoding, no sockets).
//
//   - PFADD into a dense HLL (hash + register update in the value's bytes,
//     edited in place) and into sparse HLLs (run-length opcodes edited in a
//     work buffer, stored back once per command);
//   - PFCOUNT from the cached cardinality, recomputed on dense and sparse
//     HLLs, and the union of several keys;
//   - PFMERGE of a sparse and a dense HLL.
//
// Before the benchmarks, one timed run adds 1M distinct elements to one key
// (1000 per PFADD), the figure to compare with redis-server (~0.3 s through
// a socket on the reference machine).
//
//   bun bench/hyperloglog.bench.ts

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

function dispatch(buf: Buffer): void {
  client.parser.feed(buf);
  server.processInput(client);
}

function frames(n: number, make: (i: number) => string[]): Buffer {
  let s = "";
  for (let i = 0; i < n; i++) s += frame(...make(i));
  return Buffer.from(s, "latin1");
}

function elements(prefix: string, from: number, n: number): string[] {
  const out: string[] = [];
  for (let i = from; i < from + n; i++) out.push(prefix + i);
  return out;
}

// --- one timed run: 1M elements --------------------------------------------

{
  const cmds: Buffer[] = [];
  for (let i = 0; i < 1_000_000; i += 1000) cmds.push(frames(1, () => ["PFADD", "million", ...elements("element:", i, 1000)]));
  const t0 = performance.now();
  for (const b of cmds) dispatch(b);
  const ms = performance.now() - t0;
  dispatch(frames(1, () => ["PFCOUNT", "million"]));
  console.log(`PFADD of 1M distinct elements (1000 per command): ${ms.toFixed(0)} ms`);
}

// --- fixtures ------------------------------------------------------------------

dispatch(frames(1, () => ["PFADD", "dense", ...elements("d", 0, 50_000)]));
dispatch(frames(1, () => ["PFADD", "sparse", ...elements("s", 0, 500)]));
dispatch(frames(1, () => ["PFADD", "sparse2", ...elements("t", 0, 800)]));

/** Commands per iteration (pipelined in one buffer). */
const BATCH = 100;

group(`PFADD, ${BATCH} commands of 10 elements per iteration`, () => {
  summary(() => {
    // 50k elements already counted: new elements rarely raise a register,
    // so this is mostly hashing and reading registers, as for known ones.
    const fresh = frames(BATCH, (i) => ["PFADD", "dense", ...elements("n", i * 10, 10)]);
    bench("dense, elements not in the fixture", () => dispatch(fresh));
    const known = frames(BATCH, (i) => ["PFADD", "dense", ...elements("d", i * 10, 10)]);
    bench("dense, elements already counted", () => dispatch(known));
    const sparseKnown = frames(BATCH, (i) => ["PFADD", "sparse", ...elements("s", (i * 10) % 500, 10)]);
    bench("sparse (500 elements), elements already counted", () => dispatch(sparseKnown));
  });
});

group("PFADD building a sparse HLL from scratch: DEL + PFADD of N elements, 10 per iteration", () => {
  summary(() => {
    for (const n of [100, 1000]) {
      const buf = frames(10, (i) => (i % 2 === 0 ? ["DEL", "fresh"] : ["PFADD", "fresh", ...elements("f", 0, n)]));
      bench(`${n} elements`, () => dispatch(buf));
    }
  });
});

group(`PFCOUNT, ${BATCH} commands per iteration`, () => {
  summary(() => {
    const cached = frames(BATCH, () => ["PFCOUNT", "dense"]);
    dispatch(cached);
    bench("dense, cached cardinality", () => dispatch(cached));
    // SETRANGE of the cached cardinality's top byte invalidates the cache, so
    // each PFCOUNT recomputes (histogram of the registers + estimator).
    const invalidateAndCount = (key: string) => {
      let s = "";
      for (let i = 0; i < BATCH; i++) s += frame("SETRANGE", key, "15", "\x80") + frame("PFCOUNT", key);
      return Buffer.from(s, "latin1");
    };
    const denseRecount = invalidateAndCount("dense");
    bench("dense, recomputed (SETRANGE invalidating the cache + PFCOUNT)", () => dispatch(denseRecount));
    const sparseRecount = invalidateAndCount("sparse");
    bench("sparse (500 elements), recomputed (SETRANGE + PFCOUNT)", () => dispatch(sparseRecount));
    const union = frames(BATCH, () => ["PFCOUNT", "sparse", "sparse2", "dense"]);
    bench("union of 2 sparse + 1 dense", () => dispatch(union));
  });
});

group(`PFMERGE, ${BATCH / 10} commands per iteration`, () => {
  summary(() => {
    const sparseOnly = frames(BATCH / 10, () => ["PFMERGE", "dst1", "sparse", "sparse2"]);
    bench("2 sparse into a sparse destination", () => dispatch(sparseOnly));
    const withDense = frames(BATCH / 10, () => ["PFMERGE", "dst2", "sparse", "dense"]);
    bench("sparse + dense into a dense destination", () => dispatch(withDense));
  });
});

await run();
