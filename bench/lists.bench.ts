// mitata: list end operations on the data structure (src/store/list.ts) at
// 100 elements vs 1 000 000 elements. Each iteration does BATCH operation
// pairs that leave the length unchanged (push then pop), so the list stays at
// its size. The target: the 1M cases within 20% of the 100 ones
// (push/pop at either end is O(1) whatever the length). The ratios are
// printed after mitata's report.
//
//   bun bench/lists.bench.ts

import { bench, do_not_optimize, group, run } from "mitata";
import { ListValue } from "../src/store/list.ts";

const SIZES = [100, 1_000_000];
/** Operation pairs per iteration. */
const BATCH = 1000;

// Distinct element strings, made once (the benchmark measures the list, not string creation).
const values = Array.from({ length: BATCH }, (_, i) => `element:${i}`);

function build(n: number): ListValue {
  const l = new ListValue();
  for (let i = 0; i < n; i++) l.pushRight(`element:${i}`);
  return l;
}

const lists = new Map(SIZES.map((n) => [n, build(n)]));

for (const n of SIZES) {
  const l = lists.get(n)!;
  group(`${n} elements`, () => {
    bench(`LPUSH+LPOP x${BATCH} @${n}`, () => {
      for (let i = 0; i < BATCH; i++) {
        l.pushLeft(values[i]!);
        do_not_optimize(l.popLeft());
      }
    });
    bench(`RPUSH+RPOP x${BATCH} @${n}`, () => {
      for (let i = 0; i < BATCH; i++) {
        l.pushRight(values[i]!);
        do_not_optimize(l.popRight());
      }
    });
    // A queue: LPUSH at the head, RPOP at the tail (the list rotates through its chunks).
    bench(`LPUSH+RPOP x${BATCH} @${n}`, () => {
      for (let i = 0; i < BATCH; i++) {
        l.pushLeft(values[i]!);
        do_not_optimize(l.popRight());
      }
    });
    bench(`RPUSH+LPOP x${BATCH} @${n}`, () => {
      for (let i = 0; i < BATCH; i++) {
        l.pushRight(values[i]!);
        do_not_optimize(l.popLeft());
      }
    });
  });
}

const { benchmarks } = await run();

// 1M vs 100: average time per iteration, per operation pair.
const avg = new Map<string, number>();
for (const b of benchmarks) {
  const s = b.runs[0]?.stats;
  if (s) avg.set(b.alias, s.p50);
}
console.log("\n1M elements vs 100 elements (median time per batch; target <= 1.20x):");
for (const op of ["LPUSH+LPOP", "RPUSH+RPOP", "LPUSH+RPOP", "RPUSH+LPOP"]) {
  const small = avg.get(`${op} x${BATCH} @${SIZES[0]}`);
  const big = avg.get(`${op} x${BATCH} @${SIZES[1]}`);
  if (small === undefined || big === undefined) continue;
  const opsPerSec = (ns: number) => ((2 * BATCH * 1e9) / ns / 1e6).toFixed(1) + "M ops/s";
  console.log(`  ${op.padEnd(11)} ${opsPerSec(small)} @100, ${opsPerSec(big)} @1M: ${(big / small).toFixed(2)}x`);
}
for (const l of lists.values()) do_not_optimize(l.length);
